package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// This file is the store's half of exact cache invalidation (see the keys
// in press/deps.go): reads record what they returned in the context's
// press.Deps, and every write collects the keys of what it changed, which
// the store announces to its listeners once the transaction has committed
// and before the write returns, so that no reader is served a page made
// before the write after the writer has been told it is done.

// OnChange registers f to be called with the keys of every committed
// write that changed something readers can see. f runs on the writer's
// goroutine before the write returns; it must be quick and must not write.
func (db *DB) OnChange(f func(keys []string)) {
	db.listenMu.Lock()
	defer db.listenMu.Unlock()
	db.listeners = append(db.listeners, f)
}

func (db *DB) announce(keys map[string]struct{}) {
	if len(keys) == 0 {
		return
	}
	list := make([]string, 0, len(keys))
	for k := range keys {
		list = append(list, k)
	}
	slices.Sort(list)
	db.listenMu.Lock()
	fs := db.listeners
	db.listenMu.Unlock()
	for _, f := range fs {
		f(list)
	}
}

// Changed announces keys as if a write had changed them: for changes made
// outside the store (a new theme, say) and for the command line's
// "purge everything".
func (db *DB) Changed(keys ...string) {
	m := make(map[string]struct{}, len(keys))
	for _, k := range keys {
		m[k] = struct{}{}
	}
	db.announce(m)
}

// count numbers this write in the changes table (migration 0009), which
// WatchChanges in every process reads.
func (t *tx) count(ctx context.Context) error {
	return t.queryRow(ctx, `INSERT INTO changes (id, seq) VALUES (1, 1)
		ON CONFLICT (id) DO UPDATE SET seq = changes.seq + 1 RETURNING seq`).Scan(&t.seq)
}

// own notes that write number seq was this process's: its keys are
// announced with it, and WatchChanges need not purge for it.
func (db *DB) own(seq int64) {
	db.listenMu.Lock()
	defer db.listenMu.Unlock()
	if db.seqs == nil {
		db.seqs = map[int64]bool{}
	}
	db.seqs[seq] = true
}

// WatchChanges polls the changes table every interval until ctx ends,
// and announces press.KeyAll when writes were committed that this
// process did not make: a "pressroom import" run beside "serve" on
// SQLite, or another node on PostgreSQL. Their keys are not known here,
// so everything goes, within an interval of the write. A write of this
// process that commits while a poll reads may be taken for another's
// (a needless purge, never a stale page).
func (db *DB) WatchChanges(ctx context.Context, interval time.Duration) {
	last, err := db.changeSeq(ctx)
	if err != nil && ctx.Err() == nil {
		db.log.Warn("watching for other writers", "err", err)
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		seq, err := db.changeSeq(ctx)
		if err != nil {
			if ctx.Err() == nil {
				db.log.Warn("watching for other writers", "err", err)
			}
			continue
		}
		if seq <= last {
			continue
		}
		foreign := false
		db.listenMu.Lock()
		for s := last + 1; s <= seq; s++ {
			foreign = foreign || !db.seqs[s]
		}
		for s := range db.seqs {
			if s <= seq {
				delete(db.seqs, s)
			}
		}
		db.listenMu.Unlock()
		last = seq
		if foreign {
			db.Changed(press.KeyAll)
		}
	}
}

// changeSeq reads the number of the last counted write (0 for none).
func (db *DB) changeSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := db.read(ctx, func(t *tx) error {
		err := t.queryRow(ctx, "SELECT seq FROM changes WHERE id = 1").Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return seq, err
}

// changed records that this transaction changes keys.
func (t *tx) changed(keys ...string) {
	if t.keys == nil {
		t.keys = map[string]struct{}{}
	}
	for _, k := range keys {
		t.keys[k] = struct{}{}
	}
}

// invalidateArticle records what a write of one article changed, from its
// state before (nil for a new article) and after (nil when deleted). Its
// own key always; and when readers saw it before or see it now, every set
// it left or joined: the published list and months, its terms and the
// terms above them (term listings include their subterms), their
// taxonomies' counts, its authors' listings and the authors index. Only
// the fields that decide membership or order count here; a new title
// reaches the listings through the article's own key, which every
// listing that shows it depends on.
func (t *tx) invalidateArticle(ctx context.Context, before, after *press.Article) error {
	var id int64
	var wasPub, isPub bool
	if before != nil {
		id, wasPub = before.ID, before.Status == press.StatusPublished
	}
	if after != nil {
		id, isPub = after.ID, after.Status == press.StatusPublished
	}
	t.changed(press.KeyArticle(id))
	if !wasPub && !isPub {
		return nil
	}
	t.changed(press.KeyPublishedAny)
	if wasPub && isPub && !membershipChanged(before, after) {
		return nil
	}
	t.changed(press.KeyPublished)
	var terms []int64
	for _, a := range []*press.Article{before, after} {
		if a == nil || a.Status != press.StatusPublished {
			continue
		}
		t.changed(press.KeyMonth(a.PublishedAt))
		for _, au := range a.Authors {
			t.changed(press.KeyAuthorArticles(au.ID))
		}
		for _, m := range a.Terms {
			terms = append(terms, m.ID)
		}
	}
	return t.invalidateTermSets(ctx, terms)
}

// invalidateTermSets records that the listings of terms changed, and with
// them those of every term above them and their taxonomies' counts.
func (t *tx) invalidateTermSets(ctx context.Context, terms []int64) error {
	if len(terms) == 0 {
		return nil
	}
	args := make([]any, len(terms))
	for i, id := range terms {
		args[i] = id
	}
	rows, err := t.query(ctx, `WITH RECURSIVE up(id) AS (
			SELECT id FROM terms WHERE id IN (`+placeholders(len(args))+`)
			UNION
			SELECT t.parent_id FROM terms t JOIN up ON up.id = t.id WHERE t.parent_id IS NOT NULL
		) SELECT t.id, t.taxonomy_id FROM terms t JOIN up ON up.id = t.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, taxonomy int64
		if err := rows.Scan(&id, &taxonomy); err != nil {
			return err
		}
		t.changed(press.KeyTermArticles(id), press.KeyTaxonomyTerms(taxonomy))
	}
	return rows.Err()
}

// membershipChanged reports whether a published article's move from
// before to after changes which listings show it, or where.
func membershipChanged(before, after *press.Article) bool {
	if !before.PublishedAt.Equal(after.PublishedAt) || before.Featured != after.Featured {
		return true
	}
	return !slices.EqualFunc(before.Authors, after.Authors, func(x, y press.Author) bool { return x.ID == y.ID }) ||
		!slices.EqualFunc(before.Terms, after.Terms, func(x, y press.Term) bool { return x.ID == y.ID })
}

// listing is how to select the articles of a filter (see tx.filter).
type listing struct {
	with, where string // for articleFilter's query of the articles
	args        []any
	// link, when set, is a query of the same articles' (id, live) from
	// the link tables' live_at index alone (migration 0007), for a
	// listing of the published articles of one term (with the terms
	// below it) or one author and nothing else: a term of ten thousand
	// articles is counted and paged without reading one of them.
	linkWith, link string
	linkArgs       []any
}

// filter returns how to select the articles of f, for a listing readers
// see, and records the membership that listing depends on: a term's or
// an author's, a few months of the archive, or the whole published list.
// A term is looked up once, for both.
//
// The link queries' shapes matter to SQLite's planner: "term_id IN
// (subtree)" reads the live_at index, where a join with the subtree
// scanned every link (140 ms against 0.3 ms at 100,000 articles); and a
// term without subterms, most of them, needs no grouping to drop an
// article listed under both a term and its child.
func (t *tx) filter(ctx context.Context, f press.ArticleFilter) (listing, error) {
	var l listing
	l.with, l.where, l.args = articleFilter(t.d, f)
	recording := press.Recording(ctx)
	linkable := f.Status == press.StatusPublished && !f.Featured && f.From.IsZero() && f.Until.IsZero() && f.Exclude == 0
	switch {
	case f.Taxonomy != "" && f.Term != "":
		var id int64
		var children int
		err := t.queryRow(ctx, `SELECT t.id, (SELECT COUNT(*) FROM terms c WHERE c.parent_id = t.id)
			FROM terms t JOIN taxonomies x ON x.id = t.taxonomy_id WHERE x.slug = ? AND t.slug = ?`, f.Taxonomy, f.Term).
			Scan(&id, &children)
		if errors.Is(err, sql.ErrNoRows) {
			// An unknown term lists nothing until it exists, which
			// changes the terms.
			press.Depend(ctx, press.KeyTerms)
			return l, nil
		}
		if err != nil {
			return l, err
		}
		press.Depend(ctx, press.KeyTermArticles(id))
		switch {
		case !linkable || f.Author != "":
		case children == 0:
			l.link, l.linkArgs = `SELECT at.article_id AS id, at.live_at AS live FROM article_terms at
				WHERE at.term_id = ? AND at.live_at IS NOT NULL`, []any{id}
		default:
			l.linkWith, l.linkArgs = termSubtree, []any{f.Taxonomy, f.Term}
			l.link = `SELECT at.article_id AS id, MAX(at.live_at) AS live FROM article_terms at
				WHERE at.term_id IN (SELECT id FROM subtree) AND at.live_at IS NOT NULL GROUP BY at.article_id`
		}
	case f.Author != "":
		if linkable {
			l.link, l.linkArgs = `SELECT aa.article_id AS id, aa.live_at AS live FROM article_authors aa
				WHERE aa.author_id = (SELECT id FROM authors WHERE slug = ?) AND aa.live_at IS NOT NULL`, []any{f.Author}
		}
		if !recording {
			return l, nil
		}
		var id int64
		err := t.queryRow(ctx, "SELECT id FROM authors WHERE slug = ?", f.Author).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			press.Depend(ctx, press.KeyAuthors)
			return l, nil
		}
		if err != nil {
			return l, err
		}
		press.Depend(ctx, press.KeyAuthorArticles(id))
	case !f.From.IsZero() && !f.Until.IsZero() && f.Until.Sub(f.From) <= 93*24*time.Hour && !f.Featured:
		for m := time.Date(f.From.Year(), f.From.Month(), 1, 0, 0, 0, 0, time.UTC); m.Before(f.Until); m = m.AddDate(0, 1, 0) {
			press.Depend(ctx, press.KeyMonth(m))
		}
	default:
		press.Depend(ctx, press.KeyPublished)
	}
	return l, nil
}

// dependOnArticles records the keys of listed articles and of the authors
// and terms shown with them; full, their authors' profiles too (an
// article page's author box).
func dependOnArticles(ctx context.Context, list []press.Article, full bool) {
	if !press.Recording(ctx) {
		return
	}
	keys := make([]string, 0, 4*len(list))
	for _, a := range list {
		keys = append(keys, press.KeyArticle(a.ID))
		for _, au := range a.Authors {
			keys = append(keys, press.KeyAuthor(au.ID))
			if full {
				keys = append(keys, press.KeyAuthorProfile(au.ID))
			}
		}
		for _, m := range a.Terms {
			keys = append(keys, press.KeyTerm(m.ID))
		}
	}
	press.Depend(ctx, keys...)
}
