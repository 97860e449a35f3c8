// Package site is the public reading site: the front page, articles,
// authors, taxonomy listings, the archive and standalone pages. Handlers
// parse the request, ask the store, and render a typed page; they hold no
// SQL and no editorial rules.
package site

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/pressroomhq/pressroom/internal/feed"
	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/newsroom"
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
	media    media.Storage // serves /media/…; see media.go
	web      web.Adapter

	licensingLimiter *web.Limiter
	sitemapLimits    feed.Limits // per sitemap file; zero is feed.SitemapLimits
	previews         PreviewFunc // see preview.go; nil finds no preview

	comments *newsroom.Newsroom // see comments.go; nil shows no comments
	members  *memberState       // see members.go; nil has no members' pages
}

// New returns the reading site over db, rendered with th. Media files are
// served from mediaDir until UseMedia names another storage.
func New(db *store.DB, th *theme.Theme, mediaDir string, logger *slog.Logger) *Site {
	s := &Site{db: db, theme: th, logger: logger, mediaDir: mediaDir, media: media.NewDisk(mediaDir),
		licensingLimiter: web.NewLimiter(licensingLimit, time.Hour)}
	s.web = web.Adapter{Logger: logger, Page: s.errorPage}
	return s
}

// Register adds the site's routes to mux. This is the one route table of
// the public site; later features add their lines here.
func (s *Site) Register(mux *http.ServeMux) {
	h := s.web.Handle
	mux.Handle("GET /{$}", h(s.handleHome))
	mux.Handle("GET /articles/{slug}", h(s.handleArticle))
	// Files under an article (its citations); more specific than the
	// term file pattern below.
	mux.Handle("GET /articles/{slug}/{file}", h(s.handleArticleFile))
	// Readers' comments (comments.go). The feeds are literal names, more
	// specific than the article file pattern above.
	mux.Handle("POST /articles/{slug}/comments", h(s.handleCommentPost))
	mux.Handle("GET /articles/{slug}/comments.xml", h(s.handleCommentFeed))
	mux.Handle("GET /articles/{slug}/comments.atom", h(s.handleCommentFeed))
	mux.Handle("POST /comments/{id}/report", h(s.handleCommentReport))
	mux.Handle("GET /comments/{id}/edit", h(s.handleCommentEditForm))
	mux.Handle("POST /comments/{id}/edit", h(s.handleCommentEdit))
	mux.Handle("POST /comments/{id}/delete", h(s.handleCommentDelete))
	mux.Handle("GET /comments/verify", h(s.handleCommentVerify))
	// Members (members.go): joining, signing in by emailed link, the
	// account and signing out. Literal paths, more specific than the
	// page and term patterns below (the slugs are reserved for pages).
	mux.Handle("GET /join", h(s.handleJoinForm))
	mux.Handle("POST /join", h(s.handleJoin))
	mux.Handle("GET /signin", h(s.handleSignInForm))
	mux.Handle("POST /signin", h(s.handleSignIn))
	mux.Handle("POST /signout", h(s.handleSignOut))
	mux.Handle("GET /members/link", h(s.handleMemberLinkForm))
	mux.Handle("POST /members/link", h(s.handleMemberLink))
	mux.Handle("GET /account", h(s.signedIn(s.handleAccount)))
	mux.Handle("POST /account/name", h(s.signedIn(s.handleAccountName)))
	mux.Handle("POST /account/email", h(s.signedIn(s.handleAccountEmail)))
	mux.Handle("GET /account/export", h(s.signedIn(s.handleAccountExport)))
	mux.Handle("GET /account/delete", h(s.signedIn(s.handleAccountDeleteForm)))
	mux.Handle("POST /account/delete", h(s.signedIn(s.handleAccountDelete)))
	mux.Handle("GET /oembed", s.oembedHandler())
	mux.Handle("GET /preview/{token}", h(s.handlePreview))
	mux.Handle("GET /authors", h(s.handleAuthors))
	mux.Handle("GET /authors/{slug}", h(s.handleAuthor))
	// An author's feeds; more specific than the term file pattern below.
	mux.Handle("GET /authors/{slug}/{file}", h(s.handleAuthorFile))
	mux.Handle("GET /feed.xml", h(s.handleSiteFeed))
	mux.Handle("GET /atom.xml", h(s.handleSiteFeed))
	mux.Handle("GET /feed.json", h(s.handleSiteFeed))
	mux.Handle("GET /sitemap.xml", h(s.handleSitemap))
	mux.Handle("GET /sitemaps/{file}", h(s.handleSitemapPart))
	mux.Handle("GET /news-sitemap.xml", h(s.handleNewsSitemap))
	mux.Handle("GET /robots.txt", h(s.handleRobots))
	mux.Handle("GET /search", h(s.handleSearch))
	mux.Handle("GET /archive", h(s.handleArchiveIndex))
	mux.Handle("GET /archive/{year}/{month}", h(s.handleArchiveMonth))
	mux.Handle("GET /licensing/{slug}", h(s.handleLicensingForm))
	mux.Handle("POST /licensing/{slug}", h(s.handleLicensingSubmit))
	// One segment is a standalone page or a taxonomy's index; two are a
	// taxonomy term. Taxonomies are configurable, so their slugs are not
	// patterns of their own; pages may not take a taxonomy's slug.
	mux.Handle("GET /{slug}", h(s.handlePageOrTaxonomy))
	mux.Handle("GET /{taxonomy}/{term}", h(s.handleTerm))
	// A file under a term (its feeds). The last segment is a wildcard, not
	// "feed.xml", so that /media/{dir}/{file} below stays the more
	// specific pattern instead of conflicting with this one.
	mux.Handle("GET /{taxonomy}/{term}/{file}", h(s.handleTermFile))
	mux.HandleFunc("GET /healthz", s.handleHealth)
	// Static files are flat (/static/{file}); media sit one or two folders
	// deep (/media/demo/x.svg, /media/2026/11/x.jpg). Fixed depths keep
	// these patterns more specific than the taxonomy ones above, which a
	// /media/{path...} pattern would conflict with.
	mux.HandleFunc("GET /static/{file}", s.theme.ServeStatic)
	mux.Handle("GET /media/{dir}/{file}", h(s.handleMedia))
	mux.Handle("GET /media/{year}/{month}/{file}", h(s.handleMedia))
	mux.Handle("/", h(s.handleNotFound))
}
