package admin_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// commentSite is a demo site with one of its published articles.
func commentSite(t *testing.T) (*presstest.Site, press.Article) {
	t.Helper()
	s := presstest.MustDemoSite(t)
	list, err := s.DB.Articles(t.Context(), press.ArticleFilter{Status: press.StatusPublished, Limit: 1})
	if err != nil || len(list.Articles) == 0 {
		t.Fatalf("no published article: %v", err)
	}
	return s, list.Articles[0]
}

// lastOctet makes each posted comment come from its own address, so that
// the per-IP rate limit does not get in the way of tests about other things.
var lastOctet atomic.Int64

func nextIP() string { return fmt.Sprintf("198.51.100.%d", lastOctet.Add(1)%250+1) }

// mustComment posts a guest's comment as the public form would, a minute
// after the form was shown.
func mustComment(t *testing.T, s *presstest.Site, slug, name, email, body, ip string) press.Comment {
	t.Helper()
	res, err := postComment(t, s, slug, name, email, body, ip)
	if err != nil {
		t.Fatalf("post comment by %s: %v", email, err)
	}
	return res.Comment
}

func postComment(t *testing.T, s *presstest.Site, slug, name, email, body, ip string) (newsroom.CommentResult, error) {
	t.Helper()
	return s.Newsroom.PostComment(t.Context(), newsroom.CommentInput{ArticleSlug: slug, Name: name, Email: email, Body: body,
		IP: ip, UserAgent: "comments_test", FormAge: time.Minute})
}

func commentStatus(t *testing.T, s *presstest.Site, u *press.User, id int64) press.CommentStatus {
	t.Helper()
	list, _, err := s.Newsroom.Comments(t.Context(), u, store.CommentFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.ID == id {
			return c.Status
		}
	}
	t.Fatalf("comment %d is not listed", id)
	return ""
}

func TestCommentsPermissions(t *testing.T) {
	t.Parallel()
	s, art := commentSite(t)
	c := mustComment(t, s, art.Slug, "Rita Reader", "rita@example.net", "First!", nextIP())
	id := strconv.FormatInt(c.ID, 10)
	routes := []struct{ method, path string }{
		{"GET", "/admin/comments"},
		{"GET", "/admin/comments?status=spam"},
		{"POST", "/admin/comments/moderate"},
		{"GET", "/admin/comments/" + id + "/edit"},
		{"POST", "/admin/comments/" + id + "/edit"},
		{"GET", "/admin/comments/bans"},
		{"POST", "/admin/comments/bans"},
		{"POST", "/admin/comments/bans/1/delete"},
	}
	for _, who := range []struct {
		role press.Role
		ok   bool
	}{{press.RoleContributor, false}, {press.RoleAuthor, false}, {press.RoleEditor, true}, {press.RoleAdmin, true}} {
		u := presstest.MustWriter(t, s.DB, "Staff "+string(who.role), who.role)
		c := presstest.MustSignIn(t, s.URL, u.Email)
		_, dash := c.Get("/admin/")
		if got := strings.Contains(dash, `href="/admin/comments"`); got != who.ok {
			t.Errorf("%s: the menu offers Comments: %v", who.role, got)
		}
		for _, r := range routes {
			var res *http.Response
			if r.method == "GET" {
				res, _ = c.Get(r.path)
			} else {
				// Forms the routes would refuse anyway, so that nothing
				// changes: the role is checked first.
				res, _ = c.Post(r.path, url.Values{"action": {"nothing"}, "kind": {"none"}})
			}
			if !who.ok && res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s %s: %d, want 403", who.role, r.method, r.path, res.StatusCode)
			}
			if who.ok && r.method == "GET" && res.StatusCode != http.StatusOK {
				t.Errorf("%s %s %s: %d, want 200", who.role, r.method, r.path, res.StatusCode)
			}
		}
	}
}

func TestCommentsModeration(t *testing.T) {
	t.Parallel()
	s, art := commentSite(t)
	editor := presstest.MustUser(t, s.DB, "Ed Editor", press.RoleEditor, "")
	e := presstest.MustSignIn(t, s.URL, editor.Email)
	held := mustComment(t, s, art.Slug, "Rita Reader", "rita@example.net", "A *fair* point about the council.", nextIP())
	if held.Status != press.CommentPending {
		t.Fatalf("a first comment is %s, want pending (the default policy holds first comments)", held.Status)
	}

	// The queue shows it, with why it waits; the dashboard counts it.
	res, body := e.Get("/admin/comments")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("queue: %d", res.StatusCode)
	}
	doc := presstest.ParseDoc(t, body)
	row := doc.One("tr#comment-" + strconv.FormatInt(held.ID, 10))
	if row == nil {
		t.Fatalf("the held comment is not in the queue:\n%s", body)
	}
	text := presstest.Text(row)
	for _, want := range []string{"Rita Reader", "rita@example.net", held.AuthorIP, "fair", art.Slug} {
		if !strings.Contains(text, want) {
			t.Errorf("queue row lacks %q: %s", want, text)
		}
	}
	if held.Reason != "" && !strings.Contains(text, held.Reason) {
		t.Errorf("queue row does not say why it is held (%q)", held.Reason)
	}
	if _, dash := e.Get("/admin/"); !strings.Contains(dash, "Comments waiting") || !strings.Contains(dash, "Rita Reader") {
		t.Errorf("the dashboard does not show the held comment")
	}
	if _, _, page := public(t, s.URL, press.ArticlePath(art.Slug)); strings.Contains(page, "about the council") {
		t.Fatalf("a held comment is on the public page")
	}

	// Approve it with its own button: it appears on the article's page.
	res, _ = e.Post("/admin/comments/moderate", url.Values{"row": {"approve:" + strconv.FormatInt(held.ID, 10)}, "back": {"/admin/comments"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/comments" {
		t.Fatalf("approve: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body = e.Get("/admin/comments"); !strings.Contains(body, "1 comment approved.") {
		t.Errorf("no flash message after approving")
	}
	if _, _, page := public(t, s.URL, press.ArticlePath(art.Slug)); !strings.Contains(page, "about the council") {
		t.Errorf("the approved comment is not on the article's page")
	}
	if _, body = e.Get("/admin/articles"); !strings.Contains(body, `href="/admin/comments?article=`+strconv.FormatInt(art.ID, 10)+`"`) {
		t.Errorf("the article list does not link to the article's comments")
	}

	// Bulk: two held comments to spam at once.
	a := mustComment(t, s, art.Slug, "Spammer One", "one@spam.example", "Cheap watches", nextIP())
	b := mustComment(t, s, art.Slug, "Spammer Two", "two@spam.example", "Cheaper watches", nextIP())
	res, _ = e.Post("/admin/comments/moderate", url.Values{"action": {"spam"}, "ids": {strconv.FormatInt(a.ID, 10), strconv.FormatInt(b.ID, 10)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk spam: %d", res.StatusCode)
	}
	for _, c := range []press.Comment{a, b} {
		if got := commentStatus(t, s, &editor, c.ID); got != press.CommentSpam {
			t.Errorf("comment %d after bulk spam: %s", c.ID, got)
		}
	}
	_, body = e.Get("/admin/comments?status=spam")
	if !strings.Contains(body, "2 comments marked as spam.") || !strings.Contains(body, "Cheaper watches") {
		t.Errorf("the spam tab after the bulk action lacks the flash or the comments")
	}
	if !strings.Contains(body, `Spam <span class="count">(2)</span>`) {
		t.Errorf("the spam tab does not count 2")
	}
	// The search finds by email, the article filter keeps to one article.
	if _, body = e.Get("/admin/comments?status=spam&q=two%40spam.example"); strings.Contains(body, "Spammer One") || !strings.Contains(body, "Spammer Two") {
		t.Errorf("search by email")
	}
	// No action chosen: nothing happens, and the moderator is told.
	res, _ = e.Post("/admin/comments/moderate", url.Values{"ids": {strconv.FormatInt(a.ID, 10)}})
	if res.StatusCode != http.StatusSeeOther || commentStatus(t, s, &editor, a.ID) != press.CommentSpam {
		t.Errorf("a bulk form without an action changed something")
	}

	// Edit: the new text is stored, rendered and audited.
	edit := "/admin/comments/" + strconv.FormatInt(held.ID, 10) + "/edit"
	res, body = e.Get(edit)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "A *fair* point about the council.") {
		t.Fatalf("edit page: %d", res.StatusCode)
	}
	res, body = e.Post(edit, url.Values{"body": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="body-error"`) {
		t.Errorf("an empty body: %d", res.StatusCode)
	}
	res, _ = e.Post(edit, url.Values{"body": {"A **fair** point about the council [link removed]."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	if _, _, page := public(t, s.URL, press.ArticlePath(art.Slug)); !strings.Contains(page, "<strong>fair</strong> point") {
		t.Errorf("the edited comment is not on the article's page")
	}
	log, err := s.DB.AuditLog(t.Context(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var audited []string
	for _, l := range log {
		if strings.HasPrefix(l.Action, "comment.") {
			audited = append(audited, l.Action)
		}
	}
	if j := strings.Join(audited, " "); !strings.Contains(j, "comment.approve") || !strings.Contains(j, "comment.spam") || !strings.Contains(j, "comment.edit") {
		t.Errorf("audit log has %q", j)
	}
}

func TestCommentBans(t *testing.T) {
	t.Parallel()
	s, art := commentSite(t)
	admin := presstest.MustUser(t, s.DB, "Ada Admin", press.RoleAdmin, "")
	a := presstest.MustSignIn(t, s.URL, admin.Email)
	c := mustComment(t, s, art.Slug, "Troll", "troll@example.net", "You are all wrong.", "192.0.2.10")

	// Ban the email from the queue's row: back to the queue.
	res, _ := a.Post("/admin/comments/bans", url.Values{"kind": {"email"}, "value": {c.AuthorEmail}, "reason": {"comment " + strconv.FormatInt(c.ID, 10)}, "back": {"/admin/comments"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/comments" {
		t.Fatalf("ban email: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := postComment(t, s, art.Slug, "Troll", "troll@example.net", "Still wrong.", nextIP()); !errors.Is(err, press.ErrForbidden) {
		t.Errorf("a banned address posted: %v", err)
	}
	// An IP range from the bans page.
	res, _ = a.Post("/admin/comments/bans", url.Values{"kind": {"ip"}, "value": {"203.0.113.0/24"}, "reason": {"flood"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/comments/bans" {
		t.Fatalf("ban range: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := postComment(t, s, art.Slug, "Someone", "someone@example.net", "Hello from the range.", "203.0.113.77"); !errors.Is(err, press.ErrForbidden) {
		t.Errorf("an address in a banned range posted: %v", err)
	}
	if _, err := postComment(t, s, art.Slug, "Someone", "someone@example.net", "Hello from elsewhere.", "203.0.114.1"); err != nil {
		t.Errorf("an address outside the banned range was refused: %v", err)
	}
	_, body := a.Get("/admin/comments/bans")
	doc := presstest.ParseDoc(t, body)
	rows := doc.All("tbody tr")
	if len(rows) != 2 || !strings.Contains(body, "troll@example.net") || !strings.Contains(body, "203.0.113.0/24") || !strings.Contains(body, "flood") || !strings.Contains(body, admin.Email) && !strings.Contains(body, admin.Name) {
		t.Errorf("bans page lists %d bans:\n%s", len(rows), body)
	}

	// A ban that is not one: errors by field, nothing stored.
	res, body = a.Post("/admin/comments/bans", url.Values{"kind": {"ip"}, "value": {"not an address"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="value-error"`) || !strings.Contains(body, `aria-describedby="value-hint value-error"`) {
		t.Errorf("bad ban: %d\n%s", res.StatusCode, body)
	}
	if bans, _ := s.Newsroom.Bans(t.Context(), &admin); len(bans) != 2 {
		t.Errorf("%d bans after a refused one", len(bans))
	}

	// Lift the email ban: the address may post again.
	bans, _ := s.Newsroom.Bans(t.Context(), &admin)
	for _, b := range bans {
		if b.Kind == press.BanEmail {
			if res, _ := a.Post("/admin/comments/bans/"+strconv.FormatInt(b.ID, 10)+"/delete", nil); res.StatusCode != http.StatusSeeOther {
				t.Errorf("lift ban: %d", res.StatusCode)
			}
		}
	}
	if _, err := postComment(t, s, art.Slug, "Troll", "troll@example.net", "Reformed now.", nextIP()); err != nil {
		t.Errorf("after the ban was lifted: %v", err)
	}
}

func TestCommentsCSRF(t *testing.T) {
	t.Parallel()
	s, art := commentSite(t)
	editor := presstest.MustUser(t, s.DB, "Ed Editor", press.RoleEditor, "")
	e := presstest.MustSignIn(t, s.URL, editor.Email)
	c := mustComment(t, s, art.Slug, "Rita Reader", "rita@example.net", "Held for now.", nextIP())
	id := strconv.FormatInt(c.ID, 10)
	for path, form := range map[string]url.Values{
		"/admin/comments/moderate":        {"row": {"approve:" + id}},
		"/admin/comments/" + id + "/edit": {"body": {"changed"}},
		"/admin/comments/bans":            {"kind": {"email"}, "value": {"x@example.net"}},
	} {
		for _, token := range []string{"", "wrong"} {
			form.Set("csrf", token)
			if res, _ := e.Post(path, form); res.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s with csrf %q: %d, want 403", path, token, res.StatusCode)
			}
		}
	}
	if got := commentStatus(t, s, &editor, c.ID); got != press.CommentPending {
		t.Errorf("after forged posts the comment is %s", got)
	}
	if bans, _ := s.Newsroom.Bans(t.Context(), &editor); len(bans) != 0 {
		t.Errorf("a forged post banned %+v", bans)
	}
}

func TestCommentsEscaped(t *testing.T) {
	t.Parallel()
	s, art := commentSite(t)
	editor := presstest.MustUser(t, s.DB, "Ed Editor", press.RoleEditor, "")
	e := presstest.MustSignIn(t, s.URL, editor.Email)
	mustComment(t, s, art.Slug, "Mallory "+xss, "mallory@example.net", "Look "+xss+` [x](javascript:alert(3)) <a href="javascript:alert(4)">y</a>`, nextIP())
	_, body := e.Get("/admin/comments")
	doc := presstest.ParseDoc(t, body)
	for _, n := range doc.All("main *") {
		if n.Data == "script" || n.Data == "img" || n.Data == "iframe" {
			t.Errorf("the queue has a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") || strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				t.Errorf("the queue has <%s %s=%q>", n.Data, a.Key, a.Val)
			}
		}
	}
	if !strings.Contains(body, "Mallory &lt;script&gt;") || !strings.Contains(body, "Look &lt;script&gt;") {
		t.Errorf("the name is not shown escaped")
	}
}

func TestCommentSettings(t *testing.T) {
	t.Parallel()
	s, _ := commentSite(t)
	a := mustSignInAs(t, s, "Ada Admin", press.RoleAdmin)
	_, body := a.Get("/admin/settings")
	form := presstest.FormValues(t, body, "settings-form")
	if form.Get("comments.mode") != "open" || form.Get("comments.max_depth") != "3" || form.Get("comments.hold_first") != "on" {
		t.Fatalf("the settings form does not show the default policy: %v", form)
	}
	form.Set("comments.mode", "members")
	form.Set("comments.close_after_days", "30")
	form.Set("comments.require_verification", "on")
	form.Del("comments.hold_first")
	form.Set("comments.max_links", "1")
	form.Set("comments.flag_threshold", "5")
	form.Set("comments.blocked_words", "casino\r\n\r\n  cheap pills \r\nviagra")
	form.Set("comments.max_depth", "2")
	form.Set("comments.edit_minutes", "10")
	if res, body := a.Post("/admin/settings", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, body)
	}
	site, err := s.DB.Site(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := press.CommentPolicy{Mode: press.CommentsMembers, CloseAfterDays: 30, RequireVerification: true, HoldFirst: false, MaxLinks: 1,
		FlagThreshold: 5, BlockedWords: []string{"casino", "cheap pills", "viagra"}, MaxDepth: 2, EditMinutes: 10}
	if got := fmt.Sprintf("%+v", site.Comments); got != fmt.Sprintf("%+v", want) {
		t.Errorf("stored policy\n got %s\nwant %+v", got, want)
	}
	// Read back: the form shows what was saved, and saving it unchanged
	// changes nothing.
	_, body = a.Get("/admin/settings")
	again := presstest.FormValues(t, body, "settings-form")
	if again.Get("comments.blocked_words") != "casino\ncheap pills\nviagra" || again.Get("comments.mode") != "members" || again.Has("comments.hold_first") {
		t.Errorf("the form shows %v", again)
	}
	a.Post("/admin/settings", again)
	if site2, _ := s.DB.Site(t.Context()); fmt.Sprintf("%+v", site2.Comments) != fmt.Sprintf("%+v", want) {
		t.Errorf("a round trip changed the policy to %+v", site2.Comments)
	}

	// Invalid values: errors by field name, nothing stored.
	bad := presstest.FormValues(t, body, "settings-form")
	bad.Set("comments.mode", "everyone")
	bad.Set("comments.max_depth", "0")
	bad.Set("comments.edit_minutes", "soon")
	bad.Set("comments.flag_threshold", "0")
	res, body := a.Post("/admin/settings", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid policy: %d", res.StatusCode)
	}
	for _, f := range []string{"comments.mode", "comments.max_depth", "comments.edit_minutes", "comments.flag_threshold"} {
		if !strings.Contains(body, `href="#`+f+`"`) || !strings.Contains(body, `id="`+f+`-error"`) || !strings.Contains(body, f+`-error"`) {
			t.Errorf("no error for %s", f)
		}
	}
	if site3, _ := s.DB.Site(t.Context()); fmt.Sprintf("%+v", site3.Comments) != fmt.Sprintf("%+v", want) {
		t.Errorf("a refused form changed the policy to %+v", site3.Comments)
	}
}

func TestArticleCommentMode(t *testing.T) {
	t.Parallel()
	s, art := commentSite(t)
	e := mustSignInAs(t, s, "Ed Editor", press.RoleEditor)
	path := "/admin/articles/" + strconv.FormatInt(art.ID, 10)
	_, body := e.Get(path)
	form := presstest.FormValues(t, body, "article-form")
	if v, ok := form["comments"]; !ok || v[0] != "" {
		t.Fatalf("the editor's comment mode is %v, want follow the site (\"\")", v)
	}
	for _, mode := range []press.CommentMode{press.CommentsClosed, press.CommentsMembers, ""} {
		form.Set("comments", string(mode))
		form.Set("action", "save")
		if res, body := e.Post(path, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save with comments %q: %d\n%s", mode, res.StatusCode, body)
		}
		got, err := s.DB.ArticleByID(t.Context(), art.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Comments != mode {
			t.Errorf("stored comment mode %q, want %q", got.Comments, mode)
		}
		_, body = e.Get(path)
		form = presstest.FormValues(t, body, "article-form")
		if form.Get("comments") != string(mode) {
			t.Errorf("the editor shows %q after saving %q", form.Get("comments"), mode)
		}
	}
	form.Set("comments", "sometimes")
	if res, body := e.Post(path, form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="comments-error"`) || !strings.Contains(body, `href="#f-comments"`) {
		t.Errorf("an unknown mode: %d", res.StatusCode)
	}
}

// TestCommentPagesValid runs the W3C checker over the queue (with hostile
// names), the bans page with field errors, and the edit page.
func TestCommentPagesValid(t *testing.T) {
	t.Parallel()
	check := presstest.MustHTMLChecker(t)
	s, art := commentSite(t)
	e := mustSignInAs(t, s, "Ed "+xss, press.RoleEditor)
	c := mustComment(t, s, art.Slug, "Mallory "+xss, "mallory@example.net", "A *quoted*\n\n> reply\n\nand `code` and [a link](https://example.org/)", nextIP())
	mustComment(t, s, art.Slug, "Rita Reader", "rita@example.net", "Plain.", nextIP())
	add := func(name string, want int, res *http.Response, body string) {
		t.Helper()
		if res.StatusCode != want {
			t.Fatalf("%s: %d, want %d", name, res.StatusCode, want)
		}
		check.AddPage(name, body)
	}
	res, body := e.Get("/admin/comments")
	add("queue", http.StatusOK, res, body)
	res, body = e.Get("/admin/comments?status=spam")
	add("queue-empty", http.StatusOK, res, body)
	res, body = e.Get("/admin/comments?article=" + strconv.FormatInt(art.ID, 10) + "&q=rita")
	add("queue-filtered", http.StatusOK, res, body)
	e.Post("/admin/comments/bans", url.Values{"kind": {"ip"}, "value": {"203.0.113.0/24"}, "reason": {"flood " + xss}})
	res, body = e.Get("/admin/comments/bans")
	add("bans", http.StatusOK, res, body)
	res, body = e.Post("/admin/comments/bans", url.Values{"kind": {"ip"}, "value": {"nonsense"}})
	add("bans-invalid", http.StatusUnprocessableEntity, res, body)
	edit := "/admin/comments/" + strconv.FormatInt(c.ID, 10) + "/edit"
	res, body = e.Get(edit)
	add("edit", http.StatusOK, res, body)
	res, body = e.Post(edit, url.Values{"body": {""}})
	add("edit-invalid", http.StatusUnprocessableEntity, res, body)
	res, body = e.Get("/admin/")
	add("dashboard", http.StatusOK, res, body)
	a := mustSignInAs(t, s, "Ada Admin", press.RoleAdmin)
	res, body = a.Get("/admin/settings")
	add("settings", http.StatusOK, res, body)
	bad := presstest.FormValues(t, body, "settings-form")
	bad.Set("comments.max_depth", "0")
	bad.Set("comments.mode", "x")
	res, body = a.Post("/admin/settings", bad)
	add("settings-invalid", http.StatusUnprocessableEntity, res, body)
	res, body = a.Get("/admin/articles")
	add("articles", http.StatusOK, res, body)
	check.Check()
}

func TestCommentsQueuePages(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	list, err := s.DB.Articles(t.Context(), press.ArticleFilter{Status: press.StatusPublished, Limit: 2})
	if err != nil || len(list.Articles) < 2 {
		t.Fatalf("two published articles: %v", err)
	}
	one, two := list.Articles[0], list.Articles[1]
	for i := range 26 {
		mustComment(t, s, one.Slug, fmt.Sprintf("Reader %02d", i), fmt.Sprintf("reader%02d@example.net", i), fmt.Sprintf("Comment number %d.", i), nextIP())
	}
	mustComment(t, s, two.Slug, "Other Reader", "other@example.net", "On the other article.", nextIP())
	e := mustSignInAs(t, s, "Ed Editor", press.RoleEditor)
	_, body := e.Get("/admin/comments")
	doc := presstest.ParseDoc(t, body)
	if rows := doc.All("table.comments tbody tr"); len(rows) != 25 {
		t.Errorf("first page: %d rows, want 25", len(rows))
	}
	if !strings.Contains(body, `Pending <span class="count">(27)</span>`) || !strings.Contains(body, "Page 1 of 2") {
		t.Errorf("first page lacks the count or the pager")
	}
	next := doc.One(`a[rel="next"]`)
	if next == nil || presstest.Attr(next, "href") != "/admin/comments?page=2" {
		t.Fatalf("next link: %v", next)
	}
	_, body = e.Get("/admin/comments?page=2")
	if rows := presstest.ParseDoc(t, body).All("table.comments tbody tr"); len(rows) != 2 {
		t.Errorf("second page: %d rows, want 2", len(rows))
	}
	// One article: its comments only, and the tabs count them alone.
	_, body = e.Get("/admin/comments?article=" + strconv.FormatInt(two.ID, 10))
	doc = presstest.ParseDoc(t, body)
	if rows := doc.All("table.comments tbody tr"); len(rows) != 1 || !strings.Contains(presstest.Text(rows[0]), "Other Reader") {
		t.Errorf("article filter: %d rows", len(rows))
	}
	if !strings.Contains(body, `Pending <span class="count">(1)</span>`) || !strings.Contains(body, two.Title) {
		t.Errorf("the article filter's tabs or title")
	}
}

// TestCommentEditLinkKeepsTheWayBack: the queue's Edit link carries the
// queue's address as one query parameter, so saving the edit returns to
// the same filtered page.
func TestCommentEditLinkKeepsTheWayBack(t *testing.T) {
	t.Parallel()
	s, a := commentSite(t)
	c := mustComment(t, s, a.Slug, "Rania", "rania@example.org", "A question about the figures.", nextIP())
	ed := presstest.MustWriter(t, s.DB, "Eda Editor", press.RoleEditor)
	_, page := presstest.MustSignIn(t, s.URL, ed.Email).Get("/admin/comments?q=figures")
	want := fmt.Sprintf(`href="/admin/comments/%d/edit?back=%%2Fadmin%%2Fcomments%%3Fq%%3Dfigures"`, c.ID)
	if !strings.Contains(page, want) {
		t.Errorf("the queue lacks the edit link %s", want)
	}
}
