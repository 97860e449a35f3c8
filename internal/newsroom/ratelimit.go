package newsroom

import (
	"net/netip"
	"sync"
	"time"
)

// windowLimiter allows max events per key within a sliding window, in
// process memory: one server's readers, which is what a comment form
// needs. It keeps the times of the recent events of each key.
type windowLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	events map[string][]time.Time
}

func newWindowLimiter(max int, window time.Duration) *windowLimiter {
	return &windowLimiter{max: max, window: window, events: map[string][]time.Time{}}
}

// allow records an event at now for every key and returns 0 when each
// of them is within its limit; otherwise it records nothing and returns
// how long to wait until all are. Checking and recording under one lock
// keeps two requests at once from both taking the last place.
func (l *windowLimiter) allow(now time.Time, keys ...string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, key := range keys {
		if recent := l.prune(key, now); len(recent) >= l.max {
			wait = max(wait, recent[len(recent)-l.max].Add(l.window).Sub(now))
		}
	}
	if wait > 0 {
		return wait
	}
	for _, key := range keys {
		l.events[key] = append(l.events[key], now)
	}
	if len(l.events) > 10000 { // forget keys that have gone quiet
		for k := range l.events {
			l.prune(k, now)
		}
	}
	return 0
}

func (l *windowLimiter) prune(key string, now time.Time) []time.Time {
	list := l.events[key]
	i := 0
	for i < len(list) && !list[i].After(now.Add(-l.window)) {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(l.events, key)
		return nil
	}
	l.events[key] = list
	return list
}

// ipKey is the rate-limit key of an address: an IPv6 address counts by
// its /64, which one subscriber usually holds whole and can rotate in.
func ipKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return "ip " + ip
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return "ip " + p.String()
	}
	return "ip " + a.String()
}
