package store

// porterStem is the Porter stemmer exactly as SQLite's FTS5 porter
// tokenizer applies it (ext/fts5/fts5_tokenize.c): the original 1980
// algorithm with the later additions of Porter's own C version (bli → ble,
// logi → log), on a word already folded to lower case without
// diacritics. Words shorter than three bytes or longer than 64 are left
// as they are. It lets the highlighter see the words the index sees; a
// test holds it to FTS5's output over the demo's vocabulary.
func porterStem(word string) string {
	return string(porterStemBytes(make([]byte, 0, len(word)+1), []byte(word)))
}

// porterStemBytes is porterStem writing the stem into buf (which it may
// grow) rather than allocating, for the highlighter's inner loop.
func porterStemBytes(buf, word []byte) []byte {
	b := append(buf[:0], word...)
	if len(b) < 3 || len(b) > 64 {
		return b
	}
	b = porterStep1A(b)
	if nb, ok := porterStep1B(b); ok {
		b = nb
		if nb, ok := porterStep1B2(b); ok {
			b = nb
		} else if c := b[len(b)-1]; !porterVowel(c, false) && c != 'l' && c != 's' && c != 'z' && len(b) > 1 && c == b[len(b)-2] {
			b = b[:len(b)-1]
		} else if porterMEq1(b) && porterOStar(b) {
			b = append(b, 'e')
		}
	} else {
		b = nb
	}
	// Step 1c.
	if b[len(b)-1] == 'y' && porterHasVowel(b[:len(b)-1]) {
		b[len(b)-1] = 'i'
	}
	b = porterStep(b, &porterStep2Rules, porterMGt0)
	b = porterStep(b, &porterStep3Rules, porterMGt0)
	b = porterStep4(b)
	// Step 5a.
	if b[len(b)-1] == 'e' {
		stem := b[:len(b)-1]
		if porterMGt1(stem) || (porterMEq1(stem) && !porterOStar(stem)) {
			b = stem
		}
	}
	// Step 5b.
	if len(b) > 1 && b[len(b)-1] == 'l' && b[len(b)-2] == 'l' && porterMGt1(b[:len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func porterVowel(c byte, yIsVowel bool) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || (yIsVowel && c == 'y')
}

// porterGobbleVC skips one vowels-then-consonants sequence ([C]VC) and
// returns how far it read, or 0 when there is none.
func porterGobbleVC(s []byte, prevCons bool) int {
	cons := prevCons
	i := 0
	for ; i < len(s); i++ {
		if cons = !porterVowel(s[i], cons); !cons {
			break
		}
	}
	for i++; i < len(s); i++ {
		if cons = !porterVowel(s[i], cons); cons {
			return i + 1
		}
	}
	return 0
}

// The conditions of the rules: m is the number of VC sequences of a stem.
func porterMGt0(s []byte) bool { return porterGobbleVC(s, false) > 0 }

func porterMGt1(s []byte) bool {
	n := porterGobbleVC(s, false)
	return n > 0 && porterGobbleVC(s[n:], true) > 0
}

func porterMEq1(s []byte) bool {
	n := porterGobbleVC(s, false)
	return n > 0 && porterGobbleVC(s[n:], true) == 0
}

// porterOStar is *o: the stem ends consonant-vowel-consonant, the last
// consonant not w, x or y.
func porterOStar(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	if c := s[len(s)-1]; c == 'w' || c == 'x' || c == 'y' {
		return false
	}
	mask, cons := 0, false
	for _, c := range s {
		cons = !porterVowel(c, cons)
		mask <<= 1
		if cons {
			mask++
		}
	}
	return mask&7 == 5
}

// porterHasVowel is *v*.
func porterHasVowel(s []byte) bool {
	for i, c := range s {
		if porterVowel(c, i > 0) {
			return true
		}
	}
	return false
}

func hasSuffix(b []byte, suffix string) bool {
	return len(b) > len(suffix) && string(b[len(b)-len(suffix):]) == suffix
}

func porterStep1A(b []byte) []byte {
	n := len(b)
	if b[n-1] != 's' {
		return b
	}
	switch {
	case b[n-2] == 'e':
		if (n > 4 && b[n-4] == 's' && b[n-3] == 's') || (n > 3 && b[n-3] == 'i') {
			return b[:n-2]
		}
		return b[:n-1]
	case b[n-2] != 's':
		return b[:n-1]
	}
	return b
}

// porterStep1B removes -eed (to -ee), -ed and -ing, and reports whether
// it removed -ed or -ing, after which step 1b goes on.
func porterStep1B(b []byte) ([]byte, bool) {
	n := len(b)
	switch b[n-2] {
	case 'e':
		if hasSuffix(b, "eed") {
			if porterMGt0(b[:n-3]) {
				return b[:n-1], false
			}
		} else if hasSuffix(b, "ed") && porterHasVowel(b[:n-2]) {
			return b[:n-2], true
		}
	case 'n':
		if hasSuffix(b, "ing") && porterHasVowel(b[:n-3]) {
			return b[:n-3], true
		}
	}
	return b, false
}

func porterStep1B2(b []byte) ([]byte, bool) {
	for _, s := range []string{"at", "bl", "iz"} {
		if hasSuffix(b, s) {
			return append(b, 'e'), true
		}
	}
	return b, false
}

type porterRule struct{ suffix, replace string }

// The rules of steps 2 and 3, grouped by the suffix's last but one letter
// and, within a group, tried in order: the first suffix that fits is the
// only one tried, whether its condition holds or not.
var (
	porterStep2Rules = [256][]porterRule{
		'a': {{"ational", "ate"}, {"tional", "tion"}},
		'c': {{"enci", "ence"}, {"anci", "ance"}},
		'e': {{"izer", "ize"}},
		'g': {{"logi", "log"}},
		'l': {{"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"}},
		'o': {{"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}},
		's': {{"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"}},
		't': {{"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}},
	}
	porterStep3Rules = [256][]porterRule{
		'a': {{"ical", "ic"}},
		's': {{"ness", ""}},
		't': {{"icate", "ic"}, {"iciti", "ic"}},
		'u': {{"ful", ""}},
		'v': {{"ative", ""}},
		'z': {{"alize", "al"}},
	}
	porterStep4Rules = [256][]string{
		'a': {"al"},
		'c': {"ance", "ence"},
		'e': {"er"},
		'i': {"ic"},
		'l': {"able", "ible"},
		'n': {"ant", "ement", "ment", "ent"},
		'o': {"ion", "ou"},
		's': {"ism"},
		't': {"ate", "iti"},
		'u': {"ous"},
		'v': {"ive"},
		'z': {"ize"},
	}
)

func porterStep(b []byte, rules *[256][]porterRule, cond func([]byte) bool) []byte {
	if len(b) < 2 {
		return b
	}
	for _, r := range rules[b[len(b)-2]] {
		if hasSuffix(b, r.suffix) {
			stem := b[:len(b)-len(r.suffix)]
			if cond(stem) {
				return append(stem, r.replace...)
			}
			return b
		}
	}
	return b
}

func porterStep4(b []byte) []byte {
	if len(b) < 2 {
		return b
	}
	for _, s := range porterStep4Rules[b[len(b)-2]] {
		if hasSuffix(b, s) {
			stem := b[:len(b)-len(s)]
			ok := porterMGt1(stem)
			if s == "ion" {
				last := stem[len(stem)-1]
				ok = ok && (last == 's' || last == 't')
			}
			if ok {
				return stem
			}
			return b
		}
	}
	return b
}
