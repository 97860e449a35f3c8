package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Taxonomies returns the site's taxonomies in their display order.
func (db *DB) Taxonomies(ctx context.Context) ([]press.Taxonomy, error) {
	var list []press.Taxonomy
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = t.taxonomies(ctx)
		return err
	})
	if err != nil {
		return nil, db.fail(err, "taxonomies")
	}
	return list, nil
}

func (t *tx) taxonomies(ctx context.Context) ([]press.Taxonomy, error) {
	press.Depend(ctx, press.KeyTaxonomies)
	rows, err := t.query(ctx, "SELECT id, slug, name, label, position FROM taxonomies ORDER BY position, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []press.Taxonomy{}
	for rows.Next() {
		var x press.Taxonomy
		if err := rows.Scan(&x.ID, &x.Slug, &x.Name, &x.Label, &x.Position); err != nil {
			return nil, err
		}
		list = append(list, x)
	}
	return list, rows.Err()
}

// Taxonomy returns the taxonomy with the given slug, or press.ErrNotFound.
func (db *DB) Taxonomy(ctx context.Context, slug string) (press.Taxonomy, error) {
	press.Depend(ctx, press.KeyTaxonomies)
	var x press.Taxonomy
	err := db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, "SELECT id, slug, name, label, position FROM taxonomies WHERE slug = ?", slug).
			Scan(&x.ID, &x.Slug, &x.Name, &x.Label, &x.Position)
	})
	if err != nil {
		return press.Taxonomy{}, db.fail(err, "taxonomy %q", slug)
	}
	return x, nil
}

// SaveTaxonomy validates x and stores it, creating it or updating the
// taxonomy with the same slug, and sets x.ID.
func (db *DB) SaveTaxonomy(ctx context.Context, x *press.Taxonomy) error {
	if err := x.Validate(); err != nil {
		return db.fail(err, "taxonomy %q", x.Slug)
	}
	err := db.write(ctx, func(t *tx) error {
		_, err := t.saveTaxonomy(ctx, x, db.clock())
		return err
	})
	if err != nil {
		return db.fail(err, "taxonomy %q", x.Slug)
	}
	return nil
}

func (t *tx) saveTaxonomy(ctx context.Context, x *press.Taxonomy, now time.Time) (outcome, error) {
	id, what, err := t.upsert(ctx, record{
		table: "taxonomies",
		key:   []column{{"slug", x.Slug}},
		cols:  []column{{"name", x.Name}, {"label", x.Label}, {"position", x.Position}},
	}, now)
	if err != nil {
		return what, err
	}
	x.ID = id
	if what != unchanged {
		t.changed(press.KeyTaxonomies)
		// Taxonomies carry no updated_at of their own, but their names
		// head pages readers see.
		err = t.touch(ctx, "taxonomy "+x.Slug, now)
	}
	return what, err
}

// termCols are the columns of a term, with its taxonomy x and parent p
// joined; scanTerm reads them.
const termCols = `t.id, x.slug, t.slug, t.name, t.description, t.description_html, COALESCE(p.slug, '')`

const termFrom = ` FROM terms t JOIN taxonomies x ON x.id = t.taxonomy_id LEFT JOIN terms p ON p.id = t.parent_id`

func scanTerm(s scanner, extra ...any) (press.Term, error) {
	var m press.Term
	err := s.Scan(append([]any{&m.ID, &m.Taxonomy, &m.Slug, &m.Name, &m.Description.Source,
		&m.Description.HTML, &m.Parent}, extra...)...)
	return m, err
}

// Term returns the term slug of taxonomy, or press.ErrNotFound. Its Count
// is left zero; Terms fills it.
func (db *DB) Term(ctx context.Context, taxonomy, slug string) (press.Term, error) {
	var m press.Term
	err := db.read(ctx, func(t *tx) error {
		var err error
		m, err = scanTerm(t.queryRow(ctx, "SELECT "+termCols+termFrom+" WHERE x.slug = ? AND t.slug = ?", taxonomy, slug))
		return err
	})
	if err == nil {
		press.Depend(ctx, press.KeyTerm(m.ID))
	} else {
		// A term that does not exist yet may be created.
		press.Depend(ctx, press.KeyTerms)
	}
	if err != nil {
		return press.Term{}, db.fail(err, "term %s/%s", taxonomy, slug)
	}
	return m, nil
}

// Terms returns the terms of taxonomy sorted by name, case-insensitively,
// each with Count set to the number of published articles tagged with
// that very term (not its descendants). An unknown taxonomy is
// press.ErrNotFound.
func (db *DB) Terms(ctx context.Context, taxonomy string) ([]press.Term, error) {
	list := []press.Term{}
	err := db.read(ctx, func(t *tx) error {
		var id int64
		if err := t.queryRow(ctx, "SELECT id FROM taxonomies WHERE slug = ?", taxonomy).Scan(&id); err != nil {
			return err
		}
		press.Depend(ctx, press.KeyTaxonomies, press.KeyTaxonomyTerms(id))
		// The counts come from the links' live_at index alone (see
		// migration 0007), one grouped pass over the taxonomy's terms,
		// without reading an article: a term page at 10,000 articles
		// took 230 ms when it read each article's status.
		rows, err := t.query(ctx, "SELECT "+termCols+", COALESCE(c.n, 0)"+termFrom+`
			LEFT JOIN (SELECT at.term_id, COUNT(*) AS n FROM article_terms at
				WHERE at.term_id IN (SELECT id FROM terms WHERE taxonomy_id = ?) AND at.live_at IS NOT NULL
				GROUP BY at.term_id) c ON c.term_id = t.id
			WHERE t.taxonomy_id = ? ORDER BY `+t.d.textOrder("t.name")+`, t.id`,
			id, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var count int
			m, err := scanTerm(rows, &count)
			if err != nil {
				return err
			}
			m.Count = count
			list = append(list, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "terms of %q", taxonomy)
	}
	return list, nil
}

// TermChildren returns the terms directly below the term slug of
// taxonomy, sorted by name as Terms sorts them, without counts: what a
// term's page links to. None is an empty list, an unknown term too.
func (db *DB) TermChildren(ctx context.Context, taxonomy, slug string) ([]press.Term, error) {
	// A child added, renamed or moved is a change of terms.
	press.Depend(ctx, press.KeyTerms)
	var list []press.Term
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryAll(ctx, t, func(s scanner) (press.Term, error) { return scanTerm(s) },
			"SELECT "+termCols+termFrom+" WHERE x.slug = ? AND p.slug = ? ORDER BY "+t.d.textOrder("t.name")+", t.id",
			taxonomy, slug)
		return err
	})
	if err != nil {
		return nil, db.fail(err, "terms below %s/%s", taxonomy, slug)
	}
	return list, nil
}

// SaveTerm validates m and stores it, creating it or updating the term
// with the same taxonomy and slug, and sets m.ID. The taxonomy must exist,
// and so must the parent (by slug, in the same taxonomy) when m has one;
// a parent that would make the terms a cycle is invalid too.
func (db *DB) SaveTerm(ctx context.Context, m *press.Term) error {
	if err := m.Validate(); err != nil {
		return db.fail(err, "term %s/%s", m.Taxonomy, m.Slug)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		taxID, err := t.taxonomyID(ctx, m.Taxonomy)
		if err != nil {
			return err
		}
		var parent any // NULL
		if m.Parent != "" {
			var id int64
			err := t.queryRow(ctx, "SELECT id FROM terms WHERE taxonomy_id = ? AND slug = ?", taxID, m.Parent).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return invalid("parent", "term "+quote(m.Parent)+" does not exist in "+quote(m.Taxonomy))
			}
			if err != nil {
				return err
			}
			parent = id
		}
		renamed, err := t.searchRenaming(ctx, "terms", "taxonomy_id = ? AND slug = ?", taxID, m.Slug)
		if err != nil {
			return err
		}
		// Before and after: a new parent moves its articles between
		// ancestors' listings.
		var before int64
		if err := t.queryRow(ctx, "SELECT id FROM terms WHERE taxonomy_id = ? AND slug = ?", taxID, m.Slug).Scan(&before); err == nil {
			if err := t.invalidateTermSets(ctx, []int64{before}); err != nil {
				return err
			}
		}
		id, what, err := t.upsert(ctx, record{
			table:   "terms",
			key:     []column{{"taxonomy_id", taxID}, {"slug", m.Slug}},
			cols:    termColumns(m, parent),
			stamped: true,
		}, now)
		if err == nil {
			err = renamed(now, m.Name)
		}
		if err == nil && what == updated {
			// Its parent may have changed, and with it the terms above
			// its articles.
			err = t.searchChanged(ctx, now)
		}
		if err != nil {
			return err
		}
		m.ID = id
		if what != unchanged {
			t.changed(press.KeyTerm(id), press.KeyTerms, press.KeyTaxonomyTerms(taxID))
			if err := t.invalidateTermSets(ctx, []int64{id}); err != nil {
				return err
			}
		}
		return t.checkTermTree(ctx, taxID)
	})
	if err != nil {
		return db.fail(err, "term %s/%s", m.Taxonomy, m.Slug)
	}
	return nil
}

func termColumns(m *press.Term, parent any) []column {
	return []column{
		{"name", m.Name},
		{"description", m.Description.Source},
		{"description_html", m.Description.HTML},
		{"parent_id", parent},
	}
}

// taxonomyID returns the id of the taxonomy slug; a missing taxonomy is
// invalid input, since it is named by what is being written.
func (t *tx) taxonomyID(ctx context.Context, slug string) (int64, error) {
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM taxonomies WHERE slug = ?", slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, invalid("taxonomy", "taxonomy "+quote(slug)+" does not exist")
	}
	return id, err
}

// checkTermTree fails when the parents of the terms of a taxonomy form a
// cycle, which would make a term its own ancestor.
func (t *tx) checkTermTree(ctx context.Context, taxonomyID int64) error {
	rows, err := t.query(ctx, "SELECT id, slug, parent_id FROM terms WHERE taxonomy_id = ?", taxonomyID)
	if err != nil {
		return err
	}
	defer rows.Close()
	parent := map[int64]int64{}
	slug := map[int64]string{}
	for rows.Next() {
		var id int64
		var s string
		var p sql.NullInt64
		if err := rows.Scan(&id, &s, &p); err != nil {
			return err
		}
		slug[id] = s
		if p.Valid {
			parent[id] = p.Int64
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	// Walk up from every term: a term in a cycle meets itself. A walk
	// longer than the number of terms has entered a cycle that does not
	// contain its start; that cycle's own terms report it.
	for start := range parent {
		id := start
		for steps := 0; steps <= len(parent); steps++ {
			next, ok := parent[id]
			if !ok {
				break
			}
			if next == start {
				return invalid("parent", "term "+quote(slug[start])+" would be its own ancestor")
			}
			id = next
		}
	}
	return nil
}

// invalid returns a validation error about one field.
func invalid(field, message string) error {
	var v press.ValidationError
	v.Add(field, message)
	return &v
}

func quote(s string) string { return `"` + s + `"` }
