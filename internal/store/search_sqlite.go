package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"modernc.org/sqlite"

	"github.com/pressroomhq/pressroom/internal/press"
)

// sqliteSearch is full-text search on SQLite: two FTS5 indexes over
// search_documents, declared in migrations/sqlite/0002_search.sql:
// search_fts of every column, search_head of the title, dek and names.
// FTS5 has one tokenizer per table, so SQLite has one analyzer whatever
// the site's language: Unicode words with diacritics removed, stemmed by
// the Porter stemmer. That is right for English and harmless for most
// other languages, whose words it rarely changes; PostgreSQL chooses by
// language.
type sqliteSearch struct{}

var registerSQLiteFuncs sync.Once

// prepare registers pressroom_search_text, which the index statement and
// the migration call, with the driver: every connection opened after has
// it.
func (sqliteSearch) prepare() {
	registerSQLiteFuncs.Do(func() {
		sqlite.MustRegisterDeterministicScalarFunction("pressroom_search_text", 1,
			func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
				switch v := args[0].(type) {
				case string:
					return searchText(v), nil
				case []byte:
					return searchText(string(v)), nil
				case nil:
					return nil, nil
				}
				return nil, fmt.Errorf("pressroom_search_text: %T is not text", args[0])
			})
	})
}

func (sqliteSearch) configSQL(string) string { return "'porter'" }

func (sqliteSearch) aggregate() string { return "group_concat" }

// match returns the matching rowids as one string, which costs a fraction
// of returning a row each when a common word matches tens of thousands.
func (sqliteSearch) match(ctx context.Context, t *tx, e *press.SearchExpr, _ string, scope searchScope) ([]int64, error) {
	var list sql.NullString
	table, q := fts5Query(e, scope)
	err := t.queryRow(ctx, "SELECT group_concat(rowid) FROM "+table+" WHERE "+table+" MATCH ?", q).Scan(&list)
	if err != nil || !list.Valid {
		return nil, err
	}
	return parseIDs(list.String)
}

// parseIDs reads a list of ids separated by commas.
func parseIDs(list string) ([]int64, error) {
	ids := make([]int64, 0, strings.Count(list, ",")+1)
	for s := list; s != ""; {
		var part string
		part, s, _ = strings.Cut(s, ",")
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("search: reading matches: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// rank scores with BM25. The unary + keeps the rowid condition out of
// FTS5's reach: given it, FTS5 would evaluate the whole query again for
// every id, where as a filter on the one pass over the matches it costs
// nearly nothing, and bm25 runs only for the rows that pass.
func (sqliteSearch) rank(ctx context.Context, t *tx, e *press.SearchExpr, _ string, scope searchScope, ids []int64) (map[int64]float64, error) {
	table, q := fts5Query(e, scope)
	var weights string
	if scope == searchAll {
		w := searchWeights
		weights = fmt.Sprintf("%g, %g, %g, %g", w[0], w[1], w[2], w[3])
	} else {
		w := searchHeadWeights
		weights = fmt.Sprintf("%g, %g, %g", w[0], w[1], w[2])
	}
	// The range lets FTS5 skip the matches outside it: ids grow with
	// time, and the articles scored are the newest.
	lo, hi := slices.Min(ids), slices.Max(ids)
	rows, err := t.query(ctx, "SELECT rowid, -bm25("+table+", "+weights+") FROM "+table+
		" WHERE "+table+" MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN (SELECT value FROM json_each(?))",
		q, lo, hi, jsonIDs(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]float64, len(ids))
	for rows.Next() {
		var id int64
		var r float64
		if err := rows.Scan(&id, &r); err != nil {
			return nil, err
		}
		out[id] = r
	}
	return out, rows.Err()
}

// stems: FTS5 has one tokenizer, Porter's, whatever the language.
func (sqliteSearch) stems(string) bool { return true }

func (sqliteSearch) rebuild(ctx context.Context, t *tx) error {
	for _, table := range []string{"search_fts", "search_head"} {
		if _, err := t.exec(ctx, "INSERT INTO "+table+" ("+table+") VALUES ('rebuild')"); err != nil {
			return err
		}
	}
	return nil
}

// fts5Query writes e in FTS5's query syntax for the index of scope, and
// names that index. Every phrase is a quoted string, which FTS5 tokenizes
// with the table's tokenizer and reads as nothing but words; the words
// themselves hold no quotes (see press.SearchPhrase), and any would be
// doubled.
func fts5Query(e *press.SearchExpr, scope searchScope) (table, query string) {
	var and []string
	for _, g := range e.Groups {
		and = append(and, fts5Any(g))
	}
	q := strings.Join(and, " AND ")
	if len(e.Exclude) > 0 {
		q = "(" + q + ") NOT " + fts5Any(e.Exclude)
	}
	switch scope {
	case searchHead:
		return "search_head", q
	case searchTitle:
		return "search_head", "{title} : (" + q + ")"
	}
	return "search_fts", q
}

func fts5Any(phrases []press.SearchPhrase) string {
	alts := make([]string, len(phrases))
	for i, p := range phrases {
		alts[i] = `"` + strings.ReplaceAll(strings.Join(p.Words, " "), `"`, `""`) + `"`
		if p.Prefix {
			alts[i] += " *"
		}
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return "(" + strings.Join(alts, " OR ") + ")"
}

// jsonIDs writes ids as a JSON array, for json_each: one argument
// however many ids.
func jsonIDs(ids []int64) string {
	b := make([]byte, 0, 8*len(ids)+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}
