package store

import "context"

// ExecForTest runs one statement (with ? placeholders) outside any method,
// for tests to set up rows that no method of this package writes, such as
// webhooks.
func (db *DB) ExecForTest(ctx context.Context, q string, args ...any) error {
	_, err := db.sql.ExecContext(ctx, db.d.rebind(q), args...)
	return err
}

// CountForTest runs a query returning one integer, for tests to count rows
// no method reads.
func (db *DB) CountForTest(ctx context.Context, q string, args ...any) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, db.d.rebind(q), args...).Scan(&n)
	return n, err
}

// QueryStringsForTest runs a query returning one text column.
func (db *DB) QueryStringsForTest(ctx context.Context, q string, args ...any) ([]string, error) {
	var out []string
	err := db.read(ctx, func(t *tx) error {
		var err error
		out, err = queryColumn[string](ctx, t, q, args...)
		return err
	})
	return out, err
}
