package store

import (
	"context"
	"strconv"

	"github.com/pressroomhq/pressroom/internal/press"
)

// CreateCommentBan stores b (validated by the caller), setting its ID and
// CreatedAt, and writes the audit line comment.ban. Banning what is
// already banned is press.ErrConflict.
func (db *DB) CreateCommentBan(ctx context.Context, b *press.CommentBan) error {
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		err := t.queryRow(ctx, `INSERT INTO comment_bans (kind, value, reason, created_at, created_by)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, string(b.Kind), b.Value, b.Reason, t.d.time(now), b.CreatedBy).Scan(&b.ID)
		if err != nil {
			return err
		}
		b.CreatedAt = now
		return t.audit(ctx, now, "comment.ban", banTarget(b.ID), string(b.Kind)+" "+b.Value+" banned"+because(b.Reason))
	})
	if err != nil {
		return db.fail(err, "ban %s %q", b.Kind, b.Value)
	}
	return nil
}

func because(reason string) string {
	if reason == "" {
		return ""
	}
	return ": " + reason
}

// DeleteCommentBan lifts ban id, writing the audit line comment.unban;
// press.ErrNotFound if there is none.
func (db *DB) DeleteCommentBan(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		var kind, value string
		if err := t.queryRow(ctx, "SELECT kind, value FROM comment_bans WHERE id = ?", id).Scan(&kind, &value); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM comment_bans WHERE id = ?", id); err != nil {
			return err
		}
		return t.audit(ctx, db.clock(), "comment.unban", banTarget(id), kind+" "+value+" no longer banned")
	})
	if err != nil {
		return db.fail(err, "unban %d", id)
	}
	return nil
}

// CommentBans returns every ban, newest first.
func (db *DB) CommentBans(ctx context.Context) ([]press.CommentBan, error) {
	list := []press.CommentBan{}
	err := db.read(ctx, func(t *tx) error {
		return t.each(ctx, "SELECT id, kind, value, reason, created_at, created_by FROM comment_bans ORDER BY created_at DESC, id DESC",
			nil, func(s scanner) error {
				var b press.CommentBan
				err := s.Scan(&b.ID, &b.Kind, &b.Value, &b.Reason, scanTime(&b.CreatedAt), &b.CreatedBy)
				list = append(list, b)
				return err
			})
	})
	if err != nil {
		return nil, db.fail(err, "comment bans")
	}
	return list, nil
}

func banTarget(id int64) string { return "comment_ban:" + strconv.FormatInt(id, 10) }
