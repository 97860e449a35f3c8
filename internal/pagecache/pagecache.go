// Package pagecache keeps rendered public pages for anonymous readers, so
// that a page read a thousand times a second is rendered once.
//
// Invalidation is exact rather than timed. A render runs with a
// press.Deps in its context, in which the store records the key of
// everything it read (see press/deps.go); the page is kept under those
// keys. Every committed write announces the keys it changed, and Purge
// drops the pages that depend on any of them before the write returns.
// A render that began before a purge of one of its keys is not kept, so
// a page made from the old data can never be stored after the purge.
//
// Each page is kept as its raw bytes and precompressed with gzip and
// brotli, chosen per request by Accept-Encoding, with a strong ETag per
// encoding. The keys go out as Surrogate-Key and Cache-Tag headers so
// that a CDN can purge by the same keys.
package pagecache

import (
	"bytes"
	"container/list"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Options configure a Cache.
type Options struct {
	// MaxBytes bounds the memory the kept pages take, all encodings
	// counted; the least recently used go first.
	MaxBytes int64
	// MaxAge bounds how long a page is kept even if nothing it shows
	// changes: a few things move with the clock alone (comments closing
	// after N days, the news sitemap's window). Zero means an hour.
	MaxAge time.Duration
	// CDNMaxAge, when positive, lets a CDN keep pages that long
	// (Surrogate-Control and CDN-Cache-Control), on the understanding
	// that it is purged by key; zero lets a CDN keep a page only with
	// revalidation, as browsers do.
	CDNMaxAge time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// maxArticleKeys is how many article keys a page carries before they are
// replaced by press.KeyPublishedAny: a sitemap or a long listing would
// otherwise send (and index) thousands.
const maxArticleKeys = 64

// Cache is a bounded, dependency-indexed page cache. It is safe for
// concurrent use.
type Cache struct {
	opt Options

	mu      sync.Mutex
	lru     *list.List               // of *entry, most recent first
	entries map[string]*list.Element // by request key
	deps    map[string]map[*entry]struct{}
	bytes   int64
	epoch   uint64            // counts purges
	purged  map[string]uint64 // dependency key → epoch of its last purge
	floor   uint64            // purges at or before floor are forgotten: treat as all

	flight singleflight.Group

	hits, misses, bypasses, stores, evictions, purges atomic.Int64
}

// New returns an empty cache.
func New(opt Options) *Cache {
	if opt.MaxAge <= 0 {
		opt.MaxAge = time.Hour
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Cache{opt: opt, lru: list.New(), entries: map[string]*list.Element{},
		deps: map[string]map[*entry]struct{}{}, purged: map[string]uint64{}}
}

// Stats are the cache's counters since it started, for metrics.
type Stats struct {
	Hits, Misses, Bypasses, Stores, Evictions, Purges int64
	Entries                                           int
	Bytes                                             int64
}

// Stats returns the current counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	n, b := len(c.entries), c.bytes
	c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Bypasses: c.bypasses.Load(),
		Stores: c.stores.Load(), Evictions: c.evictions.Load(), Purges: c.purges.Load(), Entries: n, Bytes: b}
}

// Purge drops every page that depends on any of keys (every page for
// press.KeyAll). The store calls it with the keys of each committed write.
func (c *Cache) Purge(keys []string) {
	c.purges.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	for _, k := range keys {
		if k == press.KeyAll {
			for el := c.lru.Front(); el != nil; {
				next := el.Next()
				c.remove(el.Value.(*entry))
				el = next
			}
			c.floor = c.epoch
			clear(c.purged)
			return
		}
	}
	for _, k := range keys {
		for e := range c.deps[k] {
			c.remove(e)
		}
		c.purged[k] = c.epoch
	}
	if len(c.purged) > 100_000 {
		// Forget old purges; renders in flight now count them all.
		c.floor = c.epoch
		clear(c.purged)
	}
}

// stale reports whether a render that began at epoch start may have read
// data a purge has since replaced. c.mu is held.
func (c *Cache) stale(start uint64, deps []string) bool {
	if c.floor > start {
		return true
	}
	for _, d := range deps {
		if c.purged[d] > start {
			return true
		}
	}
	return false
}

func (c *Cache) get(key string) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil
	}
	e := el.Value.(*entry)
	if c.opt.Now().After(e.expires) {
		c.remove(e)
		return nil
	}
	c.lru.MoveToFront(el)
	return e
}

// put keeps e unless a purge since start concerns it, or it could never
// fit; it evicts the least recently used pages to make room.
func (c *Cache) put(e *entry, start uint64) bool {
	if e.size > c.opt.MaxBytes/4 {
		return false // one page may not push out most of the others
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stale(start, e.deps) {
		return false
	}
	if el, ok := c.entries[e.key]; ok {
		c.remove(el.Value.(*entry))
	}
	e.el = c.lru.PushFront(e)
	c.entries[e.key] = e.el
	for _, d := range e.deps {
		set := c.deps[d]
		if set == nil {
			set = map[*entry]struct{}{}
			c.deps[d] = set
		}
		set[e] = struct{}{}
	}
	c.bytes += e.size
	for c.bytes > c.opt.MaxBytes {
		c.remove(c.lru.Back().Value.(*entry))
		c.evictions.Add(1)
	}
	c.stores.Add(1)
	return true
}

// remove drops e from every index. c.mu is held.
func (c *Cache) remove(e *entry) {
	if e.el == nil {
		return
	}
	c.lru.Remove(e.el)
	e.el = nil
	delete(c.entries, e.key)
	for _, d := range e.deps {
		if set := c.deps[d]; set != nil {
			delete(set, e)
			if len(set) == 0 {
				delete(c.deps, d)
			}
		}
	}
	c.bytes -= e.size
}

func (c *Cache) currentEpoch() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epoch
}

// Handler serves next through the cache. Only GET and HEAD requests from
// readers without credentials are looked up; only complete 200 responses
// that say they are public, set no cookie and vary by nothing but
// Accept-Encoding are kept.
func (c *Cache) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cacheable(r) {
			c.bypasses.Add(1)
			next.ServeHTTP(w, r)
			return
		}
		key := r.URL.Path
		if r.URL.RawQuery != "" {
			key += "?" + r.URL.RawQuery
		}
		if e := c.get(key); e != nil {
			c.hits.Add(1)
			e.serve(w, r, "HIT")
			return
		}
		c.misses.Add(1)
		// Readers arriving together share one render, but only with
		// a render that began after the last purge: one that began
		// before it may have read what a write has since replaced, and
		// a reader who comes after the write must see the write.
		start := c.currentEpoch()
		v, _, _ := c.flight.Do(key+"\x00"+strconv.FormatUint(start, 10), func() (any, error) {
			return c.render(next, r, key, start), nil
		})
		switch res := v.(type) {
		case *entry:
			res.serve(w, r, "MISS")
		case *recorded:
			if res.leader == r {
				res.replay(w)
				return
			}
			// Not a page to share (an error, a redirect): this reader
			// gets their own answer.
			next.ServeHTTP(w, r)
		}
	})
}

// render runs next for key as a fresh, unconditional GET, records what it
// read, and returns the entry it kept, or the response as recorded when
// it is not to be kept.
func (c *Cache) render(next http.Handler, r *http.Request, key string, start uint64) any {
	// Waiters share this render: one reader closing the page must not
	// cancel it for the others.
	ctx, deps := press.WithDeps(context.WithoutCancel(r.Context()))
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	plain := r.Clone(ctx)
	plain.Method = http.MethodGet
	for _, h := range []string{"If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "Range", "If-Range"} {
		plain.Header.Del(h)
	}
	rec := &recorded{leader: r, header: http.Header{}}
	next.ServeHTTP(rec, plain)
	if !rec.keepable() {
		return rec
	}
	e := newEntry(key, rec, collapse(deps.Keys()), c.opt.Now().Add(c.opt.MaxAge), c.opt.CDNMaxAge)
	c.put(e, start)
	return e
}

// cacheable reports whether r may be answered from the cache: a GET or
// HEAD of a public page by a reader who carries no credentials. Every
// cookie Pressroom sets is named pr_… or pressroom_…: a reader with one
// (a signed-in member or editor, a commenter who may still edit) sees a
// page of their own.
func cacheable(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if r.Header.Get("Authorization") != "" {
		return false
	}
	p := r.URL.Path
	for _, prefix := range []string{"/admin", "/api/admin/", "/preview/", "/media/", "/static/"} {
		if strings.HasPrefix(p, prefix) {
			return false
		}
	}
	for _, ck := range r.Cookies() {
		if strings.HasPrefix(ck.Name, "pr_") || strings.HasPrefix(ck.Name, "pressroom_") {
			return false
		}
	}
	return true
}

// collapse replaces the article keys of a page that lists very many
// articles by press.KeyPublishedAny, which changes whenever any of them
// does.
func collapse(keys []string) []string {
	n := 0
	for _, k := range keys {
		if isArticleKey(k) {
			n++
		}
	}
	if n <= maxArticleKeys {
		return keys
	}
	out := keys[:0:0]
	seen := false
	for _, k := range keys {
		switch {
		case isArticleKey(k):
		case k == press.KeyPublishedAny:
			seen = true
			out = append(out, k)
		default:
			out = append(out, k)
		}
	}
	if !seen {
		out = append(out, press.KeyPublishedAny)
	}
	return out
}

func isArticleKey(k string) bool { return len(k) > 1 && k[0] == 'a' && k[1] >= '0' && k[1] <= '9' }

// recorded is a response written into memory.
type recorded struct {
	leader *http.Request
	header http.Header
	status int
	body   bytes.Buffer
}

func (rec *recorded) Header() http.Header { return rec.header }

func (rec *recorded) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
}

func (rec *recorded) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.body.Write(b)
}

// keepable reports whether the response may be shared with every
// anonymous reader.
func (rec *recorded) keepable() bool {
	h := rec.header
	if rec.status != http.StatusOK || h.Get("Set-Cookie") != "" || h.Get("Content-Encoding") != "" {
		return false
	}
	cc := strings.ToLower(h.Get("Cache-Control"))
	if !strings.Contains(cc, "public") || strings.Contains(cc, "private") || strings.Contains(cc, "no-store") {
		return false
	}
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			if f = strings.TrimSpace(f); f != "" && !strings.EqualFold(f, "Accept-Encoding") {
				return false
			}
		}
	}
	return true
}

// replay writes the recorded response to w (the leader's own answer when
// it was not kept).
func (rec *recorded) replay(w http.ResponseWriter) {
	dst := w.Header()
	for k, v := range rec.header {
		dst[k] = v
	}
	dst.Set("X-Cache", "BYPASS")
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	if rec.leader.Method == http.MethodHead {
		w.WriteHeader(status)
		return
	}
	dst.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	w.WriteHeader(status)
	w.Write(rec.body.Bytes())
}
