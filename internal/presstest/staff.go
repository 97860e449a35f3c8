package presstest

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// StaffPassword is the password MustUser gives every user.
const StaffPassword = "correct horse battery staple"

// MustUser creates a staff user with role and StaffPassword. The email is
// derived from name ("Ana Ruiz" → ana-ruiz@example.org); author, when not
// "", links the user to that author profile.
func MustUser(t testing.TB, db *store.DB, name string, role press.Role, author string) press.User {
	t.Helper()
	u := press.User{Name: name, Email: press.Slugify(name) + "@example.org", Role: role, Author: author}
	if err := db.CreateUser(context.Background(), &u, auth.HashPassword(StaffPassword)); err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

// Staff is a browser-like HTTP client signed in to the admin: it keeps
// cookies, does not follow redirects (tests look at them), and adds the
// session's CSRF token to every form it posts.
type Staff struct {
	t    testing.TB
	Base string
	HTTP *http.Client
	CSRF string
}

// NewStaff returns a client of the site at base with no session.
func NewStaff(t testing.TB, base string) *Staff {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &Staff{t: t, Base: base, HTTP: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfAttr = regexp.MustCompile(`(?:name="csrf" value|data-csrf)="([^"]+)"`)

// MustSignIn signs in as email with StaffPassword, failing the test
// unless the admin accepts it, and keeps the session's CSRF token.
func MustSignIn(t testing.TB, base, email string) *Staff {
	t.Helper()
	c := NewStaff(t, base)
	_, body := c.Get("/admin/login")
	c.CSRF = c.token(body)
	res, _ := c.Post("/admin/login", url.Values{"email": {email}, "password": {StaffPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d, want 303", email, res.StatusCode)
	}
	_, body = c.Get("/admin/")
	c.CSRF = c.token(body)
	return c
}

func (c *Staff) token(body string) string {
	c.t.Helper()
	m := csrfAttr.FindStringSubmatch(body)
	if m == nil {
		c.t.Fatalf("no CSRF token in page:\n%s", body)
	}
	return m[1]
}

// Get requests path and returns the response and its body.
func (c *Staff) Get(path string) (*http.Response, string) {
	c.t.Helper()
	return c.Do(http.MethodGet, path, "", nil)
}

// Post posts form to path with the CSRF token (unless form already has a
// "csrf" value, which lets tests send a wrong one).
func (c *Staff) Post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok && c.CSRF != "" {
		form.Set("csrf", c.CSRF)
	}
	return c.Do(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// Do sends a request with the client's cookies and returns the response
// with its body read.
func (c *Staff) Do(method, path, contentType string, body io.Reader) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.Base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	// Same-origin, as a browser would say: the cross-origin protection
	// in front of every route reads these headers.
	req.Header.Set("Origin", c.Base)
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return res, string(b)
}

// MustWriter is MustUser for someone who writes under their own byline: it
// also creates an author profile with the same name and links the two, so
// the articles they write carry a byline and may be published.
func MustWriter(t testing.TB, db *store.DB, name string, role press.Role) press.User {
	t.Helper()
	au := press.Author{Slug: press.Slugify(name), Name: name}
	if err := db.SaveAuthor(context.Background(), &au); err != nil {
		t.Fatalf("author profile for %s: %v", name, err)
	}
	return MustUser(t, db, name, role, au.Slug)
}
