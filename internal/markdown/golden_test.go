package markdown

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.html from the current output")

// TestGolden renders each testdata/*.md and compares it with the .html
// beside it: Article for most files, Comment for files named comment-*.md.
// Run with -update after an intended change, review the diff, and bump
// Version, since stored HTML would no longer match.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.md files")
	}
	for _, md := range files {
		name := strings.TrimSuffix(filepath.Base(md), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(md)
			if err != nil {
				t.Fatal(err)
			}
			var got string
			if strings.HasPrefix(name, "comment-") {
				got = Comment(string(src))
			} else {
				got = Article(string(src)).HTML
			}
			got += "\n"
			if d := dangers(got); len(d) != 0 {
				t.Errorf("output carries %q", d)
			}
			golden := strings.TrimSuffix(md, ".md") + ".html"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// TestGoldenAnalysis pins what the long analysis yields besides HTML.
func TestGoldenAnalysis(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "analysis.md"))
	if err != nil {
		t.Fatal(err)
	}
	r := Article(string(src))
	const wantExcerpt = "This analysis was updated on 6 March to include the ministry’s response. " +
		"The ceasefire announced on Sunday was meant to hold for “at least a week”, according to the mediators’ statement. " +
		"It lasted until Tuesday morning. Residents of the eastern districts told The Ledger that shelling resumed…"
	if r.Excerpt != wantExcerpt {
		t.Errorf("Excerpt = %q, want %q", r.Excerpt, wantExcerpt)
	}
	// Checked against an independent count: list numbers, table rules and
	// the raw HTML figure (caption included) are not words; the three
	// footnotes are.
	if r.WordCount != 342 {
		t.Errorf("WordCount = %d, want 342", r.WordCount)
	}
}
