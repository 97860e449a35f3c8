package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// bundle is what an importer hands the store: children before parents,
// references to authors and terms in the bundle, in the store, and
// nowhere.
func bundle() press.Bundle {
	return press.Bundle{
		Site:       &press.Site{Name: "The Outlet", Language: "en", BaseURL: "https://outlet.example", Disclaimer: md("Ours.")},
		Taxonomies: []press.Taxonomy{{Slug: "formats", Name: "Formats", Label: "Format", Position: 4}},
		Terms: []press.Term{
			{Taxonomy: "regions", Slug: "damascus", Name: "Damascus", Parent: "syria"},
			{Taxonomy: "regions", Slug: "syria", Name: "Syria", Parent: "middle-east", Description: md("A country.")},
			{Taxonomy: "regions", Slug: "middle-east", Name: "Middle East"},
		},
		Authors: []press.Author{{Slug: "ana", Name: "Ana Ruiz", Bio: md("Ana writes.")}},
		Pages:   []press.Page{{Slug: "about", Title: "About", Body: md("Us."), Status: press.StatusPublished, Version: 7}},
		Articles: []press.Article{
			published("siege", day(2026, 2, 1, 0),
				[]press.Author{{Slug: "new-person", Name: "New Person"}, {Slug: "ana", Name: "Ana"}, {Slug: "lee", Name: "Someone Else"}},
				press.Term{Taxonomy: "regions", Slug: "damascus"},
				press.Term{Taxonomy: "themes", Slug: "war", Name: "War, renamed"},
				press.Term{Taxonomy: "themes", Slug: "new-theme", Name: "New Theme"}),
			published("overview", day(2026, 1, 1, 0), []press.Author{{Slug: "new-person", Name: "New Person"}},
				press.Term{Taxonomy: "regions", Slug: "middle-east"}),
		},
	}
}

func TestImport(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		// Already in the store: an author and a term the articles refer to.
		lee := mustAuthor(t, db, press.Author{Slug: "lee", Name: "Lee Park", Bio: md("Lee reports.")})
		war := mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "war", Name: "War", Description: md("Armed conflict.")})

		clock.Advance(time.Hour)
		stats, err := db.Import(ctx, bundle())
		if err != nil {
			t.Fatal(err)
		}
		want := store.ImportStats{Site: true, Taxonomies: 1, Terms: 4, Authors: 2, Pages: 1, Articles: 2, Created: 10}
		if diff := cmp.Diff(want, stats); diff != "" {
			t.Errorf("first import (-want +got):\n%s", diff)
		}

		siege := mustGet(t, db, "siege")
		var byline []string
		for _, a := range siege.Authors {
			byline = append(byline, a.Slug+"="+a.Name)
		}
		if diff := cmp.Diff([]string{"new-person=New Person", "ana=Ana Ruiz", "lee=Lee Park"}, byline); diff != "" {
			t.Errorf("byline (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(lee, siege.Authors[2]); diff != "" {
			t.Errorf("a reference changed an existing author (-want +got):\n%s", diff)
		}
		var terms []string
		for _, m := range siege.Terms {
			terms = append(terms, m.Taxonomy+"/"+m.Slug+"="+m.Name+"<"+m.Parent)
		}
		if diff := cmp.Diff([]string{"regions/damascus=Damascus<syria", "themes/war=War<", "themes/new-theme=New Theme<"}, terms); diff != "" {
			t.Errorf("terms (-want +got):\n%s", diff)
		}
		if got, _ := db.Term(ctx, "themes", "war"); !cmp.Equal(war, got) {
			t.Errorf("a reference changed an existing term: %+v", got)
		}
		if got, _ := db.Term(ctx, "regions", "syria"); got.Parent != "middle-east" || got.Description != md("A country.") {
			t.Errorf("syria = %+v", got)
		}
		list, _ := db.Articles(ctx, press.ArticleFilter{Taxonomy: "regions", Term: "middle-east"})
		if diff := cmp.Diff([]string{"siege", "overview"}, slugs(list.Articles)); diff != "" {
			t.Errorf("middle-east and below (-want +got):\n%s", diff)
		}
		if site, _ := db.Site(ctx); site.Name != "The Outlet" || site.Disclaimer != md("Ours.") {
			t.Errorf("site = %+v", site)
		}
		if page, _ := db.Page(ctx, "about"); page.Version != 1 || page.Body != md("Us.") {
			t.Errorf("page = %+v", page)
		}
		if x, err := db.Taxonomy(ctx, "formats"); err != nil || x.Label != "Format" {
			t.Errorf("taxonomy = %+v, %v", x, err)
		}
		counts := func() [4]int {
			t.Helper()
			authors, _ := db.Authors(ctx)
			articles, _ := db.Articles(ctx, press.ArticleFilter{})
			regions, _ := db.Terms(ctx, "regions")
			themes, _ := db.Terms(ctx, "themes")
			return [4]int{len(authors), articles.Total, len(regions), len(themes)}
		}
		before := counts()
		if before != [4]int{3, 2, 3, 2} {
			t.Errorf("authors, articles, regions, themes = %v", before)
		}

		// The same bundle again: nothing changes, not even dates.
		clock.Advance(time.Hour)
		stats, err = db.Import(ctx, bundle())
		if err != nil {
			t.Fatal(err)
		}
		want = store.ImportStats{Taxonomies: 1, Terms: 3, Authors: 1, Pages: 1, Articles: 2, Unchanged: 8}
		if diff := cmp.Diff(want, stats); diff != "" {
			t.Errorf("second import (-want +got):\n%s", diff)
		}
		if got := counts(); got != before {
			t.Errorf("second import changed counts: %v, was %v", got, before)
		}
		if diff := cmp.Diff(siege, mustGet(t, db, "siege")); diff != "" {
			t.Errorf("second import changed an article (-want +got):\n%s", diff)
		}

		// Changes: a title, a byline order, a bio, a parent.
		clock.Advance(time.Hour)
		b := bundle()
		b.Articles[0].Authors[0], b.Articles[0].Authors[1] = b.Articles[0].Authors[1], b.Articles[0].Authors[0]
		b.Articles[1].Title = "Overview, revised"
		b.Authors[0].Bio = md("Ana writes a lot.")
		b.Terms[0].Parent = "middle-east"
		stats, err = db.Import(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		want = store.ImportStats{Taxonomies: 1, Terms: 3, Authors: 1, Pages: 1, Articles: 2, Updated: 4, Unchanged: 4}
		if diff := cmp.Diff(want, stats); diff != "" {
			t.Errorf("third import (-want +got):\n%s", diff)
		}
		got := mustGet(t, db, "siege")
		if got.Version != 2 || !got.UpdatedAt.Equal(stored(clock.Now())) || got.Authors[0].Slug != "ana" || got.Authors[0].Bio != md("Ana writes a lot.") {
			t.Errorf("siege after reordering: v%d updated %v byline %v", got.Version, got.UpdatedAt, got.Authors)
		}
		if got := mustGet(t, db, "overview"); got.Title != "Overview, revised" || got.Version != 2 {
			t.Errorf("overview: %q v%d", got.Title, got.Version)
		}
		if got, _ := db.Term(ctx, "regions", "damascus"); got.Parent != "middle-east" {
			t.Errorf("damascus parent %q", got.Parent)
		}
		if got := counts(); got != before {
			t.Errorf("third import changed counts: %v, was %v", got, before)
		}
	}, presstest.WithClock(t0))
}

func TestImportAllOrNothing(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		mustAuthor(t, db, press.Author{Slug: "lee", Name: "Lee Park", Bio: md("Lee reports.")})
		empty := func(what string) {
			t.Helper()
			authors, _ := db.Authors(ctx)
			articles, _ := db.Articles(ctx, press.ArticleFilter{})
			regions, _ := db.Terms(ctx, "regions")
			pages, _ := db.Pages(ctx)
			taxonomies, _ := db.Taxonomies(ctx)
			site, _ := db.Site(ctx)
			lee, _ := db.Author(ctx, "lee")
			if len(authors) != 1 || articles.Total != 0 || len(regions) != 0 || len(pages) != 0 ||
				len(taxonomies) != 3 || site.Name != press.DefaultSite().Name || lee.Bio != md("Lee reports.") {
				t.Errorf("%s left something behind: %d authors, %d articles, %d regions, %d pages, %d taxonomies, site %q, lee %q",
					what, len(authors), articles.Total, len(regions), len(pages), len(taxonomies), site.Name, lee.Bio.Source)
			}
		}

		b := bundle()
		b.Authors = append(b.Authors, press.Author{Slug: "lee", Name: "Lee Park", Bio: md("Overwritten.")})
		bad := published("bad", day(2026, 1, 1, 0), nil)
		bad.Title = ""
		b.Articles = append(b.Articles, bad)
		_, err := db.Import(ctx, b)
		var v *press.ValidationError
		if !errors.As(err, &v) || v.Message("title") == "" || !strings.Contains(err.Error(), `"bad"`) {
			t.Errorf("import with an invalid last article: err = %v", err)
		}
		empty("an invalid article")

		b = bundle()
		b.Articles[1].Terms = append(b.Articles[1].Terms, termRef("colours", "red"))
		_, err = db.Import(ctx, b)
		wantErr(t, "import with an unknown taxonomy", err, press.ErrInvalid)
		if err == nil || !strings.Contains(err.Error(), `"colours"`) || !strings.Contains(err.Error(), `"overview"`) {
			t.Errorf("error %q names neither the taxonomy nor the article", err)
		}
		empty("an unknown taxonomy")

		b = bundle()
		b.Terms = append(b.Terms, press.Term{Taxonomy: "regions", Slug: "atlantis", Name: "Atlantis", Parent: "sea"})
		_, err = db.Import(ctx, b)
		wantErr(t, "import with an unknown parent", err, press.ErrInvalid)
		empty("an unknown parent")

		b = bundle()
		b.Terms[2].Parent = "damascus" // middle-east > syria > damascus > middle-east
		_, err = db.Import(ctx, b)
		wantErr(t, "import with a cycle", err, press.ErrInvalid)
		empty("a cycle")

		b = bundle()
		b.Pages = append(b.Pages, press.Page{Slug: "formats", Title: "Formats", Status: press.StatusDraft})
		_, err = db.Import(ctx, b)
		wantErr(t, "import with a page named like a new taxonomy", err, press.ErrInvalid)
		empty("a page on a taxonomy's path")
	})
}

// TestImportDates: an imported article keeps its source's date of last
// change; without one, a new article was last changed when published; a
// later change to it is dated now. LastModified moves with every import
// that changes something, even when the articles' own dates are older.
func TestImportDates(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		clock := presstest.ClockOf(t, db)
		clock.Set(now)
		pub, edited := day(2026, 2, 1, 0), day(2026, 3, 5, 9)
		plain := published("plain", pub, nil)
		dated := published("dated", pub, nil)
		dated.UpdatedAt = edited
		if _, err := db.Import(ctx, press.Bundle{Articles: []press.Article{plain, dated}}); err != nil {
			t.Fatal(err)
		}
		check := func(slug string, want time.Time) {
			t.Helper()
			a, err := db.Article(ctx, slug)
			if err != nil {
				t.Fatal(err)
			}
			if !a.UpdatedAt.Equal(want) {
				t.Errorf("%s: UpdatedAt = %v, want %v", slug, a.UpdatedAt, want)
			}
		}
		check("plain", pub)
		check("dated", edited)
		if lm, err := db.LastModified(ctx); err != nil || lm.Before(now) {
			t.Errorf("LastModified after the import = %v (%v), want at least %v", lm, err, now)
		}

		// Re-importing the same thing changes nothing; a changed body
		// without a date of change is dated now.
		later := now.Add(time.Hour)
		clock.Set(later)
		plain.Body.Source = "Corrected."
		if _, err := db.Import(ctx, press.Bundle{Articles: []press.Article{plain, dated}}); err != nil {
			t.Fatal(err)
		}
		check("plain", later)
		check("dated", edited)
	}, presstest.WithClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
}
