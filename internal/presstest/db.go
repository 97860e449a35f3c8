// Package presstest is Pressroom's test harness: stores on every engine,
// clocks, and (in other files) fixtures and running servers.
package presstest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/store"
)

// PostgresEnv names the environment variable holding the URL of a
// PostgreSQL server for tests, such as
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable. The user
// must be allowed to create databases. Without it, PostgreSQL tests are
// skipped, except under CI=true, where they fail: CI must test both engines.
const PostgresEnv = "PRESSROOM_TEST_POSTGRES"

// Engines are the engines ForEachEngine runs a test on.
var Engines = []string{store.EngineSQLite, store.EnginePostgres}

// ForEachEngine runs f as parallel subtests named after each engine, each
// with a fresh, migrated store of its own, like net/http's tests run each
// test over HTTP/1 and HTTP/2.
func ForEachEngine(t *testing.T, f func(t *testing.T, db *store.DB), opts ...Option) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			f(t, MustStore(t, engine, opts...))
		})
	}
}

// An Option adjusts a store made by MustStore.
type Option func(*config)

type config struct {
	now   func() time.Time
	clock *time.Time // WithClock's start
}

// WithNow makes the store read the time from now.
func WithNow(now func() time.Time) Option {
	return func(c *config) { c.now, c.clock = now, nil }
}

// WithClock gives each store its own Clock, starting at start, which
// stands still until the test moves it; ClockOf returns it. Each store
// gets its own so that parallel subtests do not move each other's time.
func WithClock(start time.Time) Option {
	return func(c *config) { c.now, c.clock = nil, &start }
}

// Clock is a settable clock for tests. It is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock forward by d and returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

// clocks maps a store made with WithClock to its clock.
var clocks sync.Map // *store.DB → *Clock

// ClockOf returns the clock of db, which MustStore made WithClock.
func ClockOf(t testing.TB, db *store.DB) *Clock {
	t.Helper()
	c, ok := clocks.Load(db)
	if !ok {
		t.Fatal("presstest: the store was not made WithClock")
	}
	return c.(*Clock)
}

// MustStore returns a migrated, empty store on engine (store.EngineSQLite
// or store.EnginePostgres), closed and removed when the test ends. SQLite
// stores are a file in t.TempDir(); PostgreSQL stores a database of their
// own, copied from a template migrated once per test binary. See
// PostgresEnv for when PostgreSQL tests skip.
func MustStore(t testing.TB, engine string, opts ...Option) *store.DB {
	t.Helper()
	var c config
	for _, o := range opts {
		o(&c)
	}
	var opt store.Options
	opt.Now = c.now
	var clock *Clock
	if c.clock != nil {
		clock = NewClock(*c.clock)
		opt.Now = clock.Now
	}
	ctx := context.Background()
	var db *store.DB
	switch engine {
	case store.EngineSQLite:
		var err error
		db, err = store.Open(ctx, filepath.Join(t.TempDir(), "pressroom.db"), opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	case store.EnginePostgres:
		db = postgresStore(t, opt)
	default:
		t.Fatalf("presstest: unknown engine %q", engine)
	}
	if clock != nil {
		clocks.Store(db, clock)
		t.Cleanup(func() { clocks.Delete(db) })
	}
	return db
}

// MustEmptyDSN returns the DSN of a new, empty database on engine, not
// migrated, removed when the test ends: for tests of Migrate and of
// commands that open a database themselves.
func MustEmptyDSN(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case store.EngineSQLite:
		return filepath.Join(t.TempDir(), "pressroom.db")
	case store.EnginePostgres:
		pgNeed(t)
		name := pg.base + "_" + strconv.FormatInt(pg.n.Add(1), 10)
		ctx := context.Background()
		if _, err := pg.admin.ExecContext(ctx, "CREATE DATABASE "+ident(name)+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
			t.Fatalf("presstest: create database: %v", err)
		}
		t.Cleanup(func() { pgDrop(t, name) })
		return pgURL(name)
	}
	t.Fatalf("presstest: unknown engine %q", engine)
	return ""
}

// Main runs the tests of a package that uses PostgreSQL stores and then
// drops the template database. Call it from TestMain:
//
//	func TestMain(m *testing.M) { presstest.Main(m) }
//
// Without it, the template outlives the test binary until a later run
// clears it away.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run runs the tests and then releases what the harness shared across
// them (the PostgreSQL template, the browser), returning the exit code. Use
// it from a TestMain that has its own setting up and cleaning to do.
func Run(m *testing.M) int {
	code := m.Run()
	pg.close()
	CloseBrowser()
	return code
}

// dbPrefix starts the name of every database the harness creates, so that
// ones left behind by crashed runs can be found.
const dbPrefix = "pressroom_test_"

// pg is the PostgreSQL side of the harness, shared by the whole test binary.
var pg pgHarness

type pgHarness struct {
	once     sync.Once
	err      error
	server   *url.URL
	admin    *sql.DB // on the database named in PostgresEnv
	base     string  // the name of this binary's databases, less a suffix
	template string
	mu       sync.Mutex // PostgreSQL refuses to copy a template twice at once
	n        atomic.Int64
}

// pgNeed skips or fails t when there is no PostgreSQL to test on, and
// otherwise sets the harness up, once.
func pgNeed(t testing.TB) {
	t.Helper()
	if os.Getenv(PostgresEnv) == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("presstest: %s is not set; CI must test PostgreSQL", PostgresEnv)
		}
		t.Skipf("presstest: %s is not set; skipping PostgreSQL", PostgresEnv)
	}
	pg.once.Do(func() { pg.err = pgSetUp() })
	if pg.err != nil {
		t.Fatal(pg.err)
	}
}

func postgresStore(t testing.TB, opt store.Options) *store.DB {
	t.Helper()
	pgNeed(t)
	ctx := context.Background()
	name := pg.base + "_" + strconv.FormatInt(pg.n.Add(1), 10)
	pg.mu.Lock()
	_, err := pg.admin.ExecContext(ctx, "CREATE DATABASE "+ident(name)+" TEMPLATE "+ident(pg.template))
	pg.mu.Unlock()
	if err != nil {
		t.Fatalf("presstest: create database: %v", err)
	}
	db, err := store.Open(ctx, pgURL(name), opt)
	if err != nil {
		pgDrop(t, name)
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		pgDrop(t, name)
	})
	return db
}

// pgDrop drops a test's database; FORCE ends connections still open.
func pgDrop(t testing.TB, name string) {
	_, err := pg.admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)")
	if err != nil {
		t.Errorf("presstest: drop database: %v", err)
	}
}

// pgSetUp connects to the server, clears away databases that crashed runs
// left behind, and creates and migrates this binary's template.
func pgSetUp() error {
	ctx := context.Background()
	u, err := url.Parse(os.Getenv(PostgresEnv))
	if err != nil {
		return fmt.Errorf("presstest: %s: %w", PostgresEnv, err)
	}
	pg.server = u
	if pg.admin, err = sql.Open("pgx", u.String()); err != nil {
		return fmt.Errorf("presstest: %w", err)
	}
	if err := pg.admin.PingContext(ctx); err != nil {
		return fmt.Errorf("presstest: %s: %w", PostgresEnv, err)
	}
	if err := pgSweep(ctx); err != nil {
		return err
	}
	var random [3]byte
	rand.Read(random[:])
	pg.base = fmt.Sprintf("%s%d_%s_%d_%s", dbPrefix, time.Now().Unix(), hostTag(), os.Getpid(), hex.EncodeToString(random[:]))
	pg.template = pg.base + "_t"
	// template0 is never connected to, so copying it cannot fail because
	// someone else is using it, as copying the default template1 can.
	_, err = pg.admin.ExecContext(ctx, "CREATE DATABASE "+ident(pg.template)+" TEMPLATE template0 ENCODING 'UTF8'")
	if err != nil {
		return fmt.Errorf("presstest: create template: %w", err)
	}
	db, err := store.Open(ctx, pgURL(pg.template), store.Options{})
	if err != nil {
		return err
	}
	_, err = db.Migrate(ctx)
	// A template must have no connections when it is copied.
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// pgSweep drops the databases of earlier test binaries that did not clean
// up after themselves: those over an hour old, and those of a binary on
// this machine that is no longer running, unless someone is connected.
func pgSweep(ctx context.Context) error {
	rows, err := pg.admin.QueryContext(ctx, `SELECT d.datname,
			(SELECT COUNT(*) FROM pg_stat_activity a WHERE a.datname = d.datname)
		FROM pg_database d WHERE starts_with(d.datname, $1)`, dbPrefix)
	if err != nil {
		return fmt.Errorf("presstest: list databases: %w", err)
	}
	var stale []string
	for rows.Next() {
		var name string
		var conns int
		if err := rows.Scan(&name, &conns); err != nil {
			rows.Close()
			return err
		}
		// pressroom_test_<unix>_<host>_<pid>_<random>_<suffix>
		parts := strings.Split(strings.TrimPrefix(name, dbPrefix), "_")
		if len(parts) != 5 {
			continue
		}
		created, err1 := strconv.ParseInt(parts[0], 10, 64)
		pid, err2 := strconv.Atoi(parts[2])
		if err1 != nil || err2 != nil {
			continue
		}
		old := time.Since(time.Unix(created, 0)) > time.Hour
		orphan := parts[1] == hostTag() && !alive(pid) && conns == 0
		if old || orphan {
			stale = append(stale, name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range stale {
		// Another binary may be sweeping the same database right now.
		if _, err := pg.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("presstest: drop stale database: %w", err)
		}
	}
	return nil
}

// close drops the template and disconnects. Tests' own databases are
// gone already: their cleanups ran before m.Run returned.
func (p *pgHarness) close() {
	if p.admin == nil {
		return
	}
	if p.template != "" {
		p.admin.Exec("DROP DATABASE IF EXISTS " + ident(p.template) + " WITH (FORCE)")
	}
	p.admin.Close()
}

// hostTag names this machine in database names, so that a sweep judges
// only its own machine's process IDs.
func hostTag() string {
	name, _ := os.Hostname()
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("%06x", h.Sum32()&0xffffff)
}

// alive reports whether a process with the given ID runs on this machine.
// When it cannot tell, it says yes: better leave a database than drop one
// in use.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return !errors.Is(err, os.ErrProcessDone) && !errors.Is(err, syscall.ESRCH)
}

// pgURL is the server's URL with the database name.
func pgURL(name string) string {
	u := *pg.server
	u.Path = "/" + name
	return u.String()
}

// ident quotes a PostgreSQL identifier.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
