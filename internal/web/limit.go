package web

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Limiter allows each key (a client address, an API key) a burst of
// requests that refills at a steady rate: a token bucket per key. It is
// per process; several nodes each enforce it on what they see.
type Limiter struct {
	rate  float64 // tokens per second
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxKeys bounds the memory a flood of distinct keys can take: past it,
// full (idle) buckets are dropped first, and if none are, the limiter
// starts afresh rather than grow.
const maxKeys = 100_000

// NewLimiter allows n requests per period for each key, in bursts of up
// to n.
func NewLimiter(n int, per time.Duration) *Limiter {
	return &Limiter{rate: float64(n) / per.Seconds(), burst: float64(n), now: time.Now, buckets: map[string]*bucket{}}
}

// Allow takes a token for key and reports whether there was one; when
// there was not, it also says how long until there will be.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.sweep(now)
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// sweep forgets buckets that have refilled, which behave exactly like
// absent ones, once a minute or when there are too many keys.
func (l *Limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute && len(l.buckets) < maxKeys {
		return
	}
	l.swept = now
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxKeys {
		l.buckets = map[string]*bucket{}
	}
}

// ClientIP returns the address of the client that sent r, without the
// port. Pressroom does not trust X-Forwarded-For by default: behind a
// proxy, every client would otherwise be able to pick its own address.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return strings.TrimPrefix(host, "::ffff:")
}
