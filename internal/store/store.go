// Package store keeps Pressroom's content in SQL: embedded SQLite for a
// single server, PostgreSQL for several. All of the SQL lives here, written
// once; the few places where the engines differ are gathered in one dialect
// value chosen by Open, and one conformance suite runs every test on both.
//
// Conventions every method follows: each exported method is one
// transaction (Migrate, one per migration); something missing is press.ErrNotFound, never a zero value
// and a nil error; a write that loses a race or takes a used slug is
// press.ErrConflict; invalid input is a *press.ValidationError (matching
// press.ErrInvalid) and nothing is written. Times are stored in UTC at
// microsecond precision, the finest both engines keep.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	// The two database/sql drivers, registered as "pgx" and "sqlite".
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Options configure a DB. The zero value is usable.
type Options struct {
	// Logger receives what the store does on its own, such as applying
	// migrations. Nil discards.
	Logger *slog.Logger
	// Now is the clock for created and updated times. Nil means
	// time.Now; tests inject a fixed clock.
	Now func() time.Time
}

// DB is Pressroom's database, on SQLite or PostgreSQL. It is safe for
// concurrent use.
type DB struct {
	sql *sql.DB
	d   *dialect
	now func() time.Time
	log *slog.Logger

	searchCache searchCache // see search_meta.go

	listenMu  sync.Mutex // guards listeners and seqs; see deps.go
	listeners []func(keys []string)
	seqs      map[int64]bool // numbers of this process's own writes not yet seen by WatchChanges

	// writers admits one write transaction at a time on SQLite, which
	// has one writer anyway: queued here, a burst of saves waits its
	// turn for as long as each request allows, instead of SQLite's busy
	// handler polling and failing "database is locked" after
	// busy_timeout (5 s) once more than a few dozen saves are queued.
	// Nil on PostgreSQL, whose writers lock rows, not the database.
	writers chan struct{}

	// stmts keeps SQLite statements prepared, by query text, for
	// reuse on every connection (database/sql prepares each on a
	// connection once); see tx.prepared. Nil on PostgreSQL, whose
	// driver (pgx) keeps its own statement cache.
	stmts *stmtCache
}

// stmtCache holds prepared statements up to a bound: queries with IN
// lists come in many lengths.
type stmtCache struct {
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool
}

const maxPrepared = 512

// get returns the statement for q, or nil while it is not prepared yet.
// Preparing takes a connection from the pool, which a caller inside a
// transaction must not wait for (every connection may be held by
// transactions doing the same): a statement not seen before runs
// unprepared, and is prepared in the background for next time.
func (c *stmtCache) get(conn *sql.DB, q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.m[q]
	if ok || c.pending[q] || len(c.m)+len(c.pending) >= maxPrepared {
		return st
	}
	c.pending[q] = true
	go func() {
		st, err := conn.PrepareContext(context.Background(), q)
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.pending, q)
		if err == nil {
			c.m[q] = st
		}
		// else: the database is closing, or the query is wrong and
		// says so itself when it runs.
	}()
	return nil
}

// Open connects to the database named by dsn without touching its schema;
// call Migrate before use. A dsn starting with postgres:// or postgresql:// is a
// PostgreSQL connection URL; anything else is the path of a SQLite file,
// created with its parent directory when missing, optionally followed by
// ?query parameters for the driver.
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	db := &DB{now: opt.Now, log: opt.Logger}
	if db.now == nil {
		db.now = time.Now
	}
	if db.log == nil {
		db.log = slog.New(slog.DiscardHandler)
	}
	source := dsn
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db.d = postgresDialect
	} else {
		db.d = sqliteDialect
		db.writers = make(chan struct{}, 1)
		db.stmts = &stmtCache{m: map[string]*sql.Stmt{}, pending: map[string]bool{}}
		var err error
		if source, err = sqliteDSN(dsn); err != nil {
			return nil, fmt.Errorf("store: open %s: %w", dsn, err)
		}
	}
	db.d.search.prepare()
	conn, err := sql.Open(db.d.driver, source)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	db.sql = conn
	if db.d.pool != nil {
		db.d.pool(conn, source)
	}
	if err := db.ping(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("store: open: %w", err)
	}
	return db, nil
}

// ping makes the first connection. On SQLite that switches a new file to
// WAL mode, which takes a lock SQLite does not wait for under
// busy_timeout: processes opening the same new file at once can get
// SQLITE_BUSY. Only that step races, so it is retried for a while.
func (db *DB) ping(ctx context.Context) error {
	deadline := time.Now().Add(5 * time.Second)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := db.sql.PingContext(ctx)
		if err == nil || sqliteCode(err)&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// sqlitePool sizes the pool of SQLite connections. Readers never wait in
// WAL mode and writers queue on the busy timeout, so a handful of
// connections is plenty; more would only hold more page caches.
func sqlitePool(conn *sql.DB, source string) {
	n := max(4, runtime.GOMAXPROCS(0))
	if strings.Contains(source, ":memory:") {
		n = 1 // every connection to :memory: is a new, empty database
	}
	conn.SetMaxOpenConns(n)
	conn.SetMaxIdleConns(n)
}

// sqliteDefaults are the settings every SQLite connection gets. Pragmas
// are per connection, so they go in the DSN, which the driver applies to
// each new connection of the pool, rather than being run once after Open.
var sqliteDefaults = []string{
	// Wait up to five seconds for a lock rather than fail at once with
	// SQLITE_BUSY when another connection is writing.
	"busy_timeout(5000)",
	// SQLite does not enforce foreign keys unless asked, for backwards
	// compatibility; the schema relies on them for cascades.
	"foreign_keys(1)",
	// Write-ahead logging lets readers run while one writer writes,
	// which is what a website does all day.
	"journal_mode(WAL)",
	// In WAL mode NORMAL cannot corrupt the database; a power cut may
	// lose the last transactions, in exchange for not syncing on every
	// commit.
	"synchronous(NORMAL)",
	// 16 MB of page cache per connection rather than SQLite's 2 MB: a
	// search of a large archive reads the same index pages query after
	// query (a third faster at 100,000 articles; see bench/). 32 MB
	// searched no faster and, with four connections cycling through a
	// 100,000-article archive, took the process to 312 MB (185 MB now).
	"cache_size(-16384)",
}

// sqliteDSN turns a file path (with optional query) into the driver's DSN
// with Pressroom's defaults, and creates the file's directory. Settings
// already in path win over the defaults.
func sqliteDSN(path string) (string, error) {
	name, query, _ := strings.Cut(path, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", err
	}
	file := strings.TrimPrefix(name, "file:")
	if file == "" {
		return "", errors.New("empty database path")
	}
	if !strings.Contains(file, ":memory:") {
		if err := os.MkdirAll(filepath.Dir(file), 0o750); err != nil {
			return "", err
		}
	}
	given := map[string]bool{}
	for _, p := range q["_pragma"] {
		given[pragmaName(p)] = true
	}
	for _, p := range sqliteDefaults {
		if !given[pragmaName(p)] {
			q.Add("_pragma", p)
		}
	}
	if q.Get("_txlock") == "" {
		// Write transactions take the write lock when they begin, so two
		// writers queue on busy_timeout instead of one failing with
		// SQLITE_BUSY when it tries to upgrade a read lock. Read-only
		// transactions still begin DEFERRED and never wait.
		q.Set("_txlock", "immediate")
	}
	return name + "?" + q.Encode(), nil
}

func pragmaName(p string) string {
	p = strings.ToLower(strings.TrimSpace(p))
	if i := strings.IndexAny(p, "(= "); i >= 0 {
		p = p[:i]
	}
	return p
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Engine returns EngineSQLite or EnginePostgres. It is for logs and
// diagnostics; nothing should behave differently depending on it.
func (db *DB) Engine() string { return db.d.name }

// Ping checks that the database answers, for health checks.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// clock returns the current time as it is stored.
func (db *DB) clock() time.Time { return utc(db.now()) }

// tx is a transaction that speaks the dialect: queries are written with ?
// placeholders and rebound on the way out.
type tx struct {
	sql   *sql.Tx
	d     *dialect
	db    *sql.DB
	stmts *stmtCache

	searchDirty bool // the search catalogue was marked stale; see searchChanged

	keys map[string]struct{} // what readers see that this write changed; see deps.go
	seq  int64               // this write's number in the changes table; see deps.go
}

func (t *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	counted(ctx)
	if st := t.prepared(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.sql.ExecContext(ctx, t.d.rebind(q), args...)
}

func (t *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	counted(ctx)
	if st := t.prepared(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.sql.QueryContext(ctx, t.d.rebind(q), args...)
}

func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	counted(ctx)
	if st := t.prepared(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.sql.QueryRowContext(ctx, t.d.rebind(q), args...)
}

// prepared returns q as a statement of this transaction, prepared once
// per connection rather than for every use (a sixth of an article page's
// time on SQLite went to preparing its fifteen statements), or nil to run
// it unprepared.
func (t *tx) prepared(ctx context.Context, q string) *sql.Stmt {
	if t.stmts == nil || t.db == nil {
		return nil
	}
	st := t.stmts.get(t.db, t.d.rebind(q))
	if st == nil {
		return nil
	}
	return t.sql.StmtContext(ctx, st)
}

type queryCountKey struct{}

// CountQueries returns a context in which the store counts the SQL
// statements it runs, and a function that reads the count: tests hold
// each page to a number of queries that does not grow with what it lists
// (no query per article).
func CountQueries(ctx context.Context) (context.Context, func() int64) {
	var n atomic.Int64
	return context.WithValue(ctx, queryCountKey{}, &n), n.Load
}

func counted(ctx context.Context) {
	if n, ok := ctx.Value(queryCountKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}

// read runs f in a read-only transaction, so that a method's several
// queries see one state of the database.
func (db *DB) read(ctx context.Context, f func(*tx) error) error {
	return db.inTx(ctx, db.d.readTx, f)
}

// write runs f in a read-write transaction, committed when f returns nil.
func (db *DB) write(ctx context.Context, f func(*tx) error) error {
	if db.writers != nil {
		select {
		case db.writers <- struct{}{}:
			defer func() { <-db.writers }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return db.inTx(ctx, nil, f)
}

func (db *DB) inTx(ctx context.Context, opt *sql.TxOptions, f func(*tx) error) error {
	t, err := db.sql.BeginTx(ctx, opt)
	if err != nil {
		return err
	}
	defer t.Rollback() // a no-op after Commit
	w := &tx{sql: t, d: db.d, db: db.sql, stmts: db.stmts}
	err = f(w)
	if err == nil && len(w.keys) > 0 {
		err = w.count(ctx)
	}
	if err == nil {
		err = t.Commit()
	}
	if err == nil && len(w.keys) > 0 {
		db.own(w.seq)
		db.announce(w.keys)
	}
	if err != nil && ctx.Err() != nil {
		// database/sql rolls a transaction back as soon as its context
		// ends; a statement or the commit then fails with "transaction
		// has already been committed or rolled back". The reason is that
		// the caller went away (a reader closed the page), which the web
		// layer answers quietly rather than as a server error.
		return ctx.Err()
	}
	return err
}

// fail wraps err, once, with the operation and its key, after turning
// driver errors into press errors: fail(err, "article %q", slug) reads
// `store: article "x": not found`.
func (db *DB) fail(err error, format string, args ...any) error {
	return fmt.Errorf("store: %s: %w", fmt.Sprintf(format, args...), db.d.classify(err))
}

// placeholders returns "?, ?, …" with n marks, for IN lists.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }
