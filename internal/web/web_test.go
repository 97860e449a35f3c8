package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

func TestStatus(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want int
	}{
		{fmt.Errorf("store: article %q: %w", "x", press.ErrNotFound), 404},
		{&press.ValidationError{Fields: []press.FieldError{{Field: "title", Message: "is required"}}}, 400},
		{fmt.Errorf("wrapped: %w", press.ErrConflict), 409},
		{Errorf(http.StatusBadRequest, "page %q", "x"), 400},
		{fmt.Errorf("ctx: %w", context.Canceled), 499},
		{errors.New("disk on fire"), 500},
	} {
		if got := Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestAdapterLogsServerErrorsOnce(t *testing.T) {
	var logs strings.Builder
	var shown []int
	a := Adapter{
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		Page: func(w http.ResponseWriter, r *http.Request, status int, err error) {
			shown = append(shown, status)
			w.WriteHeader(status)
		},
	}
	for _, err := range []error{press.ErrNotFound, errors.New("boom")} {
		rec := httptest.NewRecorder()
		a.Handle(func(http.ResponseWriter, *http.Request) error { return err }).ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	}
	if fmt.Sprint(shown) != "[404 500]" {
		t.Errorf("error pages shown for %v", shown)
	}
	if n := strings.Count(logs.String(), "request failed"); n != 1 || !strings.Contains(logs.String(), "boom") {
		t.Errorf("logged %d server errors: %q", n, logs.String())
	}
}

func TestWriteConditional(t *testing.T) {
	mod := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	page := Page{ContentType: "text/html; charset=utf-8", Body: []byte("<p>hello</p>"), LastModified: mod}
	rec := httptest.NewRecorder()
	Write(rec, httptest.NewRequest("GET", "/", nil), http.StatusOK, page)
	etag := rec.Header().Get("ETag")
	if rec.Code != 200 || etag == "" || rec.Header().Get("Last-Modified") != mod.Format(http.TimeFormat) {
		t.Fatalf("first GET: %d, ETag %q, Last-Modified %q", rec.Code, etag, rec.Header().Get("Last-Modified"))
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("If-None-Match", etag)
	rec = httptest.NewRecorder()
	Write(rec, req, http.StatusOK, page)
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("revalidation = %d with %d bytes, want 304 and none", rec.Code, rec.Body.Len())
	}
	page.Body = []byte("<p>changed</p>")
	rec = httptest.NewRecorder()
	Write(rec, req, http.StatusOK, page)
	if rec.Code != 200 || rec.Header().Get("ETag") == etag {
		t.Errorf("changed body kept its ETag or answered %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	Write(rec, httptest.NewRequest("GET", "/", nil), http.StatusNotFound, page)
	if rec.Code != 404 || rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("ETag") != "" {
		t.Errorf("404: Cache-Control %q, ETag %q", rec.Header().Get("Cache-Control"), rec.Header().Get("ETag"))
	}
}

func TestLogRecoversPanics(t *testing.T) {
	h := Log(slog.New(slog.NewTextHandler(io.Discard, nil)), http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("bad") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 {
		t.Errorf("panic answered %d, want 500", rec.Code)
	}
}
