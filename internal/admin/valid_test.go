package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestAdminPagesValid runs every kind of admin page through the W3C
// checker, as the public pages are: an admin that assistive technology
// can read starts with markup that parses as intended.
func TestAdminPagesValid(t *testing.T) {
	t.Parallel()
	check := presstest.MustHTMLChecker(t)
	ctx := context.Background()

	// Pages without a session, on an empty site (set-up) and a used one.
	empty := presstest.MustSite(t)
	anon := presstest.NewStaff(t, empty.URL)
	_, body := anon.Get("/admin/setup")
	check.AddPage("setup", body)

	s := presstest.MustDemoSite(t)
	admin := presstest.MustUser(t, s.DB, "Ada Admin", press.RoleAdmin, "amira-haddad")
	anon = presstest.NewStaff(t, s.URL)
	for _, p := range []string{"/admin/login", "/admin/password/forgot"} {
		res, body := anon.Get(p)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", p, res.StatusCode)
		}
		check.AddPage(strings.ReplaceAll(p[1:], "/", "-"), body)
	}

	c := presstest.MustSignIn(t, s.URL, admin.Email)
	list, err := s.DB.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	a := list.Articles[0]
	// One save, so the article has revisions to list and compare.
	res, body := c.Get(fmt.Sprintf("/admin/articles/%d", a.ID))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("editor: %d", res.StatusCode)
	}
	form := presstest.FormValues(t, body, "article-form")
	form.Set("dek", a.Dek+" (revised)")
	form.Set("action", "save")
	if res, body := c.Post(fmt.Sprintf("/admin/articles/%d", a.ID), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the article: %d\n%s", res.StatusCode, body)
	}
	revs, err := s.DB.Revisions(ctx, a.ID)
	if err != nil || len(revs) < 2 {
		t.Fatalf("revisions after a save: %d, %v", len(revs), err)
	}
	joined := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	if _, err := s.DB.ImportMembers(ctx, []press.Member{
		{Email: "ana@example.org", Name: "Ana", Labels: []string{"press", "founding"}, CreatedAt: joined, ConfirmedAt: joined},
		{Email: "lee@example.org", Status: press.MemberPaid, CreatedAt: joined},
	}, nil); err != nil {
		t.Fatal(err)
	}
	authors, err := s.DB.Authors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{
		"/admin/",
		"/admin/articles",
		"/admin/articles?status=trash",
		"/admin/articles/new",
		fmt.Sprintf("/admin/articles/%d", a.ID),
		fmt.Sprintf("/admin/articles/%d/revisions", a.ID),
		fmt.Sprintf("/admin/articles/%d/revisions/compare?from=%d&to=%d", a.ID, revs[len(revs)-1].ID, revs[0].ID),
		"/admin/media",
		"/admin/authors",
		"/admin/authors/new",
		fmt.Sprintf("/admin/authors/%d", authors[0].ID),
		"/admin/taxonomies",
		"/admin/taxonomies/new",
		"/admin/taxonomies/regions",
		"/admin/taxonomies/regions/new-term",
		"/admin/taxonomies/regions/terms/europe",
		"/admin/settings",
		"/admin/users",
		"/admin/users/new",
		fmt.Sprintf("/admin/users/%d", admin.ID),
		"/admin/tokens",
		"/admin/audit",
		"/admin/webhooks",
		"/admin/members",
		"/admin/account",
		"/admin/account/2fa",
	}
	for _, p := range pages {
		res, body := c.Get(p)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", p, res.StatusCode)
			continue
		}
		check.AddPage(strings.Trim(strings.NewReplacer("/", "-", "?", "-", "=", "-", "&", "-").Replace(p[len("/admin"):]), "-"), body)
	}
	// A failure page and a form sent back with field errors.
	_, body = c.Get("/admin/articles/999999")
	check.AddPage("not-found", body)
	res, body = c.Post("/admin/articles/new", url.Values{"title": {""}, "action": {"save"}})
	if res.StatusCode < 400 {
		t.Errorf("an article without a title: %d, want a 4xx with the form", res.StatusCode)
	}
	check.AddPage("article-errors", body)
	res, body = importCSV(t, c, "email,status\nnope,gold\n")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad member import: %d, want 422 with the list", res.StatusCode)
	}
	check.AddPage("members-import-errors", body)
	check.Check()
}
