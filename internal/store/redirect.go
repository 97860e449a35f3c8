package store

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

const redirectCols = `id, from_path, to_url, created_at`

func scanRedirect(s scanner) (press.Redirect, error) {
	var r press.Redirect
	err := s.Scan(&r.ID, &r.From, &r.To, scanTime(&r.CreatedAt))
	return r, err
}

// SaveRedirect validates x (which normalises x.From) and stores it,
// creating it or changing the target of the redirect with the same From,
// and sets x.ID and x.CreatedAt. A redirect that would lead back to where
// it starts through other redirects is invalid, as a loop would be.
func (db *DB) SaveRedirect(ctx context.Context, x *press.Redirect) error {
	err := db.write(ctx, func(t *tx) error {
		_, err := t.saveRedirect(ctx, x, db.clock())
		return err
	})
	if err != nil {
		return db.fail(err, "redirect %q", x.From)
	}
	return nil
}

func (t *tx) saveRedirect(ctx context.Context, x *press.Redirect, now time.Time) (outcome, error) {
	if err := x.Validate(); err != nil {
		return unchanged, err
	}
	if err := t.checkRedirectLoop(ctx, x.From, x.To); err != nil {
		return unchanged, err
	}
	var to string
	err := t.queryRow(ctx, "SELECT id, to_url, created_at FROM redirects WHERE from_path = ?"+t.d.lockRow, x.From).
		Scan(&x.ID, &to, scanTime(&x.CreatedAt))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		x.CreatedAt = now
		return created, t.queryRow(ctx, "INSERT INTO redirects (from_path, to_url, created_at) VALUES (?, ?, ?) RETURNING id",
			x.From, x.To, t.d.time(now)).Scan(&x.ID)
	case err != nil:
		return unchanged, err
	case to == x.To:
		return unchanged, nil
	}
	_, err = t.exec(ctx, "UPDATE redirects SET to_url = ? WHERE id = ?", x.To, x.ID)
	return updated, err
}

// maxRedirectChain bounds how far checkRedirectLoop follows a chain of
// redirects; browsers give up after about twenty.
const maxRedirectChain = 20

// checkRedirectLoop fails when following to through the stored redirects
// leads back to from. A chain longer than maxRedirectChain is refused too:
// no reader would reach its end.
func (t *tx) checkRedirectLoop(ctx context.Context, from, to string) error {
	for range maxRedirectChain {
		next := localPath(to)
		if next == "" {
			return nil // leaves the site
		}
		if next == from {
			return invalid("to", "would lead back to "+from+" through other redirects")
		}
		err := t.queryRow(ctx, "SELECT to_url FROM redirects WHERE from_path = ?", next).Scan(&to)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return invalid("to", "starts a chain of more than 20 redirects")
}

// localPath returns the normalised path of a redirect target on this
// site, or "" for an absolute URL.
func localPath(to string) string {
	if u, err := url.Parse(to); err != nil || u.IsAbs() {
		return ""
	}
	return press.NormalisePath(to)
}

// Redirect returns the redirect from the old address from (normalised
// with press.NormalisePath first, so a request's path and query may be
// passed as they come), or press.ErrNotFound.
func (db *DB) Redirect(ctx context.Context, from string) (press.Redirect, error) {
	path := press.NormalisePath(from)
	var x press.Redirect
	err := db.read(ctx, func(t *tx) error {
		var err error
		x, err = scanRedirect(t.queryRow(ctx, "SELECT "+redirectCols+" FROM redirects WHERE from_path = ?", path))
		return err
	})
	if err != nil {
		return press.Redirect{}, db.fail(err, "redirect %q", from)
	}
	return x, nil
}

// Redirects returns every redirect, sorted by From (byte order).
func (db *DB) Redirects(ctx context.Context) ([]press.Redirect, error) {
	list := []press.Redirect{}
	err := db.read(ctx, func(t *tx) error {
		// Sorted here: the engines' collations of text differ, and byte
		// order is what an editor scanning paths expects.
		return t.each(ctx, "SELECT "+redirectCols+" FROM redirects", nil,
			func(s scanner) error {
				x, err := scanRedirect(s)
				list = append(list, x)
				return err
			})
	})
	if err != nil {
		return nil, db.fail(err, "redirects")
	}
	slices.SortFunc(list, func(a, b press.Redirect) int { return strings.Compare(a.From, b.From) })
	return list, nil
}

// DeleteRedirect removes the redirect from the old address from
// (normalised first), or fails with press.ErrNotFound.
func (db *DB) DeleteRedirect(ctx context.Context, from string) error {
	err := db.write(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "DELETE FROM redirects WHERE from_path = ?", press.NormalisePath(from))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return press.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return db.fail(err, "redirect %q", from)
	}
	return nil
}
