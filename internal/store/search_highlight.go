package store

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pressroomhq/pressroom/internal/press"
)

// highlight marks, in text, the matches of the phrases e looks for (not
// its exclusions), between snippetOpen and snippetClose, reading words as
// the engines' tokenizers do: runs of letters and digits, in lower case,
// without diacritics, stemmed when stem is set (Porter, as FTS5 stems). A
// phrase is marked from its first word to its last, a prefix matches the
// words whose stems begin with its stem. It returns the text marked up to
// a little after its third match (which is plenty for a snippet and spares
// reading the rest), and whether it stopped before the end.
//
// The engines can mark matches themselves (FTS5's highlight, PostgreSQL's
// ts_headline), but both read the whole text again to do it, which costs
// more than the rest of a search: about 175 µs an article in FTS5 as
// modernc runs it, 850 µs in ts_headline, against a few tens here. Where
// the engine matched a word by a rule this misses (PostgreSQL's stemmer
// differs from Porter's in places), the snippet is the same passage
// without that mark.
func highlight(text string, e *press.SearchExpr, stem bool) (string, bool) {
	var scratch []byte
	norm := func(w []byte) []byte {
		if stem {
			scratch = porterStemBytes(scratch, w)
			return scratch
		}
		return w
	}
	type term struct {
		stem   string
		prefix bool
	}
	var phrases [][]term
	var heads []string // the first two bytes of every term's stem
	for _, g := range e.Groups {
		for _, p := range g {
			var ph []term
			for i, w := range p.Words {
				for _, f := range searchTokens(w, nil) {
					ph = append(ph, term{stem: string(norm([]byte(f.folded))), prefix: p.Prefix && i == len(p.Words)-1})
				}
			}
			if len(ph) == 0 {
				continue
			}
			for _, t := range ph {
				if h := t.stem[:min(2, len(t.stem))]; !slices.Contains(heads, h) {
					heads = append(heads, h)
				}
			}
			phrases = append(phrases, ph)
		}
	}
	if len(phrases) == 0 {
		return text, false
	}
	var first [256]bool
	longest := 0
	for _, ph := range phrases {
		longest = max(longest, len(ph))
	}
	for _, h := range heads {
		first[h[0]] = true
	}
	matchesAny := func(s []byte) bool {
		for _, ph := range phrases {
			for _, t := range ph {
				if (t.prefix && bytes.HasPrefix(s, []byte(t.stem))) || (!t.prefix && string(s) == t.stem) {
					return true
				}
			}
		}
		return false
	}
	// The last words read, in a ring, for phrases to end at the newest.
	type seen struct {
		start, end int
		stem       string // "" for a word that cannot match
	}
	ring := make([]seen, longest)
	var spans [][2]int // byte ranges to mark, in order, not overlapping
	n := 0
	full := len(text)
	cut, after := len(text), -1 // words read since the third match
	scanTokens(text, func(c byte) bool { return first[c] }, func(start, end int, folded []byte) bool {
		if after >= 0 {
			if after++; after > 2*snippetWords {
				cut = start
				return false
			}
		}
		w := seen{start: start, end: end}
		// Stemming changes only the end of a word: one that does not
		// start as some term's stem does cannot match, and is not
		// even spelt out; one whose stem is no term's is kept as "".
		for _, h := range heads {
			if len(folded) > 0 && bytes.HasPrefix(folded, []byte(h)) {
				if s := norm(folded); matchesAny(s) {
					w.stem = string(s)
				}
				break
			}
		}
		ring[n%longest] = w
		n++
		from := -1
		for _, ph := range phrases {
			if len(ph) > n {
				continue
			}
			ok := true
			for j, t := range ph {
				s := ring[(n-len(ph)+j)%longest].stem
				if s == "" || (t.prefix && !strings.HasPrefix(s, t.stem)) || (!t.prefix && s != t.stem) {
					ok = false
					break
				}
			}
			if ok {
				if s := ring[(n-len(ph))%longest].start; from < 0 || s < from {
					from = s
				}
			}
		}
		if from < 0 {
			return true
		}
		span := [2]int{from, end}
		for len(spans) > 0 && span[0] <= spans[len(spans)-1][1] {
			span[0] = min(span[0], spans[len(spans)-1][0])
			spans = spans[:len(spans)-1]
		}
		spans = append(spans, span)
		if len(spans) == 3 && after < 0 {
			after = 0
		}
		return true
	})
	text = strings.TrimRight(text[:cut], " ")
	var b strings.Builder
	b.Grow(len(text) + 2*len(spans))
	last := 0
	for _, s := range spans {
		b.WriteString(text[last:s[0]])
		b.WriteString(snippetOpen)
		b.WriteString(text[s[0]:s[1]])
		b.WriteString(snippetClose)
		last = s[1]
	}
	b.WriteString(text[last:])
	return b.String(), cut < full
}

// searchToken is a word of a text: where it is, and how the index spells
// it before stemming ("" when searchTokens was told not to spell it).
type searchToken struct {
	start, end int
	folded     string
}

// searchTokens splits text as FTS5's unicode61 tokenizer with
// remove_diacritics 2 does: a word is a run of letters, digits and
// private-use characters (combining marks inside it are dropped), folded
// to lower case without diacritics. Spelling out every word is most of
// the work, so when want is not nil only the words whose folded first
// byte it accepts are spelt.
func searchTokens(text string, want func(first byte) bool) []searchToken {
	var out []searchToken
	scanTokens(text, want, func(start, end int, folded []byte) bool {
		out = append(out, searchToken{start, end, string(folded)})
		return true
	})
	return out
}

// scanTokens calls each for every word of text, as searchTokens lists
// them, without keeping them (folded is only valid during the call),
// until each returns false.
func scanTokens(text string, want func(first byte) bool, each func(start, end int, folded []byte) bool) {
	var buf []byte
	for i := 0; i < len(text); {
		r, size := decodeRune(text, i)
		if !isTokenRune(r) {
			i += size
			continue
		}
		// A word starts here: spell it if wanted, else just find its end.
		start := i
		buf = foldRune(buf[:0], r)
		spell := want == nil || want(buf[0])
		for i += size; i < len(text); i += size {
			r, size = decodeRune(text, i)
			if isTokenRune(r) {
				if spell {
					buf = foldRune(buf, r)
				}
			} else if r < utf8.RuneSelf || !unicode.Is(unicode.Mn, r) {
				break
			}
		}
		if !spell {
			buf = buf[:0]
		}
		if !each(start, i, buf) {
			return
		}
	}
}

func decodeRune(s string, i int) (rune, int) {
	if s[i] < utf8.RuneSelf {
		return rune(s[i]), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func isTokenRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}

// foldRune appends r in lower case without its diacritic, for the Latin
// letters news is written in; other letters are only lowered.
func foldRune(buf []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(buf, byte(r))
	}
	r = unicode.ToLower(r)
	if base, ok := latinBase[r]; ok {
		return append(buf, base)
	}
	return utf8.AppendRune(buf, r)
}

// latinBase maps the lower-case Latin letters with diacritics of Latin-1
// and Latin Extended-A to their base letters, as remove_diacritics and
// unaccent do.
var latinBase = func() map[rune]byte {
	m := map[rune]byte{}
	for base, letters := range map[byte]string{
		'a': "àáâãäåāăą", 'c': "çćĉċč", 'd': "ďđ", 'e': "èéêëēĕėęě", 'g': "ĝğġģ", 'h': "ĥħ",
		'i': "ìíîïĩīĭįı", 'j': "ĵ", 'k': "ķ", 'l': "ĺļľŀł", 'n': "ñńņňŉ", 'o': "òóôõöøōŏő",
		'r': "ŕŗř", 's': "śŝşšſ", 't': "ţťŧ", 'u': "ùúûüũūŭůűų", 'w': "ŵ", 'y': "ýÿŷ", 'z': "źżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
