package api

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/web"
)

// allowedMethods are the only methods the read-only API answers.
const allowedMethods = "GET, HEAD, OPTIONS"

// cors lets pages on any origin read the API with fetch: every response
// allows any origin, and preflight requests are answered here, before the
// rate limit. The API takes no credentials (cookies are never read), which
// is what makes "*" safe. Since the allowed origin is the same for every
// request, GET responses do not vary by Origin; a preflight echoes the
// headers asked for, so its answer varies by them.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		if r.Method != http.MethodOptions {
			// Last-Modified and Content-Type are readable anyway.
			h.Set("Access-Control-Expose-Headers", "ETag, Retry-After")
			next.ServeHTTP(w, r)
			return
		}
		h.Set("Allow", allowedMethods)
		if r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", allowedMethods)
			if asked := r.Header.Get("Access-Control-Request-Headers"); asked != "" {
				h.Set("Access-Control-Allow-Headers", asked)
			}
			h.Set("Access-Control-Max-Age", "86400")
			h.Add("Vary", "Access-Control-Request-Method, Access-Control-Request-Headers")
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// limit enforces the per-client rate limit, when there is one, answering
// 429 with Retry-After past it.
func (a *API) limit(next http.Handler) http.Handler {
	if a.limiter == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := a.limiter.Allow(clientKey(r))
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
		writeError(w, r, http.StatusTooManyRequests, web.Errorf(http.StatusTooManyRequests,
			"too many requests: the limit is %s; retry in %s", describeRate(a.rate),
			time.Duration(max(secs, 1))*time.Second))
	})
}

// clientKey names the bucket a request draws from: its X-API-Key when it
// has one, else its address. Keys are hashed so that long ones take no
// more memory than short ones.
//
// There are no issued keys yet, so a key is not checked: any client may
// name one, and so get a bucket of its own. When keys come, unknown ones
// will be refused before they reach the limiter.
func clientKey(r *http.Request) string {
	if k := r.Header.Get("X-API-Key"); k != "" {
		sum := sha256.Sum256([]byte(k))
		return "key:" + hex.EncodeToString(sum[:16])
	}
	return "ip:" + web.ClientIP(r)
}

// describeRate says a rate in words: "60 requests per minute".
func describeRate(r config.Rate) string {
	unit := map[time.Duration]string{time.Second: "second", time.Minute: "minute", time.Hour: "hour"}[r.Per]
	if unit == "" {
		unit = r.Per.String()
	}
	return strconv.Itoa(r.N) + " requests per " + unit
}

// handleUnknown answers every path under /api/ that no route takes.
func (a *API) handleUnknown(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", allowedMethods)
		return web.Errorf(http.StatusMethodNotAllowed, "%s is not allowed: the API is read-only", r.Method)
	}
	return web.Errorf(http.StatusNotFound, "no endpoint %s: the API is described at /api/v1/openapi.json", r.URL.Path)
}
