package bench

import (
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/server"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/theme"
)

var (
	renderSize = flag.Int("render.size", 0, "articles in BenchmarkRender's generated site, e.g. 100000; 0 skips it")
	renderKeep = flag.String("render.keep", filepath.Join(os.TempDir(), "pressroom-bench"), "directory keeping BenchmarkRender's generated SQLite sites between runs")
)

// BenchmarkRender measures uncached renders of the pages readers ask for
// most, in process and one at a time, on a generated site of
// -render.size articles (the load benchmark's generator, kept under
// -render.keep and reused, since 100,000 articles take minutes to make):
// the cold cost of a page, to profile with -cpuprofile.
//
//	go test -run '^$' -bench BenchmarkRender -render.size 100000 -cpuprofile cpu.out ./bench
func BenchmarkRender(b *testing.B) {
	if *renderSize == 0 {
		b.Skip("BenchmarkRender runs with -render.size; see README.md, Performance")
	}
	dsn, site := keptImport(b, *renderKeep, *renderSize)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	// A site kept from an older build may lack newer migrations.
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	th, err := theme.Load()
	if err != nil {
		b.Fatal(err)
	}
	h := server.Handler(db, th, b.TempDir(), presstest.Logger(), server.Options{})
	articles := site.shuffled()
	for _, page := range []struct {
		name  string
		paths []string
	}{
		{"article", articles},
		{"home", []string{"/"}},
		{"term", []string{site.term}},
		{"feed", []string{"/feed.xml"}},
		{"search", site.searches},
		{"author", []string{press.AuthorPath("author-001")}},
	} {
		b.Run(page.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				r := httptest.NewRequest("GET", page.paths[i%len(page.paths)], nil)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", r.URL.Path, w.Code)
				}
				io.Copy(io.Discard, w.Body)
				i++
			}
		})
	}
}
