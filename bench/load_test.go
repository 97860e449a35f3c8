package bench

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// The load benchmark's settings. It runs only when -load.sizes is given,
// so that make bench stays short; the README has the command.
var (
	loadSizes    = flag.String("load.sizes", "", "comma-separated article counts for BenchmarkLoad, e.g. 10000,100000; empty skips it")
	loadEngines  = flag.String("load.engines", "sqlite,postgres", "comma-separated engines for BenchmarkLoad")
	loadDuration = flag.Duration("load.duration", 20*time.Second, "how long wrk drives each target (whole seconds)")
	loadWarmup   = flag.Duration("load.warmup", 2*time.Second, "an unmeasured wrk run before each target; 0 for none")
	loadThreads  = flag.Int("load.threads", 2, "wrk threads, the same for every target")
	loadConns    = flag.Int("load.connections", 64, "wrk connections, the same for every target")
	loadBinary   = flag.String("load.binary", "", "the pressroom binary to measure; empty builds ./cmd/pressroom")
	loadCacheOn  = flag.String("load.cache-on", "", "serve flags turning the page cache on; empty finds the flag in serve -h")
	loadCacheOff = flag.String("load.cache-off", "", "serve flags turning the page cache off; empty finds the flag in serve -h")
	loadOut      = flag.String("load.out", "", "also write the table to this file")
	loadKeep     = flag.String("load.keep", "", "reuse (or make and keep) the generated SQLite sites in this directory, as BenchmarkRender's -render.keep; each run works on a copy")
)

// loadRun is what BenchmarkLoad measured on one engine at one size.
type loadRun struct {
	engine    string
	n         int
	imported  time.Duration
	coldStart time.Duration
	rssStart  int64
	peakRSS   int64
	rows      []loadRow
	failed    bool
	skipped   bool
}

// loadRow is one target's line of the table.
type loadRow struct {
	target string
	res    wrkResult
	err    error
}

// BenchmarkLoad measures Pressroom as readers and editors load it, beside
// the ceiling: nginx sending the same article's bytes from a file. For
// each engine and size it generates a site (see loadImport), starts the
// real pressroom serve on loopback (cold start and memory), makes an
// admin and an Admin API token with the binary's own commands, starts
// nginx, and drives each target with wrk for -load.duration with the
// same threads and connections; then it prints one table. Every process
// it starts is stopped when it ends, failed or not.
func BenchmarkLoad(b *testing.B) {
	if *loadSizes == "" {
		b.Skip("BenchmarkLoad runs with -load.sizes; see README.md, Performance")
	}
	var sizes []int
	for _, s := range strings.Split(*loadSizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			b.Fatalf("-load.sizes: %q is not a size", s)
		}
		sizes = append(sizes, n)
	}
	var engines []string
	for _, e := range strings.Split(*loadEngines, ",") {
		e = strings.TrimSpace(e)
		if e != store.EngineSQLite && e != store.EnginePostgres {
			b.Fatalf("-load.engines: %q is not sqlite or postgres", e)
		}
		engines = append(engines, e)
	}
	if *loadThreads < 1 || *loadConns < *loadThreads {
		b.Fatal("-load.connections must be at least -load.threads, which must be at least 1")
	}
	wrk, nginx := loadTools(b)
	bin := pressroomBinary(b)
	cache := detectCache(b, bin)
	var runs []*loadRun
	for _, engine := range engines {
		for _, n := range sizes {
			b.Run(fmt.Sprintf("%s/%d", engine, n), func(b *testing.B) {
				r := &loadRun{engine: engine, n: n}
				runs = append(runs, r)
				// Deferred: Fatal and Skip end the function.
				defer func() { r.failed, r.skipped = b.Failed(), b.Skipped() }()
				loadOne(b, r, wrk, nginx, bin, cache)
			})
		}
	}
	var out bytes.Buffer
	loadTable(&out, runs, wrk, nginx, cache)
	os.Stdout.Write(out.Bytes())
	if *loadOut != "" {
		if err := os.WriteFile(*loadOut, out.Bytes(), 0o644); err != nil {
			b.Error(err)
		}
	}
}

// loadOne measures one engine at one size, filling r.
func loadOne(b *testing.B, r *loadRun, wrk, nginx, bin string, cache cacheArgs) {
	dsn := presstest.MustEmptyDSN(b, r.engine)
	dataDir := filepath.Dir(dsn)
	if r.engine == store.EnginePostgres {
		dataDir = b.TempDir()
	}
	work := b.TempDir()

	var site *loadSite
	if *loadKeep != "" && r.engine == store.EngineSQLite {
		kept, s := keptImport(b, *loadKeep, r.n)
		if err := copyFile(kept, dsn); err != nil {
			b.Fatal(err)
		}
		site = s
		logf("copied the kept site of %d articles (%s)", r.n, site)
	} else {
		var took time.Duration
		site, took = loadImport(b, dsn, r.n)
		r.imported = took
		logf("imported %d articles in %s (%s)", r.n, took.Round(time.Millisecond), site)
	}
	token := staffToken(b, bin, dataDir, dsn)

	srv := startPressroom(b, bin, dataDir, dsn, cache.on)
	r.coldStart, r.rssStart = srv.coldStart, srv.rssStart
	logf("pressroom up in %s, RSS %d MB", srv.coldStart.Round(time.Millisecond), srv.rssStart>>20)

	articlePath := press.ArticlePath(site.article)
	page, err := get(srv.url+articlePath, nil)
	if err != nil {
		b.Fatal(err)
	}
	nginxURL, _ := startNginx(b, nginx, articlePath, page)

	uncached := filepath.Join(work, "uncached.txt")
	if err := os.WriteFile(uncached, []byte(strings.Join(site.shuffled(), "\n")+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	searches := filepath.Join(work, "searches.txt")
	if err := os.WriteFile(searches, []byte(strings.Join(site.searches, "\n")+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	save, err := saveTarget(srv.url, token)
	if err != nil {
		b.Fatal(err)
	}

	type target struct {
		name, base, path, script string
		check                    []string // paths that must answer 200 first
		alone                    bool     // one thread, one connection: latency without queueing
		// fresh, when set, rewrites the script before each run: the
		// save target's articles' versions move with every run, the
		// warm-up's included.
		fresh func() (string, error)
	}
	static := func(name, base, path string) target {
		return target{name: name, base: base, path: path, script: wrkDone, check: []string{path}}
	}
	cycle := func(name, base, file string, paths []string) target {
		return target{name: name, base: base, path: paths[0], script: pathsScript(file, *loadThreads), check: paths[:min(len(paths), 3)]}
	}
	articleName := "article, cached"
	if !cache.ok {
		articleName = "article, the same one again (no cache yet)"
	}
	uncachedName := fmt.Sprintf("article, uncached (%d pages in turn)", len(site.published))
	if cache.ok {
		uncachedName = fmt.Sprintf("article, uncached (cache off; %d pages in turn)", len(site.published))
	}
	uncachedTarget := cycle(uncachedName, srv.url, uncached, site.shuffled())
	// The same with one connection: with 64 in flight, latency is mostly
	// waiting in line (Little's law); alone, it is the render's own.
	alone := uncachedTarget
	alone.name = strings.Replace(uncachedName, "article, uncached", "article, uncached, one connection", 1)
	alone.script, alone.alone = pathsScript(uncached, 1), true
	targets := []target{
		static(fmt.Sprintf("nginx static article (same %.1f kB)", float64(len(page))/1000), nginxURL, articlePath),
		static(articleName, srv.url, articlePath),
	}
	if !cache.ok {
		targets = append(targets, uncachedTarget, alone)
	}
	targets = append(targets,
		static("home page", srv.url, "/"),
		static("term page ("+site.term+")", srv.url, site.term),
		static("RSS feed (/feed.xml)", srv.url, "/feed.xml"),
		cycle(fmt.Sprintf("search (%d queries in turn)", len(site.searches)), srv.url, searches, site.searches),
		// Last: saves change pages the targets above read.
		target{name: fmt.Sprintf("Admin API save (PATCH body, %d articles)", len(save.articles)), base: srv.url,
			path: "/api/admin/v1/articles", script: save.script, fresh: func() (string, error) {
				s, err := saveTarget(srv.url, token)
				return s.script, err
			}},
	)

	cur := srv // the server measured, for its log
	measure := func(t target) {
		row := loadRow{target: t.name}
		defer func() { r.rows = append(r.rows, row) }()
		for _, p := range t.check {
			if _, row.err = get(t.base+p, nil); row.err != nil {
				b.Errorf("%s: %v", t.name, row.err)
				return
			}
		}
		name := fmt.Sprintf("t%02d", len(r.rows))
		if d, ok := settle(); !ok {
			logf("%s: the machine was still busy after %s; measuring anyway", t.name, d.Round(time.Second))
		}
		threads, conns := *loadThreads, *loadConns
		if t.alone {
			threads, conns = 1, 1
		}
		refresh := func() bool {
			if t.fresh != nil {
				if t.script, row.err = t.fresh(); row.err != nil {
					b.Errorf("%s: %v", t.name, row.err)
					return false
				}
			}
			return true
		}
		if *loadWarmup > 0 {
			if !refresh() {
				return
			}
			if _, row.err = runWrk(wrk, work, name, t.base+t.path, t.script, *loadWarmup, threads, conns); row.err != nil {
				b.Errorf("%s: %v", t.name, row.err)
				return
			}
		}
		settle()
		if !refresh() {
			return
		}
		row.res, row.err = runWrk(wrk, work, name, t.base+t.path, t.script, *loadDuration, threads, conns)
		if row.err != nil {
			b.Errorf("%s: %v", t.name, row.err)
			return
		}
		logf("%-55s %9.0f req/s  p50 %8s  p99 %8s  errors %d", t.name, row.res.rps, ms(row.res.p50), ms(row.res.p99), row.res.errors)
		if row.res.errors > 0 {
			logf("%s: statuses other than 200: %s; the end of pressroom's log:\n%s", t.name, row.res.codes, cur.tail())
		}
	}
	for _, t := range targets {
		measure(t)
	}
	r.peakRSS = srv.peak()
	if !cache.ok {
		return
	}
	// With a cache, the uncached render gets a server of its own with it
	// off (and the articles still cycle, so nothing could help anyway).
	srv.stop()
	off := startPressroom(b, bin, dataDir, dsn, cache.off)
	uncachedTarget.base, alone.base, cur = off.url, off.url, off
	measure(uncachedTarget)
	measure(alone)
	r.peakRSS = max(r.peakRSS, off.peak())
	off.stop()
}

// copyFile copies the SQLite database at from (closed, so without a
// write-ahead log) to to.
func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// saveLoad is the Admin API save target: its script and its articles.
type saveLoad struct {
	articles []saveArticle
	script   string
}

// saveTarget picks two published articles per connection and reads
// their versions and bodies through the Admin API, saves one once to
// check that saving works, and writes the script, which saves the body of
// median length among them.
func saveTarget(url, token string) (saveLoad, error) {
	var s saveLoad
	auth := http.Header{"Authorization": {"Bearer " + token}}
	want := max(2**loadConns, *loadThreads)
	for offset := 0; len(s.articles) < want; offset += 100 {
		data, err := get(fmt.Sprintf("%s/api/admin/v1/articles?status=published&limit=100&offset=%d", url, offset), auth)
		if err != nil {
			return s, err
		}
		var list struct{ Data []saveArticle }
		if err := json.Unmarshal(data, &list); err != nil {
			return s, err
		}
		if len(list.Data) == 0 {
			return s, fmt.Errorf("the site has %d published articles; the save target needs %d", len(s.articles), want)
		}
		s.articles = append(s.articles, list.Data[:min(len(list.Data), want-len(s.articles))]...)
	}
	// The body saved is the one of median length among them.
	var base string
	for _, a := range s.articles {
		data, err := get(fmt.Sprintf("%s/api/admin/v1/articles/%d", url, a.ID), auth)
		if err != nil {
			return s, err
		}
		var art struct{ Body string }
		if err := json.Unmarshal(data, &art); err != nil {
			return s, err
		}
		if d, best := abs(len(strings.Fields(art.Body))-900), abs(len(strings.Fields(base))-900); base == "" || d < best {
			base = art.Body
		}
	}
	// One save by hand: it must work, and it moves the first article's
	// version on, as the script then expects.
	a := &s.articles[0]
	body, _ := json.Marshal(map[string]any{"version": a.Version, "body": base + "\n\nSaved by the load benchmark, check."})
	req, _ := http.NewRequest("PATCH", fmt.Sprintf("%s/api/admin/v1/articles/%d", url, a.ID), bytes.NewReader(body))
	req.Header = auth.Clone()
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return s, err
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var saved saveArticle
	if resp.StatusCode != http.StatusOK || json.Unmarshal(data, &saved) != nil || saved.Version <= a.Version {
		return s, fmt.Errorf("PATCH article %d: %s\n%s", a.ID, resp.Status, data)
	}
	a.Version = saved.Version
	s.script = saveScript(token, s.articles, base, *loadThreads)
	return s, nil
}

// loadTable writes the results as one Markdown table, preceded by the
// machine and the settings.
func loadTable(w io.Writer, runs []*loadRun, wrk, nginx string, cache cacheArgs) {
	fmt.Fprintf(w, "\nPressroom load benchmark, %s\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(w, "Machine: %s, %d CPUs, %s RAM, Linux %s; %s\n", cpuModel(), runtime.NumCPU(), memTotal(), osRelease(), runtime.Version())
	fmt.Fprintf(w, "Pressroom %s; %s; %s\n", commit(), toolVersion(nginx, "-v"), toolVersion(wrk, "-v"))
	cacheNote := "no page cache yet (serve has no cache flag)"
	if cache.ok {
		cacheNote = fmt.Sprintf("page cache on (%s), off for the uncached target (%s)", strings.Join(cache.on, " "), strings.Join(cache.off, " "))
	}
	warm := ""
	if *loadWarmup > 0 {
		warm = fmt.Sprintf(", each after an unmeasured %s", *loadWarmup)
	}
	fmt.Fprintf(w, "wrk -t%d -c%d -d%s per target%s; everything on loopback on this machine; %s\n\n",
		*loadThreads, *loadConns, *loadDuration, warm, cacheNote)
	fmt.Fprintln(w, "| target | req/s | p50 | p99 | errors | × nginx |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|")
	for _, r := range runs {
		status := ""
		switch {
		case r.failed:
			status = " (FAILED: see the log above)"
		case r.skipped:
			fmt.Fprintf(w, "| **%s, %d articles**: skipped (see the log above) | | | | | |\n", r.engine, r.n)
			continue
		}
		imported := "import " + r.imported.Round(100*time.Millisecond).String()
		if r.imported == 0 {
			imported = "site kept from an earlier run"
		}
		fmt.Fprintf(w, "| **%s, %d articles**%s: %s, cold start %s, RSS after start %s, peak RSS %s | | | | | |\n",
			r.engine, r.n, status, imported, ms(r.coldStart), mb(r.rssStart), mb(r.peakRSS))
		var ceiling float64
		for i, row := range r.rows {
			if row.err != nil {
				fmt.Fprintf(w, "| %s | failed: %s | | | | |\n", row.target, firstLine(row.err.Error()))
				continue
			}
			if i == 0 {
				ceiling = row.res.rps
			}
			ratio := "–"
			if ceiling > 0 {
				ratio = fmt.Sprintf("%.2f", row.res.rps/ceiling)
			}
			fmt.Fprintf(w, "| %s | %.0f | %s | %s | %d | %s |\n", row.target, row.res.rps, ms(row.res.p50), ms(row.res.p99), row.res.errors, ratio)
		}
	}
	fmt.Fprintln(w)
}

func ms(d time.Duration) string {
	if d == 0 {
		return "–"
	}
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}

func mb(n int64) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.ReplaceAll(s, "|", "/")
}

func cpuModel() string {
	data, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func memTotal() string {
	n, err := procStatusFile("/proc/meminfo", "MemTotal")
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
}

func osRelease() string {
	data, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return strings.TrimSpace(string(data))
}

// commit names the checkout measured, with a star when it has changes.
func commit() string {
	out, err := exec.Command("git", "-C", "..", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "(unknown commit)"
	}
	c := "commit " + strings.TrimSpace(string(out))
	if st, _ := exec.Command("git", "-C", "..", "status", "--porcelain", "--untracked-files=no").Output(); len(st) > 0 {
		c += " (with uncommitted changes)"
	}
	if *loadBinary != "" {
		c = *loadBinary
	}
	return c
}

// toolVersion is the first line a tool prints about its version.
func toolVersion(tool string, arg string) string {
	out, _ := exec.Command(tool, arg).CombinedOutput()
	v, _, _ := strings.Cut(firstLine(string(out)), " Copyright")
	return strings.TrimSpace(v)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// logf reports progress on standard error as it happens: the testing
// package keeps only the first lines of a benchmark's log, and only
// shows them when the benchmark ends.
func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "load: "+format+"\n", a...)
}
