package store_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestArticleRoundTrip(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ana := mustAuthor(t, db, press.Author{Slug: "ana", Name: "Ana Ruiz", Bio: md("Ana."),
			Links: []press.Link{{Label: "Site", URL: "https://ana.example"}}, Email: "ana@outlet.example"})
		lee := mustAuthor(t, db, press.Author{Slug: "lee", Name: "Lee Park"})
		mustTerm(t, db, press.Term{Taxonomy: "regions", Slug: "middle-east", Name: "Middle East"})
		syria := mustTerm(t, db, press.Term{Taxonomy: "regions", Slug: "syria", Name: "Syria", Parent: "middle-east",
			Description: md("A country.")})
		war := mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "war", Name: "War"})

		// Published in UTC+3, with nanoseconds: it reads back in UTC at
		// microsecond precision.
		date := time.Date(2026, 1, 1, 1, 30, 0, 123456789, time.FixedZone("AST", 3*3600))
		a := press.Article{
			Slug: "water-under-siege", Title: "Water under siege", Dek: "How the taps ran dry",
			Body: md("The **taps** ran dry."), Status: press.StatusPublished, Featured: true, Language: "ar",
			PublishedAt: date,
			Authors:     []press.Author{authorRef("lee"), authorRef("ana")},
			Terms:       []press.Term{termRef("themes", "war"), termRef("regions", "syria")},
			Image:       press.Image{Src: "/media/taps.jpg", Alt: "Dry taps", Credit: "Photo: Lee Park"},
			Source:      press.Source{Name: "The Other Outlet", URL: "https://other.example/water"},
			Copyright:   press.Copyright{Holder: "The Other Outlet", Year: 2025},
			License:     md("CC BY-NC-ND 4.0"),
			Fields:      []press.Field{{Key: "translator", Value: "Sam"}, {Key: "doc", Value: "A-17"}, {Key: "translator", Value: "Kim"}},
			Excerpt:     "The taps ran dry.",
			WordCount:   4,
		}
		if err := db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || a.Version != 1 || !a.CreatedAt.Equal(stored(t0)) || !a.UpdatedAt.Equal(stored(t0)) {
			t.Errorf("CreateArticle set ID %d, version %d, created %v, updated %v", a.ID, a.Version, a.CreatedAt, a.UpdatedAt)
		}
		got := mustGet(t, db, a.Slug)

		want := a
		want.PublishedAt = stored(date)
		want.Authors = []press.Author{lee, ana}
		want.Terms = []press.Term{war, syria}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Article (-want +got):\n%s", diff)
		}
		for name, tm := range map[string]time.Time{"published": got.PublishedAt, "created": got.CreatedAt, "updated": got.UpdatedAt} {
			if tm.Location() != time.UTC || tm.Nanosecond()%1000 != 0 {
				t.Errorf("%s time %v is not UTC at microsecond precision", name, tm)
			}
		}
		if got.PublishedAt.Nanosecond() != 123456000 {
			t.Errorf("published time lost precision: %v", got.PublishedAt)
		}

		// A draft: no date, no authors, no terms, nothing optional.
		bare := press.Article{Slug: "bare", Title: "Bare", Status: press.StatusDraft}
		if err := db.CreateArticle(ctx, &bare); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(bare, mustGet(t, db, "bare")); diff != "" {
			t.Errorf("bare draft (-want +got):\n%s", diff)
		}
	}, presstest.WithClock(t0))
}

func TestArticleErrors(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		a := mustArticle(t, db, published("one", day(2026, 1, 1, 0), nil))
		mustArticle(t, db, published("two", day(2026, 1, 2, 0), nil))

		dup := published("one", day(2026, 1, 3, 0), nil)
		wantErr(t, "CreateArticle with a taken slug", db.CreateArticle(ctx, &dup), press.ErrConflict)

		_, err := db.Article(ctx, "nope")
		wantErr(t, "Article(nope)", err, press.ErrNotFound)
		if err == nil || !strings.Contains(err.Error(), `"nope"`) {
			t.Errorf("error %q does not name the slug", err)
		}

		invalid := press.Article{Slug: "Not A Slug", Status: press.StatusPublished}
		err = db.CreateArticle(ctx, &invalid)
		var v *press.ValidationError
		if !errors.As(err, &v) || v.Message("title") == "" || v.Message("slug") == "" || v.Message("date") == "" {
			t.Errorf("CreateArticle(invalid) = %v, want validation errors on title, slug and date", err)
		}
		unknown := published("three", day(2026, 1, 3, 0), nil, termRef("colours", "red"))
		err = db.CreateArticle(ctx, &unknown)
		wantErr(t, "CreateArticle with a term of an unknown taxonomy", err, press.ErrInvalid)
		if err == nil || !strings.Contains(err.Error(), "colours") {
			t.Errorf("error %q does not name the taxonomy", err)
		}

		// Two editors read version 1; the first to save wins.
		first, second := mustGet(t, db, "one"), mustGet(t, db, "one")
		clock.Advance(time.Hour)
		first.Title = "First"
		first.Authors = []press.Author{{Slug: "new-person", Name: "New Person"}}
		if err := db.UpdateArticle(ctx, &first); err != nil {
			t.Fatal(err)
		}
		if first.Version != 2 || !first.UpdatedAt.Equal(stored(t0.Add(time.Hour))) || !first.CreatedAt.Equal(a.CreatedAt) {
			t.Errorf("after update: version %d, updated %v, created %v", first.Version, first.UpdatedAt, first.CreatedAt)
		}
		second.Title = "Second"
		wantErr(t, "UpdateArticle with a stale version", db.UpdateArticle(ctx, &second), press.ErrConflict)
		got := mustGet(t, db, "one")
		if got.Title != "First" || got.Version != 2 || len(got.Authors) != 1 || got.Authors[0].Name != "New Person" {
			t.Errorf("stored after the conflict: %q v%d %v", got.Title, got.Version, got.Authors)
		}

		got.Slug = "two"
		wantErr(t, "UpdateArticle to a taken slug", db.UpdateArticle(ctx, &got), press.ErrConflict)
		gone := got
		gone.ID = 9999
		gone.Slug = "gone"
		wantErr(t, "UpdateArticle of a missing article", db.UpdateArticle(ctx, &gone), press.ErrNotFound)

		// Renaming keeps the article.
		got.Slug = "one-renamed"
		if err := db.UpdateArticle(ctx, &got); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Article(ctx, "one"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("old slug after rename: %v", err)
		}
		if err := db.DeleteArticle(ctx, got.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.Article(ctx, "one-renamed")
		wantErr(t, "Article after delete", err, press.ErrNotFound)
		wantErr(t, "DeleteArticle twice", db.DeleteArticle(ctx, got.ID), press.ErrNotFound)
		// The author it created stays.
		if _, err := db.Author(ctx, "new-person"); err != nil {
			t.Error(err)
		}
	}, presstest.WithClock(t0))
}

func TestArticles(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		all := newsroom(t, db)
		pub := press.StatusPublished
		tests := []struct {
			name   string
			filter press.ArticleFilter
			want   []string
			total  int
		}{
			{"published", press.ArticleFilter{Status: pub},
				[]string{"new-climate", "europe-heat", "damascus-siege", "syria-water", "middle-east-overview", "old-climate"}, 6},
			{"everything, undated drafts first", press.ArticleFilter{},
				[]string{"draft-piece", "new-climate", "europe-heat", "damascus-siege", "syria-water", "middle-east-overview", "old-climate"}, 7},
			{"drafts", press.ArticleFilter{Status: press.StatusDraft}, []string{"draft-piece"}, 1},
			{"by author", press.ArticleFilter{Status: pub, Author: "ana"},
				[]string{"new-climate", "europe-heat", "syria-water"}, 3},
			{"by unknown author", press.ArticleFilter{Author: "nobody"}, []string{}, 0},
			{"term and descendants", press.ArticleFilter{Status: pub, Taxonomy: "regions", Term: "middle-east"},
				[]string{"damascus-siege", "syria-water", "middle-east-overview"}, 3},
			{"term with drafts", press.ArticleFilter{Taxonomy: "regions", Term: "syria"},
				[]string{"draft-piece", "damascus-siege", "syria-water"}, 3},
			{"leaf term", press.ArticleFilter{Taxonomy: "regions", Term: "damascus"}, []string{"damascus-siege"}, 1},
			{"unknown term", press.ArticleFilter{Taxonomy: "regions", Term: "atlantis"}, []string{}, 0},
			{"same slug, other taxonomy", press.ArticleFilter{Taxonomy: "themes", Term: "syria"}, []string{}, 0},
			{"featured", press.ArticleFilter{Status: pub, Featured: true}, []string{"damascus-siege"}, 1},
			{"dates: from inclusive, until exclusive", press.ArticleFilter{From: day(2026, 1, 10, 12), Until: day(2026, 2, 20, 0)},
				[]string{"damascus-siege", "syria-water"}, 2},
			{"a month", press.ArticleFilter{Status: pub, From: day(2025, 12, 1, 0), Until: day(2026, 1, 1, 0)},
				[]string{"middle-east-overview"}, 1},
			{"exclude", press.ArticleFilter{Status: pub, Taxonomy: "themes", Term: "climate", Exclude: all["europe-heat"].ID},
				[]string{"new-climate", "syria-water", "old-climate"}, 3},
			{"page 2", press.ArticleFilter{Status: pub, Limit: 2, Offset: 2}, []string{"damascus-siege", "syria-water"}, 6},
			{"last page", press.ArticleFilter{Status: pub, Limit: 4, Offset: 4}, []string{"middle-east-overview", "old-climate"}, 6},
			{"past the end", press.ArticleFilter{Status: pub, Offset: 10}, []string{}, 6},
			{"everything at once", press.ArticleFilter{Status: pub, Author: "ana", Taxonomy: "themes", Term: "climate",
				From: day(2026, 1, 1, 0), Until: day(2026, 3, 1, 0), Exclude: all["syria-water"].ID}, []string{"europe-heat"}, 1},
		}
		for _, tt := range tests {
			got, err := db.Articles(ctx, tt.filter)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if diff := cmp.Diff(tt.want, slugs(got.Articles)); diff != "" || got.Total != tt.total {
				t.Errorf("%s: total %d, want %d; articles (-want +got):\n%s", tt.name, got.Total, tt.total, diff)
			}
		}

		_, err := db.Articles(ctx, press.ArticleFilter{Taxonomy: "regions"})
		wantErr(t, "a taxonomy without a term", err, press.ErrInvalid)

		// Listed articles carry bylines and terms but no body.
		list, err := db.Articles(ctx, press.ArticleFilter{Status: pub, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		heat := list.Articles[1]
		want := all["europe-heat"]
		want.Body = press.Markdown{}
		want.Authors = []press.Author{
			{ID: heat.Authors[0].ID, Slug: "ana", Name: "Ana Ruiz", Photo: "/media/ana.jpg"},
			{ID: heat.Authors[1].ID, Slug: "lee", Name: "Lee Park"},
		}
		full := mustGet(t, db, "europe-heat")
		want.Terms = full.Terms
		if diff := cmp.Diff(want, heat); diff != "" {
			t.Errorf("listed article (-want +got):\n%s", diff)
		}
		if heat.Excerpt == "" || heat.Authors[0].ID != full.Authors[0].ID {
			t.Errorf("listed article lacks excerpt or author IDs: %+v", heat)
		}

		// The default page size.
		for i := range press.DefaultPageSize + 1 {
			mustArticle(t, db, published(fmt.Sprintf("extra-%d", i), day(2024, 1, 1, i), nil))
		}
		list, err = db.Articles(ctx, press.ArticleFilter{Status: pub})
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Articles) != press.DefaultPageSize || list.Total != 6+press.DefaultPageSize+1 {
			t.Errorf("default page: %d articles of %d", len(list.Articles), list.Total)
		}
	})
}

func TestRelated(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		all := newsroom(t, db)
		tests := []struct {
			slug string
			n    int
			want []string
		}{
			// The report comes first though older; then themes, newest
			// first; the draft in the same report never.
			{"syria-water", 5, []string{"europe-heat", "new-climate", "old-climate"}},
			{"syria-water", 1, []string{"europe-heat"}},
			{"syria-water", 0, []string{}},
			// Regions do not relate.
			{"damascus-siege", 5, []string{"middle-east-overview"}},
			{"new-climate", 2, []string{"europe-heat", "syria-water"}},
		}
		for _, tt := range tests {
			a := all[tt.slug]
			got, err := db.Related(ctx, &a, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, slugs(got)); diff != "" {
				t.Errorf("Related(%s, %d) (-want +got):\n%s", tt.slug, tt.n, diff)
			}
		}
		// A preview, not stored, relates by its terms.
		preview := press.Article{Slug: "preview", Terms: []press.Term{termRef("themes", "war")}}
		got, err := db.Related(ctx, &preview, 5)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"damascus-siege", "middle-east-overview"}, slugs(got)); diff != "" {
			t.Errorf("Related(preview) (-want +got):\n%s", diff)
		}
		if len(got[0].Authors) != 1 || got[0].Body.Source != "" {
			t.Errorf("related articles are listed like listings: %+v", got[0])
		}
	})
}

func TestMonths(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		got, err := db.Months(ctx)
		if err != nil || len(got) != 0 {
			t.Errorf("Months of an empty database = %v, %v", got, err)
		}
		newsroom(t, db)
		got, err = db.Months(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []press.Month{
			{Year: 2026, Month: time.March, Count: 1},
			{Year: 2026, Month: time.February, Count: 2},
			{Year: 2026, Month: time.January, Count: 1},
			{Year: 2025, Month: time.December, Count: 1}, // 23:59:59.999999 UTC on the 31st
			{Year: 2025, Month: time.November, Count: 1},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Months (-want +got):\n%s", diff)
		}
	})
}

// TestConcurrentWrites checks that writers queue rather than fail: on
// SQLite with SQLITE_BUSY, on both with lost updates.
func TestConcurrentWrites(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		mustArticle(t, db, published("shared", day(2026, 1, 1, 0), nil))
		const writers, each = 8, 5
		var wg sync.WaitGroup
		errs := make(chan error, writers*each*2)
		conflicts := make(chan bool, writers)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					a := published(fmt.Sprintf("w%d-%d", w, i), day(2026, 1, 1, i), []press.Author{{Slug: "shared-author", Name: "Shared"}},
						termRef("themes", "shared-theme"))
					a.Terms[0].Name = "Shared theme"
					if err := db.CreateArticle(ctx, &a); err != nil {
						errs <- err
					}
				}
				// Everyone updates the same version: one wins.
				a, err := db.Article(ctx, "shared")
				if err != nil {
					errs <- err
					return
				}
				a.Version = 1
				a.Title = fmt.Sprintf("by writer %d", w)
				err = db.UpdateArticle(ctx, &a)
				conflicts <- errors.Is(err, press.ErrConflict)
				if err != nil && !errors.Is(err, press.ErrConflict) {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		close(conflicts)
		for err := range errs {
			t.Error(err)
		}
		won := 0
		for c := range conflicts {
			if !c {
				won++
			}
		}
		if won != 1 {
			t.Errorf("%d writers updated version 1, want exactly 1", won)
		}
		list, err := db.Articles(ctx, press.ArticleFilter{Author: "shared-author", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if list.Total != writers*each {
			t.Errorf("stored %d articles, want %d", list.Total, writers*each)
		}
		if got := mustGet(t, db, "shared").Version; got != 2 {
			t.Errorf("shared article version %d, want 2", got)
		}
	})
}
