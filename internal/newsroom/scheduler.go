package newsroom

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// DefaultSchedulerPoll is how often RunScheduler looks for due articles
// when none is scheduled sooner: an article goes live within about this
// long of its time, even one scheduled by another process.
const DefaultSchedulerPoll = time.Second

// purgeEvery is how often RunScheduler empties the expired trash.
const purgeEvery = time.Hour

// RunScheduler publishes scheduled articles when their time comes, until
// ctx is done: every `every` (DefaultSchedulerPoll when not positive), or
// sooner when an article is due sooner, it publishes what is due. Once an
// hour it also deletes for good what has been in the trash longer than
// press.TrashDays, and deletes expired sessions. Errors are logged and the loop goes on. Any number of
// processes may run it over one database: each article is published once.
func (n *Newsroom) RunScheduler(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = DefaultSchedulerPoll
	}
	log := n.logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var lastPurge time.Time
	for ctx.Err() == nil {
		now := n.db.Now()
		published, err := n.db.PublishDue(ctx, now)
		if err != nil && ctx.Err() == nil {
			log.Error("scheduler: publish due articles", "err", err)
		}
		for _, a := range published {
			log.Info("published scheduled article", "article_id", a.ID, "slug", a.Slug)
		}
		if lastPurge.IsZero() || now.Sub(lastPurge) >= purgeEvery || now.Before(lastPurge) {
			lastPurge = now
			count, err := n.db.PurgeTrash(ctx, now.AddDate(0, 0, -press.TrashDays))
			if err != nil && ctx.Err() == nil {
				log.Error("scheduler: purge trash", "err", err)
			} else if count > 0 {
				log.Info("emptied trash", "articles", count)
			}
			// Expired sign-in sessions are refused already; this only
			// keeps the table from growing for ever.
			if count, err := n.db.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
				log.Error("scheduler: delete expired sessions", "err", err)
			} else if count > 0 {
				log.Info("deleted expired sessions", "sessions", count)
			}
		}
		wait := every
		next, err := n.db.NextScheduled(ctx)
		switch {
		case err == nil:
			wait = min(wait, max(next.Sub(n.db.Now()), 10*time.Millisecond))
		case !errors.Is(err, press.ErrNotFound) && ctx.Err() == nil:
			log.Error("scheduler: next scheduled article", "err", err)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
		case <-timer.C:
		}
	}
}
