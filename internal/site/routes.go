// Package site is the public reading site: the front page, articles,
// authors, taxonomy listings, the archive and standalone pages. Handlers
// parse the request, ask the store, and render a typed page; they hold no
// SQL and no editorial rules.
package site

import (
	"log/slog"
	"net/http"

	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/theme"
	"github.com/pressroomhq/pressroom/internal/web"
)

// Site serves the public pages.
type Site struct {
	db       *store.DB
	theme    *theme.Theme
	logger   *slog.Logger
	mediaDir string
	web      web.Adapter
}

// New returns the reading site over db, rendered with th. Media files are
// served from mediaDir.
func New(db *store.DB, th *theme.Theme, mediaDir string, logger *slog.Logger) *Site {
	s := &Site{db: db, theme: th, logger: logger, mediaDir: mediaDir}
	s.web = web.Adapter{Logger: logger, Page: s.errorPage}
	return s
}

// Register adds the site's routes to mux. This is the one route table of
// the public site; later features add their lines here.
func (s *Site) Register(mux *http.ServeMux) {
	h := s.web.Handle
	mux.Handle("GET /{$}", h(s.handleHome))
	mux.Handle("GET /articles/{slug}", h(s.handleArticle))
	mux.Handle("GET /authors", h(s.handleAuthors))
	mux.Handle("GET /authors/{slug}", h(s.handleAuthor))
	mux.Handle("GET /archive", h(s.handleArchiveIndex))
	mux.Handle("GET /archive/{year}/{month}", h(s.handleArchiveMonth))
	// One segment is a standalone page or a taxonomy's index; two are a
	// taxonomy term. Taxonomies are configurable, so their slugs are not
	// patterns of their own; pages may not take a taxonomy's slug.
	mux.Handle("GET /{slug}", h(s.handlePageOrTaxonomy))
	mux.Handle("GET /{taxonomy}/{term}", h(s.handleTerm))
	mux.HandleFunc("GET /healthz", s.handleHealth)
	// Static files are flat (/static/{file}) and media sit at least one
	// folder deep (/media/{dir}/…), so neither pattern overlaps
	// /{taxonomy}/{term}: a two-segment path under /media/ is never a file.
	mux.HandleFunc("GET /static/{file}", s.theme.ServeStatic)
	mux.Handle("GET /media/{dir}/{path...}", http.StripPrefix("/media/", mediaServer(s.mediaDir)))
	mux.Handle("/", h(s.handleNotFound))
}
