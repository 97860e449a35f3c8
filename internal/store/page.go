package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

const pageCols = `id, slug, title, body, body_html, status, created_at, updated_at, version,
	COALESCE((SELECT up.slug FROM pages up WHERE up.id = pages.parent_id), ''), position`

func scanPage(s scanner) (press.Page, error) {
	var p press.Page
	err := s.Scan(&p.ID, &p.Slug, &p.Title, &p.Body.Source, &p.Body.HTML, &p.Status,
		scanTime(&p.CreatedAt), scanTime(&p.UpdatedAt), &p.Version, &p.Parent, &p.Position)
	return p, err
}

// Page returns the page with the given slug, whatever its status, or
// press.ErrNotFound.
func (db *DB) Page(ctx context.Context, slug string) (press.Page, error) {
	var p press.Page
	err := db.read(ctx, func(t *tx) error {
		var err error
		p, err = scanPage(t.queryRow(ctx, "SELECT "+pageCols+" FROM pages WHERE slug = ?", slug))
		return err
	})
	if err == nil {
		press.Depend(ctx, press.KeyPage(p.ID))
	} else {
		press.Depend(ctx, press.KeyPages)
	}
	if err != nil {
		return press.Page{}, db.fail(err, "page %q", slug)
	}
	return p, nil
}

// Pages returns every page, drafts included, sorted by title
// case-insensitively.
func (db *DB) Pages(ctx context.Context) ([]press.Page, error) {
	press.Depend(ctx, press.KeyPages)
	list := []press.Page{}
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT "+pageCols+" FROM pages ORDER BY "+t.d.textOrder("title")+", id")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPage(rows)
			if err != nil {
				return err
			}
			list = append(list, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "pages")
	}
	return list, nil
}

// SavePage validates p (its slug may not be a path the site uses, nor a
// taxonomy's) and stores it, creating it or updating the page with the
// same slug, and sets p.ID, p.CreatedAt, p.UpdatedAt and p.Version. When
// p.Version is not zero it must be the stored version, or the save fails
// with press.ErrConflict: someone else saved the page in between. Saving
// a page exactly as stored changes nothing. p.Parent, when set, must name
// another stored page, and may not make a page its own ancestor.
func (db *DB) SavePage(ctx context.Context, p *press.Page) error {
	err := db.write(ctx, func(t *tx) error {
		what, err := t.savePage(ctx, p, db.clock(), nil)
		if what != unchanged {
			t.changed(press.KeyPage(p.ID), press.KeyPages)
		}
		if err == nil && p.Parent != "" {
			err = t.checkPageTree(ctx)
		}
		return err
	})
	if err != nil {
		return db.fail(err, "page %q", p.Slug)
	}
	return nil
}

// savePage stores p. Within an import stream s, a parent not stored yet
// is linked when the stream ends; otherwise (s nil) it is invalid.
func (t *tx) savePage(ctx context.Context, p *press.Page, now time.Time, s *stream) (outcome, error) {
	taxonomies, err := t.taxonomies(ctx)
	if err != nil {
		return unchanged, err
	}
	if err := p.Validate(taxonomies); err != nil {
		return unchanged, err
	}
	if p.Version != 0 {
		var stored int
		err := t.queryRow(ctx, "SELECT version FROM pages WHERE slug = ?"+t.d.lockRow, p.Slug).Scan(&stored)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return unchanged, press.ErrNotFound
		case err != nil:
			return unchanged, err
		case stored != p.Version:
			return unchanged, press.ErrConflict
		}
	}
	cols := []column{{"title", p.Title}, {"body", p.Body.Source}, {"body_html", p.Body.HTML},
		{"status", string(p.Status)}, {"position", p.Position}}
	wait := false
	switch parent, err := t.pageID(ctx, p.Parent); {
	case err != nil:
		return unchanged, err
	case p.Parent == "":
		cols = append(cols, column{"parent_id", nil})
	case p.Parent == p.Slug:
		return unchanged, invalid("parent", "a page cannot be its own parent")
	case parent != 0:
		cols = append(cols, column{"parent_id", parent})
	case s != nil:
		wait = true // linked at the end of the stream
	default:
		return unchanged, invalid("parent", "page "+quote(p.Parent)+" does not exist")
	}
	id, what, err := t.upsert(ctx, record{
		table:     "pages",
		key:       []column{{"slug", p.Slug}},
		cols:      cols,
		stamped:   true,
		versioned: true,
	}, now)
	if err != nil {
		return what, err
	}
	p.ID = id
	if wait {
		s.pageParents = append(s.pageParents, waiting{id: id, target: p.Parent, name: p.Slug, what: what})
	}
	return what, t.queryRow(ctx, "SELECT created_at, updated_at, version FROM pages WHERE id = ?", id).
		Scan(scanTime(&p.CreatedAt), scanTime(&p.UpdatedAt), &p.Version)
}

// pageID returns the id of the page slug, or 0 when there is none (or
// slug is empty).
func (t *tx) pageID(ctx context.Context, slug string) (int64, error) {
	if slug == "" {
		return 0, nil
	}
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM pages WHERE slug = ?", slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// checkPageTree fails when page parents form a cycle.
func (t *tx) checkPageTree(ctx context.Context) error {
	return t.checkTree(ctx, "pages", "slug", "page")
}
