package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/wxr"
)

const wxrUsage = "usage: pressroom import wxr FILE [--map category=regions,post_tag=themes | --map MAPFILE] [--download-media] [--data DIR | --db URL]"

// runImportWXR imports a WordPress export in one transaction: the file is
// read twice as a stream (see wxr.Convert) and handed to the store in
// bundles of 200 items, so a large export needs little memory; a malformed
// file or a failed bundle leaves the store as it was.
func runImportWXR(ctx context.Context, e *env, args []string) error {
	var mapping string
	var download bool
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--download-media" || a == "-download-media":
			download = true
		case a == "--map" || a == "-map":
			if i+1 >= len(args) {
				fmt.Fprintln(e.stderr, wxrUsage)
				return errUsage
			}
			i++
			mapping = args[i]
		case strings.HasPrefix(a, "--map=") || strings.HasPrefix(a, "-map="):
			_, mapping, _ = strings.Cut(a, "=")
		default:
			rest = append(rest, a)
		}
	}
	cfg, paths, err := e.load("import wxr", rest, config.Flags{})
	if err != nil {
		if errors.Is(err, errHelp) {
			fmt.Fprint(e.stderr, `  -map mapping
    	WordPress taxonomy → Pressroom taxonomy, e.g. category=regions,post_tag=themes,series=
    	(empty drops); or a file of such pairs, one a line
  -download-media
    	fetch attachments into the media directory (off by default)
`)
		}
		return helpOK(err)
	}
	if len(paths) != 1 {
		fmt.Fprintln(e.stderr, wxrUsage)
		return errUsage
	}
	if mapping != "" && !strings.Contains(mapping, "=") {
		// A mapping file: one "wordpress=pressroom" a line, # comments.
		b, err := os.ReadFile(mapping)
		if err != nil {
			return usageError{fmt.Errorf("import wxr: --map: %w", err)}
		}
		var pairs []string
		for _, line := range strings.Split(string(b), "\n") {
			line, _, _ = strings.Cut(line, "#")
			if line = strings.TrimSpace(line); line != "" {
				pairs = append(pairs, line)
			}
		}
		mapping = strings.Join(pairs, ",")
	}
	m, err := wxr.ParseMap(mapping)
	if err != nil {
		return usageError{fmt.Errorf("import wxr: --%w", err)}
	}
	file := paths[0]
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	logger := e.logger(cfg)
	db, nr, err := open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	taxonomies, err := db.Taxonomies(ctx)
	if err != nil {
		return err
	}
	prog := newProgress(e.stderr, info.Size())
	var media *mediaFetcher
	if download {
		media = &mediaFetcher{dir: filepath.Join(cfg.DataDir, "media"), client: &http.Client{Timeout: 60 * time.Second}, done: map[string]string{}}
	}
	var conv wxr.Stats
	stats, err := nr.ImportStream(ctx, func(add func(press.Bundle) error) error {
		var err error
		conv, err = wxr.Convert(ctx, file, func() (io.ReadCloser, error) { return os.Open(file) },
			wxr.Options{Taxonomies: taxonomies, Map: m, Progress: prog.bytes},
			func(b press.Bundle) error {
				if media != nil {
					if err := media.fetch(ctx, &b); err != nil {
						return err
					}
				}
				prog.items(len(b.Articles) + len(b.Pages) + len(b.Attachments))
				return add(b)
			})
		return err
	})
	prog.finish()
	if err != nil {
		var we *wxr.Error
		if errors.As(err, &we) {
			return we // already "file:line:column: what is wrong"
		}
		return err
	}
	fmt.Fprintf(e.stdout, "imported %d articles, %d pages, %d attachments, %d comments, %d redirects, %d authors, %d terms (%d items skipped): %d created, %d updated, %d unchanged\n",
		conv.Articles, conv.Pages, conv.Attachments, conv.Comments, conv.Redirects, stats.Authors, stats.Terms, conv.Skipped,
		stats.Created, stats.Updated, stats.Unchanged)
	return nil
}

// progress reports an import's progress on stderr: a bar redrawn in place
// on a terminal, a plain line every five seconds otherwise.
type progress struct {
	w        io.Writer
	tty      bool
	size     int64
	start    time.Time
	last     time.Time
	read     int64
	total    int64
	n        int
	second   time.Time // when the second pass started
	drawn    bool
	interval time.Duration
}

func newProgress(w io.Writer, size int64) *progress {
	p := &progress{w: w, size: size, start: time.Now(), interval: 5 * time.Second}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.interval = true, 200*time.Millisecond
		}
	}
	p.last = p.start
	return p
}

func (p *progress) bytes(read, total int64) {
	p.read, p.total = read, total
	if total > 0 && read > total/2 && p.second.IsZero() {
		p.second = time.Now()
	}
	p.tick(false)
}

func (p *progress) items(n int) {
	p.n += n
	p.tick(false)
}

func (p *progress) tick(force bool) {
	now := time.Now()
	if !force && now.Sub(p.last) < p.interval {
		return
	}
	p.last = now
	elapsed := now.Sub(p.start).Seconds()
	frac := 0.0
	if p.total > 0 {
		frac = float64(p.read) / float64(p.total)
	}
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.n) / elapsed
	}
	// The first pass only reads; the ETA comes from the second, which
	// converts and stores, once it has run a little.
	eta := "?"
	if !p.second.IsZero() && p.total > 0 {
		f2 := float64(p.read-p.total/2) / float64(p.total/2)
		if e2 := now.Sub(p.second).Seconds(); f2 > 0.01 && f2 < 1 {
			eta = (time.Duration(e2*(1-f2)/f2) * time.Second).Round(time.Second).String()
		}
	}
	if frac >= 1 {
		eta = "0s"
	}
	if p.tty {
		const width = 30
		fill := int(frac * width)
		bar := strings.Repeat("=", fill) + strings.Repeat(" ", width-fill)
		fmt.Fprintf(p.w, "\r[%s] %3.0f%%  %d items  %.0f items/s  ETA %s ", bar, frac*100, p.n, rate, eta)
		p.drawn = true
		return
	}
	fmt.Fprintf(p.w, "import wxr: %.0f%% read, %d items, %.0f items/s, ETA %s\n", frac*100, p.n, rate, eta)
}

func (p *progress) finish() {
	if p.tty && p.drawn {
		p.tick(true)
		fmt.Fprintln(p.w)
	}
}

// mediaFetcher downloads attachments into the media directory, under
// wordpress/HOST/PATH, and points attachments and featured images at the
// local copy.
type mediaFetcher struct {
	dir    string
	client *http.Client
	done   map[string]string // URL → path under the media directory
}

func (m *mediaFetcher) fetch(ctx context.Context, b *press.Bundle) error {
	for i := range b.Attachments {
		p, err := m.get(ctx, b.Attachments[i].URL)
		if err != nil {
			return err
		}
		b.Attachments[i].Path = p
	}
	for i := range b.Articles {
		if src := b.Articles[i].Image.Src; src != "" {
			p, err := m.get(ctx, src)
			if err != nil {
				return err
			}
			if p != "" {
				b.Articles[i].Image.Src = "/media/" + p
			}
		}
	}
	return nil
}

func (m *mediaFetcher) get(ctx context.Context, raw string) (string, error) {
	if p, ok := m.done[raw]; ok {
		return p, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		m.done[raw] = ""
		return "", nil
	}
	rel := path.Join("wordpress", strings.ReplaceAll(u.Host, ":", "_"), path.Clean("/"+u.Path))
	if strings.HasSuffix(rel, "/") || path.Base(rel) == "." || path.Base(rel) == "/" {
		m.done[raw] = ""
		return "", nil
	}
	dst := filepath.Join(m.dir, filepath.FromSlash(rel))
	if _, err := os.Stat(dst); err == nil {
		m.done[raw] = rel
		return rel, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return "", err
	}
	resp, err := m.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("download %s: %w", raw, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		// A file gone from the old site: keep its URL, as without
		// --download-media.
		m.done[raw] = ""
		return "", nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".download-*")
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(tmp, resp.Body); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", fmt.Errorf("download %s: %w", raw, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", err
	}
	m.done[raw] = rel
	return rel, nil
}
