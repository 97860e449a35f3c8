package store

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// eventPayload is the JSON body of a webhook delivery.
type eventPayload struct {
	Event      string       `json:"event"`
	OccurredAt time.Time    `json:"occurred_at"`
	Article    eventArticle `json:"article"`
}

type eventArticle struct {
	ID          int64      `json:"id"`
	Slug        string     `json:"slug"`
	Title       string     `json:"title"`
	Status      string     `json:"status"`
	Path        string     `json:"path"`
	PublishedAt *time.Time `json:"published_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	Version     int        `json:"version"`
}

// enqueueEvent writes, in the transaction of the change it reports, one
// delivery of event about a to every active webhook subscribed to it (the
// outbox): the event is sent if and only if the change commits. The
// sender picks rows up from next_attempt_at, which is now.
func (t *tx) enqueueEvent(ctx context.Context, now time.Time, event string, a *press.Article) error {
	type hook struct {
		id     int64
		events string
	}
	var hooks []hook
	rows, err := t.query(ctx, "SELECT id, events FROM webhooks WHERE active = ? ORDER BY id", true)
	if err != nil {
		return err
	}
	for rows.Next() {
		var h hook
		if err := rows.Scan(&h.id, &h.events); err != nil {
			rows.Close()
			return err
		}
		hooks = append(hooks, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(hooks) == 0 {
		return nil
	}
	p := eventPayload{Event: event, OccurredAt: utc(now), Article: eventArticle{
		ID: a.ID, Slug: a.Slug, Title: a.Title, Status: string(a.Status), Path: press.ArticlePath(a.Slug),
		UpdatedAt: utc(a.UpdatedAt), Version: a.Version,
	}}
	if !a.PublishedAt.IsZero() {
		at := utc(a.PublishedAt)
		p.Article.PublishedAt = &at
	}
	payload, err := json.Marshal(p)
	if err != nil {
		return err
	}
	for _, h := range hooks {
		var events []string
		if err := json.Unmarshal([]byte(h.events), &events); err != nil {
			continue // a malformed subscription subscribes to nothing
		}
		if !slices.Contains(events, event) {
			continue
		}
		if _, err := t.exec(ctx, `INSERT INTO webhook_deliveries (webhook_id, event, payload, next_attempt_at, created_at)
			VALUES (?, ?, ?, ?, ?)`, h.id, event, string(payload), t.d.time(now), t.d.time(now)); err != nil {
			return err
		}
	}
	return nil
}

// articleChanged records what a write did to an article's place in the
// workflow: the audit line for a change of status and the webhook events
// readers' systems care about. from is the status before the write ("" for
// a new article), a the article as written.
func (t *tx) articleChanged(ctx context.Context, now time.Time, from press.Status, a *press.Article) error {
	to := a.Status
	target := articleTarget(a.ID)
	if from == "" {
		if err := t.audit(ctx, now, "article.create", target, quoteTitle(a.Title)+": created as "+string(to)); err != nil {
			return err
		}
	} else if action := transitionAction(from, to); action != "" {
		if err := t.audit(ctx, now, action, target, quoteTitle(a.Title)+": "+string(from)+" → "+string(to)); err != nil {
			return err
		}
	}
	var event string
	switch {
	case to == press.StatusPublished && from == press.StatusPublished:
		event = press.EventArticleUpdated
	case to == press.StatusPublished:
		event = press.EventArticlePublished
	case from == press.StatusPublished && to == press.StatusTrash:
		event = press.EventArticleDeleted
	case from == press.StatusPublished:
		event = press.EventArticleUnpublished
	default:
		return nil
	}
	return t.enqueueEvent(ctx, now, event, a)
}

// transitionAction names the audit action of a change of status, or ""
// for a change not worth a line (such as pending back to draft).
func transitionAction(from, to press.Status) string {
	switch {
	case from == to:
		return ""
	case to == press.StatusPublished:
		return "article.publish"
	case to == press.StatusScheduled:
		return "article.schedule"
	case to == press.StatusTrash:
		return "article.trash"
	case from == press.StatusTrash:
		return "article.restore"
	case from == press.StatusPublished:
		return "article.unpublish"
	case to == press.StatusPending:
		return "article.submit"
	}
	return ""
}

func articleTarget(id int64) string { return "article:" + strconv.FormatInt(id, 10) }

// quoteTitle puts a title in typographic quotes for audit summaries.
func quoteTitle(s string) string { return "“" + s + "”" }
