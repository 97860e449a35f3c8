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

	"github.com/pressroomhq/pressroom/internal/api"
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
func Handler(db *store.DB, th *theme.Theme, mediaDir string, logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	site.New(db, th, mediaDir, logger).Register(mux)
	api.New(db, logger).Register(mux)
	return web.Log(logger, web.SecureHeaders(http.NewCrossOriginProtection().Handler(mux)))
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
