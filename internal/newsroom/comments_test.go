package newsroom_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/mail"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// commentSite is a newsroom with staff and published articles "river"
// and "bridge" (published a day before start), under policy.
type commentSite struct {
	*staff
	t *testing.T
}

func mustCommentSite(t *testing.T, db *store.DB, policy func(p *press.CommentPolicy), articles ...press.Article) *commentSite {
	t.Helper()
	ctx := t.Context()
	s := &commentSite{staff: mustNewsroomStaff(t, db), t: t}
	site, err := db.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	site.BaseURL = "https://ledger.example.org"
	if policy != nil {
		policy(&site.Comments)
	}
	if err := db.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	b := press.Bundle{Articles: append([]press.Article{published("river"), published("bridge")}, articles...)}
	if _, err := s.n.Import(ctx, b); err != nil {
		t.Fatal(err)
	}
	return s
}

func published(slug string) press.Article {
	return press.Article{Slug: slug, Title: "About the " + slug, Body: press.Markdown{Source: "Words."},
		Status: press.StatusPublished, PublishedAt: start.Add(-24 * time.Hour)}
}

// in is a human's comment: a form open for a minute.
func in(article, name, body string) newsroom.CommentInput {
	return newsroom.CommentInput{ArticleSlug: article, Name: name, Email: strings.ToLower(name) + "@readers.example",
		Body: body, IP: "192.0.2.10", UserAgent: "Test/1.0", FormAge: time.Minute}
}

func (s *commentSite) post(c newsroom.CommentInput) newsroom.CommentResult {
	s.t.Helper()
	res, err := s.n.PostComment(s.t.Context(), c)
	if err != nil {
		s.t.Fatalf("post %+v: %v", c, err)
	}
	return res
}

// stored is the comment as moderators see it.
func (s *commentSite) stored(id int64) press.Comment {
	s.t.Helper()
	list, _, err := s.n.Comments(s.t.Context(), s.editor, store.CommentFilter{Limit: 1000})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, c := range list {
		if c.ID == id {
			return c
		}
	}
	s.t.Fatalf("comment %d not in the moderation list", id)
	return press.Comment{}
}

func (s *commentSite) approve(ids ...int64) {
	s.t.Helper()
	if _, err := s.n.ModerateComments(s.t.Context(), s.editor, ids, press.CommentApproved); err != nil {
		s.t.Fatal(err)
	}
}

func (s *commentSite) thread(slug string) []press.Comment {
	s.t.Helper()
	list, err := s.n.Thread(s.t.Context(), slug)
	if err != nil {
		s.t.Fatal(err)
	}
	return list
}

func bodies(list []press.Comment) string {
	var parts []string
	for _, c := range list {
		parts = append(parts, fmt.Sprintf("%d:%s", c.Depth, strings.TrimSpace(c.Body)))
	}
	return strings.Join(parts, " | ")
}

func wantStatus(t *testing.T, c press.Comment, status press.CommentStatus, reason string) {
	t.Helper()
	if c.Status != status || !strings.Contains(c.Reason, reason) {
		t.Errorf("comment %d %q: %s %q, want %s %q", c.ID, c.Body, c.Status, c.Reason, status, reason)
	}
}

func fieldErr(t *testing.T, err error, field string) {
	t.Helper()
	var v *press.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("err = %v, want a validation error on %s", err, field)
	}
	for _, f := range v.Fields {
		if f.Field == field {
			return
		}
	}
	t.Errorf("err = %v, want a field error on %s", err, field)
}

func TestCommentFirstHeldThenTrusted(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, nil)
		ctx := t.Context()
		first := s.post(in("river", "Ada", "The water was high this spring."))
		if first.Comment.Status != press.CommentPending || first.EditToken == "" || first.VerifySent {
			t.Errorf("first comment: %+v", first)
		}
		wantStatus(t, s.stored(first.Comment.ID), press.CommentPending, "first comment")
		if got := s.thread("river"); len(got) != 0 {
			t.Errorf("thread shows a held comment: %s", bodies(got))
		}
		s.clock.Advance(time.Minute)
		s.approve(first.Comment.ID)
		second := s.post(in("river", "Ada", "And the bridge held."))
		if second.Comment.Status != press.CommentApproved {
			t.Errorf("an approved commenter's next comment: %s %q", second.Comment.Status, second.Comment.Reason)
		}
		got := s.thread("river")
		if bodies(got) != "1:The water was high this spring. | 1:And the bridge held." {
			t.Errorf("thread: %s", bodies(got))
		}
		if got[0].AuthorEmail != "" || got[0].AuthorIP != "" || got[0].Reason != "" || got[0].BodyHTML == "" {
			t.Errorf("thread leaks or lacks fields: %+v", got[0])
		}
		if n, err := s.n.CommentCount(ctx, got[0].ArticleID); err != nil || n != 2 {
			t.Errorf("count = %d, %v; want 2", n, err)
		}
		if m, err := s.n.CommentsModified(ctx, got[0].ArticleID); err != nil || !m.Equal(s.clock.Now()) {
			t.Errorf("comments modified = %v, %v; want %v", m, err, s.clock.Now())
		}
		latest, err := s.n.LatestComments(ctx, 1)
		if err != nil || len(latest) != 1 || latest[0].Body != "And the bridge held." || latest[0].Article != "river" || latest[0].AuthorEmail != "" {
			t.Errorf("latest = %+v, %v", latest, err)
		}
		audit, err := db.AuditLog(ctx, store.AuditFilter{Action: "comment.approve"})
		if err != nil || len(audit) != 1 || audit[0].Actor != s.editor.Name {
			t.Errorf("audit = %+v, %v", audit, err)
		}
	}, presstest.WithClock(start))
}

func TestCommentHeldByPolicy(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, func(p *press.CommentPolicy) {
			p.HoldFirst = false
			p.BlockedWords = []string{"scoundrel"}
		})
		ok := s.post(in("river", "Bea", "Two links are fine: https://a.example and https://b.example"))
		wantStatus(t, ok.Comment, press.CommentApproved, "")
		links := s.post(in("river", "Cy", "See https://a.example, https://b.example and https://c.example"))
		wantStatus(t, s.stored(links.Comment.ID), press.CommentPending, "3 links")
		word := s.post(in("river", "Di", "The mayor is a Scoundrel, plainly."))
		wantStatus(t, s.stored(word.Comment.ID), press.CommentPending, "blocked word scoundrel")
		shout := s.post(in("river", "Ed", "BUY NOW!!!!!!!! CLICK HERE FOR FREE MONEY FROM HOME"))
		if c := s.stored(shout.Comment.ID); c.Status == press.CommentApproved || !strings.Contains(c.Reason, "spam score") {
			t.Errorf("spammy comment: %s %q", c.Status, c.Reason)
		}
		if got := bodies(s.thread("river")); got != "1:Two links are fine: https://a.example and https://b.example" {
			t.Errorf("thread: %s", got)
		}
	}, presstest.WithClock(start))
}

func TestCommentSpamIsSilent(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, func(p *press.CommentPolicy) { p.HoldFirst = false })
		bot := in("river", "Bot", "Nice post.")
		bot.Honeypot = "http://spam.example"
		quick := in("river", "Quick", "Great article.")
		quick.FormAge = time.Second
		human := in("river", "Hu", "A considered view.")
		for _, c := range []newsroom.CommentInput{bot, quick} {
			res := s.post(c)
			// The answer is that of any held comment.
			if res.Comment.Status != press.CommentPending || res.Comment.Reason != "" || res.EditToken == "" {
				t.Errorf("%s: answer %+v", c.Name, res)
			}
			wantStatus(t, s.stored(res.Comment.ID), press.CommentSpam, "")
		}
		s.post(human)
		if got := bodies(s.thread("river")); got != "1:A considered view." {
			t.Errorf("thread: %s", got)
		}
		spam, n, err := s.n.Comments(t.Context(), s.editor, store.CommentFilter{Status: press.CommentSpam})
		if err != nil || n != 2 || !strings.Contains(spam[1].Reason, "honeypot") || !strings.Contains(spam[0].Reason, "form sent after 1s") {
			t.Errorf("spam queue: %d %+v %v", n, spam, err)
		}
	}, presstest.WithClock(start))
}

func TestCommentReports(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, func(p *press.CommentPolicy) { p.HoldFirst, p.FlagThreshold = false, 2 })
		ctx := t.Context()
		c := s.post(in("river", "Fay", "A sharp remark.")).Comment
		for _, key := range []string{"reader-1", "reader-1"} { // the same reader twice counts once
			if err := s.n.ReportComment(ctx, c.ID, key); err != nil {
				t.Fatal(err)
			}
		}
		wantStatus(t, s.stored(c.ID), press.CommentApproved, "")
		if err := s.n.ReportComment(ctx, c.ID, "reader-2"); err != nil {
			t.Fatal(err)
		}
		got := s.stored(c.ID)
		wantStatus(t, got, press.CommentPending, "reported 2 times")
		if got.Flags != 2 || len(s.thread("river")) != 0 {
			t.Errorf("flags %d, thread %s", got.Flags, bodies(s.thread("river")))
		}
		if err := s.n.ReportComment(ctx, c.ID, "reader-3"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("reporting a held comment: %v, want not found", err)
		}
		// A moderator keeps it: the reports are cleared.
		s.approve(c.ID)
		if got := s.stored(c.ID); got.Flags != 0 {
			t.Errorf("flags after approval: %d", got.Flags)
		}
	}, presstest.WithClock(start))
}

func TestCommentBans(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, func(p *press.CommentPolicy) { p.HoldFirst = false })
		ctx := t.Context()
		for _, u := range []*press.User{s.contributor, s.author} {
			if err := s.n.BanCommenter(ctx, u, press.CommentBan{Kind: press.BanEmail, Value: "troll@readers.example"}); !errors.Is(err, press.ErrForbidden) {
				t.Errorf("%s bans: %v, want forbidden", u.Role, err)
			}
		}
		for _, b := range []press.CommentBan{
			{Kind: press.BanEmail, Value: "Troll@Readers.example", Reason: "abuse"},
			{Kind: press.BanIP, Value: "203.0.113.0/24"},
			{Kind: press.BanIP, Value: "2001:db8:bad::/48"},
		} {
			if err := s.n.BanCommenter(ctx, s.editor, b); err != nil {
				t.Fatal(err)
			}
		}
		fieldErr(t, s.n.BanCommenter(ctx, s.editor, press.CommentBan{Kind: press.BanIP, Value: "203.0.113.300"}), "value")
		troll := in("river", "Troll", "Rubbish.")
		v4 := in("river", "Gus", "From a banned network.")
		v4.IP = "203.0.113.77"
		v6 := in("river", "Hal", "From a banned v6 network.")
		v6.IP = "2001:db8:bad:1::9"
		for _, c := range []newsroom.CommentInput{troll, v4, v6} {
			_, err := s.n.PostComment(ctx, c)
			if !errors.Is(err, newsroom.ErrCommentRefused) || !errors.Is(err, press.ErrForbidden) || errors.Is(err, newsroom.ErrCommentsClosed) {
				t.Errorf("%s from %s: %v, want the generic refusal", c.Email, c.IP, err)
			}
		}
		near := in("river", "Ivy", "From next door.")
		near.IP = "2001:db8:bae::1"
		s.post(near)
		bans, err := s.n.Bans(ctx, s.editor)
		if err != nil || len(bans) != 3 || bans[2].Value != "troll@readers.example" || bans[2].CreatedBy != s.editor.Email {
			t.Fatalf("bans = %+v, %v", bans, err)
		}
		if err := s.n.Unban(ctx, s.editor, bans[2].ID); err != nil {
			t.Fatal(err)
		}
		s.post(troll)
		for action, want := range map[string]int{"comment.ban": 3, "comment.unban": 1} {
			if got, _ := db.AuditLog(ctx, store.AuditFilter{Action: action}); len(got) != want {
				t.Errorf("%s audit lines: %d, want %d", action, len(got), want)
			}
		}
	}, presstest.WithClock(start))
}

func TestCommentRateLimitsAndDuplicates(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, func(p *press.CommentPolicy) { p.HoldFirst = false })
		ctx := t.Context()
		// Five from one IP address under different names, then a wait.
		for i := range 5 {
			s.post(in("river", fmt.Sprintf("Reader%d", i), fmt.Sprintf("Thought number %d.", i)))
			s.clock.Advance(time.Minute)
		}
		_, err := s.n.PostComment(ctx, in("river", "Reader9", "One more."))
		var rl *newsroom.RateLimitError
		if !errors.As(err, &rl) || rl.RetryAfter != 5*time.Minute {
			t.Fatalf("sixth from one IP: %v, want a rate limit with 5m to wait", err)
		}
		s.clock.Advance(5 * time.Minute)
		s.post(in("river", "Reader9", "One more."))

		// Five from one address on different IP addresses.
		for i := range 5 {
			c := in("bridge", "Jo", fmt.Sprintf("Remark %d.", i))
			c.IP = fmt.Sprintf("198.51.100.%d", i+1)
			s.post(c)
		}
		c := in("bridge", "Jo", "Remark 6.")
		c.IP = "198.51.100.99"
		if _, err := s.n.PostComment(ctx, c); !errors.As(err, &rl) || rl.RetryAfter <= 0 || rl.RetryAfter > 10*time.Minute {
			t.Errorf("sixth from one address: %v", err)
		}

		// IPv6 addresses count by their /64, which one subscriber holds.
		for i := range 5 {
			c := in("bridge", fmt.Sprintf("Six%d", i), fmt.Sprintf("From v6 %d.", i))
			c.IP = fmt.Sprintf("2001:db8:1:2::%d", i+1)
			s.post(c)
		}
		c = in("bridge", "Six9", "From v6 again.")
		c.IP = "2001:db8:1:2:ffff::9"
		if _, err := s.n.PostComment(ctx, c); !errors.As(err, &rl) {
			t.Errorf("sixth from one /64: %v", err)
		}
		c.IP = "2001:db8:1:3::9"
		s.post(c)

		// The same words twice within a day are refused.
		s.clock.Advance(time.Hour)
		dup := in("bridge", "Kim", "Exactly this.")
		s.post(dup)
		_, err = s.n.PostComment(ctx, dup)
		fieldErr(t, err, "body")
		s.clock.Advance(25 * time.Hour)
		s.post(dup)
	}, presstest.WithClock(start))
}

func TestCommentsClosed(t *testing.T) {
	t.Parallel()
	closed := published("closed")
	closed.Comments = press.CommentsClosed
	members := published("members")
	members.Comments = press.CommentsMembers
	old := published("old")
	old.PublishedAt = start.AddDate(0, 0, -40)
	draft := press.Article{Slug: "draft", Title: "Draft", Body: press.Markdown{Source: "Soon."}, Status: press.StatusDraft}
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, func(p *press.CommentPolicy) { p.CloseAfterDays = 30 }, closed, members, old, draft)
		ctx := t.Context()
		if a, err := db.Article(ctx, "closed"); err != nil || a.Comments != press.CommentsClosed {
			t.Fatalf("the article's mode is not stored: %q, %v", a.Comments, err)
		}
		for _, slug := range []string{"closed", "old", "draft"} {
			if _, err := s.n.PostComment(ctx, in(slug, "Lu", "Hello.")); !errors.Is(err, newsroom.ErrCommentsClosed) || !errors.Is(err, press.ErrForbidden) {
				t.Errorf("%s: %v, want comments closed", slug, err)
			}
		}
		_, err := s.n.PostComment(ctx, in("members", "Lu", "Hello."))
		if !errors.Is(err, newsroom.ErrCommentsClosed) || !strings.Contains(err.Error(), "only members") {
			t.Errorf("members only: %v", err)
		}
		if _, err := s.n.PostComment(ctx, in("nowhere", "Lu", "Hello.")); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("no article: %v", err)
		}
	}, presstest.WithClock(start))
}

func TestCommentReplies(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, func(p *press.CommentPolicy) { p.HoldFirst, p.MaxDepth = false, 3 })
		ctx := t.Context()
		reply := func(parent int64, name, body string) newsroom.CommentInput {
			c := in("river", name, body)
			c.ParentID = parent
			c.IP = "192.0.2." + fmt.Sprint(len(body))
			return c
		}
		a := s.post(in("river", "Mo", "A")).Comment
		s.clock.Advance(time.Minute)
		b := s.post(in("river", "Ned", "B")).Comment
		s.clock.Advance(time.Minute)
		a1 := s.post(reply(a.ID, "Ola", "A1")).Comment
		s.clock.Advance(time.Minute)
		a1a := s.post(reply(a1.ID, "Pia", "A1a")).Comment
		s.clock.Advance(time.Minute)
		s.post(reply(b.ID, "Quin", "B1"))
		if a1a.Depth != 3 {
			t.Errorf("depth of the third level: %d", a1a.Depth)
		}
		_, err := s.n.PostComment(ctx, reply(a1a.ID, "Rui", "Too deep"))
		fieldErr(t, err, "parent")
		other := s.post(in("bridge", "Sam", "Elsewhere")).Comment
		_, err = s.n.PostComment(ctx, reply(other.ID, "Rui", "Wrong article"))
		fieldErr(t, err, "parent")

		if got := bodies(s.thread("river")); got != "1:A | 2:A1 | 3:A1a | 1:B | 2:B1" {
			t.Errorf("thread: %s", got)
		}
		// A removed parent with shown replies stays as a placeholder.
		if _, err := s.n.ModerateComments(ctx, s.editor, []int64{a.ID, b.ID}, press.CommentTrash); err != nil {
			t.Fatal(err)
		}
		got := s.thread("river")
		if bodies(got) != "1: | 2:A1 | 3:A1a | 1: | 2:B1" || got[0].Status != press.CommentTrash || got[0].AuthorName != "" || got[0].BodyHTML != "" {
			t.Errorf("thread with removed parents: %s %+v", bodies(got), got[0])
		}
		// A removed comment without shown replies is gone.
		if _, err := s.n.ModerateComments(ctx, s.editor, []int64{a1.ID, a1a.ID}, press.CommentSpam); err != nil {
			t.Fatal(err)
		}
		if got := bodies(s.thread("river")); got != "1: | 2:B1" {
			t.Errorf("thread: %s", got)
		}
		audit, _ := db.AuditLog(ctx, store.AuditFilter{Action: "comment."})
		if len(audit) != 4 || audit[0].Action != "comment.spam" || audit[3].Action != "comment.trash" {
			t.Errorf("audit: %+v", audit)
		}
	}, presstest.WithClock(start))
}

func TestCommentOwnEditAndDelete(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, func(p *press.CommentPolicy) { p.HoldFirst, p.EditMinutes = false, 15 })
		ctx := t.Context()
		res := s.post(in("river", "Tam", "Frist!"))
		if _, err := s.n.EditOwnComment(ctx, res.Comment.ID, "not-the-token", "First!"); !errors.Is(err, press.ErrForbidden) {
			t.Errorf("edit with a wrong token: %v", err)
		}
		if _, err := s.n.EditOwnComment(ctx, res.Comment.ID, "", "First!"); !errors.Is(err, press.ErrForbidden) {
			t.Errorf("edit without a token: %v", err)
		}
		s.clock.Advance(14 * time.Minute)
		c, err := s.n.EditOwnComment(ctx, res.Comment.ID, res.EditToken, "First!")
		if err != nil || c.Body != "First!" || !c.EditedAt.Equal(s.clock.Now()) || c.Status != press.CommentApproved {
			t.Errorf("edit = %+v, %v", c, err)
		}
		// New words are moderated again.
		c, err = s.n.EditOwnComment(ctx, res.Comment.ID, res.EditToken, "First! https://a.example https://b.example https://c.example")
		if err != nil || c.Status != press.CommentPending || !strings.Contains(c.Reason, "3 links") {
			t.Errorf("edit with links = %s %q, %v", c.Status, c.Reason, err)
		}
		s.clock.Advance(2 * time.Minute)
		if _, err := s.n.EditOwnComment(ctx, res.Comment.ID, res.EditToken, "Late"); !errors.Is(err, press.ErrForbidden) {
			t.Errorf("edit after the window: %v", err)
		}
		s.approve(res.Comment.ID)
		if err := s.n.DeleteOwnComment(ctx, res.Comment.ID, "wrong"); !errors.Is(err, press.ErrForbidden) {
			t.Errorf("delete with a wrong token: %v", err)
		}
		if err := s.n.DeleteOwnComment(ctx, res.Comment.ID, res.EditToken); err != nil {
			t.Fatal(err)
		}
		if got := s.stored(res.Comment.ID); got.Status != press.CommentTrash || got.Body != "" {
			t.Errorf("deleted comment: %+v", got)
		}
		if len(s.thread("river")) != 0 {
			t.Error("a deleted comment is shown")
		}
		if err := s.n.DeleteOwnComment(ctx, res.Comment.ID, res.EditToken); !errors.Is(err, press.ErrForbidden) {
			t.Errorf("the token outlives the comment: %v", err)
		}
	}, presstest.WithClock(start))
}

func TestCommentHostileInput(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, func(p *press.CommentPolicy) { p.HoldFirst = false })
		ctx := t.Context()
		c := in("river", `<script>alert("n")</script>`, "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) <a href=\"https://x.example\" onclick=\"alert(4)\">x</a>")
		c.Email = "xss@readers.example"
		res := s.post(c)
		got := s.stored(res.Comment.ID)
		if got.AuthorName != `<script>alert("n")</script>` {
			t.Errorf("name stored as %q; names are plain text, escaped by templates", got.AuthorName)
		}
		for _, bad := range []string{"<script", "<img", "javascript:"} {
			if strings.Contains(got.BodyHTML, bad) {
				t.Errorf("body HTML carries %q: %s", bad, got.BodyHTML)
			}
		}
		if handler := regexp.MustCompile(`<[^>]*\son[a-z]+=`).FindString(got.BodyHTML); handler != "" {
			t.Errorf("body HTML carries an event handler %q: %s", handler, got.BodyHTML)
		}
		for _, email := range []string{`"><script>@x.example`, "a@b.example\r\nBcc: c@d.example", "nobody"} {
			c := in("river", "Uma", "Hello.")
			c.Email = email
			_, err := s.n.PostComment(ctx, c)
			fieldErr(t, err, "email")
		}
		_, err := s.n.PostComment(ctx, newsroom.CommentInput{ArticleSlug: "river", Body: strings.Repeat("x", 5001), FormAge: time.Minute})
		for _, f := range []string{"name", "email", "body"} {
			fieldErr(t, err, f)
		}
	}, presstest.WithClock(start))
}

func TestCommentModerationPermissions(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, nil)
		ctx := t.Context()
		c := s.post(in("river", "Vi", "Held.")).Comment
		for _, u := range []*press.User{s.contributor, s.author, nil} {
			if _, err := s.n.ModerateComments(ctx, u, []int64{c.ID}, press.CommentApproved); !errors.Is(err, press.ErrForbidden) {
				t.Errorf("%v approves: %v", u, err)
			}
			if _, _, err := s.n.Comments(ctx, u, store.CommentFilter{}); !errors.Is(err, press.ErrForbidden) {
				t.Errorf("%v lists: %v", u, err)
			}
			if _, err := s.n.EditComment(ctx, u, c.ID, "Edited"); !errors.Is(err, press.ErrForbidden) {
				t.Errorf("%v edits: %v", u, err)
			}
			if _, err := s.n.Bans(ctx, u); !errors.Is(err, press.ErrForbidden) {
				t.Errorf("%v lists bans: %v", u, err)
			}
		}
		for _, u := range []*press.User{s.editor, s.admin} {
			if _, _, err := s.n.Comments(ctx, u, store.CommentFilter{Query: "held"}); err != nil {
				t.Errorf("%s lists: %v", u.Role, err)
			}
		}
		edited, err := s.n.EditComment(ctx, s.admin, c.ID, "Held, *politely*.")
		if err != nil || !strings.Contains(edited.BodyHTML, "<em>politely</em>") || edited.Status != press.CommentPending {
			t.Errorf("moderator edit = %+v, %v", edited, err)
		}
		if n, err := s.n.ModerateComments(ctx, s.admin, []int64{c.ID}, "deleted"); err == nil || n != 0 {
			t.Errorf("a status that does not exist: %d, %v", n, err)
		}
		list, total, err := s.n.Comments(ctx, s.editor, store.CommentFilter{Status: press.CommentPending, Query: "POLITELY"})
		if err != nil || total != 1 || list[0].AuthorEmail != "vi@readers.example" || list[0].AuthorIP != "192.0.2.10" {
			t.Errorf("queue = %d %+v, %v", total, list, err)
		}
		audit, _ := db.AuditLog(ctx, store.AuditFilter{Action: "comment.edit"})
		if len(audit) != 1 || audit[0].Actor != s.admin.Name {
			t.Errorf("edit audit: %+v", audit)
		}
	}, presstest.WithClock(start))
}

func TestImportedCommentsInThread(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, nil)
		day := time.Date(2019, 5, 1, 12, 0, 0, 0, time.UTC)
		wp := func(id, parent string, at time.Time, status press.CommentStatus) press.Comment {
			return press.Comment{Article: "river", SourceID: id, ParentSourceID: parent, AuthorName: "WP " + id,
				AuthorEmail: id + "@wp.example", Body: "Old *comment* " + id, Status: status, CreatedAt: at}
		}
		_, err := s.n.Import(t.Context(), press.Bundle{Comments: []press.Comment{
			wp("12", "11", day.Add(2*time.Hour), press.CommentApproved), // its parent comes later in the stream
			wp("11", "", day.Add(time.Hour), press.CommentApproved),
			wp("10", "", day, press.CommentApproved),
			wp("13", "", day, press.CommentSpam),
		}})
		if err != nil {
			t.Fatal(err)
		}
		got := s.thread("river")
		if bodies(got) != "1:Old *comment* 10 | 1:Old *comment* 11 | 2:Old *comment* 12" {
			t.Fatalf("thread: %s", bodies(got))
		}
		if !got[2].CreatedAt.Equal(day.Add(2*time.Hour)) || got[2].ParentID != got[1].ID || !strings.Contains(got[2].BodyHTML, "<em>comment</em>") {
			t.Errorf("imported reply: %+v", got[2])
		}
		// An address with an imported approved comment is known.
		c := in("river", "x", "Back again, as before.")
		c.Email = "10@wp.example"
		res := s.post(c)
		wantStatus(t, res.Comment, press.CommentApproved, "")
	}, presstest.WithClock(start))
}

func TestCommentVerificationAndNotices(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		mp := presstest.MustMailpit(t) // one each: moderators' mails are counted
		s := mustCommentSite(t, db, func(p *press.CommentPolicy) { p.HoldFirst, p.RequireVerification = false, true })
		ctx := t.Context()
		s.n.UseMailer(mp.SMTP(mail.StartTLS))
		// Each engine writes from its own address, to tell the mails apart.
		who := "Wren" + strings.ToUpper(db.Engine()[:1])
		res := s.post(in("river", who, "Please publish me."))
		if res.Comment.Status != press.CommentPending || !res.VerifySent {
			t.Fatalf("unconfirmed address: %+v", res)
		}
		msg := mp.WaitFor(strings.ToLower(who) + "@readers.example")
		link := regexp.MustCompile(`https://ledger\.example\.org/comments/verify\?token=([0-9a-f]+)`).FindStringSubmatch(msg.Text)
		if link == nil {
			t.Fatalf("no confirmation link in:\n%s", msg.Raw)
		}
		if _, err := s.n.VerifyCommenter(ctx, link[1]+"0"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("a wrong token: %v", err)
		}
		c, err := s.n.VerifyCommenter(ctx, link[1])
		if err != nil || c.ID != res.Comment.ID || c.Status != press.CommentApproved {
			t.Fatalf("verify = %+v, %v", c, err)
		}
		if got := s.stored(c.ID); !got.Verified {
			t.Error("the comment is not marked verified")
		}
		if got := bodies(s.thread("river")); got != "1:Please publish me." {
			t.Errorf("thread: %s", got)
		}
		if _, err := s.n.VerifyCommenter(ctx, link[1]); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("a spent token: %v", err)
		}
		next := s.post(in("river", who, "Confirmed once is enough."))
		if next.Comment.Status != press.CommentApproved || next.VerifySent {
			t.Errorf("a confirmed address: %+v", next)
		}

		// Moderators heard of the held comment, once per ten minutes.
		notice := mp.WaitFor(s.editor.Email)
		if !strings.Contains(notice.Text, "https://ledger.example.org/admin/comments?status=pending") {
			t.Errorf("notice:\n%s", notice.Text)
		}
		mp.WaitFor(s.admin.Email)
		notices := func() (n int) {
			for _, m := range mp.Messages() {
				for _, to := range m.To {
					switch to.Address {
					case s.contributor.Email, s.author.Email:
						t.Errorf("%s got a moderation notice", to.Address)
					case s.editor.Email:
						n++
					}
				}
			}
			return n
		}
		// Another held comment within ten minutes waits for the next mail.
		s.clock.Advance(9 * time.Minute)
		held := in("river", "Yves", "Held for confirmation too.")
		if res := s.post(held); !res.VerifySent {
			t.Errorf("second address: %+v", res)
		}
		mp.WaitFor("yves@readers.example")
		if n := notices(); n != 1 {
			t.Errorf("notices within ten minutes: %d, want 1", n)
		}
		s.clock.Advance(time.Minute)
		held.Body = "Still waiting."
		s.post(held)
		mp.WaitFor("yves@readers.example")
		if n := notices(); n != 2 {
			t.Errorf("notices after ten minutes: %d, want 2", n)
		}
	}, presstest.WithClock(start))
}

// An outage of the classifier leaves the built-in score in charge.
type brokenClassifier struct{}

func (brokenClassifier) Classify(context.Context, newsroom.SpamInput) (float64, string, error) {
	return 0, "", errors.New("service down")
}

func TestCommentClassifier(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   newsroom.SpamInput
		spam bool // score at least press.SpamScore
		hold bool // at least press.HoldScore
	}{
		{newsroom.SpamInput{Body: "A thoughtful reply about the river.", FormAge: time.Minute}, false, false},
		{newsroom.SpamInput{Body: "First time here, hello.", FirstTime: true, FormAge: time.Minute}, false, false},
		{newsroom.SpamInput{Body: "THIS IS OUTRAGEOUS AND EVERYONE SHOULD KNOW IT", FirstTime: true, FormAge: 5 * time.Second}, false, true},
		{newsroom.SpamInput{Body: "Buy now!!!!!!! Online casino, free money", Links: 4, FirstTime: true}, true, true},
		{newsroom.SpamInput{Name: "http://pills.example", Body: "nice", Links: 1}, false, false},
	} {
		score, reason, err := newsroom.ScoringClassifier{}.Classify(t.Context(), tt.in)
		if err != nil || (score >= press.SpamScore) != tt.spam || (score >= press.HoldScore) != tt.hold {
			t.Errorf("%+v: score %.2f (%s), %v; want spam %v, hold %v", tt.in, score, reason, err, tt.spam, tt.hold)
		}
	}
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustCommentSite(t, db, func(p *press.CommentPolicy) { p.HoldFirst = false })
		s.n.UseClassifier(brokenClassifier{})
		res := s.post(in("river", "Xia", "BUY NOW: online casino, free money, click here!!!!!!!"))
		wantStatus(t, s.stored(res.Comment.ID), press.CommentSpam, "spam score")
	}, presstest.WithClock(start))
}
