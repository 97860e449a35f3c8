package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// walk reads every page of f with ArticlesAfter and returns the slugs in
// the order given, failing t on an empty page before the end or a page
// larger than asked. between, when set, runs before each page after the
// first.
func walk(t *testing.T, db *store.DB, f press.ArticleFilter, between func(page int)) []string {
	t.Helper()
	got := []string{}
	var after *press.Cursor
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatal("ArticlesAfter never reached the end")
		}
		if page > 0 && between != nil {
			between(page)
		}
		p, err := db.ArticlesAfter(t.Context(), f, after)
		if err != nil {
			t.Fatal(err)
		}
		if f.Limit > 0 && len(p.Articles) > f.Limit {
			t.Fatalf("page %d has %d articles, limit %d", page, len(p.Articles), f.Limit)
		}
		if p.Next != nil && len(p.Articles) == 0 {
			t.Fatalf("page %d is empty but has a next cursor", page)
		}
		got = append(got, slugs(p.Articles)...)
		if p.Next == nil {
			return got
		}
		after = p.Next
	}
}

// TestArticlesAfterMatchesArticles: paging with a cursor yields exactly
// the listing Articles gives for the same filter, in the same order, for
// every page size and every kind of filter (descendant terms included).
func TestArticlesAfterMatchesArticles(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		all := newsroom(t, db)
		pub := press.StatusPublished
		filters := map[string]press.ArticleFilter{
			"published":             {Status: pub},
			"author":                {Status: pub, Author: "ana"},
			"term with descendants": {Status: pub, Taxonomy: "regions", Term: "middle-east"},
			"leaf term":             {Status: pub, Taxonomy: "regions", Term: "damascus"},
			"report":                {Status: pub, Taxonomy: "reports", Term: "water-crisis"},
			"dates":                 {Status: pub, From: day(2026, 1, 1, 0), Until: day(2026, 2, 20, 0)},
			"featured":              {Status: pub, Featured: true},
			"exclude":               {Status: pub, Exclude: all["europe-heat"].ID},
			"author and term":       {Status: pub, Author: "lee", Taxonomy: "themes", Term: "war"},
			"unknown author":        {Status: pub, Author: "nobody"},
			"unknown term":          {Status: pub, Taxonomy: "regions", Term: "atlantis"},
			"any status":            {},
		}
		for name, f := range filters {
			f.Limit = 1000
			list, err := db.Articles(t.Context(), f)
			if err != nil {
				t.Fatal(err)
			}
			want := slugs(list.Articles)
			if f.Status == "" {
				// Undated drafts have no position in the order.
				want = want[1:]
				if want[0] == "draft-piece" || list.Articles[0].Slug != "draft-piece" {
					t.Fatalf("%s: the fixture changed: %q", name, slugs(list.Articles))
				}
			}
			for _, limit := range []int{1, 2, 3, 5, 100} {
				f.Limit = limit
				if diff := cmp.Diff(want, walk(t, db, f, nil)); diff != "" {
					t.Errorf("%s, limit %d (-Articles +ArticlesAfter):\n%s", name, limit, diff)
				}
			}
		}

		// A page carries what a listing does: authors and terms, no body.
		p, err := db.ArticlesAfter(t.Context(), press.ArticleFilter{Status: pub, Limit: 2}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Articles) != 2 || p.Next == nil {
			t.Fatalf("first page of 2: %q, next %v", slugs(p.Articles), p.Next)
		}
		heat := p.Articles[1]
		if heat.Slug != "europe-heat" || len(heat.Authors) != 2 || heat.Authors[1].Slug != "lee" || len(heat.Terms) != 3 ||
			heat.Body.HTML != "" || heat.Excerpt != "Excerpt of europe-heat" {
			t.Errorf("listed article = %+v", heat)
		}
		if *p.Next != press.CursorAfter(&heat) {
			t.Errorf("next = %+v, want the cursor of the page's last article", *p.Next)
		}
		// The default page size applies when no limit is given.
		p, err = db.ArticlesAfter(t.Context(), press.ArticleFilter{Status: pub}, nil)
		if err != nil || len(p.Articles) != 6 || p.Next != nil {
			t.Errorf("no limit: %d articles, next %v, err %v", len(p.Articles), p.Next, err)
		}
	}, presstest.WithClock(t0))
}

// TestArticlesAfterTies: articles published at the same microsecond are
// ordered by ID, and a page boundary falling among them loses and repeats
// none.
func TestArticlesAfterTies(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		same := time.Date(2026, 5, 1, 8, 0, 0, 123456000, time.UTC)
		var want []string
		for i := range 7 {
			a := mustArticle(t, db, published(fmt.Sprintf("tie-%d", i), same, nil))
			want = append([]string{a.Slug}, want...) // higher IDs first
		}
		// One on each side of the tie, a microsecond apart.
		mustArticle(t, db, published("after-tie", same.Add(time.Microsecond), nil))
		mustArticle(t, db, published("before-tie", same.Add(-time.Microsecond), nil))
		want = append(append([]string{"after-tie"}, want...), "before-tie")
		for _, limit := range []int{1, 2, 3, 4, 8, 9, 10} {
			got := walk(t, db, press.ArticleFilter{Status: press.StatusPublished, Limit: limit}, nil)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("limit %d (-want +got):\n%s", limit, diff)
			}
		}
	}, presstest.WithClock(t0))
}

// TestArticlesAfterWhilePublishing: articles published between pages,
// newer than everything, older than everything, and at the very time of
// the page boundary, do not make the walk lose or repeat any article that
// was there when it began.
func TestArticlesAfterWhilePublishing(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		base := day(2026, 4, 1, 0)
		var before []string
		for i := range 12 {
			at := base.Add(time.Duration(i/2) * time.Hour) // pairs share a time
			a := mustArticle(t, db, published(fmt.Sprintf("old-%02d", i), at, nil))
			before = append([]string{a.Slug}, before...)
		}
		n := 0
		publish := func(at time.Time) {
			n++
			mustArticle(t, db, published(fmt.Sprintf("new-%02d", n), at, nil))
		}
		f := press.ArticleFilter{Status: press.StatusPublished, Limit: 3}
		got := walk(t, db, f, func(page int) {
			publish(base.Add(48 * time.Hour))                    // newer than all: before the cursor
			publish(base.Add(-48 * time.Hour))                   // older than all: still ahead
			publish(base.Add(time.Duration(5-page) * time.Hour)) // in the middle, at a boundary's time
		})
		seen := map[string]int{}
		for _, s := range got {
			seen[s]++
			if seen[s] > 1 {
				t.Errorf("%s listed twice", s)
			}
		}
		for _, s := range before {
			if seen[s] != 1 {
				t.Errorf("%s, there from the start, listed %d times", s, seen[s])
			}
		}
		// What was listed is in order: the walk never went backwards.
		var old []string
		for _, s := range got {
			if s[:4] == "old-" {
				old = append(old, s)
			}
		}
		if diff := cmp.Diff(before, old); diff != "" {
			t.Errorf("original articles out of order (-want +got):\n%s", diff)
		}
	}, presstest.WithClock(t0))
}

func TestArticlesAfterInvalid(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		_, err := db.ArticlesAfter(t.Context(), press.ArticleFilter{Offset: 20}, nil)
		wantErr(t, "offset", err, press.ErrInvalid)
		_, err = db.ArticlesAfter(t.Context(), press.ArticleFilter{Taxonomy: "regions"}, nil)
		wantErr(t, "taxonomy without term", err, press.ErrInvalid)
		// A cursor past the end, or before the start, is just a position.
		newsroom(t, db)
		p, err := db.ArticlesAfter(t.Context(), press.ArticleFilter{}, &press.Cursor{PublishedAt: day(1990, 1, 1, 0), ID: 1})
		if err != nil || len(p.Articles) != 0 || p.Next != nil {
			t.Errorf("after the end: %q, next %v, err %v", slugs(p.Articles), p.Next, err)
		}
		p, err = db.ArticlesAfter(t.Context(), press.ArticleFilter{}, &press.Cursor{PublishedAt: day(2100, 1, 1, 0), ID: 1})
		if err != nil || len(p.Articles) != 6 {
			t.Errorf("before the start: %q, err %v", slugs(p.Articles), err)
		}
	}, presstest.WithClock(t0))
}
