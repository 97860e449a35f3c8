package presstest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/pressroomhq/pressroom/internal/demo"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/server"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/theme"
)

// Site is a running Pressroom over a real store, for HTTP tests.
type Site struct {
	URL      string
	DB       *store.DB
	Newsroom *newsroom.Newsroom
	MediaDir string
}

// Logger returns a logger that discards output unless PRESSROOM_TEST_LOG is
// set, so test output shows failures, not request logs.
func Logger() *slog.Logger {
	if os.Getenv("PRESSROOM_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// MustSite starts the whole application over a fresh SQLite store, closed
// when t ends.
func MustSite(t testing.TB) *Site {
	t.Helper()
	db := MustStore(t, "sqlite")
	th, err := theme.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := &Site{DB: db, Newsroom: newsroom.New(db, Logger()), MediaDir: t.TempDir()}
	srv := httptest.NewServer(server.Handler(db, th, s.MediaDir, Logger(), server.Options{Newsroom: s.Newsroom}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// MustDemoSite is MustSite filled with the demo content.
func MustDemoSite(t testing.TB) *Site {
	t.Helper()
	s := MustSite(t)
	if _, err := demo.Install(context.Background(), s.DB, s.Newsroom, s.MediaDir); err != nil {
		t.Fatal(err)
	}
	return s
}
