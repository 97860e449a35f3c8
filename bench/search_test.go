package bench

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/pressroomhq/pressroom/internal/demo"
	"github.com/pressroomhq/pressroom/internal/markdown"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// searchSizes are the corpus sizes BenchmarkSearch builds. The default
// keeps make bench short; the README's figures come from
// -search.sizes 10000,100000.
var searchSizes = flag.String("search.sizes", "10000", "comma-separated corpus sizes for BenchmarkSearch")

// searchSeed makes the synthetic corpus the same on every run and engine.
const searchSeed = 20261125

// searchMix is the fixed query mix: what readers of an outlet's archive
// type, from names that match a handful of articles to topic words that
// match a fifth of them and the outlet's own subject, water, which half
// its articles mention; with phrases, exclusion, OR, filters, the date
// order, a later page, and words being typed. newCorpus adds names of
// people and places from its made-up ones, rare and common, and an
// author's. How many articles each query matches is logged with -v.
var searchMix = []press.SearchQuery{
	// Places and things only a few articles name.
	{Text: "transponders"}, {Text: "qosh tepa"}, {Text: "condominium lottery"}, {Text: "agadez"},
	// Topic words, from a few per cent of the archive to a fifth of it.
	{Text: "mercury"}, {Text: "remittances"}, {Text: "groundwater"}, {Text: "drought"}, {Text: "refugees"},
	{Text: "court"}, {Text: "water"},
	// Several words, phrases, exclusion, OR.
	{Text: "water brokers"}, {Text: "gold mining mercury"}, {Text: `"temporary protection"`},
	{Text: `"water brokers"`}, {Text: "refugees -lebanon"}, {Text: "drought OR salinity"},
	// Filters, the date order, a later page.
	{Text: "water", Terms: []press.TermRef{{Taxonomy: "themes", Slug: "climate-water"}}},
	{Text: "refugees", Sort: press.SortDate},
	{Text: "drought", From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
	{Text: "groundwater", Page: 3},
	// As you type.
	{Text: "remitt", Prefix: true}, {Text: "desal", Prefix: true}, {Text: "border cross", Prefix: true},
}

// BenchmarkSearch builds a synthetic archive of each size on each engine,
// from a fixed seed, and measures the search: how long writing the corpus
// (with its index, as imports write it) and rebuilding the index from
// scratch take, how big the database is, and the latency of each query of
// searchMix, whole searches as the site runs them (match, filters, facets
// over every match, ranking, one page of articles with snippets), one at a
// time. An op is one pass over the mix.
func BenchmarkSearch(b *testing.B) {
	var sizes []int
	for _, s := range strings.Split(*searchSizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			b.Fatalf("-search.sizes: %q is not a size", s)
		}
		sizes = append(sizes, n)
	}
	for _, engine := range []string{store.EngineSQLite, store.EnginePostgres} {
		for _, n := range sizes {
			b.Run(fmt.Sprintf("%s/%d", engine, n), func(b *testing.B) { benchSearch(b, engine, n) })
		}
	}
}

func benchSearch(b *testing.B, engine string, n int) {
	ctx := context.Background()
	db, size := searchStore(b, engine)
	c := newCorpus(b)
	mix := c.mix()
	start := time.Now()
	if err := c.write(ctx, db, n); err != nil {
		b.Fatal(err)
	}
	written := time.Since(start)
	start = time.Now()
	if _, err := db.RebuildSearch(ctx); err != nil {
		b.Fatal(err)
	}
	rebuilt := time.Since(start)
	total, index := size()

	// The first search builds the in-memory catalogue; the mix is then
	// run once untimed so that both engines start warm.
	for i, q := range mix {
		res, err := db.Search(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%-45q %6d matches (%.1f%%)", fmt.Sprintf("%s %v", q.Text, q.Terms), res.Total, 100*float64(res.Total)/float64(n))
		if i == 0 && res.Total == 0 {
			b.Fatalf("%q finds nothing: the corpus is not what the mix expects", q.Text)
		}
	}
	var lat []time.Duration
	each := make([]time.Duration, len(mix)) // total per query, for the log
	b.ResetTimer()
	for b.Loop() {
		for i, q := range mix {
			t0 := time.Now()
			if _, err := db.Search(ctx, q); err != nil {
				b.Fatal(err)
			}
			d := time.Since(t0)
			lat = append(lat, d)
			each[i] += d
		}
	}
	b.StopTimer()
	for i, q := range mix {
		b.Logf("%-45q mean %5.1f ms", fmt.Sprintf("%s %v", q.Text, q.Terms), float64(each[i].Microseconds())/float64(b.N)/1000)
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(lat)))) - 1
		return float64(lat[max(i, 0)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(written.Seconds(), "write-s")
	b.ReportMetric(rebuilt.Seconds(), "index-s")
	b.ReportMetric(float64(total)/1e6, "db-MB")
	b.ReportMetric(float64(index)/1e6, "search-MB")
}

// searchStore returns a migrated, empty store on engine and a function
// measuring the database's size and the part of it search takes (its
// table and index), in bytes.
func searchStore(b *testing.B, engine string) (*store.DB, func() (int64, int64)) {
	b.Helper()
	ctx := context.Background()
	dsn := presstest.MustEmptyDSN(b, engine)
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	driver, total, index := "pgx", "SELECT pg_database_size(current_database())",
		"SELECT pg_total_relation_size('search_documents')"
	if engine == store.EngineSQLite {
		driver, total = "sqlite", "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
		index = "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search%'"
	}
	return db, func() (int64, int64) {
		conn, err := sql.Open(driver, dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		var t, i int64
		if err := conn.QueryRowContext(ctx, total).Scan(&t); err != nil {
			b.Fatal(err)
		}
		if err := conn.QueryRowContext(ctx, index).Scan(&i); err != nil {
			b.Logf("search's share of the database: %v", err)
		}
		return t, i
	}
}

// corpus makes a synthetic archive that reads like the demo outlet's:
// each article's text is a bigram Markov chain over one or two demo
// articles (so topic words cluster in articles as real ones do), with a
// third of the names swapped for names drawn from forty thousand made-up
// ones by a Zipf law (so the vocabulary has a real archive's long tail),
// of realistic length (median 900 words), by one or two of 300 authors,
// in 1-2 regions of 200, 1-2 themes of 30 and a fifth of them in one of 40
// reports, published over 18 years and written in about that order; 2%
// are drafts.
type corpus struct {
	n       int // articles to write
	rnd     *rand.Rand
	sources []*chain
	names   []string
	pick    *rand.Zipf // a name
	authors []press.Author
	author  *rand.Zipf
	regions []press.Term
	themes  []press.Term
	reports []press.Term
}

// chain is a bigram model of one demo article.
type chain struct {
	next   map[string][]string
	starts []string
}

func newCorpus(b *testing.B) *corpus {
	b.Helper()
	bundle, err := demo.Bundle(press.DefaultTaxonomies())
	if err != nil {
		b.Fatal(err)
	}
	c := &corpus{rnd: rand.New(rand.NewPCG(searchSeed, 1))}
	for _, a := range bundle.Articles {
		ch := &chain{next: map[string][]string{}}
		prev := "."
		for _, w := range strings.Fields(a.Title + ". " + a.Dek + " " + markdown.Plain(a.Body.Source)) {
			if strings.HasSuffix(prev, ".") {
				ch.starts = append(ch.starts, w)
			}
			ch.next[prev] = append(ch.next[prev], w)
			prev = w
		}
		c.sources = append(c.sources, ch)
	}
	syllables := strings.Fields("ka ro mi ta zen bel dor sa li vo nu har kes ti mar ol ba dri fen go ish ul ne ra tov ash im qu el pa")
	seen := map[string]bool{}
	for len(c.names) < 40000 {
		var w strings.Builder
		for range 2 + c.rnd.IntN(3) {
			w.WriteString(syllables[c.rnd.IntN(len(syllables))])
		}
		if s := w.String(); !seen[s] {
			seen[s] = true
			c.names = append(c.names, strings.ToUpper(s[:1])+s[1:])
		}
	}
	c.pick = rand.NewZipf(c.rnd, 1.07, 2, uint64(len(c.names)-1))
	for i := range 300 {
		name := c.names[c.rnd.IntN(len(c.names))] + " " + c.names[c.rnd.IntN(len(c.names))]
		c.authors = append(c.authors, press.Author{Slug: fmt.Sprintf("author-%03d", i), Name: name})
	}
	c.author = rand.NewZipf(c.rnd, 1.2, 3, uint64(len(c.authors)-1))
	// The demo's terms, and more of the same kinds: 10 macro-regions with
	// 20 countries each, 30 themes (the demo's first), 40 reports.
	for _, m := range bundle.Terms {
		switch m.Taxonomy {
		case "themes":
			c.themes = append(c.themes, press.Term{Taxonomy: m.Taxonomy, Slug: m.Slug, Name: m.Name})
		}
	}
	for r := range 10 {
		macro := press.Term{Taxonomy: "regions", Slug: fmt.Sprintf("macro-%02d", r), Name: c.names[r] + " Region"}
		c.regions = append(c.regions, macro)
		for i := range 20 {
			c.regions = append(c.regions, press.Term{Taxonomy: "regions", Slug: fmt.Sprintf("country-%02d-%02d", r, i),
				Name: c.names[100+20*r+i], Parent: macro.Slug})
		}
	}
	for i := len(c.themes); i < 30; i++ {
		c.themes = append(c.themes, press.Term{Taxonomy: "themes", Slug: fmt.Sprintf("theme-%02d", i), Name: c.names[500+i] + " Affairs"})
	}
	for i := range 40 {
		c.reports = append(c.reports, press.Term{Taxonomy: "reports", Slug: fmt.Sprintf("report-%02d", i), Name: "The " + c.names[600+i] + " Files"})
	}
	return c
}

// mix is searchMix and six names: three of the made-up names of people
// and places, from a common one to a rare one, and the names of two
// authors, a prolific one and an occasional one.
func (c *corpus) mix() []press.SearchQuery {
	mix := slices.Clone(searchMix)
	for _, rank := range []int{30, 1000, 20000} {
		mix = append(mix, press.SearchQuery{Text: c.names[rank]})
	}
	for _, rank := range []int{0, 150} {
		mix = append(mix, press.SearchQuery{Text: c.authors[rank].Name})
	}
	return mix
}

// write stores n articles, a thousand per import (one transaction each),
// as an importer would.
func (c *corpus) write(ctx context.Context, db *store.DB, n int) error {
	c.n = n
	first := press.Bundle{Authors: c.authors}
	first.Terms = append(append(append(first.Terms, c.regions...), c.themes...), c.reports...)
	if _, err := db.Import(ctx, first); err != nil {
		return err
	}
	for done := 0; done < n; {
		var bundle press.Bundle
		for ; done < n && len(bundle.Articles) < 1000; done++ {
			bundle.Articles = append(bundle.Articles, c.article(done))
		}
		if _, err := db.Import(ctx, bundle); err != nil {
			return err
		}
	}
	return nil
}

func (c *corpus) article(i int) press.Article {
	r := c.rnd
	p, q := c.sources[r.IntN(len(c.sources))], c.sources[r.IntN(len(c.sources))]
	title := []rune(strings.TrimRight(c.text(p, p, 5+r.IntN(8)), ".,;:"))
	title[0] = unicode.ToUpper(title[0])
	a := press.Article{
		Slug:   fmt.Sprintf("a-%06d", i),
		Title:  string(title),
		Dek:    c.text(p, q, 12+r.IntN(17)),
		Status: press.StatusPublished,
	}
	if r.IntN(50) == 0 {
		a.Status = press.StatusDraft
	} else {
		// Written in the order they were published, as an archive
		// grows (and as importers write it), give or take a few weeks.
		from := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
		span := 18 * 365 * 24 * time.Hour
		at := from.Add(time.Duration(float64(span)*float64(i)/float64(c.n)) + time.Duration(r.NormFloat64()*float64(20*24*time.Hour)))
		if at.Before(from) {
			at = from
		}
		a.PublishedAt = at
	}
	words := int(900 * math.Exp(0.5*r.NormFloat64()))
	words = max(250, min(4000, words))
	var src, htm strings.Builder
	for left := words; left > 0; {
		k := min(left, 50+r.IntN(90))
		para := c.text(p, q, k)
		src.WriteString(para + "\n\n")
		htm.WriteString("<p>" + html.EscapeString(para) + "</p>\n")
		left -= k
	}
	a.Body = press.Markdown{Source: src.String(), HTML: htm.String()}
	a.WordCount = words
	a.Excerpt = a.Dek
	for range 1 + r.IntN(2) {
		au := c.authors[c.author.Uint64()]
		if !slices.ContainsFunc(a.Authors, func(x press.Author) bool { return x.Slug == au.Slug }) {
			a.Authors = append(a.Authors, press.Author{Slug: au.Slug, Name: au.Name})
		}
	}
	ref := func(m press.Term) press.Term { return press.Term{Taxonomy: m.Taxonomy, Slug: m.Slug, Name: m.Name} }
	for range 1 + r.IntN(2) {
		// Countries, not the macro-regions they are in.
		m := c.regions[1+21*r.IntN(10)+r.IntN(20)]
		a.Terms = append(a.Terms, ref(m))
	}
	for range 1 + r.IntN(2) {
		a.Terms = append(a.Terms, ref(c.themes[r.IntN(len(c.themes))]))
	}
	if r.IntN(5) == 0 {
		a.Terms = append(a.Terms, ref(c.reports[r.IntN(len(c.reports))]))
	}
	return a
}

// text is n words from chain p, now and then from q, with a third of the
// names that are not at the start of a sentence swapped for made-up ones.
func (c *corpus) text(p, q *chain, n int) string {
	r := c.rnd
	var b strings.Builder
	src := p
	w := src.starts[r.IntN(len(src.starts))]
	start := true
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		out := w
		if !start && unicode.IsUpper([]rune(w)[0]) && r.IntN(3) == 0 {
			out = c.names[c.pick.Uint64()]
		}
		b.WriteString(out)
		start = strings.HasSuffix(w, ".")
		if start && r.IntN(4) == 0 {
			src = p
			if r.IntN(3) == 0 {
				src = q
			}
		}
		next := src.next[w]
		if len(next) == 0 || r.IntN(40) == 0 {
			w, start = src.starts[r.IntN(len(src.starts))], true
		} else {
			w = next[r.IntN(len(next))]
		}
	}
	return b.String()
}
