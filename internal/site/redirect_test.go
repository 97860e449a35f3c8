package site_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

func TestRedirects(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	ctx := t.Context()
	for _, x := range []press.Redirect{
		{From: "/2026/03/04/water-war/", To: "/articles/water-war"},
		{From: "/?p=123", To: "/articles/second-piece"},
		{From: "/?cat=7", To: "https://partner.example/regions?x=1"},
		// Pages win: a redirect from a live address is never used.
		{From: "/about", To: "/articles/water-war"},
		// A draft is a 404, so its old address may lead elsewhere.
		{From: "/articles/secret-draft", To: "/articles/second-piece"},
	} {
		if err := s.DB.SaveRedirect(ctx, &x); err != nil {
			t.Fatal(err)
		}
	}
	// A redirect back to where a chain starts is refused, so a reader
	// never bounces between two old addresses.
	loop := press.Redirect{From: "/articles/water-war", To: "/2026/03/04/water-war/"}
	if err := s.DB.SaveRedirect(ctx, &loop); !errors.Is(err, press.ErrInvalid) {
		t.Errorf("saving a loop: err = %v, want invalid", err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		path, method string
		status       int
		location     string
	}{
		{"/2026/03/04/water-war/", "GET", 301, "/articles/water-war"},
		{"/2026/03/04/water-war?utm_source=feed", "GET", 301, "/articles/water-war"},
		{"/2026/03/04/water-war", "HEAD", 301, "/articles/water-war"},
		{"/?p=123", "GET", 301, "/articles/second-piece"},
		{"/?utm_medium=x&p=123", "GET", 301, "/articles/second-piece"},
		{"/?cat=7", "GET", 301, "https://partner.example/regions?x=1"},
		{"/?p=999", "GET", 404, ""},
		{"/?page_id=5", "GET", 404, ""},
		{"/?page=1", "GET", 200, ""},
		{"/", "GET", 200, ""},
		{"/about", "GET", 200, ""},
		{"/articles/secret-draft", "GET", 301, "/articles/second-piece"},
		{"/2019/nothing-here/", "GET", 404, ""},
		{"/2026/03/04/water-war/", "POST", 404, ""},
	} {
		req, err := http.NewRequestWithContext(ctx, tc.method, s.URL+tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status || resp.Header.Get("Location") != tc.location {
			t.Errorf("%s %s = %d Location %q; want %d %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Location"), tc.status, tc.location)
		}
		if cc := resp.Header.Get("Cache-Control"); tc.status == 301 && cc != "public, max-age=86400" {
			t.Errorf("%s %s: Cache-Control %q", tc.method, tc.path, cc)
		}
	}
	// The friendly 404 page, not a bare one.
	doc := presstest.MustGet(t, s.URL+"/?p=999", http.StatusNotFound)
	if doc.One("h1") == nil {
		t.Error("the 404 for an unknown ?p= has no heading")
	}
}
