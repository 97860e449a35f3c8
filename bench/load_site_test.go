package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// loadAuthors is how many authors the load benchmark's site has: the
// search corpus's first 200 of its 300.
const loadAuthors = 200

// loadSite is what the load benchmark needs to know of the site it
// generated: which pages exist to be asked for.
type loadSite struct {
	published []string // slugs of the published articles, in the order written
	article   string   // slug of the article measured against nginx: published, of median length
	term      string   // path of a term page
	searches  []string // search page paths, /search?q=…
}

// keptSite is loadSite as written next to a kept database (-load.keep).
type keptSite struct {
	Published []string
	Article   string
	Term      string
	Searches  []string
}

// keptImport is loadImport into a SQLite database kept under dir, made
// once per size and reused by later runs: the benchmarks that profile
// renders need a large site, not a new one each time.
func keptImport(b *testing.B, dir string, n int) (dsn string, s *loadSite) {
	b.Helper()
	dir = filepath.Join(dir, fmt.Sprintf("sqlite-%d", n))
	dsn = filepath.Join(dir, "pressroom.db")
	meta := filepath.Join(dir, "site.json")
	if data, err := os.ReadFile(meta); err == nil {
		var k keptSite
		if err := json.Unmarshal(data, &k); err != nil {
			b.Fatalf("%s: %v", meta, err)
		}
		return dsn, &loadSite{published: k.Published, article: k.Article, term: k.Term, searches: k.Searches}
	}
	if err := os.RemoveAll(dir); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	s, took := loadImport(b, dsn, n)
	logf("imported %d articles in %s into %s", n, took.Round(time.Millisecond), dir)
	data, err := json.Marshal(keptSite{Published: s.published, Article: s.article, Term: s.term, Searches: s.searches})
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(meta, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return dsn, s
}

// loadImport fills the empty database at dsn with a synthetic site of n
// articles from the search benchmark's corpus (same seed, same realistic
// text and lengths, nested regions, themes and reports) but 200 authors,
// in one ImportStream through the newsroom, which renders the Markdown
// as any import does. It returns what was written and how long it took.
func loadImport(b *testing.B, dsn string, n int) (*loadSite, time.Duration) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Hour)
	defer cancel()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	nr := newsroom.New(db, presstest.Logger())
	// On the empty store this records the renderer's version, so that the
	// binary does not take the imported articles for stale ones and
	// re-render them all on its first start (which would be measured as
	// its cold start).
	if err := nr.RerenderStale(ctx); err != nil {
		b.Fatal(err)
	}

	c := newCorpus(b)
	// The corpus is the search benchmark's; only its author list is cut
	// (and the Zipf law over it redrawn) for this benchmark's 200.
	c.authors = c.authors[:loadAuthors]
	c.author = rand.NewZipf(c.rnd, 1.2, 3, uint64(loadAuthors-1))
	c.n = n

	s := &loadSite{term: press.TermPath(c.themes[0].Taxonomy, c.themes[0].Slug)}
	for _, q := range c.mix() {
		if q.Prefix || len(q.Terms) > 0 || !q.From.IsZero() || q.Page > 0 || q.Sort != "" {
			continue
		}
		s.searches = append(s.searches, "/search?q="+url.QueryEscape(q.Text))
	}
	start := time.Now()
	_, err = nr.ImportStream(ctx, func(add func(press.Bundle) error) error {
		first := press.Bundle{Authors: c.authors}
		first.Terms = append(append(append(first.Terms, c.regions...), c.themes...), c.reports...)
		if err := add(first); err != nil {
			return err
		}
		for done := 0; done < n; {
			var bundle press.Bundle
			for ; done < n && len(bundle.Articles) < 250; done++ {
				a := c.article(done)
				if a.Status == press.StatusPublished {
					s.published = append(s.published, a.Slug)
					// The article nginx serves too: one from the middle of
					// the archive, of about the median length.
					if s.article == "" && done >= n/2 && a.WordCount >= 850 && a.WordCount <= 950 {
						s.article = a.Slug
					}
				}
				bundle.Articles = append(bundle.Articles, a)
			}
			if err := add(bundle); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	if len(s.published) == 0 {
		b.Fatal("the generated site has no published article")
	}
	if s.article == "" {
		s.article = s.published[len(s.published)/2]
	}
	if len(s.searches) == 0 {
		b.Fatal("no plain query in the search mix")
	}
	return s, took
}

// shuffled returns the article pages of the published slugs in an order
// drawn from a fixed seed, so the uncached target reads the archive all
// over, as crawlers and old links do, rather than in the order written.
func (s *loadSite) shuffled() []string {
	paths := make([]string, len(s.published))
	for i, slug := range s.published {
		paths[i] = press.ArticlePath(slug)
	}
	r := rand.New(rand.NewPCG(searchSeed, 9))
	r.Shuffle(len(paths), func(i, j int) { paths[i], paths[j] = paths[j], paths[i] })
	return paths
}

func (s *loadSite) String() string {
	return fmt.Sprintf("%d published, article %s, term %s", len(s.published), s.article, s.term)
}
