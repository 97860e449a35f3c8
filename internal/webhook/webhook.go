// Package webhook sends the webhook deliveries the store queues in its
// outbox: signed JSON POSTs, retried with backoff, each delivered by one
// sender even when several Pressroom processes run.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// DefaultBackoff is how long to wait after each failed attempt before the
// next: the first retry comes quickly (a receiver restarting), the last a
// quarter of a day later (a receiver down for the night).
var DefaultBackoff = []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour, 6 * time.Hour}

// DefaultMaxAttempts is how many times a delivery is tried before it is
// marked failed.
const DefaultMaxAttempts = 6

// Timeout is how long a receiver has to answer one delivery.
const Timeout = 10 * time.Second

// Options configure a Sender. The zero value is the production setting.
type Options struct {
	// Client sends the requests; nil means one with Timeout that follows
	// redirects only within the receiver's host.
	Client *http.Client
	// Now is the clock deciding what is due; nil means time.Now.
	Now func() time.Time
	// Backoff returns the wait after the failed attempt number n (1 for
	// the first); nil means DefaultBackoff.
	Backoff func(n int) time.Duration
	// MaxAttempts is how many attempts before giving up; 0 means
	// DefaultMaxAttempts.
	MaxAttempts int
	// Poll is how often Run looks for due deliveries; 0 means 2 seconds.
	Poll time.Duration
	// Batch is how many deliveries one claim takes (and sends at once);
	// 0 means 10.
	Batch int
}

// Sender sends due deliveries.
type Sender struct {
	db     *store.DB
	log    *slog.Logger
	client *http.Client
	now    func() time.Time
	back   func(int) time.Duration
	max    int
	poll   time.Duration
	batch  int
}

// New returns a Sender over db's outbox.
func New(db *store.DB, logger *slog.Logger, opt Options) *Sender {
	s := &Sender{db: db, log: logger, client: opt.Client, now: opt.Now, back: opt.Backoff,
		max: opt.MaxAttempts, poll: opt.Poll, batch: opt.Batch}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: Timeout, CheckRedirect: sameHost}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.back == nil {
		s.back = func(n int) time.Duration { return DefaultBackoff[min(max(n, 1), len(DefaultBackoff))-1] }
	}
	if s.max <= 0 {
		s.max = DefaultMaxAttempts
	}
	if s.poll <= 0 {
		s.poll = 2 * time.Second
	}
	if s.batch <= 0 {
		s.batch = 10
	}
	return s
}

// sameHost refuses a redirect to another host: the receiver's owner
// registered one URL, and a redirect must not carry the signed payload
// elsewhere. The redirect answer itself then counts as the (failed) result.
func sameHost(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 || req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		return http.ErrUseLastResponse
	}
	return nil
}

// lease is how long a claimed delivery is reserved for its sender: longer
// than a request may take, so that only a sender that died lets it go.
const lease = time.Minute + 2*Timeout

// Run sends due deliveries until ctx is cancelled, looking again every
// poll interval (at once after a full batch).
func (s *Sender) Run(ctx context.Context) {
	for {
		n, err := s.SendDue(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error("webhook deliveries", "err", err)
		}
		if n == s.batch && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.poll):
		}
	}
}

// SendDue claims one batch of due deliveries, sends them at once, records
// each outcome, and returns how many it claimed.
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	list, err := s.db.ClaimDeliveries(ctx, s.now(), lease, s.batch)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(list))
	for i, d := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.send(ctx, d)
		}()
	}
	wg.Wait()
	return len(list), errors.Join(errs...)
}

// send makes one attempt at delivery d and records it.
func (s *Sender) send(ctx context.Context, d press.Delivery) error {
	h, err := s.db.Webhook(ctx, d.WebhookID)
	if errors.Is(err, press.ErrNotFound) {
		return nil // deleted since the claim, and its deliveries with it
	}
	if err != nil {
		return err
	}
	status, err := s.post(ctx, h, d)
	if err == nil {
		return s.db.DeliverySucceeded(ctx, d.ID, status)
	}
	giveUp := d.Attempts >= s.max
	next := s.now().Add(s.back(d.Attempts))
	s.log.Warn("webhook delivery failed", "delivery", d.ID, "webhook", h.ID, "url", h.URL,
		"attempt", d.Attempts, "give_up", giveUp, "err", err)
	msg := err.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	return s.db.DeliveryFailed(ctx, d.ID, status, msg, next, giveUp)
}

// post sends d to h and returns the receiver's status; a non-2xx status
// is an error.
func (s *Sender) post(ctx context.Context, h press.Webhook, d press.Delivery) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	body := []byte(d.Payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	ts := strconv.FormatInt(s.now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Pressroom-Webhooks")
	req.Header.Set("X-Pressroom-Event", d.Event)
	req.Header.Set("X-Pressroom-Delivery", strconv.FormatInt(d.ID, 10))
	req.Header.Set("X-Pressroom-Timestamp", ts)
	req.Header.Set("X-Pressroom-Signature", Sign(h.Secret, ts, body))
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

// Sign returns the X-Pressroom-Signature of body sent at timestamp (Unix
// seconds, as in X-Pressroom-Timestamp) to a webhook with secret:
// "sha256=" and the hex HMAC-SHA256 of timestamp + "." + body. Signing the
// timestamp lets receivers refuse replays of old deliveries.
func Sign(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether signature is the one Sign gives, in constant
// time, for receivers written in Go.
func Verify(secret, timestamp string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, timestamp, body)), []byte(signature))
}
