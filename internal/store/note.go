package store

import (
	"context"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// CreateNote stores an editorial note on article n.ArticleID, by the
// context's actor, setting n.ID, n.UserID, n.Author and n.CreatedAt. A note
// answering another (n.Parent) must be on the same article. An empty body,
// or a missing article or parent, is invalid.
func (db *DB) CreateNote(ctx context.Context, n *press.Note) error {
	if strings.TrimSpace(n.Body) == "" {
		return db.fail(invalid("body", "is required"), "note on article %d", n.ArticleID)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		if n.Parent != 0 {
			var article int64
			if err := t.queryRow(ctx, "SELECT article_id FROM editorial_notes WHERE id = ?", n.Parent).Scan(&article); err != nil {
				return invalid("parent", "is not a note")
			}
			if article != n.ArticleID {
				return invalid("parent", "is a note on another article")
			}
		}
		actor := press.ActorFrom(ctx)
		var user, parent any
		if actor.UserID != 0 {
			user = actor.UserID
		}
		if n.Parent != 0 {
			parent = n.Parent
		}
		err := t.queryRow(ctx, `INSERT INTO editorial_notes (article_id, parent_id, user_id, author, body, anchor, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, n.ArticleID, parent, user, actor.Name, n.Body, n.Anchor, t.d.time(now)).Scan(&n.ID)
		if err != nil {
			return err
		}
		n.UserID, n.Author, n.CreatedAt = actor.UserID, actor.Name, now
		return nil
	})
	if err != nil {
		return db.fail(err, "note on article %d", n.ArticleID)
	}
	return nil
}

const noteCols = `id, article_id, COALESCE(parent_id, 0), COALESCE(user_id, 0), author, body, anchor, created_at, resolved_at, resolved_by`

// Notes returns the notes on an article in threads: each note that
// starts a thread, oldest first, followed by its answers (and theirs), in
// the order they were written.
func (db *DB) Notes(ctx context.Context, articleID int64) ([]press.Note, error) {
	var all []press.Note
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT "+noteCols+" FROM editorial_notes WHERE article_id = ? ORDER BY id", articleID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n press.Note
			if err := rows.Scan(&n.ID, &n.ArticleID, &n.Parent, &n.UserID, &n.Author, &n.Body, &n.Anchor,
				scanTime(&n.CreatedAt), scanTime(&n.ResolvedAt), &n.ResolvedBy); err != nil {
				return err
			}
			all = append(all, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "notes on article %d", articleID)
	}
	// Depth first from the roots; IDs grow with time, so children come
	// out in the order they were written.
	children := map[int64][]press.Note{}
	for _, n := range all {
		children[n.Parent] = append(children[n.Parent], n)
	}
	out := make([]press.Note, 0, len(all))
	var walk func(parent int64)
	walk = func(parent int64) {
		for _, n := range children[parent] {
			out = append(out, n)
			walk(n.ID)
		}
	}
	walk(0)
	return out, nil
}

// ResolveNote marks a note as resolved by by, now. Resolving a resolved
// note changes nothing; a missing one is press.ErrNotFound.
func (db *DB) ResolveNote(ctx context.Context, id int64, by string) error {
	err := db.write(ctx, func(t *tx) error {
		var n int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM editorial_notes WHERE id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return press.ErrNotFound
		}
		_, err := t.exec(ctx, "UPDATE editorial_notes SET resolved_at = ?, resolved_by = ? WHERE id = ? AND resolved_at IS NULL",
			t.d.time(db.clock()), by, id)
		return err
	})
	if err != nil {
		return db.fail(err, "resolve note %d", id)
	}
	return nil
}

// DeleteNote deletes a note and the answers to it; a missing note is
// press.ErrNotFound.
func (db *DB) DeleteNote(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "DELETE FROM editorial_notes WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = press.ErrNotFound
			}
			return err
		}
		return nil
	})
	if err != nil {
		return db.fail(err, "delete note %d", id)
	}
	return nil
}

// Note returns the note with the given ID, or press.ErrNotFound.
func (db *DB) Note(ctx context.Context, id int64) (press.Note, error) {
	var n press.Note
	err := db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, "SELECT "+noteCols+" FROM editorial_notes WHERE id = ?", id).Scan(&n.ID, &n.ArticleID,
			&n.Parent, &n.UserID, &n.Author, &n.Body, &n.Anchor, scanTime(&n.CreatedAt), scanTime(&n.ResolvedAt), &n.ResolvedBy)
	})
	if err != nil {
		return press.Note{}, db.fail(err, "note %d", id)
	}
	return n, nil
}
