package site_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/mail"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/site"
	"github.com/pressroomhq/pressroom/internal/store"
)

// commentFixture is the fixture with an article whose comments are closed
// (and which has an imported comment) and one for members only.
func commentFixture() press.Bundle {
	b := fixture()
	b.Articles = append(b.Articles, press.Article{
		Slug: "closed-piece", Title: "A closed piece", Body: md("Closed."), Status: press.StatusPublished, PublishedAt: day2,
		Authors: []press.Author{{Slug: "ana-ruiz", Name: "Ana Ruiz"}}, Comments: press.CommentsClosed,
	}, press.Article{
		Slug: "members-piece", Title: "For members", Body: md("Members."), Status: press.StatusPublished, PublishedAt: day2,
		Authors: []press.Author{{Slug: "ana-ruiz", Name: "Ana Ruiz"}}, Comments: press.CommentsMembers,
	})
	b.Comments = []press.Comment{{Article: "closed-piece", SourceID: "7", AuthorName: "Old Reader",
		AuthorEmail: "old@example.org", Body: "An *imported* comment.", Status: press.CommentApproved, CreatedAt: day2.Add(time.Hour)}}
	return b
}

func mustCommentSite(t *testing.T) *presstest.Site {
	t.Helper()
	s := presstest.MustSite(t)
	if _, err := s.Newsroom.Import(context.Background(), commentFixture()); err != nil {
		t.Fatal(err)
	}
	return s
}

// commentForm is what a reader's browser sends, with a form shown a
// minute ago (a person's pace).
func commentForm(t *testing.T, s *presstest.Site, name, email, body string, parent int64) url.Values {
	t.Helper()
	key, err := s.Newsroom.CommentFormSecret(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return url.Values{"name": {name}, "email": {email}, "body": {body}, "website": {""},
		"parent": {strconv.FormatInt(parent, 10)}, "stamp": {site.SignStamp(key, time.Now().Add(-time.Minute))}}
}

// postComment posts form to the article slug and returns the response.
func postComment(t *testing.T, s *presstest.Site, slug string, form url.Values, want int) *presstest.Doc {
	t.Helper()
	return postForm(t, s.URL+"/articles/"+slug+"/comments", form, nil, want)
}

// moderator is an editor, who may moderate.
func moderator(t *testing.T, s *presstest.Site) *press.User {
	t.Helper()
	u := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	return &u
}

// approveAll approves every pending comment and returns their ids.
func approveAll(t *testing.T, s *presstest.Site, u *press.User) []int64 {
	t.Helper()
	ctx := context.Background()
	list, _, err := s.Newsroom.Comments(ctx, u, store.CommentFilter{Status: press.CommentPending})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, c := range list {
		ids = append(ids, c.ID)
	}
	if len(ids) == 0 {
		t.Fatal("no pending comment to approve")
	}
	if _, err := s.Newsroom.ModerateComments(ctx, u, ids, press.CommentApproved); err != nil {
		t.Fatal(err)
	}
	return ids
}

func commentIDs(d *presstest.Doc) []string {
	var out []string
	for _, li := range d.All("li.comment") {
		out = append(out, presstest.Attr(li, "id")+"/"+presstest.Attr(li, "class"))
	}
	return out
}

// TestCommentHeldApprovedThreaded: a first comment waits for a moderator;
// once approved it shows, and a reply from the same (now known) reader is
// published at once, indented under it. Only the article's own page
// changes its validators.
func TestCommentHeldApprovedThreaded(t *testing.T) {
	t.Parallel()
	s := mustCommentSite(t)
	u := moderator(t, s)
	page := s.URL + "/articles/water-war"

	d := presstest.MustGet(t, page, http.StatusOK)
	form := d.One("form#comment-form[method=post][action='/articles/water-war/comments']")
	call := d.One(".standing-comments")
	if !presstest.Before(call, form) {
		t.Error("the comment call is not above the form")
	}
	if got := presstest.Text(call); !strings.Contains(got, "Tell us what you think.") {
		t.Errorf("comment call = %q", got)
	}
	hp := d.One(".hp[aria-hidden=true] input[name=website]")
	if presstest.Attr(hp, "tabindex") != "-1" || presstest.Attr(hp, "autocomplete") != "off" {
		t.Error("the honeypot can be reached or filled in by a person")
	}
	d.One("label[for=f-name]")
	d.One("textarea#f-body[aria-describedby=h-body]")
	if len(d.All("li.comment")) != 0 {
		t.Errorf("comments before any: %q", commentIDs(d))
	}
	other := presstest.MustGet(t, s.URL+"/articles/second-piece", http.StatusOK)
	before := d.Resp.Header.Get("ETag")

	r := postComment(t, s, "water-war", commentForm(t, s, "Rania", "rania@example.org", "First *thoughts*.", 0), http.StatusSeeOther)
	if loc := r.Resp.Header.Get("Location"); loc != "/articles/water-war?comment=held#comment-notice" {
		t.Errorf("after a first comment, redirect to %q", loc)
	}
	var cookie *http.Cookie
	for _, c := range r.Resp.Cookies() {
		if strings.HasPrefix(c.Name, "pr_comment_") {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.Path != "/" || cookie.MaxAge <= 0 {
		t.Fatalf("edit cookie = %+v", cookie)
	}
	held := presstest.MustGet(t, page+"?comment=held", http.StatusOK)
	if got := presstest.Text(held.One("#comment-notice")); !strings.Contains(got, "awaiting moderation") {
		t.Errorf("notice = %q", got)
	}
	if len(held.All("li.comment")) != 0 {
		t.Error("a held comment is shown")
	}

	ids := approveAll(t, s, u)
	d = presstest.MustGet(t, page, http.StatusOK)
	first := strconv.FormatInt(ids[0], 10)
	li := d.One("li#comment-" + first + ".depth-1")
	if got := presstest.Text(d.Within(li, ".comment-author")[0]); got != "Rania" {
		t.Errorf("author = %q", got)
	}
	d.Within(li, ".comment-body em")
	if d.Resp.Header.Get("ETag") == before {
		t.Error("approving a comment left the article's ETag as it was")
	}
	if lm, err := http.ParseTime(d.Resp.Header.Get("Last-Modified")); err != nil || time.Since(lm) > time.Minute {
		t.Errorf("Last-Modified %q is not the new comment's time", d.Resp.Header.Get("Last-Modified"))
	}
	again := presstest.MustGet(t, s.URL+"/articles/second-piece", http.StatusOK)
	for _, h := range []string{"ETag", "Last-Modified"} {
		if again.Resp.Header.Get(h) != other.Resp.Header.Get(h) {
			t.Errorf("another article's %s changed: %q → %q", h, other.Resp.Header.Get(h), again.Resp.Header.Get(h))
		}
	}
	// Conditional requests still work with the form's stamp in the page.
	req := presstest.NewRequest(t, "GET", page)
	req.Header.Set("If-None-Match", d.Resp.Header.Get("ETag"))
	presstest.MustDo(t, req, http.StatusNotModified)

	// Reply without scripts: ?reply= sets the form's parent.
	reply := presstest.Attr(d.Within(li, "a.comment-reply")[0], "href")
	if reply != "/articles/water-war?reply="+first+"#comment-form" {
		t.Errorf("reply link = %q", reply)
	}
	rd := presstest.MustGet(t, s.URL+strings.TrimSuffix(reply, "#comment-form"), http.StatusOK)
	if got := presstest.Text(rd.One("#comment-form-heading")); got != "Reply to Rania" {
		t.Errorf("reply form heading = %q", got)
	}
	v := presstest.FormValues(t, rd.Body, "comment-form")
	if v.Get("parent") != first {
		t.Errorf("reply form parent = %q", v.Get("parent"))
	}
	v = commentForm(t, s, "Rania", "rania@example.org", "And a follow-up.", ids[0])
	r = postComment(t, s, "water-war", v, http.StatusSeeOther)
	loc := r.Resp.Header.Get("Location")
	if !strings.HasPrefix(loc, "/articles/water-war?comment=published#comment-") {
		t.Fatalf("a known reader's reply redirects to %q", loc)
	}
	second := strings.TrimPrefix(loc, "/articles/water-war?comment=published#comment-")
	d = presstest.MustGet(t, page, http.StatusOK)
	want := []string{"comment-" + first + "/comment depth-1", "comment-" + second + "/comment depth-2"}
	if got := commentIDs(d); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("thread = %q, want %q", got, want)
	}
	if got := presstest.Text(d.One("#comments-heading")); got != "2 comments" {
		t.Errorf("heading = %q", got)
	}

	// The API has the thread with depth and parent, and the count.
	var api struct {
		Data []struct {
			ID       int64  `json:"id"`
			ParentID *int64 `json:"parent_id"`
			Depth    int    `json:"depth"`
			Author   string `json:"author"`
		} `json:"data"`
	}
	body := presstest.MustGet(t, s.URL+"/api/v1/articles/water-war/comments", http.StatusOK).Body
	if err := json.Unmarshal([]byte(body), &api); err != nil {
		t.Fatal(err)
	}
	if len(api.Data) != 2 || api.Data[0].Depth != 1 || api.Data[0].ParentID != nil || api.Data[1].Depth != 2 ||
		api.Data[1].ParentID == nil || *api.Data[1].ParentID != ids[0] || strings.Contains(body, "rania@example.org") {
		t.Errorf("API thread: %s", body)
	}
	if art := presstest.MustGet(t, s.URL+"/api/v1/articles/water-war", http.StatusOK).Body; !strings.Contains(art, `"comment_count":2`) {
		t.Errorf("API article has no comment_count 2: %.300s", art)
	}
	if latest := presstest.MustGet(t, s.URL+"/api/v1/comments/latest?limit=1", http.StatusOK).Body; !strings.Contains(latest, `"id":`+second) {
		t.Errorf("latest comments: %s", latest)
	}
}

// TestCommentXSS: whatever a reader types in the name and the body comes
// out as text or sanitised HTML on the page, in the feed and in the API.
func TestCommentXSS(t *testing.T) {
	t.Parallel()
	s := mustCommentSite(t)
	name := `<script>alert("n")</script>"><img src=x onerror=alert(1)>`
	body := "<script>alert('b')</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3)) and [ok](https://example.org)"
	postComment(t, s, "water-war", commentForm(t, s, name, "x@example.org", body, 0), http.StatusSeeOther)
	approveAll(t, s, moderator(t, s))

	d := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)
	if got := presstest.Text(d.One(".comment-author")); got != name {
		t.Errorf("name shown as %q", got)
	}
	cb := d.One(".comment-body")
	if len(d.Within(cb, "script")) > 0 || len(d.Within(cb, "img")) > 0 || len(d.Within(cb, "[onerror]")) > 0 {
		t.Errorf("active content in the comment: %s", d.Body[strings.Index(d.Body, "comment-body"):][:400])
	}
	for _, a := range d.Within(cb, "a") {
		if strings.HasPrefix(strings.ToLower(presstest.Attr(a, "href")), "javascript:") {
			t.Error("a javascript: link survived")
		}
		if rel := presstest.Attr(a, "rel"); !strings.Contains(rel, "nofollow") || !strings.Contains(rel, "ugc") {
			t.Errorf("link rel = %q", rel)
		}
	}
	if len(d.All(".comment-author a")) > 0 {
		t.Error("the name is a link")
	}
	if n := len(d.All("script:not([src]):not([type='application/ld+json'])")); n > 0 {
		t.Errorf("%d inline scripts on the page", n)
	}

	f := presstest.MustGet(t, s.URL+"/articles/water-war/comments.xml", http.StatusOK)
	feed := presstest.MustParseFeed(t, "rss", []byte(f.Body))
	if len(feed.Items) != 1 || feed.Items[0].Title != name {
		t.Fatalf("feed items: %+v", feed.Items)
	}
	mustBeInert(t, "feed", feed.Items[0].Content)
	api := presstest.MustGet(t, s.URL+"/api/v1/articles/water-war/comments", http.StatusOK).Body
	var got struct {
		Data []struct {
			BodyHTML string `json:"body_html"`
		} `json:"data"`
	}
	json.Unmarshal([]byte(api), &got)
	if len(got.Data) != 1 {
		t.Fatalf("API: %s", api)
	}
	mustBeInert(t, "API", got.Data[0].BodyHTML)
}

// mustBeInert fails t if the HTML fragment body has anything that runs or
// loads: scripts, images, event handlers, javascript: links.
func mustBeInert(t *testing.T, where, body string) {
	t.Helper()
	d := presstest.ParseDoc(t, body)
	if n := len(d.All("script, img, iframe, [onerror], [onclick], a[href^='javascript'], a[href^='JAVASCRIPT']")); n > 0 {
		t.Errorf("%s: %d active elements in %s", where, n, body)
	}
}

// TestCommentsClosedAndMembersOnly: such articles show their comments and
// say why there is no form; posting anyway is refused with a readable 403.
func TestCommentsClosedAndMembersOnly(t *testing.T) {
	t.Parallel()
	s := mustCommentSite(t)
	for _, tt := range []struct{ slug, says string }{
		{"closed-piece", "Comments are closed."},
		{"members-piece", "Only members can comment."},
	} {
		d := presstest.MustGet(t, s.URL+"/articles/"+tt.slug, http.StatusOK)
		if got := presstest.Text(d.One(".comments-closed")); got != tt.says {
			t.Errorf("%s says %q", tt.slug, got)
		}
		if len(d.All("#comment-form")) > 0 || len(d.All("a.comment-reply")) > 0 {
			t.Errorf("%s offers a form or replies", tt.slug)
		}
		r := postComment(t, s, tt.slug, commentForm(t, s, "Late", "late@example.org", "Still here?", 0), http.StatusForbidden)
		if !strings.Contains(r.Body, tt.says) {
			t.Errorf("%s: the 403 page does not say %q", tt.slug, tt.says)
		}
	}
	d := presstest.MustGet(t, s.URL+"/articles/closed-piece", http.StatusOK)
	if got := presstest.Text(d.One(".comment .comment-author")); got != "Old Reader" {
		t.Errorf("the imported comment is not shown: %q", got)
	}
	d.One(".comment .comment-body em")
	// Drafts take nothing and show nothing.
	postComment(t, s, "secret-draft", commentForm(t, s, "A", "a@example.org", "b", 0), http.StatusNotFound)
}

// TestCommentRateLimit: the sixth comment from one address in ten minutes
// is 429 with Retry-After, on a page a person can read.
func TestCommentRateLimit(t *testing.T) {
	t.Parallel()
	s := mustCommentSite(t)
	for i := range 5 {
		n := strconv.Itoa(i)
		postComment(t, s, "water-war", commentForm(t, s, "R"+n, "r"+n+"@example.org", "Comment number "+n+".", 0), http.StatusSeeOther)
	}
	d := postComment(t, s, "water-war", commentForm(t, s, "R9", "r9@example.org", "One too many.", 0), http.StatusTooManyRequests)
	if secs, err := strconv.Atoi(d.Resp.Header.Get("Retry-After")); err != nil || secs < 1 {
		t.Errorf("Retry-After = %q", d.Resp.Header.Get("Retry-After"))
	}
	if !strings.Contains(presstest.Text(d.One("main")), "try again") {
		t.Errorf("429 page: %q", presstest.Text(d.One("main")))
	}
}

// TestCommentHoneypot: a bot that fills the hidden field gets exactly the
// answer a person gets, and nothing is published.
func TestCommentHoneypot(t *testing.T) {
	t.Parallel()
	s := mustCommentSite(t)
	person := postComment(t, s, "water-war", commentForm(t, s, "Person", "p@example.org", "A real comment.", 0), http.StatusSeeOther)
	trap := commentForm(t, s, "Bot", "bot@example.org", "Buy things.", 0)
	trap.Set("website", "https://spam.example")
	bot := postComment(t, s, "water-war", trap, http.StatusSeeOther)
	if a, b := person.Resp.Header.Get("Location"), bot.Resp.Header.Get("Location"); a != b {
		t.Errorf("person redirected to %q, bot to %q", a, b)
	}
	u := moderator(t, s)
	list, _, err := s.Newsroom.Comments(context.Background(), u, store.CommentFilter{Status: press.CommentPending})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.AuthorName == "Bot" {
			t.Error("the bot's comment waits for moderation like a person's")
		}
	}
}

// TestCommentFormErrors: a bad post re-renders the article with the form
// as typed, an error summary and messages tied to their fields.
func TestCommentFormErrors(t *testing.T) {
	t.Parallel()
	s := mustCommentSite(t)
	d := postComment(t, s, "water-war", commentForm(t, s, "Kept Name", "not-an-address", "", 0), http.StatusUnprocessableEntity)
	d.One("#form-errors[role=alert]")
	if got := presstest.Attr(d.One("input#f-name"), "value"); got != "Kept Name" {
		t.Errorf("name not kept: %q", got)
	}
	d.One("input#f-email[aria-invalid=true]")
	if got := presstest.Attr(d.One("input#f-email"), "aria-describedby"); got != "h-email e-email" {
		t.Errorf("email described by %q", got)
	}
	d.One("#e-email.field-error")
	if d.Resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("form with errors Cache-Control = %q", d.Resp.Header.Get("Cache-Control"))
	}
	// Another site posting the form (CSRF) is refused.
	postForm(t, s.URL+"/articles/water-war/comments", commentForm(t, s, "A", "a@example.org", "b", 0),
		map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, http.StatusForbidden)
}

// TestCommentEditDelete: the writer may edit and delete their comment
// while the window is open (their cookie holds the token); without the
// cookie, or once the window has closed, they may not.
func TestCommentEditDelete(t *testing.T) {
	t.Parallel()
	s := mustCommentSite(t)
	r := postComment(t, s, "water-war", commentForm(t, s, "Writer", "w@example.org", "Frist!", 0), http.StatusSeeOther)
	var ck *http.Cookie
	for _, c := range r.Resp.Cookies() {
		if strings.HasPrefix(c.Name, "pr_comment_") {
			ck = c
		}
	}
	if ck == nil {
		t.Fatal("no edit cookie")
	}
	id := strings.TrimPrefix(ck.Name, "pr_comment_")
	approveAll(t, s, moderator(t, s))
	edit := s.URL + "/comments/" + id + "/edit?article=water-war"
	with := func(req *http.Request) *http.Request {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
		return req
	}

	// The page offers the writer (and nobody else) the edit link.
	d := presstest.MustDo(t, with(presstest.NewRequest(t, "GET", s.URL+"/articles/water-war")), http.StatusOK)
	d.One("li#comment-" + id + " a.comment-edit")
	if cc := d.Resp.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
		t.Errorf("a page with edit links is cached as %q", cc)
	}
	if len(presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK).All("a.comment-edit")) > 0 {
		t.Error("edit link shown to another reader")
	}
	presstest.MustGet(t, edit, http.StatusForbidden)

	d = presstest.MustDo(t, with(presstest.NewRequest(t, "GET", edit)), http.StatusOK)
	if got := presstest.RawText(d.One("textarea#f-body")); got != "Frist!" {
		t.Errorf("edit form body = %q", got)
	}
	d = presstest.MustDo(t, with(mustPost(t, edit, url.Values{"body": {"First!"}})), http.StatusSeeOther)
	if loc := d.Resp.Header.Get("Location"); !strings.HasPrefix(loc, "/articles/water-war?comment=edited") {
		t.Errorf("after editing, redirect to %q", loc)
	}

	// Delete within the window.
	d = presstest.MustDo(t, with(mustPost(t, s.URL+"/comments/"+id+"/delete?article=water-war", nil)), http.StatusSeeOther)
	page := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)
	if len(page.All("li#comment-"+id+" .comment-body")) > 0 {
		t.Error("a deleted comment is still shown")
	}

	// Once the window has closed, editing is refused.
	r = postComment(t, s, "water-war", commentForm(t, s, "Writer", "w@example.org", "Another one.", 0), http.StatusSeeOther)
	for _, c := range r.Resp.Cookies() {
		if strings.HasPrefix(c.Name, "pr_comment_") {
			ck = c
		}
	}
	ctx := context.Background()
	st, err := s.DB.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Comments.EditMinutes = 0
	if err := s.DB.UpdateSite(ctx, st); err != nil {
		t.Fatal(err)
	}
	id = strings.TrimPrefix(ck.Name, "pr_comment_")
	presstest.MustDo(t, with(mustPost(t, s.URL+"/comments/"+id+"/edit?article=water-war", url.Values{"body": {"Changed"}})), http.StatusForbidden)
}

func mustPost(t *testing.T, u string, form url.Values) *http.Request {
	t.Helper()
	req, err := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// TestCommentReport: each approved comment has a report button, a plain
// form post; reporting thanks the reader on the article.
func TestCommentReport(t *testing.T) {
	t.Parallel()
	s := mustCommentSite(t)
	postComment(t, s, "water-war", commentForm(t, s, "Rude", "rude@example.org", "Something rude.", 0), http.StatusSeeOther)
	ids := approveAll(t, s, moderator(t, s))
	d := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)
	f := d.One("li#comment-" + strconv.FormatInt(ids[0], 10) + " form.comment-report[method=post]")
	action := presstest.Attr(f, "action")
	r := postForm(t, s.URL+action, url.Values{}, nil, http.StatusSeeOther)
	if loc := r.Resp.Header.Get("Location"); loc != "/articles/water-war?comment=reported#comment-notice" {
		t.Errorf("after reporting, redirect to %q", loc)
	}
	postForm(t, s.URL+action, url.Values{}, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, http.StatusForbidden)
}

// TestCommentFeed: an article's comment feeds carry its approved comments
// only, and are valid RSS and Atom; the page links them.
func TestCommentFeed(t *testing.T) {
	t.Parallel()
	s := mustCommentSite(t)
	postComment(t, s, "water-war", commentForm(t, s, "Shown", "shown@example.org", "Approved one.", 0), http.StatusSeeOther)
	approveAll(t, s, moderator(t, s))
	postComment(t, s, "water-war", commentForm(t, s, "Waiting", "waiting@example.org", "Held one.", 0), http.StatusSeeOther)

	d := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)
	if href := presstest.Attr(d.One(".comments .comment-feed a"), "href"); href != "/articles/water-war/comments.xml" {
		t.Errorf("feed link = %q", href)
	}
	rss := presstest.MustGet(t, s.URL+"/articles/water-war/comments.xml", http.StatusOK)
	if ct := rss.Resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/rss+xml") {
		t.Errorf("Content-Type = %q", ct)
	}
	for kind, body := range map[string]string{"rss": rss.Body,
		"atom": presstest.MustGet(t, s.URL+"/articles/water-war/comments.atom", http.StatusOK).Body} {
		f := presstest.MustParseFeed(t, kind, []byte(body))
		if len(f.Items) != 1 || f.Items[0].Title != "Shown" || !strings.HasPrefix(f.Items[0].Link, "https://desk.example/articles/water-war#comment-") {
			t.Errorf("%s items: %+v", kind, f.Items)
		}
		if strings.Contains(body, "waiting@example.org") || strings.Contains(body, "shown@example.org") || strings.Contains(body, "Held one") {
			t.Errorf("%s feed shows a held comment or an email address", kind)
		}
	}
	presstest.MustGet(t, s.URL+"/articles/secret-draft/comments.xml", http.StatusNotFound)
}

// TestCommentPagesValid runs the W3C checker over an article with a
// thread and its form, the form with errors, and the edit page.
func TestCommentPagesValid(t *testing.T) {
	t.Parallel()
	check := presstest.MustHTMLChecker(t)
	s := mustCommentSite(t)
	r := postComment(t, s, "water-war", commentForm(t, s, "Ana <b>", "a@example.org", "> quoted\n\n*hi* [l](https://example.org)", 0), http.StatusSeeOther)
	ids := approveAll(t, s, moderator(t, s))
	postComment(t, s, "water-war", commentForm(t, s, "Ana <b>", "a@example.org", "A reply.", ids[0]), http.StatusSeeOther)
	check.Add(s.URL+"/articles/water-war", http.StatusOK)
	check.Add(s.URL+"/articles/water-war?reply="+strconv.FormatInt(ids[0], 10), http.StatusOK)
	check.Add(s.URL+"/articles/closed-piece", http.StatusOK)
	bad := postComment(t, s, "water-war", commentForm(t, s, "", "nope", "", 0), http.StatusUnprocessableEntity)
	check.AddPage("form-errors", bad.Body)
	for _, c := range r.Resp.Cookies() {
		if strings.HasPrefix(c.Name, "pr_comment_") {
			req := presstest.NewRequest(t, "GET", s.URL+"/comments/"+strings.TrimPrefix(c.Name, "pr_comment_")+"/edit?article=water-war")
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
			check.AddPage("edit", presstest.MustDo(t, req, http.StatusOK).Body)
		}
	}
	check.Check()
}

// TestCommentVerification: on a site that asks guests to confirm their
// address, a post says to check the email; a broken link says so.
func TestCommentVerification(t *testing.T) {
	t.Parallel()
	s := mustCommentSite(t)
	ctx := context.Background()
	st, err := s.DB.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Comments.RequireVerification, st.Comments.HoldFirst = true, false
	if err := s.DB.UpdateSite(ctx, st); err != nil {
		t.Fatal(err)
	}
	mails := &mailbox{}
	s.Newsroom.UseMailer(mails)
	r := postComment(t, s, "water-war", commentForm(t, s, "New", "new@example.org", "Hello.", 0), http.StatusSeeOther)
	if loc := r.Resp.Header.Get("Location"); loc != "/articles/water-war?comment=verify#comment-notice" {
		t.Errorf("redirect to %q", loc)
	}
	if len(presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK).All("li.comment")) != 0 {
		t.Error("an unconfirmed comment is shown")
	}
	d := presstest.MustGet(t, s.URL+"/articles/water-war?comment=verify", http.StatusOK)
	if got := presstest.Text(d.One("#comment-notice")); !strings.Contains(got, "check your email") {
		t.Errorf("notice = %q", got)
	}
	// The mailed link confirms the address and shows the comment.
	sent := mails.messages()
	if len(sent) != 1 {
		t.Fatalf("%d mails sent", len(sent))
	}
	link := sent[0].Text[strings.Index(sent[0].Text, "https://desk.example/comments/verify?token="):]
	link = strings.Fields(link)[0]
	v := presstest.MustGet(t, s.URL+strings.TrimPrefix(link, "https://desk.example"), http.StatusSeeOther)
	if loc := v.Resp.Header.Get("Location"); !strings.HasPrefix(loc, "/articles/water-war?comment=verified#comment-") {
		t.Errorf("after confirming, redirect to %q", loc)
	}
	if got := commentIDs(presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)); len(got) != 1 {
		t.Errorf("after confirming, thread = %q", got)
	}
	d = presstest.MustGet(t, s.URL+"/comments/verify?token=nonsense", http.StatusBadRequest)
	if got := presstest.Text(d.One("main")); !strings.Contains(got, "not valid") {
		t.Errorf("bad link page: %q", got)
	}
}

// mailbox is a mail.Mailer that keeps what it is given.
type mailbox struct {
	mu   sync.Mutex
	sent []mail.Message
}

func (m *mailbox) Send(_ context.Context, msg mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, msg)
	return nil
}

func (m *mailbox) messages() []mail.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]mail.Message(nil), m.sent...)
}

// TestCommentFormStamp: the form carries a stamp the site signed when it
// showed the page, so the newsroom can tell a person's pace from a bot's.
func TestCommentFormStamp(t *testing.T) {
	t.Parallel()
	s := mustCommentSite(t)
	d := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)
	stamp := presstest.Attr(d.One(`#comment-form input[name="stamp"]`), "value")
	ts, _, ok := strings.Cut(stamp, ".")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if !ok || err != nil {
		t.Fatalf("stamp %q is not time.signature", stamp)
	}
	if age := time.Since(time.Unix(sec, 0)); age < 0 || age > time.Minute {
		t.Errorf("stamp time is %v ago", age)
	}
	key, err := s.Newsroom.CommentFormSecret(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := site.SignStamp(key, time.Unix(sec, 0)); stamp != want {
		t.Errorf("stamp = %q, want the site's signature %q", stamp, want)
	}
}
