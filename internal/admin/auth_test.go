package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

func TestFirstRunSetup(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	c := presstest.NewStaff(t, s.URL)

	// With no user, sign-in sends to set-up.
	res, _ := c.Get("/admin/login")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/setup" {
		t.Fatalf("GET /admin/login on an empty site: %d %s, want 303 to /admin/setup", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := c.Get("/admin/setup")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /admin/setup: %d", res.StatusCode)
	}
	c.CSRF = csrf(t, body)

	// Mistakes are named by field and nothing is created.
	res, body = c.Post("/admin/setup", url.Values{"name": {""}, "email": {"not-an-address"}, "password": {"short"}, "password2": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad set-up: status %d, want 422", res.StatusCode)
	}
	for _, want := range []string{"name-error", "email-error", "password-error", "at least 10 characters"} {
		if !strings.Contains(body, want) {
			t.Errorf("bad set-up page lacks %q", want)
		}
	}
	if n, _ := s.DB.CountUsers(t.Context()); n != 0 {
		t.Fatalf("a refused set-up created %d users", n)
	}

	res, _ = c.Post("/admin/setup", url.Values{"name": {"Ada Admin"}, "email": {"Ada@Example.org"}, "password": {"a long enough secret"}, "password2": {"a long enough secret"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/" {
		t.Fatalf("set-up: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, body = c.Get("/admin/")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Ada Admin") {
		t.Fatalf("dashboard after set-up: %d\n%s", res.StatusCode, body)
	}
	u, _, err := s.DB.UserByEmail(t.Context(), "ada@example.org")
	if err != nil || u.Role != press.RoleAdmin {
		t.Fatalf("first user: %+v, %v; want an admin with the address lower-cased", u, err)
	}

	// Set-up closes once someone exists.
	other := presstest.NewStaff(t, s.URL)
	res, _ = other.Get("/admin/setup")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/login" {
		t.Fatalf("set-up after the first admin: %d %s, want 303 to /admin/login", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = other.Get("/admin/login")
	other.CSRF = csrf(t, body)
	res, _ = other.Post("/admin/setup", url.Values{"name": {"Mallory"}, "email": {"m@example.org"}, "password": {"a long enough secret"}, "password2": {"a long enough secret"}})
	if n, _ := s.DB.CountUsers(t.Context()); n != 1 || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second set-up: status %d, %d users; want a redirect and still one user", res.StatusCode, n)
	}
}

func TestSignInAndOut(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	u := presstest.MustUser(t, s.DB, "Ed Editor", press.RoleEditor, "")

	// Not signed in: pages send to sign-in with the way back, posts get 401.
	anon := presstest.NewStaff(t, s.URL)
	res, _ := anon.Get("/admin/articles?status=draft")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/login?next=%2Fadmin%2Farticles%3Fstatus%3Ddraft" {
		t.Fatalf("anonymous GET: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = anon.Post("/admin/logout", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous sign-out: %d", res.StatusCode)
	}

	// A wrong password and an unknown address read the same.
	c := presstest.NewStaff(t, s.URL)
	_, body := c.Get("/admin/login")
	c.CSRF = csrf(t, body)
	res, wrong := c.Post("/admin/login", url.Values{"email": {u.Email}, "password": {"not the password"}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	res, unknown := c.Post("/admin/login", url.Values{"email": {"nobody@example.org"}, "password": {"not the password"}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unknown address: %d", res.StatusCode)
	}
	if !strings.Contains(wrong, "is not right") || !strings.Contains(unknown, "is not right") {
		t.Fatal("the sign-in failure message differs between a wrong password and an unknown address")
	}

	// Without the form token the sign-in is refused.
	res, _ = c.Post("/admin/login", url.Values{"csrf": {""}, "email": {u.Email}, "password": {presstest.StaffPassword}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("sign-in without CSRF token: %d, want 403", res.StatusCode)
	}

	ed := presstest.MustSignIn(t, s.URL, u.Email)
	res, _ = ed.Get("/admin/")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("dashboard: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	// The next page is honoured only on this site.
	for next, want := range map[string]string{"/admin/articles": "/admin/articles", "https://evil.example/": "/admin/", "//evil.example/admin/": "/admin/"} {
		c := presstest.NewStaff(t, s.URL)
		_, body := c.Get("/admin/login")
		c.CSRF = csrf(t, body)
		res, _ := c.Post("/admin/login", url.Values{"email": {u.Email}, "password": {presstest.StaffPassword}, "next": {next}})
		if got := res.Header.Get("Location"); got != want {
			t.Errorf("sign-in with next=%q goes to %q, want %q", next, got, want)
		}
	}

	// A state-changing request without the session's token is refused.
	res, _ = ed.Post("/admin/logout", url.Values{"csrf": {"forged"}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("sign-out with a wrong CSRF token: %d, want 403", res.StatusCode)
	}
	res, _ = ed.Post("/admin/logout", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", res.StatusCode)
	}
	res, _ = ed.Get("/admin/")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dashboard after sign-out: %d, want a redirect to sign in", res.StatusCode)
	}
}

// TestSessionFixation: a session id planted in a browser before sign-in is
// never the one that browser is signed in with, and stops working.
func TestSessionFixation(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	mallory := presstest.MustUser(t, s.DB, "Mallory Contributor", press.RoleContributor, "")
	victim := presstest.MustUser(t, s.DB, "Vic Editor", press.RoleEditor, "")
	base, _ := url.Parse(s.URL + "/admin/")
	attacker := presstest.MustSignIn(t, s.URL, mallory.Email)
	planted := session(attacker.HTTP.Jar.Cookies(base))

	// The victim's browser carries the attacker's session cookie and
	// signs in.
	c := presstest.NewStaff(t, s.URL)
	c.HTTP.Jar.SetCookies(base, []*http.Cookie{{Name: "pressroom_session", Value: planted, Path: "/admin"}})
	c.HTTP.Jar.SetCookies(base, []*http.Cookie{{Name: "pressroom_form", Value: strings.Repeat("f", 43), Path: "/admin"}})
	c.CSRF = strings.Repeat("f", 43)
	res, _ := c.Post("/admin/login", url.Values{"email": {victim.Email}, "password": {presstest.StaffPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	if now := session(c.HTTP.Jar.Cookies(base)); now == "" || now == planted {
		t.Fatalf("session after sign-in = %q, want a new one (planted %q)", now, planted)
	}
	// The planted id signs nobody in any more: not the victim, and not
	// the attacker either.
	res, _ = attacker.Get("/admin/")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the planted session still works after a sign-in with it: %d", res.StatusCode)
	}
	res, body := c.Get("/admin/")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Vic Editor") {
		t.Fatalf("victim's new session: %d", res.StatusCode)
	}
}

func session(cookies []*http.Cookie) string {
	for _, ck := range cookies {
		if ck.Name == "pressroom_session" {
			return ck.Value
		}
	}
	return ""
}

func csrf(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `name="csrf" value="`)
	if i < 0 {
		t.Fatalf("no csrf field in:\n%s", body)
	}
	rest := body[i+len(`name="csrf" value="`):]
	return rest[:strings.IndexByte(rest, '"')]
}
