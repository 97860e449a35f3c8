package store

import (
	"context"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// CreateSession stores a new session for s.UserID, setting its times and
// expiry. The caller makes the secret and passes only its hash.
func (db *DB) CreateSession(ctx context.Context, s *press.Session) error {
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt = now, now, now.Add(sessionIdle)
		_, err := t.exec(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, verified, ip, user_agent, created_at, last_seen_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.IDHash, s.UserID, s.CSRF, s.Verified, s.IP, s.UserAgent,
			t.d.time(now), t.d.time(now), t.d.time(s.ExpiresAt))
		return err
	})
	if err != nil {
		return db.fail(err, "session")
	}
	return nil
}

// Session returns the live session with the given hash and its user,
// extending its idle expiry when it was last seen over a minute ago (so a
// busy editor does not write on every request). An unknown, expired or
// disabled user's session is press.ErrNotFound.
func (db *DB) Session(ctx context.Context, idHash string) (press.Session, press.User, error) {
	var s press.Session
	var u press.User
	now := db.clock()
	// Most requests only read: the write lock (SQLite has one for the
	// whole database) is taken only when the idle expiry moves.
	err := db.read(ctx, func(t *tx) error {
		var err error
		u, err = scanUser(t.queryRow(ctx, "SELECT "+userColumns+`, s.id_hash, s.user_id, s.csrf_token, s.verified, s.ip,
			s.user_agent, s.created_at, s.last_seen_at, s.expires_at`+userFrom+` JOIN sessions s ON s.user_id = u.id
			WHERE s.id_hash = ? AND s.expires_at > ? AND NOT u.disabled`, idHash, t.d.time(now)),
			&s.IDHash, &s.UserID, &s.CSRF, &s.Verified, &s.IP, &s.UserAgent,
			scanTime(&s.CreatedAt), scanTime(&s.LastSeenAt), scanTime(&s.ExpiresAt))
		return err
	})
	if err == nil && now.Sub(s.LastSeenAt) >= time.Minute {
		s.LastSeenAt = now
		s.ExpiresAt = now.Add(sessionIdle)
		if limit := s.CreatedAt.Add(sessionMax); limit.Before(s.ExpiresAt) {
			s.ExpiresAt = limit
		}
		err = db.write(ctx, func(t *tx) error {
			// A session ended meanwhile (sign-out elsewhere) stays ended:
			// the update matches nothing.
			_, err := t.exec(ctx, "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?",
				t.d.time(now), t.d.time(s.ExpiresAt), idHash)
			return err
		})
	}
	if err != nil {
		return s, u, db.fail(err, "session")
	}
	return s, u, nil
}

// DeleteSession ends a session. Ending one that does not exist is not an
// error: signing out twice is harmless.
func (db *DB) DeleteSession(ctx context.Context, idHash string) error {
	err := db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, "DELETE FROM sessions WHERE id_hash = ?", idHash)
		return err
	})
	if err != nil {
		return db.fail(err, "session")
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry, staff's and
// members', and members' emailed links past theirs, and returns how many
// sessions.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int, error) {
	var n int64
	err := db.write(ctx, func(t *tx) error {
		now := t.d.time(db.clock())
		for _, table := range []string{"sessions", "member_sessions", "member_tokens"} {
			res, err := t.exec(ctx, "DELETE FROM "+table+" WHERE expires_at <= ?", now)
			if err != nil {
				return err
			}
			if table != "member_tokens" {
				k, err := res.RowsAffected()
				if err != nil {
					return err
				}
				n += k
			}
		}
		return nil
	})
	if err != nil {
		return 0, db.fail(err, "sessions")
	}
	return int(n), nil
}
