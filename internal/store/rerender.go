package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Rerender brings the stored HTML up to date with the Markdown renderer
// whose output version is version. When the database records that its
// HTML was rendered by that version already, it does nothing and returns
// 0. Otherwise it renders again, from the stored Markdown, every article
// body (with render, which also gives the excerpt and word count) and
// article license, author bio, term description, page body and standing
// text of the site (with text), writes what changed, records version,
// and returns how many rows it changed. All of it is one transaction.
//
// Re-rendering is not an edit: UpdatedAt and Version stay as they are, so
// bylines keep their dates and editors with an article open do not get a
// conflict. LastModified does move, through the recorded version.
func (db *DB) Rerender(ctx context.Context, version int, render func(src string) press.Rendered, text func(src string) string) (int, error) {
	changed := 0
	err := db.write(ctx, func(t *tx) error {
		changed = 0
		var stored string
		err := t.queryRow(ctx, "SELECT value FROM settings WHERE key = ?", settingRenderVersion).Scan(&stored)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		want := strconv.Itoa(version)
		if err == nil && stored == want {
			return nil
		}
		t.changed(press.KeyAll) // every body, bio and description
		steps := []func() (int, error){
			func() (int, error) { return t.rerenderArticles(ctx, render, text) },
			func() (int, error) { return t.rerenderColumn(ctx, "authors", "bio", "bio_html", text) },
			func() (int, error) { return t.rerenderColumn(ctx, "terms", "description", "description_html", text) },
			func() (int, error) { return t.rerenderColumn(ctx, "pages", "body", "body_html", text) },
			func() (int, error) { return t.rerenderSite(ctx, text) },
		}
		for _, step := range steps {
			n, err := step()
			if err != nil {
				return err
			}
			changed += n
		}
		if changed > 0 {
			// Bodies changed: their search text may have too.
			if err := t.searchIndex(ctx, db.clock(), "1 = 1"); err != nil {
				return err
			}
		}
		return t.setSetting(ctx, settingRenderVersion, want, db.clock())
	})
	if err != nil {
		return 0, db.fail(err, "rerender")
	}
	return changed, nil
}

// rerenderBatch is how many rows are held in memory at once.
const rerenderBatch = 200

// rerenderRows walks the rows of a "SELECT id, … WHERE id > ? ORDER BY id
// LIMIT ?" query in batches: it reads a batch, then hands each row to
// rerender, which reports whether it wrote a change. A batch is read whole
// before writing because one connection cannot read and write at once, and
// a whole site's bodies need not be in memory. It counts the changes.
func rerenderRows[R any](ctx context.Context, t *tx, query string, scan func(scanner, *R) (int64, error), rerender func(*R) (bool, error)) (int, error) {
	changed := 0
	var last int64
	for {
		rows, err := t.query(ctx, query, last, rerenderBatch)
		if err != nil {
			return changed, err
		}
		var batch []R
		for rows.Next() {
			var r R
			if last, err = scan(rows, &r); err != nil {
				rows.Close()
				return changed, err
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return changed, err
		}
		if len(batch) == 0 {
			return changed, nil
		}
		for i := range batch {
			wrote, err := rerender(&batch[i])
			if err != nil {
				return changed, err
			}
			if wrote {
				changed++
			}
		}
	}
}

func (t *tx) rerenderArticles(ctx context.Context, render func(string) press.Rendered, text func(string) string) (int, error) {
	type row struct {
		id                   int64
		body, html, excerpt  string
		words                int
		license, licenseHTML string
	}
	return rerenderRows(ctx, t, `SELECT id, body, body_html, excerpt, word_count, license, license_html
		FROM articles WHERE id > ? ORDER BY id LIMIT ?`,
		func(s scanner, r *row) (int64, error) {
			err := s.Scan(&r.id, &r.body, &r.html, &r.excerpt, &r.words, &r.license, &r.licenseHTML)
			return r.id, err
		},
		func(r *row) (bool, error) {
			out := render(r.body)
			license := text(r.license)
			if out.HTML == r.html && out.Excerpt == r.excerpt && out.WordCount == r.words && license == r.licenseHTML {
				return false, nil
			}
			_, err := t.exec(ctx, "UPDATE articles SET body_html = ?, excerpt = ?, word_count = ?, license_html = ? WHERE id = ?",
				out.HTML, out.Excerpt, out.WordCount, license, r.id)
			return err == nil, err
		})
}

// rerenderColumn renders the Markdown column src of every row of table
// into its HTML column dst, in batches, and counts the rows that changed.
func (t *tx) rerenderColumn(ctx context.Context, table, src, dst string, text func(string) string) (int, error) {
	type row struct {
		id        int64
		src, html string
	}
	return rerenderRows(ctx, t, "SELECT id, "+src+", "+dst+" FROM "+table+" WHERE id > ? ORDER BY id LIMIT ?",
		func(s scanner, r *row) (int64, error) {
			err := s.Scan(&r.id, &r.src, &r.html)
			return r.id, err
		},
		func(r *row) (bool, error) {
			html := text(r.src)
			if html == r.html {
				return false, nil
			}
			_, err := t.exec(ctx, "UPDATE "+table+" SET "+dst+" = ? WHERE id = ?", html, r.id)
			return err == nil, err
		})
}

// rerenderSite renders the site's standing texts again, when a site is
// stored, and counts 1 when any changed.
func (t *tx) rerenderSite(ctx context.Context, text func(string) string) (int, error) {
	var value string
	err := t.queryRow(ctx, "SELECT value FROM settings WHERE key = ?", settingSite).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	s, err := decodeSite(value)
	if err != nil {
		return 0, err
	}
	for _, m := range []*press.Markdown{&s.RepublishingPolicy, &s.Disclaimer, &s.FairUseNotice,
		&s.Contacts, &s.MembershipCall, &s.CommentCall} {
		m.HTML = text(m.Source)
	}
	updated, err := encodeSite(&s)
	if err != nil || updated == value {
		return 0, err
	}
	// The site's UpdatedAt stays: re-rendering is not an edit.
	_, err = t.exec(ctx, "UPDATE settings SET value = ? WHERE key = ?", updated, settingSite)
	if err != nil {
		return 0, err
	}
	return 1, nil
}
