package press

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestParseSearch(t *testing.T) {
	for _, tt := range []struct {
		in     string
		prefix bool
		want   string // SearchExpr.String()
		notice SearchNotice
	}{
		{in: "water dams", want: "water dams"},
		{in: "  Water   DAMS ", want: "water dams"},
		{in: `"joint chiefs" syria`, want: `"joint chiefs" syria`},
		{in: "water -russia", want: "water -russia"},
		{in: `water -"joint chiefs"`, want: `water -"joint chiefs"`},
		{in: "iran OR iraq water", want: "(iran OR iraq) water"},
		{in: "water iran or iraq or syria", want: "water (iran OR iraq OR syria)"},
		{in: "or water or", want: "water"},
		{in: "water or -dams", want: "water -dams"},
		{in: "clim* water", want: "clim* water"},
		{in: `"joint chie"*`, want: `"joint chie"*`},
		{in: "the war of the worlds", want: "war worlds"},
		{in: `"the war of the worlds"`, want: `"the war of the worlds"`},
		{in: "women's rights", want: `"women s" rights`},
		{in: "it's water", want: "water"},
		{in: "covid-19 U.S.", want: `"covid 19" "u s"`},
		{in: "Zürich São-Paulo", want: `zürich "são paulo"`},
		{in: "東京 天気", want: "東京 天気"},

		// Typing: the last word is a start, unless a space ends it.
		{in: "water cli", prefix: true, want: "water cli*"},
		{in: "water cli ", prefix: true, want: "water cli"},
		{in: `"joint chi`, prefix: true, want: `"joint chi"*`},
		{in: "water -rus", prefix: true, want: "water -rus"},
		{in: "water c", prefix: true, want: "water"},
		{in: "water the", prefix: true, want: "water"},
		{in: "w", prefix: true, notice: NoticeCommonWords},
		{in: "c*", notice: NoticeCommonWords},

		// Nothing to search for.
		{in: ""},
		{in: "   \t\n"},
		{in: "the of and", notice: NoticeCommonWords},
		{in: "-russia -china", want: "-russia -china", notice: NoticeOnlyExcluded},
		{in: `"" - * OR ( ) : ^ ~`, notice: NoticeNothing},
		{in: "AND NOT", notice: NoticeCommonWords},
		{in: `!!! ??? ...`, notice: NoticeNothing},
		{in: `"`, notice: NoticeNothing},

		// Hostile or odd input degrades to words.
		{in: `water" OR 1=1; DROP TABLE articles; --`, want: `water "or 1 1 drop table articles"`},
		{in: `water OR 1=1; DROP TABLE articles; --`, want: `(water OR "1 1") drop table articles`},
		{in: `title:water NEAR(a b) {body}: x^2`, want: `"title water" "near a" b body "x 2"`},
		{in: "\x00water\x1bdams\u202e", want: "water dams"},
		{in: "water\xff\xfedams", want: "water dams"},
		{in: `"unbalanced quote`, want: `"unbalanced quote"`},
		{in: `a"b"c`, want: `b c`},
		{in: "-", notice: NoticeNothing},
		{in: "\u0301\u0301 water", want: "water"},
	} {
		e := ParseSearch(tt.in, "en", tt.prefix)
		if got := e.String(); got != tt.want || e.Notice != tt.notice {
			t.Errorf("ParseSearch(%q, prefix %v) = %q, notice %q; want %q, notice %q", tt.in, tt.prefix, got, e.Notice, tt.want, tt.notice)
		}
	}
}

func TestParseSearchLimits(t *testing.T) {
	long := strings.Repeat("water dams ", 1000) // 11 kB
	e := ParseSearch(long, "en", true)
	if e.Notice != NoticeTruncated || len(e.Groups) != maxSearchPhrases {
		t.Errorf("11 kB query: notice %q, %d groups", e.Notice, len(e.Groups))
	}
	for _, g := range e.Groups {
		if p := g[0]; p.Prefix || (p.Words[0] != "water" && p.Words[0] != "dams") {
			t.Errorf("11 kB query: phrase %v; the cut word must not be kept, nor taken as a start", p)
		}
	}
	word := strings.Repeat("é", 5000)
	e = ParseSearch(word, "en", false)
	if e.Notice != NoticeTruncated || utf8.RuneCountInString(e.Groups[0][0].Words[0]) != maxWordRunes {
		t.Errorf("a 10 kB word: %q, notice %q", e.String(), e.Notice)
	}
	e = ParseSearch(`"`+strings.Repeat("a b ", 20)+`"`, "en", false)
	if len(e.Groups[0][0].Words) != maxPhraseWords || e.Notice != NoticeTruncated {
		t.Errorf("a long phrase: %q, notice %q", e.String(), e.Notice)
	}
	// Stop words are per language: a language without a list keeps them.
	if got := ParseSearch("the who", "fr", false); got.String() != "the who" {
		t.Errorf("in French, %q", got.String())
	}
	if got := ParseSearch("the who", "en-GB", false); got.Notice != NoticeCommonWords {
		t.Errorf("in British English, %q", got.String())
	}
}

// FuzzParseSearch: whatever the text, parsing never panics and yields
// phrases the engines can be given as they are: lower-case words of
// letters, digits and marks, each with a letter or digit, within limits.
func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{"water", `"joint chiefs" -russia`, "iran OR iraq", "clim*", `a"b`, "-", `"`,
		"\x00\xff", "women's", strings.Repeat("x ", 600), `NEAR("a" "b", 3) title:x {a b}: c AND NOT d`} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, prefix bool) {
		e := ParseSearch(s, "en", prefix)
		if e.Empty() != (len(e.Groups) == 0) {
			t.Fatal("Empty disagrees with Groups")
		}
		if !e.Empty() && e.Notice != "" && e.Notice != NoticeTruncated {
			t.Fatalf("%q: notice %q with something to search for", s, e.Notice)
		}
		n := len(e.Exclude)
		check := func(p SearchPhrase) {
			if len(p.Words) == 0 || len(p.Words) > maxPhraseWords {
				t.Fatalf("%q: phrase of %d words", s, len(p.Words))
			}
			for _, w := range p.Words {
				if w == "" || utf8.RuneCountInString(w) > maxWordRunes || w != strings.ToLower(w) || !utf8.ValidString(w) {
					t.Fatalf("%q: bad word %q", s, w)
				}
				if strings.IndexFunc(w, func(r rune) bool { return !isWordRune(r) }) >= 0 ||
					strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) < 0 {
					t.Fatalf("%q: word %q has other characters, or no letter or digit", s, w)
				}
			}
		}
		for _, g := range e.Groups {
			if len(g) == 0 {
				t.Fatalf("%q: empty group", s)
			}
			n += len(g)
			for _, p := range g {
				check(p)
			}
		}
		for _, p := range e.Exclude {
			check(p)
		}
		if n > maxSearchPhrases {
			t.Fatalf("%q: %d phrases", s, n)
		}
	})
}
