package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzArticle checks that no input, however mangled, gets script into an
// article: no <script, no event attribute, no script URL (see dangers), for
// the HTML and for the same text through Text. It also checks the excerpt
// stays within its bound.
func FuzzArticle(f *testing.F) {
	for _, tt := range hostile {
		f.Add(tt.src)
	}
	f.Add("# Heading\n\nText with [a link](https://example.org) and a note.[^1]\n\n[^1]: Note.")
	f.Fuzz(func(t *testing.T, src string) {
		r := Article(src)
		if d := dangers(r.HTML); len(d) != 0 {
			t.Fatalf("Article(%q).HTML = %q\ncarries %q", src, r.HTML, d)
		}
		if d := dangers(Text(src)); len(d) != 0 {
			t.Fatalf("Text(%q) carries %q", src, d)
		}
		if n := utf8.RuneCountInString(r.Excerpt); n > excerptMax+1 {
			t.Fatalf("Article(%q).Excerpt has %d runes", src, n)
		}
		if r.WordCount < 0 || (strings.TrimSpace(src) == "" && r.WordCount != 0) {
			t.Fatalf("Article(%q).WordCount = %d", src, r.WordCount)
		}
	})
}

// FuzzComment checks the same for reader comments, which must in addition
// never carry an image.
func FuzzComment(f *testing.F) {
	for _, tt := range hostile {
		f.Add(tt.src)
	}
	f.Add("![pixel](https://tracker.example/p.gif) *hi* [x](https://example.org)")
	f.Fuzz(func(t *testing.T, src string) {
		out := Comment(src)
		if d := dangers(out); len(d) != 0 {
			t.Fatalf("Comment(%q) = %q\ncarries %q", src, out, d)
		}
		if strings.Contains(out, "<img") || strings.Contains(out, "<h1") || strings.Contains(out, "<table") {
			t.Fatalf("Comment(%q) = %q carries an element comments may not have", src, out)
		}
	})
}
