// Package bench holds Pressroom's benchmarks. They are not part of the
// test run; see README.md for the command and the latest figures.
package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pressroomhq/pressroom/internal/demo"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/server"
	"github.com/pressroomhq/pressroom/internal/theme"
)

func TestMain(m *testing.M) { presstest.Main(m) }

// demoHandler returns the whole application over the demo site on engine,
// and the slug of one demo article.
func demoHandler(b *testing.B, engine string) (http.Handler, string) {
	b.Helper()
	db := presstest.MustStore(b, engine)
	th, err := theme.Load()
	if err != nil {
		b.Fatal(err)
	}
	nr := newsroom.New(db, presstest.Logger())
	if _, err := demo.Install(context.Background(), db, nr, b.TempDir()); err != nil {
		b.Fatal(err)
	}
	list, err := db.Articles(context.Background(), press.ArticleFilter{Status: press.StatusPublished, Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	return server.Handler(db, th, b.TempDir(), presstest.Logger(), server.Options{}), list.Articles[0].Slug
}

func benchPath(b *testing.B, engine string, path func(slug string) string) {
	h, slug := demoHandler(b, engine)
	p := path(slug)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
			if rec.Code != http.StatusOK {
				b.Fatalf("GET %s = %d", p, rec.Code)
			}
			io.Copy(io.Discard, rec.Body)
		}
	})
}

// BenchmarkPages measures whole requests through the application (routing,
// store queries, template rendering, ETag) for the pages readers hit most,
// on each engine. Nothing is cached yet: every request renders.
func BenchmarkPages(b *testing.B) {
	pages := map[string]func(string) string{
		"article": press.ArticlePath,
		"home":    func(string) string { return "/" },
		"term":    func(string) string { return "/regions/middle-east-north-africa" },
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		for _, name := range []string{"article", "home", "term"} {
			b.Run(engine+"/"+name, func(b *testing.B) { benchPath(b, engine, pages[name]) })
		}
	}
}

// BenchmarkImportDemo measures importing the demo site (60 articles, 12
// authors, 29 terms, 5 pages: render all Markdown, write in one
// transaction) into an empty store.
func BenchmarkImportDemo(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			taxes := press.DefaultTaxonomies()
			for b.Loop() {
				b.StopTimer()
				db := presstest.MustStore(b, engine)
				nr := newsroom.New(db, presstest.Logger())
				bundle, err := demo.Bundle(taxes)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := nr.Import(context.Background(), bundle); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
