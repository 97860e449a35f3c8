package store_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestWebhookCRUD(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		bad := press.Webhook{URL: "ftp://x", Events: []string{"article.exploded"}}
		var v *press.ValidationError
		if err := db.CreateWebhook(ctx, &bad); !errors.As(err, &v) || v.Message("url") == "" || v.Message("secret") == "" || v.Message("events") == "" {
			t.Errorf("invalid webhook: %v", err)
		}
		h := press.Webhook{URL: "https://hooks.example.org/a", Secret: "s", Events: []string{press.EventArticlePublished}, Active: true}
		if err := db.CreateWebhook(ctx, &h); err != nil {
			t.Fatal(err)
		}
		got, err := db.Webhook(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(h, got); diff != "" {
			t.Errorf("Webhook (-want +got):\n%s", diff)
		}
		h.Active, h.Events = false, []string{press.EventArticleDeleted, press.EventArticleUpdated}
		if err := db.UpdateWebhook(ctx, &h); err != nil {
			t.Fatal(err)
		}
		list, err := db.Webhooks(ctx)
		if err != nil || len(list) != 1 || list[0].Active || len(list[0].Events) != 2 {
			t.Errorf("Webhooks = %+v, %v", list, err)
		}
		if err := db.DeleteWebhook(ctx, h.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Webhook(ctx, h.ID); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("deleted: %v", err)
		}
		if err := db.DeleteWebhook(ctx, h.ID); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("deleted twice: %v", err)
		}
	})
}

// TestClaimDeliveries: due rows are leased to one caller, come back
// after the lease, and stop once delivered or given up.
func TestClaimDeliveries(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		h := press.Webhook{URL: "https://hooks.example.org/a", Secret: "s", Events: []string{press.EventArticlePublished}, Active: true}
		if err := db.CreateWebhook(ctx, &h); err != nil {
			t.Fatal(err)
		}
		now := db.Now()
		for range 3 {
			if _, err := db.EnqueueTestDelivery(ctx, h.ID); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.ClaimDeliveries(ctx, now.Add(time.Second), time.Minute, 2)
		if err != nil || len(got) != 2 || got[0].Attempts != 1 || got[0].Event != store.EventPing {
			t.Fatalf("claim = %+v, %v", got, err)
		}
		rest, _ := db.ClaimDeliveries(ctx, now.Add(time.Second), time.Minute, 10)
		if len(rest) != 1 || rest[0].ID == got[0].ID || rest[0].ID == got[1].ID {
			t.Fatalf("second claim = %+v", rest)
		}
		if none, _ := db.ClaimDeliveries(ctx, now.Add(30*time.Second), time.Minute, 10); len(none) != 0 {
			t.Errorf("leased rows claimed again: %+v", none)
		}
		if err := db.DeliverySucceeded(ctx, got[0].ID, 204); err != nil {
			t.Fatal(err)
		}
		if err := db.DeliveryFailed(ctx, got[1].ID, 500, "boom", now.Add(10*time.Minute), false); err != nil {
			t.Fatal(err)
		}
		if err := db.DeliveryFailed(ctx, rest[0].ID, 0, "refused", time.Time{}, true); err != nil {
			t.Fatal(err)
		}
		again, _ := db.ClaimDeliveries(ctx, now.Add(5*time.Minute), time.Minute, 10)
		if len(again) != 0 {
			t.Errorf("claimed before the retry time: %+v", again)
		}
		again, _ = db.ClaimDeliveries(ctx, now.Add(11*time.Minute), time.Minute, 10)
		if len(again) != 1 || again[0].ID != got[1].ID || again[0].Attempts != 2 || again[0].LastError != "boom" {
			t.Errorf("retry claim = %+v", again)
		}
		list, _ := db.Deliveries(ctx, h.ID, 10)
		if len(list) != 3 || !list[0].Failed || list[2].DeliveredAt.IsZero() || list[2].LastStatus != 204 {
			t.Errorf("Deliveries = %+v", list)
		}
		if err := db.DeliverySucceeded(ctx, 99999, 200); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("unknown delivery: %v", err)
		}
	})
}

// TestClaimDeliveriesConcurrently: callers claiming at once never get the
// same row.
func TestClaimDeliveriesConcurrently(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		h := press.Webhook{URL: "https://hooks.example.org/a", Secret: "s", Events: []string{press.EventArticlePublished}, Active: true}
		if err := db.CreateWebhook(ctx, &h); err != nil {
			t.Fatal(err)
		}
		const rows = 40
		for range rows {
			if _, err := db.EnqueueTestDelivery(ctx, h.ID); err != nil {
				t.Fatal(err)
			}
		}
		at := db.Now().Add(time.Second)
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					list, err := db.ClaimDeliveries(ctx, at, time.Hour, 3)
					if err != nil {
						t.Error(err)
						return
					}
					if len(list) == 0 {
						return
					}
					mu.Lock()
					for _, d := range list {
						seen[d.ID]++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(seen) != rows {
			t.Errorf("claimed %d rows, want %d", len(seen), rows)
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("delivery %d claimed %d times", id, n)
			}
		}
	})
}
