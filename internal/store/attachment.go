package store

import (
	"context"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Attachments returns every attachment, in the order they were first
// stored.
func (db *DB) Attachments(ctx context.Context) ([]press.Attachment, error) {
	list := []press.Attachment{}
	err := db.read(ctx, func(t *tx) error {
		return t.each(ctx, `SELECT x.source_id, x.url, x.title, x.alt, x.caption, x.mime_type,
				COALESCE(a.slug, ''), x.path
			FROM attachments x LEFT JOIN articles a ON a.id = x.article_id ORDER BY x.id`, nil,
			func(s scanner) error {
				var x press.Attachment
				err := s.Scan(&x.SourceID, &x.URL, &x.Title, &x.Alt, &x.Caption, &x.MimeType, &x.Article, &x.Path)
				list = append(list, x)
				return err
			})
	})
	if err != nil {
		return nil, db.fail(err, "attachments")
	}
	return list, nil
}

// attachment imports x: created or updated by its SourceID, or, without
// one, by its URL. Its article may come later in the stream.
func (s *stream) attachment(ctx context.Context, x *press.Attachment) (outcome, error) {
	if err := x.Validate(); err != nil {
		return unchanged, err
	}
	key := []column{{"source_id", x.SourceID}}
	cols := []column{{"url", x.URL}}
	if x.SourceID == "" {
		key, cols = append(key, cols...), nil
	}
	cols = append(cols,
		column{"title", x.Title},
		column{"alt", x.Alt},
		column{"caption", x.Caption},
		column{"mime_type", x.MimeType},
		column{"path", x.Path},
	)
	wait := false
	if x.Article == "" {
		cols = append(cols, column{"article_id", nil})
	} else {
		article, err := s.articleID(ctx, x.Article)
		if err != nil {
			return unchanged, err
		}
		if article == 0 {
			wait = true // linked at the end of the stream
		} else {
			cols = append(cols, column{"article_id", article})
		}
	}
	id, what, err := s.t.upsert(ctx, record{table: "attachments", key: key, cols: cols}, s.r.now)
	if err == nil && wait {
		s.attachArticles = append(s.attachArticles, waiting{id: id, target: x.Article, name: attachmentName(x), what: what})
	}
	return what, err
}

// attachmentName names an attachment in errors.
func attachmentName(x *press.Attachment) string {
	if x.SourceID != "" {
		return x.SourceID
	}
	return x.URL
}
