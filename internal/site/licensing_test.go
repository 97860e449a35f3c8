package site_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/presstest"
)

func postForm(t *testing.T, u string, form url.Values, header map[string]string, want int) *presstest.Doc {
	t.Helper()
	req, err := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return presstest.MustDo(t, req, want)
}

func goodRequest() url.Values {
	return url.Values{"name": {"Ana Ruiz"}, "email": {"ana@paper.example"}, "outlet": {"The Paper"},
		"use": {"print"}, "message": {"For the Sunday edition."}}
}

func TestLicensingForm(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	u := s.URL + "/licensing/water-war"
	d := presstest.MustGet(t, u, http.StatusOK)
	d.One("form[method=post] input[name=email]")
	d.One("select[name=use] option[value=print]")
	if got := presstest.Attr(d.One("meta[name=robots]"), "content"); got != "noindex" {
		t.Errorf("form page robots = %q", got)
	}
	if d.Resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("form Cache-Control = %q", d.Resp.Header.Get("Cache-Control"))
	}

	// Bad input: 400, the form again with the problems named, input kept.
	bad := goodRequest()
	bad.Set("email", "not-an-address")
	bad.Set("use", "")
	d = postForm(t, u, bad, nil, http.StatusBadRequest)
	if got := presstest.Text(d.One(".form-errors")); !strings.Contains(got, "Email address: must be an email address") || !strings.Contains(got, "Intended use: must be one of") {
		t.Errorf("errors shown: %q", got)
	}
	if got := presstest.Attr(d.One("input[name=outlet]"), "value"); got != "The Paper" {
		t.Errorf("outlet not kept: %q", got)
	}
	d.One("input[name=email][aria-invalid=true]")

	// Good input: stored, then a redirect to the thank-you state.
	d = postForm(t, u, goodRequest(), nil, http.StatusSeeOther)
	if loc := d.Resp.Header.Get("Location"); loc != "/licensing/water-war?sent=1" {
		t.Errorf("redirect to %q", loc)
	}
	thanks := presstest.MustGet(t, u+"?sent=1", http.StatusOK)
	thanks.One("[role=status]")

	// The honeypot: a bot is thanked and nothing is stored.
	trap := goodRequest()
	trap.Set("website", "http://spam.example")
	postForm(t, u, trap, nil, http.StatusSeeOther)

	// Another site's page posting the form (CSRF) is refused.
	postForm(t, u, goodRequest(), map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, http.StatusForbidden)

	// Drafts and unknown articles cannot be asked about.
	presstest.MustGet(t, s.URL+"/licensing/secret-draft", http.StatusNotFound)
	postForm(t, s.URL+"/licensing/secret-draft", goodRequest(), nil, http.StatusNotFound)

	got, err := s.DB.LicensingRequests(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Outlet != "The Paper" || got[0].Article != "water-war" {
		t.Errorf("stored requests = %+v, want the one good request", got)
	}

	// The rate limit: five submissions an hour from one address, valid or
	// not (two used above).
	for i := 0; i < 3; i++ {
		postForm(t, u, goodRequest(), nil, http.StatusSeeOther)
	}
	d = postForm(t, u, goodRequest(), nil, http.StatusTooManyRequests)
	if d.Resp.Header.Get("Retry-After") == "" || !strings.Contains(d.Body, "too many licensing requests") {
		t.Errorf("429 without Retry-After or message")
	}
}
