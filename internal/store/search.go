package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"html"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Full-text search. Both engines keep, per article of any status, one row
// of search_documents: the title, the dek, the names of its authors and
// terms ("people") and its body as plain text. Each engine indexes that
// table its own way (FTS5 on SQLite, tsvector and GIN on PostgreSQL; see
// the searchEngine implementations and the 0002_search migrations), and is
// asked only to match a parsed query and to rank given articles.
// Everything else (status and date filters, terms and authors, facet
// counts, tiers and paging) is done here, once, over a small in-memory
// catalogue of every article's status, date, authors and terms
// (search_meta.go), so that both engines give the same answers and a
// one-word query over 100,000 articles costs little more than one over
// 1,000; snippets are cut here too (search_highlight.go).
//
// Relevance is in two tiers: articles whose title, dek, authors or terms
// (the "head") match the query come before those that match only in the
// body. The first tier is ordered by how well the head matches (the title
// weighing most, then the dek, then the names), the second by how well the
// whole article does (title and dek, then names, then body); the score is
// BM25 on SQLite and cover density on PostgreSQL, and ties go to the newer
// article. To bound the work for very common words, only the
// searchRankLimit first matches in tier-then-date order are scored; any
// further ones follow newest first. (Scoring the first tier on its heads
// alone is also what keeps a word found in half the archive cheap: heads
// are small, and so is their index.)

// searchRankLimit is how many matches of a query are scored for
// relevance: the articles of the first tier and then of the second, newest
// first, up to this many. Scoring is a costly part of a search (about a
// microsecond and a half per article on SQLite, several on PostgreSQL,
// which must read each article's whole vector), and a reader never looks a
// thousand results deep.
const searchRankLimit = 1000

// searchBodyChars is how much of a body is indexed: PostgreSQL positions
// stop at 16,383 words, and no reader searches for what comes later.
const searchBodyChars = 100000

// Column weights of the relevance scores. For the whole article, in the
// order title, dek, people, body: title and dek weigh as much as each
// other, more than the names of the authors and terms, which weigh more
// than the body. For the head, in the order title, dek, people.
var (
	searchWeights     = [4]float64{1, 1, 0.4, 0.2}
	searchHeadWeights = [3]float64{1, 0.6, 0.4}
)

// searchScope is the text a match must be in.
type searchScope int

const (
	searchAll   searchScope = iota // title, dek, people and body
	searchHead                     // title, dek and people
	searchTitle                    // the title alone
)

// searchEngine is what full-text search asks of an engine; each dialect
// holds one. Articles are named by id; the config is what configSQL
// returned for the site's language.
type searchEngine interface {
	// prepare runs once, before the engine's first connection.
	prepare()
	// configSQL is the SQL literal naming the analyzer for a site
	// language, as stored in search_documents.config.
	configSQL(lang string) string
	// aggregate is the name of the string aggregate function, which
	// takes (value, separator ORDER BY …).
	aggregate() string
	// match returns the ids of the articles whose text in scope matches
	// e, in no particular order.
	match(ctx context.Context, t *tx, e *press.SearchExpr, config string, scope searchScope) ([]int64, error)
	// rank returns the relevance of each of ids, all of which match e in
	// scope (searchAll or searchHead): higher is better.
	rank(ctx context.Context, t *tx, e *press.SearchExpr, config string, scope searchScope, ids []int64) (map[int64]float64, error)
	// stems reports whether the analyzer for a site language stems
	// words as Porter's English stemmer does, for highlight to mark what
	// the engine matched.
	stems(lang string) bool
	// rebuild rebuilds the index from search_documents.
	rebuild(ctx context.Context, t *tx) error
}

// Snippets mark matches with two control characters, which
// pressroom_search_text removes from every indexed text, so that they can
// only be highlight's marks.
const (
	snippetOpen  = "\x02"
	snippetClose = "\x03"
)

// Search returns one page of the articles that match q, with the facet
// counts of all of them. Text is read by press.ParseSearch in the site's
// language; text that leaves nothing to search for finds nothing (with
// the reason in Notice), unless q has filters, which then list their
// articles newest first. Only published articles are searched unless
// q.Status says otherwise. An unknown author or term selects nothing. The
// search reads one snapshot: an article published or unpublished before
// the call is found or not, accordingly.
func (db *DB) Search(ctx context.Context, q press.SearchQuery) (press.SearchResults, error) {
	// Any published text, byline or term name may change a ranking.
	press.Depend(ctx, press.KeyPublishedAny, press.KeyAuthors, press.KeyTerms)
	q = q.Normalised()
	var res press.SearchResults
	err := db.read(ctx, func(t *tx) error {
		res = press.SearchResults{Page: q.Page, PerPage: q.PerPage, Sort: q.Sort, Hits: []press.SearchHit{}}
		site, err := t.site(ctx)
		if err != nil {
			return err
		}
		e := press.ParseSearch(q.Text, site.Language, q.Prefix)
		res.Notice = e.Notice
		if e.Empty() && !q.Filtered() {
			return nil
		}
		if e.Empty() {
			res.Sort, q.Sort = press.SortDate, press.SortDate
		}
		meta, err := db.searchMeta(ctx, t)
		if err != nil {
			return err
		}
		f := meta.filter(&q)
		config := t.d.search.configSQL(site.Language)
		var found []bool // by catalogue index: matches e and passes f
		if e.Empty() {
			found = meta.matchingAll(&f)
		} else {
			ids, err := t.d.search.match(ctx, t, &e, config, searchAll)
			if err != nil {
				return err
			}
			found = meta.matching(ids, &f)
		}
		var order []int32
		var ranks map[int64]float64
		if q.Sort == press.SortDate {
			order = meta.inDateOrder(found)
		} else {
			order, ranks, err = t.rankOrder(ctx, meta, &e, config, found, searchRankLimit)
			if err != nil {
				return err
			}
		}
		res.Total = len(order)
		taxonomies, err := t.taxonomies(ctx)
		if err != nil {
			return err
		}
		res.Facets = meta.facets(order, taxonomies)
		start := min((q.Page-1)*q.PerPage, len(order))
		page := order[start:min(start+q.PerPage, len(order))]
		res.Hits, err = t.searchHits(ctx, meta, page, ranks)
		if err != nil || e.Empty() || len(page) == 0 {
			return err
		}
		ids := make([]int64, len(page))
		for i, x := range page {
			ids[i] = meta.docs[x].id
		}
		bodies, err := t.searchBodies(ctx, ids)
		if err != nil {
			return err
		}
		stem := t.d.search.stems(site.Language)
		for i := range res.Hits {
			h := &res.Hits[i]
			marked, more := highlight(bodies[h.Article.ID], &e, stem)
			h.Snippet = snippetHTML(snippet(marked, snippetWords, more))
		}
		return nil
	})
	if err != nil {
		return press.SearchResults{}, db.fail(err, "search %.60q", q.Text)
	}
	return res, nil
}

// rankOrder orders the found articles by relevance (see the top of this
// file), scoring at most limit of them, and returns the order and the
// scores by article id.
func (t *tx) rankOrder(ctx context.Context, meta *searchMeta, e *press.SearchExpr, config string, found []bool, limit int) ([]int32, map[int64]float64, error) {
	headIDs, err := t.d.search.match(ctx, t, e, config, searchHead)
	if err != nil {
		return nil, nil, err
	}
	head := make([]bool, len(meta.docs))
	for _, id := range headIDs {
		if x, ok := meta.index(id); ok {
			head[x] = true
		}
	}
	var tiers [2][]int32 // each newest first
	for _, x := range meta.byDate {
		if found[x] {
			if head[x] {
				tiers[0] = append(tiers[0], x)
			} else {
				tiers[1] = append(tiers[1], x)
			}
		}
	}
	// Score the first of each tier, the first tier first, up to limit in
	// all; then sort each tier's scored prefix, keeping the newest first
	// among equals.
	ranks := map[int64]float64{}
	for i, scope := range []searchScope{searchHead, searchAll} {
		scored := tiers[i][:min(limit, len(tiers[i]))]
		limit -= len(scored)
		if len(scored) == 0 {
			continue
		}
		ids := make([]int64, len(scored))
		for j, x := range scored {
			ids[j] = meta.docs[x].id
		}
		r, err := t.d.search.rank(ctx, t, e, config, scope, ids)
		if err != nil {
			return nil, nil, err
		}
		for id, v := range r {
			ranks[id] = v
		}
		slices.SortStableFunc(scored, func(a, b int32) int {
			return cmp.Compare(ranks[meta.docs[b].id], ranks[meta.docs[a].id])
		})
	}
	return append(tiers[0], tiers[1]...), ranks, nil
}

// searchBodies reads the indexed text of the bodies of ids.
func (t *tx) searchBodies(ctx context.Context, ids []int64) (map[int64]string, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := t.query(ctx, "SELECT article_id, body FROM search_documents WHERE article_id IN ("+
		placeholders(len(args))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, err
		}
		out[id] = body
	}
	return out, rows.Err()
}

// searchHits loads the articles of page, in order, with their ranks.
func (t *tx) searchHits(ctx context.Context, meta *searchMeta, page []int32, ranks map[int64]float64) ([]press.SearchHit, error) {
	hits := make([]press.SearchHit, 0, len(page))
	if len(page) == 0 {
		return hits, nil
	}
	args := make([]any, len(page))
	for i, x := range page {
		args[i] = meta.docs[x].id
	}
	list, err := t.articles(ctx, "SELECT "+articleCols+" FROM articles a WHERE a.id IN ("+placeholders(len(args))+")", args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]press.Article, len(list))
	for _, a := range list {
		byID[a.ID] = a
	}
	for _, x := range page {
		id := meta.docs[x].id
		if a, ok := byID[id]; ok {
			hits = append(hits, press.SearchHit{Article: a, Rank: ranks[id]})
		}
	}
	return hits, nil
}

// Suggest returns up to n published articles whose titles match what a
// reader has typed so far, text, its last word taken as the start of a
// word: newest first, for a search box to offer while the reader types.
// Text that leaves nothing to search for suggests nothing.
func (db *DB) Suggest(ctx context.Context, text string, n int) ([]press.Suggestion, error) {
	// Any published text, byline or term name may change a ranking.
	press.Depend(ctx, press.KeyPublishedAny, press.KeyAuthors, press.KeyTerms)
	out := []press.Suggestion{}
	err := db.read(ctx, func(t *tx) error {
		site, err := t.site(ctx)
		if err != nil {
			return err
		}
		e := press.ParseSearch(text, site.Language, true)
		if e.Empty() || n <= 0 {
			return nil
		}
		meta, err := db.searchMeta(ctx, t)
		if err != nil {
			return err
		}
		ids, err := t.d.search.match(ctx, t, &e, t.d.search.configSQL(site.Language), searchTitle)
		if err != nil {
			return err
		}
		f := meta.filter(&press.SearchQuery{Status: press.StatusPublished})
		order := meta.inDateOrder(meta.matching(ids, &f))
		args := make([]any, 0, n)
		for _, x := range order[:min(n, len(order))] {
			args = append(args, meta.docs[x].id)
		}
		if len(args) == 0 {
			return nil
		}
		rows, err := t.query(ctx, "SELECT a.slug, a.title, a.published_at FROM articles a WHERE a.id IN ("+
			placeholders(len(args))+")"+articleOrder, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s press.Suggestion
			if err := rows.Scan(&s.Slug, &s.Title, scanTime(&s.PublishedAt)); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "suggest %.60q", text)
	}
	return out, nil
}

// relatedBySearch returns up to n published articles other than a whose
// title, dek, authors or terms share a word of a's title, most relevant
// first: what Related falls back on when no report or theme relates any.
func (db *DB) relatedBySearch(ctx context.Context, a *press.Article, n int) ([]press.Article, error) {
	// Any published text, byline or term name may change a ranking.
	press.Depend(ctx, press.KeyPublishedAny, press.KeyAuthors, press.KeyTerms)
	list := []press.Article{}
	err := db.read(ctx, func(t *tx) error {
		site, err := t.site(ctx)
		if err != nil {
			return err
		}
		// Any of the title's words, not all of them.
		e := press.ParseSearch(a.Title, site.Language, false)
		var words []press.SearchPhrase
		for _, g := range e.Groups {
			words = append(words, g...)
		}
		if len(words) == 0 {
			return nil
		}
		e = press.SearchExpr{Groups: [][]press.SearchPhrase{words}}
		meta, err := db.searchMeta(ctx, t)
		if err != nil {
			return err
		}
		config := t.d.search.configSQL(site.Language)
		ids, err := t.d.search.match(ctx, t, &e, config, searchHead)
		if err != nil {
			return err
		}
		f := meta.filter(&press.SearchQuery{Status: press.StatusPublished})
		found := meta.matching(ids, &f)
		if x, ok := meta.index(a.ID); ok {
			found[x] = false
		}
		// The articles found all match in the head: one tier. A few
		// hundred of the newest are plenty to pick n from.
		order, ranks, err := t.rankOrder(ctx, meta, &e, config, found, 200)
		if err != nil {
			return err
		}
		// One more, in case a is a preview of a stored article.
		hits, err := t.searchHits(ctx, meta, order[:min(n+1, len(order))], ranks)
		for _, h := range hits {
			if h.Article.Slug != a.Slug && len(list) < n {
				list = append(list, h.Article)
			}
		}
		return err
	})
	if err != nil {
		return nil, db.fail(err, "articles related to %q", a.Slug)
	}
	return list, nil
}

// RebuildSearch rebuilds the search index from the articles, in one
// transaction, and returns how many articles it holds: for operators,
// after a restore or a change of analyzer. Every write keeps the index up
// to date on its own.
func (db *DB) RebuildSearch(ctx context.Context) (int, error) {
	n := 0
	err := db.write(ctx, func(t *tx) error {
		t.changed(press.KeyPublishedAny)
		if err := t.searchIndex(ctx, db.clock(), "1 = 1"); err != nil {
			return err
		}
		if err := t.d.search.rebuild(ctx, t); err != nil {
			return err
		}
		return t.queryRow(ctx, "SELECT COUNT(*) FROM search_documents").Scan(&n)
	})
	if err != nil {
		return 0, db.fail(err, "rebuild search")
	}
	return n, nil
}

// searchIndex writes the search documents of the articles that where
// (a condition on articles a) selects, with args, and marks the search
// catalogue stale. Rows whose text is unchanged are not rewritten, so
// the engine's index is left alone for them. Every write that changes an
// article, its byline or terms, or the name of an author or term, calls
// it in the same transaction, which is what makes an article findable (or
// not) the moment the change commits.
func (t *tx) searchIndex(ctx context.Context, now time.Time, where string, args ...any) error {
	site, err := t.site(ctx)
	if err != nil {
		return err
	}
	agg := t.d.search.aggregate()
	_, err = t.exec(ctx, `INSERT INTO search_documents (article_id, config, title, dek, people, body)
		SELECT a.id, `+t.d.search.configSQL(site.Language)+`, a.title, a.dek, trim(
			COALESCE((SELECT `+agg+`(au.name, ' ' ORDER BY aa.position) FROM article_authors aa
				JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id), '') || ' ' ||
			COALESCE((SELECT `+agg+`(m.name, ' ' ORDER BY at.position) FROM article_terms at
				JOIN terms m ON m.id = at.term_id WHERE at.article_id = a.id), '')),
			substr(pressroom_search_text(a.body_html), 1, `+strconv.Itoa(searchBodyChars)+`)
		FROM articles a WHERE `+where+`
		ON CONFLICT (article_id) DO UPDATE SET config = excluded.config, title = excluded.title,
			dek = excluded.dek, people = excluded.people, body = excluded.body
		WHERE search_documents.config <> excluded.config OR search_documents.title <> excluded.title
			OR search_documents.dek <> excluded.dek OR search_documents.people <> excluded.people
			OR search_documents.body <> excluded.body`, args...)
	if err != nil {
		return err
	}
	return t.searchChanged(ctx, now)
}

// searchIndexArticles is searchIndex for articles by id.
func (t *tx) searchIndexArticles(ctx context.Context, now time.Time, ids ...int64) error {
	const batch = 500
	for start := 0; start < len(ids); start += batch {
		part := ids[start:min(start+batch, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		if err := t.searchIndex(ctx, now, "a.id IN ("+placeholders(len(args))+")", args...); err != nil {
			return err
		}
	}
	return nil
}

// searchSetLanguage re-indexes every article when the site's language,
// and with it the analyzer, changes.
func (t *tx) searchSetLanguage(ctx context.Context, lang string) error {
	config := t.d.search.configSQL(lang)
	_, err := t.exec(ctx, "UPDATE search_documents SET config = "+config+" WHERE config <> "+config)
	return err
}

// settingSearchGeneration counts the changes to what the search catalogue
// holds; a catalogue built at another count is stale.
const settingSearchGeneration = "search_generation"

// searchChanged marks the search catalogue stale, once per transaction.
// The count is a row of its own so that readers on other connections
// (and other processes) see the change in the same snapshot as the
// change itself.
func (t *tx) searchChanged(ctx context.Context, now time.Time) error {
	if t.searchDirty {
		return nil
	}
	_, err := t.exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, '1', ?)
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT),
			updated_at = excluded.updated_at`, settingSearchGeneration, t.d.time(now))
	t.searchDirty = err == nil
	return err
}

// searchGeneration reads the count searchChanged keeps.
func (t *tx) searchGeneration(ctx context.Context) (string, error) {
	var gen string
	err := t.queryRow(ctx, "SELECT value FROM settings WHERE key = ?", settingSearchGeneration).Scan(&gen)
	if errors.Is(err, sql.ErrNoRows) {
		return "0", nil
	}
	return gen, err
}

// searchText is the plain text of sanitised HTML that search indexes:
// tags become spaces, entities are decoded, and control characters and
// runs of white space become single spaces. PostgreSQL's
// pressroom_search_text (migrations/postgres/0002_search.sql) does the same
// for the HTML the Markdown pipeline writes; SQLite calls this one.
func searchText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	tag := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case tag:
			tag = c != '>'
		case c == '<':
			tag = true
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	fields := strings.FieldsFunc(html.UnescapeString(b.String()), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	})
	return strings.Join(fields, " ")
}

// snippetWords is how long a snippet is, in words.
const snippetWords = 32

// snippet cuts from a body with its matches marked (see highlight) the
// passage of n words with the most matches (the earliest of equals),
// starting it at the beginning of a sentence when one begins a few words
// before its first match, and marks with an ellipsis where it cuts the
// body; more says the body goes on past marked. A body without matches
// (the article matched on its title, dek or names) gives its first words.
func snippet(marked string, n int, more bool) string {
	// Indexed text has its white space collapsed to single spaces, so a
	// word is what lies between two spaces. starts[i] is where word i
	// begins; in[i] says it is (part of) a match, open[i] that a match
	// begun by an earlier word is open at its start.
	marked = strings.TrimSpace(marked)
	var starts []int
	var in, open []bool
	inside, between := false, true
	for i := 0; i < len(marked); i++ {
		c := marked[i]
		if c == ' ' {
			between = true
			continue
		}
		if between {
			starts, in, open = append(starts, i), append(in, inside), append(open, inside)
			between = false
		}
		switch c {
		case snippetOpen[0]:
			inside, in[len(in)-1] = true, true
		case snippetClose[0]:
			inside = false
		}
	}
	words := len(starts)
	if words <= n {
		if more {
			return marked + "…"
		}
		return marked
	}
	best, bestCount, count := 0, -1, 0
	for i := range words {
		if in[i] {
			count++
		}
		if i >= n && in[i-n] {
			count--
		}
		if start := i - n + 1; start >= 0 && count > bestCount {
			best, bestCount = start, count
		}
	}
	// Start a few words before the first match, or where a sentence
	// begins not long before it, as long as no match of the passage is
	// pushed out of it.
	word := func(i int) string {
		if i+1 < words {
			return marked[starts[i] : starts[i+1]-1]
		}
		return marked[starts[i]:]
	}
	if bestCount > 0 {
		first, last := best, best+n-1
		for !in[first] {
			first++
		}
		for !in[last] {
			last--
		}
		slack := n - (last - first + 1)
		best = max(0, first-min(4, slack))
		for i := first; i >= max(0, first-slack, first-10); i-- {
			if i == 0 || endsSentence(word(i-1)) {
				best = i
				break
			}
		}
		best = min(best, words-n)
	}
	end := min(best+n, words)
	var b strings.Builder
	if best > 0 {
		b.WriteString("…")
	}
	if open[best] {
		b.WriteString(snippetOpen)
	}
	if end < words {
		b.WriteString(marked[starts[best] : starts[end]-1])
	} else {
		b.WriteString(marked[starts[best]:])
	}
	if end < words || more {
		b.WriteString("…")
	}
	return b.String()
}

// endsSentence reports whether w ends a sentence: its last letter,
// digit or punctuation mark, past closing quotes and brackets, is . ! or ?.
func endsSentence(w string) bool {
	w = strings.TrimRight(w, snippetOpen+snippetClose+`"')]”’»`)
	return strings.HasSuffix(w, ".") || strings.HasSuffix(w, "!") || strings.HasSuffix(w, "?")
}

// snippetHTML turns an engine's snippet, with snippetOpen and
// snippetClose around the matches, into safe HTML: the text escaped, and
// each match in <mark>. Marks are balanced whatever the engine sent.
func snippetHTML(s string) string {
	var b strings.Builder
	open := false
	for s != "" {
		i := strings.IndexAny(s, snippetOpen+snippetClose)
		if i < 0 {
			b.WriteString(html.EscapeString(s))
			break
		}
		b.WriteString(html.EscapeString(s[:i]))
		switch s[i : i+1] {
		case snippetOpen:
			if !open {
				b.WriteString("<mark>")
			}
			open = true
		case snippetClose:
			if open {
				b.WriteString("</mark>")
			}
			open = false
		}
		s = s[i+1:]
	}
	if open {
		b.WriteString("</mark>")
	}
	return strings.TrimSpace(b.String())
}

// searchRenaming reads the name of the author or term (table) that where
// selects, before it is saved, and returns what to call after: it
// re-indexes the articles of that author or term if the name changed.
func (t *tx) searchRenaming(ctx context.Context, table, where string, args ...any) (func(now time.Time, name string) error, error) {
	var id int64
	var old string
	err := t.queryRow(ctx, "SELECT id, name FROM "+table+" WHERE "+where, args...).Scan(&id, &old)
	if errors.Is(err, sql.ErrNoRows) {
		// A new author or term has no articles yet.
		return func(time.Time, string) error { return nil }, nil
	}
	if err != nil {
		return nil, err
	}
	join, col := "article_authors", "author_id"
	if table == "terms" {
		join, col = "article_terms", "term_id"
	}
	return func(now time.Time, name string) error {
		if name == old {
			return nil
		}
		return t.searchIndex(ctx, now, "a.id IN (SELECT article_id FROM "+join+" WHERE "+col+" = ?)", id)
	}, nil
}
