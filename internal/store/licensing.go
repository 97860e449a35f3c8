package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/pressroomhq/pressroom/internal/press"
)

// CreateLicensingRequest validates and stores a visitor's request to
// license an article, setting its ID and CreatedAt. The article must exist
// and be published; otherwise the request is press.ErrNotFound, so the form
// cannot be used to learn which drafts exist.
func (db *DB) CreateLicensingRequest(ctx context.Context, l *press.LicensingRequest) error {
	if err := l.Validate(); err != nil {
		return db.fail(err, "licensing request")
	}
	err := db.write(ctx, func(t *tx) error {
		var status string
		err := t.queryRow(ctx, "SELECT status FROM articles WHERE id = ?", l.ArticleID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && status != string(press.StatusPublished)) {
			return press.ErrNotFound
		}
		if err != nil {
			return err
		}
		now := db.clock()
		err = t.queryRow(ctx, `INSERT INTO licensing_requests (article_id, name, email, outlet, intended_use, message, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			l.ArticleID, l.Name, l.Email, l.Outlet, l.Use, l.Message, t.d.time(now)).Scan(&l.ID)
		l.CreatedAt = now
		return err
	})
	if err != nil {
		return db.fail(err, "licensing request for article %d", l.ArticleID)
	}
	return nil
}

// LicensingRequests returns the most recent licensing requests, newest
// first, at most limit of them, with their article's slug.
func (db *DB) LicensingRequests(ctx context.Context, limit int) ([]press.LicensingRequest, error) {
	var out []press.LicensingRequest
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT r.id, r.article_id, a.slug, r.name, r.email, r.outlet, r.intended_use, r.message, r.created_at
			FROM licensing_requests r JOIN articles a ON a.id = r.article_id
			ORDER BY r.created_at DESC, r.id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l press.LicensingRequest
			if err := rows.Scan(&l.ID, &l.ArticleID, &l.Article, &l.Name, &l.Email, &l.Outlet, &l.Use, &l.Message, scanTime(&l.CreatedAt)); err != nil {
				return err
			}
			out = append(out, l)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "licensing requests")
	}
	return out, nil
}
