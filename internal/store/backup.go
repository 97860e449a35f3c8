package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pressroomhq/pressroom/internal/press"
)

// A backup is a logical copy of every table of Pressroom's schema, portable
// between the engines: gzip'd JSON, one value per line. The first line is
// a backupHeader; then, per table, parents before the tables whose foreign
// keys point at them, a {"table": name, "columns": [...]} line followed by
// one JSON array per row; the last line is {"end": true, "tables": n}, so
// that a truncated file is refused rather than half restored.
//
// Values are portable: times are RFC 3339 in UTC with microseconds (the
// text SQLite stores), integers and text are themselves, and booleans are
// JSON booleans from PostgreSQL and 0 or 1 from SQLite, which has no
// boolean type. Restore converts each value by the type of the target
// column, so either engine restores what either wrote.
//
// Left out: schema_migrations (the header names the migrations instead),
// the search index, derived from the articles and rebuilt by Restore:
// search_documents, SQLite's FTS5 virtual table and its shadow tables;
// and the count of writes (changes), which concerns the running
// processes, not the content.

// BackupFormat and BackupVersion identify a backup file.
const (
	BackupFormat  = "pressroom-backup"
	BackupVersion = 1
)

type backupHeader struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	Engine     string    `json:"engine"`
	Migrations []string  `json:"migrations"`
	CreatedAt  time.Time `json:"created_at"`
}

type backupTable struct {
	Table   string   `json:"table,omitempty"`
	Columns []string `json:"columns,omitempty"`
	End     bool     `json:"end,omitempty"`
	Tables  int      `json:"tables,omitempty"`
}

// derivedTables are rebuilt from the content rather than copied.
var derivedTables = []string{"search_documents"}

// seedTables are tables the migrations fill; Restore replaces their rows
// rather than requiring them empty.
var seedTables = []string{"settings", "taxonomies"}

// schemaCatalog reads the schema from the engine's catalog, so that backup
// and restore cover the tables every migration adds without being told.
type schemaCatalog interface {
	// tables lists the ordinary tables, leaving out virtual tables and
	// their shadow tables.
	tables(ctx context.Context, t *tx) ([]string, error)
	// columns lists the columns a row is written with, in table order,
	// with their declared types; generated columns are left out.
	columns(ctx context.Context, t *tx, table string) ([]catalogColumn, error)
	// references lists the foreign keys of table.
	references(ctx context.Context, t *tx, table string) ([]catalogReference, error)
	// resetIDs makes the identity columns of table hand out ids above
	// those inserted explicitly. SQLite's AUTOINCREMENT does so itself.
	resetIDs(ctx context.Context, t *tx, table string) error
}

type catalogColumn struct {
	name string
	typ  string // as the catalog names it, lower case
}

type catalogReference struct {
	column, table string
}

// valueKind is how a column's values are converted on restore.
type valueKind int

const (
	kindText valueKind = iota
	kindInt
	kindReal
	kindBool
	kindTime
)

func kindOf(typ string) valueKind {
	switch {
	case strings.Contains(typ, "timestamp") || typ == "date":
		return kindTime
	case typ == "boolean" || typ == "bool":
		return kindBool
	case strings.Contains(typ, "int"):
		return kindInt
	case typ == "real" || typ == "double precision" || typ == "numeric" || typ == "float":
		return kindReal
	}
	return kindText
}

// backupTables returns the tables a backup holds, parents first, with
// their columns and foreign keys.
func (t *tx) backupTables(ctx context.Context) ([]string, map[string][]catalogColumn, map[string][]catalogReference, error) {
	all, err := t.d.catalog.tables(ctx, t)
	if err != nil {
		return nil, nil, nil, err
	}
	var names []string
	for _, name := range all {
		if name != "schema_migrations" && name != "changes" && !slices.Contains(derivedTables, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	cols := map[string][]catalogColumn{}
	refs := map[string][]catalogReference{}
	for _, name := range names {
		if cols[name], err = t.d.catalog.columns(ctx, t, name); err != nil {
			return nil, nil, nil, err
		}
		if refs[name], err = t.d.catalog.references(ctx, t, name); err != nil {
			return nil, nil, nil, err
		}
		slices.SortFunc(refs[name], func(a, b catalogReference) int { return strings.Compare(a.table, b.table) })
	}
	// Parents first; a table referring to itself is handled row by row.
	var order []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(string)
	visit = func(name string) {
		if state[name] != 0 {
			return // done, or a cycle, broken here
		}
		state[name] = 1
		for _, r := range refs[name] {
			if r.table != name && slices.Contains(names, r.table) {
				visit(r.table)
			}
		}
		state[name] = 2
		order = append(order, name)
	}
	for _, name := range names {
		visit(name)
	}
	return order, cols, refs, nil
}

// Backup writes a consistent copy of the whole store to w, in the format
// described above, while the site keeps serving: everything is read in one
// read-only transaction, a snapshot of one committed state (SQLite's WAL
// readers and PostgreSQL's REPEATABLE READ both see one). Memory use does
// not grow with the size of the store.
func (db *DB) Backup(ctx context.Context, w io.Writer) error {
	zw := gzip.NewWriter(w)
	bw := bufio.NewWriterSize(zw, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err := db.read(ctx, func(t *tx) error {
		h := backupHeader{Format: BackupFormat, Version: BackupVersion, Engine: db.d.name, CreatedAt: db.clock()}
		var err error
		if h.Migrations, err = t.appliedMigrations(ctx); err != nil {
			return err
		}
		if err := enc.Encode(h); err != nil {
			return err
		}
		order, cols, _, err := t.backupTables(ctx)
		if err != nil {
			return err
		}
		for _, table := range order {
			if err := t.backupTable(ctx, enc, table, cols[table]); err != nil {
				return fmt.Errorf("table %s: %w", table, err)
			}
		}
		return enc.Encode(backupTable{End: true, Tables: len(order)})
	})
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return db.fail(err, "backup")
	}
	return nil
}

func (t *tx) appliedMigrations(ctx context.Context) ([]string, error) {
	var names []string
	rows, err := t.query(ctx, "SELECT name FROM schema_migrations ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}

// backupTable writes one table: its columns, then its rows in key order.
func (t *tx) backupTable(ctx context.Context, enc *json.Encoder, table string, cols []catalogColumn) error {
	names := make([]string, len(cols))
	quoted := make([]string, len(cols))
	for i, c := range cols {
		names[i], quoted[i] = c.name, ident(c.name)
	}
	if err := enc.Encode(backupTable{Table: table, Columns: names}); err != nil {
		return err
	}
	// Ordered by the first column (the id or key) and then by the
	// whole-number ones, which settles join tables, so that backups of
	// the same content are the same file. (Not by every column: some
	// types, such as PostgreSQL's json, cannot be ordered.)
	order := []string{"1"}
	for i, c := range cols[1:] {
		if kindOf(c.typ) == kindInt {
			order = append(order, strconv.Itoa(i+2))
		}
	}
	rows, err := t.query(ctx, "SELECT "+strings.Join(quoted, ", ")+" FROM "+ident(table)+" ORDER BY "+strings.Join(order, ", "))
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			vals[i] = portable(v)
		}
		if err := enc.Encode(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// portable turns a value as a driver returns it into its backup form.
func portable(v any) any {
	switch v := v.(type) {
	case time.Time:
		return utc(v).Format(sqliteTimeLayout)
	case []byte:
		if utf8.Valid(v) {
			return string(v)
		}
		return v // base64, by encoding/json
	}
	return v
}

// ErrNotEmpty is returned by Restore into a store that has content.
var ErrNotEmpty = errors.New("the store is not empty")

// Restore reads a backup written by Backup, on either engine, into this
// store, in one transaction: all of it or, on any error, nothing. The
// store must be migrated at least as far as the backup's store was, and
// hold no content (no articles, authors, terms, pages or other rows; the
// settings and the taxonomies the migrations create are replaced), or
// Restore fails with an error matching ErrNotEmpty. Rows keep their ids.
// The search index is rebuilt from the restored articles.
func (db *DB) Restore(ctx context.Context, r io.Reader) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return db.fail(fmt.Errorf("not a Pressroom backup (not gzip): %w", err), "restore")
	}
	dec := json.NewDecoder(bufio.NewReaderSize(zr, 64<<10))
	dec.UseNumber()
	var h backupHeader
	if err := dec.Decode(&h); err != nil || h.Format != BackupFormat {
		return db.fail(errors.New("not a Pressroom backup (no pressroom-backup header)"), "restore")
	}
	if h.Version != BackupVersion {
		return db.fail(fmt.Errorf("backup format version %d; this Pressroom reads version %d", h.Version, BackupVersion), "restore")
	}
	err = db.write(ctx, func(t *tx) error {
		t.changed(press.KeyAll)
		applied, err := t.appliedMigrations(ctx)
		if err != nil {
			return err
		}
		for _, m := range h.Migrations {
			if !slices.Contains(applied, m) {
				return fmt.Errorf("the backup has migration %s, which this store has not: run pressroom migrate with a Pressroom at least as new as the one that wrote the backup", m)
			}
		}
		order, cols, refs, err := t.backupTables(ctx)
		if err != nil {
			return err
		}
		for _, table := range order {
			if slices.Contains(seedTables, table) {
				continue
			}
			var n int64
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM "+ident(table)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("%w: %s has %d rows; restore into a new, empty database", ErrNotEmpty, table, n)
			}
		}
		// Children first, though only the seed tables can have rows.
		for _, table := range slices.Backward(order) {
			if slices.Contains(seedTables, table) {
				if _, err := t.exec(ctx, "DELETE FROM "+ident(table)); err != nil {
					return err
				}
			}
		}
		tables := 0
		var cur *tableRestore
		defer func() {
			if cur != nil {
				cur.stmt.Close()
			}
		}()
		for {
			var line json.RawMessage
			if err := dec.Decode(&line); err != nil {
				if errors.Is(err, io.EOF) {
					return errors.New("the backup is cut short: it has no end line")
				}
				return fmt.Errorf("reading the backup: %w", err)
			}
			if len(line) > 0 && line[0] == '[' {
				if cur == nil {
					return errors.New("reading the backup: a row before any table line")
				}
				if err := cur.add(ctx, line); err != nil {
					return fmt.Errorf("table %s: %w", cur.table, err)
				}
				continue
			}
			if cur != nil {
				if err := cur.finish(ctx); err != nil {
					return fmt.Errorf("table %s: %w", cur.table, err)
				}
				cur = nil
			}
			var bt backupTable
			if err := json.Unmarshal(line, &bt); err != nil {
				return fmt.Errorf("reading the backup: expected a table line: %w", err)
			}
			if bt.End {
				if bt.Tables != tables {
					return fmt.Errorf("the backup ends after %d tables but says %d", tables, bt.Tables)
				}
				break
			}
			if !slices.Contains(order, bt.Table) {
				return fmt.Errorf("the backup has table %q, which this store has not", bt.Table)
			}
			tables++
			if cur, err = t.startTable(ctx, bt, cols[bt.Table], refs[bt.Table]); err != nil {
				return fmt.Errorf("table %s: %w", bt.Table, err)
			}
		}
		for _, table := range order {
			if err := t.d.catalog.resetIDs(ctx, t, table); err != nil {
				return err
			}
		}
		// Rebuilding the index marks the search catalogue changed; dated
		// as the backup's last such mark, so that the restored site's
		// LastModified is the backed-up one.
		var marked time.Time
		err = t.queryRow(ctx, "SELECT updated_at FROM settings WHERE key = ?", settingSearchGeneration).Scan(scanTime(&marked))
		if errors.Is(err, sql.ErrNoRows) {
			marked, err = h.CreatedAt, nil
		}
		if err != nil {
			return err
		}
		return t.searchIndex(ctx, marked, "1 = 1")
	})
	if err != nil {
		return db.fail(err, "restore")
	}
	db.searchCache.mu.Lock()
	db.searchCache.meta = nil
	db.searchCache.mu.Unlock()
	return nil
}

// tableRestore inserts the rows of one table. A column referring to the
// same table (a term's parent) is set after all rows are in, so rows may
// come in any order.
type tableRestore struct {
	t      *tx
	table  string
	cols   []string
	quoted []string
	kinds  []valueKind
	idCol  int
	self   []int
	stmt   *sql.Stmt
	args   []any
	later  []selfRef
}

type selfRef struct {
	col   int
	id, v any
}

func (t *tx) startTable(ctx context.Context, bt backupTable, cols []catalogColumn, refs []catalogReference) (*tableRestore, error) {
	r := &tableRestore{t: t, table: bt.Table, cols: bt.Columns, idCol: -1,
		kinds: make([]valueKind, len(bt.Columns)), quoted: make([]string, len(bt.Columns)), args: make([]any, len(bt.Columns))}
	for i, name := range bt.Columns {
		j := slices.IndexFunc(cols, func(c catalogColumn) bool { return c.name == name })
		if j < 0 {
			return nil, fmt.Errorf("the backup has column %q, which this store has not", name)
		}
		r.kinds[i], r.quoted[i] = kindOf(cols[j].typ), ident(name)
		if name == "id" {
			r.idCol = i
		}
		for _, ref := range refs {
			if ref.column == name && ref.table == bt.Table {
				r.self = append(r.self, i)
			}
		}
	}
	if len(r.self) > 0 && r.idCol < 0 {
		return nil, errors.New("it refers to itself but has no id column")
	}
	var err error
	r.stmt, err = t.sql.PrepareContext(ctx, t.d.rebind("INSERT INTO "+ident(bt.Table)+" ("+strings.Join(r.quoted, ", ")+
		") VALUES ("+placeholders(len(r.quoted))+")"))
	return r, err
}

func (r *tableRestore) add(ctx context.Context, line json.RawMessage) error {
	var row []json.RawMessage
	if err := json.Unmarshal(line, &row); err != nil {
		return err
	}
	if len(row) != len(r.cols) {
		return fmt.Errorf("a row has %d values for %d columns", len(row), len(r.cols))
	}
	for i, v := range row {
		var err error
		if r.args[i], err = r.t.d.fromBackup(v, r.kinds[i]); err != nil {
			return fmt.Errorf("column %s: %w", r.cols[i], err)
		}
	}
	for _, i := range r.self {
		if r.args[i] != nil {
			r.later = append(r.later, selfRef{i, r.args[r.idCol], r.args[i]})
			r.args[i] = nil
		}
	}
	_, err := r.stmt.ExecContext(ctx, r.args...)
	return err
}

func (r *tableRestore) finish(ctx context.Context) error {
	r.stmt.Close()
	for _, l := range r.later {
		if _, err := r.t.exec(ctx, "UPDATE "+ident(r.table)+" SET "+r.quoted[l.col]+" = ? WHERE id = ?", l.v, l.id); err != nil {
			return err
		}
	}
	return nil
}

// fromBackup converts one backup value for a column of kind k, encoding
// times and booleans as the engine stores them.
func (d *dialect) fromBackup(raw json.RawMessage, k valueKind) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if v == nil {
		return nil, nil
	}
	switch k {
	case kindTime:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("%s is not a time", raw)
		}
		var tm time.Time
		if err := scanTime(&tm).Scan(s); err != nil {
			return nil, err
		}
		return d.time(tm), nil
	case kindBool:
		switch v := v.(type) {
		case bool:
			return v, nil
		case json.Number:
			return v.String() != "0", nil
		}
		return nil, fmt.Errorf("%s is not a boolean", raw)
	case kindInt:
		switch v := v.(type) {
		case bool:
			if v {
				return int64(1), nil
			}
			return int64(0), nil
		case json.Number:
			return v.Int64()
		}
		return nil, fmt.Errorf("%s is not a whole number", raw)
	case kindReal:
		if n, ok := v.(json.Number); ok {
			return n.Float64()
		}
		return nil, fmt.Errorf("%s is not a number", raw)
	}
	switch v := v.(type) {
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		return v, nil
	}
	// A list or object in a text column: keep its JSON.
	return string(raw), nil
}

// ident quotes an identifier; both engines accept double quotes.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
