package store

import (
	"context"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// SearchMatchAll asks db's engine for the articles matching e in each
// scope, as Search would, for the fuzz test to run whatever the parser
// makes against a real index.
func SearchMatchAll(ctx context.Context, db *DB, e *press.SearchExpr) error {
	return db.read(ctx, func(t *tx) error {
		config := t.d.search.configSQL("en")
		for _, scope := range []searchScope{searchAll, searchHead, searchTitle} {
			ids, err := t.d.search.match(ctx, t, e, config, scope)
			if err != nil {
				return err
			}
			if len(ids) > 0 && scope == searchAll {
				for _, s := range []searchScope{searchAll, searchHead} {
					if _, err := t.d.search.rank(ctx, t, e, config, s, ids); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// SnippetHTML exposes snippetHTML to the tests.
func SnippetHTML(s string) string { return snippetHTML(s) }

// SearchStem exposes the Porter stemmer, on a word as the index folds it.
func SearchStem(word string) string { return porterStem(word) }

// Highlight exposes highlight, with the marks written as [ and ].
func Highlight(text string, e *press.SearchExpr, stem bool) (string, bool) {
	marked, more := highlight(text, e, stem)
	return strings.NewReplacer(snippetOpen, "[", snippetClose, "]").Replace(marked), more
}

// Snippet exposes snippet, with the engines' marks written as [ and ].
func Snippet(marked string, n int) string {
	r := strings.NewReplacer("[", snippetOpen, "]", snippetClose)
	back := strings.NewReplacer(snippetOpen, "[", snippetClose, "]")
	return back.Replace(snippet(r.Replace(marked), n, false))
}
