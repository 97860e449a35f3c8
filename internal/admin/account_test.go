package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/mail"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/server"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/theme"
)

// accountSite is a running site over its own SQLite store with the given
// mailer (nil for none) and store options (a clock), its base URL set to
// where it runs so that emailed links lead back to it.
func accountSite(t *testing.T, m mail.Mailer, opts ...presstest.Option) (string, *store.DB) {
	t.Helper()
	db := presstest.MustStore(t, store.EngineSQLite, opts...)
	th, err := theme.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.Handler(db, th, t.TempDir(), presstest.Logger(), server.Options{Mailer: m}))
	t.Cleanup(srv.Close)
	site, err := db.Site(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	site.BaseURL = srv.URL
	if err := db.UpdateSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	return srv.URL, db
}

// signInForm starts a sign-in as email with password and returns the
// client and the answer to the password step.
func signInForm(t *testing.T, base, email, password string) (*presstest.Staff, *http.Response, string) {
	t.Helper()
	c := presstest.NewStaff(t, base)
	_, body := c.Get("/admin/login")
	c.CSRF = csrf(t, body)
	res, body := c.Post("/admin/login", url.Values{"email": {email}, "password": {password}})
	return c, res, body
}

// TestBruteForceLockout: the sixth attempt is refused even with the right
// password until the lock ends; a success then clears the count.
func TestBruteForceLockout(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	base, db := accountSite(t, nil, presstest.WithClock(start))
	clock := presstest.ClockOf(t, db)
	u := presstest.MustUser(t, db, "Ana Editor", press.RoleEditor, "")
	c := presstest.NewStaff(t, base)
	_, body := c.Get("/admin/login")
	c.CSRF = csrf(t, body)
	for i := 1; i <= store.MaxFailedLogins; i++ {
		res, body := c.Post("/admin/login", url.Values{"email": {u.Email}, "password": {"guess number " + string(rune('0'+i))}})
		want := http.StatusUnauthorized
		if i == store.MaxFailedLogins {
			want = http.StatusLocked
		}
		if res.StatusCode != want {
			t.Fatalf("attempt %d: %d, want %d\n%s", i, res.StatusCode, want, body)
		}
	}
	res, body := c.Post("/admin/login", url.Values{"email": {u.Email}, "password": {presstest.StaffPassword}})
	if res.StatusCode != http.StatusLocked || !strings.Contains(body, "locked") || !strings.Contains(body, "09:15 UTC") ||
		!strings.Contains(body, "reset your password") || res.Header.Get("Retry-After") == "" {
		t.Fatalf("right password while locked: %d, Retry-After %q\n%s", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	if lines, _ := db.AuditLog(t.Context(), store.AuditFilter{Action: "user.lockout"}); len(lines) != 1 {
		t.Fatalf("%d user.lockout audit lines, want 1", len(lines))
	}
	clock.Advance(store.LockoutDuration + time.Second)
	res, _ = c.Post("/admin/login", url.Values{"email": {u.Email}, "password": {presstest.StaffPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("right password after the lock: %d, want 303", res.StatusCode)
	}
}

var (
	secretRe   = regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`)
	recoveryRe = regexp.MustCompile(`<li><code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</code></li>`)
)

// enrol turns on two-factor sign-in for the signed-in c and returns the
// secret and recovery codes.
func enrol(t *testing.T, c *presstest.Staff) (string, []string) {
	t.Helper()
	res, body := c.Get("/admin/account/2fa")
	m := secretRe.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil || !strings.Contains(body, `src="data:image/png;base64,`) {
		t.Fatalf("2FA set-up page: %d\n%s", res.StatusCode, body)
	}
	secret := m[1]
	res, _ = c.Post("/admin/account/2fa", url.Values{"code": {"000000"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("enrolment with a wrong code: %d, want 422", res.StatusCode)
	}
	code, _ := totp.GenerateCode(secret, time.Now())
	res, body = c.Post("/admin/account/2fa", url.Values{"code": {code}})
	var codes []string
	for _, m := range recoveryRe.FindAllStringSubmatch(body, -1) {
		codes = append(codes, m[1])
	}
	if res.StatusCode != http.StatusOK || len(codes) != 10 {
		t.Fatalf("enrolment: %d, %d recovery codes\n%s", res.StatusCode, len(codes), body)
	}
	return secret, codes
}

// verify starts a sign-in and gives code at the second step.
func verify(t *testing.T, base, email, code string) (*presstest.Staff, *http.Response) {
	t.Helper()
	c, res, _ := signInForm(t, base, email, presstest.StaffPassword)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/login/verify") {
		t.Fatalf("password step with 2FA on: %d %q, want 303 to /admin/login/verify", res.StatusCode, loc)
	}
	_, body := c.Get("/admin/login/verify")
	c.CSRF = csrf(t, body)
	res, _ = c.Post("/admin/login/verify", url.Values{"code": {code}})
	return c, res
}

func TestTwoFactorSignIn(t *testing.T) {
	t.Parallel()
	base, db := accountSite(t, nil)
	u := presstest.MustUser(t, db, "Ana Author", press.RoleAuthor, "")
	secret, codes := enrol(t, presstest.MustSignIn(t, base, u.Email))

	// The password alone reaches no page.
	c, res, _ := signInForm(t, base, u.Email, presstest.StaffPassword)
	res, _ = c.Get("/admin/")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/login/verify" {
		t.Fatalf("dashboard after the password only: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := c.Get("/admin/login/verify")
	c.CSRF = csrf(t, body)
	res, _ = c.Post("/admin/login/verify", url.Values{"code": {"123456"}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong code: %d, want 401", res.StatusCode)
	}

	// The next period's code (the current one was spent on enrolment)
	// signs in, with a new session: the half-signed-in id dies.
	baseURL, _ := url.Parse(base + "/admin/")
	before := session(c.HTTP.Jar.Cookies(baseURL))
	code, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	res, _ = c.Post("/admin/login/verify", url.Values{"code": {code}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("right code: %d", res.StatusCode)
	}
	after := session(c.HTTP.Jar.Cookies(baseURL))
	if after == "" || after == before {
		t.Fatalf("session after the second factor = %q, want a new one (was %q)", after, before)
	}
	if _, _, err := db.Session(t.Context(), hashOf(before)); err == nil {
		t.Fatal("the session from before the second factor still exists")
	}
	if res, _ := c.Get("/admin/"); res.StatusCode != http.StatusOK {
		t.Fatalf("dashboard after the second factor: %d", res.StatusCode)
	}

	// The same code again, within its period, is refused.
	if _, res := verify(t, base, u.Email, code); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("replayed TOTP code: %d, want 401", res.StatusCode)
	}
	// A recovery code works once.
	if _, res := verify(t, base, u.Email, strings.ToLower(codes[3])); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("recovery code: %d, want 303", res.StatusCode)
	}
	if _, res := verify(t, base, u.Email, codes[3]); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("recovery code used twice: %d, want 401", res.StatusCode)
	}
	if n, _ := db.RecoveryCodesLeft(t.Context(), u.ID); n != 9 {
		t.Fatalf("%d recovery codes left, want 9", n)
	}
	// Turning it off needs the password.
	c, _ = verify(t, base, u.Email, codes[0])
	_, body = c.Get("/admin/account/2fa")
	c.CSRF = csrf(t, body)
	if res, _ := c.Post("/admin/account/2fa/disable", url.Values{"password": {"wrong"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("disable with a wrong password: %d", res.StatusCode)
	}
	if res, _ := c.Post("/admin/account/2fa/disable", url.Values{"password": {presstest.StaffPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	if got, _ := db.User(t.Context(), u.ID); got.TOTPEnabled {
		t.Fatal("2FA still on")
	}
}

// TestTwoFactorLockout: wrong codes count towards the lock-out like
// wrong passwords.
func TestTwoFactorLockout(t *testing.T) {
	t.Parallel()
	base, db := accountSite(t, nil)
	bo := presstest.MustUser(t, db, "Bo Author", press.RoleAuthor, "")
	enrol(t, presstest.MustSignIn(t, base, bo.Email))
	for i := 1; i < store.MaxFailedLogins; i++ {
		if _, res := verify(t, base, bo.Email, "999999"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: %d, want 401", i, res.StatusCode)
		}
	}
	if _, res := verify(t, base, bo.Email, "999999"); res.StatusCode != http.StatusLocked {
		t.Fatalf("wrong code %d: %d, want 423", store.MaxFailedLogins, res.StatusCode)
	}
	if _, res, _ := signInForm(t, base, bo.Email, presstest.StaffPassword); res.StatusCode != http.StatusLocked {
		t.Fatalf("the right password after five wrong codes: %d, want 423", res.StatusCode)
	}
}

func hashOf(secret string) string { return auth.HashSecret(secret) }

func TestRequireTwoFactor(t *testing.T) {
	t.Parallel()
	base, db := accountSite(t, nil)
	admin := presstest.MustUser(t, db, "Ada Admin", press.RoleAdmin, "")
	ed := presstest.MustUser(t, db, "Ed Editor", press.RoleEditor, "")
	a := presstest.MustSignIn(t, base, admin.Email)
	if res, _ := a.Post("/admin/users/require-2fa", url.Values{"require": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("require 2FA: %d", res.StatusCode)
	}
	_, res, _ := signInForm(t, base, ed.Email, presstest.StaffPassword)
	if res.Header.Get("Location") != "/admin/account/2fa" {
		t.Fatalf("sign-in without 2FA on a site requiring it goes to %q", res.Header.Get("Location"))
	}
	// Every other page sends there too, and posts are refused.
	res, _ = a.Get("/admin/articles")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/account/2fa" {
		t.Fatalf("admin without 2FA on GET /admin/articles: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := a.Post("/admin/users/require-2fa", nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a post before enrolling: %d, want 403", res.StatusCode)
	}
	enrol(t, a)
	if res, _ := a.Get("/admin/articles"); res.StatusCode != http.StatusOK {
		t.Fatalf("after enrolling: %d", res.StatusCode)
	}
}

var linkRe = regexp.MustCompile(`https?://[^\s"<>]+/admin/password/reset\?token=[A-Za-z0-9_%-]+`)

// TestPasswordResetByMail goes through the whole reset with a real SMTP
// server in between.
func TestPasswordResetByMail(t *testing.T) {
	t.Parallel()
	mp := presstest.MustMailpit(t)
	base, db := accountSite(t, mp.SMTP(mail.StartTLS))
	u := presstest.MustUser(t, db, "Ana Author", press.RoleAuthor, "")
	ses := presstest.MustSignIn(t, base, u.Email)

	c := presstest.NewStaff(t, base)
	_, body := c.Get("/admin/password/forgot")
	c.CSRF = csrf(t, body)
	res, known := c.Post("/admin/password/forgot", url.Values{"email": {strings.ToUpper(u.Email)}})
	_, unknown := c.Post("/admin/password/forgot", url.Values{"email": {"nobody@example.org"}})
	if res.StatusCode != http.StatusOK || strings.Replace(known, u.Email, "X", 1) != strings.Replace(unknown, "nobody@example.org", "X", 1) {
		t.Fatalf("the answers for a known and an unknown address differ (%d):\n%s\n---\n%s", res.StatusCode, known, unknown)
	}
	msg := mp.WaitFor(u.Email)
	link := linkRe.FindString(msg.Text)
	if !strings.HasPrefix(link, base+"/admin/password/reset?token=") || !strings.Contains(msg.Raw, "multipart/alternative") {
		t.Fatalf("reset mail: link %q\n%s", link, msg.Raw)
	}
	path := strings.TrimPrefix(link, base)
	res, body = c.Get(path)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, u.Email) {
		t.Fatalf("reset page: %d\n%s", res.StatusCode, body)
	}
	token, _ := url.ParseQuery(strings.SplitN(path, "?", 2)[1])
	res, _ = c.Post("/admin/password/reset", url.Values{"token": {token.Get("token")}, "password": {"short"}, "password2": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a too short password: %d", res.StatusCode)
	}
	const newPassword = "a brand new passphrase"
	res, _ = c.Post("/admin/password/reset", url.Values{"token": {token.Get("token")}, "password": {newPassword}, "password2": {newPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/login" {
		t.Fatalf("reset: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	// Sessions ended; the new password works; the link works once.
	if res, _ := ses.Get("/admin/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("an old session after the reset: %d", res.StatusCode)
	}
	if _, res, _ := signInForm(t, base, u.Email, newPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in with the new password: %d", res.StatusCode)
	}
	res, _ = c.Post("/admin/password/reset", url.Values{"token": {token.Get("token")}, "password": {"yet another passphrase"}, "password2": {"yet another passphrase"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/password/forgot" {
		t.Fatalf("second use of the link: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := c.Get(path); res.Header.Get("Location") != "/admin/password/forgot" {
		t.Fatalf("GET of a used link: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	// Per-account limit: three requests an hour.
	for range 2 {
		c.Post("/admin/password/forgot", url.Values{"email": {u.Email}})
	}
	if res, _ := c.Post("/admin/password/forgot", url.Values{"email": {u.Email}}); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("fourth reset request in an hour: %d, want 429", res.StatusCode)
	}
}

func TestForgotWithoutMail(t *testing.T) {
	t.Parallel()
	base, _ := accountSite(t, nil)
	c := presstest.NewStaff(t, base)
	res, body := c.Get("/admin/password/forgot")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "pressroom user passwd") {
		t.Fatalf("forgot page without SMTP: %d\n%s", res.StatusCode, body)
	}
}

func TestAccountPassword(t *testing.T) {
	t.Parallel()
	base, db := accountSite(t, nil)
	u := presstest.MustUser(t, db, "Ana Author", press.RoleAuthor, "")
	c := presstest.MustSignIn(t, base, u.Email)
	other := presstest.MustSignIn(t, base, u.Email)
	if res, _ := c.Post("/admin/account/password", url.Values{"current": {"wrong"}, "password": {"a new passphrase"}, "password2": {"a new passphrase"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("change with a wrong current password: %d", res.StatusCode)
	}
	if res, _ := c.Post("/admin/account/password", url.Values{"current": {presstest.StaffPassword}, "password": {"a new passphrase"}, "password2": {"a new passphrase"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", res.StatusCode)
	}
	if res, _ := c.Get("/admin/account"); res.StatusCode != http.StatusOK {
		t.Fatalf("this browser after the change: %d, want still signed in", res.StatusCode)
	}
	if res, _ := other.Get("/admin/account"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another browser after the change: %d, want signed out", res.StatusCode)
	}
}

// TestInviteByMail: an admin makes an account without a password and the
// new user chooses one through the emailed link.
func TestInviteByMail(t *testing.T) {
	t.Parallel()
	mp := presstest.MustMailpit(t)
	base, db := accountSite(t, mp.SMTP(mail.StartTLS))
	admin := presstest.MustUser(t, db, "Ada Admin", press.RoleAdmin, "")
	a := presstest.MustSignIn(t, base, admin.Email)
	if _, body := a.Get("/admin/users/new"); !strings.Contains(body, `name="invite"`) {
		t.Fatal("the new-user form offers no emailed link although SMTP is set up")
	}
	res, _ := a.Post("/admin/users/new", url.Values{"name": {"Nia New"}, "email": {"nia@example.org"}, "role": {"author"}, "invite": {"on"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", res.StatusCode)
	}
	if _, res, _ := signInForm(t, base, "nia@example.org", ""); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("sign-in of an invited user before choosing a password: %d", res.StatusCode)
	}
	msg := mp.WaitFor("nia@example.org")
	link := linkRe.FindString(msg.Text)
	if link == "" || !strings.Contains(msg.Subject, "account") {
		t.Fatalf("invitation: %q\n%s", msg.Subject, msg.Text)
	}
	c := presstest.NewStaff(t, base)
	_, body := c.Get(strings.TrimPrefix(link, base))
	c.CSRF = csrf(t, body)
	token, _ := url.ParseQuery(strings.SplitN(link, "?", 2)[1])
	res, _ = c.Post("/admin/password/reset", url.Values{"token": {token.Get("token")}, "password": {"nia's own passphrase"}, "password2": {"nia's own passphrase"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("choosing the password: %d", res.StatusCode)
	}
	if _, res, _ := signInForm(t, base, "nia@example.org", "nia's own passphrase"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in after choosing the password: %d", res.StatusCode)
	}
}

// TestAdminResetsTwoFactor: an admin turns off the second factor of a
// colleague who lost their device, who then signs in with the password.
func TestAdminResetsTwoFactor(t *testing.T) {
	t.Parallel()
	base, db := accountSite(t, nil)
	admin := presstest.MustUser(t, db, "Ada Admin", press.RoleAdmin, "")
	u := presstest.MustUser(t, db, "Ana Author", press.RoleAuthor, "")
	enrol(t, presstest.MustSignIn(t, base, u.Email))
	a := presstest.MustSignIn(t, base, admin.Email)
	if _, body := a.Get(fmt.Sprintf("/admin/users/%d", u.ID)); !strings.Contains(body, "reset-2fa") {
		t.Fatal("the user page offers no 2FA reset")
	}
	if res, _ := a.Post(fmt.Sprintf("/admin/users/%d/reset-2fa", u.ID), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset 2FA: %d", res.StatusCode)
	}
	if _, res, _ := signInForm(t, base, u.Email, presstest.StaffPassword); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/" {
		t.Fatalf("sign-in after the reset: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	// Renaming oneself on the account page.
	c := presstest.MustSignIn(t, base, u.Email)
	if res, _ := c.Post("/admin/account/name", url.Values{"name": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty name: %d", res.StatusCode)
	}
	if res, _ := c.Post("/admin/account/name", url.Values{"name": {"Ana B. Author"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.StatusCode)
	}
	if got, _ := db.User(t.Context(), u.ID); got.Name != "Ana B. Author" || got.Role != press.RoleAuthor {
		t.Fatalf("after rename: %+v", got)
	}
}

// TestResetLinkExpires: a reset link works for an hour, then leads back to
// the request form and changes nothing.
func TestResetLinkExpires(t *testing.T) {
	t.Parallel()
	base, db := accountSite(t, nil, presstest.WithClock(time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)))
	u := presstest.MustUser(t, db, "Ana Author", press.RoleAuthor, "")
	token := "a-token-made-for-this-test-only-000000000000"
	if _, err := db.CreatePasswordReset(t.Context(), u.ID, hashOf(token)); err != nil {
		t.Fatal(err)
	}
	c := presstest.NewStaff(t, base)
	if res, _ := c.Get("/admin/password/reset?token=" + token); res.StatusCode != http.StatusOK {
		t.Fatalf("a fresh link: %d", res.StatusCode)
	}
	presstest.ClockOf(t, db).Advance(time.Hour + time.Second)
	res, body := c.Get("/admin/password/reset?token=" + token)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/password/forgot" {
		t.Fatalf("an expired link: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.Get("/admin/login")
	c.CSRF = csrf(t, body)
	res, _ = c.Post("/admin/password/reset", url.Values{"token": {token}, "password": {"a late new password"}, "password2": {"a late new password"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/password/forgot" {
		t.Fatalf("posting with an expired link: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, res, _ := signInForm(t, base, u.Email, presstest.StaffPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the old password after an expired reset: %d", res.StatusCode)
	}
}

// TestLockoutWithoutAccount: guessing at an address that has no account
// gets the same answers, lock-out included, as guessing at one that has,
// so the sign-in form tells nobody which addresses exist.
func TestLockoutWithoutAccount(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	base, db := accountSite(t, nil, presstest.WithClock(start))
	presstest.MustUser(t, db, "Ana Editor", press.RoleEditor, "")
	c := presstest.NewStaff(t, base)
	_, body := c.Get("/admin/login")
	c.CSRF = csrf(t, body)
	for i := 1; i <= store.MaxFailedLogins+1; i++ {
		res, body := c.Post("/admin/login", url.Values{"email": {"nobody@example.org"}, "password": {"guess"}})
		want := http.StatusUnauthorized
		if i >= store.MaxFailedLogins {
			want = http.StatusLocked
		}
		if res.StatusCode != want {
			t.Fatalf("attempt %d at an unknown address: %d, want %d\n%s", i, res.StatusCode, want, body)
		}
		if want == http.StatusLocked && !strings.Contains(body, "09:15 UTC") {
			t.Fatalf("attempt %d: the lock-out message differs from a real account's:\n%s", i, body)
		}
	}
}
