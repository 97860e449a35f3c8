package site

import (
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
)

// TestArticleCanonical: a cross-posted article's canonical link is its
// original only when the site says so; other articles keep their own.
func TestArticleCanonical(t *testing.T) {
	crossed := &press.Article{Slug: "water-war", Source: press.Source{Name: "Basin Monitor", URL: "https://basin.example/orig"}}
	named := &press.Article{Slug: "named", Source: press.Source{Name: "Basin Monitor"}}
	own := &press.Article{Slug: "ours"}
	for _, tt := range []struct {
		toSource bool
		a        *press.Article
		want     string
	}{
		{false, crossed, "https://desk.example/articles/water-war"},
		{true, crossed, "https://basin.example/orig"},
		{true, named, "https://desk.example/articles/named"}, // no URL to point at
		{true, own, "https://desk.example/articles/ours"},
	} {
		c := &chrome{site: press.Site{BaseURL: "https://desk.example", CanonicalToSource: tt.toSource}}
		if got := c.articleCanonical(tt.a); got != tt.want {
			t.Errorf("CanonicalToSource %v, %s: canonical = %q, want %q", tt.toSource, tt.a.Slug, got, tt.want)
		}
	}
}

func TestAbs(t *testing.T) {
	c := &chrome{site: press.Site{BaseURL: "https://desk.example"}}
	for ref, want := range map[string]string{
		"":                          "",
		"/media/a b.jpg":            "https://desk.example/media/a b.jpg",
		"media/x.jpg":               "https://desk.example/media/x.jpg",
		"https://cdn.example/x.jpg": "https://cdn.example/x.jpg",
		"//cdn.example/x.jpg":       "https://cdn.example/x.jpg",
		"http://[::1:bad":           "",
	} {
		if got := c.abs(ref); got != want {
			t.Errorf("abs(%q) = %q, want %q", ref, got, want)
		}
	}
}

func TestArticleSlug(t *testing.T) {
	const base = "https://desk.example"
	for _, tt := range []struct {
		url, base, host, slug string
		ok                    bool
	}{
		{"https://desk.example/articles/water-war", base, "", "water-war", true},
		{"http://DESK.example/articles/water-war?utm=x#republishing-heading", base, "", "water-war", true},
		{"http://127.0.0.1:8080/articles/water-war", base, "127.0.0.1:8080", "water-war", true},
		{"https://desk.example/articles/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7", base, "", "سوريا", true},
		{"https://example.org/news/articles/x", "https://example.org/news", "", "x", true},
		{"https://other.example/articles/water-war", base, "", "", false},
		{"https://desk.example/articles/", base, "", "", false},
		{"https://desk.example/articles/water-war/cite.bib", base, "", "", false},
		{"https://desk.example/authors/ana-ruiz", base, "", "", false},
		{"javascript:alert(1)//desk.example/articles/x", base, "", "", false},
		{"/articles/water-war", base, "", "", false},
		{"%zz", base, "", "", false},
	} {
		slug, ok := articleSlug(tt.url, tt.base, tt.host)
		if slug != tt.slug || ok != tt.ok {
			t.Errorf("articleSlug(%q, %q, %q) = %q, %v; want %q, %v", tt.url, tt.base, tt.host, slug, ok, tt.slug, tt.ok)
		}
	}
}
