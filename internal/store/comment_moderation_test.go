package store_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func mustComment(t *testing.T, db *store.DB, article int64, parent int64, email, body string, status press.CommentStatus) press.Comment {
	t.Helper()
	c := press.Comment{ArticleID: article, ParentID: parent, AuthorName: "Reader", AuthorEmail: email, AuthorIP: "192.0.2.1",
		Body: body, BodyHTML: "<p>" + body + "</p>", Status: status}
	if err := db.CreateComment(t.Context(), store.NewComment{Comment: &c, EditTokenHash: "hash-" + body, MaxDepth: 2,
		DuplicateSince: db.Now().Add(-24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCommentConformance(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		a := mustArticle(t, db, published("a", day(2026, 3, 1, 0), nil))
		b := mustArticle(t, db, published("b", day(2026, 3, 1, 0), nil))
		if m, err := db.CommentsModified(ctx, a.ID); err != nil || !m.IsZero() {
			t.Errorf("modified without comments: %v, %v", m, err)
		}
		top := mustComment(t, db, a.ID, 0, "ann@example.org", "top", press.CommentApproved)
		if top.ID == 0 || top.Depth != 1 || !top.CreatedAt.Equal(stored(t0)) {
			t.Errorf("created: %+v", top)
		}
		clock.Advance(time.Minute)
		reply := mustComment(t, db, a.ID, top.ID, "bob@example.org", "reply", press.CommentPending)
		if reply.Depth != 2 {
			t.Errorf("reply depth %d", reply.Depth)
		}
		for name, c := range map[string]press.Comment{
			"too deep":      {ArticleID: a.ID, ParentID: reply.ID, Body: "x", Status: press.CommentApproved},
			"other article": {ArticleID: b.ID, ParentID: top.ID, Body: "x", Status: press.CommentApproved},
			"no parent":     {ArticleID: a.ID, ParentID: 999999, Body: "x", Status: press.CommentApproved},
		} {
			err := db.CreateComment(ctx, store.NewComment{Comment: &c, MaxDepth: 2})
			var v *press.ValidationError
			if !errors.As(err, &v) || v.Fields[0].Field != "parent" {
				t.Errorf("%s: %v, want a parent error", name, err)
			}
		}
		dup := press.Comment{ArticleID: b.ID, AuthorEmail: "ann@example.org", AuthorIP: "198.51.100.1", Body: "top", Status: press.CommentApproved}
		if err := db.CreateComment(ctx, store.NewComment{Comment: &dup, DuplicateSince: db.Now().Add(-time.Hour)}); !errors.Is(err, press.ErrInvalid) {
			t.Errorf("duplicate: %v", err)
		}

		got, err := db.Comment(ctx, reply.ID)
		if err != nil || got.Article != "a" || got.ParentID != top.ID || got.BodyHTML != "<p>reply</p>" || got.Status != press.CommentPending {
			t.Errorf("comment = %+v, %v", got, err)
		}
		if h, err := db.CommentEditToken(ctx, reply.ID); err != nil || h != "hash-reply" {
			t.Errorf("edit token = %q, %v", h, err)
		}
		if _, err := db.Comment(ctx, 999999); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("missing comment: %v", err)
		}
		counts, err := db.CommentCounts(ctx, []int64{a.ID, b.ID})
		if err != nil || counts[a.ID] != 1 || counts[b.ID] != 0 {
			t.Errorf("counts = %v, %v", counts, err)
		}
		if s, err := db.Commenter(ctx, "ANN@example.org"); err != nil || !s.Approved || s.Verified {
			t.Errorf("standing = %+v, %v", s, err)
		}

		// Status changes move the thread's time and are audited.
		clock.Advance(time.Minute)
		n, err := db.SetCommentStatus(ctx, []int64{top.ID, reply.ID}, press.CommentApproved, "", "comment.approve")
		if err != nil || n != 1 {
			t.Errorf("approve: %d, %v", n, err)
		}
		if m, _ := db.CommentsModified(ctx, a.ID); !m.Equal(stored(clock.Now())) {
			t.Errorf("modified %v, want %v", m, clock.Now())
		}
		if audit, _ := db.AuditLog(ctx, store.AuditFilter{Action: "comment.approve"}); len(audit) != 1 || audit[0].Target != "comment:"+strconv.FormatInt(reply.ID, 10) {
			t.Errorf("audit = %+v", audit)
		}
		latest, err := db.LatestComments(ctx, 5)
		if err != nil || len(latest) != 2 || latest[0].ID != reply.ID {
			t.Errorf("latest = %+v, %v", latest, err)
		}

		// Reports, one per reporter, hold at the threshold.
		for i, key := range []string{"r1", "r1", "r2"} {
			flags, err := db.FlagComment(ctx, top.ID, key, 2)
			if want := []int{1, 1, 2}[i]; err != nil || flags != want {
				t.Errorf("report %d: %d, %v; want %d", i, flags, err, want)
			}
		}
		if got, _ := db.Comment(ctx, top.ID); got.Status != press.CommentPending || got.Reason != "reported 2 times" || got.Flags != 2 {
			t.Errorf("reported: %+v", got)
		}
		if _, err := db.FlagComment(ctx, top.ID, "r3", 2); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("reporting a held comment: %v", err)
		}

		// The moderation queue filters and pages.
		list, total, err := db.ModerationComments(ctx, store.CommentFilter{Status: press.CommentPending})
		if err != nil || total != 1 || list[0].ID != top.ID {
			t.Errorf("pending = %d %+v, %v", total, list, err)
		}
		list, total, err = db.ModerationComments(ctx, store.CommentFilter{Query: "BOB", ArticleID: a.ID, Limit: 1})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != reply.ID {
			t.Errorf("search = %d %+v, %v", total, list, err)
		}
		if _, total, _ := db.ModerationComments(ctx, store.CommentFilter{Query: "100%"}); total != 0 {
			t.Errorf("a LIKE wildcard matched %d", total)
		}
		st, err := db.CommentStatusCounts(ctx)
		if err != nil || st[press.CommentPending] != 1 || st[press.CommentApproved] != 1 {
			t.Errorf("status counts = %v, %v", st, err)
		}

		// Edits and the writer's own removal.
		clock.Advance(time.Minute)
		e, err := db.EditComment(ctx, reply.ID, store.CommentEdit{Body: "edited", BodyHTML: "<p>edited</p>", Status: press.CommentPending, Reason: "edited: 3 links"})
		if err != nil || e.Body != "edited" || !e.EditedAt.Equal(stored(clock.Now())) || e.Status != press.CommentPending || e.Reason != "edited: 3 links" {
			t.Errorf("edit = %+v, %v", e, err)
		}
		if err := db.RemoveOwnComment(ctx, reply.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Comment(ctx, reply.ID); got.Status != press.CommentTrash || got.Body != "" || got.BodyHTML != "" {
			t.Errorf("removed: %+v", got)
		}
		if h, _ := db.CommentEditToken(ctx, reply.ID); h != "" {
			t.Error("the edit token outlives the removal")
		}
		all, err := db.ArticleComments(ctx, a.ID)
		if err != nil || len(all) != 2 {
			t.Errorf("article comments = %+v, %v", all, err)
		}
	}, presstest.WithClock(t0))
}

func TestCommenterVerification(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		a := mustArticle(t, db, published("a", day(2026, 3, 1, 0), nil))
		held := mustComment(t, db, a.ID, 0, "cy@example.org", "held", press.CommentPending)
		if err := db.CreateCommenterToken(ctx, "old", "CY@example.org", clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateCommenterToken(ctx, "new", "cy@example.org", clock.Now().Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		clock.Advance(2 * time.Hour)
		if _, _, err := db.VerifyCommenter(ctx, "old"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("expired token: %v", err)
		}
		email, list, err := db.VerifyCommenter(ctx, "new")
		if err != nil || email != "cy@example.org" || len(list) != 1 || list[0].ID != held.ID || !list[0].Verified {
			t.Errorf("verify = %q %+v, %v", email, list, err)
		}
		if _, _, err := db.VerifyCommenter(ctx, "new"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("spent token: %v", err)
		}
		if s, _ := db.Commenter(ctx, "cy@example.org"); !s.Verified || s.Approved {
			t.Errorf("standing = %+v", s)
		}
		// The form secret is made once.
		first, err := db.CommentFormSecret(ctx, func() string { return "one" })
		second, err2 := db.CommentFormSecret(ctx, func() string { return "two" })
		if err != nil || err2 != nil || first != "one" || second != "one" {
			t.Errorf("secrets %q %q, %v %v", first, second, err, err2)
		}
	}, presstest.WithClock(t0))
}

func TestCommentBansConformance(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ban := press.CommentBan{Kind: press.BanIP, Value: "203.0.113.0/24", Reason: "floods", CreatedBy: "ed@example.org"}
		if err := db.CreateCommentBan(ctx, &ban); err != nil || ban.ID == 0 || !ban.CreatedAt.Equal(stored(t0)) {
			t.Fatalf("ban = %+v, %v", ban, err)
		}
		again := ban
		if err := db.CreateCommentBan(ctx, &again); !errors.Is(err, press.ErrConflict) {
			t.Errorf("the same ban twice: %v", err)
		}
		email := press.CommentBan{Kind: press.BanEmail, Value: "troll@example.org"}
		if err := db.CreateCommentBan(ctx, &email); err != nil {
			t.Fatal(err)
		}
		list, err := db.CommentBans(ctx)
		if err != nil || len(list) != 2 || list[0].ID != email.ID || list[1].Reason != "floods" || list[1].CreatedBy != "ed@example.org" {
			t.Errorf("bans = %+v, %v", list, err)
		}
		if err := db.DeleteCommentBan(ctx, ban.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteCommentBan(ctx, ban.ID); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("lifting a lifted ban: %v", err)
		}
		audit, _ := db.AuditLog(ctx, store.AuditFilter{Action: "comment."})
		if len(audit) != 3 || audit[0].Action != "comment.unban" {
			t.Errorf("audit = %+v", audit)
		}
	}, presstest.WithClock(t0))
}
