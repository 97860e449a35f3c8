package store

import "context"

// queryAll runs q and returns its rows as scan reads each one (nil for
// none). The rows are closed before it returns, so the transaction is free
// for its next statement: methods often select ids, then update each.
func queryAll[T any](ctx context.Context, t *tx, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryColumn returns the one column q selects, as a T from each row.
func queryColumn[T any](ctx context.Context, t *tx, q string, args ...any) ([]T, error) {
	return queryAll(ctx, t, func(s scanner) (T, error) {
		var v T
		err := s.Scan(&v)
		return v, err
	}, q, args...)
}
