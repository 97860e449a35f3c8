package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// TestListingsFollowEveryWrite: term and author listings, their counts
// and related articles read the links' copy of each article's publication
// (live_at), not the articles. After every kind of write that changes a
// status, a date, a byline or terms, they must list exactly what a query
// of the articles themselves lists.
func TestListingsFollowEveryWrite(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := press.WithActor(t.Context(), press.Actor{Name: "Listing test"})
		clock := presstest.ClockOf(t, db)
		mustAuthor(t, db, press.Author{Slug: "ana", Name: "Ana"})
		mustAuthor(t, db, press.Author{Slug: "ben", Name: "Ben"})
		mustTerm(t, db, press.Term{Taxonomy: "regions", Slug: "africa", Name: "Africa"})
		mustTerm(t, db, press.Term{Taxonomy: "regions", Slug: "kenya", Name: "Kenya", Parent: "africa"})
		mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "water", Name: "Water"})
		mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "land", Name: "Land"})
		base := clock.Now().Add(-30 * 24 * time.Hour)
		for i, slug := range []string{"one", "two", "three", "four", "five"} {
			a := press.Article{Slug: slug, Title: slug, Body: md(slug), Status: press.StatusPublished,
				PublishedAt: base.Add(time.Duration(i) * 24 * time.Hour),
				Authors:     []press.Author{{Slug: []string{"ana", "ben"}[i%2]}},
				Terms:       []press.Term{{Taxonomy: "regions", Slug: []string{"kenya", "africa"}[i%2]}, {Taxonomy: "themes", Slug: "water"}}}
			if i == 4 {
				a.Status = press.StatusDraft
			}
			mustArticle(t, db, a)
		}
		check := func(step string) {
			t.Helper()
			for _, f := range []press.ArticleFilter{
				{Taxonomy: "regions", Term: "africa"}, {Taxonomy: "regions", Term: "kenya"},
				{Taxonomy: "themes", Term: "water"}, {Taxonomy: "themes", Term: "land"},
				{Author: "ana"}, {Author: "ben"},
			} {
				f.Status = press.StatusPublished
				got, err := db.Articles(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				// Excluding an id no article has takes the articles'
				// own path: the truth.
				slow := f
				slow.Exclude = -1
				want, err := db.Articles(ctx, slow)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != want.Total || !slices.Equal(slugs(got.Articles), slugs(want.Articles)) {
					t.Errorf("%s: %+v lists %d %v, the articles say %d %v", step, f, got.Total, slugs(got.Articles), want.Total, slugs(want.Articles))
				}
				feed, err := db.FeedArticles(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(slugs(feed), slugs(want.Articles)) {
					t.Errorf("%s: feed of %+v is %v, want %v", step, f, slugs(feed), slugs(want.Articles))
				}
			}
			terms, err := db.Terms(ctx, "themes")
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range terms {
				want, err := db.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Taxonomy: "themes", Term: m.Slug, Exclude: -1})
				if err != nil {
					t.Fatal(err)
				}
				if m.Count != want.Total {
					t.Errorf("%s: %s counts %d, has %d", step, m.Slug, m.Count, want.Total)
				}
			}
		}
		edit := func(slug string, f func(a *press.Article)) {
			t.Helper()
			a := mustGet(t, db, slug)
			f(&a)
			if err := db.UpdateArticle(ctx, &a); err != nil {
				t.Fatal(err)
			}
		}
		check("created")
		edit("five", func(a *press.Article) { a.Status, a.PublishedAt = press.StatusPublished, base.Add(-time.Hour) })
		check("published a draft, dated first")
		edit("one", func(a *press.Article) { a.PublishedAt = base.Add(40 * 24 * time.Hour) })
		check("redated")
		edit("two", func(a *press.Article) { a.Status = press.StatusUnpublished })
		check("unpublished")
		edit("three", func(a *press.Article) {
			a.Terms = []press.Term{{Taxonomy: "themes", Slug: "land"}}
			a.Authors = []press.Author{{Slug: "ben"}, {Slug: "ana"}}
		})
		check("new terms and byline")
		four := mustGet(t, db, "four")
		if err := db.TrashArticle(ctx, four.ID); err != nil {
			t.Fatal(err)
		}
		check("trashed")
		if err := db.RestoreArticle(ctx, four.ID); err != nil {
			t.Fatal(err)
		}
		check("restored as a draft")
		edit("four", func(a *press.Article) { a.Status, a.PublishedAt = press.StatusScheduled, clock.Now().Add(time.Hour) })
		check("scheduled")
		clock.Advance(2 * time.Hour)
		if _, err := db.PublishDue(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
		check("published when due")
		if _, err := db.Import(ctx, press.Bundle{Articles: []press.Article{{Slug: "six", Title: "Six", Body: md("six"),
			Status: press.StatusPublished, PublishedAt: base.Add(3 * time.Hour),
			Authors: []press.Author{{Slug: "ana"}}, Terms: []press.Term{{Taxonomy: "themes", Slug: "land"}}}}}); err != nil {
			t.Fatal(err)
		}
		check("imported")
		if err := db.MergeTerms(ctx, "themes", "land", "water"); err != nil {
			t.Fatal(err)
		}
		check("merged")
		if err := db.DeleteTerm(ctx, "regions", "kenya"); err != nil {
			t.Fatal(err)
		}
		check("deleted a term")
		if err := db.DeleteArticle(ctx, mustGet(t, db, "one").ID); err != nil {
			t.Fatal(err)
		}
		check("deleted an article")
	}, presstest.WithClock(t0))
}

// TestRelatedNewestFirstByRank: related articles come from shared reports
// first, then themes, each newest first, never the article itself nor a
// draft, however many articles the terms have.
func TestRelatedNewestFirstByRank(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustTerm(t, db, press.Term{Taxonomy: "reports", Slug: "ledger", Name: "Ledger"})
		mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "water", Name: "Water"})
		mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "land", Name: "Land"})
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		add := func(slug string, day int, status press.Status, terms ...string) {
			a := press.Article{Slug: slug, Title: slug, Body: md(slug), Status: status, PublishedAt: base.AddDate(0, 0, day)}
			for _, m := range terms {
				tax := "themes"
				if m == "ledger" {
					tax = "reports"
				}
				a.Terms = append(a.Terms, press.Term{Taxonomy: tax, Slug: m})
			}
			mustArticle(t, db, a)
		}
		add("subject", 50, press.StatusPublished, "ledger", "water", "land")
		add("report-old", 1, press.StatusPublished, "ledger")
		add("report-new", 2, press.StatusPublished, "ledger", "water")
		add("report-draft", 60, press.StatusDraft, "ledger")
		for i := range 12 {
			add("water-"+string(rune('a'+i)), 10+i, press.StatusPublished, "water")
		}
		add("land-newest", 40, press.StatusPublished, "land")
		add("both-themes", 30, press.StatusPublished, "water", "land")
		subject := mustGet(t, db, "subject")
		for n, want := range map[int][]string{
			1: {"report-new"},
			2: {"report-new", "report-old"},
			4: {"report-new", "report-old", "land-newest", "both-themes"},
			6: {"report-new", "report-old", "land-newest", "both-themes", "water-l", "water-k"},
		} {
			got, err := db.Related(ctx, &subject, n)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(slugs(got), want) {
				t.Errorf("%d related: %v, want %v", n, slugs(got), want)
			}
		}
	})
}
