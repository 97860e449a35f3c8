// Package adminapi is the Admin API: JSON at /api/admin/v1/ for the
// newsroom's own tools and scripts, authenticated by Bearer tokens. Every
// write goes through the newsroom, which checks the token's user's rights
// exactly as it does for the web admin.
package adminapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/web"
)

// maxJSON is the largest JSON request body accepted. An article's
// Markdown is far smaller; anything bigger is a mistake or an attack.
const maxJSON = 1 << 20

// API serves the Admin API.
type API struct {
	db   *store.DB
	news *newsroom.Newsroom
	log  *slog.Logger
	web  web.Adapter
}

// New returns the Admin API over db, writing through news.
func New(db *store.DB, news *newsroom.Newsroom, logger *slog.Logger) *API {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	a := &API{db: db, news: news, log: logger}
	a.web = web.Adapter{Logger: logger, Page: writeError}
	return a
}

// Router is what Register adds routes to: an *http.ServeMux, or a test's
// recorder of the route table.
type Router interface {
	Handle(pattern string, h http.Handler)
}

// Handler returns the API's routes. Responses are never cached: they
// depend on who asks.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	a.Register(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		mux.ServeHTTP(w, r)
	})
}

// authedFunc is a handler for a signed-in token's user.
type authedFunc func(w http.ResponseWriter, r *http.Request, u *press.User) error

// authed signs the request in from its Bearer token and names the user
// (and the request's address) as the actor of its writes. A missing,
// unknown or revoked token, or a disabled user's, is 401.
func (a *API) authed(h authedFunc) http.Handler {
	return a.web.Handle(func(w http.ResponseWriter, r *http.Request) error {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return errUnauthorized("an Authorization: Bearer token is required", "")
		}
		u, _, err := a.db.TokenUser(r.Context(), auth.HashSecret(token))
		if errors.Is(err, press.ErrNotFound) {
			return errUnauthorized("the token is unknown or revoked", "invalid_token")
		}
		if err != nil {
			return err
		}
		ctx := press.WithActor(r.Context(), press.Actor{UserID: u.ID, Name: u.Name, IP: web.ClientIP(r)})
		return h(w, r.WithContext(ctx), &u)
	})
}

// apiError is a failure with its own status, code and field, for what
// has no press error: a malformed body, a missing token.
type apiError struct {
	status  int
	code    string
	message string
	field   string
	bearer  string // for 401: the error= of WWW-Authenticate, if any
}

func (e *apiError) Error() string { return e.message }

func errUnauthorized(msg, bearer string) error {
	return &apiError{status: http.StatusUnauthorized, code: "unauthorized", message: msg, bearer: bearer}
}

// badRequest is a 400 about one field or parameter of the request.
func badRequest(field, msg string) error {
	return &apiError{status: http.StatusBadRequest, code: "bad_request", message: msg, field: field}
}

func tooLarge(msg string) error {
	return &apiError{status: http.StatusRequestEntityTooLarge, code: "too_large", message: msg}
}

// errorBody is the JSON of every error: {"error": {"code", "message",
// "field"}}, plus the stored version on a conflict.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code           string `json:"code"`
	Message        string `json:"message"`
	Field          string `json:"field"`
	CurrentVersion *int   `json:"current_version,omitempty"`
}

// writeError answers err as JSON. Validation errors from the newsroom are
// 422 with the first field named; a permission error 403; a stale version
// 409 with the version now stored.
func writeError(w http.ResponseWriter, r *http.Request, status int, err error) {
	d := errorDetail{Code: "error", Message: "internal error"}
	var ae *apiError
	var ve *press.ValidationError
	var ce *press.ConflictError
	var pe *press.PermissionError
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		status, d = ae.status, errorDetail{Code: ae.code, Message: ae.message, Field: ae.field}
		if status == http.StatusUnauthorized {
			v := `Bearer realm="pressroom"`
			if ae.bearer != "" {
				v += `, error="` + ae.bearer + `"`
			}
			w.Header().Set("WWW-Authenticate", v)
		}
	case errors.As(err, &mb), errors.Is(err, media.ErrTooLarge):
		status, d = http.StatusRequestEntityTooLarge, errorDetail{Code: "too_large", Message: "the request body is too large"}
	case errors.As(err, &ve):
		status, d.Code, d.Message = http.StatusUnprocessableEntity, "invalid", ve.Error()
		if len(ve.Fields) > 0 {
			d.Field, d.Message = ve.Fields[0].Field, ve.Fields[0].Field+": "+ve.Fields[0].Message
		}
	case errors.As(err, &ce):
		v := ce.Current.Version
		status, d = http.StatusConflict, errorDetail{Code: "conflict", Field: "version", CurrentVersion: &v,
			Message: "the article was " + ce.Error() + "; fetch it, merge and send version " + itoa(v)}
	case errors.As(err, &pe):
		status, d = http.StatusForbidden, errorDetail{Code: "forbidden", Message: "not allowed: " + string(pe.Action)}
	case status == http.StatusForbidden:
		d = errorDetail{Code: "forbidden", Message: "not allowed"}
	case status == http.StatusNotFound:
		d = errorDetail{Code: "not_found", Message: "not found"}
	case status == http.StatusConflict:
		d = errorDetail{Code: "conflict", Message: "conflict: " + lastPart(err)}
	case status == http.StatusBadRequest:
		d = errorDetail{Code: "invalid", Message: lastPart(err)}
		status = http.StatusUnprocessableEntity
	}
	writeJSON(w, status, errorBody{Error: d})
}

// lastPart is the message of a wrapped error without the wrapping
// operations ("store: article 3: slug taken" → "slug taken"), which name
// internals rather than help the client.
func lastPart(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		return s[i+2:]
	}
	return s
}

// writeJSON sends v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":{"code":"error","message":"internal error","field":""}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
