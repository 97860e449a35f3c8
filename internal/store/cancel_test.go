package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// TestCallerGoneAway: a transaction whose caller went away (a reader closed
// the tab mid-request) fails with the context's error, which the web layer
// answers quietly, not with database/sql's "transaction has already been
// committed or rolled back", which it would log as a server error.
func TestCallerGoneAway(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(t.Context())
		if err := db.CancelBeforeCommit(ctx, cancel); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
}
