package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// commentCols are the columns of a comment, read FROM comments c JOIN
// articles a; commentParentSource adds its parent's source id.
const commentCols = `c.id, c.article_id, a.slug, COALESCE(c.parent_id, 0), c.source_id, c.author_name, c.author_email,
	c.author_url, c.author_ip, c.body, c.body_html, c.status, c.created_at, c.user_agent, c.reason, c.flags,
	c.verified, c.edited_at`

const commentFrom = ` FROM comments c JOIN articles a ON a.id = c.article_id`

func scanComment(s scanner) (press.Comment, error) {
	var c press.Comment
	err := s.Scan(&c.ID, &c.ArticleID, &c.Article, &c.ParentID, &c.SourceID, &c.AuthorName, &c.AuthorEmail,
		&c.AuthorURL, &c.AuthorIP, &c.Body, &c.BodyHTML, &c.Status, scanTime(&c.CreatedAt), &c.UserAgent, &c.Reason,
		&c.Flags, &c.Verified, scanTime(&c.EditedAt))
	return c, err
}

// Comments returns the comments on the article slug, of every status,
// oldest first (ties by the order they were stored), with each reply's
// ParentSourceID filled from its parent; press.ErrNotFound when there is
// no such article.
func (db *DB) Comments(ctx context.Context, articleSlug string) ([]press.Comment, error) {
	list := []press.Comment{}
	err := db.read(ctx, func(t *tx) error {
		id, err := t.articleID(ctx, articleSlug)
		if err != nil {
			return err
		}
		if id == 0 {
			return press.ErrNotFound
		}
		press.Depend(ctx, press.KeyArticleComments(id))
		return t.each(ctx, `SELECT `+commentCols+`, COALESCE(p.source_id, '')`+commentFrom+`
			LEFT JOIN comments p ON p.id = c.parent_id
			WHERE c.article_id = ? ORDER BY c.created_at, c.id`, []any{id},
			func(s scanner) error {
				var c press.Comment
				var parentSource string
				err := s.Scan(&c.ID, &c.ArticleID, &c.Article, &c.ParentID, &c.SourceID, &c.AuthorName, &c.AuthorEmail,
					&c.AuthorURL, &c.AuthorIP, &c.Body, &c.BodyHTML, &c.Status, scanTime(&c.CreatedAt), &c.UserAgent, &c.Reason,
					&c.Flags, &c.Verified, scanTime(&c.EditedAt), &parentSource)
				c.ParentSourceID = parentSource
				list = append(list, c)
				return err
			})
	})
	if err != nil {
		return nil, db.fail(err, "comments on %q", articleSlug)
	}
	return list, nil
}

// comment imports c: created or updated by its article and SourceID. Its
// parent, named by source id on the same article, may come later in the
// stream.
func (s *stream) comment(ctx context.Context, c *press.Comment) (outcome, error) {
	if err := c.Validate(); err != nil {
		return unchanged, err
	}
	if c.SourceID == "" {
		return unchanged, invalid("source_id", "is required to import a comment, so that importing again finds it")
	}
	article, err := s.articleID(ctx, c.Article)
	if err != nil {
		return unchanged, err
	}
	if article == 0 {
		return unchanged, invalid("article", "article "+quote(c.Article)+" does not exist")
	}
	cols := []column{
		{"author_name", c.AuthorName},
		{"author_email", c.AuthorEmail},
		{"author_url", c.AuthorURL},
		{"author_ip", c.AuthorIP},
		{"body", c.Body},
		{"body_html", c.BodyHTML},
		{"status", string(c.Status)},
		{"created_at", s.t.d.time(c.CreatedAt)},
	}
	wait := false
	if c.ParentSourceID == "" {
		cols = append(cols, column{"parent_id", nil})
	} else {
		parent, err := s.t.commentID(ctx, article, c.ParentSourceID)
		if err != nil {
			return unchanged, err
		}
		if parent == 0 {
			wait = true // linked at the end of the stream
		} else {
			cols = append(cols, column{"parent_id", parent})
		}
	}
	id, what, err := s.t.upsert(ctx, record{
		table: "comments",
		key:   []column{{"article_id", article}, {"source_id", c.SourceID}},
		cols:  cols,
	}, s.r.now)
	if err != nil {
		return what, err
	}
	c.ID = id
	if what != unchanged {
		// The article page's Last-Modified follows its thread.
		if _, err := s.t.exec(ctx, "UPDATE comments SET updated_at = ? WHERE id = ?", s.t.d.time(s.r.now), id); err != nil {
			return what, err
		}
	}
	if wait {
		s.commentParents = append(s.commentParents, waiting{id: id, scope: article, target: c.ParentSourceID, name: c.SourceID, what: what})
	}
	if what == updated {
		// A stored comment may have moved under one of its replies.
		s.comments = true
	}
	return what, nil
}

// commentID returns the id of the comment with the source id on the
// article, or 0 when there is none.
func (t *tx) commentID(ctx context.Context, article int64, sourceID string) (int64, error) {
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM comments WHERE article_id = ? AND source_id = ?", article, sourceID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// articleID returns the id of the article slug, or 0 when there is none.
func (t *tx) articleID(ctx context.Context, slug string) (int64, error) {
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM articles WHERE slug = ?", slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// checkCommentThreads fails when replies form a cycle, a comment
// answering one of its own replies, which no thread could show.
func (t *tx) checkCommentThreads(ctx context.Context) error {
	return t.checkTree(ctx, "comments", "source_id", "comment")
}

// checkTree fails when the parent_id links of table form a cycle, naming
// a row in it by its column name. It reads only rows that have a parent,
// which are the only ones a cycle can contain.
func (t *tx) checkTree(ctx context.Context, table, name, what string) error {
	parent := map[int64]int64{}
	names := map[int64]string{}
	err := t.each(ctx, "SELECT id, "+name+", parent_id FROM "+table+" WHERE parent_id IS NOT NULL", nil,
		func(s scanner) error {
			var id, p int64
			var n string
			err := s.Scan(&id, &n, &p)
			parent[id], names[id] = p, n
			return err
		})
	if err != nil {
		return err
	}
	// Walk up from every row: a row in a cycle meets itself. A walk
	// longer than the number of rows has entered a cycle that does not
	// contain its start; that cycle's own rows report it.
	for start := range parent {
		id := start
		for steps := 0; steps <= len(parent); steps++ {
			next, ok := parent[id]
			if !ok {
				break
			}
			if next == start {
				return invalid("parent", what+" "+quote(names[start])+" would be its own ancestor")
			}
			id = next
		}
	}
	return nil
}

// NewComment is a comment written on this site, with what the store must
// check in the same transaction as the insert.
type NewComment struct {
	Comment *press.Comment // ArticleID, ParentID, author, bodies, status, reason…; ID and CreatedAt are set
	// EditTokenHash is the SHA-256 (hex) of the secret the writer keeps
	// to edit or delete the comment; the secret itself is never stored.
	EditTokenHash string
	// MaxDepth refuses a reply that would nest deeper (0: no limit).
	MaxDepth int
	// DuplicateSince refuses the same body from the same email address
	// or IP address written after it (zero: no check).
	DuplicateSince time.Time
}

// CreateComment stores a new comment. A parent on another article, a
// reply deeper than MaxDepth, or a duplicate is *press.ValidationError
// (fields parent and body). CreatedAt is the store's clock.
func (db *DB) CreateComment(ctx context.Context, n NewComment) error {
	c := n.Comment
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		var parent any
		if c.ParentID != 0 {
			depth, article, err := t.commentDepth(ctx, c.ParentID)
			if err != nil {
				return err
			}
			if depth == 0 || article != c.ArticleID {
				return invalid("parent", "is not a comment on this article")
			}
			if n.MaxDepth > 0 && depth+1 > n.MaxDepth {
				return invalid("parent", fmt.Sprintf("replies nest at most %d deep; answer a comment higher up", n.MaxDepth))
			}
			parent = c.ParentID
			c.Depth = depth + 1
		} else {
			c.Depth = 1
		}
		if !n.DuplicateSince.IsZero() {
			var dup int
			err := t.queryRow(ctx, `SELECT COUNT(*) FROM comments WHERE body = ? AND created_at > ?
				AND (author_email = ? OR author_ip = ?)`, c.Body, t.d.time(n.DuplicateSince),
				emailOrNothing(c.AuthorEmail), ipOrNothing(c.AuthorIP)).Scan(&dup)
			if err != nil {
				return err
			}
			if dup > 0 {
				return invalid("body", "you have already posted this comment")
			}
		}
		c.CreatedAt = now
		// Held or not, the thread's Last-Modified moves.
		t.changed(press.KeyArticleComments(c.ArticleID))
		if c.Status == press.CommentApproved {
			t.changed(press.KeyComments)
		}
		return t.queryRow(ctx, `INSERT INTO comments (article_id, parent_id, author_name, author_email, author_url,
				author_ip, body, body_html, status, created_at, updated_at, user_agent, reason, verified, edit_token_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.ArticleID, parent, c.AuthorName, c.AuthorEmail, c.AuthorURL, c.AuthorIP, c.Body, c.BodyHTML,
			string(c.Status), t.d.time(now), t.d.time(now), c.UserAgent, c.Reason, c.Verified, n.EditTokenHash).Scan(&c.ID)
	})
	if err != nil {
		return db.fail(err, "comment on article %d", c.ArticleID)
	}
	return nil
}

// commentsChanged records that comments ids changed: their articles'
// threads, and the latest comments.
func (t *tx) commentsChanged(ctx context.Context, ids ...int64) error {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	articles, err := queryColumn[int64](ctx, t, "SELECT DISTINCT article_id FROM comments WHERE id IN ("+placeholders(len(ids))+")", args...)
	if err != nil {
		return err
	}
	for _, id := range articles {
		t.changed(press.KeyArticleComments(id))
	}
	t.changed(press.KeyComments)
	return nil
}

// emailOrNothing and ipOrNothing keep an empty address from matching
// every other comment without one (imported ones, say).
func emailOrNothing(s string) string {
	if s == "" {
		return "\x00"
	}
	return s
}

func ipOrNothing(s string) string { return emailOrNothing(s) }

// commentDepth returns how deep comment id nests (1 for a top-level
// one) and its article, or 0, 0 when there is no such comment.
func (t *tx) commentDepth(ctx context.Context, id int64) (int, int64, error) {
	depth, article := 0, int64(0)
	seen := map[int64]bool{}
	for id != 0 && !seen[id] {
		seen[id] = true
		var parent sql.NullInt64
		var a int64
		err := t.queryRow(ctx, "SELECT article_id, parent_id FROM comments WHERE id = ?", id).Scan(&a, &parent)
		if errors.Is(err, sql.ErrNoRows) {
			if depth == 0 {
				return 0, 0, nil
			}
			break
		}
		if err != nil {
			return 0, 0, err
		}
		if depth == 0 {
			article = a
		}
		depth++
		id = parent.Int64
	}
	return depth, article, nil
}

// Comment returns comment id with its article's slug, or
// press.ErrNotFound.
func (db *DB) Comment(ctx context.Context, id int64) (press.Comment, error) {
	var c press.Comment
	err := db.read(ctx, func(t *tx) error {
		var err error
		c, err = t.comment(ctx, id)
		return err
	})
	if err != nil {
		return press.Comment{}, db.fail(err, "comment %d", id)
	}
	return c, nil
}

func (t *tx) comment(ctx context.Context, id int64) (press.Comment, error) {
	c, err := scanComment(t.queryRow(ctx, "SELECT "+commentCols+commentFrom+" WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, press.ErrNotFound
	}
	return c, err
}

// CommentEditToken returns the hash of comment id's edit token ("" for
// imported comments and removed ones); press.ErrNotFound if none.
func (db *DB) CommentEditToken(ctx context.Context, id int64) (string, error) {
	var hash string
	err := db.read(ctx, func(t *tx) error {
		err := t.queryRow(ctx, "SELECT edit_token_hash FROM comments WHERE id = ?", id).Scan(&hash)
		if errors.Is(err, sql.ErrNoRows) {
			return press.ErrNotFound
		}
		return err
	})
	if err != nil {
		return "", db.fail(err, "comment %d", id)
	}
	return hash, nil
}

// ArticleComments returns every comment on article id, of every status,
// oldest first: the newsroom builds threads from it.
func (db *DB) ArticleComments(ctx context.Context, articleID int64) ([]press.Comment, error) {
	press.Depend(ctx, press.KeyArticleComments(articleID))
	var list []press.Comment
	err := db.read(ctx, func(t *tx) error {
		return t.each(ctx, "SELECT "+commentCols+commentFrom+" WHERE c.article_id = ? ORDER BY c.created_at, c.id",
			[]any{articleID}, func(s scanner) error {
				c, err := scanComment(s)
				list = append(list, c)
				return err
			})
	})
	if err != nil {
		return nil, db.fail(err, "comments on article %d", articleID)
	}
	return list, nil
}

// CommentCounts returns the number of approved comments of each article
// in ids that has any.
func (db *DB) CommentCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	counts := map[int64]int{}
	if len(ids) == 0 {
		return counts, nil
	}
	args := []any{string(press.CommentApproved)}
	for _, id := range ids {
		args = append(args, id)
		press.Depend(ctx, press.KeyArticleComments(id))
	}
	err := db.read(ctx, func(t *tx) error {
		return t.each(ctx, "SELECT article_id, COUNT(*) FROM comments WHERE status = ? AND article_id IN ("+
			placeholders(len(ids))+") GROUP BY article_id", args, func(s scanner) error {
			var id int64
			var n int
			err := s.Scan(&id, &n)
			counts[id] = n
			return err
		})
	})
	if err != nil {
		return nil, db.fail(err, "comment counts")
	}
	return counts, nil
}

// LatestComments returns the newest approved comments on published
// articles, newest first.
func (db *DB) LatestComments(ctx context.Context, limit int) ([]press.Comment, error) {
	if limit <= 0 {
		limit = 20
	}
	press.Depend(ctx, press.KeyComments)
	var list []press.Comment
	err := db.read(ctx, func(t *tx) error {
		return t.each(ctx, "SELECT "+commentCols+commentFrom+" WHERE c.status = ? AND a.status = ?"+
			" ORDER BY c.created_at DESC, c.id DESC LIMIT ?",
			[]any{string(press.CommentApproved), string(press.StatusPublished), limit}, func(s scanner) error {
				c, err := scanComment(s)
				list = append(list, c)
				return err
			})
	})
	if err != nil {
		return nil, db.fail(err, "latest comments")
	}
	return list, nil
}

// CommentsModified returns when anything in article id's thread last
// changed (a comment posted, edited, approved or removed), or the zero
// time: the article page's Last-Modified takes it into account, so a
// comment changes only its own article's page.
func (db *DB) CommentsModified(ctx context.Context, articleID int64) (time.Time, error) {
	press.Depend(ctx, press.KeyArticleComments(articleID))
	var last time.Time
	err := db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, "SELECT MAX(updated_at) FROM comments WHERE article_id = ?", articleID).Scan(scanTime(&last))
	})
	if err != nil {
		return time.Time{}, db.fail(err, "comments modified on article %d", articleID)
	}
	return last, nil
}

// CommentEdit is a change to a comment's body.
type CommentEdit struct {
	Body, BodyHTML string
	Status         press.CommentStatus // "" keeps the status
	Reason         string              // with Status
	// Audit names the audit action ("comment.edit") for a moderator's
	// edit; "" writes no audit line (a writer editing their own).
	Audit string
}

// EditComment changes comment id's body (and perhaps status), setting
// EditedAt, and returns it; press.ErrNotFound if there is none.
func (db *DB) EditComment(ctx context.Context, id int64, e CommentEdit) (press.Comment, error) {
	var c press.Comment
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		old, err := t.comment(ctx, id)
		if err != nil {
			return err
		}
		if err := t.commentsChanged(ctx, id); err != nil {
			return err
		}
		status, reason := old.Status, old.Reason
		if e.Status != "" {
			status, reason = e.Status, e.Reason
		}
		if _, err := t.exec(ctx, `UPDATE comments SET body = ?, body_html = ?, status = ?, reason = ?, edited_at = ?, updated_at = ?
			WHERE id = ?`, e.Body, e.BodyHTML, string(status), reason, t.d.time(now), t.d.time(now), id); err != nil {
			return err
		}
		if e.Audit != "" {
			if err := t.audit(ctx, now, e.Audit, commentTarget(id), "comment by "+quote(old.AuthorName)+" on "+old.Article+" edited"); err != nil {
				return err
			}
		}
		c, err = t.comment(ctx, id)
		return err
	})
	if err != nil {
		return press.Comment{}, db.fail(err, "edit comment %d", id)
	}
	return c, nil
}

// RemoveOwnComment empties comment id and puts it in the trash, as its
// writer asked: the words go, a placeholder may keep its replies in
// place.
func (db *DB) RemoveOwnComment(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		res, err := t.exec(ctx, `UPDATE comments SET body = '', body_html = '', status = ?, reason = ?, updated_at = ?,
			edit_token_hash = '' WHERE id = ?`, string(press.CommentTrash), "deleted by its writer", t.d.time(now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return press.ErrNotFound
		}
		return t.commentsChanged(ctx, id)
	})
	if err != nil {
		return db.fail(err, "delete comment %d", id)
	}
	return nil
}

// FlagComment records a report on approved comment id by reporter (one
// per reporter) and returns the number of reports. At threshold the
// comment goes back to pending with the reason "reported N times". A
// comment that is not approved is press.ErrNotFound: readers cannot see
// it.
func (db *DB) FlagComment(ctx context.Context, id int64, reporter string, threshold int) (int, error) {
	var flags int
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		var status string
		err := t.queryRow(ctx, "SELECT status FROM comments WHERE id = ?"+t.d.lockRow, id).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) || status != string(press.CommentApproved) {
			return press.ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "INSERT INTO comment_flags (comment_id, reporter, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			id, reporter, t.d.time(now)); err != nil {
			return err
		}
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM comment_flags WHERE comment_id = ?", id).Scan(&flags); err != nil {
			return err
		}
		if threshold > 0 && flags >= threshold {
			if err := t.commentsChanged(ctx, id); err != nil {
				return err
			}
			_, err = t.exec(ctx, "UPDATE comments SET flags = ?, status = ?, reason = ?, updated_at = ? WHERE id = ?",
				flags, string(press.CommentPending), fmt.Sprintf("reported %d times", flags), t.d.time(now), id)
		} else {
			_, err = t.exec(ctx, "UPDATE comments SET flags = ? WHERE id = ?", flags, id)
		}
		return err
	})
	if err != nil {
		return 0, db.fail(err, "report comment %d", id)
	}
	return flags, nil
}

// CommenterStanding is what the store knows of an email address.
type CommenterStanding struct {
	Approved bool // has an approved comment
	Verified bool // confirmed the address
}

// Commenter returns the standing of email (compared in lower case).
func (db *DB) Commenter(ctx context.Context, email string) (CommenterStanding, error) {
	var s CommenterStanding
	email = strings.ToLower(email)
	err := db.read(ctx, func(t *tx) error {
		var approved, verified int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM comments WHERE LOWER(author_email) = ? AND status = ?",
			email, string(press.CommentApproved)).Scan(&approved); err != nil {
			return err
		}
		err := t.queryRow(ctx, "SELECT COUNT(*) FROM commenters WHERE email = ? AND verified_at IS NOT NULL", email).Scan(&verified)
		s.Approved, s.Verified = approved > 0, verified > 0
		return err
	})
	if err != nil {
		return s, db.fail(err, "commenter")
	}
	return s, nil
}

// CreateCommenterToken stores the hash of a confirmation token mailed to
// email, good until expires.
func (db *DB) CreateCommenterToken(ctx context.Context, tokenHash, email string, expires time.Time) error {
	err := db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, "INSERT INTO commenter_tokens (token_hash, email, created_at, expires_at) VALUES (?, ?, ?, ?)",
			tokenHash, strings.ToLower(email), t.d.time(db.clock()), t.d.time(expires))
		return err
	})
	if err != nil {
		return db.fail(err, "commenter token")
	}
	return nil
}

// VerifyCommenter confirms the address whose token hashes to tokenHash:
// marks it verified (and its comments), spends its tokens, and returns
// the address and its comments still pending. An unknown or expired
// token is press.ErrNotFound.
func (db *DB) VerifyCommenter(ctx context.Context, tokenHash string) (string, []press.Comment, error) {
	var email string
	var held []press.Comment
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		var expires time.Time
		err := t.queryRow(ctx, "SELECT email, expires_at FROM commenter_tokens WHERE token_hash = ?", tokenHash).
			Scan(&email, scanTime(&expires))
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !now.Before(expires)) {
			return press.ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM commenter_tokens WHERE email = ?", email); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO commenters (email, verified_at, created_at) VALUES (?, ?, ?)
			ON CONFLICT (email) DO UPDATE SET verified_at = excluded.verified_at`, email, t.d.time(now), t.d.time(now)); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE comments SET verified = ? WHERE LOWER(author_email) = ?", true, email); err != nil {
			return err
		}
		return t.each(ctx, "SELECT "+commentCols+commentFrom+" WHERE LOWER(c.author_email) = ? AND c.status = ? ORDER BY c.id",
			[]any{email, string(press.CommentPending)}, func(s scanner) error {
				c, err := scanComment(s)
				held = append(held, c)
				return err
			})
	})
	if err != nil {
		return "", nil, db.fail(err, "verify commenter")
	}
	return email, held, nil
}

// CommentFormSecret returns the site's key for signing comment forms,
// storing the one gen makes when there is none yet.
func (db *DB) CommentFormSecret(ctx context.Context, gen func() string) (string, error) {
	var secret string
	err := db.write(ctx, func(t *tx) error {
		err := t.queryRow(ctx, "SELECT value FROM settings WHERE key = ?", settingCommentSecret).Scan(&secret)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// Two first requests at once: the first insert wins, both read it.
		if _, err := t.exec(ctx, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
			settingCommentSecret, gen(), t.d.time(db.clock())); err != nil {
			return err
		}
		return t.queryRow(ctx, "SELECT value FROM settings WHERE key = ?", settingCommentSecret).Scan(&secret)
	})
	if err != nil {
		return "", db.fail(err, "comment form secret")
	}
	return secret, nil
}

// settingCommentSecret keys the comment forms' signing key.
const settingCommentSecret = "comment_form_secret"

func commentTarget(id int64) string { return "comment:" + strconv.FormatInt(id, 10) }
