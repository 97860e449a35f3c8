package press

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSlugify(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"The Water War Nobody Names", "the-water-war-nobody-names"},
		{"  Zürich, São Paulo & Łódź  ", "zurich-sao-paulo-lodz"},
		{"Women's rights — in 2026?", "womens-rights-in-2026"},
		{"Türkiye", "turkiye"},
		{"Straße", "strasse"},
		{"سوريا", "سوريا"},
		{"---", ""},
		{"", ""},
		{strings.Repeat("word ", 40), strings.TrimSuffix(strings.Repeat("word-", 24), "-")},
	} {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.want != "" && !ValidSlug(Slugify(tt.in)) {
			t.Errorf("Slugify(%q) is not a ValidSlug", tt.in)
		}
	}
}

func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"ok": true, "a-b-9": true, "": false, "-a": false, "a-": false, "a--b": false, "A": false,
		"a b": false, "a/b": false, "a.b": false, strings.Repeat("a", MaxSlugLen+1): false, "سوريا": true,
	} {
		if got := ValidSlug(s); got != want {
			t.Errorf("ValidSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestReservedSlug(t *testing.T) {
	taxes := DefaultTaxonomies()
	for slug, want := range map[string]bool{"articles": true, "healthz": true, "regions": true, "reports": true, "about": false, "support-us": false} {
		if got := ReservedSlug(slug, taxes); got != want {
			t.Errorf("ReservedSlug(%q) = %v, want %v", slug, got, want)
		}
	}
	p := Page{Title: "Archive", Slug: "archive", Status: StatusPublished}
	var ve *ValidationError
	if err := p.Validate(taxes); !errors.As(err, &ve) || ve.Message("slug") == "" {
		t.Errorf("a page at /archive validated: %v", err)
	}
}

func TestAttribution(t *testing.T) {
	site := &Site{Name: "The Desk"}
	pub := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	a := Article{PublishedAt: pub, Authors: []Author{{Name: "Ana Ruiz"}, {Name: "Lee Park"}, {Name: "Bo Li"}}}
	if got, want := a.Attribution(site), (Copyright{Holder: "Ana Ruiz, Lee Park, Bo Li and The Desk", Year: 2025}); got != want {
		t.Errorf("default = %+v, want %+v", got, want)
	}
	a.Copyright = Copyright{Holder: "Basin Monitor"}
	if got, want := a.Attribution(site), (Copyright{Holder: "Basin Monitor", Year: 2025}); got != want {
		t.Errorf("holder only = %+v, want %+v", got, want)
	}
	draft := Article{CreatedAt: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}
	if got := draft.Attribution(nil); got.Year != 2026 || got.Holder != "" {
		t.Errorf("unpublished draft = %+v", got)
	}
}

func TestArticleValidate(t *testing.T) {
	good := Article{Title: "T", Slug: "t", Status: StatusPublished, PublishedAt: time.Now(),
		Authors: []Author{{Slug: "a", Name: "A"}}, Image: Image{Src: "/x.jpg", Alt: "x"}}
	if err := good.Validate(); err != nil {
		t.Fatalf("good article: %v", err)
	}
	bad := Article{Slug: "Bad Slug", Status: "embargoed", Source: Source{URL: "javascript:alert(1)"},
		Image: Image{Src: "/x.jpg"}, Authors: []Author{{Slug: "a"}, {Slug: "a"}}}
	var ve *ValidationError
	if err := bad.Validate(); !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad article: %v", err)
	}
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	want := []string{"title", "slug", "status", "source.url", "source.name", "image.alt", "authors"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("fields reported (-want +got):\n%s", diff)
	}
}

func TestJoinNames(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"A"}, "A"}, {[]string{"A", "B"}, "A and B"}, {[]string{"A", "B", "C"}, "A, B and C"}} {
		if got := JoinNames(tt.in, "and"); got != tt.want {
			t.Errorf("JoinNames(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPaths(t *testing.T) {
	got := []string{ArticlePath("a b"), AuthorPath("x"), TermPath("regions", "syria"), ArchivePath(Month{Year: 2026, Month: 3}),
		WithPage("/authors/x", 1), WithPage("/authors/x", 3)}
	want := []string{"/articles/a%20b", "/authors/x", "/regions/syria", "/archive/2026/03", "/authors/x", "/authors/x?page=3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

func TestNormalisePath(t *testing.T) {
	for in, want := range map[string]string{
		"/2019/05/old-slug/":           "/2019/05/old-slug",
		"2019/05/x":                    "/2019/05/x",
		"/?p=123":                      "/?p=123",
		"/?utm_source=x&p=123":         "/?p=123",
		"/index.php?page_id=7&foo=bar": "/index.php?page_id=7",
		"https://old.example/a/b/":     "/a/b",
		"/":                            "/",
		"/caf%C3%A9/":                  "/caf%C3%A9",
		"/café/":                       "/caf%C3%A9",
		"/caf%c3%a9/":                  "/caf%C3%A9",
	} {
		if got := NormalisePath(in); got != want {
			t.Errorf("NormalisePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedirectValidate(t *testing.T) {
	good := Redirect{From: "/2019/05/old/", To: "/articles/new"}
	if err := good.Validate(); err != nil || good.From != "/2019/05/old" {
		t.Errorf("good redirect: %v, From %q", err, good.From)
	}
	for _, r := range []Redirect{{From: "/", To: "/x"}, {From: "/a", To: "javascript:alert(1)"}, {From: "/a", To: "articles/x"},
		{From: "/a/", To: "/a"}, {From: "/a", To: ""}} {
		if err := r.Validate(); err == nil {
			t.Errorf("%+v validated", r)
		}
	}
}
