package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// ImportStats says what an Import did. The counts by kind include every
// item of the bundle, whether it changed or not, and the authors and terms
// created from references; Created, Updated and Unchanged split the same
// items by what happened to them.
type ImportStats struct {
	Site       bool // the bundle's site settings were stored (they differed)
	Taxonomies int
	Terms      int
	Authors    int
	Pages      int
	Articles   int
	// From migrations; see ImportStream.
	Redirects   int
	Comments    int
	Attachments int

	Created   int // new rows
	Updated   int // existing rows that differed and were rewritten
	Unchanged int // existing rows already exactly as in the bundle
}

func (s *ImportStats) count(kind *int, what outcome) {
	*kind++
	switch what {
	case created:
		s.Created++
	case updated:
		s.Updated++
	default:
		s.Unchanged++
	}
}

// Import stores the bundle in one transaction: everything or, on any
// error, nothing. Each item is validated first, then created or updated
// by its slug (terms by taxonomy and slug), so importing the same bundle
// again updates what changed and duplicates nothing; items already stored
// exactly as in the bundle are left alone, UpdatedAt and Version
// included. Terms may name a parent (in the same taxonomy, stored or in
// the bundle, in any order). Articles refer to authors by slug and to
// terms by taxonomy and slug: references to ones neither the bundle nor
// the store has are created from the reference (slug and name), and
// references to existing ones leave them untouched. A term of an unknown
// taxonomy is invalid. The site settings are replaced when b.Site is set.
// Page and article versions in the bundle are ignored: an import
// overwrites. Import is ImportStream with a single add, which see for
// redirects, comments, attachments and page parents.
func (db *DB) Import(ctx context.Context, b press.Bundle) (ImportStats, error) {
	return db.ImportStream(ctx, func(add func(press.Bundle) error) error { return add(b) })
}

// importTerms stores terms in two passes, so that a parent may come after
// its child in the bundle: first every term without its parent, then the
// parents.
func (t *tx) importTerms(ctx context.Context, terms []press.Term, r *refs) error {
	outcomes := make([]outcome, len(terms))
	ids := make([]int64, len(terms))
	taxonomies := map[int64]bool{}
	for i, m := range terms {
		if err := m.Validate(); err != nil {
			return fmt.Errorf("term %s/%s: %w", m.Taxonomy, m.Slug, err)
		}
		taxID, err := r.taxonomy(ctx, t, m.Taxonomy)
		if err != nil {
			return fmt.Errorf("term %s/%s: %w", m.Taxonomy, m.Slug, err)
		}
		cols := termColumns(&m, nil)
		renamed, err := t.searchRenaming(ctx, "terms", "taxonomy_id = ? AND slug = ?", taxID, m.Slug)
		if err != nil {
			return fmt.Errorf("term %s/%s: %w", m.Taxonomy, m.Slug, err)
		}
		id, what, err := t.upsert(ctx, record{
			table:   "terms",
			key:     []column{{"taxonomy_id", taxID}, {"slug", m.Slug}},
			cols:    cols[:len(cols)-1], // all but parent_id, set below
			stamped: true,
		}, r.now)
		if err == nil {
			err = renamed(r.now, m.Name)
		}
		if err != nil {
			return fmt.Errorf("term %s/%s: %w", m.Taxonomy, m.Slug, err)
		}
		ids[i], outcomes[i] = id, what
		r.terms[termKey{m.Taxonomy, m.Slug}] = id
		taxonomies[taxID] = true
	}
	for i, m := range terms {
		var parent any // NULL
		if m.Parent != "" {
			id, ok := r.terms[termKey{m.Taxonomy, m.Parent}]
			if !ok {
				err := t.queryRow(ctx, `SELECT t.id FROM terms t JOIN taxonomies x ON x.id = t.taxonomy_id
					WHERE x.slug = ? AND t.slug = ?`, m.Taxonomy, m.Parent).Scan(&id)
				if errors.Is(err, sql.ErrNoRows) {
					err = invalid("parent", "term "+quote(m.Parent)+" does not exist in "+quote(m.Taxonomy))
				}
				if err != nil {
					return fmt.Errorf("term %s/%s: %w", m.Taxonomy, m.Slug, err)
				}
			}
			parent = id
		}
		res, err := t.exec(ctx, "UPDATE terms SET parent_id = ?, updated_at = ? WHERE id = ? AND parent_id IS DISTINCT FROM ?",
			parent, t.d.time(r.now), ids[i], parent)
		if err != nil {
			return fmt.Errorf("term %s/%s: %w", m.Taxonomy, m.Slug, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n > 0 {
			// The terms above the articles of this one changed.
			if err := t.searchChanged(ctx, r.now); err != nil {
				return err
			}
			if outcomes[i] == unchanged {
				outcomes[i] = updated
			}
		}
		r.stats.count(&r.stats.Terms, outcomes[i])
	}
	for id := range taxonomies {
		if err := t.checkTermTree(ctx, id); err != nil {
			return fmt.Errorf("terms: %w", err)
		}
	}
	return nil
}

// importArticle creates or updates the article with a's slug.
func (t *tx) importArticle(ctx context.Context, a *press.Article, r *refs) (outcome, error) {
	if err := a.Validate(); err != nil {
		return unchanged, err
	}
	authors, terms, err := t.articleRefs(ctx, a, r)
	if err != nil {
		return unchanged, err
	}
	normalise(a)
	id, what, err := t.upsert(ctx, articleRecord(t.d, a), r.now)
	if err != nil {
		return what, err
	}
	changed, err := t.setJoins(ctx, id, authors, terms)
	if err != nil {
		return what, err
	}
	if err := t.syncLive(ctx, id); err != nil {
		return what, err
	}
	if changed && what == unchanged {
		// Only the byline or terms changed: that is a change too.
		what = updated
		if err = t.bump(ctx, "articles", id, true, r.now); err != nil {
			return what, err
		}
	}
	if what != unchanged {
		if err := t.searchIndexArticles(ctx, r.now, id); err != nil {
			return what, err
		}
	}
	// An imported article keeps the date of its last change when its
	// source gives one; a new one without it was, as far as anyone knows,
	// last changed when it was published. Otherwise, as for any edit, the
	// change is dated now.
	stamp := a.UpdatedAt
	if stamp.IsZero() && what == created {
		stamp = a.PublishedAt
	}
	a.UpdatedAt = r.now
	if what != unchanged && !stamp.IsZero() {
		a.UpdatedAt = utc(stamp)
		_, err = t.exec(ctx, "UPDATE articles SET updated_at = ? WHERE id = ?", t.d.time(a.UpdatedAt), id)
	}
	return what, err
}

type termKey struct{ taxonomy, slug string }

// refs resolves the authors and terms articles refer to within one
// transaction, remembering what it found or created.
type refs struct {
	now        time.Time
	stats      *ImportStats
	taxonomies map[string]int64
	authors    map[string]int64
	terms      map[termKey]int64
}

// newRefs returns an empty resolver. stats, when not nil, counts the
// authors and terms it creates.
func newRefs(now time.Time, stats *ImportStats) *refs {
	if stats == nil {
		stats = new(ImportStats)
	}
	return &refs{
		now:        now,
		stats:      stats,
		taxonomies: map[string]int64{},
		authors:    map[string]int64{},
		terms:      map[termKey]int64{},
	}
}

// articleRefs returns the IDs of a's authors and terms, in order, creating
// the missing ones. A term listed twice counts once.
func (t *tx) articleRefs(ctx context.Context, a *press.Article, r *refs) (authors, terms []int64, err error) {
	for _, au := range a.Authors {
		id, err := r.author(ctx, t, au)
		if err != nil {
			return nil, nil, err
		}
		authors = append(authors, id)
	}
	seen := map[int64]bool{}
	for _, m := range a.Terms {
		id, err := r.term(ctx, t, m)
		if err != nil {
			return nil, nil, err
		}
		if !seen[id] {
			seen[id] = true
			terms = append(terms, id)
		}
	}
	return authors, terms, nil
}

func (r *refs) taxonomy(ctx context.Context, t *tx, slug string) (int64, error) {
	if id, ok := r.taxonomies[slug]; ok {
		return id, nil
	}
	id, err := t.taxonomyID(ctx, slug)
	if err == nil {
		r.taxonomies[slug] = id
	}
	return id, err
}

func (r *refs) author(ctx context.Context, t *tx, ref press.Author) (int64, error) {
	if id, ok := r.authors[ref.Slug]; ok {
		return id, nil
	}
	id, err := r.find(ctx, t, record{
		table:   "authors",
		key:     []column{{"slug", ref.Slug}},
		cols:    []column{{"name", ref.Name}},
		stamped: true,
	}, func() error {
		a := press.Author{Slug: ref.Slug, Name: ref.Name}
		if err := a.Validate(); err != nil {
			return fmt.Errorf("new author %q: %w", ref.Slug, err)
		}
		return nil
	}, &r.stats.Authors)
	if err == nil {
		r.authors[ref.Slug] = id
	}
	return id, err
}

func (r *refs) term(ctx context.Context, t *tx, ref press.Term) (int64, error) {
	key := termKey{ref.Taxonomy, ref.Slug}
	if id, ok := r.terms[key]; ok {
		return id, nil
	}
	taxID, err := r.taxonomy(ctx, t, ref.Taxonomy)
	if err != nil {
		return 0, err
	}
	id, err := r.find(ctx, t, record{
		table:   "terms",
		key:     []column{{"taxonomy_id", taxID}, {"slug", ref.Slug}},
		cols:    []column{{"name", ref.Name}},
		stamped: true,
	}, func() error {
		m := press.Term{Taxonomy: ref.Taxonomy, Slug: ref.Slug, Name: ref.Name}
		if err := m.Validate(); err != nil {
			return fmt.Errorf("new term %s/%s: %w", ref.Taxonomy, ref.Slug, err)
		}
		return nil
	}, &r.stats.Terms)
	if err == nil {
		r.terms[key] = id
	}
	return id, err
}

// find returns the id of the row with r's key, creating the row from r
// when there is none, after checking it with validate, and counting it
// in kind. Two transactions creating the same row at once both succeed
// and get the same row: the insert does nothing when the key is taken by
// then, and the one that lost reads the winner's row.
func (r *refs) find(ctx context.Context, t *tx, rec record, validate func() error, kind *int) (int64, error) {
	var where []string
	var args []any
	for _, c := range rec.key {
		where = append(where, c.name+" = ?")
		args = append(args, c.value)
	}
	lookup := "SELECT id FROM " + rec.table + " WHERE " + strings.Join(where, " AND ")
	var id int64
	err := t.queryRow(ctx, lookup, args...).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	if err := validate(); err != nil {
		return 0, err
	}
	id, err = t.insertOrNothing(ctx, rec, r.now)
	if errors.Is(err, sql.ErrNoRows) {
		return id, t.queryRow(ctx, lookup, args...).Scan(&id)
	}
	if err == nil {
		r.stats.count(kind, created)
	}
	return id, err
}
