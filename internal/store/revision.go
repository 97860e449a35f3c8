package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// snapshot is the content of an article as a revision keeps it: what an
// editor writes, not what is derived from it (HTML, excerpt, word count)
// nor bookkeeping (times, version, owner). Authors and terms are kept as
// references with the name they had, so an old revision still reads true
// after a rename.
type snapshot struct {
	Title       string           `json:"title"`
	Dek         string           `json:"dek"`
	Slug        string           `json:"slug"`
	Body        string           `json:"body"`
	Status      press.Status     `json:"status"`
	PublishedAt *time.Time       `json:"published_at,omitempty"`
	Featured    bool             `json:"featured"`
	Language    string           `json:"language"`
	Authors     []snapshotAuthor `json:"authors"`
	Terms       []snapshotTerm   `json:"terms"`
	Image       press.Image      `json:"image"`
	Source      press.Source     `json:"source"`
	Copyright   press.Copyright  `json:"copyright"`
	License     string           `json:"license"`
	Fields      []press.Field    `json:"fields"`
	NoRepublish bool             `json:"no_republish"`
}

type snapshotAuthor struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type snapshotTerm struct {
	Taxonomy string `json:"taxonomy"`
	Slug     string `json:"slug"`
	Name     string `json:"name"`
}

// encodeSnapshot returns the JSON a revision of a keeps.
func encodeSnapshot(a *press.Article) string {
	s := snapshot{
		Title: a.Title, Dek: a.Dek, Slug: a.Slug, Body: a.Body.Source, Status: a.Status,
		Featured: a.Featured, Language: a.Language, Image: a.Image, Source: a.Source,
		Copyright: a.Copyright, License: a.License.Source, Fields: a.Fields, NoRepublish: a.NoRepublish,
		Authors: []snapshotAuthor{}, Terms: []snapshotTerm{},
	}
	if !a.PublishedAt.IsZero() {
		p := utc(a.PublishedAt)
		s.PublishedAt = &p
	}
	for _, au := range a.Authors {
		s.Authors = append(s.Authors, snapshotAuthor{Slug: au.Slug, Name: au.Name})
	}
	for _, m := range a.Terms {
		s.Terms = append(s.Terms, snapshotTerm{Taxonomy: m.Taxonomy, Slug: m.Slug, Name: m.Name})
	}
	b, _ := json.Marshal(s) // plain values only: cannot fail
	return string(b)
}

// decodeSnapshot returns the article a revision's JSON describes, with
// only its content fields set.
func decodeSnapshot(data string) (press.Article, error) {
	var s snapshot
	if err := json.Unmarshal([]byte(data), &s); err != nil {
		return press.Article{}, err
	}
	a := press.Article{
		Title: s.Title, Dek: s.Dek, Slug: s.Slug, Body: press.Markdown{Source: s.Body}, Status: s.Status,
		Featured: s.Featured, Language: s.Language, Image: s.Image, Source: s.Source, Copyright: s.Copyright,
		License: press.Markdown{Source: s.License}, Fields: s.Fields, NoRepublish: s.NoRepublish,
	}
	if s.PublishedAt != nil {
		a.PublishedAt = utc(*s.PublishedAt)
	}
	for _, au := range s.Authors {
		a.Authors = append(a.Authors, press.Author{Slug: au.Slug, Name: au.Name})
	}
	for _, m := range s.Terms {
		a.Terms = append(a.Terms, press.Term{Taxonomy: m.Taxonomy, Slug: m.Slug, Name: m.Name})
	}
	return a, nil
}

// revisionOpts say how a save is recorded.
type revisionOpts struct {
	autosave bool
	note     string
}

// keepRevision records a (as stored at version a.Version) as a revision by
// the context's actor. An autosave replaces the article's latest revision
// when that is an autosave by the same actor at the same or the previous
// version, so that an editor typing for an hour leaves one revision, not
// hundreds.
func (t *tx) keepRevision(ctx context.Context, now time.Time, a *press.Article, o revisionOpts) error {
	actor := press.ActorFrom(ctx)
	var user any
	if actor.UserID != 0 {
		user = actor.UserID
	}
	snap := encodeSnapshot(a)
	if o.autosave {
		var id, by int64
		var auto bool
		err := t.queryRow(ctx, `SELECT id, COALESCE(user_id, 0), autosave FROM revisions
			WHERE article_id = ? ORDER BY id DESC LIMIT 1`, a.ID).Scan(&id, &by, &auto)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && auto && by == actor.UserID {
			_, err := t.exec(ctx, `UPDATE revisions SET version = ?, author = ?, note = ?, snapshot = ?, created_at = ?
				WHERE id = ?`, a.Version, actor.Name, o.note, snap, t.d.time(now), id)
			return err
		}
	}
	_, err := t.exec(ctx, `INSERT INTO revisions (article_id, version, user_id, author, autosave, note, snapshot, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Version, user, actor.Name, o.autosave, o.note, snap, t.d.time(now))
	return err
}

// keepImported records the stored state of an article that has no
// revision yet (it was imported, or stored before revisions existed), so
// that its first edit has something to be compared with.
func (t *tx) keepImported(ctx context.Context, stored *press.Article) error {
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM revisions WHERE article_id = ?", stored.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	ctx = press.WithActor(ctx, press.Actor{Name: press.ActorFrom(context.Background()).Name})
	return t.keepRevision(ctx, stored.UpdatedAt, stored, revisionOpts{note: "Imported version"})
}

const revisionCols = `id, article_id, version, COALESCE(user_id, 0), author, autosave, note, snapshot, created_at`

func scanRevision(s scanner) (press.Revision, error) {
	var r press.Revision
	var snap string
	if err := s.Scan(&r.ID, &r.ArticleID, &r.Version, &r.UserID, &r.Author, &r.Autosave, &r.Note, &snap,
		scanTime(&r.CreatedAt)); err != nil {
		return r, err
	}
	a, err := decodeSnapshot(snap)
	if err != nil {
		return r, err
	}
	a.ID, a.Version = r.ArticleID, r.Version
	r.Article = a
	return r, nil
}

// Revisions returns the revisions of an article, newest first, each with
// its snapshot in Article. An article without revisions (or a missing
// one) has none.
func (db *DB) Revisions(ctx context.Context, articleID int64) ([]press.Revision, error) {
	list := []press.Revision{}
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT "+revisionCols+" FROM revisions WHERE article_id = ? ORDER BY id DESC", articleID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRevision(rows)
			if err != nil {
				return err
			}
			list = append(list, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "revisions of article %d", articleID)
	}
	return list, nil
}

// Revision returns the revision with the given ID, or press.ErrNotFound.
func (db *DB) Revision(ctx context.Context, id int64) (press.Revision, error) {
	var r press.Revision
	err := db.read(ctx, func(t *tx) error {
		var err error
		r, err = scanRevision(t.queryRow(ctx, "SELECT "+revisionCols+" FROM revisions WHERE id = ?", id))
		return err
	})
	if err != nil {
		return press.Revision{}, db.fail(err, "revision %d", id)
	}
	return r, nil
}

// LatestAutosave returns the newest autosave that user userID (0 for the
// system) made of the article and that is newer than what the article
// holds: one kept without changing a published or scheduled article, for
// the editor to offer when it is opened again. An autosave that became
// the article's current version is not newer. Without one it is
// press.ErrNotFound.
func (db *DB) LatestAutosave(ctx context.Context, articleID, userID int64) (press.Revision, error) {
	var r press.Revision
	err := db.read(ctx, func(t *tx) error {
		var err error
		r, err = scanRevision(t.queryRow(ctx, `SELECT r.id, r.article_id, r.version,
				COALESCE(r.user_id, 0), r.author, r.autosave, r.note, r.snapshot, r.created_at
			FROM revisions r JOIN articles a ON a.id = r.article_id
			WHERE r.article_id = ? AND COALESCE(r.user_id, 0) = ? AND r.autosave = ? AND r.version = a.version
				AND r.id > (SELECT MIN(f.id) FROM revisions f WHERE f.article_id = a.id AND f.version = a.version)
			ORDER BY r.id DESC LIMIT 1`, articleID, userID, true))
		return err
	})
	if err != nil {
		return press.Revision{}, db.fail(err, "autosave of article %d", articleID)
	}
	return r, nil
}
