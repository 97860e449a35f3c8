package store

import (
	"context"

	"github.com/pressroomhq/pressroom/internal/press"
)

// ArticlesByID returns up to limit articles of any status whose ID is
// above after, in ID order, each complete as Article returns it: body,
// authors with every field, terms. Exports page through every article
// with it, passing the last ID of one page as after for the next, so that
// memory stays bounded however large the site.
func (db *DB) ArticlesByID(ctx context.Context, after int64, limit int) ([]press.Article, error) {
	if limit <= 0 {
		limit = press.DefaultPageSize
	}
	list := []press.Article{}
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT "+articleCols+articleBodyCols+" FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT ?", after, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanArticle(rows, true)
			if err != nil {
				return err
			}
			list = append(list, a)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return t.loadJoins(ctx, list, true)
	})
	if err != nil {
		return nil, db.fail(err, "articles after id %d", after)
	}
	return list, nil
}
