// Package api is Pressroom's public, read-only JSON API under /api/v1/: the
// Content API and search. Handlers return errors; one adapter turns them
// into JSON error bodies with the right status.
package api

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/web"
)

// API serves /api/v1/.
type API struct {
	db     *store.DB
	logger *slog.Logger
	web    web.Adapter

	rate    config.Rate
	limiter *web.Limiter // nil when the API is unlimited

	comments *newsroom.Newsroom // nil: no comments, every count 0
}

// Options configure the API. The zero value serves everyone without limit.
type Options struct {
	// Rate, when set, limits each client: a request with an X-API-Key
	// header counts against that key, any other against the client's
	// address.
	Rate config.Rate
	// Comments answers the comment counts and lists; nil shows none.
	Comments *newsroom.Newsroom
}

// New returns the API over db.
func New(db *store.DB, logger *slog.Logger, opt Options) *API {
	a := &API{db: db, logger: logger, rate: opt.Rate, comments: opt.Comments}
	a.web = web.Adapter{Logger: logger, Page: writeError}
	if !opt.Rate.IsZero() {
		a.limiter = web.NewLimiter(opt.Rate.N, opt.Rate.Per)
	}
	return a
}

// Router is what Register adds routes to: an *http.ServeMux, or in tests
// one that also records the patterns.
type Router interface {
	Handle(pattern string, handler http.Handler)
	HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request))
}

// Handler returns the whole API, to be mounted at /api/: the routes of
// Register on a mux of their own, behind CORS and the rate limit, so that
// every route gets both and every path under /api/ answers in JSON. (On
// the site's mux, the API's catch-all would conflict with the site's
// wildcard patterns.)
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	a.Register(mux)
	return cors(a.limit(mux))
}

// errorBody is the JSON every failed API request answers with.
type errorBody struct {
	Error struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, r *http.Request, status int, err error) {
	var b errorBody
	b.Error.Status = status
	b.Error.Message = http.StatusText(status)
	if status < 500 {
		// Client errors say what was wrong; server errors were logged and
		// show nothing internal.
		b.Error.Message = err.Error()
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(b)
}

// writeJSON sends v as JSON with the caching validators of web.Write.
func writeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	web.Write(w, r, http.StatusOK, web.Page{ContentType: "application/json; charset=utf-8", Body: b})
	return nil
}
