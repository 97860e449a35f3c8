package store

import (
	"context"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// tokenColumns are the columns scanToken reads, in order.
const tokenColumns = "k.id, k.user_id, k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at"

func scanToken(s scanner, extra ...any) (press.APIToken, error) {
	var k press.APIToken
	err := s.Scan(append([]any{&k.ID, &k.UserID, &k.Name, &k.Prefix, scanTime(&k.CreatedAt),
		scanTime(&k.LastUsedAt), scanTime(&k.RevokedAt)}, extra...)...)
	return k, err
}

// CreateToken stores an Admin API token of the user userID. The caller
// makes the secret and passes only its hash (the secret is shown once and
// never stored) and its first characters, which lists show so that tokens
// can be told apart. The audit log records token.create by the context's
// actor. An unknown user is press.ErrInvalid; a name is required.
func (db *DB) CreateToken(ctx context.Context, userID int64, name, tokenHash, prefix string) (press.APIToken, error) {
	k := press.APIToken{UserID: userID, Name: name, Prefix: prefix}
	if name == "" {
		return k, db.fail(invalid("name", "is required"), "token")
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		k.CreatedAt = now
		if err := t.queryRow(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, userID, name, tokenHash, prefix, t.d.time(now)).Scan(&k.ID); err != nil {
			return err
		}
		return t.audit(ctx, now, "token.create", tokenTarget(k.ID), "“"+name+"” ("+prefix+"…) for user "+strconv.FormatInt(userID, 10))
	})
	if err != nil {
		return press.APIToken{}, db.fail(err, "token %q", name)
	}
	return k, nil
}

// TokenUser returns the live token with the given hash and its user. An
// unknown or revoked token, or one of a disabled user, is
// press.ErrNotFound. It records when the token was last used, at most
// once a minute, so that a busy client does not write on every request.
func (db *DB) TokenUser(ctx context.Context, tokenHash string) (press.User, press.APIToken, error) {
	var u press.User
	var k press.APIToken
	err := db.write(ctx, func(t *tx) error {
		var err error
		u, err = scanUser(t.queryRow(ctx, "SELECT "+userColumns+", "+tokenColumns+userFrom+
			` JOIN api_tokens k ON k.user_id = u.id
			WHERE k.token_hash = ? AND k.revoked_at IS NULL AND NOT u.disabled`, tokenHash),
			&k.ID, &k.UserID, &k.Name, &k.Prefix, scanTime(&k.CreatedAt), scanTime(&k.LastUsedAt), scanTime(&k.RevokedAt))
		if err != nil {
			return err
		}
		now := db.clock()
		if !k.LastUsedAt.IsZero() && now.Sub(k.LastUsedAt) < time.Minute {
			return nil
		}
		k.LastUsedAt = now
		_, err = t.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", t.d.time(now), k.ID)
		return err
	})
	if err != nil {
		return press.User{}, press.APIToken{}, db.fail(err, "token")
	}
	return u, k, nil
}

// Tokens returns the tokens of the user userID, or of every user when
// userID is 0, revoked ones included, newest first.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]press.APIToken, error) {
	q := "SELECT " + tokenColumns + " FROM api_tokens k"
	var args []any
	if userID != 0 {
		q += " WHERE k.user_id = ?"
		args = append(args, userID)
	}
	q += " ORDER BY k.id DESC"
	list := []press.APIToken{}
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			k, err := scanToken(rows)
			if err != nil {
				return err
			}
			list = append(list, k)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "tokens")
	}
	return list, nil
}

// RevokeToken revokes the token id, for good, with a token.revoke audit
// line. An unknown or already revoked token is press.ErrNotFound.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		var name, prefix string
		if err := t.queryRow(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING name, prefix",
			t.d.time(now), id).Scan(&name, &prefix); err != nil {
			return err
		}
		return t.audit(ctx, now, "token.revoke", tokenTarget(id), "“"+name+"” ("+prefix+"…)")
	})
	if err != nil {
		return db.fail(err, "token %d", id)
	}
	return nil
}

func tokenTarget(id int64) string { return "token:" + strconv.FormatInt(id, 10) }
