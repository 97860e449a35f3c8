package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestFeedArticles(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		newsroom(t, db)
		for _, tt := range []struct {
			name string
			f    press.ArticleFilter
			want []string
		}{
			{"site", press.ArticleFilter{},
				[]string{"new-climate", "europe-heat", "damascus-siege", "syria-water", "middle-east-overview", "old-climate"}},
			// Asking for drafts still gets published articles only.
			{"drafts asked for", press.ArticleFilter{Status: press.StatusDraft, Limit: 2}, []string{"new-climate", "europe-heat"}},
			{"offset ignored", press.ArticleFilter{Offset: 3, Limit: 1}, []string{"new-climate"}},
			{"author", press.ArticleFilter{Author: "lee"}, []string{"europe-heat", "damascus-siege", "middle-east-overview"}},
			{"term and below", press.ArticleFilter{Taxonomy: "regions", Term: "middle-east"},
				[]string{"damascus-siege", "syria-water", "middle-east-overview"}},
			{"unknown term", press.ArticleFilter{Taxonomy: "regions", Term: "atlantis"}, []string{}},
		} {
			list, err := db.FeedArticles(ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if diff := cmp.Diff(tt.want, slugs(list)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		list, err := db.FeedArticles(ctx, press.ArticleFilter{Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		heat := list[1]
		if heat.Body.HTML != "<p>Body of europe-heat</p>" || heat.Body.Source != "Body of europe-heat" {
			t.Errorf("body = %+v, want it loaded", heat.Body)
		}
		var authors, terms []string
		for _, au := range heat.Authors {
			authors = append(authors, au.Slug+" "+au.Name)
		}
		for _, m := range heat.Terms {
			terms = append(terms, m.Taxonomy+"/"+m.Slug+" "+m.Name)
		}
		if diff := cmp.Diff([]string{"ana Ana Ruiz", "lee Lee Park"}, authors); diff != "" {
			t.Errorf("authors (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"regions/europe Europe", "themes/climate Climate", "reports/water-crisis The Water Crisis"}, terms); diff != "" {
			t.Errorf("terms (-want +got):\n%s", diff)
		}
		if heat.Authors[0].Photo != "/media/ana.jpg" {
			t.Errorf("author photo = %q", heat.Authors[0].Photo)
		}
		_, err = db.FeedArticles(ctx, press.ArticleFilter{Taxonomy: "regions"})
		wantErr(t, "taxonomy without term", err, press.ErrInvalid)
	})
}

func TestNewsArticles(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		newsroom(t, db) // all older than two days at t0
		now := stored(t0)
		for slug, at := range map[string]time.Time{
			"an-hour-ago":     now.Add(-time.Hour),
			"just-in-window":  now.Add(-48 * time.Hour),
			"just-outside":    now.Add(-48*time.Hour - time.Microsecond),
			"tomorrow":        now.Add(24 * time.Hour),
			"forty-hours-ago": now.Add(-40 * time.Hour),
		} {
			mustArticle(t, db, published(slug, at, nil))
		}
		draft := published("recent-draft", now.Add(-time.Minute), nil)
		draft.Status = press.StatusDraft
		mustArticle(t, db, draft)

		list, err := db.NewsArticles(ctx, 48*time.Hour, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"an-hour-ago", "forty-hours-ago", "just-in-window"}, slugs(list)); diff != "" {
			t.Errorf("last 48 hours (-want +got):\n%s", diff)
		}
		if list[0].Title != "Title of an-hour-ago" || !list[0].PublishedAt.Equal(now.Add(-time.Hour)) {
			t.Errorf("first = %q at %v", list[0].Title, list[0].PublishedAt)
		}
		if list, _ := db.NewsArticles(ctx, 48*time.Hour, 2); len(list) != 2 {
			t.Errorf("limit 2 gave %d", len(list))
		}
		// The window follows the store's clock.
		presstest.ClockOf(t, db).Advance(24 * time.Hour)
		list, err = db.NewsArticles(ctx, 48*time.Hour, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"tomorrow", "an-hour-ago"}, slugs(list)); diff != "" {
			t.Errorf("a day later (-want +got):\n%s", diff)
		}
	}, presstest.WithClock(t0))
}

// sitemapOf collects every entry of db's sitemap.
func sitemapOf(t *testing.T, db *store.DB) []store.SitemapEntry {
	t.Helper()
	var out []store.SitemapEntry
	if err := db.Sitemap(t.Context(), func(e store.SitemapEntry) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSitemap(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		newsroom(t, db)
		for _, p := range []press.Page{
			{Slug: "about", Title: "About", Status: press.StatusPublished},
			{Slug: "hidden", Title: "Hidden", Status: press.StatusDraft},
			{Slug: "contact", Title: "Contact", Status: press.StatusPublished},
		} {
			if err := db.SavePage(ctx, &p); err != nil {
				t.Fatal(err)
			}
		}
		// An author whose only article is a draft has nothing to list.
		mustAuthor(t, db, press.Author{Slug: "zed", Name: "Zed"})
		draft := published("zeds-draft", time.Time{}, []press.Author{authorRef("zed")}, termRef("regions", "al-raqqa"))
		draft.Status = press.StatusDraft
		mustArticle(t, db, draft)

		t0 := stored(t0)
		want := []store.SitemapEntry{
			{"/about", t0}, {"/contact", t0},
			{"/authors/ana", t0}, {"/authors/lee", t0},
			// Taxonomy order, then the order terms were made in;
			// al-raqqa has a draft only.
			{"/regions/middle-east", t0}, {"/regions/syria", t0}, {"/regions/damascus", t0}, {"/regions/europe", t0},
			{"/themes/war", t0}, {"/themes/climate", t0}, {"/reports/water-crisis", t0},
			{"/archive/2025/11", t0}, {"/archive/2025/12", t0}, {"/archive/2026/01", t0}, {"/archive/2026/02", t0}, {"/archive/2026/03", t0},
			{"/articles/old-climate", t0}, {"/articles/middle-east-overview", t0}, {"/articles/syria-water", t0},
			{"/articles/damascus-siege", t0}, {"/articles/europe-heat", t0}, {"/articles/new-climate", t0},
		}
		if diff := cmp.Diff(want, sitemapOf(t, db)); diff != "" {
			t.Fatalf("sitemap (-want +got):\n%s", diff)
		}

		// Updating an article moves the dates of every listing that shows
		// it, and of no other: its authors, its terms and the terms
		// above them, its month.
		t1 := stored(clock.Advance(time.Hour))
		a := mustGet(t, db, "syria-water")
		a.Title = "Syria's water, revised"
		if err := db.UpdateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		moved := map[string]bool{"/articles/syria-water": true, "/authors/ana": true, "/regions/syria": true,
			"/regions/middle-east": true, "/reports/water-crisis": true, "/themes/climate": true, "/archive/2026/01": true}
		for i := range want {
			if moved[want[i].Path] {
				want[i].Modified = t1
			}
		}
		if diff := cmp.Diff(want, sitemapOf(t, db)); diff != "" {
			t.Errorf("after an update (-want +got):\n%s", diff)
		}
		// An author's own change counts too.
		t2 := stored(clock.Advance(time.Hour))
		mustAuthor(t, db, press.Author{Slug: "lee", Name: "Lee Park", Bio: md("Lee reports, now from Cairo.")})
		for _, e := range sitemapOf(t, db) {
			if e.Path == "/authors/lee" && !e.Modified.Equal(t2) {
				t.Errorf("lee modified %v after a bio change, want %v", e.Modified, t2)
			}
		}

		// f's error stops the walk and comes back as it is.
		stop := errors.New("enough")
		n := 0
		err := db.Sitemap(ctx, func(store.SitemapEntry) error {
			if n++; n == 3 {
				return stop
			}
			return nil
		})
		if err != stop || n != 3 {
			t.Errorf("stopping after 3: err = %v after %d entries", err, n)
		}
	}, presstest.WithClock(t0))
}

func TestSitemapEmpty(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		if got := sitemapOf(t, db); len(got) != 0 {
			t.Errorf("an empty store lists %v", got)
		}
	})
}
