package store

import (
	"context"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// ResetValidity is how long an emailed password-reset link works.
const ResetValidity = time.Hour

// CreatePasswordReset stores a reset link's token hash for the user,
// valid for ResetValidity, and returns when it expires. Earlier unused
// links of the user stay valid until they expire or one is used.
func (db *DB) CreatePasswordReset(ctx context.Context, userID int64, tokenHash string) (time.Time, error) {
	var expires time.Time
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		expires = now.Add(ResetValidity)
		if _, err := t.exec(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, userID, t.d.time(now), t.d.time(expires)); err != nil {
			return err
		}
		return t.audit(ctx, now, "user.password_reset", userTarget(userID), "password reset link sent")
	})
	if err != nil {
		return time.Time{}, db.fail(err, "password reset for user %d", userID)
	}
	return expires, nil
}

// PasswordResetUser returns the user a live reset token belongs to. An
// unknown, used or expired token, or a disabled user, is press.ErrNotFound.
func (db *DB) PasswordResetUser(ctx context.Context, tokenHash string) (press.User, error) {
	var u press.User
	err := db.read(ctx, func(t *tx) (err error) {
		u, err = t.resetUser(ctx, tokenHash, db.clock())
		return err
	})
	if err != nil {
		return u, db.fail(err, "password reset")
	}
	return u, nil
}

func (t *tx) resetUser(ctx context.Context, tokenHash string, now time.Time) (press.User, error) {
	return scanUser(t.queryRow(ctx, "SELECT "+userColumns+userFrom+` JOIN password_resets r ON r.user_id = u.id
		WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ? AND NOT u.disabled`, tokenHash, t.d.time(now)))
}

// ResetPassword spends a live reset token: it sets the user's password
// hash, ends all their sessions, clears a lock-out and voids the user's
// other reset links, and returns the user. An unknown, used or expired
// token is press.ErrNotFound, so that a link works once.
func (db *DB) ResetPassword(ctx context.Context, tokenHash, passwordHash string) (press.User, error) {
	var u press.User
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		var err error
		if u, err = t.resetUser(ctx, tokenHash, now); err != nil {
			return err
		}
		res, err := t.exec(ctx, "UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", t.d.time(now), tokenHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return press.ErrNotFound // spent by a concurrent request
		}
		if _, err := t.exec(ctx, "UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL", t.d.time(now), u.ID); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, updated_at = ?, version = version + 1 WHERE id = ?",
			passwordHash, t.d.time(now), u.ID); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", u.ID); err != nil {
			return err
		}
		u.Version++
		return t.audit(ctx, now, "user.password", userTarget(u.ID), "password reset by emailed link; sessions ended")
	})
	if err != nil {
		return u, db.fail(err, "password reset")
	}
	return u, nil
}
