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
	rows, err := db.sql.QueryContext(ctx, db.d.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
