package admin

import (
	"sync"
	"time"

	"github.com/pressroomhq/pressroom/internal/store"
)

// phantomLocks give addresses that have no account the lock-out that real
// accounts get: after store.MaxFailedLogins failures the sign-in page says
// the "account" is locked for store.LockoutDuration. Without this, an
// address that never locks would be one that does not exist, and six
// tries would tell who has an account. The counts live in memory: a guess
// spread over several nodes locks a little later, which tells nothing.
type phantomLocks struct {
	mu    sync.Mutex
	fails map[string]*phantom
}

type phantom struct {
	count int
	until time.Time
}

// maxPhantoms bounds the memory a flood of made-up addresses can take;
// past it the oldest state is simply forgotten.
const maxPhantoms = 10000

// fail records a failed sign-in as email at now and returns until when it
// is locked (zero while it is not).
func (p *phantomLocks) fail(email string, now time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fails == nil || len(p.fails) >= maxPhantoms {
		p.fails = map[string]*phantom{}
	}
	f := p.fails[email]
	if f == nil {
		f = &phantom{}
		p.fails[email] = f
	}
	if !f.until.IsZero() && now.Before(f.until) {
		return f.until
	}
	if !f.until.IsZero() {
		*f = phantom{} // the lock ran out: counting starts again
	}
	f.count++
	if f.count >= store.MaxFailedLogins {
		f.until = now.Add(store.LockoutDuration)
		return f.until
	}
	return time.Time{}
}

// locked returns until when email is locked, or zero.
func (p *phantomLocks) locked(email string, now time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if f := p.fails[email]; f != nil && now.Before(f.until) {
		return f.until
	}
	return time.Time{}
}
