package adminapi

import (
	_ "embed"
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Register adds the Admin API's routes to mux. This is its one route
// table; every route but the catch-all must be described in
// openapi.json, which a test checks against this table.
func (a *API) Register(mux Router) {
	h := a.authed
	mux.Handle("GET /api/admin/v1/openapi.json", a.web.Handle(a.handleOpenAPI))
	mux.Handle("GET /api/admin/v1/me", h(a.handleMe))
	mux.Handle("GET /api/admin/v1/articles", h(a.handleArticles))
	mux.Handle("POST /api/admin/v1/articles", h(a.handleArticleCreate))
	mux.Handle("GET /api/admin/v1/articles/{id}", h(a.handleArticle))
	mux.Handle("PATCH /api/admin/v1/articles/{id}", h(a.handleArticleUpdate))
	mux.Handle("DELETE /api/admin/v1/articles/{id}", h(a.handleArticleDelete))
	mux.Handle("GET /api/admin/v1/authors", h(a.handleAuthors))
	mux.Handle("POST /api/admin/v1/authors", h(a.handleAuthorCreate))
	mux.Handle("GET /api/admin/v1/authors/{slug}", h(a.handleAuthor))
	mux.Handle("PATCH /api/admin/v1/authors/{slug}", h(a.handleAuthorUpdate))
	mux.Handle("GET /api/admin/v1/taxonomies", h(a.handleTaxonomies))
	mux.Handle("GET /api/admin/v1/taxonomies/{taxonomy}/terms", h(a.handleTerms))
	mux.Handle("POST /api/admin/v1/taxonomies/{taxonomy}/terms", h(a.handleTermCreate))
	mux.Handle("POST /api/admin/v1/media", h(a.handleMediaUpload))
	// Anything else under /api/admin/ is a JSON 404, never the site's page.
	mux.Handle("/api/admin/", a.web.Handle(a.handleUnknown))
}

// openAPI is the OpenAPI 3.1 description of the Admin API, written by
// hand; a test exercises every path it documents and checks each answer
// against it, and checks it lists every route of Register.
//
//go:embed openapi.json
var openAPI []byte

func (a *API) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPI)
	return nil
}

func (a *API) handleUnknown(w http.ResponseWriter, r *http.Request) error {
	return &apiError{status: http.StatusNotFound, code: "not_found", message: "no such endpoint: " + r.Method + " " + r.URL.Path}
}

// handleMe answers who the token signs in as, so that a client can check
// its token and see its rights.
func (a *API) handleMe(w http.ResponseWriter, r *http.Request, u *press.User) error {
	if _, err := params(r); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		ID     int64  `json:"id"`
		Email  string `json:"email"`
		Name   string `json:"name"`
		Role   string `json:"role"`
		Author string `json:"author"`
	}{u.ID, u.Email, u.Name, string(u.Role), u.Author})
	return nil
}
