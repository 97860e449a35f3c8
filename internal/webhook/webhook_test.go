package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/webhook"
)

func TestMain(m *testing.M) { presstest.Main(m) }

// receiver records what a webhook endpoint receives.
type receiver struct {
	mu     sync.Mutex
	bodies [][]byte
	heads  []http.Header
	fails  int // answer 500 to this many requests first
	url    string
}

func newReceiver(t *testing.T, fails int) *receiver {
	r := &receiver{fails: fails}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.bodies = append(r.bodies, b)
		r.heads = append(r.heads, req.Header.Clone())
		if r.fails > 0 {
			r.fails--
			http.Error(w, "not now", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	r.url = srv.URL + "/hook"
	return r
}

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

func mustHook(t *testing.T, db *store.DB, url string) press.Webhook {
	t.Helper()
	h := press.Webhook{URL: url, Secret: "top-secret", Events: press.WebhookEvents, Active: true}
	if err := db.CreateWebhook(t.Context(), &h); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestPublishDelivers: publishing an article sends one signed
// article.published delivery that a receiver can verify.
func TestPublishDelivers(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		rcv := newReceiver(t, 0)
		h := mustHook(t, db, rcv.url)
		a := press.Article{Slug: "water", Title: "Water", Status: press.StatusPublished, PublishedAt: db.Now(),
			Body: press.Markdown{Source: "Body", HTML: "<p>Body</p>"}}
		if err := db.CreateArticle(t.Context(), &a); err != nil {
			t.Fatal(err)
		}
		s := webhook.New(db, presstest.Logger(), webhook.Options{})
		for range 3 {
			if _, err := s.SendDue(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if rcv.count() != 1 {
			t.Fatalf("received %d requests, want 1", rcv.count())
		}
		head, body := rcv.heads[0], rcv.bodies[0]
		for k, want := range map[string]string{"Content-Type": "application/json", "User-Agent": "Pressroom-Webhooks",
			"X-Pressroom-Event": press.EventArticlePublished} {
			if got := head.Get(k); got != want {
				t.Errorf("%s = %q, want %q", k, got, want)
			}
		}
		if !webhook.Verify(h.Secret, head.Get("X-Pressroom-Timestamp"), body, head.Get("X-Pressroom-Signature")) {
			t.Errorf("signature %q does not verify", head.Get("X-Pressroom-Signature"))
		}
		if webhook.Verify("wrong", head.Get("X-Pressroom-Timestamp"), body, head.Get("X-Pressroom-Signature")) {
			t.Error("signature verifies with another secret")
		}
		var p struct {
			Event   string `json:"event"`
			Article struct {
				ID    int64  `json:"id"`
				Title string `json:"title"`
			} `json:"article"`
		}
		if err := json.Unmarshal(body, &p); err != nil || p.Event != press.EventArticlePublished || p.Article.ID != a.ID {
			t.Errorf("payload %s: %v", body, err)
		}
		list, _ := db.Deliveries(t.Context(), h.ID, 10)
		if len(list) != 1 || list[0].DeliveredAt.IsZero() || list[0].LastStatus != 204 || head.Get("X-Pressroom-Delivery") == "" {
			t.Errorf("deliveries = %+v", list)
		}
	})
}

// TestRetries: a receiver failing twice gets the delivery on the third
// attempt, after the backoff; one that always fails is given up on.
func TestRetries(t *testing.T) {
	t.Parallel()
	db := presstest.MustStore(t, store.EngineSQLite)
	clock := presstest.NewClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	var waits []int
	s := webhook.New(db, presstest.Logger(), webhook.Options{Now: clock.Now, MaxAttempts: 3,
		Backoff: func(n int) time.Duration { waits = append(waits, n); return time.Duration(n) * time.Minute }})
	flaky := newReceiver(t, 2)
	h := mustHook(t, db, flaky.url)
	if _, err := db.EnqueueTestDelivery(t.Context(), h.ID); err != nil {
		t.Fatal(err)
	}
	clock.Set(db.Now().Add(time.Second))
	step := func(advance time.Duration, want int) {
		t.Helper()
		clock.Advance(advance)
		if _, err := s.SendDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := flaky.count(); got != want {
			t.Fatalf("after %v: %d requests, want %d", advance, got, want)
		}
	}
	step(0, 1)
	step(30*time.Second, 1) // backoff of one minute not over
	step(31*time.Second, 2)
	step(time.Minute, 2)
	step(time.Minute+time.Second, 3)
	step(time.Hour, 3) // delivered: never again
	list, _ := db.Deliveries(t.Context(), h.ID, 1)
	if d := list[0]; d.DeliveredAt.IsZero() || d.Attempts != 3 || d.Failed {
		t.Errorf("delivery = %+v", d)
	}

	dead := newReceiver(t, 1000)
	h2 := mustHook(t, db, dead.url)
	db.EnqueueTestDelivery(t.Context(), h2.ID)
	for range 6 {
		clock.Advance(10 * time.Minute)
		s.SendDue(t.Context())
	}
	if dead.count() != 3 {
		t.Errorf("dead receiver got %d attempts, want 3", dead.count())
	}
	list, _ = db.Deliveries(t.Context(), h2.ID, 1)
	if d := list[0]; !d.Failed || d.LastStatus != 500 || d.LastError == "" || !d.DeliveredAt.IsZero() {
		t.Errorf("given-up delivery = %+v", d)
	}
}

// TestRedirectElsewhere: a redirect to another host is not followed, and
// counts as a failure.
func TestRedirectElsewhere(t *testing.T) {
	t.Parallel()
	db := presstest.MustStore(t, store.EngineSQLite)
	other := newReceiver(t, 0)
	redirect := httptest.NewServer(http.RedirectHandler(other.url, http.StatusTemporaryRedirect))
	t.Cleanup(redirect.Close)
	h := mustHook(t, db, redirect.URL)
	db.EnqueueTestDelivery(t.Context(), h.ID)
	s := webhook.New(db, presstest.Logger(), webhook.Options{Now: func() time.Time { return db.Now().Add(time.Second) }})
	s.SendDue(t.Context())
	if other.count() != 0 {
		t.Error("the redirect to another host was followed")
	}
	list, _ := db.Deliveries(t.Context(), h.ID, 1)
	if d := list[0]; d.LastStatus != http.StatusTemporaryRedirect || !d.DeliveredAt.IsZero() {
		t.Errorf("delivery = %+v", d)
	}
}

// TestSendersTogether: two senders running at once over one outbox
// deliver every row exactly once.
func TestSendersTogether(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		rcv := newReceiver(t, 0)
		h := mustHook(t, db, rcv.url)
		const rows = 30
		for range rows {
			if _, err := db.EnqueueTestDelivery(t.Context(), h.ID); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithCancel(t.Context())
		var wg sync.WaitGroup
		for range 2 {
			s := webhook.New(db, presstest.Logger(), webhook.Options{Poll: 5 * time.Millisecond, Batch: 3,
				Now: func() time.Time { return time.Now().Add(time.Second) }})
			wg.Add(1)
			go func() { defer wg.Done(); s.Run(ctx) }()
		}
		deadline := time.Now().Add(20 * time.Second)
		for rcv.count() < rows && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond) // room for a duplicate to show up
		cancel()
		wg.Wait()
		seen := map[string]int{}
		for _, hd := range rcv.heads {
			seen[hd.Get("X-Pressroom-Delivery")]++
		}
		if len(seen) != rows || rcv.count() != rows {
			t.Errorf("%d requests for %d deliveries, want %d each once", rcv.count(), len(seen), rows)
		}
	})
}
