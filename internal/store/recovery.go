package store

import (
	"context"
	"strconv"

	"github.com/pressroomhq/pressroom/internal/press"
)

// TOTPSecret returns the user's TOTP secret (the pending one while
// enrolment is unconfirmed, "" when there is none) and the last time step
// a code was accepted for.
func (db *DB) TOTPSecret(ctx context.Context, id int64) (string, int64, error) {
	var secret string
	var step int64
	err := db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, "SELECT totp_secret, totp_step FROM users WHERE id = ?", id).Scan(&secret, &step)
	})
	if err != nil {
		return "", 0, db.fail(err, "user %d", id)
	}
	return secret, step, nil
}

// BeginTOTP stores secret as the user's pending second factor, replacing
// any earlier pending one; it takes effect with EnableTOTP. A user whose
// second factor is already on gets press.ErrConflict: they disable it
// first.
func (db *DB) BeginTOTP(ctx context.Context, id int64, secret string) error {
	err := db.write(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE users SET totp_secret = ?, totp_step = 0 WHERE id = ? AND NOT totp_enabled", secret, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return press.ErrConflict
		}
		return nil
	})
	if err != nil {
		return db.fail(err, "user %d", id)
	}
	return nil
}

// EnableTOTP turns on the pending second factor secret (which the caller
// checked a code against, for time step step) and replaces the user's
// recovery codes with the given hashes. It is press.ErrConflict if the
// pending secret changed meanwhile (another tab began again) or the
// factor is already on.
func (db *DB) EnableTOTP(ctx context.Context, id int64, secret string, step int64, recoveryHashes []string) error {
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		res, err := t.exec(ctx, `UPDATE users SET totp_step = ?, totp_enabled = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND totp_secret = ? AND NOT totp_enabled`, step, true, t.d.time(now), id, secret)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return press.ErrConflict
		}
		if err := t.replaceRecoveryCodes(ctx, id, recoveryHashes); err != nil {
			return err
		}
		return t.audit(ctx, now, "user.2fa.enable", userTarget(id), "two-factor sign-in turned on")
	})
	if err != nil {
		return db.fail(err, "user %d", id)
	}
	return nil
}

func (t *tx) replaceRecoveryCodes(ctx context.Context, id int64, hashes []string) error {
	if _, err := t.exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", id); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := t.exec(ctx, "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)", id, h); err != nil {
			return err
		}
	}
	return nil
}

// UseTOTPStep records that a code for time step step was accepted, if
// step is later than the last accepted one; otherwise the code was
// already used (a replay, or an older code) and the result is
// press.ErrConflict. The conditional update makes two requests racing
// with one code accept it once.
func (db *DB) UseTOTPStep(ctx context.Context, id int64, step int64) error {
	err := db.write(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE users SET totp_step = ? WHERE id = ? AND totp_enabled AND totp_step < ?", step, id, step)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return press.ErrConflict
		}
		return nil
	})
	if err != nil {
		return db.fail(err, "user %d", id)
	}
	return nil
}

// UseRecoveryCode spends the user's unused recovery code with the given
// hash. An unknown or already used code is press.ErrNotFound.
func (db *DB) UseRecoveryCode(ctx context.Context, id int64, codeHash string) error {
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		res, err := t.exec(ctx, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
			t.d.time(now), id, codeHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return press.ErrNotFound
		}
		var left int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", id).Scan(&left); err != nil {
			return err
		}
		return t.audit(ctx, now, "user.2fa.recovery", userTarget(id), "signed in with a recovery code; "+strconv.Itoa(left)+" left")
	})
	if err != nil {
		return db.fail(err, "user %d recovery code", id)
	}
	return nil
}

// RecoveryCodesLeft returns how many unused recovery codes the user has.
func (db *DB) RecoveryCodesLeft(ctx context.Context, id int64) (int, error) {
	var n int
	err := db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", id).Scan(&n)
	})
	if err != nil {
		return 0, db.fail(err, "user %d recovery codes", id)
	}
	return n, nil
}

// ReplaceRecoveryCodes gives a user with two-factor sign-in a new set of
// recovery codes, voiding the old ones.
func (db *DB) ReplaceRecoveryCodes(ctx context.Context, id int64, hashes []string) error {
	err := db.write(ctx, func(t *tx) error {
		var on bool
		if err := t.queryRow(ctx, "SELECT totp_enabled FROM users WHERE id = ?", id).Scan(&on); err != nil {
			return err
		}
		if !on {
			return press.ErrConflict
		}
		if err := t.replaceRecoveryCodes(ctx, id, hashes); err != nil {
			return err
		}
		return t.audit(ctx, db.clock(), "user.2fa.recovery_codes", userTarget(id), "new recovery codes; the old ones no longer work")
	})
	if err != nil {
		return db.fail(err, "user %d recovery codes", id)
	}
	return nil
}

// DisableTOTP turns off the user's second factor and deletes its secret
// and recovery codes: the user themselves (after giving their password),
// or an admin for someone who lost their device. It is not an error for a
// user without one.
func (db *DB) DisableTOTP(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		var name string
		var on bool
		if err := t.queryRow(ctx, "SELECT name, totp_enabled FROM users WHERE id = ?", id).Scan(&name, &on); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE users SET totp_secret = '', totp_step = 0, totp_enabled = ?, updated_at = ?, version = version + 1
			WHERE id = ?`, false, t.d.time(now), id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", id); err != nil {
			return err
		}
		if !on {
			return nil
		}
		return t.audit(ctx, now, "user.2fa.disable", userTarget(id), "two-factor sign-in turned off for "+name)
	})
	if err != nil {
		return db.fail(err, "user %d", id)
	}
	return nil
}
