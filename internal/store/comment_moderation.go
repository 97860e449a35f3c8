package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// CommentFilter selects comments for the moderation queue.
type CommentFilter struct {
	Status    press.CommentStatus // "" = every status
	ArticleID int64               // 0 = every article
	Query     string              // words in the name, email or body
	Limit     int                 // 0 = 50
	Offset    int
}

// ModerationComments returns one page of the comments f selects, newest
// first, with every field a moderator needs (email, IP, reason, flags),
// and how many f selects in all.
func (db *DB) ModerationComments(ctx context.Context, f CommentFilter) ([]press.Comment, int, error) {
	where := " WHERE 1 = 1"
	var args []any
	if f.Status != "" {
		where += " AND c.status = ?"
		args = append(args, string(f.Status))
	}
	if f.ArticleID != 0 {
		where += " AND c.article_id = ?"
		args = append(args, f.ArticleID)
	}
	for _, word := range strings.Fields(f.Query) {
		like := "%" + escapeLike(strings.ToLower(word)) + "%"
		where += ` AND (LOWER(c.author_name) LIKE ? ESCAPE '\' OR LOWER(c.author_email) LIKE ? ESCAPE '\' OR LOWER(c.body) LIKE ? ESCAPE '\')`
		args = append(args, like, like, like)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	list := []press.Comment{}
	var total int
	err := db.read(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, "SELECT COUNT(*)"+commentFrom+where, args...).Scan(&total); err != nil {
			return err
		}
		return t.each(ctx, "SELECT "+commentCols+commentFrom+where+" ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?",
			append(args, f.Limit, f.Offset), func(s scanner) error {
				c, err := scanComment(s)
				list = append(list, c)
				return err
			})
	})
	if err != nil {
		return nil, 0, db.fail(err, "comments")
	}
	return list, total, nil
}

// CommentStatusCounts returns how many comments have each status, for
// the moderation queue's tabs.
func (db *DB) CommentStatusCounts(ctx context.Context) (map[press.CommentStatus]int, error) {
	counts := map[press.CommentStatus]int{}
	err := db.read(ctx, func(t *tx) error {
		return t.each(ctx, "SELECT status, COUNT(*) FROM comments GROUP BY status", nil, func(s scanner) error {
			var st string
			var n int
			err := s.Scan(&st, &n)
			counts[press.CommentStatus(st)] = n
			return err
		})
	})
	if err != nil {
		return nil, db.fail(err, "comment counts")
	}
	return counts, nil
}

// SetCommentStatus moves the comments ids to status to with reason and
// returns how many changed; comments already there are left alone.
// Approving clears the readers' reports, so that a comment a moderator
// kept needs a full set of new ones to be held again. audit names the
// action written for each change ("comment.approve"); "" writes none,
// for the newsroom's own moves (a confirmed address releasing comments).
func (db *DB) SetCommentStatus(ctx context.Context, ids []int64, to press.CommentStatus, reason, audit string) (int, error) {
	switch to {
	case press.CommentApproved, press.CommentPending, press.CommentSpam, press.CommentTrash:
	default:
		return 0, db.fail(invalid("status", "must be approved, pending, spam or trash"), "moderate comments")
	}
	changed := 0
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		for _, id := range ids {
			old, err := t.comment(ctx, id)
			if err != nil {
				return err
			}
			if old.Status == to {
				continue
			}
			if err := t.commentsChanged(ctx, id); err != nil {
				return err
			}
			if to == press.CommentApproved {
				if _, err := t.exec(ctx, "DELETE FROM comment_flags WHERE comment_id = ?", id); err != nil {
					return err
				}
				_, err = t.exec(ctx, "UPDATE comments SET status = ?, reason = ?, flags = 0, updated_at = ? WHERE id = ?",
					string(to), reason, t.d.time(now), id)
			} else {
				_, err = t.exec(ctx, "UPDATE comments SET status = ?, reason = ?, updated_at = ? WHERE id = ?",
					string(to), reason, t.d.time(now), id)
			}
			if err != nil {
				return err
			}
			changed++
			if audit != "" {
				summary := fmt.Sprintf("comment by %s on %s: %s → %s", quote(old.AuthorName), old.Article, old.Status, to)
				if err := t.audit(ctx, now, audit, commentTarget(id), summary); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, db.fail(err, "moderate comments")
	}
	return changed, nil
}
