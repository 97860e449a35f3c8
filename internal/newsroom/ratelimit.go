package newsroom

import (
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

// wait returns how long key must wait before its next event is allowed
// at now; 0 means it may go ahead.
func (l *windowLimiter) wait(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.prune(key, now)
	if len(recent) < l.max {
		return 0
	}
	return recent[len(recent)-l.max].Add(l.window).Sub(now)
}

// add records an event of key at now.
func (l *windowLimiter) add(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events[key] = append(l.prune(key, now), now)
	if len(l.events) > 10000 { // forget keys that have gone quiet
		for k := range l.events {
			l.prune(k, now)
		}
	}
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
