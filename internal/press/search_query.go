package press

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SearchExpr is a reader's query as the search engines are asked it,
// parsed once by ParseSearch so that both engines answer the same
// question: an article matches when every group matches, a group matches
// when any of its phrases does, and no excluded phrase may match.
type SearchExpr struct {
	Groups  [][]SearchPhrase
	Exclude []SearchPhrase
	// Notice says how the text was read when it could not be taken as
	// typed; see SearchNotice.
	Notice SearchNotice
}

// SearchPhrase is one word, or several that must appear together in that
// order. Words are in lower case and hold only letters, digits and
// combining marks, so that no engine can read them as its own syntax.
// Prefix makes the last word match every word it begins.
type SearchPhrase struct {
	Words  []string
	Prefix bool
}

// Empty reports whether e has nothing to look for, and so finds nothing.
func (e *SearchExpr) Empty() bool { return len(e.Groups) == 0 }

// String writes e back as query text, as it was understood:
// water "joint chiefs" (iran OR iraq) clim* -russia.
func (e *SearchExpr) String() string {
	var parts []string
	for _, g := range e.Groups {
		alts := make([]string, len(g))
		for i, p := range g {
			alts[i] = p.String()
		}
		if len(alts) == 1 {
			parts = append(parts, alts[0])
		} else {
			parts = append(parts, "("+strings.Join(alts, " OR ")+")")
		}
	}
	for _, p := range e.Exclude {
		parts = append(parts, "-"+p.String())
	}
	return strings.Join(parts, " ")
}

func (p SearchPhrase) String() string {
	s := strings.Join(p.Words, " ")
	if len(p.Words) > 1 {
		s = `"` + s + `"`
	}
	if p.Prefix {
		s += "*"
	}
	return s
}

// Limits on what one query may ask, so that a pasted page of text or a
// hostile request costs no more than a long ordinary query. Text beyond
// them is dropped and the query says so (NoticeTruncated).
const (
	maxSearchBytes   = 1024 // of text read; longer text is cut at a character boundary
	maxSearchPhrases = 16   // words and phrases, counting alternatives and exclusions
	maxPhraseWords   = 16
	maxWordRunes     = 64
	// minPrefixRunes is the shortest start of a word that is looked up
	// as such: one letter would match a good part of the dictionary.
	minPrefixRunes = 2
)

// ParseSearch reads a reader's query the way web search engines (and
// PostgreSQL's websearch_to_tsquery) do:
//
//   - words are all required: water dams finds articles with both;
//   - "quoted words" must appear together, in that order;
//   - a - before a word or a quoted phrase excludes it: water -dams;
//   - OR between two words or phrases accepts either: iran OR iraq
//     (it joins just those two, so water iran OR iraq needs water and
//     one of the others);
//   - a * after a word makes it the start of a word: clim* finds
//     climate and climbing;
//   - with prefix set, the last word counts as a start too unless the
//     text ends with a space, for searching as the reader types.
//
// Everything else that is not a letter or digit separates words, as the
// engines' tokenizers split them: women's is the phrase "women s",
// covid-19 the phrase "covid 19". Words too common to search for in the
// site's language (lang, such as "en"; see searchStopwords) are dropped
// unless they are part of a phrase, as the engines drop them from their
// indexes or would match nearly everything. ParseSearch never fails: odd
// or hostile text (unbalanced quotes, operators alone, control
// characters, SQL or FTS syntax, pages of text) is read as well as it can
// be, and the result's Notice says when that left nothing to search for
// or cut the query short.
func ParseSearch(text, lang string, prefix bool) SearchExpr {
	var e SearchExpr
	truncated := false
	if len(text) > maxSearchBytes {
		cut := maxSearchBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text, truncated = text[:cut], true
		// The last word was probably cut in two: do not take its
		// first half as a word, nor as the start of one.
		prefix = false
		if i := strings.LastIndexFunc(text, isSearchSpace); i >= 0 {
			text = text[:i]
		}
	}
	stop := searchStopwords[searchLanguage(lang)]
	items, cut := lexSearch(text, prefix)
	truncated = truncated || cut

	sawWords, sawDropped := false, false
	pendingOr, afterPositive := false, false
	n := 0
	for _, it := range items {
		if it.or {
			pendingOr = afterPositive
			continue
		}
		sawWords = true
		p, ok, cut := it.phrase(stop)
		truncated = truncated || cut
		if !ok {
			sawDropped = sawDropped || !it.neg
			continue
		}
		if n == maxSearchPhrases {
			truncated = true
			continue
		}
		n++
		if it.neg {
			e.Exclude = append(e.Exclude, p)
			pendingOr, afterPositive = false, false
			continue
		}
		if pendingOr {
			last := len(e.Groups) - 1
			e.Groups[last] = append(e.Groups[last], p)
		} else {
			e.Groups = append(e.Groups, []SearchPhrase{p})
		}
		pendingOr, afterPositive = false, true
	}
	switch {
	case len(e.Groups) > 0:
		if truncated {
			e.Notice = NoticeTruncated
		}
	case sawDropped:
		e.Notice = NoticeCommonWords
	case len(e.Exclude) > 0:
		e.Notice = NoticeOnlyExcluded
	case sawWords || strings.TrimFunc(text, isSearchSpace) != "":
		e.Notice = NoticeNothing
	}
	return e
}

// searchItem is one term of the text before stop words and limits apply:
// a run of words, a quoted phrase, or the keyword OR.
type searchItem struct {
	words  []string
	neg    bool // preceded by -
	prefix bool // followed by *, or the last thing typed
	or     bool // the keyword OR
}

// lexSearch splits text into items. It reports whether a word had to be
// cut to maxWordRunes.
func lexSearch(text string, prefix bool) ([]searchItem, bool) {
	var items []searchItem
	cut := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isSearchSpace(r) {
			i += size
			continue
		}
		var it searchItem
		if r == '-' {
			it.neg = true
			i += size
			if i == len(text) {
				break
			}
			if r, _ = utf8.DecodeRuneInString(text[i:]); isSearchSpace(r) {
				continue // a lone minus
			}
		}
		var body string
		if r == '"' {
			// A quote runs to the next quote, or to the end when it is
			// never closed (which is what typing looks like).
			end := strings.IndexByte(text[i+1:], '"')
			if end < 0 {
				body, i = text[i+1:], len(text)
				it.prefix = prefix && !it.neg && !strings.HasSuffix(body, " ")
			} else {
				body, i = text[i+1:i+1+end], i+2+end
				if i < len(text) && text[i] == '*' {
					it.prefix = true
					i++
				}
			}
		} else {
			end := strings.IndexFunc(text[i:], func(r rune) bool { return r == '"' || isSearchSpace(r) })
			if end < 0 {
				end = len(text) - i
				// The last thing typed, still being typed.
				it.prefix = prefix && !it.neg
			}
			body, i = text[i:i+end], i+end
			if strings.HasSuffix(body, "*") {
				it.prefix = true
			}
			if !it.neg && strings.EqualFold(body, "or") {
				items = append(items, searchItem{or: true})
				continue
			}
		}
		var c bool
		it.words, c = searchWords(body)
		cut = cut || c
		if len(it.words) > 0 {
			items = append(items, it)
		}
	}
	return items, cut
}

// phrase applies stop words and limits to it. It reports whether anything
// is left to search for, and whether a limit cut it short.
func (it searchItem) phrase(stop map[string]bool) (SearchPhrase, bool, bool) {
	words, cut := it.words, false
	if len(words) > maxPhraseWords {
		words, cut = words[:maxPhraseWords], true
	}
	p := SearchPhrase{Words: words, Prefix: it.prefix}
	if p.Prefix {
		last := words[len(words)-1]
		if utf8.RuneCountInString(last) < minPrefixRunes || stop[last] {
			// Too short to be worth looking up as a start, or a stop
			// word, which one engine drops and the other would find
			// everywhere.
			p.Words, p.Prefix = words[:len(words)-1], false
		}
	}
	common := true
	for _, w := range p.Words {
		common = common && stop[w]
	}
	if len(p.Words) == 0 || common {
		return SearchPhrase{}, false, cut
	}
	return p, true, cut
}

// searchWords splits s into lower-case words of letters, digits and
// combining marks, as the engines' tokenizers do. A word needs a letter
// or digit: marks alone are no word.
func searchWords(s string) ([]string, bool) {
	var words []string
	cut := false
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) }) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) < 0 {
			continue
		}
		if utf8.RuneCountInString(f) > maxWordRunes {
			f, cut = string([]rune(f)[:maxWordRunes]), true
		}
		words = append(words, strings.ToLower(f))
	}
	return words, cut
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r)
}

// isSearchSpace reports whether r separates terms: white space, control
// characters and bytes that are not UTF-8.
func isSearchSpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError
}

// searchLanguage reduces a language tag to the key of searchStopwords:
// "en-GB" → "en".
func searchLanguage(tag string) string {
	tag = strings.ToLower(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// searchStopwords are, per language, the words too common to search for.
// They must be the words the PostgreSQL text search configuration of that
// language drops (its Snowball stop list), so that both engines find the
// same articles: the SQLite index keeps them, for phrases, but a query
// never asks for them on their own. A language without a list here is
// searched with every word, as PostgreSQL's 'simple' configuration does.
// Adding a language's analyzer is adding its list here and its text
// search configuration in a migration (see the store's search dialects).
var searchStopwords = map[string]map[string]bool{
	"en": wordSet(`i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
		she her hers herself it its itself they them their theirs themselves what which who whom this that
		these those am is are was were be been being have has had having do does did doing a an the and but
		if or because as until while of at by for with about against between into through during before after
		above below to from up down in out on off over under again further then once here there when where why
		how all any both each few more most other some such no nor not only own same so than too very s t can
		will just don should now`),
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
