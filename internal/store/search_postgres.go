package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// postgresSearch is full-text search on PostgreSQL: search_documents
// carries two generated tsvector columns with GIN indexes (see
// migrations/postgres/0002_search.sql): document, every column weighted
// (title and dek A, authors and terms B, body C), and head, the title (A),
// dek (B) and names (C) alone, for the first tier and for suggestions.
// Each row is analysed with its own text search configuration, named in
// its config column: pressroom_english for English, pressroom_simple for
// any other language (no stemming, no stop words); both remove diacritics
// (unaccent). Queries are built from the parsed expression with
// phraseto_tsquery and to_tsquery over bound parameters, never by pasting
// the reader's text into SQL or into tsquery syntax.
type postgresSearch struct{}

func (postgresSearch) prepare() {}

// configSQL maps a site language to its text search configuration. To add
// a language, create pressroom_<language> in a migration (as 0002_search
// creates pressroom_english) and name it here, with its stop words in
// press.
func (postgresSearch) configSQL(lang string) string {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	if lang == "en" {
		return "'pressroom_english'::regconfig"
	}
	return "'pressroom_simple'::regconfig"
}

func (postgresSearch) aggregate() string { return "string_agg" }

func (postgresSearch) match(ctx context.Context, t *tx, e *press.SearchExpr, config string, scope searchScope) ([]int64, error) {
	q, args := tsquery(e, config)
	where := "d.document @@ " + q
	switch scope {
	case searchHead:
		where = "d.head @@ " + q
	case searchTitle:
		// The index finds the heads that match; the filter keeps those
		// where it is the title (weight A) that does.
		where = "d.head @@ " + q + " AND ts_filter(d.head, '{a}') @@ " + q
		args = append(args, args...)
	}
	// One string of ids rather than a row each: a common word matches
	// tens of thousands.
	var list sql.NullString
	err := t.queryRow(ctx, "SELECT string_agg(d.article_id::text, ',') FROM search_documents d WHERE "+where, args...).Scan(&list)
	if err != nil || !list.Valid {
		return nil, err
	}
	return parseIDs(list.String)
}

// rank scores with cover density, normalised by the log of the length so
// that long articles do not win by length alone: the whole document, or
// (searchHead) the head, whose vector is a small fraction of the
// document's to read.
func (postgresSearch) rank(ctx context.Context, t *tx, e *press.SearchExpr, config string, scope searchScope, ids []int64) (map[int64]float64, error) {
	q, args := tsquery(e, config)
	w, column := searchWeights, "d.document"
	weights := fmt.Sprintf("'{%g, %g, %g, %g}'", w[3]/2, w[3], w[2], w[0]) // D, C, B, A
	if scope != searchAll {
		h := searchHeadWeights
		weights, column = fmt.Sprintf("'{%g, %g, %g, %g}'", h[2]/2, h[2], h[1], h[0]), "d.head"
	}
	rows, err := t.query(ctx, "SELECT d.article_id, ts_rank_cd("+weights+", "+column+", "+q+", 1)"+
		" FROM search_documents d WHERE d.article_id = ANY(?)", append(args, ids)...)
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

// stems: the English configuration stems (with Snowball's English
// stemmer, close to Porter's); the simple one does not.
func (p postgresSearch) stems(lang string) bool {
	return p.configSQL(lang) == "'pressroom_english'::regconfig"
}

// rebuild computes every document's vectors again (a stored generated
// column is recomputed on any update) and rebuilds the GIN indexes.
func (postgresSearch) rebuild(ctx context.Context, t *tx) error {
	if _, err := t.exec(ctx, "UPDATE search_documents SET config = config"); err != nil {
		return err
	}
	_, err := t.exec(ctx, "REINDEX TABLE search_documents")
	return err
}

// tsquery writes e as a tsquery expression in the configuration config,
// with a placeholder for each phrase, and returns the expression and its
// arguments. A phrase is phraseto_tsquery of its words (stop words
// inside it keep their place as a gap, as in the index); a prefix is
// to_tsquery of its last word with :* appended, which is safe because a
// word holds only letters, digits and marks (see press.SearchPhrase), never
// tsquery syntax.
func tsquery(e *press.SearchExpr, config string) (string, []any) {
	var args []any
	phrase := func(p press.SearchPhrase) string {
		if !p.Prefix {
			args = append(args, strings.Join(p.Words, " "))
			return "phraseto_tsquery(" + config + ", ?)"
		}
		last := "to_tsquery(" + config + ", ?)"
		if len(p.Words) == 1 {
			args = append(args, p.Words[0]+":*")
			return last
		}
		args = append(args, strings.Join(p.Words[:len(p.Words)-1], " "), p.Words[len(p.Words)-1]+":*")
		return "tsquery_phrase(phraseto_tsquery(" + config + ", ?), " + last + ")"
	}
	anyOf := func(phrases []press.SearchPhrase) string {
		alts := make([]string, len(phrases))
		for i, p := range phrases {
			alts[i] = phrase(p)
		}
		return "(" + strings.Join(alts, " || ") + ")"
	}
	var and []string
	for _, g := range e.Groups {
		and = append(and, anyOf(g))
	}
	q := strings.Join(and, " && ")
	if len(e.Exclude) > 0 {
		q = "(" + q + ") && (!!" + anyOf(e.Exclude) + ")"
	}
	return "(" + q + ")", args
}
