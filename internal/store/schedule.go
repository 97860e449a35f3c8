package store

import (
	"context"
	"slices"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// SchedulerActor is who the audit log and revisions name for what the
// scheduler publishes.
var SchedulerActor = press.Actor{Name: "Scheduler"}

// PublishDue publishes, in one transaction, every scheduled article whose
// PublishedAt is not after now, and returns them as published, in ID
// order. Each gets a
// new version, a revision and an audit line by SchedulerActor, its search
// document, and its article.published webhook deliveries. Several
// processes may call it at the same moment: the conditional UPDATE is the
// claim, so each article is published exactly once (on PostgreSQL a
// concurrent caller skips the rows another holds, and re-checks the
// status of any it waited for; on SQLite writers take turns).
func (db *DB) PublishDue(ctx context.Context, now time.Time) ([]press.Article, error) {
	now = utc(now)
	ctx = press.WithActor(ctx, SchedulerActor)
	list := []press.Article{}
	err := db.write(ctx, func(t *tx) error {
		list = list[:0]
		// On PostgreSQL the rows are claimed in one order and ones another
		// caller holds are skipped (it publishes them), so callers never
		// wait on each other nor deadlock; SQLite has one writer at a time.
		claim := ""
		if t.d.lockRow != "" {
			claim = " ORDER BY id" + t.d.lockRow + " SKIP LOCKED"
		}
		ids, err := queryColumn[int64](ctx, t, `UPDATE articles SET status = ?, version = version + 1, updated_at = ?
			WHERE status = ? AND id IN (SELECT id FROM articles WHERE status = ? AND published_at <= ?`+claim+`)
			RETURNING id`,
			string(press.StatusPublished), t.d.time(now), string(press.StatusScheduled),
			string(press.StatusScheduled), t.d.time(now))
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		slices.Sort(ids)
		if err := t.searchIndexArticles(ctx, now, ids...); err != nil {
			return err
		}
		for _, id := range ids {
			a, err := t.afterSave(ctx, now, &press.Article{ID: id, Status: press.StatusScheduled}, id, revisionOpts{})
			if err != nil {
				return err
			}
			list = append(list, a)
		}
		return nil
	})
	if err != nil {
		return nil, db.fail(err, "publish due articles")
	}
	return list, nil
}

// NextScheduled returns the earliest publication time of a scheduled
// article, for the scheduler to sleep until; press.ErrNotFound when none
// is scheduled.
func (db *DB) NextScheduled(ctx context.Context) (time.Time, error) {
	var next time.Time
	err := db.read(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, "SELECT MIN(published_at) FROM articles WHERE status = ?",
			string(press.StatusScheduled)).Scan(scanTime(&next)); err != nil {
			return err
		}
		if next.IsZero() {
			return press.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return time.Time{}, db.fail(err, "next scheduled article")
	}
	return next, nil
}

// Now returns the store's clock's current time as it is stored, so that
// callers deciding what is due (the scheduler, preview links) agree with
// the times the store writes.
func (db *DB) Now() time.Time { return db.clock() }
