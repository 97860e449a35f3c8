// Package server assembles Pressroom's front doors into one http.Handler and
// runs it with timeouts and graceful shutdown.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/pressroomhq/pressroom/internal/admin"
	"github.com/pressroomhq/pressroom/internal/adminapi"
	"github.com/pressroomhq/pressroom/internal/api"
	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/mail"
	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/pagecache"
	"github.com/pressroomhq/pressroom/internal/site"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/theme"
	"github.com/pressroomhq/pressroom/internal/web"
)

// Handler returns the whole application: every route, behind the logging,
// security-header and cross-origin middleware. The last refuses every
// state-changing request that a browser sends from another site (CSRF),
// using the Sec-Fetch-Site and Origin headers browsers set themselves, so
// forms need no tokens.
func Handler(db *store.DB, th *theme.Theme, mediaDir string, logger *slog.Logger, opt Options) http.Handler {
	mux := http.NewServeMux()
	pub := site.New(db, th, mediaDir, logger)
	pub.Register(mux)
	news := opt.Newsroom
	if news == nil {
		news = newsroom.New(db, logger)
	}
	// Uploads go to the same storage the site serves /media/ from.
	news.UseMedia(media.NewDisk(mediaDir), opt.MaxUpload)
	pub.UsePreviews(news.PreviewArticle)
	pub.UseComments(news)
	// Members sign in with a cookie under the admin's cookie policy.
	pub.UseMembers(news, opt.SecureCookies)
	if opt.Mailer != nil {
		// Commenters' confirmation links and moderators' notices.
		news.UseMailer(opt.Mailer)
	}
	adm, err := admin.New(admin.Options{DB: db, News: news, Logger: logger,
		SecureCookies: opt.SecureCookies, MaxUpload: opt.MaxUpload, Preview: pub.RenderPreview, Mailer: opt.Mailer})
	if err != nil {
		// The admin's templates are embedded and every one is rendered by
		// its tests: this is a broken build, not a runtime condition.
		panic(err)
	}
	// The API answers every path under /api/ itself, from a mux of its
	// own: its catch-all would conflict with the site's wildcards on one.
	root := http.NewServeMux()
	root.Handle("/", mux)
	root.Handle("/api/", api.New(db, logger, api.Options{Rate: opt.APIRate, Comments: news}).Handler())
	root.Handle("/api/admin/", adminapi.New(db, news, logger).Handler())
	root.Handle("/admin/", adm.Handler())
	root.Handle("/admin", http.RedirectHandler("/admin/", http.StatusMovedPermanently))
	h := web.SecureHeaders(http.NewCrossOriginProtection().Handler(root))
	if opt.CacheSize > 0 {
		// Outside the security headers, so that kept pages keep them;
		// every write the store commits purges what it changed.
		pc := pagecache.New(pagecache.Options{MaxBytes: opt.CacheSize, CDNMaxAge: opt.CDNMaxAge})
		db.OnChange(pc.Purge)
		h = pc.Handler(h)
	}
	return web.Log(logger, h)
}

// Options are the application's settings beyond its store, theme and
// media. The zero value is the default.
type Options struct {
	// APIRate limits each client of the API; the zero Rate means no limit.
	APIRate config.Rate
	// Newsroom is the editorial service the admin writes through (the one
	// whose scheduler runs); nil makes one over the store.
	Newsroom *newsroom.Newsroom
	// SecureCookies is the admin's cookie policy: "always", "never" or ""
	// (secure except on loopback addresses).
	SecureCookies string
	// MaxUpload limits uploaded files; 0 means admin.DefaultMaxUpload.
	MaxUpload int64
	// CacheSize bounds the page cache for anonymous readers (see
	// pagecache); 0 means no cache.
	CacheSize int64
	// CDNMaxAge is how long a CDN may keep a page it purges by key.
	CDNMaxAge time.Duration
	// Mailer sends the site's email: staff password resets and
	// invitations, commenters' confirmation links, moderators' notices
	// of held comments; nil means none.
	Mailer mail.Mailer
}

// Serve answers on l until ctx is cancelled, then stops accepting
// connections and waits up to grace for requests in flight.
func Serve(ctx context.Context, l net.Listener, h http.Handler, grace time.Duration, logger *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
