// Package admin is the newsroom's web app at /admin/: sign-in, the article
// list and editor, media, taxonomies, authors, users and settings. Pages are
// rendered on the server; small scripts improve them where they run (the
// editor's toolbar, preview and autosave) and nothing needs them to work.
//
// Handlers parse the request, make one call to the newsroom (which checks
// every permission) or the store, and render. Every route goes through one
// wrapper that signs the user in from their session, checks the role and
// the CSRF token, and names the actor for the audit log.
package admin

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/pressroomhq/pressroom/internal/mail"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/web"
)

// Options configure the admin.
type Options struct {
	DB     *store.DB
	News   *newsroom.Newsroom
	Logger *slog.Logger

	// Preview renders an article exactly as the public site would, for
	// the editor's preview; nil disables previews.
	Preview func(ctx context.Context, r *http.Request, a *press.Article) ([]byte, error)

	// SecureCookies decides the cookies' Secure flag: "always", "never",
	// or "" (auto): secure except for requests to a loopback address,
	// where a developer runs Pressroom over plain HTTP.
	SecureCookies string

	// MaxUpload is the largest file an upload may carry (default 20 MB);
	// request bodies may exceed it by 1 MB of form fields.
	MaxUpload int64

	// Now is the clock; nil means time.Now.
	Now func() time.Time

	// Mailer sends password-reset links; nil (no SMTP settings) leaves
	// resets to `pressroom user passwd`.
	Mailer mail.Mailer
}

// Admin serves /admin/.
type Admin struct {
	db      *store.DB
	news    *newsroom.Newsroom
	logger  *slog.Logger
	preview func(ctx context.Context, r *http.Request, a *press.Article) ([]byte, error)
	secure  string
	now     func() time.Time
	maxBody int64

	tmpl *templates
	web  web.Adapter

	// loginLimiter slows guessing from one address; the per-account
	// lock-out in the store stops guessing one account from many.
	loginLimiter *web.Limiter
	phantoms     phantomLocks // lock-out of addresses without an account

	accounts accounts // mailer and reset limits (auth.go)
}

// New returns the admin. It fails only if its embedded templates do.
func New(o Options) (*Admin, error) {
	a := &Admin{db: o.DB, news: o.News, logger: o.Logger, preview: o.Preview, secure: o.SecureCookies, now: o.Now,
		loginLimiter: web.NewLimiter(loginAttempts, loginWindow), accounts: newAccounts(o.Mailer)}
	if o.MaxUpload <= 0 {
		o.MaxUpload = DefaultMaxUpload
	}
	a.maxBody = o.MaxUpload + 1<<20
	if a.now == nil {
		a.now = time.Now
	}
	if a.logger == nil {
		a.logger = slog.New(slog.DiscardHandler)
	}
	var err error
	if a.tmpl, err = parseTemplates(); err != nil {
		return nil, err
	}
	a.web = web.Adapter{Logger: a.logger, Page: a.errorPage}
	return a, nil
}

// DefaultMaxUpload is the default limit on an uploaded file.
const DefaultMaxUpload = 20 << 20

// Login limits: per address, ten attempts in fifteen minutes.
const (
	loginAttempts = 10
	loginWindow   = 15 * time.Minute
)
