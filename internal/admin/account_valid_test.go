package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestAccountPagesValid runs the W3C checker over the account, users,
// tokens and audit pages, with field errors and hostile names.
func TestAccountPagesValid(t *testing.T) {
	t.Parallel()
	check := presstest.MustHTMLChecker(t)
	base, db := accountSite(t, nil)
	admin := presstest.MustUser(t, db, "Ada "+xss, press.RoleAdmin, "")
	other := presstest.MustUser(t, db, "Ed Editor", press.RoleEditor, "")
	add := func(name string, want int, res *http.Response, body string) {
		t.Helper()
		if res.StatusCode != want {
			t.Fatalf("%s: %d, want %d", name, res.StatusCode, want)
		}
		check.AddPage(name, body)
	}
	anon := presstest.NewStaff(t, base)
	res, body := anon.Get("/admin/password/forgot")
	add("forgot-nomail", http.StatusOK, res, body)
	res, body = anon.Get("/admin/login")
	anon.CSRF = csrf(t, body)
	res, body = anon.Post("/admin/password/reset", url.Values{"token": {"x"}, "password": {"short"}})
	add("reset-invalid", http.StatusUnprocessableEntity, res, body)

	a := presstest.MustSignIn(t, base, admin.Email)
	get := func(name, path string) {
		t.Helper()
		res, body := a.Get(path)
		add(name, http.StatusOK, res, body)
	}
	get("account", "/admin/account")
	res, body = a.Post("/admin/account/password", url.Values{"current": {"wrong"}})
	add("account-invalid", http.StatusUnprocessableEntity, res, body)
	res, body = a.Get("/admin/account/2fa")
	add("totp-setup", http.StatusOK, res, body)
	secret := secretRe.FindStringSubmatch(body)
	res, body = a.Post("/admin/account/2fa", url.Values{"code": {"000000"}})
	add("totp-invalid", http.StatusUnprocessableEntity, res, body)
	code, _ := totp.GenerateCode(secret[1], time.Now())
	res, body = a.Post("/admin/account/2fa", url.Values{"code": {code}})
	add("totp-codes", http.StatusOK, res, body)
	get("totp-enabled", "/admin/account/2fa")
	get("users", "/admin/users")
	get("user-new", "/admin/users/new")
	res, body = a.Post("/admin/users/new", url.Values{"name": {""}, "email": {"x"}, "role": {"x"}})
	add("user-new-invalid", http.StatusUnprocessableEntity, res, body)
	get("user-edit", fmt.Sprintf("/admin/users/%d", admin.ID))
	admin, _ = db.User(t.Context(), admin.ID)
	res, body = a.Post(fmt.Sprintf("/admin/users/%d", admin.ID), url.Values{"name": {admin.Name}, "role": {"editor"}, "version": {fmt.Sprint(admin.Version)}})
	add("user-edit-invalid", http.StatusUnprocessableEntity, res, body)
	res, body = a.Post("/admin/tokens", url.Values{"user": {fmt.Sprint(other.ID)}, "name": {"Importer " + xss}})
	add("token-created", http.StatusCreated, res, body)
	get("tokens", "/admin/tokens")
	get("audit", "/admin/audit")

	v := presstest.NewStaff(t, base)
	_, body = v.Get("/admin/login")
	v.CSRF = csrf(t, body)
	v.Post("/admin/login", url.Values{"email": {admin.Email}, "password": {presstest.StaffPassword}})
	res, body = v.Get("/admin/login/verify")
	add("verify", http.StatusOK, res, body)
	v.CSRF = csrf(t, body)
	res, body = v.Post("/admin/login/verify", url.Values{"code": {"000000"}})
	add("verify-wrong", http.StatusUnauthorized, res, body)

	check.Check()
}
