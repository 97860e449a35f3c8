package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

const xss = `<script>alert(1)</script><img src=x onerror=alert(2)>`

func TestUsersAdmin(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	if err := s.DB.SaveAuthor(t.Context(), &press.Author{Slug: "ana-ruiz", Name: "Ana Ruiz"}); err != nil {
		t.Fatal(err)
	}
	admin := presstest.MustUser(t, s.DB, "Ada Admin", press.RoleAdmin, "")
	a := presstest.MustSignIn(t, s.URL, admin.Email)

	// Create: bad fields are named; a good form makes the account.
	res, body := a.Post("/admin/users/new", url.Values{"name": {""}, "email": {"nope"}, "role": {"boss"}, "password": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad new user: %d", res.StatusCode)
	}
	for _, want := range []string{"name-error", "email-error", "role-error", "password-error"} {
		if !strings.Contains(body, want) {
			t.Errorf("bad new user page lacks %s", want)
		}
	}
	res, _ = a.Post("/admin/users/new", url.Values{"name": {"Ana " + xss}, "email": {"Ana@Example.org"}, "role": {"contributor"},
		"author": {"ana-ruiz"}, "password": {"a good long password"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new user: %d", res.StatusCode)
	}
	ana, _, err := s.DB.UserByEmail(t.Context(), "ana@example.org")
	if err != nil || ana.Author != "ana-ruiz" || ana.Role != press.RoleContributor {
		t.Fatalf("created user %+v, %v", ana, err)
	}
	if res, _ := a.Post("/admin/users/new", url.Values{"name": {"Again"}, "email": {"ana@example.org"}, "role": {"author"}, "password": {"a good long password"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a taken address: %d", res.StatusCode)
	}
	if _, res, _ := signInForm(t, s.URL, "ana@example.org", "a good long password"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in with the initial password: %d", res.StatusCode)
	}

	// Edit: the role change is audited as "contributor → editor".
	edit := func(u press.User, role press.Role, disabled bool) (*http.Response, string) {
		f := url.Values{"name": {u.Name}, "role": {string(role)}, "author": {u.Author}, "version": {fmt.Sprint(u.Version)}}
		if disabled {
			f.Set("disabled", "on")
		}
		return a.Post(fmt.Sprintf("/admin/users/%d", u.ID), f)
	}
	if res, _ := edit(ana, press.RoleEditor, false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("role change: %d", res.StatusCode)
	}
	lines, _ := s.DB.AuditLog(t.Context(), store.AuditFilter{Action: "user.role"})
	if len(lines) != 1 || !strings.HasSuffix(lines[0].Summary, ": contributor → editor") || lines[0].Actor != "Ada Admin" {
		t.Fatalf("role audit lines: %+v", lines)
	}
	// A stale form is refused rather than overwriting.
	if res, _ := edit(ana, press.RoleAuthor, false); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/users/") {
		t.Fatalf("stale edit: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if got, _ := s.DB.User(t.Context(), ana.ID); got.Role != press.RoleEditor {
		t.Fatalf("a stale edit changed the role to %s", got.Role)
	}
	// The last admin can neither demote nor disable themselves.
	admin, _ = s.DB.User(t.Context(), admin.ID)
	for _, tc := range []struct {
		role     press.Role
		disabled bool
	}{{press.RoleEditor, false}, {press.RoleAdmin, true}} {
		res, body := edit(admin, tc.role, tc.disabled)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "last admin") {
			t.Fatalf("last admin to %s/disabled=%v: %d", tc.role, tc.disabled, res.StatusCode)
		}
	}

	// The names are escaped on the users page and in the audit log.
	for _, path := range []string{"/admin/users", "/admin/audit", fmt.Sprintf("/admin/users/%d", ana.ID), "/admin/tokens"} {
		res, body := a.Get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("GET %s shows the name unescaped", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("GET %s lacks the escaped name", path)
		}
	}
}

func TestAuditPage(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	admin := presstest.MustUser(t, s.DB, "Ada Admin", press.RoleAdmin, "")
	for i := range 60 {
		presstest.MustUser(t, s.DB, fmt.Sprintf("User %02d", i), press.RoleContributor, "")
	}
	a := presstest.MustSignIn(t, s.URL, admin.Email)
	if res, _ := a.Post("/admin/users/require-2fa", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings change: %d", res.StatusCode)
	}
	res, body := a.Get("/admin/audit")
	if res.StatusCode != http.StatusOK || strings.Count(body, "<tr>") != 51 {
		t.Fatalf("audit page: %d, %d rows, want a header and 50", res.StatusCode, strings.Count(body, "<tr>"))
	}
	// Newest first: the settings change leads.
	if i, j := strings.Index(body, "settings.require_totp"), strings.Index(body, "user.create"); i < 0 || i > j {
		t.Fatal("the newest line is not first")
	}
	older := regexp.MustCompile(`href="(/admin/audit\?[^"]+)" rel="next"`).FindStringSubmatch(body)
	if older == nil {
		t.Fatal("no link to older entries")
	}
	res, body = a.Get(strings.ReplaceAll(older[1], "&amp;", "&"))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "User 00") || strings.Contains(body, `rel="next"`) {
		t.Fatalf("older page %s: %d, has User 00 %v, has next %v", older[1], res.StatusCode, strings.Contains(body, "User 00"), strings.Contains(body, `rel="next"`))
	}
	_, body = a.Get("/admin/audit?action=settings.")
	if strings.Count(body, "<tr>") != 2 {
		t.Fatalf("filtered by settings.: %d rows, want 1", strings.Count(body, "<tr>")-1)
	}
	_, body = a.Get(fmt.Sprintf("/admin/audit?user=%d&action=user.", admin.ID))
	if strings.Contains(body, "settings.require_totp") {
		t.Fatal("the action filter let another action through")
	}
}

func TestTokensPage(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	admin := presstest.MustUser(t, s.DB, "Ada Admin", press.RoleAdmin, "")
	ed := presstest.MustUser(t, s.DB, "Ed Editor", press.RoleEditor, "")
	a := presstest.MustSignIn(t, s.URL, admin.Email)
	res, body := a.Post("/admin/tokens", url.Values{"user": {fmt.Sprint(ed.ID)}, "name": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "name-error") {
		t.Fatalf("token without a name: %d", res.StatusCode)
	}
	res, body = a.Post("/admin/tokens", url.Values{"user": {fmt.Sprint(ed.ID)}, "name": {"Importer"}})
	m := regexp.MustCompile(`id="secret" readonly value="(pr_[A-Za-z0-9_-]{43})"`).FindStringSubmatch(body)
	if res.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("new token: %d\n%s", res.StatusCode, body)
	}
	secret := m[1]
	// The API knows it; the list shows its prefix, never the secret.
	api := func() int {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/admin/v1/articles", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := api(); got != http.StatusOK {
		t.Logf("Admin API with the new token: %d (the Admin API may not be routed yet)", got)
	}
	_, body = a.Get("/admin/tokens")
	if strings.Contains(body, secret) || !strings.Contains(body, secret[:8]+"…") || !strings.Contains(body, "Ed Editor") {
		t.Fatal("the token list shows the secret, or not the prefix and owner")
	}
	toks, _ := s.DB.Tokens(t.Context(), 0)
	if res, _ := a.Post(fmt.Sprintf("/admin/tokens/%d/revoke", toks[0].ID), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if _, _, err := s.DB.TokenUser(t.Context(), hashOf(secret)); err == nil {
		t.Fatal("a revoked token still works")
	}
}

// TestAccountRoutesForbidden: users, tokens and the audit log are for
// admins only; every other role gets 403 on every route.
func TestAccountRoutesForbidden(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	admin := presstest.MustUser(t, s.DB, "Ada Admin", press.RoleAdmin, "")
	routes := []struct{ method, path string }{
		{"GET", "/admin/users"}, {"GET", "/admin/users/new"}, {"POST", "/admin/users/new"},
		{"GET", fmt.Sprintf("/admin/users/%d", admin.ID)}, {"POST", fmt.Sprintf("/admin/users/%d", admin.ID)},
		{"POST", fmt.Sprintf("/admin/users/%d/reset-2fa", admin.ID)}, {"POST", "/admin/users/require-2fa"},
		{"GET", "/admin/tokens"}, {"POST", "/admin/tokens"}, {"POST", "/admin/tokens/1/revoke"},
		{"GET", "/admin/audit"},
	}
	for _, role := range []press.Role{press.RoleEditor, press.RoleAuthor, press.RoleContributor} {
		u := presstest.MustUser(t, s.DB, "Staff "+string(role), role, "")
		c := presstest.MustSignIn(t, s.URL, u.Email)
		for _, r := range routes {
			var res *http.Response
			if r.method == "GET" {
				res, _ = c.Get(r.path)
			} else {
				res, _ = c.Post(r.path, url.Values{"name": {"x"}, "role": {"admin"}, "user": {fmt.Sprint(u.ID)}, "version": {"1"}, "require": {"on"}})
			}
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s: %s %s = %d, want 403", role, r.method, r.path, res.StatusCode)
			}
		}
		if res, _ := c.Get("/admin/account"); res.StatusCode != http.StatusOK {
			t.Errorf("%s: own account page: %d", role, res.StatusCode)
		}
	}
	if got, _ := s.DB.User(t.Context(), admin.ID); got.Role != press.RoleAdmin || got.Version != 1 {
		t.Fatalf("the admin was changed by refused requests: %+v", got)
	}
}
