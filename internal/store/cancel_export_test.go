package store

import (
	"context"
	"time"
)

// CancelBeforeCommit runs a read transaction whose caller goes away after
// its query and before it commits, as when a reader hangs up.
func (db *DB) CancelBeforeCommit(ctx context.Context, cancel func()) error {
	return db.read(ctx, func(t *tx) error {
		var n int
		if err := t.queryRow(ctx, "SELECT 1").Scan(&n); err != nil {
			return err
		}
		cancel()
		// database/sql rolls the transaction back from another goroutine.
		time.Sleep(50 * time.Millisecond)
		return nil
	})
}
