package admin

import (
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Handler returns the admin's routes, all under /admin/. This is the one
// route table of the admin, one section per feature; signedIn checks the
// session, the CSRF token and the least role of each route, and the
// newsroom checks the rights on each article.
func (a *Admin) Handler() http.Handler {
	mux := http.NewServeMux()
	any := press.Action("")

	// --- shell: static files, dashboard
	mux.HandleFunc("GET /admin/static/{file}", a.serveStatic)
	mux.Handle("GET /admin/{$}", a.signedIn(any, a.handleDashboard))
	mux.Handle("/admin/", a.signedIn(any, func(http.ResponseWriter, *http.Request, *staff) error { return press.ErrNotFound }))

	// --- accounts: sign-in, set-up, sign-out
	mux.Handle("GET /admin/login", a.public(a.handleLoginForm))
	mux.Handle("POST /admin/login", a.public(a.handleLogin))
	mux.Handle("GET /admin/setup", a.public(a.handleSetupForm))
	mux.Handle("POST /admin/setup", a.public(a.handleSetup))
	mux.Handle("POST /admin/logout", a.signedInOrPending(a.handleLogout))

	// --- articles (editor)

	// --- media
	mux.Handle("GET /admin/media", a.signedIn(press.ActUploadMedia, a.handleMediaList))
	mux.Handle("POST /admin/media", a.signedIn(press.ActUploadMedia, a.handleMediaUpload))
	mux.Handle("GET /admin/media/{id}", a.signedIn(press.ActUploadMedia, a.handleMediaShow))
	mux.Handle("POST /admin/media/{id}", a.signedIn(press.ActUploadMedia, a.handleMediaUpdate))
	mux.Handle("POST /admin/media/{id}/delete", a.signedIn(press.ActUploadMedia, a.handleMediaDelete))

	// --- authors, taxonomies, terms, settings

	// --- users, tokens, audit log

	// --- webhooks

	return mux
}
