package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Comments returns the comments on the article slug, of every status,
// oldest first (ties by the order they were stored), with each reply's
// ParentSourceID filled from its parent; press.ErrNotFound when there is
// no such article.
func (db *DB) Comments(ctx context.Context, articleSlug string) ([]press.Comment, error) {
	list := []press.Comment{}
	err := db.read(ctx, func(t *tx) error {
		id, err := t.articleID(ctx, articleSlug)
		if err != nil {
			return err
		}
		if id == 0 {
			return press.ErrNotFound
		}
		return t.each(ctx, `SELECT c.id, c.source_id, COALESCE(p.source_id, ''), c.author_name, c.author_email,
				c.author_url, c.author_ip, c.body, c.status, c.created_at
			FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
			WHERE c.article_id = ? ORDER BY c.created_at, c.id`, []any{id},
			func(s scanner) error {
				c := press.Comment{Article: articleSlug}
				err := s.Scan(&c.ID, &c.SourceID, &c.ParentSourceID, &c.AuthorName, &c.AuthorEmail,
					&c.AuthorURL, &c.AuthorIP, &c.Body, &c.Status, scanTime(&c.CreatedAt))
				list = append(list, c)
				return err
			})
	})
	if err != nil {
		return nil, db.fail(err, "comments on %q", articleSlug)
	}
	return list, nil
}

// comment imports c: created or updated by its article and SourceID. Its
// parent, named by source id on the same article, may come later in the
// stream.
func (s *stream) comment(ctx context.Context, c *press.Comment) (outcome, error) {
	if err := c.Validate(); err != nil {
		return unchanged, err
	}
	if c.SourceID == "" {
		return unchanged, invalid("source_id", "is required to import a comment, so that importing again finds it")
	}
	article, err := s.articleID(ctx, c.Article)
	if err != nil {
		return unchanged, err
	}
	if article == 0 {
		return unchanged, invalid("article", "article "+quote(c.Article)+" does not exist")
	}
	cols := []column{
		{"author_name", c.AuthorName},
		{"author_email", c.AuthorEmail},
		{"author_url", c.AuthorURL},
		{"author_ip", c.AuthorIP},
		{"body", c.Body},
		{"status", string(c.Status)},
		{"created_at", s.t.d.time(c.CreatedAt)},
	}
	wait := false
	if c.ParentSourceID == "" {
		cols = append(cols, column{"parent_id", nil})
	} else {
		parent, err := s.t.commentID(ctx, article, c.ParentSourceID)
		if err != nil {
			return unchanged, err
		}
		if parent == 0 {
			wait = true // linked at the end of the stream
		} else {
			cols = append(cols, column{"parent_id", parent})
		}
	}
	id, what, err := s.t.upsert(ctx, record{
		table: "comments",
		key:   []column{{"article_id", article}, {"source_id", c.SourceID}},
		cols:  cols,
	}, s.r.now)
	if err != nil {
		return what, err
	}
	c.ID = id
	if wait {
		s.commentParents = append(s.commentParents, waiting{id: id, scope: article, target: c.ParentSourceID, name: c.SourceID, what: what})
	}
	if what == updated {
		// A stored comment may have moved under one of its replies.
		s.comments = true
	}
	return what, nil
}

// commentID returns the id of the comment with the source id on the
// article, or 0 when there is none.
func (t *tx) commentID(ctx context.Context, article int64, sourceID string) (int64, error) {
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM comments WHERE article_id = ? AND source_id = ?", article, sourceID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// articleID returns the id of the article slug, or 0 when there is none.
func (t *tx) articleID(ctx context.Context, slug string) (int64, error) {
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM articles WHERE slug = ?", slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// checkCommentThreads fails when replies form a cycle, a comment
// answering one of its own replies, which no thread could show.
func (t *tx) checkCommentThreads(ctx context.Context) error {
	return t.checkTree(ctx, "comments", "source_id", "comment")
}

// checkTree fails when the parent_id links of table form a cycle, naming
// a row in it by its column name. It reads only rows that have a parent,
// which are the only ones a cycle can contain.
func (t *tx) checkTree(ctx context.Context, table, name, what string) error {
	parent := map[int64]int64{}
	names := map[int64]string{}
	err := t.each(ctx, "SELECT id, "+name+", parent_id FROM "+table+" WHERE parent_id IS NOT NULL", nil,
		func(s scanner) error {
			var id, p int64
			var n string
			err := s.Scan(&id, &n, &p)
			parent[id], names[id] = p, n
			return err
		})
	if err != nil {
		return err
	}
	// Walk up from every row: a row in a cycle meets itself. A walk
	// longer than the number of rows has entered a cycle that does not
	// contain its start; that cycle's own rows report it.
	for start := range parent {
		id := start
		for steps := 0; steps <= len(parent); steps++ {
			next, ok := parent[id]
			if !ok {
				break
			}
			if next == start {
				return invalid("parent", what+" "+quote(names[start])+" would be its own ancestor")
			}
			id = next
		}
	}
	return nil
}
