package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// TestWatchChangesSeesOtherWriters: a process keeps pages made from the
// store; writes through another handle on the same database (a command
// run beside "serve", another node) must reach it as "everything
// changed" within the poll interval, and its own writes must not.
func TestWatchChangesSeesOtherWriters(t *testing.T) {
	for _, engine := range []string{store.EngineSQLite, store.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			dsn := presstest.MustEmptyDSN(t, engine)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			open := func() *store.DB {
				db, err := store.Open(ctx, dsn, store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return db
			}
			serving, other := open(), open()
			var mu sync.Mutex
			var got [][]string
			serving.OnChange(func(keys []string) {
				mu.Lock()
				got = append(got, keys)
				mu.Unlock()
			})
			go serving.WatchChanges(ctx, 10*time.Millisecond)
			time.Sleep(30 * time.Millisecond)
			all := func() bool {
				mu.Lock()
				defer mu.Unlock()
				return slices.ContainsFunc(got, func(k []string) bool { return slices.Contains(k, press.KeyAll) })
			}

			au := press.Author{Slug: "ana", Name: "Ana"}
			if err := serving.SaveAuthor(ctx, &au); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
			if all() {
				t.Error("the process's own write was taken for another's")
			}
			if len(got) != 1 || !slices.Contains(got[0], press.KeyAuthor(au.ID)) {
				t.Errorf("own write announced %v", got)
			}

			au.Name = "Ana B."
			if err := other.SaveAuthor(ctx, &au); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(2 * time.Second)
			for !all() && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			if !all() {
				t.Fatal("a write by another handle was not noticed within 2 s")
			}
		})
	}
}
