// Package web is Pressroom's HTTP plumbing shared by every front door:
// handlers that return errors and one place that turns those errors into
// status codes, rendering into a buffer so a failed template becomes a clean
// 500 and a finished page gets an ETag, and the middleware every response
// passes through.
package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// HandlerFunc is an HTTP handler that reports failure by returning an
// error instead of writing it, so the mapping from error to page lives in
// one place.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Error is an error with the HTTP status it should produce. Handlers return
// it for conditions that have no domain error, such as a malformed page
// number.
type Error struct {
	Status int
	Err    error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given status.
func Errorf(status int, format string, args ...any) error {
	return &Error{Status: status, Err: fmt.Errorf(format, args...)}
}

// Status maps an error to the HTTP status it should produce.
func Status(err error) int {
	var we *Error
	switch {
	case errors.As(err, &we):
		return we.Status
	case errors.Is(err, press.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, press.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, press.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, press.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, press.ErrUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, context.Canceled):
		return 499 // the client went away; nobody reads the answer
	default:
		return http.StatusInternalServerError
	}
}

// ErrorPage writes the page shown for a failed request. It must not fail in
// a way that needs another error page; on its own failure it falls back to
// plain text.
type ErrorPage func(w http.ResponseWriter, r *http.Request, status int, err error)

// Adapter turns HandlerFuncs into http.Handlers, logging server errors once
// and showing the error page.
type Adapter struct {
	Logger *slog.Logger
	Page   ErrorPage
}

// Handle adapts h.
func (a *Adapter) Handle(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status := Status(err)
		if status == 499 {
			return
		}
		if status >= 500 {
			a.Logger.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		a.Page(w, r, status, err)
	})
}

// Page is a rendered response body with what its cache headers need.
type Page struct {
	ContentType  string
	Body         []byte
	LastModified time.Time // zero omits the header
	CacheControl string    // "" means revalidate on every use
}

// Write sends p with an ETag computed from its bytes, answering a matching
// conditional GET with 304 Not Modified.
func Write(w http.ResponseWriter, r *http.Request, status int, p Page) {
	h := w.Header()
	if p.ContentType != "" {
		h.Set("Content-Type", p.ContentType)
	}
	if p.CacheControl == "" {
		// Pages change when editors publish; let caches keep them but ask
		// each time. The ETag makes asking cheap.
		p.CacheControl = "public, no-cache"
	}
	h.Set("Cache-Control", p.CacheControl)
	if status != http.StatusOK {
		// Error pages are not cached as if they were the resource.
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		w.Write(p.Body)
		return
	}
	sum := sha256.Sum256(p.Body)
	h.Set("ETag", `"`+base64.RawURLEncoding.EncodeToString(sum[:18])+`"`)
	// ServeContent implements If-None-Match, If-Modified-Since and HEAD.
	http.ServeContent(w, r, "", p.LastModified, bytes.NewReader(p.Body))
}
