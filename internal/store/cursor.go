package store

import (
	"context"

	"github.com/pressroomhq/pressroom/internal/press"
)

// ArticlesAfter returns the page of the articles f selects that comes
// strictly after the position after in the listing order (newest first by
// PublishedAt, then by ID), or the first page when after is nil. The page
// holds at most f.Limit articles (0 means press.DefaultPageSize), and its
// Next is set when more follow.
//
// The filter means what it means for Articles, descendant terms included.
// Unlike Articles, the page is found by position rather than by offset, so
// articles published between two calls never shift what a reader has
// still to see; an offset is therefore invalid, and no total is counted.
// Articles without a date (drafts never published) have no position and
// are never listed.
func (db *DB) ArticlesAfter(ctx context.Context, f press.ArticleFilter, after *press.Cursor) (press.ArticlePage, error) {
	if (f.Taxonomy == "") != (f.Term == "") {
		return press.ArticlePage{}, db.fail(invalid("term", "a term filter needs both taxonomy and term"), "articles")
	}
	if f.Offset != 0 {
		return press.ArticlePage{}, db.fail(invalid("offset", "cannot be combined with a cursor"), "articles")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = press.DefaultPageSize
	}
	var page press.ArticlePage
	err := db.read(ctx, func(t *tx) error {
		l, err := t.filter(ctx, f)
		if err != nil {
			return err
		}
		with, where, args := l.with, l.where, l.args
		conds := " a.published_at IS NOT NULL"
		if after != nil {
			// The order is (published_at DESC, id DESC), so what comes
			// after a position is what sorts below it as a pair. Both
			// engines compare row values and can walk the
			// (status, published_at DESC, id DESC) index with it.
			conds += " AND (a.published_at, a.id) < (?, ?)"
			args = append(args, t.d.time(after.PublishedAt), after.ID)
		}
		if where == "" {
			where = " WHERE" + conds
		} else {
			where += " AND" + conds
		}
		// One more than a page tells whether another page follows.
		// Every row listed has a date (the condition above).
		list, err := t.articles(ctx, with+"SELECT "+articleCols+" FROM articles a"+where+publishedOrder+" LIMIT ?",
			append(args, limit+1)...)
		if err != nil {
			return err
		}
		if len(list) > limit {
			list = list[:limit]
			next := press.CursorAfter(&list[limit-1])
			page.Next = &next
		}
		page.Articles = list
		return nil
	})
	if err != nil {
		return press.ArticlePage{}, db.fail(err, "articles")
	}
	return page, nil
}
