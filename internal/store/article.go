package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// articleCols are the columns of an article in a listing; a full article
// adds articleBodyCols.
const articleCols = `a.id, a.slug, a.title, a.dek, a.excerpt, a.word_count, a.status, a.featured, a.language,
	a.published_at, a.created_at, a.updated_at, a.image_src, a.image_alt, a.image_credit,
	a.source_name, a.source_url, a.copyright_holder, a.copyright_year, a.license, a.license_html,
	a.fields, a.version, a.no_republish, COALESCE(a.owner_id, 0), a.trashed_at, a.comments_mode`

const articleBodyCols = `, a.body, a.body_html`

// articleOrder is the order of every listing: newest first; drafts not yet
// dated come before everything, as the work in progress.
const articleOrder = ` ORDER BY a.published_at DESC NULLS FIRST, a.id DESC`

// publishedOrder is articleOrder for listings of dated articles only
// (published ones, say). Without NULLS FIRST it is the order of the
// (status, published_at DESC, id DESC) index on both engines (SQLite's
// DESC puts NULLs last, against the clause), so a page of the newest is
// read off the index rather than sorted from every row.
const publishedOrder = ` ORDER BY a.published_at DESC, a.id DESC`

// orderFor is the order of a listing of f.
func orderFor(f press.ArticleFilter) string {
	if f.Status == press.StatusPublished {
		return publishedOrder
	}
	return articleOrder
}

func scanArticle(s scanner, full bool) (press.Article, error) {
	var a press.Article
	var fields string
	dest := []any{&a.ID, &a.Slug, &a.Title, &a.Dek, &a.Excerpt, &a.WordCount, &a.Status, &a.Featured, &a.Language,
		scanTime(&a.PublishedAt), scanTime(&a.CreatedAt), scanTime(&a.UpdatedAt),
		&a.Image.Src, &a.Image.Alt, &a.Image.Credit, &a.Source.Name, &a.Source.URL,
		&a.Copyright.Holder, &a.Copyright.Year, &a.License.Source, &a.License.HTML, &fields, &a.Version, &a.NoRepublish,
		&a.OwnerID, scanTime(&a.TrashedAt), &a.Comments}
	if full {
		dest = append(dest, &a.Body.Source, &a.Body.HTML)
	}
	if err := s.Scan(dest...); err != nil {
		return a, err
	}
	var err error
	a.Fields, err = decodeList[press.Field](fields)
	return a, err
}

// Article returns the article with the given slug, whatever its status,
// with its body, its authors in byline order (all their fields) and its
// terms in stored order; or press.ErrNotFound.
func (db *DB) Article(ctx context.Context, slug string) (press.Article, error) {
	var a press.Article
	err := db.read(ctx, func(t *tx) error {
		var err error
		a, err = scanArticle(t.queryRow(ctx, "SELECT "+articleCols+articleBodyCols+" FROM articles a WHERE a.slug = ?", slug), true)
		if err != nil {
			return err
		}
		list := []press.Article{a}
		err = t.loadJoins(ctx, list, true)
		a = list[0]
		return err
	})
	if err != nil {
		return press.Article{}, db.fail(err, "article %q", slug)
	}
	return a, nil
}

// Articles returns one page of the articles f selects, newest first by
// PublishedAt then by ID (undated drafts first), and how many f selects
// in all. A taxonomy and term select the articles tagged with that term
// or any term below it; naming only one of the two is invalid. An unknown
// author or term selects nothing. Listed articles carry their excerpt,
// authors (ID, slug, name and photo only) and terms, but no body.
func (db *DB) Articles(ctx context.Context, f press.ArticleFilter) (press.ArticleList, error) {
	if (f.Taxonomy == "") != (f.Term == "") {
		return press.ArticleList{}, db.fail(invalid("term", "a term filter needs both taxonomy and term"), "articles")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = press.DefaultPageSize
	}
	offset := max(f.Offset, 0)
	var list press.ArticleList
	err := db.read(ctx, func(t *tx) error {
		l, err := t.filter(ctx, f)
		if err != nil {
			return err
		}
		if l.link != "" {
			if err := t.queryRow(ctx, l.linkWith+"SELECT COUNT(*) FROM ("+l.link+") l", l.linkArgs...).Scan(&list.Total); err != nil {
				return err
			}
			list.Articles, err = t.articles(ctx, l.linkWith+"SELECT "+articleCols+" FROM ("+l.link+linkedOrder+" LIMIT ? OFFSET ?) l"+
				" JOIN articles a ON a.id = l.id"+publishedOrder, append(l.linkArgs, limit, offset)...)
			return err
		}
		if err := t.queryRow(ctx, l.with+"SELECT COUNT(*) FROM articles a"+l.where, l.args...).Scan(&list.Total); err != nil {
			return err
		}
		list.Articles, err = t.articles(ctx, l.with+"SELECT "+articleCols+" FROM articles a"+l.where+orderFor(f)+" LIMIT ? OFFSET ?",
			append(l.args, limit, offset)...)
		return err
	})
	if err != nil {
		return press.ArticleList{}, db.fail(err, "articles")
	}
	return list, nil
}

// termSubtree selects the term (taxonomy and slug the arguments) and all
// its descendants as subtree(id). UNION rather than UNION ALL so that
// even a corrupt tree with a cycle ends.
const termSubtree = `WITH RECURSIVE subtree(id) AS (
	SELECT t.id FROM terms t JOIN taxonomies x ON x.id = t.taxonomy_id WHERE x.slug = ? AND t.slug = ?
	UNION
	SELECT c.id FROM terms c JOIN subtree s ON c.parent_id = s.id
) `

// linkedOrder is articleOrder for a linked query.
const linkedOrder = " ORDER BY live DESC, id DESC"

// articleFilter returns the WITH clause, WHERE clause and arguments that
// select the articles of f.
func articleFilter(d *dialect, f press.ArticleFilter) (with, where string, args []any) {
	var conds []string
	if f.Taxonomy != "" && f.Term != "" {
		with = termSubtree
		args = append(args, f.Taxonomy, f.Term)
		conds = append(conds, "a.id IN (SELECT at.article_id FROM article_terms at JOIN subtree s ON s.id = at.term_id)")
	}
	if f.Status != "" {
		conds = append(conds, "a.status = ?")
		args = append(args, string(f.Status))
	}
	if f.Author != "" {
		conds = append(conds, `a.id IN (SELECT aa.article_id FROM article_authors aa
			JOIN authors au ON au.id = aa.author_id WHERE au.slug = ?)`)
		args = append(args, f.Author)
	}
	if f.Featured {
		conds = append(conds, "a.featured = ?")
		args = append(args, true)
	}
	if !f.From.IsZero() {
		conds = append(conds, "a.published_at >= ?")
		args = append(args, d.time(f.From))
	}
	if !f.Until.IsZero() {
		conds = append(conds, "a.published_at < ?")
		args = append(args, d.time(f.Until))
	}
	if f.Exclude != 0 {
		conds = append(conds, "a.id <> ?")
		args = append(args, f.Exclude)
	}
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return with, where, args
}

// articles runs a listing query selecting articleCols and loads the
// authors and terms of the articles it returns.
func (t *tx) articles(ctx context.Context, q string, args ...any) ([]press.Article, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []press.Article{}
	for rows.Next() {
		a, err := scanArticle(rows, false)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return list, t.loadJoins(ctx, list, false)
}

// loadJoins fills the Authors and Terms of list with one query each per
// batch of articles, rather than two queries per article. full loads
// every field of the authors, otherwise only what a byline shows.
func (t *tx) loadJoins(ctx context.Context, list []press.Article, full bool) error {
	// Batches keep the number of arguments within both engines' limits.
	const batch = 500
	for start := 0; start < len(list); start += batch {
		part := list[start:min(start+batch, len(list))]
		index := make(map[int64]int, len(part))
		ids := make([]any, len(part))
		for i, a := range part {
			index[a.ID] = i
			ids[i] = a.ID
		}
		in := "(" + placeholders(len(ids)) + ")"

		cols := "au.id, au.slug, au.name, au.photo, aa.article_id"
		if full {
			cols = authorCols + ", aa.article_id"
		}
		rows, err := t.query(ctx, "SELECT "+cols+` FROM article_authors aa JOIN authors au ON au.id = aa.author_id
			WHERE aa.article_id IN `+in+" ORDER BY aa.article_id, aa.position", ids...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var au press.Author
			var article int64
			if full {
				au, err = scanAuthor(rows, &article)
			} else {
				err = rows.Scan(&au.ID, &au.Slug, &au.Name, &au.Photo, &article)
			}
			if err != nil {
				rows.Close()
				return err
			}
			a := &part[index[article]]
			a.Authors = append(a.Authors, au)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}

		rows, err = t.query(ctx, "SELECT "+termCols+", at.article_id FROM article_terms at JOIN terms t ON t.id = at.term_id"+
			` JOIN taxonomies x ON x.id = t.taxonomy_id LEFT JOIN terms p ON p.id = t.parent_id
			WHERE at.article_id IN `+in+" ORDER BY at.article_id, at.position", ids...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var article int64
			m, err := scanTerm(rows, &article)
			if err != nil {
				rows.Close()
				return err
			}
			a := &part[index[article]]
			a.Terms = append(a.Terms, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	dependOnArticles(ctx, list, full)
	return nil
}

// Taxonomies whose terms make articles related, in order of strength: an
// article in the same in-depth report is closer than one on the same theme.
var relatedTaxonomies = []string{"reports", "themes"}

// Related returns up to n published articles other than a that share an
// in-depth report (first) or a theme with a, each group newest first. The
// terms are taken from a.Terms, so a need not be stored yet (a preview).
// When no article shares one, the search engine decides instead: the
// articles whose title, dek, authors or terms best match the words of a's
// title (see relatedBySearch). It may return fewer than n, or none.
//
// Each shared term is read newest first from its links' live_at index,
// a few rows each (migration 0007), and the lists merged here: the cost
// does not grow with the size of a theme or of the site.
func (db *DB) Related(ctx context.Context, a *press.Article, n int) ([]press.Article, error) {
	if n <= 0 {
		return []press.Article{}, nil
	}
	var shared [2][]press.Term // by rank: reports, then themes
	for _, m := range a.Terms {
		if rank := slices.Index(relatedTaxonomies, m.Taxonomy); rank >= 0 {
			shared[rank] = append(shared[rank], m)
			// A newly published article in a shared term may displace
			// one of these.
			press.Depend(ctx, press.KeyTermArticles(m.ID))
		}
	}
	if len(shared[0])+len(shared[1]) == 0 {
		return db.relatedBySearch(ctx, a, n)
	}
	var list []press.Article
	err := db.read(ctx, func(t *tx) error {
		// One statement: for each shared term, its newest few published
		// articles off the index, enough that n remain after a and those
		// seen under another of a's terms; merged here by rank, then
		// date.
		var parts []string
		var args []any
		for rank, terms := range shared {
			for _, m := range terms {
				// The term as a scalar subquery, not a join: PostgreSQL
				// then walks the live_at index in order and stops at the
				// limit, where through a join it sorted the whole term
				// (23 ms an article page at 100,000 articles).
				parts = append(parts, `SELECT * FROM (SELECT `+strconv.Itoa(rank)+` AS rank, at.article_id, at.live_at
					FROM article_terms at WHERE at.term_id = (SELECT t.id FROM terms t
						JOIN taxonomies x ON x.id = t.taxonomy_id WHERE x.slug = ? AND t.slug = ?)
					AND at.live_at IS NOT NULL
					ORDER BY at.live_at DESC, at.article_id DESC LIMIT ?) r`+strconv.Itoa(len(parts)))
				args = append(args, m.Taxonomy, m.Slug, 2*n+1)
			}
		}
		type cand struct {
			rank int
			id   int64
			live time.Time
		}
		cands, err := queryAll(ctx, t, func(s scanner) (cand, error) {
			var c cand
			err := s.Scan(&c.rank, &c.id, scanTime(&c.live))
			return c, err
		}, strings.Join(parts, " UNION ALL "), args...)
		if err != nil {
			return err
		}
		slices.SortFunc(cands, func(x, y cand) int {
			if c := cmp.Compare(x.rank, y.rank); c != 0 {
				return c
			}
			if c := y.live.Compare(x.live); c != 0 {
				return c
			}
			return cmp.Compare(y.id, x.id)
		})
		chosen := []int64{}
		seen := map[int64]bool{a.ID: true}
		for _, c := range cands {
			if len(chosen) < n && !seen[c.id] {
				seen[c.id] = true
				chosen = append(chosen, c.id)
			}
		}
		if len(chosen) == 0 {
			return nil
		}
		args = make([]any, 0, len(chosen)+1)
		for _, id := range chosen {
			args = append(args, id)
		}
		found, err := t.articles(ctx, "SELECT "+articleCols+" FROM articles a WHERE a.id IN ("+placeholders(len(chosen))+
			") AND a.slug <> ?", append(args, a.Slug)...)
		if err != nil {
			return err
		}
		for _, id := range chosen {
			if i := slices.IndexFunc(found, func(x press.Article) bool { return x.ID == id }); i >= 0 {
				list = append(list, found[i])
			}
		}
		return nil
	})
	if err != nil {
		return nil, db.fail(err, "articles related to %q", a.Slug)
	}
	if len(list) == 0 {
		return db.relatedBySearch(ctx, a, n)
	}
	return list, nil
}

// Months returns the calendar months (in UTC) in which articles were
// published, newest first, each with how many.
func (db *DB) Months(ctx context.Context) ([]press.Month, error) {
	press.Depend(ctx, press.KeyPublished)
	list := []press.Month{}
	err := db.read(ctx, func(t *tx) error {
		year, month := t.d.yearMonth("published_at")
		rows, err := t.query(ctx, `SELECT y, m, COUNT(*) FROM (
				SELECT `+year+` AS y, `+month+` AS m FROM articles
				WHERE status = ? AND published_at IS NOT NULL
			) p GROUP BY y, m ORDER BY y DESC, m DESC`, string(press.StatusPublished))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m press.Month
			if err := rows.Scan(&m.Year, &m.Month, &m.Count); err != nil {
				return err
			}
			list = append(list, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "months")
	}
	return list, nil
}

// ArticleByID returns the article with the given ID, whatever its status,
// complete as Article returns it; or press.ErrNotFound.
func (db *DB) ArticleByID(ctx context.Context, id int64) (press.Article, error) {
	var a press.Article
	err := db.read(ctx, func(t *tx) error {
		var err error
		a, err = t.articleByID(ctx, id, false)
		return err
	})
	if err != nil {
		return press.Article{}, db.fail(err, "article %d", id)
	}
	return a, nil
}

// articleByID reads a complete article; lock makes concurrent writers of
// the same article wait for this transaction.
func (t *tx) articleByID(ctx context.Context, id int64, lock bool) (press.Article, error) {
	q := "SELECT " + articleCols + articleBodyCols + " FROM articles a WHERE a.id = ?"
	if lock {
		q += t.d.lockRow
	}
	a, err := scanArticle(t.queryRow(ctx, q, id), true)
	if err != nil {
		return a, err
	}
	list := []press.Article{a}
	err = t.loadJoins(ctx, list, true)
	return list[0], err
}

// CreateArticle validates a and stores it as a new article, setting its
// ID, Version (1), CreatedAt and UpdatedAt. A slug already taken is
// press.ErrConflict. Authors are found by slug and terms by taxonomy and
// slug; ones that do not exist are created from the reference (slug and
// name), while existing ones are left as they are. A term of a taxonomy
// that does not exist is invalid. a.OwnerID, when set, names the user
// who owns it. The article's first revision, its audit line and (when it
// is published) its webhook deliveries are written with it, by the
// context's actor.
func (db *DB) CreateArticle(ctx context.Context, a *press.Article) error {
	if err := a.Validate(); err != nil {
		return db.fail(err, "article %q", a.Slug)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		authors, terms, err := t.articleRefs(ctx, a, newRefs(now, nil))
		if err != nil {
			return err
		}
		normalise(a)
		a.TrashedAt = time.Time{}
		if a.Status == press.StatusTrash {
			a.TrashedAt = now
		}
		r := articleRecord(t.d, a)
		var owner any
		if a.OwnerID != 0 {
			owner = a.OwnerID
		}
		r.cols = append(r.cols, column{"owner_id", owner})
		id, err := t.insert(ctx, r, now)
		if err != nil {
			return err
		}
		if _, err := t.setJoins(ctx, id, authors, terms); err != nil {
			return err
		}
		if err := t.searchIndexArticles(ctx, now, id); err != nil {
			return err
		}
		a.ID, a.Version, a.CreatedAt, a.UpdatedAt = id, 1, now, now
		_, err = t.afterSave(ctx, now, nil, id, revisionOpts{})
		return err
	})
	if err != nil {
		return db.fail(err, "article %q", a.Slug)
	}
	return nil
}

// afterSave keeps the revision of article id as just written, records
// its change from before (nil for a new article) for the audit log, the
// webhooks and the page cache, and returns it as stored.
func (t *tx) afterSave(ctx context.Context, now time.Time, before *press.Article, id int64, o revisionOpts) (press.Article, error) {
	if err := t.syncLive(ctx, id); err != nil {
		return press.Article{}, err
	}
	stored, err := t.articleByID(ctx, id, false)
	if err != nil {
		return stored, err
	}
	if err := t.keepRevision(ctx, now, &stored, o); err != nil {
		return stored, err
	}
	if err := t.invalidateArticle(ctx, before, &stored); err != nil {
		return stored, err
	}
	var from press.Status
	if before != nil {
		from = before.Status
	}
	return stored, t.articleChanged(ctx, now, from, &stored)
}

// UpdateArticle validates a and replaces the stored article a.ID with it,
// slug included, provided a.Version is still the stored version; if
// someone else updated the article since a was read, it fails with a
// *press.ConflictError (matching press.ErrConflict) naming who saved the
// stored version and when, and changes nothing. It increments a.Version,
// sets a.UpdatedAt, a.CreatedAt and a.OwnerID (as stored) and a.TrashedAt,
// and rewrites the byline and terms, resolving them as CreateArticle does.
// A missing article is press.ErrNotFound; a slug another article has is
// press.ErrConflict. Every update keeps a revision by the context's actor
// (an article without one first gets its stored state kept as "Imported
// version") and, when the status changes, an audit line; updates that
// readers can see queue webhook deliveries.
func (db *DB) UpdateArticle(ctx context.Context, a *press.Article) error {
	return db.saveArticle(ctx, a, revisionOpts{})
}

// UpdateArticleWithNote is UpdateArticle with a note on the revision it
// keeps, such as "Restored revision 12".
func (db *DB) UpdateArticleWithNote(ctx context.Context, a *press.Article, note string) error {
	return db.saveArticle(ctx, a, revisionOpts{note: note})
}

// AutosaveArticle keeps the editor's unsaved work. A draft or pending
// article is updated as by UpdateArticle (its status cannot change this
// way), and its revision is marked as an autosave; consecutive autosaves by
// the same user replace each other's revision. A published, scheduled or
// unpublished article is left as it is, readers see no half-finished edit:
// the work is kept only as an autosave revision, which LatestAutosave
// offers when the article is opened again. A stale a.Version is a
// *press.ConflictError either way.
func (db *DB) AutosaveArticle(ctx context.Context, a *press.Article) error {
	return db.saveArticle(ctx, a, revisionOpts{autosave: true})
}

func (db *DB) saveArticle(ctx context.Context, a *press.Article, o revisionOpts) error {
	if err := a.Validate(); err != nil {
		return db.fail(err, "article %q", a.Slug)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		stored, err := t.articleByID(ctx, a.ID, true)
		if err != nil {
			return err
		}
		if stored.Version != a.Version {
			return t.conflict(ctx, &stored)
		}
		if err := t.keepImported(ctx, &stored); err != nil {
			return err
		}
		if o.autosave {
			a.Status = stored.Status
			if stored.Status != press.StatusDraft && stored.Status != press.StatusPending {
				// Only a revision: the article stays as readers see it.
				kept := *a
				kept.CreatedAt, kept.UpdatedAt, kept.OwnerID, kept.TrashedAt = stored.CreatedAt, stored.UpdatedAt, stored.OwnerID, stored.TrashedAt
				if kept.Authors, kept.Terms, err = t.namedRefs(ctx, a); err != nil {
					return err
				}
				return t.keepRevision(ctx, now, &kept, o)
			}
		}
		authors, terms, err := t.articleRefs(ctx, a, newRefs(now, nil))
		if err != nil {
			return err
		}
		normalise(a)
		switch {
		case a.Status != press.StatusTrash:
			a.TrashedAt = time.Time{}
		case stored.Status == press.StatusTrash:
			a.TrashedAt = stored.TrashedAt
		default:
			a.TrashedAt = now
		}
		r := articleRecord(t.d, a)
		set := make([]string, 0, len(r.cols)+3)
		args := make([]any, 0, len(r.cols)+5)
		for _, c := range append(r.key, r.cols...) {
			set = append(set, c.name+" = ?")
			args = append(args, c.value)
		}
		set = append(set, "updated_at = ?", "version = version + 1")
		args = append(args, t.d.time(now), a.ID, a.Version)
		var version int
		err = t.queryRow(ctx, "UPDATE articles SET "+strings.Join(set, ", ")+
			" WHERE id = ? AND version = ? RETURNING version", args...).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return t.conflict(ctx, &stored)
		}
		if err != nil {
			return err
		}
		if _, err := t.setJoins(ctx, a.ID, authors, terms); err != nil {
			return err
		}
		if err := t.searchIndexArticles(ctx, now, a.ID); err != nil {
			return err
		}
		a.Version, a.CreatedAt, a.UpdatedAt, a.OwnerID = version, stored.CreatedAt, now, stored.OwnerID
		_, err = t.afterSave(ctx, now, &stored, a.ID, o)
		return err
	})
	if err != nil {
		return db.fail(err, "article %q", a.Slug)
	}
	return nil
}

// namedRefs returns a's byline and terms with the names the store has for
// them (or the reference's own name for ones it does not have yet), for a
// revision of an article not written.
func (t *tx) namedRefs(ctx context.Context, a *press.Article) ([]press.Author, []press.Term, error) {
	authors := make([]press.Author, 0, len(a.Authors))
	for _, au := range a.Authors {
		name := au.Name
		err := t.queryRow(ctx, "SELECT name FROM authors WHERE slug = ?", au.Slug).Scan(&name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, nil, err
		}
		authors = append(authors, press.Author{Slug: au.Slug, Name: name})
	}
	terms := make([]press.Term, 0, len(a.Terms))
	for _, m := range a.Terms {
		name := m.Name
		err := t.queryRow(ctx, `SELECT t.name FROM terms t JOIN taxonomies x ON x.id = t.taxonomy_id
			WHERE x.slug = ? AND t.slug = ?`, m.Taxonomy, m.Slug).Scan(&name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, nil, err
		}
		terms = append(terms, press.Term{Taxonomy: m.Taxonomy, Slug: m.Slug, Name: name})
	}
	return authors, terms, nil
}

// conflict returns the error for a save based on a version older than
// stored: who saved the stored version, and when, from its revision; "someone" at its update time when it has none.
func (t *tx) conflict(ctx context.Context, stored *press.Article) error {
	e := &press.ConflictError{By: "someone", At: stored.UpdatedAt, Current: *stored}
	var by string
	var at time.Time
	// The first revision of the stored version is the save that made it;
	// later ones at that version are autosaves that changed nothing.
	err := t.queryRow(ctx, "SELECT author, created_at FROM revisions WHERE article_id = ? AND version = ? ORDER BY id LIMIT 1",
		stored.ID, stored.Version).Scan(&by, scanTime(&at))
	switch {
	case err == nil:
		e.By, e.At = by, at
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	return e
}

// DeleteArticle deletes the article with the given ID for good, with its
// byline, terms, revisions, notes and preview links (its authors and terms
// themselves stay), and records it in the audit log; deleting a published
// article tells the webhooks. A missing article is press.ErrNotFound.
func (db *DB) DeleteArticle(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		a, err := t.articleByID(ctx, id, true)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM articles WHERE id = ?", id); err != nil {
			return err
		}
		if err := t.deleted(ctx, now, &a); err != nil {
			return err
		}
		// Its search document went with it (ON DELETE CASCADE).
		if err := t.searchChanged(ctx, now); err != nil {
			return err
		}
		// The article's listings changed but no row shows it any more.
		return t.touch(ctx, "article "+a.Slug+" deleted", now)
	})
	if err != nil {
		return db.fail(err, "article %d", id)
	}
	return nil
}

// deleted records the deletion for good of article a.
func (t *tx) deleted(ctx context.Context, now time.Time, a *press.Article) error {
	t.changed(press.KeyArticleComments(a.ID), press.KeyComments)
	if err := t.invalidateArticle(ctx, a, nil); err != nil {
		return err
	}
	if err := t.audit(ctx, now, "article.delete", articleTarget(a.ID), quoteTitle(a.Title)+": deleted for good"); err != nil {
		return err
	}
	if a.Status == press.StatusPublished {
		return t.enqueueEvent(ctx, now, press.EventArticleDeleted, a)
	}
	return nil
}

// normalise puts a's times in the form they are stored in, so that a
// reads back equal to what was written.
func normalise(a *press.Article) {
	if !a.PublishedAt.IsZero() {
		a.PublishedAt = utc(a.PublishedAt)
	}
}

// articleRecord is the row of a, without its ID, times and version.
func articleRecord(d *dialect, a *press.Article) record {
	fields, _ := encodeList(a.Fields) // strings only: cannot fail
	return record{
		table: "articles",
		key:   []column{{"slug", a.Slug}},
		cols: []column{
			{"title", a.Title}, {"dek", a.Dek}, {"body", a.Body.Source}, {"body_html", a.Body.HTML},
			{"excerpt", a.Excerpt}, {"word_count", a.WordCount}, {"status", string(a.Status)},
			{"featured", a.Featured}, {"language", a.Language}, {"published_at", d.nullTime(a.PublishedAt)},
			{"image_src", a.Image.Src}, {"image_alt", a.Image.Alt}, {"image_credit", a.Image.Credit},
			{"source_name", a.Source.Name}, {"source_url", a.Source.URL},
			{"copyright_holder", a.Copyright.Holder}, {"copyright_year", a.Copyright.Year},
			{"license", a.License.Source}, {"license_html", a.License.HTML}, {"fields", fields},
			{"no_republish", a.NoRepublish}, {"trashed_at", d.nullTime(a.TrashedAt)},
			{"comments_mode", string(a.Comments)},
		},
		stamped:   true,
		versioned: true,
	}
}

// syncLive copies the publication of articles ids (published_at while
// published, else NULL) to their byline and term links' live_at, which
// term, author and related listings read instead of the articles (see
// migration 0007). Every write that changes an article's status, date,
// byline or terms calls it.
func (t *tx) syncLive(ctx context.Context, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{string(press.StatusPublished)}
	for _, id := range ids {
		args = append(args, id)
	}
	for _, table := range []string{"article_authors", "article_terms"} {
		if _, err := t.exec(ctx, "UPDATE "+table+` SET live_at = (SELECT CASE WHEN a.status = ? THEN a.published_at END
			FROM articles a WHERE a.id = `+table+`.article_id) WHERE article_id IN (`+placeholders(len(ids))+")", args...); err != nil {
			return err
		}
	}
	return nil
}

// setJoins makes the byline of article id the authors, and its terms the
// terms, in the given orders, and reports whether either changed.
func (t *tx) setJoins(ctx context.Context, id int64, authors, terms []int64) (bool, error) {
	a, err := t.setJoin(ctx, "article_authors", "author_id", id, authors)
	if err != nil {
		return false, err
	}
	b, err := t.setJoin(ctx, "article_terms", "term_id", id, terms)
	return a || b, err
}

func (t *tx) setJoin(ctx context.Context, table, col string, id int64, want []int64) (bool, error) {
	rows, err := t.query(ctx, "SELECT "+col+" FROM "+table+" WHERE article_id = ? ORDER BY position", id)
	if err != nil {
		return false, err
	}
	var have []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return false, err
		}
		have = append(have, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	if slices.Equal(have, want) {
		return false, nil
	}
	if _, err := t.exec(ctx, "DELETE FROM "+table+" WHERE article_id = ?", id); err != nil {
		return false, err
	}
	if len(want) == 0 {
		return true, nil
	}
	values := make([]string, len(want))
	args := make([]any, 0, 3*len(want))
	for i, v := range want {
		values[i] = "(?, ?, ?)"
		args = append(args, id, v, i+1)
	}
	_, err = t.exec(ctx, "INSERT INTO "+table+" (article_id, "+col+", position) VALUES "+strings.Join(values, ", "), args...)
	return true, err
}
