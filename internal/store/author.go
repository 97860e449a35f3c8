package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// authorCols are the columns scanAuthor reads, of the authors table as au.
const authorCols = `au.id, au.slug, au.name, au.bio, au.bio_html, au.photo, au.links, au.email,
	au.created_at, au.updated_at`

func scanAuthor(s scanner, extra ...any) (press.Author, error) {
	var a press.Author
	var links string
	err := s.Scan(append([]any{&a.ID, &a.Slug, &a.Name, &a.Bio.Source, &a.Bio.HTML, &a.Photo, &links, &a.Email,
		scanTime(&a.CreatedAt), scanTime(&a.UpdatedAt)}, extra...)...)
	if err != nil {
		return a, err
	}
	a.Links, err = decodeList[press.Link](links)
	return a, err
}

// Author returns the author with the given slug, or press.ErrNotFound.
func (db *DB) Author(ctx context.Context, slug string) (press.Author, error) {
	var a press.Author
	err := db.read(ctx, func(t *tx) error {
		var err error
		a, err = scanAuthor(t.queryRow(ctx, "SELECT "+authorCols+" FROM authors au WHERE au.slug = ?", slug))
		return err
	})
	if err == nil {
		press.Depend(ctx, press.KeyAuthor(a.ID), press.KeyAuthorProfile(a.ID))
	} else {
		press.Depend(ctx, press.KeyAuthors)
	}
	if err != nil {
		return press.Author{}, db.fail(err, "author %q", slug)
	}
	return a, nil
}

// Authors returns every author, sorted by name case-insensitively.
func (db *DB) Authors(ctx context.Context) ([]press.Author, error) {
	press.Depend(ctx, press.KeyAuthors)
	list := []press.Author{}
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT "+authorCols+" FROM authors au ORDER BY "+t.d.textOrder("au.name")+", au.id")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAuthor(rows)
			if err != nil {
				return err
			}
			list = append(list, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "authors")
	}
	return list, nil
}

// SaveAuthor validates a and stores it, creating it or replacing every
// field of the author with the same slug, and sets a.ID, a.CreatedAt and
// a.UpdatedAt. Saving an author exactly as stored leaves UpdatedAt alone.
func (db *DB) SaveAuthor(ctx context.Context, a *press.Author) error {
	if err := a.Validate(); err != nil {
		return db.fail(err, "author %q", a.Slug)
	}
	err := db.write(ctx, func(t *tx) error {
		what, err := t.saveAuthor(ctx, a, db.clock())
		if what != unchanged {
			t.changed(press.KeyAuthor(a.ID), press.KeyAuthorProfile(a.ID), press.KeyAuthors)
		}
		return err
	})
	if err != nil {
		return db.fail(err, "author %q", a.Slug)
	}
	return nil
}

func (t *tx) saveAuthor(ctx context.Context, a *press.Author, now time.Time) (outcome, error) {
	links, err := encodeList(a.Links)
	if err != nil {
		return unchanged, err
	}
	renamed, err := t.searchRenaming(ctx, "authors", "slug = ?", a.Slug)
	if err != nil {
		return unchanged, err
	}
	id, what, err := t.upsert(ctx, record{
		table: "authors",
		key:   []column{{"slug", a.Slug}},
		cols: []column{
			{"name", a.Name}, {"bio", a.Bio.Source}, {"bio_html", a.Bio.HTML}, {"photo", a.Photo},
			{"links", links}, {"email", a.Email},
		},
		stamped: true,
	}, now)
	if err == nil {
		err = renamed(now, a.Name)
	}
	if err != nil {
		return what, err
	}
	a.ID = id
	return what, t.queryRow(ctx, "SELECT created_at, updated_at FROM authors WHERE id = ?", id).
		Scan(scanTime(&a.CreatedAt), scanTime(&a.UpdatedAt))
}

// encodeList stores a list as JSON; nil and empty are both "[]".
func encodeList[T any](list []T) (string, error) {
	if len(list) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(list)
	return string(b), err
}

// decodeList reads what encodeList wrote; an empty list is nil.
func decodeList[T any](s string) ([]T, error) {
	var list []T
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	return list, nil
}
