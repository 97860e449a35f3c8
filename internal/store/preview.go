package store

import (
	"context"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// CreatePreviewLink stores a preview link to an article, made by the
// context's actor, that expires at expires. Only a hash of the link's
// secret token is stored, so a copy of the database opens no preview.
// A missing article is invalid.
func (db *DB) CreatePreviewLink(ctx context.Context, articleID int64, tokenHash string, expires time.Time) (press.PreviewLink, error) {
	l := press.PreviewLink{ArticleID: articleID, ExpiresAt: utc(expires)}
	err := db.write(ctx, func(t *tx) error {
		l.CreatedAt = db.clock()
		l.CreatedBy = press.ActorFrom(ctx).UserID
		var by any
		if l.CreatedBy != 0 {
			by = l.CreatedBy
		}
		err := t.queryRow(ctx, `INSERT INTO preview_links (token_hash, article_id, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, tokenHash, articleID, by, t.d.time(l.CreatedAt), t.d.time(l.ExpiresAt)).Scan(&l.ID)
		if err != nil {
			return err
		}
		// A preview link shows unpublished work to anyone who has it:
		// who made one, and who ended one, belongs in the log.
		return t.audit(ctx, l.CreatedAt, "article.preview_link", articleTarget(articleID),
			"preview link "+strconv.FormatInt(l.ID, 10)+" valid until "+l.ExpiresAt.Format("2006-01-02 15:04 UTC"))
	})
	if err != nil {
		return press.PreviewLink{}, db.fail(err, "preview link to article %d", articleID)
	}
	return l, nil
}

// PreviewArticle returns the article a preview link with the given token
// hash shows, whatever its status, complete as ArticleByID returns it.
// An unknown link, or one expired at now, is press.ErrNotFound.
func (db *DB) PreviewArticle(ctx context.Context, tokenHash string, now time.Time) (press.Article, error) {
	var a press.Article
	err := db.read(ctx, func(t *tx) error {
		var id int64
		if err := t.queryRow(ctx, "SELECT article_id FROM preview_links WHERE token_hash = ? AND expires_at > ?",
			tokenHash, t.d.time(now)).Scan(&id); err != nil {
			return err
		}
		var err error
		a, err = t.articleByID(ctx, id, false)
		return err
	})
	if err != nil {
		return press.Article{}, db.fail(err, "preview")
	}
	return a, nil
}

// PreviewLinks returns the preview links to an article, newest first,
// expired ones included.
func (db *DB) PreviewLinks(ctx context.Context, articleID int64) ([]press.PreviewLink, error) {
	list := []press.PreviewLink{}
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, article_id, COALESCE(created_by, 0), created_at, expires_at
			FROM preview_links WHERE article_id = ? ORDER BY id DESC`, articleID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l press.PreviewLink
			if err := rows.Scan(&l.ID, &l.ArticleID, &l.CreatedBy, scanTime(&l.CreatedAt), scanTime(&l.ExpiresAt)); err != nil {
				return err
			}
			list = append(list, l)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "preview links of article %d", articleID)
	}
	return list, nil
}

// DeletePreviewLink deletes a preview link, which stops working at once;
// a missing one is press.ErrNotFound.
func (db *DB) DeletePreviewLink(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		var article int64
		err := t.queryRow(ctx, "DELETE FROM preview_links WHERE id = ? RETURNING article_id", id).Scan(&article)
		if err != nil {
			return err // sql.ErrNoRows: fail makes it press.ErrNotFound
		}
		return t.audit(ctx, db.clock(), "article.preview_link.delete", articleTarget(article),
			"preview link "+strconv.FormatInt(id, 10)+" ended")
	})
	if err != nil {
		return db.fail(err, "delete preview link %d", id)
	}
	return nil
}
