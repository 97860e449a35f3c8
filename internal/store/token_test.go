package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestTokens(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		clock := presstest.ClockOf(t, db)
		ctx := t.Context()
		ana := press.User{Email: "ana@example.org", Name: "Ana", Role: press.RoleAuthor}
		bo := press.User{Email: "bo@example.org", Name: "Bo", Role: press.RoleEditor}
		for _, u := range []*press.User{&ana, &bo} {
			if err := db.CreateUser(ctx, u, ""); err != nil {
				t.Fatal(err)
			}
		}
		k, err := db.CreateToken(ctx, ana.ID, "laptop", "hash-a", "pr_abcde")
		if err != nil {
			t.Fatal(err)
		}
		if k.ID == 0 || k.Prefix != "pr_abcde" || k.CreatedAt.IsZero() {
			t.Errorf("created %+v", k)
		}
		if _, err := db.CreateToken(ctx, bo.ID, "ci", "hash-b", "pr_zzzzz"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateToken(ctx, bo.ID, "dup", "hash-b", "pr_zzzzz"); !errors.Is(err, press.ErrConflict) {
			t.Errorf("same hash twice: %v, want conflict", err)
		}
		if _, err := db.CreateToken(ctx, 9999, "ghost", "hash-c", "pr_ccccc"); !errors.Is(err, press.ErrInvalid) {
			t.Errorf("unknown user: %v, want invalid", err)
		}

		u, got, err := db.TokenUser(ctx, "hash-a")
		if err != nil || u.ID != ana.ID || got.ID != k.ID || !got.LastUsedAt.Equal(clock.Now().UTC().Truncate(time.Microsecond)) {
			t.Fatalf("TokenUser = %+v, %+v, %v", u, got, err)
		}
		used := got.LastUsedAt
		clock.Advance(30 * time.Second)
		if _, got, _ = db.TokenUser(ctx, "hash-a"); !got.LastUsedAt.Equal(used) {
			t.Errorf("last used moved within a minute: %v → %v", used, got.LastUsedAt)
		}
		clock.Advance(time.Minute)
		if _, got, _ = db.TokenUser(ctx, "hash-a"); !got.LastUsedAt.After(used) {
			t.Errorf("last used did not move after a minute: %v", got.LastUsedAt)
		}
		if _, _, err := db.TokenUser(ctx, "nope"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("unknown: %v", err)
		}

		all, err := db.Tokens(ctx, 0)
		if err != nil || len(all) != 2 {
			t.Fatalf("Tokens(0) = %v, %v", all, err)
		}
		mine, _ := db.Tokens(ctx, ana.ID)
		if len(mine) != 1 || mine[0].Name != "laptop" {
			t.Errorf("Tokens(ana) = %+v", mine)
		}

		if err := db.RevokeToken(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeToken(ctx, k.ID); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("revoke twice: %v", err)
		}
		if _, _, err := db.TokenUser(ctx, "hash-a"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("revoked: %v", err)
		}
		mine, _ = db.Tokens(ctx, ana.ID)
		if len(mine) != 1 || mine[0].RevokedAt.IsZero() {
			t.Errorf("revoked token listed as %+v", mine)
		}

		bo.Disabled = true
		if err := db.ExecForTest(ctx, "UPDATE users SET disabled = ? WHERE id = ?", true, bo.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.TokenUser(ctx, "hash-b"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("disabled user's token: %v", err)
		}

		log, err := db.AuditLog(ctx, store.AuditFilter{Action: "token."})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
		}
		if want := []string{"token.revoke", "token.create", "token.create"}; len(actions) != 3 || actions[0] != want[0] || actions[2] != want[2] {
			t.Errorf("audit = %v, want %v", actions, want)
		}
	}, presstest.WithClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)))
}
