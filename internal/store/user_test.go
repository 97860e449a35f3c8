package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func staffUser(t *testing.T, db *store.DB, name string, role press.Role) press.User {
	t.Helper()
	u := press.User{Name: name, Email: press.Slugify(name) + "@example.org", Role: role}
	if err := db.CreateUser(t.Context(), &u, "hash"); err != nil {
		t.Fatal(err)
	}
	return u
}

func lastAudit(t *testing.T, db *store.DB, action string) press.AuditEntry {
	t.Helper()
	lines, err := db.AuditLog(t.Context(), store.AuditFilter{Action: action, Limit: 1})
	if err != nil || len(lines) == 0 {
		t.Fatalf("no %s audit line (%v)", action, err)
	}
	return lines[0]
}

func TestLockout(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		u := staffUser(t, db, "Ana Ruiz", press.RoleEditor)
		for i := 1; i < store.MaxFailedLogins; i++ {
			if until, err := db.RecordLoginFailure(ctx, u.ID); err != nil || !until.IsZero() {
				t.Fatalf("failure %d: locked until %v, %v; want no lock yet", i, until, err)
			}
		}
		until, err := db.RecordLoginFailure(ctx, u.ID)
		if err != nil || !until.Equal(stored(t0.Add(store.LockoutDuration))) {
			t.Fatalf("failure %d: locked until %v, %v; want %v", store.MaxFailedLogins, until, err, t0.Add(store.LockoutDuration))
		}
		if got, _ := db.LockedUntil(ctx, u.ID); !got.Equal(until) {
			t.Fatalf("LockedUntil = %v, want %v", got, until)
		}
		if e := lastAudit(t, db, "user.lockout"); !strings.HasPrefix(e.Target, "user:") {
			t.Errorf("lockout audit line %+v", e)
		}
		clock.Advance(store.LockoutDuration + time.Second)
		if got, _ := db.LockedUntil(ctx, u.ID); !got.IsZero() {
			t.Fatalf("LockedUntil after the lock = %v, want zero", got)
		}
		// A success clears the count: four more failures do not lock.
		db.RecordLoginFailure(ctx, u.ID)
		if err := db.RecordLogin(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < store.MaxFailedLogins; i++ {
			if until, _ := db.RecordLoginFailure(ctx, u.ID); !until.IsZero() {
				t.Fatalf("locked after %d failures following a success", i)
			}
		}
	}, presstest.WithClock(t0))
}

func TestUpdateUser(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		mustAuthor(t, db, press.Author{Slug: "ana-ruiz", Name: "Ana Ruiz"})
		admin := staffUser(t, db, "Ada Admin", press.RoleAdmin)
		u := staffUser(t, db, "Ana Ruiz", press.RoleContributor)

		stale := u
		u.Role, u.Author, u.Name = press.RoleEditor, "ana-ruiz", "Ana María Ruiz"
		if err := db.UpdateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		got, _ := db.User(ctx, u.ID)
		if got.Role != press.RoleEditor || got.Author != "ana-ruiz" || got.Name != "Ana María Ruiz" || got.Version != 2 || u.Version != 2 {
			t.Fatalf("after update: %+v", got)
		}
		if e := lastAudit(t, db, "user.role"); e.Summary != "Ana María Ruiz: contributor → editor" {
			t.Errorf("role audit summary %q", e.Summary)
		}
		stale.Name = "Lost"
		if err := db.UpdateUser(ctx, &stale); !errors.Is(err, press.ErrConflict) {
			t.Fatalf("stale update: %v, want conflict", err)
		}
		u.Author = "nobody"
		if err := db.UpdateUser(ctx, &u); !errors.As(err, new(*press.ValidationError)) {
			t.Fatalf("unknown author: %v, want a validation error", err)
		}
		u.Author = ""

		// The last admin can be neither demoted nor disabled.
		admin.Role = press.RoleEditor
		var ve *press.ValidationError
		if err := db.UpdateUser(ctx, &admin); !errors.As(err, &ve) || ve.Fields[0].Field != "role" {
			t.Fatalf("demoting the last admin: %v", err)
		}
		admin.Role, admin.Disabled = press.RoleAdmin, true
		if err := db.UpdateUser(ctx, &admin); !errors.As(err, &ve) || ve.Fields[0].Field != "disabled" {
			t.Fatalf("disabling the last admin: %v", err)
		}
		// With a second admin it is allowed, and disabling ends sessions.
		u.Role = press.RoleAdmin
		if err := db.UpdateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSession(ctx, &press.Session{IDHash: "s1", UserID: admin.ID, CSRF: "c", Verified: true}); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateUser(ctx, &admin); err != nil {
			t.Fatalf("disabling an admin while another is left: %v", err)
		}
		if _, _, err := db.Session(ctx, "s1"); !errors.Is(err, press.ErrNotFound) {
			t.Fatalf("a disabled user's session: %v, want not found", err)
		}
		lastAudit(t, db, "user.disable")
	})
}

func TestTOTPStore(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := staffUser(t, db, "Ana Ruiz", press.RoleAuthor)
		if err := db.BeginTOTP(ctx, u.ID, "SECRETA"); err != nil {
			t.Fatal(err)
		}
		if err := db.BeginTOTP(ctx, u.ID, "SECRETB"); err != nil {
			t.Fatal(err)
		}
		// Confirming the secret another tab replaced is refused.
		if err := db.EnableTOTP(ctx, u.ID, "SECRETA", 100, nil); !errors.Is(err, press.ErrConflict) {
			t.Fatalf("enable with a replaced secret: %v", err)
		}
		if err := db.EnableTOTP(ctx, u.ID, "SECRETB", 100, []string{"h1", "h2"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.User(ctx, u.ID); !got.TOTPEnabled {
			t.Fatal("TOTPEnabled not set")
		}
		if secret, step, err := db.TOTPSecret(ctx, u.ID); secret != "SECRETB" || step != 100 || err != nil {
			t.Fatalf("TOTPSecret = %q, %d, %v", secret, step, err)
		}
		if err := db.BeginTOTP(ctx, u.ID, "SECRETC"); !errors.Is(err, press.ErrConflict) {
			t.Fatalf("begin while enabled: %v", err)
		}
		// Each time step is accepted once; older ones never.
		for step, want := range map[int64]error{100: press.ErrConflict, 101: nil} {
			if err := db.UseTOTPStep(ctx, u.ID, step); !errors.Is(err, want) && !(want == nil && err == nil) {
				t.Errorf("UseTOTPStep(%d) = %v, want %v", step, err, want)
			}
		}
		for _, step := range []int64{101, 99} {
			if err := db.UseTOTPStep(ctx, u.ID, step); !errors.Is(err, press.ErrConflict) {
				t.Errorf("UseTOTPStep(%d) again = %v, want conflict", step, err)
			}
		}
		// Recovery codes work once each.
		if err := db.UseRecoveryCode(ctx, u.ID, "h1"); err != nil {
			t.Fatal(err)
		}
		if err := db.UseRecoveryCode(ctx, u.ID, "h1"); !errors.Is(err, press.ErrNotFound) {
			t.Fatalf("second use of a recovery code: %v", err)
		}
		if err := db.UseRecoveryCode(ctx, u.ID, "nope"); !errors.Is(err, press.ErrNotFound) {
			t.Fatalf("unknown recovery code: %v", err)
		}
		if n, _ := db.RecoveryCodesLeft(ctx, u.ID); n != 1 {
			t.Fatalf("codes left = %d, want 1", n)
		}
		if err := db.DisableTOTP(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := db.User(ctx, u.ID)
		secret, _, _ := db.TOTPSecret(ctx, u.ID)
		n, _ := db.RecoveryCodesLeft(ctx, u.ID)
		if got.TOTPEnabled || secret != "" || n != 0 {
			t.Fatalf("after disable: enabled %v, secret %q, %d codes", got.TOTPEnabled, secret, n)
		}
		lastAudit(t, db, "user.2fa.disable")

		if on, _ := db.RequireTOTP(ctx); on {
			t.Fatal("two factors required by default")
		}
		if err := db.SetRequireTOTP(ctx, true); err != nil {
			t.Fatal(err)
		}
		if on, _ := db.RequireTOTP(ctx); !on {
			t.Fatal("RequireTOTP after setting it = false")
		}
		lastAudit(t, db, "settings.require_totp")
	})
}

func TestPasswordReset(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		u := staffUser(t, db, "Ana Ruiz", press.RoleAuthor)
		if err := db.CreateSession(ctx, &press.Session{IDHash: "s1", UserID: u.ID, CSRF: "c", Verified: true}); err != nil {
			t.Fatal(err)
		}
		for range store.MaxFailedLogins {
			db.RecordLoginFailure(ctx, u.ID)
		}
		expires, err := db.CreatePasswordReset(ctx, u.ID, "tok1")
		if err != nil || !expires.Equal(stored(t0.Add(time.Hour))) {
			t.Fatalf("CreatePasswordReset = %v, %v", expires, err)
		}
		db.CreatePasswordReset(ctx, u.ID, "tok2")
		if got, err := db.PasswordResetUser(ctx, "tok1"); err != nil || got.ID != u.ID {
			t.Fatalf("PasswordResetUser = %+v, %v", got, err)
		}
		if _, err := db.PasswordResetUser(ctx, "unknown"); !errors.Is(err, press.ErrNotFound) {
			t.Fatalf("unknown token: %v", err)
		}
		got, err := db.ResetPassword(ctx, "tok1", "newhash")
		if err != nil || got.ID != u.ID {
			t.Fatalf("ResetPassword = %+v, %v", got, err)
		}
		_, hash, _ := db.UserByEmail(ctx, u.Email)
		locked, _ := db.LockedUntil(ctx, u.ID)
		if hash != "newhash" || !locked.IsZero() {
			t.Fatalf("after reset: hash %q, locked until %v", hash, locked)
		}
		if _, _, err := db.Session(ctx, "s1"); !errors.Is(err, press.ErrNotFound) {
			t.Fatal("a session survived the password reset")
		}
		// Single use, and the user's other links die with it.
		for _, tok := range []string{"tok1", "tok2"} {
			if _, err := db.ResetPassword(ctx, tok, "again"); !errors.Is(err, press.ErrNotFound) {
				t.Fatalf("reusing %s: %v, want not found", tok, err)
			}
		}
		// Expiry.
		db.CreatePasswordReset(ctx, u.ID, "tok3")
		clock.Advance(time.Hour + time.Second)
		if _, err := db.ResetPassword(ctx, "tok3", "late"); !errors.Is(err, press.ErrNotFound) {
			t.Fatalf("expired token: %v, want not found", err)
		}
	}, presstest.WithClock(t0))
}
