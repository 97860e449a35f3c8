package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"

	"github.com/pressroomhq/pressroom/internal/demo"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/server"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/theme"
)

// TestQueriesPerPage renders every page of each kind on the demo site
// (uncached) and counts the SQL statements each takes. Pages of one kind
// list from one to twenty articles, with one to three authors and several
// terms each; their counts must be the same, or an article, author or
// term is being fetched on its own (N+1), and stay within a budget.
func TestQueriesPerPage(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		th, err := theme.Load()
		if err != nil {
			t.Fatal(err)
		}
		media := t.TempDir()
		nr := newsroom.New(db, presstest.Logger())
		if _, err := demo.Install(context.Background(), db, nr, media); err != nil {
			t.Fatal(err)
		}
		h := server.Handler(db, th, media, presstest.Logger(), server.Options{Newsroom: nr})
		count := func(path string) int64 {
			ctx, n := store.CountQueries(context.Background())
			r := httptest.NewRequestWithContext(ctx, "GET", path, nil)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			io.Copy(io.Discard, w.Body)
			if w.Code != http.StatusOK {
				t.Fatalf("%s: %d", path, w.Code)
			}
			return n()
		}
		// The comment forms' key is read once per process, on the first
		// article page.
		ctx := context.Background()
		list, err := db.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		count(press.ArticlePath(list.Articles[0].Slug))

		// The front page's first page also shows the featured articles and
		// the months.
		kinds := map[string][]string{"home": {"/"}, "home, page 2": {"/?page=2"}, "feed": {"/feed.xml"}, "archive": {"/archive"}}
		for _, a := range list.Articles {
			kinds["article"] = append(kinds["article"], press.ArticlePath(a.Slug))
			kinds["article API"] = append(kinds["article API"], "/api/v1/articles/"+a.Slug)
		}
		authors, err := db.Authors(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, au := range authors {
			kinds["author"] = append(kinds["author"], press.AuthorPath(au.Slug))
			kinds["author feed"] = append(kinds["author feed"], press.AuthorPath(au.Slug)+"/feed.xml")
		}
		taxes, err := db.Taxonomies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range taxes {
			kinds["taxonomy"] = append(kinds["taxonomy"], press.TaxonomyPath(x.Slug))
			terms, err := db.Terms(ctx, x.Slug)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range terms {
				if m.Count > 0 {
					kinds["term"] = append(kinds["term"], press.TermPath(x.Slug, m.Slug))
				}
			}
		}
		// Budgets: what each page needs today, with a little room; a
		// page that needs more should say why in its commit.
		budget := map[string]int64{"home": 14, "home, page 2": 9, "feed": 8, "archive": 8, "article": 16, "article API": 10,
			"author": 10, "author feed": 9, "taxonomy": 8, "term": 12}
		var names []string
		for k := range kinds {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, kind := range names {
			lo, hi := int64(1<<62), int64(0)
			var loPath, hiPath string
			for _, p := range kinds[kind] {
				n := count(p)
				if n < lo {
					lo, loPath = n, p
				}
				if n > hi {
					hi, hiPath = n, p
				}
			}
			t.Logf("%-12s %3d pages: %d–%d queries", kind, len(kinds[kind]), lo, hi)
			if hi > budget[kind] {
				t.Errorf("%s: %s takes %d queries, budget %d", kind, hiPath, hi, budget[kind])
			}
			// Related articles fall back on search when no report or
			// theme is shared: two more statements, not one per article;
			// a subterm's page names the term above it.
			if slack := int64(map[string]int{"article": 2, "term": 1}[kind]); hi-lo > slack {
				t.Errorf("%s: %s takes %d queries, %s %d: the count depends on what the page lists", kind, hiPath, hi, loPath, lo)
			}
		}
	})
}
