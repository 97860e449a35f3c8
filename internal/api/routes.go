package api

// Register adds the API's routes to mux. This is the API's one route
// table; Handler serves it behind CORS and the rate limit. Every GET route
// here must be described in openapi.json: a test walks this table.
func (a *API) Register(mux Router) {
	h := a.web.Handle
	mux.Handle("GET /api/v1/articles", h(a.handleArticles))
	mux.Handle("GET /api/v1/articles/{slug}", h(a.handleArticle))
	mux.Handle("GET /api/v1/articles/{slug}/comments", h(a.handleArticleComments))
	mux.Handle("GET /api/v1/comments/latest", h(a.handleLatestComments))
	mux.Handle("GET /api/v1/authors", h(a.handleAuthors))
	mux.Handle("GET /api/v1/authors/{slug}", h(a.handleAuthor))
	mux.Handle("GET /api/v1/taxonomies", h(a.handleTaxonomies))
	mux.Handle("GET /api/v1/taxonomies/{slug}/terms", h(a.handleTerms))
	mux.Handle("GET /api/v1/search", h(a.handleSearch))
	mux.Handle("GET /api/v1/search/suggest", h(a.handleSearchSuggest))
	mux.Handle("GET /api/v1/site", h(a.handleSite))
	mux.Handle("GET /api/v1/openapi.json", h(a.handleOpenAPI))
	// Anything else under /api/ is a JSON 404 (405 for methods other than
	// GET and HEAD), never the site's HTML page.
	mux.Handle("/api/", h(a.handleUnknown))
}
