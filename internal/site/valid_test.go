package site_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestHTMLValid runs the W3C's Nu Html Checker (vnu.jar, from npm's
// vnu-jar) over every kind of page. PRESSROOM_VNU_JAR names the jar;
// without it the test skips, except under CI=true, where .ci/run installs it.
func TestHTMLValid(t *testing.T) {
	t.Parallel()
	check := presstest.MustHTMLChecker(t)
	save := check.Add
	s := mustFixtureSite(t)
	for _, p := range []string{"/", "/articles/water-war", "/authors/ana-ruiz", "/authors", "/regions", "/regions/syria",
		"/archive", "/archive/2026/03", "/about"} {
		save(s.URL+p, http.StatusOK)
	}
	save(s.URL+"/nope", http.StatusNotFound)
	// The members' pages: the forms, a form sent back with its errors, a
	// link's page and a signed-in member's pages.
	save(s.URL+"/join", http.StatusOK)
	save(s.URL+"/signin", http.StatusOK)
	save(s.URL+"/members/link?token=used", http.StatusBadRequest)
	check.AddPage("join-errors", postForm(t, s.URL+"/join", url.Values{"name": {""}, "email": {"x"}}, nil, http.StatusUnprocessableEntity).Body)
	reader := mustSignedInMember(t, s)
	for _, p := range []string{"/account", "/account/delete"} {
		res, body := reader.Get(p)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", p, res.StatusCode)
		}
		check.AddPage(strings.Trim(strings.ReplaceAll(p, "/", "-"), "-"), body)
	}
	_, body := reader.Post("/account/name", url.Values{"name": {""}})
	check.AddPage("account-errors", body)
	// Every demo article and page: real Markdown with tables, footnotes,
	// quotes and lists, through the whole pipeline.
	demo := presstest.MustDemoSite(t)
	list, err := demo.DB.Articles(context.Background(), press.ArticleFilter{Status: press.StatusPublished, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list.Articles {
		save(demo.URL+press.ArticlePath(a.Slug), http.StatusOK)
	}
	pages, err := demo.DB.Pages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		save(demo.URL+press.PagePath(p.Slug), http.StatusOK)
	}
	save(demo.URL+"/", http.StatusOK)
	if check.Len() < 60 {
		t.Fatalf("only %d pages to check; the demo should give more than 60", check.Len())
	}
	check.Check()
}

// mustSignedInMember makes a confirmed member and signs a client in
// through a sign-in link stored directly (the site has no mailer here),
// opening its page and pressing its button as a reader does.
func mustSignedInMember(t *testing.T, s *presstest.Site) *presstest.Staff {
	t.Helper()
	ctx := context.Background()
	m := press.Member{Email: "reader@example.org", Name: "Rea Reader", Status: press.MemberPaid, ConfirmedAt: time.Now()}
	if err := s.DB.CreateMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	const secret = "a-sign-in-secret"
	sum := sha256.Sum256([]byte(secret))
	k := press.MemberToken{Hash: hex.EncodeToString(sum[:]), MemberID: m.ID, Purpose: press.TokenSignIn, ExpiresAt: time.Now().Add(time.Hour)}
	if err := s.DB.CreateMemberToken(ctx, &k); err != nil {
		t.Fatal(err)
	}
	c := presstest.NewStaff(t, s.URL)
	_, body := c.Get("/members/link?token=" + secret)
	if res, body := c.Post("/members/link", presstest.FormValues(t, body, "member-link-form")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in link: %d\n%s", res.StatusCode, body)
	}
	return c
}
