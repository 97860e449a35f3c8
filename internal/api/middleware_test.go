package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/server"
)

func TestCaching(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	for _, path := range []string{"/api/v1/articles", "/api/v1/articles/water-war", "/api/v1/authors",
		"/api/v1/authors/ana-ruiz", "/api/v1/taxonomies", "/api/v1/taxonomies/regions/terms", "/api/v1/site"} {
		d := presstest.MustGet(t, s.URL+path, http.StatusOK)
		etag, modified := d.Resp.Header.Get("ETag"), d.Resp.Header.Get("Last-Modified")
		if etag == "" || modified == "" {
			t.Fatalf("%s: ETag %q, Last-Modified %q", path, etag, modified)
		}
		req := presstest.NewRequest(t, "GET", s.URL+path)
		req.Header.Set("If-None-Match", etag)
		presstest.MustDo(t, req, http.StatusNotModified)
		req = presstest.NewRequest(t, "GET", s.URL+path)
		req.Header.Set("If-Modified-Since", modified)
		presstest.MustDo(t, req, http.StatusNotModified)
		if d := presstest.MustDo(t, presstest.NewRequest(t, "HEAD", s.URL+path), http.StatusOK); d.Body != "" {
			t.Errorf("HEAD %s has a body", path)
		}
	}
	// The openapi.json does not depend on content: an ETag only.
	d := presstest.MustGet(t, s.URL+"/api/v1/openapi.json", http.StatusOK)
	req := presstest.NewRequest(t, "GET", s.URL+"/api/v1/openapi.json")
	req.Header.Set("If-None-Match", d.Resp.Header.Get("ETag"))
	presstest.MustDo(t, req, http.StatusNotModified)

	// Publishing changes the listing's validators.
	before := presstest.MustGet(t, s.URL+"/api/v1/articles", http.StatusOK)
	a := press.Article{Slug: "fresh", Title: "Fresh", Status: press.StatusPublished, PublishedAt: at("2026-05-01T00:00:00Z")}
	if err := s.DB.CreateArticle(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	after := presstest.MustGet(t, s.URL+"/api/v1/articles", http.StatusOK)
	if before.Resp.Header.Get("ETag") == after.Resp.Header.Get("ETag") || !strings.Contains(after.Body, `"slug":"fresh"`) {
		t.Error("the listing's ETag did not change when an article was published")
	}
	t1, _ := http.ParseTime(before.Resp.Header.Get("Last-Modified"))
	t2, _ := http.ParseTime(after.Resp.Header.Get("Last-Modified"))
	if t2.Before(t1) {
		t.Errorf("Last-Modified went back: %v, then %v", t1, t2)
	}
	// Errors are never cached.
	d = presstest.MustGet(t, s.URL+"/api/v1/articles?limit=0", http.StatusBadRequest)
	if cc := d.Resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("400 Cache-Control %q", cc)
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/api/v1/articles", http.StatusOK},
		{"/api/v1/articles/water-war", http.StatusOK},
		{"/api/v1/site", http.StatusOK},
		{"/api/v1/articles?limit=0", http.StatusBadRequest},
		{"/api/v1/articles/nope", http.StatusNotFound},
		{"/api/v1/nothing", http.StatusNotFound},
	} {
		req := presstest.NewRequest(t, "GET", s.URL+tt.path)
		req.Header.Set("Origin", "https://reader.example")
		d := presstest.MustDo(t, req, tt.status)
		h := d.Resp.Header
		if h.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(h.Get("Access-Control-Expose-Headers"), "ETag") {
			t.Errorf("GET %s: Allow-Origin %q, Expose-Headers %q", tt.path, h.Get("Access-Control-Allow-Origin"), h.Get("Access-Control-Expose-Headers"))
		}
		if h.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("GET %s allows credentials", tt.path)
		}
	}
	// A preflight, for a request with an X-API-Key, is answered at once.
	req := presstest.NewRequest(t, "OPTIONS", s.URL+"/api/v1/articles?author=ana-ruiz")
	req.Header.Set("Origin", "https://reader.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "x-api-key, if-none-match")
	d := presstest.MustDo(t, req, http.StatusNoContent)
	h := d.Resp.Header
	for name, want := range map[string]string{
		"Access-Control-Allow-Origin":  "*",
		"Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
		"Access-Control-Allow-Headers": "x-api-key, if-none-match",
		"Access-Control-Max-Age":       "86400",
		"Allow":                        "GET, HEAD, OPTIONS",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("preflight %s = %q, want %q", name, got, want)
		}
	}
	if v := strings.Join(h.Values("Vary"), ", "); !strings.Contains(v, "Access-Control-Request-Headers") {
		t.Errorf("preflight Vary = %q", v)
	}
	if d.Body != "" || h.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("preflight body %q, credentials %q", d.Body, h.Get("Access-Control-Allow-Credentials"))
	}
	// A plain OPTIONS says what is allowed.
	d = presstest.MustDo(t, presstest.NewRequest(t, "OPTIONS", s.URL+"/api/v1/site"), http.StatusNoContent)
	if d.Resp.Header.Get("Allow") != "GET, HEAD, OPTIONS" || d.Resp.Header.Get("Access-Control-Allow-Methods") != "" {
		t.Errorf("OPTIONS: Allow %q", d.Resp.Header.Get("Allow"))
	}
	// The site's pages are not opened to other origins.
	if d := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK); d.Resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("an HTML page allows other origins")
	}
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	base := mustServer(t, s, server.Options{APIRate: rate(t, "3/h")})
	for i := range 3 {
		presstest.MustGet(t, base+"/api/v1/articles?limit="+strconv.Itoa(i+1), http.StatusOK)
	}
	// The limit covers every path under /api/, including ones added
	// later (here one that does not exist yet), and answers in JSON.
	for _, path := range []string{"/api/v1/articles", "/api/v1/site", "/api/v1/search?q=water"} {
		d := presstest.MustGet(t, base+path, http.StatusTooManyRequests)
		retry, err := strconv.Atoi(d.Resp.Header.Get("Retry-After"))
		// One token comes back every 20 minutes.
		if err != nil || retry < 1 || retry > 20*60 {
			t.Errorf("%s: Retry-After %q", path, d.Resp.Header.Get("Retry-After"))
		}
		if !strings.Contains(d.Body, `"status":429`) || !strings.Contains(d.Body, "3 requests per hour") ||
			d.Resp.Header.Get("Access-Control-Allow-Origin") != "*" || d.Resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %s %v", path, d.Body, d.Resp.Header)
		}
	}
	// A request with an API key draws from that key's bucket.
	for i := range 4 {
		req := presstest.NewRequest(t, "GET", base+"/api/v1/site")
		req.Header.Set("X-API-Key", "partner-one")
		want := http.StatusOK
		if i == 3 {
			want = http.StatusTooManyRequests
		}
		presstest.MustDo(t, req, want)
	}
	req := presstest.NewRequest(t, "GET", base+"/api/v1/site")
	req.Header.Set("X-API-Key", "partner-two")
	presstest.MustDo(t, req, http.StatusOK)
	// Preflights and the site's pages are not counted or limited.
	pre := presstest.NewRequest(t, "OPTIONS", base+"/api/v1/articles")
	pre.Header.Set("Origin", "https://reader.example")
	pre.Header.Set("Access-Control-Request-Method", "GET")
	presstest.MustDo(t, pre, http.StatusNoContent)
	presstest.MustGet(t, base+"/articles/water-war", http.StatusOK)

	// Without a rate (the default) nothing is limited.
	for range 20 {
		presstest.MustGet(t, s.URL+"/api/v1/site", http.StatusOK)
	}
}
