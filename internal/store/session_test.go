package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// TestSessionExpiry: a session ends after a week without use and after
// thirty days in any case; use moves the idle end, at most once a minute.
func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		u := presstest.MustUser(t, db, "Ana Author", press.RoleAuthor, "")
		s := press.Session{IDHash: "h", UserID: u.ID, CSRF: "c", Verified: true}
		if err := db.CreateSession(ctx, &s); err != nil {
			t.Fatal(err)
		}
		clock.Advance(30 * time.Second)
		got, _, err := db.Session(ctx, "h")
		if err != nil || !got.LastSeenAt.Equal(t0) {
			t.Fatalf("within a minute: last seen %v, %v; want unchanged %v", got.LastSeenAt, err, t0)
		}
		// Used every six days, it lives until thirty days from its start.
		for day := 6; day < 30; day += 6 {
			clock.Set(t0.AddDate(0, 0, day))
			if got, _, err = db.Session(ctx, "h"); err != nil {
				t.Fatalf("day %d: %v", day, err)
			}
		}
		if want := t0.AddDate(0, 0, 30); !got.ExpiresAt.Equal(want) {
			t.Errorf("expiry after regular use = %v, want the 30-day limit %v", got.ExpiresAt, want)
		}
		clock.Set(t0.AddDate(0, 0, 30).Add(time.Second))
		if _, _, err := db.Session(ctx, "h"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("after 30 days: %v, want ErrNotFound", err)
		}
		// Unused for a week, another session ends.
		clock.Set(t0)
		s2 := press.Session{IDHash: "h2", UserID: u.ID, CSRF: "c", Verified: true}
		if err := db.CreateSession(ctx, &s2); err != nil {
			t.Fatal(err)
		}
		clock.Set(t0.AddDate(0, 0, 7).Add(time.Second))
		if _, _, err := db.Session(ctx, "h2"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("after a week unused: %v, want ErrNotFound", err)
		}
	}, presstest.WithClock(t0))
}
