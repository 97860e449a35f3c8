package pagecache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/pressroomhq/pressroom/internal/press"
)

// page is a handler whose pages depend on the keys in the query
// (?deps=a1,t2) and say how many times they were rendered.
type page struct {
	renders atomic.Int64
	header  func(h http.Header)
	status  int
	gate    chan struct{} // when set, each render waits for it
}

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := p.renders.Add(1)
	if p.gate != nil {
		<-p.gate
	}
	if deps := r.URL.Query().Get("deps"); deps != "" {
		press.Depend(r.Context(), strings.Split(deps, ",")...)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, no-cache")
	w.Header().Set("Last-Modified", "Wed, 25 Nov 2026 10:00:00 GMT")
	w.Header().Set("Accept-Ranges", "bytes") // as http.ServeContent says
	if p.header != nil {
		p.header(w.Header())
	}
	status := p.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	io.WriteString(w, "<p>"+r.URL.Path+" render "+strconv.FormatInt(n, 10)+"</p>"+strings.Repeat("<p>filler text</p>", 100))
}

func serve(t *testing.T, h http.Handler, method, target string, header ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func newCache() *Cache { return New(Options{MaxBytes: 10 << 20}) }

func TestHitsEncodingsAndValidators(t *testing.T) {
	c, p := newCache(), &page{}
	h := c.Handler(p)
	first := serve(t, h, "GET", "/a?deps=a1")
	raw := body(t, first)
	if first.Header.Get("X-Cache") != "MISS" || !strings.Contains(raw, "render 1") {
		t.Fatalf("first: %s %q", first.Header.Get("X-Cache"), raw[:30])
	}
	again := serve(t, h, "GET", "/a?deps=a1")
	if again.Header.Get("X-Cache") != "HIT" || body(t, again) != raw || p.renders.Load() != 1 {
		t.Fatalf("second: %s, %d renders", again.Header.Get("X-Cache"), p.renders.Load())
	}
	if got := again.Header.Get("Surrogate-Key"); got != "a1" {
		t.Errorf("Surrogate-Key %q", got)
	}
	if got := again.Header.Get("Cache-Control"); got != "public, no-cache" {
		t.Errorf("Cache-Control %q", got)
	}
	// A Range request gets the whole page, which must not offer ranges.
	ranged := serve(t, h, "GET", "/a?deps=a1", "Range", "bytes=0-9")
	if ranged.StatusCode != http.StatusOK || ranged.Header.Get("Accept-Ranges") != "" || body(t, ranged) != raw {
		t.Errorf("Range: %d, Accept-Ranges %q", ranged.StatusCode, ranged.Header.Get("Accept-Ranges"))
	}

	decoders := map[string]func(io.Reader) io.Reader{
		"gzip": func(r io.Reader) io.Reader {
			z, err := gzip.NewReader(r)
			if err != nil {
				t.Fatal(err)
			}
			return z
		},
		"br": func(r io.Reader) io.Reader { return brotli.NewReader(r) },
	}
	tags := map[string]bool{again.Header.Get("ETag"): true}
	for accept, want := range map[string]string{
		"gzip, deflate, br, zstd": "br",
		"gzip":                    "gzip",
		"br;q=0, gzip;q=0.5":      "gzip",
		"*":                       "br",
		"identity":                "",
		"br;q=0, gzip;q=0":        "",
	} {
		res := serve(t, h, "GET", "/a?deps=a1", "Accept-Encoding", accept)
		if got := res.Header.Get("Content-Encoding"); got != want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", accept, got, want)
			continue
		}
		if res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q", accept, res.Header.Get("Vary"))
		}
		var r io.Reader = res.Body
		if want != "" {
			r = decoders[want](r)
			tags[res.Header.Get("ETag")] = true
		}
		b, err := io.ReadAll(r)
		if err != nil || string(b) != raw {
			t.Errorf("Accept-Encoding %q: body differs (%v)", accept, err)
		}
	}
	if len(tags) != 3 {
		t.Errorf("want one strong ETag per encoding, got %v", tags)
	}
	for tag := range tags {
		res := serve(t, h, "GET", "/a?deps=a1", "If-None-Match", tag, "Accept-Encoding", "gzip")
		if res.StatusCode != http.StatusNotModified || body(t, res) != "" {
			t.Errorf("If-None-Match %s: %d", tag, res.StatusCode)
		}
	}
	if res := serve(t, h, "GET", "/a?deps=a1", "If-None-Match", `"other"`); res.StatusCode != http.StatusOK {
		t.Errorf("a stale ETag: %d", res.StatusCode)
	}
	if res := serve(t, h, "GET", "/a?deps=a1", "If-Modified-Since", "Wed, 25 Nov 2026 10:00:00 GMT"); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", res.StatusCode)
	}
	head := serve(t, h, "HEAD", "/a?deps=a1")
	if head.StatusCode != http.StatusOK || body(t, head) != "" || head.Header.Get("Content-Length") != strconv.Itoa(len(raw)) {
		t.Errorf("HEAD: %d, Content-Length %s", head.StatusCode, head.Header.Get("Content-Length"))
	}
	if p.renders.Load() != 1 {
		t.Errorf("%d renders for one page", p.renders.Load())
	}
	// A conditional first request still fills the cache with the page.
	cond := serve(t, h, "GET", "/b", "If-Modified-Since", "Wed, 25 Nov 2026 10:00:00 GMT")
	if cond.StatusCode != http.StatusNotModified {
		t.Errorf("conditional miss: %d", cond.StatusCode)
	}
	// If-None-Match decides alone when present (RFC 9110 13.2.2).
	if res := serve(t, h, "GET", "/b", "If-None-Match", `"x"`, "If-Modified-Since", "Wed, 25 Nov 2026 10:00:00 GMT"); res.StatusCode != http.StatusOK {
		t.Errorf("a stale ETag with a current date: %d", res.StatusCode)
	}
	if res := serve(t, h, "GET", "/b"); res.Header.Get("X-Cache") != "HIT" || !strings.Contains(body(t, res), "/b render") {
		t.Errorf("after a conditional miss: %s", res.Header.Get("X-Cache"))
	}
}

func TestPurgeDropsExactlyDependents(t *testing.T) {
	c, p := newCache(), &page{}
	h := c.Handler(p)
	pages := map[string]string{
		"/article-1": "a1,t1,site",
		"/article-2": "a2,t2,site",
		"/term-1":    "tm1,a1,site",
		"/term-2":    "tm2,a2,site",
		"/home":      "pub,a1,a2,site",
	}
	warm := func() {
		for path, deps := range pages {
			serve(t, h, "GET", path+"?deps="+deps)
		}
	}
	cached := func() map[string]bool {
		out := map[string]bool{}
		for path, deps := range pages {
			out[path] = serve(t, h, "GET", path+"?deps="+deps).Header.Get("X-Cache") == "HIT"
		}
		return out
	}
	for _, tt := range []struct {
		purge []string
		gone  []string
	}{
		{[]string{"a1"}, []string{"/article-1", "/term-1", "/home"}},
		{[]string{"tm2", "pub"}, []string{"/term-2", "/home"}},
		{[]string{"t2"}, []string{"/article-2"}},
		{[]string{"unrelated"}, nil},
		{[]string{"site"}, []string{"/article-1", "/article-2", "/term-1", "/term-2", "/home"}},
		{[]string{press.KeyAll}, []string{"/article-1", "/article-2", "/term-1", "/term-2", "/home"}},
	} {
		warm()
		c.Purge(tt.purge)
		got := cached()
		for path, hit := range got {
			gone := false
			for _, g := range tt.gone {
				gone = gone || g == path
			}
			if hit == gone {
				t.Errorf("purge %v: %s cached=%v, want %v", tt.purge, path, hit, !gone)
			}
		}
	}
}

// A render that read the old data before a write, and finishes after the
// write's purge, must not be kept: the next reader gets a fresh render.
func TestRenderRacingAPurgeIsNotKept(t *testing.T) {
	c, p := newCache(), &page{gate: make(chan struct{})}
	h := c.Handler(p)
	done := make(chan *http.Response)
	go func() { done <- serve(t, h, "GET", "/a?deps=a1") }()
	for p.renders.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	c.Purge([]string{"a1"}) // the write commits while the page renders
	close(p.gate)
	<-done
	if res := serve(t, h, "GET", "/a?deps=a1"); res.Header.Get("X-Cache") != "MISS" {
		t.Errorf("a page rendered across a purge was kept: %s", res.Header.Get("X-Cache"))
	}
	// A purge of another key does not stop it being kept.
	p.gate = make(chan struct{})
	go func() { done <- serve(t, h, "GET", "/b?deps=a2") }()
	for p.renders.Load() < 3 {
		time.Sleep(time.Millisecond)
	}
	c.Purge([]string{"a1"})
	close(p.gate)
	<-done
	if res := serve(t, h, "GET", "/b?deps=a2"); res.Header.Get("X-Cache") != "HIT" {
		t.Errorf("an unrelated purge stopped a page being kept: %s", res.Header.Get("X-Cache"))
	}
}

// A reader who arrives after a write must not be handed a render that
// began before it, even one still running.
func TestNoSharingAcrossAPurge(t *testing.T) {
	c, p := newCache(), &page{gate: make(chan struct{})}
	h := c.Handler(p)
	first := make(chan string)
	go func() { first <- body(t, serve(t, h, "GET", "/a?deps=a1")) }()
	for p.renders.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	c.Purge([]string{"a1"}) // the write returns
	second := make(chan string)
	go func() { second <- body(t, serve(t, h, "GET", "/a?deps=a1")) }()
	for p.renders.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	close(p.gate)
	if got := <-first; !strings.Contains(got, "render 1") {
		t.Errorf("first reader: %.30s", got)
	}
	if got := <-second; !strings.Contains(got, "render 2") {
		t.Errorf("the reader after the write got %.30s", got)
	}
}

func TestStampedeRendersOnce(t *testing.T) {
	c, p := newCache(), &page{gate: make(chan struct{})}
	h := c.Handler(p)
	var wg sync.WaitGroup
	bodies := make([]string, 50)
	for i := range bodies {
		wg.Go(func() { bodies[i] = body(t, serve(t, h, "GET", "/viral?deps=a9")) })
	}
	time.Sleep(50 * time.Millisecond) // let them all arrive
	close(p.gate)
	wg.Wait()
	if n := p.renders.Load(); n != 1 {
		t.Errorf("50 simultaneous readers caused %d renders", n)
	}
	for i, b := range bodies {
		if b != bodies[0] || !strings.Contains(b, "render 1") {
			t.Fatalf("reader %d got %q", i, b[:20])
		}
	}
}

func TestWhatIsNeverKept(t *testing.T) {
	for name, tt := range map[string]struct {
		page   *page
		header []string
	}{
		"private":        {page: &page{header: func(h http.Header) { h.Set("Cache-Control", "private, no-cache") }}},
		"no-store":       {page: &page{header: func(h http.Header) { h.Set("Cache-Control", "no-store") }}},
		"sets a cookie":  {page: &page{header: func(h http.Header) { h.Set("Set-Cookie", "x=1") }}},
		"varies":         {page: &page{header: func(h http.Header) { h.Set("Vary", "Cookie") }}},
		"not found":      {page: &page{status: http.StatusNotFound}},
		"member":         {page: &page{}, header: []string{"Cookie", "pr_member=secret"}},
		"commenter":      {page: &page{}, header: []string{"Cookie", "theme=dark; pr_comment_12=secret"}},
		"staff":          {page: &page{}, header: []string{"Cookie", "pressroom_session=secret"}},
		"API credential": {page: &page{}, header: []string{"Authorization", "Bearer pr_x"}},
	} {
		c := newCache()
		h := c.Handler(tt.page)
		for range 2 {
			res := serve(t, h, "GET", "/p", tt.header...)
			if res.Header.Get("X-Cache") == "HIT" {
				t.Errorf("%s: served from the cache", name)
			}
			if name == "not found" && res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d", name, res.StatusCode)
			}
		}
		if n := tt.page.renders.Load(); n != 2 {
			t.Errorf("%s: %d renders for 2 requests", name, n)
		}
		if s := c.Stats(); s.Entries != 0 {
			t.Errorf("%s: %d entries kept", name, s.Entries)
		}
	}
	// Writes and the admin are never looked up.
	c, p := newCache(), &page{}
	h := c.Handler(p)
	for _, r := range [][2]string{{"POST", "/articles/x/comments"}, {"GET", "/admin/"}, {"GET", "/api/admin/v1/articles"}, {"GET", "/preview/tok"}} {
		serve(t, h, r[0], r[1])
		serve(t, h, r[0], r[1])
	}
	if s := c.Stats(); s.Entries != 0 || p.renders.Load() != 8 {
		t.Errorf("writes, admin and previews: %d entries, %d renders", s.Entries, p.renders.Load())
	}
}

func TestMemoryIsBounded(t *testing.T) {
	c, p := New(Options{MaxBytes: 64 << 10}), &page{}
	h := c.Handler(p)
	for i := range 200 {
		serve(t, h, "GET", "/p"+strconv.Itoa(i)+"?deps=a"+strconv.Itoa(i))
		if s := c.Stats(); s.Bytes > 64<<10 {
			t.Fatalf("after %d pages: %d bytes kept, bound 64 KiB", i+1, s.Bytes)
		}
	}
	s := c.Stats()
	if s.Evictions == 0 || s.Entries == 0 {
		t.Errorf("stats %+v", s)
	}
	// The most recently used survive; the oldest went.
	if res := serve(t, h, "GET", "/p199?deps=a199"); res.Header.Get("X-Cache") != "HIT" {
		t.Error("the newest page was evicted")
	}
	if res := serve(t, h, "GET", "/p0?deps=a0"); res.Header.Get("X-Cache") != "MISS" {
		t.Error("the oldest page survived")
	}
	// Evicted pages leave no dependency index behind.
	c.mu.Lock()
	for k, set := range c.deps {
		for e := range set {
			if e.el == nil {
				t.Errorf("key %s indexes an evicted page %s", k, e.key)
			}
		}
	}
	c.mu.Unlock()
}

func TestExpiry(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	c, p := New(Options{MaxBytes: 1 << 20, MaxAge: time.Hour, Now: func() time.Time { return now }}), &page{}
	h := c.Handler(p)
	serve(t, h, "GET", "/a")
	now = now.Add(59 * time.Minute)
	if serve(t, h, "GET", "/a").Header.Get("X-Cache") != "HIT" {
		t.Error("expired early")
	}
	now = now.Add(2 * time.Minute)
	if serve(t, h, "GET", "/a").Header.Get("X-Cache") != "MISS" {
		t.Error("kept past its age")
	}
}

func TestManyArticleKeysCollapse(t *testing.T) {
	var keys []string
	for i := range 100 {
		keys = append(keys, press.KeyArticle(int64(i+1)))
	}
	keys = append(keys, "au3", "pub", "site")
	got := collapse(keys)
	if strings.Join(got, " ") != "au3 pub site pubx" {
		t.Errorf("collapse: %v", got)
	}
	few := []string{"a1", "a2", "au1", "pub"}
	if got := collapse(few); strings.Join(got, " ") != "a1 a2 au1 pub" {
		t.Errorf("a few article keys: %v", got)
	}
}

func TestCDNHeaders(t *testing.T) {
	c := New(Options{MaxBytes: 1 << 20, CDNMaxAge: 24 * time.Hour})
	res := serve(t, c.Handler(&page{}), "GET", "/a?deps=a1,t2")
	if res.Header.Get("Surrogate-Control") != "max-age=86400" || res.Header.Get("CDN-Cache-Control") != "max-age=86400" {
		t.Errorf("CDN headers: %v", res.Header)
	}
	if res.Header.Get("Cache-Tag") != "a1,t2" || res.Header.Get("Surrogate-Key") != "a1 t2" {
		t.Errorf("keys: %q %q", res.Header.Get("Cache-Tag"), res.Header.Get("Surrogate-Key"))
	}
	if !bytes.Contains([]byte(res.Header.Get("Cache-Control")), []byte("no-cache")) {
		t.Errorf("browsers must still revalidate: %q", res.Header.Get("Cache-Control"))
	}
}
