package importer

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
)

// loadArticle loads one article file, with the default taxonomies, and
// returns it.
func loadArticle(tb testing.TB, front string) press.Article {
	tb.Helper()
	b, err := LoadFS(MustFS(tb, "-- a.md --\n---\n"+front+"---\nBody.\n"), ".", Options{Taxonomies: press.DefaultTaxonomies()})
	if err != nil {
		tb.Fatal(err)
	}
	if len(b.Articles) != 1 {
		tb.Fatalf("got %d articles, want 1", len(b.Articles))
	}
	return b.Articles[0]
}

func TestSlug(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		front string
		want  string
	}{
		{"title: Hello, World\n", "hello-world"},
		{"title: \"Women's rights in Zürich\"\n", "womens-rights-in-zurich"},
		{"title: Anything\nslug: chosen-slug\n", "chosen-slug"},
		{"title: Anything\nslug:\n", "anything"}, // an empty slug key means derive it
		{"title: 2024\n", "2024"},
	} {
		got := loadArticle(t, "date: 2015-10-22\n"+tc.front)
		if got.Slug != tc.want {
			t.Errorf("front matter %q: slug = %q, want %q", tc.front, got.Slug, tc.want)
		}
	}
}

func TestDates(t *testing.T) {
	t.Parallel()
	beirut := time.FixedZone("", 3*60*60)
	for _, tc := range []struct {
		date string
		want time.Time
	}{
		{"2015-10-22", time.Date(2015, 10, 22, 0, 0, 0, 0, time.UTC)},
		{"\"2015-10-22\"", time.Date(2015, 10, 22, 0, 0, 0, 0, time.UTC)},
		{"2015-10-22 14:30", time.Date(2015, 10, 22, 14, 30, 0, 0, time.UTC)},
		{"2015-10-22 14:30:15", time.Date(2015, 10, 22, 14, 30, 15, 0, time.UTC)},
		{"2015-10-22T14:30", time.Date(2015, 10, 22, 14, 30, 0, 0, time.UTC)},
		{"2015-10-22T14:30:15Z", time.Date(2015, 10, 22, 14, 30, 15, 0, time.UTC)},
		{"2015-10-22T14:30:15+03:00", time.Date(2015, 10, 22, 14, 30, 15, 0, beirut).UTC()},
		{"2015-10-22T14:30:15.5+03:00", time.Date(2015, 10, 22, 14, 30, 15, 5e8, beirut).UTC()},
		{"2015-10-22 14:30:15+03:00", time.Date(2015, 10, 22, 14, 30, 15, 0, beirut).UTC()},
	} {
		got := loadArticle(t, "title: T\ndate: "+tc.date+"\nupdated: "+tc.date+"\n")
		if !got.PublishedAt.Equal(tc.want) || got.PublishedAt.Location() != time.UTC {
			t.Errorf("date: %s → PublishedAt %v, want %v in UTC", tc.date, got.PublishedAt, tc.want)
		}
		if !got.UpdatedAt.Equal(tc.want) {
			t.Errorf("updated: %s → UpdatedAt %v, want %v", tc.date, got.UpdatedAt, tc.want)
		}
	}
}

func TestDraftDefaults(t *testing.T) {
	t.Parallel()
	// A draft needs neither date nor body; a dated draft keeps its date.
	b, err := LoadFS(MustFS(t, `
-- a.md --
---
title: Undated
status: draft
---
-- b.md --
---
title: Dated
status: draft
date: 2020-02-03
---
`), ".", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []press.Article{
		{Slug: "undated", Title: "Undated", Status: press.StatusDraft},
		{Slug: "dated", Title: "Dated", Status: press.StatusDraft, PublishedAt: time.Date(2020, 2, 3, 0, 0, 0, 0, time.UTC)},
	}
	if diff := cmp.Diff(want, b.Articles); diff != "" {
		t.Errorf("articles mismatch (-want +got):\n%s", diff)
	}
}

// TestRefs checks that references by name and by slug reach the same
// author or term, and what references to undeclared ones become.
func TestRefs(t *testing.T) {
	t.Parallel()
	fsys := MustFS(t, `
-- site.yaml --
terms:
  regions:
    - name: Middle East & North Africa
      slug: mena
    - name: Syria
      parent: Middle East & North Africa
  themes:
    - Economy
-- authors/lina.md --
---
name: Lina Haddad
---
-- authors/omar.md --
---
name: Omar Said
slug: osaid
---
-- a.md --
---
title: By name
date: 2015-10-22
authors: [Lina Haddad, Omar Said, Ana Ruiz]
regions: [Middle East & North Africa, Syria]
themes: [Economy, Human rights]
---
A.
-- b.md --
---
title: By slug
date: 2015-10-22
authors: [lina-haddad, osaid, ana-ruiz]
regions: [mena, syria]
themes: [economy, human-rights]
---
B.
-- c.md --
---
title: By loose name
date: 2015-10-22
authors: [lina haddad, OMAR SAID, ANA RUIZ]
regions: [middle east & north africa, SYRIA]
themes: [ECONOMY, Human Rights]
---
C.
`)
	b, err := LoadFS(fsys, ".", Options{Taxonomies: press.DefaultTaxonomies()})
	if err != nil {
		t.Fatal(err)
	}
	wantAuthors := []press.Author{
		{Slug: "lina-haddad", Name: "Lina Haddad"},
		{Slug: "osaid", Name: "Omar Said"},
		{Slug: "ana-ruiz", Name: "Ana Ruiz"}, // no author file: the name as written
	}
	wantTerms := []press.Term{
		{Taxonomy: "regions", Slug: "mena", Name: "Middle East & North Africa"},
		{Taxonomy: "regions", Slug: "syria", Name: "Syria"},
		{Taxonomy: "themes", Slug: "economy", Name: "Economy"},
		{Taxonomy: "themes", Slug: "human-rights", Name: "Human rights"},
	}
	for i, a := range b.Articles {
		authors, terms := wantAuthors, wantTerms
		switch a.Slug {
		case "by-slug":
			// Undeclared and written as a slug: the name is guessed.
			authors = append(authors[:2:2], press.Author{Slug: "ana-ruiz", Name: "Ana Ruiz"})
			terms = append(terms[:3:3], press.Term{Taxonomy: "themes", Slug: "human-rights", Name: "Human Rights"})
		case "by-loose-name":
			// Undeclared and written as a name: kept as written.
			authors = append(authors[:2:2], press.Author{Slug: "ana-ruiz", Name: "ANA RUIZ"})
			terms = append(terms[:3:3], press.Term{Taxonomy: "themes", Slug: "human-rights", Name: "Human Rights"})
		}
		if diff := cmp.Diff(authors, a.Authors); diff != "" {
			t.Errorf("article %d (%s): authors mismatch (-want +got):\n%s", i, a.Slug, diff)
		}
		if diff := cmp.Diff(terms, a.Terms); diff != "" {
			t.Errorf("article %d (%s): terms mismatch (-want +got):\n%s", i, a.Slug, diff)
		}
	}
}

func TestTitleCase(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"lina-haddad", "Lina Haddad"},
		{"unesco", "Unesco"},
		{"économie-verte", "Économie Verte"},
		{"2024-report", "2024 Report"},
	} {
		if got := titleCase(tc.in); got != tc.want {
			t.Errorf("titleCase(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTaxonomiesFromOptions checks that the site's existing taxonomies
// are the term keys when there is no site.yaml, and that none are assumed.
func TestTaxonomiesFromOptions(t *testing.T) {
	t.Parallel()
	fsys := MustFS(t, `
-- a.md --
---
title: A
date: 2015-10-22
topics: [Water]
---
A.
`)
	b, err := LoadFS(fsys, ".", Options{Taxonomies: []press.Taxonomy{{Slug: "topics", Name: "Topics", Label: "Topic"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []press.Term{{Taxonomy: "topics", Slug: "water", Name: "Water"}}
	if diff := cmp.Diff(want, b.Articles[0].Terms); diff != "" {
		t.Errorf("terms mismatch (-want +got):\n%s", diff)
	}
	if b.Site != nil || b.Taxonomies != nil || b.Terms != nil {
		t.Errorf("without site.yaml, got Site %v, Taxonomies %v, Terms %v; want all nil", b.Site, b.Taxonomies, b.Terms)
	}

	_, err = LoadFS(fsys, ".", Options{})
	const wantErr = `a.md:4: unknown key "topics" (neither an article field nor a taxonomy; taxonomies: the site has none)`
	if err == nil || err.Error() != wantErr {
		t.Errorf("without taxonomies: err = %v, want %s", err, wantErr)
	}
}

func TestLineEndingsAndBOM(t *testing.T) {
	t.Parallel()
	fsys := MustFS(t, "-- a.md --\n\ufeff---\r\ntitle: Windows\r\ndate: 2015-10-22\r\n---\r\nLine one.\r\nLine two.\r\n")
	b, err := LoadFS(fsys, ".", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.Articles[0].Body.Source, "Line one.\nLine two."; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
	if got, want := b.Articles[0].Title, "Windows"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
}
