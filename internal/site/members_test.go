package site_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/mail"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/server"
	"github.com/pressroomhq/pressroom/internal/site"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/theme"
)

// memberSite is the comment fixture served with a real mailer (mailpit)
// and its base URL set to the test server's, so mailed links lead back
// to it. The store's clock is the returned one.
type memberSite struct {
	URL   string
	DB    *store.DB
	Mail  *presstest.Mailpit
	Clock *presstest.Clock
}

func mustMemberSite(t *testing.T) *memberSite {
	t.Helper()
	mp := presstest.MustMailpit(t)
	clock := presstest.NewClock(time.Now().UTC())
	db := presstest.MustStore(t, store.EngineSQLite, presstest.WithNow(clock.Now))
	th, err := theme.Load()
	if err != nil {
		t.Fatal(err)
	}
	news := newsroom.New(db, presstest.Logger())
	if _, err := news.Import(context.Background(), commentFixture()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.Handler(db, th, t.TempDir(), presstest.Logger(),
		server.Options{Newsroom: news, Mailer: mp.SMTP(mail.StartTLS)}))
	t.Cleanup(srv.Close)
	s, err := db.Site(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.BaseURL = srv.URL
	if err := db.UpdateSite(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return &memberSite{URL: srv.URL, DB: db, Mail: mp, Clock: clock}
}

var memberLinkRe = regexp.MustCompile(`https?://\S+/members/link\?token=[0-9a-f]+`)

// link waits for the newest mail to address and returns the path of the
// member link in it, and the mail.
func (s *memberSite) link(t *testing.T, address string) (string, presstest.MailpitMessage) {
	t.Helper()
	msg := s.Mail.WaitFor(address)
	link := memberLinkRe.FindString(msg.Text)
	if !strings.HasPrefix(link, s.URL+"/members/link?token=") {
		t.Fatalf("no member link in the mail to %s:\n%s", address, msg.Raw)
	}
	if strings.Contains(msg.Raw, "text/html") {
		t.Errorf("member mail has an HTML part; it should be plain text:\n%s", msg.Raw)
	}
	return strings.TrimPrefix(link, s.URL), msg
}

// follow opens a link page and presses its button, as a reader does,
// and returns the answer to the button.
func follow(t *testing.T, c *presstest.Staff, path string) (*http.Response, string) {
	t.Helper()
	res, body := c.Get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, res.StatusCode, body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("link page: Cache-Control %q, Referrer-Policy %q", cc, res.Header.Get("Referrer-Policy"))
	}
	form := presstest.FormValues(t, body, "member-link-form")
	return c.Post("/members/link", form)
}

// join joins as name and address, confirms by the mailed link, and
// returns the signed-in client.
func (s *memberSite) join(t *testing.T, name, address string) *presstest.Staff {
	t.Helper()
	c := presstest.NewStaff(t, s.URL)
	res, body := c.Post("/join", url.Values{"name": {name}, "email": {address}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Check your email") {
		t.Fatalf("join: %d\n%s", res.StatusCode, body)
	}
	path, msg := s.link(t, address)
	if !strings.Contains(msg.Subject, "Confirm your email address") {
		t.Errorf("join mail subject %q", msg.Subject)
	}
	res, body = follow(t, c, path)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account?notice=welcome" {
		t.Fatalf("confirm: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	return c
}

func memberCookie(t *testing.T, res *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range res.Cookies() {
		if c.Name == site.MemberCookie {
			return c
		}
	}
	t.Fatalf("no %s cookie set; Set-Cookie: %q", site.MemberCookie, res.Header.Values("Set-Cookie"))
	return nil
}

// TestMemberJoin: join → confirmation mail → the link's page → its
// button signs in; the link then works no more, and the account page is
// private.
func TestMemberJoin(t *testing.T) {
	t.Parallel()
	s := mustMemberSite(t)
	c := presstest.NewStaff(t, s.URL)
	res, body := c.Get("/join")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("join form: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	d := presstest.ParseDoc(t, body)
	d.One("form[method=post][action='/join'] input[name=email][type=email]")
	d.One(".hp[aria-hidden=true] input[name=website]")

	// Bad input: the form again, each problem named, what was typed kept.
	res, body = c.Post("/join", url.Values{"name": {""}, "email": {"ana@"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad join: %d", res.StatusCode)
	}
	errs := presstest.Text(presstest.ParseDoc(t, body).One(".form-errors"))
	if !strings.Contains(errs, "Your name: is required") || !strings.Contains(errs, "Email address: must be an email address") {
		t.Errorf("errors shown: %q", errs)
	}
	// The honeypot: thanked, nothing stored, nothing sent.
	res, _ = c.Post("/join", url.Values{"name": {"Bot"}, "email": {"bot@example.org"}, "website": {"http://spam.example"}})
	if res.StatusCode != http.StatusOK {
		t.Errorf("honeypot: %d", res.StatusCode)
	}
	if _, err := s.DB.MemberByEmail(context.Background(), "bot@example.org"); err == nil {
		t.Error("the honeypot's address was stored")
	}

	res, body = c.Post("/join", url.Values{"name": {"Ana Ruiz"}, "email": {"Ana@Example.org"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "ana@example.org") {
		t.Fatalf("join: %d\n%s", res.StatusCode, body)
	}
	m, err := s.DB.MemberByEmail(context.Background(), "ana@example.org")
	if err != nil || m.Confirmed() || m.Name != "Ana Ruiz" {
		t.Fatalf("member before confirming: %+v, %v", m, err)
	}
	// Not signed in before the link.
	if res, _ := c.Get("/account"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Errorf("account before confirming: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	path, _ := s.link(t, "ana@example.org")
	res, _ = follow(t, c, path)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account?notice=welcome" {
		t.Fatalf("confirm: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	ck := memberCookie(t, res)
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || ck.Path != "/" {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, not Secure on loopback, Path=/", ck)
	}
	res, body = c.Get("/account?notice=welcome")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("account: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	d = presstest.ParseDoc(t, body)
	if got := presstest.Text(d.One("[role=status]")); got != "Welcome: you are signed in." {
		t.Errorf("notice %q", got)
	}
	if got := presstest.Attr(d.One("input[name=name]"), "value"); got != "Ana Ruiz" {
		t.Errorf("name box %q", got)
	}
	if m, _ := s.DB.MemberByEmail(context.Background(), "ana@example.org"); !m.Confirmed() {
		t.Error("the address is not confirmed after the link")
	}

	// The link works once: its page and its button both refuse clearly.
	res, body = c.Get(path)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "used already or has expired") {
		t.Errorf("a used link's page: %d\n%.400s", res.StatusCode, body)
	}
	token, _ := url.ParseQuery(strings.SplitN(path, "?", 2)[1])
	if res, _ := c.Post("/members/link", url.Values{"token": {token.Get("token")}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a used link's button: %d", res.StatusCode)
	}

	// Renaming: refused when empty, kept otherwise.
	if res, _ := c.Post("/account/name", url.Values{"name": {"  "}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("empty name: %d", res.StatusCode)
	}
	if res, _ := c.Post("/account/name", url.Values{"name": {"Ana R."}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("rename: %d", res.StatusCode)
	}
	if m, _ := s.DB.MemberByEmail(context.Background(), "ana@example.org"); m.Name != "Ana R." {
		t.Errorf("name after rename %q", m.Name)
	}

	// Sign-out is a POST from this site only; it ends the session on the
	// server, so the old cookie is worthless.
	req, _ := http.NewRequest("POST", s.URL+"/signout", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	req.AddCookie(ck)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site sign-out: %v %v", res.StatusCode, err)
	}
	res, _ = c.Post("/signout", nil)
	if res.StatusCode != http.StatusSeeOther || memberCookie(t, res).MaxAge >= 0 {
		t.Errorf("sign-out: %d, cookie not cleared", res.StatusCode)
	}
	req, _ = http.NewRequest("GET", s.URL+"/account", nil)
	req.AddCookie(ck)
	d = presstest.MustDo(t, req, http.StatusSeeOther)
	if d.Resp.Header.Get("Location") != "/signin" {
		t.Errorf("the old cookie after sign-out: %q", d.Resp.Header.Get("Location"))
	}
	if res, _ := c.Post("/account/name", url.Values{"name": {"X"}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a change while signed out: %d", res.StatusCode)
	}
}

// TestMemberSignIn: the sign-in form answers the same for a member's
// address and an unknown one; only the member gets a link, which signs
// in once, within fifteen minutes. Joining again with a member's address
// answers as for a new one and mails a sign-in link.
func TestMemberSignIn(t *testing.T) {
	t.Parallel()
	s := mustMemberSite(t)
	s.join(t, "Lee Park", "lee@example.org")

	n0 := s.mailsTo(t, "lee@example.org")
	c := presstest.NewStaff(t, s.URL)
	res, known := c.Post("/signin", url.Values{"email": {"lee@example.org"}})
	_, unknown := c.Post("/signin", url.Values{"email": {"nobody@example.org"}})
	if res.StatusCode != http.StatusOK || strings.ReplaceAll(known, "lee@example.org", "X") != strings.ReplaceAll(unknown, "nobody@example.org", "X") {
		t.Fatalf("the answers for a member and an unknown address differ (%d):\n%s\n---\n%s", res.StatusCode, known, unknown)
	}
	s.linkAfter(t, "lee@example.org", n0)
	path, msg := s.link(t, "lee@example.org")
	if !strings.Contains(msg.Subject, "sign-in link") {
		t.Errorf("sign-in mail subject %q", msg.Subject)
	}
	res, _ = follow(t, c, path)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in link: %d", res.StatusCode)
	}
	if res, body := c.Get("/account"); res.StatusCode != http.StatusOK || !strings.Contains(body, "lee@example.org") {
		t.Fatalf("account after signing in: %d", res.StatusCode)
	}
	time.Sleep(300 * time.Millisecond) // the unknown address's lookup ran beside the member's
	for _, m := range s.Mail.Messages() {
		if m.To[0].Address == "nobody@example.org" {
			t.Errorf("an address without an account got mail: %q", m.Subject)
		}
	}

	// Joining with a member's address looks like joining afresh.
	before := s.mailsTo(t, "lee@example.org")
	other := presstest.NewStaff(t, s.URL)
	_, again := other.Post("/join", url.Values{"name": {"Lee"}, "email": {"lee@example.org"}})
	_, fresh := other.Post("/join", url.Values{"name": {"Neu"}, "email": {"neu@example.org"}})
	if strings.ReplaceAll(again, "lee@example.org", "X") != strings.ReplaceAll(fresh, "neu@example.org", "X") {
		t.Errorf("joining with a member's address answers differently:\n%s\n---\n%s", again, fresh)
	}
	s.Mail.WaitFor("neu@example.org")
	s.linkAfter(t, "lee@example.org", before)
	if msg := s.Mail.WaitFor("lee@example.org"); !strings.Contains(msg.Subject, "sign-in link") {
		t.Errorf("a member who joins again gets %q, want a sign-in link", msg.Subject)
	}

	// An expired link is refused with the same clear page.
	n := s.mailsTo(t, "lee@example.org")
	c2 := presstest.NewStaff(t, s.URL)
	c2.Post("/signin", url.Values{"email": {"lee@example.org"}})
	late := s.linkAfter(t, "lee@example.org", n)
	s.Clock.Advance(newsroom.MemberSignInTTL + time.Second)
	if res, body := c2.Get(late); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "used already or has expired") {
		t.Errorf("an expired link: %d", res.StatusCode)
	}
}

// mailsTo counts the mail received for address.
func (s *memberSite) mailsTo(t *testing.T, address string) int {
	t.Helper()
	n := 0
	for _, m := range s.Mail.Messages() {
		for _, to := range m.To {
			if to.Address == address {
				n++
			}
		}
	}
	return n
}

// linkAfter waits until address has more than n mails and returns the
// member link of the newest.
func (s *memberSite) linkAfter(t *testing.T, address string, n int) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for s.mailsTo(t, address) <= n {
		if time.Now().After(deadline) {
			t.Fatalf("no new mail to %s within 5 s", address)
		}
		time.Sleep(50 * time.Millisecond)
	}
	path, _ := s.link(t, address)
	return path
}

// TestMemberAccount: a member moves their account to a new address by
// the link mailed there, downloads their data (with the comments they
// wrote) and deletes the account.
func TestMemberAccount(t *testing.T) {
	t.Parallel()
	s := mustMemberSite(t)
	ctx := context.Background()
	// old@example.org wrote the fixture's imported comment.
	c := s.join(t, "Old Reader", "old@example.org")
	if err := s.DB.ChangeMemberLabels(ctx, []int64{mustMemberID(t, s.DB, "old@example.org")}, "founding", true); err != nil {
		t.Fatal(err)
	}

	// Change of email: refused when malformed, else a link to the new
	// address; the old one works until it is opened.
	if res, _ := c.Post("/account/email", url.Values{"email": {"nope"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a malformed new address: %d", res.StatusCode)
	}
	res, _ := c.Post("/account/email", url.Values{"email": {"New@Example.org"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account?notice=email_sent" {
		t.Fatalf("email change: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := s.DB.MemberByEmail(ctx, "old@example.org"); err != nil {
		t.Errorf("before the link, the account moved already: %v", err)
	}
	path, msg := s.link(t, "new@example.org")
	if !strings.Contains(msg.Subject, "new email address") {
		t.Errorf("email change subject %q", msg.Subject)
	}
	res, _ = follow(t, c, path)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account?notice=email" {
		t.Fatalf("email change link: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := c.Get("/account"); !strings.Contains(body, "new@example.org") {
		t.Error("the account page does not show the new address")
	}
	if _, err := s.DB.MemberByEmail(ctx, "old@example.org"); err == nil {
		t.Error("the old address still has an account")
	}

	// Export: the profile, the labels and the comments of the address
	// the member had then (the comments match by address: after a move,
	// only the new address's).
	res, body := c.Get("/account/export")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("export: %d %q %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"), res.Header.Get("Cache-Control"))
	}
	var x newsroom.MemberExport
	if err := json.Unmarshal([]byte(body), &x); err != nil {
		t.Fatal(err)
	}
	if x.Profile.Email != "new@example.org" || x.Profile.Name != "Old Reader" || x.Profile.ConfirmedAt == nil ||
		len(x.Labels) != 1 || x.Labels[0] != "founding" || x.Comments == nil {
		t.Errorf("export %+v", x)
	}
	if strings.Contains(body, "note") {
		t.Errorf("the staff's note is in the export:\n%s", body)
	}

	// Delete: a confirmation page, then the account and its sessions go.
	res, body = c.Get("/account/delete")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("delete page: %d", res.StatusCode)
	}
	presstest.ParseDoc(t, body).One("form[method=post][action='/account/delete'] input[name=confirm][value=yes]")
	if res, _ := c.Post("/account/delete", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/delete" {
		t.Errorf("delete without the confirmation: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = c.Post("/account/delete", url.Values{"confirm": {"yes"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/join?notice=deleted" || memberCookie(t, res).MaxAge >= 0 {
		t.Fatalf("delete: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := s.DB.MemberByEmail(ctx, "new@example.org"); err == nil {
		t.Error("the member is still stored")
	}
	if res, _ := c.Get("/account"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("account after deletion: %d", res.StatusCode)
	}
}

// TestMemberExportComments: the export lists the comments written with
// the member's address.
func TestMemberExportComments(t *testing.T) {
	t.Parallel()
	s := mustMemberSite(t)
	c := s.join(t, "Old Reader", "old@example.org")
	_, body := c.Get("/account/export")
	var x newsroom.MemberExport
	if err := json.Unmarshal([]byte(body), &x); err != nil {
		t.Fatal(err)
	}
	if len(x.Comments) != 1 || x.Comments[0].Article != "closed-piece" || !strings.Contains(x.Comments[0].Body, "imported") {
		t.Errorf("exported comments %+v", x.Comments)
	}
}

func mustMemberID(t *testing.T, db *store.DB, email string) int64 {
	t.Helper()
	m, err := db.MemberByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// TestMemberRateLimit: the forms that send mail allow five tries an
// hour per address, then answer 429 with Retry-After.
func TestMemberRateLimit(t *testing.T) {
	t.Parallel()
	s := mustMemberSite(t)
	c := presstest.NewStaff(t, s.URL)
	for i := range 5 {
		if res, _ := c.Post("/signin", url.Values{"email": {"ana@example.org"}}); res.StatusCode != http.StatusOK {
			t.Fatalf("try %d: %d", i+1, res.StatusCode)
		}
	}
	res, body := c.Post("/signin", url.Values{"email": {"ANA@example.org"}})
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "Too many requests") {
		t.Fatalf("sixth try: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// Joining with the address counts against the same limit.
	if res, _ := c.Post("/join", url.Values{"name": {"Ana"}, "email": {"ana@example.org"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("join past the limit: %d", res.StatusCode)
	}
	// Another address is still welcome.
	if res, _ := c.Post("/signin", url.Values{"email": {"lee@example.org"}}); res.StatusCode != http.StatusOK {
		t.Errorf("another address: %d", res.StatusCode)
	}
}

// TestMembersWithoutMail: without a mailer the forms show, and sending
// them says that mail is not available (503), rather than pretend.
func TestMembersWithoutMail(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	presstest.MustGet(t, s.URL+"/join", http.StatusOK)
	d := postForm(t, s.URL+"/join", url.Values{"name": {"Ana"}, "email": {"ana@example.org"}}, nil, http.StatusServiceUnavailable)
	if !strings.Contains(d.Body, "cannot send email") {
		t.Errorf("no-mail page:\n%.400s", d.Body)
	}
	postForm(t, s.URL+"/signin", url.Values{"email": {"ana@example.org"}}, nil, http.StatusServiceUnavailable)
	if _, err := s.DB.MemberByEmail(context.Background(), "ana@example.org"); err == nil {
		t.Error("a member was stored without a confirmation being sent")
	}
}
