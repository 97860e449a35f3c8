package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// The newsroom's management of taxonomies, terms, authors and the site
// settings. Unlike the Save… methods the importer uses (which upsert by
// slug and leave no trace), these find what they change by its current
// slug or id, may change the slug itself, record an audit line with the
// context's actor, and keep the old public addresses working with
// redirects: links to a renamed term or author are out in the world.

// feedFiles are the files the public site serves under a term's or an
// author's page (internal/feed's formats); a moved page takes its feeds
// along.
var feedFiles = []string{"feed.xml", "atom.xml", "feed.json"}

func termTarget(id int64) string     { return "term:" + strconv.FormatInt(id, 10) }
func taxonomyTarget(id int64) string { return "taxonomy:" + strconv.FormatInt(id, 10) }
func authorTarget(id int64) string   { return "author:" + strconv.FormatInt(id, 10) }

// moveURL makes the public address from redirect to to, now that the
// page lives at to: a redirect from to itself is dropped (a live page
// never redirects, and keeping it would close a loop when a slug is
// changed back), redirects that led to from now lead straight to to, and
// from → to is stored. With feeds, the page's feed files move as well.
func (t *tx) moveURL(ctx context.Context, now time.Time, from, to string, feeds bool) error {
	pairs := [][2]string{{from, to}}
	if feeds {
		for _, f := range feedFiles {
			pairs = append(pairs, [2]string{from + "/" + f, to + "/" + f})
		}
	}
	for _, p := range pairs {
		from, to := press.NormalisePath(p[0]), press.NormalisePath(p[1])
		if from == to {
			continue
		}
		if _, err := t.exec(ctx, "DELETE FROM redirects WHERE from_path = ?", to); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE redirects SET to_url = ? WHERE to_url = ?", to, from); err != nil {
			return err
		}
		if _, err := t.saveRedirect(ctx, &press.Redirect{From: from, To: to}, now); err != nil {
			return err
		}
	}
	return nil
}

// changedArticles marks the articles ids as changed (their byline or
// terms changed under them): a new updated_at and version, so that a
// stale editor's save is refused rather than bringing back what was
// removed, and fresh search documents.
func (t *tx) changedArticles(ctx context.Context, now time.Time, ids []int64) error {
	for _, id := range ids {
		if err := t.bump(ctx, "articles", id, true, now); err != nil {
			return err
		}
	}
	if err := t.searchIndexArticles(ctx, now, ids...); err != nil {
		return err
	}
	return t.searchChanged(ctx, now)
}

// --- terms

// termRow is a stored term's identity.
type termRow struct {
	id, taxID int64
	parent    sql.NullInt64
	slug      string
	name      string
}

func (t *tx) termRow(ctx context.Context, taxonomy, slug string) (termRow, error) {
	var r termRow
	err := t.queryRow(ctx, `SELECT t.id, t.taxonomy_id, t.parent_id, t.slug, t.name FROM terms t
		JOIN taxonomies x ON x.id = t.taxonomy_id WHERE x.slug = ? AND t.slug = ?`+t.d.lockRow, taxonomy, slug).
		Scan(&r.id, &r.taxID, &r.parent, &r.slug, &r.name)
	return r, err
}

// parentID returns the id of the term parent of taxonomy taxID, or nil
// (NULL) for "".
func (t *tx) parentID(ctx context.Context, taxID int64, taxonomy, parent string) (any, error) {
	if parent == "" {
		return nil, nil
	}
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM terms WHERE taxonomy_id = ? AND slug = ?", taxID, parent).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, invalid("parent", "term "+quote(parent)+" does not exist in "+quote(taxonomy))
	}
	return id, err
}

// CreateTerm validates m and stores it as a new term of its taxonomy,
// with an audit line, and sets m.ID. A slug the taxonomy already has is
// press.ErrConflict; a missing taxonomy or parent is invalid.
func (db *DB) CreateTerm(ctx context.Context, m *press.Term) error {
	if err := m.Validate(); err != nil {
		return db.fail(err, "term %s/%s", m.Taxonomy, m.Slug)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		taxID, err := t.taxonomyID(ctx, m.Taxonomy)
		if err != nil {
			return err
		}
		parent, err := t.parentID(ctx, taxID, m.Taxonomy, m.Parent)
		if err != nil {
			return err
		}
		id, err := t.insert(ctx, record{table: "terms", key: []column{{"taxonomy_id", taxID}, {"slug", m.Slug}},
			cols: termColumns(m, parent), stamped: true}, now)
		if err != nil {
			return err
		}
		m.ID = id
		t.changed(press.KeyTerms, press.KeyTaxonomyTerms(taxID))
		// The new address may have been an old one's redirect.
		if _, err := t.exec(ctx, "DELETE FROM redirects WHERE from_path = ?", press.TermPath(m.Taxonomy, m.Slug)); err != nil {
			return err
		}
		return t.audit(ctx, now, "term.create", termTarget(id), quote(m.Name)+" in "+m.Taxonomy+" at "+press.TermPath(m.Taxonomy, m.Slug))
	})
	if err != nil {
		return db.fail(err, "term %s/%s", m.Taxonomy, m.Slug)
	}
	return nil
}

// UpdateTerm replaces the term slug of m.Taxonomy with m: name, slug,
// parent and description. When the slug changes, the old address (and
// its feeds) redirects to the new one; changing it back later makes the
// old address live again without a loop. It records term.update (or
// term.rename when the slug or name changed) and sets m.ID.
func (db *DB) UpdateTerm(ctx context.Context, slug string, m *press.Term) error {
	if err := m.Validate(); err != nil {
		return db.fail(err, "term %s/%s", m.Taxonomy, slug)
	}
	err := db.write(ctx, func(t *tx) error {
		return t.updateTerm(ctx, db.clock(), slug, m, true)
	})
	if err != nil {
		return db.fail(err, "term %s/%s", m.Taxonomy, slug)
	}
	return nil
}

// RenameTerm changes the slug and the name of the term from of taxonomy
// (an empty name keeps the name), leaving its parent and description as
// they are, with a redirect from the old address as UpdateTerm does.
func (db *DB) RenameTerm(ctx context.Context, taxonomy, from, to, name string) error {
	err := db.write(ctx, func(t *tx) error {
		m, err := scanTerm(t.queryRow(ctx, "SELECT "+termCols+termFrom+" WHERE x.slug = ? AND t.slug = ?", taxonomy, from))
		if err != nil {
			return err
		}
		m.Slug = to
		if name != "" {
			m.Name = name
		}
		if err := m.Validate(); err != nil {
			return err
		}
		return t.updateTerm(ctx, db.clock(), from, &m, false)
	})
	if err != nil {
		return db.fail(err, "term %s/%s", taxonomy, from)
	}
	return nil
}

func (t *tx) updateTerm(ctx context.Context, now time.Time, slug string, m *press.Term, all bool) (err error) {
	old, err := t.termRow(ctx, m.Taxonomy, slug)
	if err != nil {
		return err
	}
	// Its name shows wherever it does; a new parent moves its articles
	// from the old ancestors' listings to the new ones'.
	t.changed(press.KeyTerm(old.id), press.KeyTerms, press.KeyTaxonomyTerms(old.taxID))
	if err := t.invalidateTermSets(ctx, []int64{old.id}); err != nil {
		return err
	}
	defer func() {
		if err == nil {
			err = t.invalidateTermSets(ctx, []int64{old.id})
		}
	}()
	var parent any
	if all {
		if parent, err = t.parentID(ctx, old.taxID, m.Taxonomy, m.Parent); err != nil {
			return err
		}
		if parent != nil && parent.(int64) == old.id {
			return invalid("parent", "a term cannot be its own parent")
		}
	} else if old.parent.Valid {
		parent = old.parent.Int64
	}
	cols := append([]column{{"slug", m.Slug}}, termColumns(m, parent)...)
	if !all {
		cols = []column{{"slug", m.Slug}, {"name", m.Name}}
	}
	changed, err := t.update(ctx, "terms", old.id, cols, true, false, now)
	if err != nil || !changed {
		m.ID = old.id
		return err
	}
	m.ID = old.id
	if err := t.checkTermTree(ctx, old.taxID); err != nil {
		return err
	}
	if old.slug != m.Slug {
		if err := t.moveURL(ctx, now, press.TermPath(m.Taxonomy, old.slug), press.TermPath(m.Taxonomy, m.Slug), true); err != nil {
			return err
		}
	}
	// The name is in its articles' search documents, the parent decides
	// the terms above them.
	ids, err := queryColumn[int64](ctx, t, "SELECT article_id FROM article_terms WHERE term_id = ?", old.id)
	if err != nil {
		return err
	}
	if err := t.searchIndexArticles(ctx, now, ids...); err != nil {
		return err
	}
	if err := t.searchChanged(ctx, now); err != nil {
		return err
	}
	action, summary := "term.update", quote(m.Name)+" in "+m.Taxonomy+" edited"
	switch {
	case old.slug != m.Slug:
		action, summary = "term.rename", quote(old.name)+" in "+m.Taxonomy+": "+press.TermPath(m.Taxonomy, old.slug)+
			" → "+press.TermPath(m.Taxonomy, m.Slug)+" (old address redirects)"
		if old.name != m.Name {
			summary += ", renamed " + quote(m.Name)
		}
	case old.name != m.Name:
		action, summary = "term.rename", quote(old.name)+" in "+m.Taxonomy+" renamed "+quote(m.Name)
	}
	return t.audit(ctx, now, action, termTarget(old.id), summary)
}

// DeleteTerm deletes the term slug of taxonomy: its articles lose it
// (and are marked changed), its children move up to its parent. A
// missing term is press.ErrNotFound.
func (db *DB) DeleteTerm(ctx context.Context, taxonomy, slug string) error {
	err := db.write(ctx, func(t *tx) error {
		// Rare, and it rewrites many articles' terms or bylines: every
		// page goes rather than a list of them.
		t.changed(press.KeyAll)
		now := db.clock()
		old, err := t.termRow(ctx, taxonomy, slug)
		if err != nil {
			return err
		}
		ids, err := queryColumn[int64](ctx, t, "SELECT article_id FROM article_terms WHERE term_id = ?", old.id)
		if err != nil {
			return err
		}
		var parent any
		if old.parent.Valid {
			parent = old.parent.Int64
		}
		if _, err := t.exec(ctx, "UPDATE terms SET parent_id = ?, updated_at = ? WHERE parent_id = ?", parent, t.d.time(now), old.id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM terms WHERE id = ?", old.id); err != nil {
			return err
		}
		if err := t.changedArticles(ctx, now, ids); err != nil {
			return err
		}
		if err := t.touch(ctx, "term "+taxonomy+"/"+slug+" deleted", now); err != nil {
			return err
		}
		return t.audit(ctx, now, "term.delete", termTarget(old.id), quote(old.name)+" in "+taxonomy+" deleted; "+
			plural(len(ids), "article")+" lost it")
	})
	if err != nil {
		return db.fail(err, "term %s/%s", taxonomy, slug)
	}
	return nil
}

// MergeTerms merges the term from of taxonomy into the term into: every
// article of from gets into instead, in from's place (an article that
// had both keeps into where it was), from's children move under into,
// from is deleted, and its address and feeds redirect to into's. When
// into is below from, into first takes from's place in the tree. Merging
// a term into itself is invalid; either missing is press.ErrNotFound.
func (db *DB) MergeTerms(ctx context.Context, taxonomy, from, into string) error {
	err := db.write(ctx, func(t *tx) error {
		// Rare, and it rewrites many articles' terms or bylines: every
		// page goes rather than a list of them.
		t.changed(press.KeyAll)
		now := db.clock()
		if from == into {
			return invalid("into", "a term cannot be merged into itself")
		}
		src, err := t.termRow(ctx, taxonomy, from)
		if err != nil {
			return err
		}
		dst, err := t.termRow(ctx, taxonomy, into)
		if err != nil {
			return err
		}
		ids, err := queryColumn[int64](ctx, t, "SELECT article_id FROM article_terms WHERE term_id = ?", src.id)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM article_terms WHERE term_id = ?
			AND article_id IN (SELECT article_id FROM article_terms WHERE term_id = ?)`, src.id, dst.id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE article_terms SET term_id = ? WHERE term_id = ?", dst.id, src.id); err != nil {
			return err
		}
		below, err := t.isBelow(ctx, dst.id, src.id)
		if err != nil {
			return err
		}
		if below {
			var parent any
			if src.parent.Valid {
				parent = src.parent.Int64
			}
			if _, err := t.exec(ctx, "UPDATE terms SET parent_id = ? WHERE id = ?", parent, dst.id); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, "UPDATE terms SET parent_id = ?, updated_at = ? WHERE parent_id = ?", dst.id, t.d.time(now), src.id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM terms WHERE id = ?", src.id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE terms SET updated_at = ? WHERE id = ?", t.d.time(now), dst.id); err != nil {
			return err
		}
		if err := t.checkTermTree(ctx, src.taxID); err != nil {
			return err
		}
		if err := t.moveURL(ctx, now, press.TermPath(taxonomy, from), press.TermPath(taxonomy, into), true); err != nil {
			return err
		}
		if err := t.changedArticles(ctx, now, ids); err != nil {
			return err
		}
		return t.audit(ctx, now, "term.merge", termTarget(dst.id), quote(src.name)+" merged into "+quote(dst.name)+
			" in "+taxonomy+" ("+plural(len(ids), "article")+"); "+press.TermPath(taxonomy, from)+" redirects")
	})
	if err != nil {
		return db.fail(err, "merge term %s/%s into %q", taxonomy, from, into)
	}
	return nil
}

// isBelow reports whether term id has ancestor among its parents.
func (t *tx) isBelow(ctx context.Context, id, ancestor int64) (bool, error) {
	for range 1000 { // the tree has no cycles (checkTermTree); this bounds a broken one
		var p sql.NullInt64
		if err := t.queryRow(ctx, "SELECT parent_id FROM terms WHERE id = ?", id).Scan(&p); err != nil {
			return false, err
		}
		if !p.Valid {
			return false, nil
		}
		if p.Int64 == ancestor {
			return true, nil
		}
		id = p.Int64
	}
	return false, nil
}

// TermArticleCounts returns, for each term of taxonomy by slug, how many
// articles of any status but the trash carry that very term: what an
// editor weighs before merging or deleting it. Terms without articles
// are left out.
func (db *DB) TermArticleCounts(ctx context.Context, taxonomy string) (map[string]int, error) {
	counts := map[string]int{}
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT m.slug, COUNT(*) FROM article_terms at
			JOIN terms m ON m.id = at.term_id JOIN taxonomies x ON x.id = m.taxonomy_id
			JOIN articles a ON a.id = at.article_id
			WHERE x.slug = ? AND a.status <> ? GROUP BY m.slug`, taxonomy, string(press.StatusTrash))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var slug string
			var n int
			if err := rows.Scan(&slug, &n); err != nil {
				return err
			}
			counts[slug] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "term counts of %q", taxonomy)
	}
	return counts, nil
}

// --- taxonomies

// checkTaxonomySlug refuses a taxonomy slug the site answers at itself
// or a page has; taxonomy id (0 for a new one) may keep its own.
func (t *tx) checkTaxonomySlug(ctx context.Context, slug string, id int64) error {
	list, err := t.taxonomies(ctx)
	if err != nil {
		return err
	}
	for _, x := range list {
		if x.Slug == slug && x.ID != id {
			return invalid("slug", "the taxonomy "+quote(x.Name)+" already uses "+quote(slug))
		}
	}
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM pages WHERE slug = ?", slug).Scan(&n); err != nil {
		return err
	}
	if n > 0 || press.ReservedSlug(slug, nil) {
		return invalid("slug", quote(slug)+" is a path the site already uses (a page or one of its own)")
	}
	return nil
}

// CreateTaxonomy validates x and stores it as a new taxonomy, last in
// order when x.Position is 0, with an audit line, and sets x.ID and
// x.Position. Its slug may not be one the site or a page uses.
func (db *DB) CreateTaxonomy(ctx context.Context, x *press.Taxonomy) error {
	if err := x.Validate(); err != nil {
		return db.fail(err, "taxonomy %q", x.Slug)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		t.changed(press.KeyTaxonomies)
		if err := t.checkTaxonomySlug(ctx, x.Slug, 0); err != nil {
			return err
		}
		if x.Position == 0 {
			if err := t.queryRow(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM taxonomies").Scan(&x.Position); err != nil {
				return err
			}
		}
		id, err := t.insert(ctx, record{table: "taxonomies", key: []column{{"slug", x.Slug}},
			cols: []column{{"name", x.Name}, {"label", x.Label}, {"position", x.Position}}}, now)
		if err != nil {
			return err
		}
		x.ID = id
		if err := t.touch(ctx, "taxonomy "+x.Slug, now); err != nil {
			return err
		}
		return t.audit(ctx, now, "taxonomy.create", taxonomyTarget(id), quote(x.Name)+" at "+press.TaxonomyPath(x.Slug))
	})
	if err != nil {
		return db.fail(err, "taxonomy %q", x.Slug)
	}
	return nil
}

// UpdateTaxonomy replaces the taxonomy slug with x (slug, name, label,
// position) and sets x.ID. A new slug may not be one the site or a page
// uses; the taxonomy's index and every term page (with its feeds) at the
// old slug redirect to the new addresses.
func (db *DB) UpdateTaxonomy(ctx context.Context, slug string, x *press.Taxonomy) error {
	if err := x.Validate(); err != nil {
		return db.fail(err, "taxonomy %q", slug)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		t.changed(press.KeyTaxonomies) // the navigation of every page
		var old press.Taxonomy
		err := t.queryRow(ctx, "SELECT id, slug, name, label, position FROM taxonomies WHERE slug = ?"+t.d.lockRow, slug).
			Scan(&old.ID, &old.Slug, &old.Name, &old.Label, &old.Position)
		if err != nil {
			return err
		}
		x.ID = old.ID
		if x.Slug != old.Slug {
			if err := t.checkTaxonomySlug(ctx, x.Slug, old.ID); err != nil {
				return err
			}
		}
		changed, err := t.update(ctx, "taxonomies", old.ID, []column{{"slug", x.Slug}, {"name", x.Name},
			{"label", x.Label}, {"position", x.Position}}, false, false, now)
		if err != nil || !changed {
			return err
		}
		var what []string
		if x.Slug != old.Slug {
			if err := t.moveURL(ctx, now, press.TaxonomyPath(old.Slug), press.TaxonomyPath(x.Slug), false); err != nil {
				return err
			}
			terms, err := t.termSlugs(ctx, old.ID)
			if err != nil {
				return err
			}
			for _, m := range terms {
				if err := t.moveURL(ctx, now, press.TermPath(old.Slug, m), press.TermPath(x.Slug, m), true); err != nil {
					return err
				}
			}
			// Search documents name terms, not taxonomies; the
			// listings that filter by taxonomy slug change though.
			if err := t.searchChanged(ctx, now); err != nil {
				return err
			}
			what = append(what, press.TaxonomyPath(old.Slug)+" → "+press.TaxonomyPath(x.Slug)+" (old addresses redirect)")
		}
		if x.Name != old.Name {
			what = append(what, "name "+quote(old.Name)+" → "+quote(x.Name))
		}
		if x.Label != old.Label {
			what = append(what, "label "+quote(old.Label)+" → "+quote(x.Label))
		}
		if x.Position != old.Position {
			what = append(what, "position "+strconv.Itoa(old.Position)+" → "+strconv.Itoa(x.Position))
		}
		if err := t.touch(ctx, "taxonomy "+x.Slug, now); err != nil {
			return err
		}
		return t.audit(ctx, now, "taxonomy.update", taxonomyTarget(old.ID), quote(x.Name)+": "+strings.Join(what, ", "))
	})
	if err != nil {
		return db.fail(err, "taxonomy %q", slug)
	}
	return nil
}

func (t *tx) termSlugs(ctx context.Context, taxID int64) ([]string, error) {
	return queryColumn[string](ctx, t, "SELECT slug FROM terms WHERE taxonomy_id = ?", taxID)
}

// DeleteTaxonomy deletes the taxonomy slug with all its terms; their
// articles lose them and are marked changed. A missing taxonomy is
// press.ErrNotFound.
func (db *DB) DeleteTaxonomy(ctx context.Context, slug string) error {
	err := db.write(ctx, func(t *tx) error {
		// Rare, and it rewrites many articles' terms or bylines: every
		// page goes rather than a list of them.
		t.changed(press.KeyAll)
		now := db.clock()
		var id int64
		var name string
		if err := t.queryRow(ctx, "SELECT id, name FROM taxonomies WHERE slug = ?"+t.d.lockRow, slug).Scan(&id, &name); err != nil {
			return err
		}
		ids, err := queryColumn[int64](ctx, t, `SELECT DISTINCT at.article_id FROM article_terms at
			JOIN terms m ON m.id = at.term_id WHERE m.taxonomy_id = ?`, id)
		if err != nil {
			return err
		}
		var terms int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM terms WHERE taxonomy_id = ?", id).Scan(&terms); err != nil {
			return err
		}
		// Terms and their article links go with it (ON DELETE CASCADE).
		if _, err := t.exec(ctx, "DELETE FROM taxonomies WHERE id = ?", id); err != nil {
			return err
		}
		if err := t.changedArticles(ctx, now, ids); err != nil {
			return err
		}
		if err := t.touch(ctx, "taxonomy "+slug+" deleted", now); err != nil {
			return err
		}
		return t.audit(ctx, now, "taxonomy.delete", taxonomyTarget(id), quote(name)+" deleted with "+
			plural(terms, "term")+"; "+plural(len(ids), "article")+" lost them")
	})
	if err != nil {
		return db.fail(err, "taxonomy %q", slug)
	}
	return nil
}

// --- authors

// AuthorByID returns the author with the given id, or press.ErrNotFound.
func (db *DB) AuthorByID(ctx context.Context, id int64) (press.Author, error) {
	var a press.Author
	err := db.read(ctx, func(t *tx) error {
		var err error
		a, err = scanAuthor(t.queryRow(ctx, "SELECT "+authorCols+" FROM authors au WHERE au.id = ?", id))
		return err
	})
	if err != nil {
		return press.Author{}, db.fail(err, "author %d", id)
	}
	return a, nil
}

// AuthorArticleCounts returns how many articles (of any status, the
// trash included, since deleting the author would touch them too) each
// author by slug is in the byline of. Authors without articles are left
// out.
func (db *DB) AuthorArticleCounts(ctx context.Context) (map[string]int, error) {
	counts := map[string]int{}
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT au.slug, COUNT(*) FROM article_authors aa
			JOIN authors au ON au.id = aa.author_id GROUP BY au.slug`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var slug string
			var n int
			if err := rows.Scan(&slug, &n); err != nil {
				return err
			}
			counts[slug] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "author counts")
	}
	return counts, nil
}

// CreateAuthor validates a and stores it as a new author, with an audit
// line, and sets a.ID, a.CreatedAt and a.UpdatedAt. A taken slug is
// press.ErrConflict.
func (db *DB) CreateAuthor(ctx context.Context, a *press.Author) error {
	if err := a.Validate(); err != nil {
		return db.fail(err, "author %q", a.Slug)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		links, err := encodeList(a.Links)
		if err != nil {
			return err
		}
		id, err := t.insert(ctx, record{table: "authors", key: []column{{"slug", a.Slug}}, cols: []column{
			{"name", a.Name}, {"bio", a.Bio.Source}, {"bio_html", a.Bio.HTML}, {"photo", a.Photo},
			{"links", links}, {"email", a.Email}}, stamped: true}, now)
		if err != nil {
			return err
		}
		a.ID, a.CreatedAt, a.UpdatedAt = id, now, now
		t.changed(press.KeyAuthors)
		if _, err := t.exec(ctx, "DELETE FROM redirects WHERE from_path = ?", press.AuthorPath(a.Slug)); err != nil {
			return err
		}
		return t.audit(ctx, now, "author.create", authorTarget(id), quote(a.Name)+" at "+press.AuthorPath(a.Slug))
	})
	if err != nil {
		return db.fail(err, "author %q", a.Slug)
	}
	return nil
}

// UpdateAuthor replaces every field of the author slug with a's, and sets
// a.ID, a.CreatedAt and a.UpdatedAt. When the slug changes, the old
// author page (and its feeds) redirects to the new one.
func (db *DB) UpdateAuthor(ctx context.Context, slug string, a *press.Author) error {
	if err := a.Validate(); err != nil {
		return db.fail(err, "author %q", slug)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		old, err := scanAuthor(t.queryRow(ctx, "SELECT "+authorCols+" FROM authors au WHERE au.slug = ?"+t.d.lockRow, slug))
		if err != nil {
			return err
		}
		links, err := encodeList(a.Links)
		if err != nil {
			return err
		}
		changed, err := t.update(ctx, "authors", old.ID, []column{{"slug", a.Slug},
			{"name", a.Name}, {"bio", a.Bio.Source}, {"bio_html", a.Bio.HTML}, {"photo", a.Photo},
			{"links", links}, {"email", a.Email}}, true, false, now)
		if err != nil {
			return err
		}
		a.ID, a.CreatedAt, a.UpdatedAt = old.ID, old.CreatedAt, old.UpdatedAt
		if !changed {
			return nil
		}
		a.UpdatedAt = now
		// A byline shows the name and photo; the author page and box the
		// rest; the index both.
		t.changed(press.KeyAuthors, press.KeyAuthorProfile(old.ID))
		if old.Slug != a.Slug || old.Name != a.Name || old.Photo != a.Photo {
			t.changed(press.KeyAuthor(old.ID))
		}
		summary := quote(a.Name) + " edited"
		if old.Slug != a.Slug {
			if err := t.moveURL(ctx, now, press.AuthorPath(old.Slug), press.AuthorPath(a.Slug), true); err != nil {
				return err
			}
			summary += "; " + press.AuthorPath(old.Slug) + " → " + press.AuthorPath(a.Slug) + " (old address redirects)"
		}
		if old.Name != a.Name {
			summary += "; was " + quote(old.Name)
			if err := t.searchIndex(ctx, now, "a.id IN (SELECT article_id FROM article_authors WHERE author_id = ?)", old.ID); err != nil {
				return err
			}
		}
		return t.audit(ctx, now, "author.update", authorTarget(old.ID), summary)
	})
	if err != nil {
		return db.fail(err, "author %q", slug)
	}
	return nil
}

// DeleteAuthor deletes the author slug. An author in any article's byline
// is refused (a *press.ValidationError on field "reassign" saying how
// many) unless reassign names another author, who then takes their place
// in those bylines (an article already crediting both keeps one), and
// whose page the old author page redirects to. Staff accounts linked to
// the author lose the link.
func (db *DB) DeleteAuthor(ctx context.Context, slug, reassign string) error {
	err := db.write(ctx, func(t *tx) error {
		// Rare, and it rewrites many articles' terms or bylines: every
		// page goes rather than a list of them.
		t.changed(press.KeyAll)
		now := db.clock()
		var id int64
		var name string
		if err := t.queryRow(ctx, "SELECT id, name FROM authors WHERE slug = ?"+t.d.lockRow, slug).Scan(&id, &name); err != nil {
			return err
		}
		ids, err := queryColumn[int64](ctx, t, "SELECT article_id FROM article_authors WHERE author_id = ?", id)
		if err != nil {
			return err
		}
		summary := quote(name) + " deleted"
		if len(ids) > 0 {
			if reassign == "" {
				return invalid("reassign", name+" is in the byline of "+plural(len(ids), "article")+
					"; choose another author to credit instead")
			}
			if reassign == slug {
				return invalid("reassign", "choose an author other than the one being deleted")
			}
			var to int64
			var toName string
			err := t.queryRow(ctx, "SELECT id, name FROM authors WHERE slug = ?", reassign).Scan(&to, &toName)
			if errors.Is(err, sql.ErrNoRows) {
				return invalid("reassign", "author "+quote(reassign)+" does not exist")
			}
			if err != nil {
				return err
			}
			if _, err := t.exec(ctx, `DELETE FROM article_authors WHERE author_id = ?
				AND article_id IN (SELECT article_id FROM article_authors WHERE author_id = ?)`, id, to); err != nil {
				return err
			}
			if _, err := t.exec(ctx, "UPDATE article_authors SET author_id = ? WHERE author_id = ?", to, id); err != nil {
				return err
			}
			if err := t.moveURL(ctx, now, press.AuthorPath(slug), press.AuthorPath(reassign), true); err != nil {
				return err
			}
			summary += "; " + plural(len(ids), "article") + " now credit " + quote(toName)
		}
		if _, err := t.exec(ctx, "DELETE FROM authors WHERE id = ?", id); err != nil {
			return err
		}
		if err := t.changedArticles(ctx, now, ids); err != nil {
			return err
		}
		if err := t.touch(ctx, "author "+slug+" deleted", now); err != nil {
			return err
		}
		return t.audit(ctx, now, "author.delete", authorTarget(id), summary)
	})
	if err != nil {
		return db.fail(err, "author %q", slug)
	}
	return nil
}

// --- settings

// SaveSettings validates s and stores it as the site settings, replacing
// the stored ones, with a settings.update audit line naming what changed.
// Saving the settings unchanged writes nothing.
func (db *DB) SaveSettings(ctx context.Context, s press.Site) error {
	if err := s.Validate(); err != nil {
		return db.fail(err, "site")
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		old, err := t.site(ctx)
		if err != nil {
			return err
		}
		wrote, err := t.saveSite(ctx, &s, now)
		if err != nil || !wrote {
			return err
		}
		return t.audit(ctx, now, "settings.update", "settings", "changed "+strings.Join(siteChanges(&old, &s), ", "))
	})
	if err != nil {
		return db.fail(err, "site")
	}
	return nil
}

// siteChanges names the settings that differ between a and b, for the
// audit log.
func siteChanges(a, b *press.Site) []string {
	var out []string
	add := func(changed bool, name string) {
		if changed {
			out = append(out, name)
		}
	}
	add(a.Name != b.Name, "name")
	add(a.Tagline != b.Tagline, "tagline")
	add(a.BaseURL != b.BaseURL, "base URL")
	add(a.Language != b.Language, "language")
	add(a.Logo != b.Logo, "logo")
	add(a.RepublishingPolicy.Source != b.RepublishingPolicy.Source, "republishing policy")
	add(a.Disclaimer.Source != b.Disclaimer.Source, "disclaimer")
	add(a.FairUseNotice.Source != b.FairUseNotice.Source, "fair use notice")
	add(a.Contacts.Source != b.Contacts.Source, "contacts")
	add(a.MembershipCall.Source != b.MembershipCall.Source, "membership call")
	add(a.CommentCall.Source != b.CommentCall.Source, "comment call")
	add(!sameLinks(a.Navigation.Header, b.Navigation.Header), "header navigation")
	add(!sameLinks(a.Navigation.Footer, b.Navigation.Footer), "footer navigation")
	add(a.CanonicalToSource != b.CanonicalToSource, "canonical to source")
	if len(out) == 0 {
		out = append(out, "rendering") // only the HTML differs
	}
	return out
}

func sameLinks(a, b []press.Link) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// plural returns "1 article", "3 articles".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
