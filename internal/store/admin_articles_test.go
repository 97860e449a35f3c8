package store_test

import (
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestAdminArticles(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		newsroom(t, db)
		uma := mustUser(t, db, "Uma", press.RoleContributor)
		clock.Advance(time.Minute)
		pending := draft("levels")
		pending.Title, pending.Status, pending.OwnerID = "100% Water_Levels", press.StatusPending, uma.ID
		pending = mustArticle(t, db, pending)
		clock.Advance(time.Minute)
		gone := mustArticle(t, db, draft("gone"))
		if err := db.TrashArticle(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
		// Touch one article so that it is the last updated.
		heat := mustGet(t, db, "europe-heat")
		heat.Dek = "Updated"
		if err := db.UpdateArticle(ctx, &heat); err != nil {
			t.Fatal(err)
		}

		for _, tc := range []struct {
			name  string
			f     store.AdminArticleFilter
			want  []string
			total int
		}{
			{"everything but the trash, last updated first", store.AdminArticleFilter{},
				[]string{"europe-heat", "levels", "new-climate", "old-climate", "middle-east-overview", "draft-piece", "damascus-siege", "syria-water"}, 8},
			{"one status", store.AdminArticleFilter{Status: press.StatusDraft}, []string{"draft-piece"}, 1},
			{"the trash", store.AdminArticleFilter{Status: press.StatusTrash}, []string{"gone"}, 1},
			{"owner", store.AdminArticleFilter{Owner: uma.ID}, []string{"levels"}, 1},
			{"owner or byline", store.AdminArticleFilter{Owner: uma.ID, AuthorSlug: "lee", Sort: store.SortPublished},
				[]string{"levels", "europe-heat", "damascus-siege", "middle-east-overview"}, 4},
			{"byline", store.AdminArticleFilter{AuthorSlug: "lee", Sort: store.SortCreated},
				[]string{"middle-east-overview", "europe-heat", "damascus-siege"}, 3},
			{"term and below", store.AdminArticleFilter{Taxonomy: "regions", Term: "syria", Sort: store.SortPublished},
				[]string{"draft-piece", "damascus-siege", "syria-water"}, 3},
			{"title, any case", store.AdminArticleFilter{Title: "WATER", Sort: store.SortTitle}, []string{"levels", "syria-water"}, 2},
			{"title with a percent sign", store.AdminArticleFilter{Title: "0%"}, []string{"levels"}, 1},
			{"title with an underscore", store.AdminArticleFilter{Title: "r_l"}, []string{"levels"}, 1},
			{"title with a backslash", store.AdminArticleFilter{Title: `\`}, []string{}, 0},
			{"title sort", store.AdminArticleFilter{Sort: store.SortTitle, Limit: 3},
				[]string{"levels", "damascus-siege", "draft-piece"}, 8},
			{"page", store.AdminArticleFilter{Sort: store.SortTitle, Limit: 3, Offset: 3},
				[]string{"europe-heat", "middle-east-overview", "new-climate"}, 8},
		} {
			got, err := db.AdminArticles(ctx, tc.f)
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			if diff := cmp.Diff(tc.want, slugs(got.Articles)); diff != "" || got.Total != tc.total {
				t.Errorf("%s: total %d, want %d (-want +got):\n%s", tc.name, got.Total, tc.total, diff)
			}
		}
		list, _ := db.AdminArticles(ctx, store.AdminArticleFilter{Owner: uma.ID})
		if a := list.Articles[0]; a.OwnerID != uma.ID || a.Body.Source != "" {
			t.Errorf("listed article = %+v", a)
		}
		_, err := db.AdminArticles(ctx, store.AdminArticleFilter{Sort: "random"})
		wantErr(t, "unknown sort", err, press.ErrInvalid)
		_, err = db.AdminArticles(ctx, store.AdminArticleFilter{Taxonomy: "regions"})
		wantErr(t, "taxonomy without term", err, press.ErrInvalid)

		// Readers' listings show published articles only.
		public, err := db.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range public.Articles {
			if a.Status != press.StatusPublished {
				t.Errorf("public listing shows %s %s", a.Status, a.Slug)
			}
		}
	}, presstest.WithClock(t0))
}

func TestTrash(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		a := mustArticle(t, db, published("story", day(2026, 1, 1, 0), nil))
		b := mustArticle(t, db, draft("later"))
		if err := db.TrashArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		got := mustGet(t, db, "story")
		if got.Status != press.StatusTrash || !got.TrashedAt.Equal(stored(t0)) || got.Version != 2 {
			t.Errorf("trashed = %s at %v v%d", got.Status, got.TrashedAt, got.Version)
		}
		if err := db.TrashArticle(ctx, a.ID); err != nil {
			t.Errorf("trashing twice: %v", err)
		}
		if got := mustGet(t, db, "story"); got.Version != 2 {
			t.Errorf("trashing twice made version %d", got.Version)
		}
		public, _ := db.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished})
		if public.Total != 0 {
			t.Errorf("a trashed article is listed publicly")
		}
		if err := db.RestoreArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		got = mustGet(t, db, "story")
		if got.Status != press.StatusDraft || !got.TrashedAt.IsZero() || got.Version != 3 {
			t.Errorf("restored = %s at %v v%d", got.Status, got.TrashedAt, got.Version)
		}
		wantErr(t, "restoring an article not in the trash", db.RestoreArticle(ctx, a.ID), press.ErrInvalid)
		wantErr(t, "trashing a missing article", db.TrashArticle(ctx, 1<<40), press.ErrNotFound)
		wantErr(t, "restoring a missing article", db.RestoreArticle(ctx, 1<<40), press.ErrNotFound)

		// Purge what went to the trash before a time.
		if err := db.TrashArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		clock.Advance(48 * time.Hour)
		if err := db.TrashArticle(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		n, err := db.PurgeTrash(ctx, t0.Add(24*time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("PurgeTrash = %d, %v; want 1", n, err)
		}
		_, err = db.ArticleByID(ctx, a.ID)
		wantErr(t, "a purged article", err, press.ErrNotFound)
		if _, err := db.ArticleByID(ctx, b.ID); err != nil {
			t.Errorf("an article trashed later was purged: %v", err)
		}
		if n, err := db.PurgeTrash(ctx, t0.Add(24*time.Hour)); err != nil || n != 0 {
			t.Errorf("PurgeTrash again = %d, %v", n, err)
		}
		wantErr(t, "deleting a missing article", db.DeleteArticle(ctx, 1<<40), press.ErrNotFound)
		want := []string{"article.create", "article.create", "article.trash", "article.restore", "article.trash", "article.trash", "article.delete"}
		if diff := cmp.Diff(want, auditActions(t, db)); diff != "" {
			t.Errorf("audit (-want +got):\n%s", diff)
		}
	}, presstest.WithClock(t0))
}

func TestPublishDue(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		mustWebhook(t, db, true, `["article.published"]`)
		_, err := db.NextScheduled(ctx)
		wantErr(t, "NextScheduled with nothing scheduled", err, press.ErrNotFound)
		for i, slug := range []string{"first", "second", "third"} {
			a := draft(slug)
			a.Status, a.PublishedAt = press.StatusScheduled, t0.Add(time.Duration(i+1)*time.Hour)
			mustArticle(t, db, a)
		}
		next, err := db.NextScheduled(ctx)
		if err != nil || !next.Equal(stored(t0.Add(time.Hour))) {
			t.Errorf("NextScheduled = %v, %v", next, err)
		}
		if list, err := db.PublishDue(ctx, t0); err != nil || len(list) != 0 {
			t.Errorf("PublishDue before time = %v, %v", slugs(list), err)
		}
		list, err := db.PublishDue(ctx, t0.Add(2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"first", "second"}, slugs(list)); diff != "" {
			t.Errorf("published (-want +got):\n%s", diff)
		}
		for _, a := range list {
			got := mustGet(t, db, a.Slug)
			if got.Status != press.StatusPublished || got.Version != 2 {
				t.Errorf("%s = %s v%d", a.Slug, got.Status, got.Version)
			}
			revs, _ := db.Revisions(ctx, a.ID)
			if len(revs) != 2 || revs[0].Author != "Scheduler" || revs[0].Article.Status != press.StatusPublished {
				t.Errorf("%s revisions = %+v", a.Slug, revs)
			}
		}
		next, err = db.NextScheduled(ctx)
		if err != nil || !next.Equal(stored(t0.Add(3*time.Hour))) {
			t.Errorf("NextScheduled = %v, %v", next, err)
		}
		if diff := cmp.Diff([]string{"article.published", "article.published"}, deliveries(t, db)); diff != "" {
			t.Errorf("deliveries (-want +got):\n%s", diff)
		}
		log, _ := db.AuditLog(ctx, store.AuditFilter{Action: "article.publish"})
		if len(log) != 2 || log[0].Actor != "Scheduler" || log[0].UserID != 0 {
			t.Errorf("audit = %+v", log)
		}
		// Published articles are found by search at once.
		res, err := db.Search(ctx, press.SearchQuery{Text: "first"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 {
			t.Errorf("search finds %d published articles for \"first\", want 1", res.Total)
		}
	}, presstest.WithClock(t0))
}

// TestPublishDueConcurrent has several processes' schedulers publish at
// the same moment: each article is published once, with one revision and
// one delivery.
func TestPublishDueConcurrent(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		mustWebhook(t, db, true, `["article.published"]`)
		const articles, callers = 30, 8
		for i := range articles {
			a := draft("due-" + string(rune('a'+i%26)) + string(rune('a'+i/26)))
			a.Status, a.PublishedAt = press.StatusScheduled, t0.Add(-time.Duration(i)*time.Minute)
			mustArticle(t, db, a)
		}
		results := make(chan []press.Article, callers)
		errs := make(chan error, callers)
		start := make(chan struct{})
		for range callers {
			go func() {
				<-start
				list, err := db.PublishDue(ctx, t0)
				results <- list
				errs <- err
			}()
		}
		close(start)
		var all []string
		for range callers {
			if err := <-errs; err != nil {
				t.Error(err)
			}
			all = append(all, slugs(<-results)...)
		}
		sort.Strings(all)
		if len(all) != articles {
			t.Errorf("published %d times, want %d: %v", len(all), articles, all)
		}
		for i := 1; i < len(all); i++ {
			if all[i] == all[i-1] {
				t.Errorf("%s published twice", all[i])
			}
		}
		if n, _ := db.CountForTest(ctx, "SELECT COUNT(*) FROM revisions"); n != 2*articles {
			t.Errorf("%d revisions, want %d", n, 2*articles)
		}
		if n := len(deliveries(t, db)); n != articles {
			t.Errorf("%d deliveries, want %d", n, articles)
		}
		if n, _ := db.CountForTest(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = ?", "article.publish"); n != articles {
			t.Errorf("%d audit lines, want %d", n, articles)
		}
	}, presstest.WithClock(t0))
}
