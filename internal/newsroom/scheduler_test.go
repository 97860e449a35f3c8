package newsroom_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// openProcess opens dsn as another process would: a store of its own.
func openProcess(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSchedulerRestart runs the schedulers of several processes over one
// database while articles come due, stopping one midway and starting
// another, as a deploy restarts a node: every article is published once,
// with one revision and one webhook delivery.
func TestSchedulerRestart(t *testing.T) {
	t.Parallel()
	for _, engine := range presstest.Engines {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			dsn := presstest.MustEmptyDSN(t, engine)
			first := openProcess(t, dsn)
			if _, err := first.Migrate(t.Context()); err != nil {
				t.Fatal(err)
			}
			driver := map[string]string{store.EngineSQLite: "sqlite", store.EnginePostgres: "pgx"}[engine]
			raw, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			created := any(time.Now().UTC())
			q := "INSERT INTO webhooks (url, secret, events, created_at) VALUES ($1, $2, $3, $4)"
			if engine == store.EngineSQLite {
				created = time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
				q = "INSERT INTO webhooks (url, secret, events, created_at) VALUES (?, ?, ?, ?)"
			}
			if _, err := raw.ExecContext(t.Context(), q, "https://hooks.example.org/", "k", `["article.published"]`, created); err != nil {
				t.Fatal(err)
			}

			const articles = 24
			now := time.Now()
			var ids []int64
			for i := range articles {
				// Due from a moment ago to a second and a half from now.
				a := press.Article{Slug: fmt.Sprintf("due-%d", i), Title: "Due", Status: press.StatusScheduled,
					PublishedAt: now.Add(time.Duration(i-4) * 70 * time.Millisecond)}
				if err := first.CreateArticle(t.Context(), &a); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, a.ID)
			}

			var wg sync.WaitGroup
			run := func(ctx context.Context, db *store.DB) {
				wg.Go(func() { newsroom.New(db, presstest.Logger()).RunScheduler(ctx, 50*time.Millisecond) })
			}
			ctx, stop := context.WithCancel(t.Context())
			defer stop()
			stopped, stopFirst := context.WithCancel(ctx)
			run(stopped, first)
			run(ctx, openProcess(t, dsn))
			time.Sleep(500 * time.Millisecond)
			stopFirst()
			run(ctx, openProcess(t, dsn)) // the first, restarted
			check := openProcess(t, dsn)
			deadline := time.Now().Add(10 * time.Second)
			for {
				list, err := check.AdminArticles(t.Context(), store.AdminArticleFilter{Status: press.StatusScheduled})
				if err != nil {
					t.Fatal(err)
				}
				if list.Total == 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d articles still scheduled", list.Total)
				}
				time.Sleep(20 * time.Millisecond)
			}
			stop()
			wg.Wait()

			for _, id := range ids {
				a, err := check.ArticleByID(t.Context(), id)
				if err != nil {
					t.Fatal(err)
				}
				revs, err := check.Revisions(t.Context(), id)
				if err != nil {
					t.Fatal(err)
				}
				if a.Status != press.StatusPublished || a.Version != 2 || len(revs) != 2 || revs[0].Author != store.SchedulerActor.Name {
					t.Errorf("%s: %s v%d, %d revisions", a.Slug, a.Status, a.Version, len(revs))
				}
			}
			var deliveries int
			if err := raw.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM webhook_deliveries").Scan(&deliveries); err != nil {
				t.Fatal(err)
			}
			if deliveries != articles {
				t.Errorf("%d deliveries, want %d", deliveries, articles)
			}
		})
	}
}

// TestSchedulerPurgesTrash checks that the scheduler empties the trash of
// what has been there longer than press.TrashDays.
func TestSchedulerPurgesTrash(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		clock := presstest.ClockOf(t, db)
		ctx := t.Context()
		old := press.Article{Slug: "old", Title: "Old", Status: press.StatusDraft}
		recent := press.Article{Slug: "recent", Title: "Recent", Status: press.StatusDraft}
		for _, a := range []*press.Article{&old, &recent} {
			if err := db.CreateArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.TrashArticle(ctx, old.ID); err != nil {
			t.Fatal(err)
		}
		clock.Advance(press.TrashDays*24*time.Hour - time.Hour)
		if err := db.TrashArticle(ctx, recent.ID); err != nil {
			t.Fatal(err)
		}
		clock.Advance(2 * time.Hour)
		run, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			newsroom.New(db, presstest.Logger()).RunScheduler(run, 10*time.Millisecond)
			close(done)
		}()
		deadline := time.Now().Add(5 * time.Second)
		for {
			if _, err := db.ArticleByID(ctx, old.ID); err != nil {
				wantIs(t, "the old trash", err, press.ErrNotFound)
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the old trash was not emptied")
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
		<-done
		if _, err := db.ArticleByID(ctx, recent.ID); err != nil {
			t.Errorf("recent trash: %v", err)
		}
	}, presstest.WithClock(start))
}
