package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Engine names, as reported by DB.Engine.
const (
	EngineSQLite   = "sqlite"
	EnginePostgres = "postgres"
)

// A dialect is everything that differs between the two engines. Open picks
// one; the rest of the package writes its SQL once, with ? placeholders, and
// asks the dialect whenever the engines disagree, so feature code never
// branches on which engine it runs on.
type dialect struct {
	name   string // EngineSQLite or EnginePostgres
	driver string // database/sql driver name
	// pool, when set, configures the connection pool Open made.
	pool func(db *sql.DB, source string)
	// migrations is the directory of the embedded migrations for this engine.
	migrations string
	// dollar numbers placeholders $1, $2, … instead of ?.
	dollar bool
	// readTx are the options of read-only transactions.
	readTx *sql.TxOptions
	// migrationFKs, when set, are the statements that turn foreign key
	// enforcement off and on around a migration, and the query listing
	// violations checked before it commits. SQLite cannot change a
	// column's constraints in place: a migration rebuilds the table, and
	// dropping the old one with enforcement on would cascade deletes into
	// every table that refers to it. SQLite's own procedure for this is
	// to switch enforcement off for the rebuild, then check.
	migrationFKs *[3]string
	// lockUsers, when set, serialises transactions that decide on the
	// number of users (the first-run set-up). SQLite's writers are
	// serialised already.
	lockUsers string
	// migrationsTable creates the table recording applied migrations.
	// It is not a migration itself because Migrate needs it first.
	migrationsTable string
	// migrateLock, when set, is run first in every migration transaction so
	// that several nodes starting at once apply each migration once.
	migrateLock string
	// lockRow is appended to a SELECT that reads a row the transaction is
	// about to update, so that a concurrent writer waits rather than
	// silently overwriting.
	lockRow string
	// skipLocked is appended to a SELECT … LIMIT that claims queued rows
	// (webhook deliveries) so that concurrent claimers each take rows no
	// other holds, rather than wait and then send the same ones. SQLite
	// needs nothing: its writers take turns.
	skipLocked string
	// textOrder returns an ORDER BY expression sorting column col as
	// readers expect names sorted: case-insensitively.
	textOrder func(col string) string
	// yearMonth returns expressions for the UTC year and month of the
	// time column col, as integers.
	yearMonth func(col string) (year, month string)
	// time encodes a time for a query argument. It is never given the
	// zero time for a nullable column; see nullTime.
	time func(time.Time) any
	// uniqueViolation recognises a driver error breaking a uniqueness
	// constraint; invalidViolation one breaking a foreign key, check or
	// not-null constraint.
	uniqueViolation, invalidViolation func(error) bool
	// search is the engine's full-text index; see search.go.
	search searchEngine
	// catalog reads the schema, for Backup and Restore; see backup.go.
	catalog schemaCatalog
}

// sqliteTimeLayout is how times are stored on SQLite: UTC, fixed width, so
// that comparing and sorting the text compares and sorts the times.
const sqliteTimeLayout = "2006-01-02T15:04:05.000000Z"

var sqliteDialect = &dialect{
	name:         EngineSQLite,
	driver:       "sqlite",
	pool:         sqlitePool,
	migrations:   "migrations/sqlite",
	readTx:       &sql.TxOptions{ReadOnly: true},
	migrationFKs: &[3]string{"PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON", "PRAGMA foreign_key_check"},
	migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		name       TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL
	) STRICT`,
	// SQLite serialises writers already: write transactions BEGIN
	// IMMEDIATE (see sqliteDSN), so no lock statements are needed.
	textOrder: func(col string) string {
		// NOCASE is SQLite's only built-in case-insensitive collation; it
		// folds ASCII letters only, which is what PostgreSQL's
		// lower(…) COLLATE "C" does for ASCII too, so both engines list
		// names in the same order.
		return col + " COLLATE NOCASE"
	},
	yearMonth: func(col string) (string, string) {
		return "CAST(substr(" + col + ", 1, 4) AS INTEGER)", "CAST(substr(" + col + ", 6, 2) AS INTEGER)"
	},
	time: func(t time.Time) any { return utc(t).Format(sqliteTimeLayout) },
	uniqueViolation: func(err error) bool {
		code := sqliteCode(err)
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	},
	invalidViolation: func(err error) bool {
		code := sqliteCode(err)
		return code == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY || code == sqlite3.SQLITE_CONSTRAINT_CHECK ||
			code == sqlite3.SQLITE_CONSTRAINT_NOTNULL
	},
	search:  sqliteSearch{},
	catalog: sqliteCatalog{},
}

var postgresDialect = &dialect{
	name:       EnginePostgres,
	driver:     "pgx",
	migrations: "migrations/postgres",
	dollar:     true,
	// Reads of one method see one snapshot, as they do on SQLite, where a
	// read transaction always does.
	readTx: &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead},
	migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		name       TEXT PRIMARY KEY,
		applied_at TIMESTAMPTZ NOT NULL
	)`,
	// The key is arbitrary but fixed: every Pressroom node must use the same.
	migrateLock: "SELECT pg_advisory_xact_lock(7305108270711466605)",
	lockUsers:   "LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE",
	lockRow:     " FOR UPDATE",
	skipLocked:  " FOR UPDATE SKIP LOCKED",
	textOrder: func(col string) string {
		// lower() folds case with the database's ctype; COLLATE "C" then
		// compares code points, which matches SQLite's NOCASE for ASCII
		// and does not depend on which locales the server has installed.
		return "lower(" + col + `) COLLATE "C"`
	},
	yearMonth: func(col string) (string, string) {
		return "CAST(EXTRACT(YEAR FROM " + col + " AT TIME ZONE 'UTC') AS INTEGER)",
			"CAST(EXTRACT(MONTH FROM " + col + " AT TIME ZONE 'UTC') AS INTEGER)"
	},
	time: func(t time.Time) any { return utc(t) },
	uniqueViolation: func(err error) bool {
		return pgCode(err) == "23505"
	},
	invalidViolation: func(err error) bool {
		switch pgCode(err) {
		case "23503", "23514", "23502": // foreign key, check, not null
			return true
		}
		return false
	},
	search:  postgresSearch{},
	catalog: postgresCatalog{},
}

func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

func pgCode(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// classify turns a driver error into one the rest of Pressroom understands:
// no rows is press.ErrNotFound, a uniqueness violation press.ErrConflict, a
// broken reference or check press.ErrInvalid. Other errors pass unchanged.
func (d *dialect) classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return press.ErrNotFound
	case d.uniqueViolation(err):
		return fmt.Errorf("%w: %w", press.ErrConflict, err)
	case d.invalidViolation(err):
		return fmt.Errorf("%w: %w", press.ErrInvalid, err)
	}
	return err
}

// nullTime encodes t for a nullable column: the zero time is NULL.
func (d *dialect) nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return d.time(t)
}

// rebind rewrites the ? placeholders of q for the engine. Question marks
// inside quoted strings and identifiers are left alone.
func (d *dialect) rebind(q string) string {
	if !d.dollar || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	var quote byte // the quote character we are inside, or 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0 // a doubled quote reopens at once: same result
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// utc returns t in UTC truncated to microseconds, the precision both
// engines keep, so that a stored time reads back equal to what was written.
func utc(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// timeScanner scans a time column of either engine into *t: a time.Time
// (PostgreSQL), the fixed-width text SQLite stores, or NULL (the zero time).
// Scanned times are in UTC.
type timeScanner struct{ t *time.Time }

func scanTime(t *time.Time) timeScanner { return timeScanner{t} }

func (s timeScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = utc(v)
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("store: cannot scan %T into a time", src)
	}
	return nil
}

func (s timeScanner) parse(v string) error {
	t, err := time.Parse(sqliteTimeLayout, v)
	if err != nil {
		// Accept any RFC 3339 time too, as written by hand or by an
		// older tool, rather than fail a whole listing.
		if t, err = time.Parse(time.RFC3339Nano, v); err != nil {
			return fmt.Errorf("store: bad stored time %q", v)
		}
	}
	*s.t = utc(t)
	return nil
}
