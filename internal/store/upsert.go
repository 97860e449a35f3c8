package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// column is a column name and the value to write to it.
type column struct {
	name  string
	value any
}

// record describes one row to write, found by its key columns.
type record struct {
	table string
	key   []column // identify the row, such as slug
	cols  []column // everything else written
	// stamped rows have created_at and updated_at; versioned rows a
	// version that every change increments.
	stamped, versioned bool
}

// outcome says what a write did to a row.
type outcome int

const (
	unchanged outcome = iota
	created
	updated
)

// insert writes r as a new row and returns its id. A taken key is a
// uniqueness violation, which classify turns into press.ErrConflict.
func (t *tx) insert(ctx context.Context, r record, now time.Time) (int64, error) {
	return t.insertSQL(ctx, r, now, "")
}

// insertOrNothing is insert, except that when the key is taken it writes
// nothing and returns sql.ErrNoRows.
func (t *tx) insertOrNothing(ctx context.Context, r record, now time.Time) (int64, error) {
	key := make([]string, len(r.key))
	for i, c := range r.key {
		key[i] = c.name
	}
	return t.insertSQL(ctx, r, now, " ON CONFLICT ("+strings.Join(key, ", ")+") DO NOTHING")
}

func (t *tx) insertSQL(ctx context.Context, r record, now time.Time, onConflict string) (int64, error) {
	cols := append(append([]column(nil), r.key...), r.cols...)
	if r.stamped {
		cols = append(cols, column{"created_at", t.d.time(now)}, column{"updated_at", t.d.time(now)})
	}
	if r.versioned {
		cols = append(cols, column{"version", 1})
	}
	names := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, c := range cols {
		names[i], args[i] = c.name, c.value
	}
	var id int64
	err := t.queryRow(ctx, "INSERT INTO "+r.table+" ("+strings.Join(names, ", ")+") VALUES ("+
		placeholders(len(cols))+")"+onConflict+" RETURNING id", args...).Scan(&id)
	return id, err
}

// upsert inserts r when no row has its key, and otherwise updates the
// row's columns, but only when one of them differs: rewriting a row with
// what it already holds leaves its updated_at and version alone, so that
// importing the same content twice changes nothing.
func (t *tx) upsert(ctx context.Context, r record, now time.Time) (int64, outcome, error) {
	var where []string
	var keyArgs []any
	for _, c := range r.key {
		where = append(where, c.name+" = ?")
		keyArgs = append(keyArgs, c.value)
	}
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM "+r.table+" WHERE "+strings.Join(where, " AND ")+t.d.lockRow,
		keyArgs...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		id, err = t.insert(ctx, r, now)
		return id, created, err
	}
	if err != nil {
		return 0, unchanged, err
	}
	changed, err := t.update(ctx, r.table, id, r.cols, r.stamped, r.versioned, now)
	if err != nil || !changed {
		return id, unchanged, err
	}
	return id, updated, nil
}

// update sets cols of row id when any of them differs from what is stored,
// and reports whether it did.
func (t *tx) update(ctx context.Context, table string, id int64, cols []column, stamped, versioned bool, now time.Time) (bool, error) {
	var set, same []string
	var args, sameArgs []any
	for _, c := range cols {
		set = append(set, c.name+" = ?")
		args = append(args, c.value)
		// IS NOT DISTINCT FROM is equality where NULL equals NULL.
		same = append(same, c.name+" IS NOT DISTINCT FROM ?")
		sameArgs = append(sameArgs, c.value)
	}
	if stamped {
		set = append(set, "updated_at = ?")
		args = append(args, t.d.time(now))
	}
	if versioned {
		set = append(set, "version = version + 1")
	}
	args = append(append(args, id), sameArgs...)
	res, err := t.exec(ctx, "UPDATE "+table+" SET "+strings.Join(set, ", ")+
		" WHERE id = ? AND NOT ("+strings.Join(same, " AND ")+")", args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// bump marks row id as changed when something outside its own columns
// changed, such as an article's byline.
func (t *tx) bump(ctx context.Context, table string, id int64, versioned bool, now time.Time) error {
	q := "UPDATE " + table + " SET updated_at = ?"
	if versioned {
		q += ", version = version + 1"
	}
	_, err := t.exec(ctx, q+" WHERE id = ?", t.d.time(now), id)
	return err
}
