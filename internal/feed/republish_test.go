package feed

import (
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

func TestRepublish(t *testing.T) {
	site := &press.Site{Name: "The Desk", BaseURL: "https://desk.example"}
	a := &press.Article{Slug: "water", Title: "Water & power", Dek: "A <dek>", PublishedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Authors: []press.Author{{Name: "Ana Ruiz"}, {Name: "Lee Park"}},
		Body:    press.Markdown{HTML: `<p>See <a href="/articles/other">this</a> and <img src="/media/demo/x.svg" alt="x"></p>`},
		Source:  press.Source{Name: "Basin Monitor", URL: "https://basin.example/a"}}
	got := Republish(site, a, RepublishText{
		Text: English, By: "By {0}", And: "and",
		OriginallyPublished: "This article was originally published by {0}.",
		CanonicalHint:       "Add to the <head> of your page:",
	})
	for _, want := range []string{
		`<!-- Add to the <head> of your page: <link rel="canonical" href="https://desk.example/articles/water"> -->`,
		`<h1>Water &amp; power</h1>`,
		`<p><em>A &lt;dek&gt;</em></p>`,
		`<p>By Ana Ruiz and Lee Park</p>`,
		`<a href="https://desk.example/articles/other">this</a>`,
		`src="https://desk.example/media/demo/x.svg"`,
		`The original source of this article is <a href="https://basin.example/a">Basin Monitor</a>.`,
		`Copyright © Ana Ruiz, Lee Park and The Desk, 2026.`,
		`<p>This article was originally published by <a href="https://desk.example/articles/water">The Desk</a>.</p>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet lacks %s\n%s", want, got)
		}
	}
}
