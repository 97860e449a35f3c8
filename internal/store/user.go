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
