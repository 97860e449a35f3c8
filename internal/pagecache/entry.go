package pagecache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// Encodings, in order of preference when a reader accepts several.
const (
	identity = iota
	encBrotli
	encGzip
	encodings
)

var encodingNames = [encodings]string{"", "br", "gzip"}

// entry is one kept page: its bytes in each encoding with the complete
// headers to send with them, made once so that a hit only copies.
type entry struct {
	key          string
	deps         []string
	expires      time.Time
	size         int64
	lastModified time.Time
	body         [encodings][]byte
	etag         [encodings]string
	header       [encodings]http.Header

	el *list.Element // in the LRU while kept
}

// minCompress is the size below which compressing is not worth a header.
const minCompress = 256

func newEntry(key string, rec *recorded, deps []string, expires time.Time, cdnMaxAge time.Duration) *entry {
	raw := bytes.Clone(rec.body.Bytes())
	e := &entry{key: key, deps: deps, expires: expires}
	e.lastModified, _ = http.ParseTime(rec.header.Get("Last-Modified"))
	e.body[identity] = raw
	if len(raw) >= minCompress && compressible(rec.header.Get("Content-Type")) {
		e.body[encGzip] = gzipped(raw)
		e.body[encBrotli] = brotlied(raw)
	}
	sum := sha256.Sum256(raw)
	tag := base64.RawURLEncoding.EncodeToString(sum[:18])
	surrogate := strings.Join(deps, " ")
	for enc := range encodings {
		if e.body[enc] == nil {
			continue
		}
		h := rec.header.Clone()
		// The handler's own validator described the raw bytes; each
		// encoding is a representation of its own with its own tag.
		h.Del("ETag")
		// Kept pages are sent whole: no ranges on offer.
		h.Del("Accept-Ranges")
		e.etag[enc] = `"` + tag + encodingSuffix(enc) + `"`
		h["Etag"] = []string{e.etag[enc]}
		h["Content-Length"] = []string{strconv.Itoa(len(e.body[enc]))}
		if enc != identity {
			h["Content-Encoding"] = []string{encodingNames[enc]}
		}
		if e.body[encGzip] != nil {
			h["Vary"] = []string{"Accept-Encoding"}
		}
		if surrogate != "" {
			// Fastly's and Cloudflare's names for the same keys.
			h["Surrogate-Key"] = []string{surrogate}
			h["Cache-Tag"] = []string{strings.Join(deps, ",")}
		}
		if cdnMaxAge > 0 {
			v := "max-age=" + strconv.Itoa(int(cdnMaxAge.Seconds()))
			h["Surrogate-Control"] = []string{v}
			h["Cdn-Cache-Control"] = []string{v}
		}
		e.header[enc] = h
		e.size += int64(len(e.body[enc]))
	}
	e.size += int64(len(key) + len(surrogate)*3 + 1024) // headers and indexes, roughly
	return e
}

func encodingSuffix(enc int) string {
	if enc == identity {
		return ""
	}
	return "-" + encodingNames[enc]
}

func compressible(contentType string) bool {
	ct, _, _ := strings.Cut(contentType, ";")
	ct = strings.TrimSpace(strings.ToLower(ct))
	return strings.HasPrefix(ct, "text/") || strings.HasSuffix(ct, "json") || strings.HasSuffix(ct, "xml")
}

var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return w
}}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b) / 4)
	w := gzipPool.Get().(*gzip.Writer)
	w.Reset(&buf)
	w.Write(b)
	w.Close()
	gzipPool.Put(w)
	return buf.Bytes()
}

// brotliQuality trades the time of a miss for the bytes of every hit.
// On the demo's 32 kB article page (measured): quality 6 takes 3.1 ms
// for 8.1 kB, 7 % smaller than gzip's best (0.7 ms, 8.6 kB); 9 takes 13
// ms for 8.0 kB; only 11 is much smaller (6.9 kB) and it takes 75 ms,
// too long for a reader to wait on.
const brotliQuality = 6

func brotlied(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b) / 5)
	w := brotli.NewWriterLevel(&buf, brotliQuality)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// serve answers r from e: the best encoding the reader accepts, 304 Not
// Modified when their copy is current, no body for HEAD.
func (e *entry) serve(w http.ResponseWriter, r *http.Request, status string) {
	enc := identity
	if e.body[encGzip] != nil {
		enc = negotiate(r.Header.Get("Accept-Encoding"))
	}
	dst := w.Header()
	for k, v := range e.header[enc] {
		dst[k] = v
	}
	dst["X-Cache"] = []string{status}
	if e.notModified(r) {
		for _, h := range []string{"Content-Length", "Content-Encoding", "Content-Type"} {
			delete(dst, h)
		}
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(e.body[enc])
	}
}

// notModified evaluates If-None-Match (against any encoding's tag: the
// content is the same) or, without it, If-Modified-Since.
func (e *entry) notModified(r *http.Request) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for t := range strings.SplitSeq(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" {
				return true
			}
			for _, tag := range e.etag {
				if tag != "" && t == tag {
					return true
				}
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !e.lastModified.IsZero() {
		t, err := http.ParseTime(ims)
		return err == nil && !e.lastModified.Truncate(time.Second).After(t)
	}
	return false
}

// negotiate picks the encoding for an Accept-Encoding header: brotli,
// then gzip, among those accepted with a non-zero quality ("*" counts for
// both), else the raw bytes.
func negotiate(accept string) int {
	if accept == "" {
		return identity
	}
	q := map[string]float64{}
	for part := range strings.SplitSeq(accept, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		v := 1.0
		if p, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(p, 64); err == nil {
				v = f
			}
		}
		q[name] = v
	}
	accepts := func(name string) bool {
		if v, ok := q[name]; ok {
			return v > 0
		}
		v, ok := q["*"]
		return ok && v > 0
	}
	switch {
	case accepts("br"):
		return encBrotli
	case accepts("gzip"):
		return encGzip
	}
	return identity
}
