package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

const webhookColumns = "id, url, secret, events, active, created_at"

func scanWebhook(s scanner) (press.Webhook, error) {
	var h press.Webhook
	var events string
	if err := s.Scan(&h.ID, &h.URL, &h.Secret, &events, &h.Active, scanTime(&h.CreatedAt)); err != nil {
		return h, err
	}
	// A malformed list subscribes to nothing, as enqueueEvent reads it.
	if json.Unmarshal([]byte(events), &h.Events) != nil || h.Events == nil {
		h.Events = []string{}
	}
	return h, nil
}

// validateWebhook checks a webhook before it is stored: an absolute
// http(s) URL, a secret, and at least one known event.
func validateWebhook(h *press.Webhook) error {
	var v press.ValidationError
	if u, err := url.Parse(h.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.Add("url", "must be an absolute http:// or https:// URL")
	}
	if h.Secret == "" {
		v.Add("secret", "is required")
	}
	if len(h.Events) == 0 {
		v.Add("events", "choose at least one event")
	}
	for _, e := range h.Events {
		if !slices.Contains(press.WebhookEvents, e) {
			v.Add("events", "unknown event "+strconv.Quote(e))
			break
		}
	}
	return v.Err()
}

func webhookTarget(id int64) string { return "webhook:" + strconv.FormatInt(id, 10) }

// CreateWebhook stores a new webhook, setting its ID and creation time,
// with a webhook.create audit line. An invalid webhook is a
// *press.ValidationError and nothing is stored.
func (db *DB) CreateWebhook(ctx context.Context, h *press.Webhook) error {
	if err := validateWebhook(h); err != nil {
		return db.fail(err, "webhook")
	}
	events, _ := json.Marshal(h.Events)
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		if err := t.queryRow(ctx, `INSERT INTO webhooks (url, secret, events, active, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, h.URL, h.Secret, string(events), h.Active, t.d.time(now)).Scan(&h.ID); err != nil {
			return err
		}
		h.CreatedAt = now
		return t.audit(ctx, now, "webhook.create", webhookTarget(h.ID), h.URL)
	})
	if err != nil {
		return db.fail(err, "webhook %q", h.URL)
	}
	return nil
}

// Webhooks returns every webhook, oldest first.
func (db *DB) Webhooks(ctx context.Context) ([]press.Webhook, error) {
	list := []press.Webhook{}
	err := db.read(ctx, func(t *tx) error {
		hooks, err := queryAll(ctx, t, scanWebhook, "SELECT "+webhookColumns+" FROM webhooks ORDER BY id")
		list = append(list, hooks...)
		return err
	})
	if err != nil {
		return nil, db.fail(err, "webhooks")
	}
	return list, nil
}

// Webhook returns the webhook id; press.ErrNotFound when there is none.
func (db *DB) Webhook(ctx context.Context, id int64) (press.Webhook, error) {
	var h press.Webhook
	err := db.read(ctx, func(t *tx) error {
		var err error
		h, err = scanWebhook(t.queryRow(ctx, "SELECT "+webhookColumns+" FROM webhooks WHERE id = ?", id))
		return err
	})
	if err != nil {
		return h, db.fail(err, "webhook %d", id)
	}
	return h, nil
}

// UpdateWebhook saves the URL, secret, events and active flag of the
// webhook h.ID, with a webhook.update audit line. Deliveries already
// queued keep going to the webhook as it now is.
func (db *DB) UpdateWebhook(ctx context.Context, h *press.Webhook) error {
	if err := validateWebhook(h); err != nil {
		return db.fail(err, "webhook %d", h.ID)
	}
	events, _ := json.Marshal(h.Events)
	err := db.write(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, "UPDATE webhooks SET url = ?, secret = ?, events = ?, active = ? WHERE id = ? RETURNING created_at",
			h.URL, h.Secret, string(events), h.Active, h.ID).Scan(scanTime(&h.CreatedAt)); err != nil {
			return err
		}
		state := "active"
		if !h.Active {
			state = "paused"
		}
		return t.audit(ctx, db.clock(), "webhook.update", webhookTarget(h.ID), h.URL+" ("+state+")")
	})
	if err != nil {
		return db.fail(err, "webhook %d", h.ID)
	}
	return nil
}

// DeleteWebhook deletes the webhook id and its deliveries, with a
// webhook.delete audit line; press.ErrNotFound when there is none.
func (db *DB) DeleteWebhook(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		var u string
		if err := t.queryRow(ctx, "DELETE FROM webhooks WHERE id = ? RETURNING url", id).Scan(&u); err != nil {
			return err
		}
		return t.audit(ctx, db.clock(), "webhook.delete", webhookTarget(id), u)
	})
	if err != nil {
		return db.fail(err, "webhook %d", id)
	}
	return nil
}

// EnqueueTestDelivery queues a "ping" delivery to the webhook id, due
// now, so that an admin can check that the receiver gets and verifies
// signed requests. It goes out even if the webhook is paused.
func (db *DB) EnqueueTestDelivery(ctx context.Context, id int64) (press.Delivery, error) {
	d := press.Delivery{WebhookID: id, Event: EventPing}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		payload, _ := json.Marshal(map[string]any{"event": EventPing, "occurred_at": now, "webhook_id": id})
		d.Payload, d.CreatedAt, d.NextAttempt = string(payload), now, now
		return t.queryRow(ctx, `INSERT INTO webhook_deliveries (webhook_id, event, payload, next_attempt_at, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, id, EventPing, d.Payload, t.d.time(now), t.d.time(now)).Scan(&d.ID)
	})
	if err != nil {
		return d, db.fail(err, "test delivery to webhook %d", id)
	}
	return d, nil
}

// EventPing is the event of a test delivery; no change to content sends it.
const EventPing = "ping"

const deliveryColumns = `id, webhook_id, event, payload, attempts, next_attempt_at, last_status, last_error,
	created_at, delivered_at, failed`

func scanDelivery(s scanner) (press.Delivery, error) {
	var d press.Delivery
	err := s.Scan(&d.ID, &d.WebhookID, &d.Event, &d.Payload, &d.Attempts, scanTime(&d.NextAttempt), &d.LastStatus,
		&d.LastError, scanTime(&d.CreatedAt), scanTime(&d.DeliveredAt), &d.Failed)
	return d, err
}

// Deliveries returns the latest limit deliveries to the webhook
// webhookID, newest first; limit 0 means 50.
func (db *DB) Deliveries(ctx context.Context, webhookID int64, limit int) ([]press.Delivery, error) {
	if limit <= 0 {
		limit = 50
	}
	list := []press.Delivery{}
	err := db.read(ctx, func(t *tx) error {
		ds, err := queryAll(ctx, t, scanDelivery, "SELECT "+deliveryColumns+" FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?",
			webhookID, limit)
		list = append(list, ds...)
		return err
	})
	if err != nil {
		return nil, db.fail(err, "deliveries of webhook %d", webhookID)
	}
	return list, nil
}

// ClaimDeliveries hands the caller up to n deliveries that are due at now
// (oldest first), neither delivered nor given up, to an active webhook (or
// a test ping). Each is leased: its next attempt moves to now+lease and
// its attempts count goes up by one, so no other caller gets it during
// the lease, and if the caller dies before reporting, it is sent again
// once the lease runs out. Several processes may claim at once: on
// PostgreSQL rows another transaction holds are skipped, on SQLite
// writers take turns; either way each due row goes to exactly one caller.
func (db *DB) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, n int) ([]press.Delivery, error) {
	now = utc(now)
	list := []press.Delivery{}
	err := db.write(ctx, func(t *tx) error {
		list = list[:0]
		ids, err := queryColumn[int64](ctx, t, `SELECT id FROM webhook_deliveries
			WHERE delivered_at IS NULL AND failed = ? AND next_attempt_at <= ?
			AND (event = ? OR webhook_id IN (SELECT id FROM webhooks WHERE active = ?))
			ORDER BY next_attempt_at, id LIMIT ?`+t.d.skipLocked,
			false, t.d.time(now), EventPing, true, n)
		if err != nil {
			return err
		}
		for _, id := range ids {
			d, err := scanDelivery(t.queryRow(ctx, `UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?
				WHERE id = ? RETURNING `+deliveryColumns, t.d.time(now.Add(lease)), id))
			if err != nil {
				return err
			}
			list = append(list, d)
		}
		return nil
	})
	if err != nil {
		return nil, db.fail(err, "claim deliveries")
	}
	return list, nil
}

// DeliverySucceeded records that the delivery id was received with the
// HTTP status status; it is not sent again.
func (db *DB) DeliverySucceeded(ctx context.Context, id int64, status int) error {
	err := db.write(ctx, func(t *tx) error {
		return deliveryRow(t.exec(ctx, `UPDATE webhook_deliveries SET delivered_at = ?, next_attempt_at = NULL, last_status = ?, last_error = ''
			WHERE id = ?`, t.d.time(db.clock()), status, id))
	})
	if err != nil {
		return db.fail(err, "delivery %d", id)
	}
	return nil
}

// DeliveryFailed records a failed attempt of the delivery id: the HTTP
// status (0 when there was no answer) and what went wrong. It is tried
// again at next, unless giveUp, which marks it failed for good.
func (db *DB) DeliveryFailed(ctx context.Context, id int64, status int, errMsg string, next time.Time, giveUp bool) error {
	err := db.write(ctx, func(t *tx) error {
		var nextAt any
		if !giveUp {
			nextAt = t.d.time(next)
		}
		return deliveryRow(t.exec(ctx, "UPDATE webhook_deliveries SET next_attempt_at = ?, last_status = ?, last_error = ?, failed = ? WHERE id = ?",
			nextAt, status, errMsg, giveUp, id))
	})
	if err != nil {
		return db.fail(err, "delivery %d", id)
	}
	return nil
}

// deliveryRow turns an UPDATE of one delivery that matched none into
// press.ErrNotFound.
func deliveryRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return sql.ErrNoRows
	}
	return nil
}
