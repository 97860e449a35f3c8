package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// searchMeta is the search catalogue: every article's status, date,
// authors and terms (with the terms above them), and the authors' and
// terms' names, as of one generation of the store (see searchChanged).
// Search asks the engine only which articles match; filtering them,
// counting facets over all of them and ordering them by date is done
// here, in memory, where it costs microseconds per thousand articles
// rather than a database lookup each. It takes about 40 bytes per
// article, and is built again, in the reading transaction, when a search
// finds the generation has moved.
type searchMeta struct {
	gen  string
	docs []searchDoc
	// pos maps an article id to its index in docs, plus one (0: none).
	// Ids are dense (they count up from 1), so a slice beats a map.
	pos []int32
	// byDate lists docs in listing order: newest first, undated (drafts)
	// first of all, then by id, highest first.
	byDate []int32
	// The facet values of docs[i] (its authors, its terms and the terms
	// above them) are values[valueIDs[valueAt[i]:valueAt[i+1]]].
	valueAt  []int32
	valueIDs []int32
	values   []searchValue
	authors  map[string]int32  // author slug → value
	terms    map[termKey]int32 // term → value
}

type searchDoc struct {
	id        int64
	date      int64 // PublishedAt in Unix microseconds; see dated
	dated     bool
	published bool // else a draft
}

// searchValue is an author or a term, as a facet.
type searchValue struct {
	taxonomy string // "" for an author
	slug     string
	name     string
	lower    string // name in lower case, to sort by
}

// searchCache holds the catalogue of the latest generation a search saw.
type searchCache struct {
	mu   sync.Mutex
	meta *searchMeta
}

// searchMeta returns the catalogue as t sees the store, building it when
// the cached one is of another generation.
func (db *DB) searchMeta(ctx context.Context, t *tx) (*searchMeta, error) {
	gen, err := t.searchGeneration(ctx)
	if err != nil {
		return nil, err
	}
	c := &db.searchCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.meta != nil && c.meta.gen == gen {
		return c.meta, nil
	}
	m, err := loadSearchMeta(ctx, t, gen)
	if err != nil {
		return nil, err
	}
	c.meta = m
	return m, nil
}

func loadSearchMeta(ctx context.Context, t *tx, gen string) (*searchMeta, error) {
	m := &searchMeta{gen: gen, authors: map[string]int32{}, terms: map[termKey]int32{}}
	err := scanRows(ctx, t, "SELECT id, status, published_at FROM articles", func(rows *sql.Rows) error {
		var d searchDoc
		var status press.Status
		var date time.Time
		if err := rows.Scan(&d.id, &status, scanTime(&date)); err != nil {
			return err
		}
		d.published = status == press.StatusPublished
		d.dated, d.date = !date.IsZero(), date.UnixMicro()
		if d.id < 1 || d.id > 1<<31 {
			return fmt.Errorf("article id %d is out of the catalogue's range", d.id)
		}
		m.docs = append(m.docs, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var top int64
	for _, d := range m.docs {
		top = max(top, d.id)
	}
	m.pos = make([]int32, top+1)
	for i, d := range m.docs {
		m.pos[d.id] = int32(i) + 1
	}
	m.byDate = make([]int32, len(m.docs))
	for i := range m.byDate {
		m.byDate[i] = int32(i)
	}
	slices.SortFunc(m.byDate, func(a, b int32) int {
		da, db := &m.docs[a], &m.docs[b]
		switch {
		case da.dated != db.dated:
			if !da.dated {
				return -1
			}
			return 1
		case da.date != db.date:
			return cmpInt64(db.date, da.date)
		}
		return cmpInt64(db.id, da.id)
	})

	authorValue := map[int64]int32{}
	err = scanRows(ctx, t, "SELECT id, slug, name FROM authors", func(rows *sql.Rows) error {
		var id int64
		var v searchValue
		if err := rows.Scan(&id, &v.slug, &v.name); err != nil {
			return err
		}
		v.lower = strings.ToLower(v.name)
		authorValue[id] = int32(len(m.values))
		m.authors[v.slug] = int32(len(m.values))
		m.values = append(m.values, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	termValue := map[int64]int32{}
	parentOf := map[int64]int64{}
	err = scanRows(ctx, t, `SELECT t.id, x.slug, t.slug, t.name, t.parent_id FROM terms t
		JOIN taxonomies x ON x.id = t.taxonomy_id`, func(rows *sql.Rows) error {
		var id int64
		var parent sql.NullInt64
		var v searchValue
		if err := rows.Scan(&id, &v.taxonomy, &v.slug, &v.name, &parent); err != nil {
			return err
		}
		v.lower = strings.ToLower(v.name)
		termValue[id] = int32(len(m.values))
		m.terms[termKey{v.taxonomy, v.slug}] = int32(len(m.values))
		m.values = append(m.values, v)
		if parent.Valid {
			parentOf[id] = parent.Int64
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Each article's values, gathered per article and then laid out flat.
	per := make([][]int32, len(m.docs))
	err = scanRows(ctx, t, "SELECT article_id, author_id FROM article_authors", func(rows *sql.Rows) error {
		var article, author int64
		if err := rows.Scan(&article, &author); err != nil {
			return err
		}
		if x, ok := m.index(article); ok {
			per[x] = append(per[x], authorValue[author])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scanRows(ctx, t, "SELECT article_id, term_id FROM article_terms", func(rows *sql.Rows) error {
		var article, term int64
		if err := rows.Scan(&article, &term); err != nil {
			return err
		}
		x, ok := m.index(article)
		if !ok {
			return nil
		}
		// The term and the terms above it: an article in Damascus is in
		// Syria too, as listings and filters have it. The walk is
		// bounded in case the tree has a cycle.
		for steps := 0; steps <= len(parentOf); steps++ {
			if v := termValue[term]; !slices.Contains(per[x], v) {
				per[x] = append(per[x], v)
			}
			p, ok := parentOf[term]
			if !ok {
				break
			}
			term = p
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	m.valueAt = make([]int32, len(m.docs)+1)
	for i, vs := range per {
		m.valueAt[i] = int32(len(m.valueIDs))
		m.valueIDs = append(m.valueIDs, vs...)
	}
	m.valueAt[len(m.docs)] = int32(len(m.valueIDs))
	return m, nil
}

func scanRows(ctx context.Context, t *tx, q string, each func(*sql.Rows) error) error {
	rows, err := t.query(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// index returns the catalogue index of the article with id.
func (m *searchMeta) index(id int64) (int32, bool) {
	if id < 0 || id >= int64(len(m.pos)) || m.pos[id] == 0 {
		return 0, false
	}
	return m.pos[id] - 1, true
}

// searchFilter is a query's filters resolved against the catalogue.
type searchFilter struct {
	any, published bool // any status, or else published or drafts
	from, until    int64
	hasFrom        bool
	hasUntil       bool
	values         []int32 // an article must have every one
	none           bool    // a filter names an unknown author or term
}

func (m *searchMeta) filter(q *press.SearchQuery) searchFilter {
	f := searchFilter{
		any:       q.Status == press.StatusAny,
		published: q.Status == "" || q.Status == press.StatusPublished,
		from:      q.From.UnixMicro(), hasFrom: !q.From.IsZero(),
		until: q.Until.UnixMicro(), hasUntil: !q.Until.IsZero(),
	}
	if q.Author != "" {
		v, ok := m.authors[q.Author]
		f.values, f.none = append(f.values, v), f.none || !ok
	}
	for _, r := range q.Terms {
		v, ok := m.terms[termKey{r.Taxonomy, r.Slug}]
		f.values, f.none = append(f.values, v), f.none || !ok
	}
	return f
}

// keeps reports whether the article at x passes f.
func (m *searchMeta) keeps(x int32, f *searchFilter) bool {
	d := &m.docs[x]
	switch {
	case f.none:
		return false
	case !f.any && d.published != f.published:
		return false
	case f.hasFrom && (!d.dated || d.date < f.from):
		return false
	case f.hasUntil && (!d.dated || d.date >= f.until):
		return false
	case len(f.values) == 0:
		return true
	}
	have := m.valueIDs[m.valueAt[x]:m.valueAt[x+1]]
	for _, v := range f.values {
		if !slices.Contains(have, v) {
			return false
		}
	}
	return true
}

// matching marks, by catalogue index, the articles of ids that pass f.
func (m *searchMeta) matching(ids []int64, f *searchFilter) []bool {
	found := make([]bool, len(m.docs))
	for _, id := range ids {
		if x, ok := m.index(id); ok && m.keeps(x, f) {
			found[x] = true
		}
	}
	return found
}

// matchingAll marks every article that passes f.
func (m *searchMeta) matchingAll(f *searchFilter) []bool {
	found := make([]bool, len(m.docs))
	for x := range m.docs {
		found[x] = m.keeps(int32(x), f)
	}
	return found
}

// inDateOrder lists the marked articles in listing order.
func (m *searchMeta) inDateOrder(found []bool) []int32 {
	var out []int32
	for _, x := range m.byDate {
		if found[x] {
			out = append(out, x)
		}
	}
	return out
}

// facets counts the articles of order by author and by term (a term
// counting the articles below it too), for the taxonomies given.
func (m *searchMeta) facets(order []int32, taxonomies []press.Taxonomy) press.SearchFacets {
	counts := make([]int, len(m.values))
	for _, x := range order {
		for _, v := range m.valueIDs[m.valueAt[x]:m.valueAt[x+1]] {
			counts[v]++
		}
	}
	// The values with results, most first, then by name.
	var found []int32
	for v, n := range counts {
		if n > 0 {
			found = append(found, int32(v))
		}
	}
	slices.SortFunc(found, func(a, b int32) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		va, vb := &m.values[a], &m.values[b]
		if c := strings.Compare(va.lower, vb.lower); c != 0 {
			return c
		}
		return strings.Compare(va.slug, vb.slug)
	})
	byTaxonomy := map[string][]press.FacetCount{}
	out := press.SearchFacets{Authors: []press.FacetCount{}, Taxonomies: []press.TaxonomyFacet{}}
	for _, v := range found {
		val := &m.values[v]
		c := press.FacetCount{Slug: val.slug, Name: val.name, Count: counts[v]}
		if val.taxonomy == "" {
			out.Authors = append(out.Authors, c)
		} else {
			byTaxonomy[val.taxonomy] = append(byTaxonomy[val.taxonomy], c)
		}
	}
	for _, x := range taxonomies {
		if terms := byTaxonomy[x.Slug]; len(terms) > 0 {
			out.Taxonomies = append(out.Taxonomies, press.TaxonomyFacet{Taxonomy: x, Terms: terms})
		}
	}
	return out
}
