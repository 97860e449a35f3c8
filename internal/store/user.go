package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// userColumns are the columns scanUser reads, in order; the author's slug
// comes from a join.
const userColumns = `u.id, u.email, u.name, u.role, COALESCE(au.slug, ''), u.totp_enabled, u.disabled,
	u.created_at, u.updated_at, u.last_login_at, u.version`

const userFrom = ` FROM users u LEFT JOIN authors au ON au.id = u.author_id`

func scanUser(s scanner, extra ...any) (press.User, error) {
	var u press.User
	var role string
	dest := append([]any{&u.ID, &u.Email, &u.Name, &role, &u.Author, &u.TOTPEnabled, &u.Disabled,
		scanTime(&u.CreatedAt), scanTime(&u.UpdatedAt), scanTime(&u.LastLoginAt), &u.Version}, extra...)
	err := s.Scan(dest...)
	u.Role = press.Role(role)
	return u, err
}

// CreateUser validates u and stores it with the given password hash (""
// for an account that cannot sign in with a password yet), setting its ID,
// times and version. u.Author, when set, must name an existing author
// profile. A taken email is press.ErrConflict.
func (db *DB) CreateUser(ctx context.Context, u *press.User, passwordHash string) error {
	u.Email = press.NormaliseEmail(u.Email)
	if err := u.Validate(); err != nil {
		return db.fail(err, "user %q", u.Email)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		author, err := t.authorID(ctx, u.Author)
		if err != nil {
			return err
		}
		err = t.queryRow(ctx, `INSERT INTO users (email, name, role, author_id, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Email, u.Name, string(u.Role), author, passwordHash, t.d.time(now), t.d.time(now)).Scan(&u.ID)
		if err != nil {
			return err
		}
		u.CreatedAt, u.UpdatedAt, u.Version = now, now, 1
		return t.audit(ctx, now, "user.create", userTarget(u.ID), u.Email+" as "+string(u.Role))
	})
	if err != nil {
		return db.fail(err, "user %q", u.Email)
	}
	return nil
}

// authorID resolves an author slug to its id; "" is NULL.
func (t *tx) authorID(ctx context.Context, slug string) (any, error) {
	if slug == "" {
		return nil, nil
	}
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM authors WHERE slug = ?", slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		v := &press.ValidationError{}
		v.Add("author", "there is no author profile "+slug)
		return nil, v
	}
	return id, err
}

func userTarget(id int64) string { return "user:" + strconv.FormatInt(id, 10) }

// User returns the user with the given ID.
func (db *DB) User(ctx context.Context, id int64) (press.User, error) {
	var u press.User
	err := db.read(ctx, func(t *tx) (err error) {
		u, err = scanUser(t.queryRow(ctx, "SELECT "+userColumns+userFrom+" WHERE u.id = ?", id))
		return err
	})
	if err != nil {
		return u, db.fail(err, "user %d", id)
	}
	return u, nil
}

// UserByEmail returns the user with the given address (compared after
// press.NormaliseEmail) and their password hash.
func (db *DB) UserByEmail(ctx context.Context, email string) (press.User, string, error) {
	var u press.User
	var hash string
	err := db.read(ctx, func(t *tx) (err error) {
		u, err = scanUser(t.queryRow(ctx, "SELECT "+userColumns+", u.password_hash"+userFrom+" WHERE u.email = ?",
			press.NormaliseEmail(email)), &hash)
		return err
	})
	if err != nil {
		return u, "", db.fail(err, "user %q", email)
	}
	return u, hash, nil
}

// Users returns every user, by name.
func (db *DB) Users(ctx context.Context) ([]press.User, error) {
	var out []press.User
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT "+userColumns+userFrom+" ORDER BY "+t.d.textOrder("u.name")+", u.id")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "users")
	}
	return out, nil
}

// CountUsers returns how many users exist; the first-run set-up page is
// open only while there are none.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n)
	})
	if err != nil {
		return 0, db.fail(err, "users")
	}
	return n, nil
}

// CreateFirstAdmin creates u as an admin only if there is no user yet, in
// one transaction, so two people racing through the set-up page cannot both
// become admins: the loser gets press.ErrConflict.
func (db *DB) CreateFirstAdmin(ctx context.Context, u *press.User, passwordHash string) error {
	u.Email = press.NormaliseEmail(u.Email)
	u.Role = press.RoleAdmin
	if err := u.Validate(); err != nil {
		return db.fail(err, "user %q", u.Email)
	}
	err := db.write(ctx, func(t *tx) error {
		if t.d.lockUsers != "" {
			if _, err := t.exec(ctx, t.d.lockUsers); err != nil {
				return err
			}
		}
		var n int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return press.ErrConflict
		}
		now := db.clock()
		err := t.queryRow(ctx, `INSERT INTO users (email, name, role, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Email, u.Name, string(u.Role), passwordHash, t.d.time(now), t.d.time(now)).Scan(&u.ID)
		if err != nil {
			return err
		}
		u.CreatedAt, u.UpdatedAt, u.Version = now, now, 1
		return t.audit(ctx, now, "user.create", userTarget(u.ID), u.Email+" as admin (first-run set-up)")
	})
	if err != nil {
		return db.fail(err, "first admin %q", u.Email)
	}
	return nil
}

// SetPassword replaces the user's password hash and ends all their
// sessions, so a changed password locks out whoever knew the old one.
func (db *DB) SetPassword(ctx context.Context, id int64, passwordHash string) error {
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		res, err := t.exec(ctx, "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, updated_at = ?, version = version + 1 WHERE id = ?",
			passwordHash, t.d.time(now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return press.ErrNotFound
		}
		if _, err := t.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
			return err
		}
		return t.audit(ctx, now, "user.password", userTarget(id), "password changed; sessions ended")
	})
	if err != nil {
		return db.fail(err, "user %d", id)
	}
	return nil
}

// RecordLogin notes a successful sign-in: it clears the failure count.
func (db *DB) RecordLogin(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, "UPDATE users SET last_login_at = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
			t.d.time(db.clock()), id)
		return err
	})
	if err != nil {
		return db.fail(err, "user %d", id)
	}
	return nil
}

// sessionIdle and sessionMax bound a session: it ends after a week without
// use, and after thirty days whatever happens.
const (
	sessionIdle = 7 * 24 * time.Hour
	sessionMax  = 30 * 24 * time.Hour
)

// The per-account lock-out: after MaxFailedLogins wrong passwords or
// second-factor codes in a row, the account refuses every sign-in for
// LockoutDuration. It is counted in the database, so it holds across
// nodes, unlike the per-address limiter in front of the sign-in form.
const (
	MaxFailedLogins = 5
	LockoutDuration = 15 * time.Minute
)

// LockedUntil returns when the user's lock-out ends, or the zero time when
// the account is not locked now.
func (db *DB) LockedUntil(ctx context.Context, id int64) (time.Time, error) {
	var until time.Time
	err := db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, "SELECT locked_until FROM users WHERE id = ?", id).Scan(scanTime(&until))
	})
	if err != nil {
		return time.Time{}, db.fail(err, "user %d", id)
	}
	if !until.After(db.clock()) {
		return time.Time{}, nil
	}
	return until, nil
}

// RecordLoginFailure counts a wrong password or code for the user. The
// MaxFailedLogins-th in a row locks the account for LockoutDuration (and
// starts the count afresh for after the lock); it then returns when the
// lock ends, else the zero time. The increment is one UPDATE, so failures
// racing on several nodes are all counted.
func (db *DB) RecordLoginFailure(ctx context.Context, id int64) (time.Time, error) {
	var until time.Time
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		var n int
		err := t.queryRow(ctx, "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins", id).Scan(&n)
		if err != nil || n < MaxFailedLogins {
			return err
		}
		until = now.Add(LockoutDuration)
		if _, err := t.exec(ctx, "UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?", t.d.time(until), id); err != nil {
			return err
		}
		return t.audit(ctx, now, "user.lockout", userTarget(id),
			strconv.Itoa(MaxFailedLogins)+" failed sign-in attempts; locked until "+until.Format("2006-01-02 15:04 UTC"))
	})
	if err != nil {
		return time.Time{}, db.fail(err, "user %d", id)
	}
	return until, nil
}

// UpdateUser stores u's name, role, author profile and disabled flag if
// u.Version is still the stored version (else press.ErrConflict), then
// sets u's new version. The change is refused with a validation error on
// "role" (or "disabled") if it would leave the site without an enabled
// admin. Each kind of change has its own audit line; a role change reads
// "Ana Ruiz: contributor → editor". Disabling a user ends their sessions.
func (db *DB) UpdateUser(ctx context.Context, u *press.User) error {
	u.Email = press.NormaliseEmail(u.Email)
	if err := u.Validate(); err != nil {
		return db.fail(err, "user %d", u.ID)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		if t.d.lockUsers != "" {
			// Two admins demoting each other at once must not both win.
			if _, err := t.exec(ctx, t.d.lockUsers); err != nil {
				return err
			}
		}
		old, err := scanUser(t.queryRow(ctx, "SELECT "+userColumns+userFrom+" WHERE u.id = ?", u.ID))
		if err != nil {
			return err
		}
		if old.Version != u.Version {
			return press.ErrConflict
		}
		if old.Role == press.RoleAdmin && !old.Disabled && (u.Role != press.RoleAdmin || u.Disabled) {
			var others int
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND NOT disabled AND id <> ?", u.ID).Scan(&others); err != nil {
				return err
			}
			if others == 0 {
				v := &press.ValidationError{}
				if u.Role != press.RoleAdmin {
					v.Add("role", "cannot change: this is the last admin; make someone else an admin first")
				} else {
					v.Add("disabled", "cannot disable the last admin; make someone else an admin first")
				}
				return v
			}
		}
		author, err := t.authorID(ctx, u.Author)
		if err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE users SET name = ?, role = ?, author_id = ?, disabled = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, u.Name, string(u.Role), author, u.Disabled, t.d.time(now), u.ID, u.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return press.ErrConflict
		}
		target := userTarget(u.ID)
		if old.Role != u.Role {
			if err := t.audit(ctx, now, "user.role", target, u.Name+": "+string(old.Role)+" → "+string(u.Role)); err != nil {
				return err
			}
		}
		if old.Name != u.Name || old.Author != u.Author {
			summary := u.Name
			if old.Name != u.Name {
				summary = old.Name + " → " + u.Name
			}
			if old.Author != u.Author {
				summary += "; author profile " + or(old.Author, "none") + " → " + or(u.Author, "none")
			}
			if err := t.audit(ctx, now, "user.update", target, summary); err != nil {
				return err
			}
		}
		if old.Disabled != u.Disabled {
			action := "user.enable"
			if u.Disabled {
				action = "user.disable"
				if _, err := t.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", u.ID); err != nil {
					return err
				}
			}
			if err := t.audit(ctx, now, action, target, u.Name); err != nil {
				return err
			}
		}
		u.UpdatedAt, u.Version = now, u.Version+1
		u.CreatedAt, u.LastLoginAt, u.TOTPEnabled = old.CreatedAt, old.LastLoginAt, old.TOTPEnabled
		return nil
	})
	if err != nil {
		return db.fail(err, "user %d", u.ID)
	}
	return nil
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// settingRequireTOTP holds "true" when every member of staff must have a
// second factor: those without one are sent to enrol after signing in.
const settingRequireTOTP = "require_totp"

// RequireTOTP reports whether the site requires two-factor sign-in of all
// staff. It is false until an admin turns it on.
func (db *DB) RequireTOTP(ctx context.Context) (bool, error) {
	var v string
	err := db.read(ctx, func(t *tx) error {
		err := t.queryRow(ctx, "SELECT value FROM settings WHERE key = ?", settingRequireTOTP).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return false, db.fail(err, "setting %s", settingRequireTOTP)
	}
	return v == "true", nil
}

// SetRequireTOTP turns the two-factor requirement on or off, with an
// audit line.
func (db *DB) SetRequireTOTP(ctx context.Context, on bool) error {
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		if err := t.setSetting(ctx, settingRequireTOTP, strconv.FormatBool(on), now); err != nil {
			return err
		}
		summary := "two-factor sign-in no longer required"
		if on {
			summary = "two-factor sign-in required for all staff"
		}
		return t.audit(ctx, now, "settings.require_totp", "settings", summary)
	})
	if err != nil {
		return db.fail(err, "setting %s", settingRequireTOTP)
	}
	return nil
}
