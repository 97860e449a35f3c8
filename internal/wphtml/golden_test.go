package wphtml

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pressroomhq/pressroom/internal/markdown"
)

var update = flag.Bool("update", false, "rewrite the golden .md files")

// TestGolden converts testdata/*.html and compares with the .md beside it;
// go test -update rewrites them.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.html")
	if err != nil || len(files) == 0 {
		t.Fatal("no testdata", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ToMarkdown(string(in))
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(f, ".html") + ".md"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// TestNothingLost renders the converted Markdown with the article
// pipeline and checks that what WordPress would have shown is there.
func TestNothingLost(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"classic.html", []string{"<p>First paragraph with a<br/>", "<li>two<br/>", "<blockquote>", "<p>Quoted two.</p>", "code\n  stays\n\nas is", "<h2", "<del>old</del>", "<sup>1</sup>"}},
		{"shortcodes.html", []string{"<figure>", "<figcaption>Low water in <strong>August</strong></figcaption>", "<figcaption>Old-style caption</figcaption>",
			`href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"`, `href="https://vimeo.com/76979871"`, "[gallery ids=", "[contact-form-7 id=", "[escaped]"}},
		{"gutenberg.html", []string{"<h3", "Block heading", `<figcaption>Caption</figcaption>`, `href="https://youtu.be/abc"`, "<hr/>", "<table>", "Mombasa"}},
		{"tables.html", []string{"<table>", `colspan="2"`, "Merged header", "Handlers are the sanitiser"}},
		{"cdata.html", []string{"&lt;![CDATA[ tags ]]&gt; :) and 3 &gt; 2.", "&gt; not a quote"}},
	} {
		in, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		md, err := ToMarkdown(string(in))
		if err != nil {
			t.Fatal(err)
		}
		html := markdown.Article(md).HTML
		for _, w := range tc.want {
			if !strings.Contains(html, w) {
				t.Errorf("%s: rendered HTML lacks %q:\n%s", tc.file, w, html)
			}
		}
		for _, bad := range []string{"<script", "onclick", "wp:"} {
			if strings.Contains(html, bad) {
				t.Errorf("%s: rendered HTML has %q", tc.file, bad)
			}
		}
	}
}

func TestAutop(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"one":                 "<p>one</p>",
		"a\nb":                "<p>a<br />\nb</p>",
		"a\n\nb":              "<p>a</p>\n<p>b</p>",
		"<div>x</div>\n\ny":   "<div>\n<p>x</p>\n</div>\n<p>y</p>",
		"<pre>a\n\nb</pre>":   "<pre>a\n\nb</pre>",
		"<p>already</p>":      "<p>already</p>",
		"a <!-- c\n\nd --> b": "<p>a <!-- c\n\nd --> b</p>",
	} {
		if got := Autop(in); got != want {
			t.Errorf("Autop(%q) = %q, want %q", in, got, want)
		}
	}
}
