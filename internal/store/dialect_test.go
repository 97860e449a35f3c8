package store

import (
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRebind(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' AND y = ?", "x = '?' AND y = $1"},
		{`"we?rd" = ? AND z = 'it''s ?' AND w IN (?, ?)`, `"we?rd" = $1 AND z = 'it''s ?' AND w IN ($2, $3)`},
	}
	for _, tt := range tests {
		if got := postgresDialect.rebind(tt.in); got != tt.want {
			t.Errorf("postgres rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := sqliteDialect.rebind(tt.in); got != tt.in {
			t.Errorf("sqlite rebind(%q) = %q, want it unchanged", tt.in, got)
		}
	}
}

func TestTimeScanner(t *testing.T) {
	t.Parallel()
	want := time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)
	in := time.Date(2026, 3, 14, 12, 26, 53, 589793238, time.FixedZone("EAT", 3*3600))
	for _, src := range []any{in, want.Format(sqliteTimeLayout), []byte(want.Format(sqliteTimeLayout)), "2026-03-14T12:26:53.589793+03:00"} {
		var got time.Time
		if err := scanTime(&got).Scan(src); err != nil {
			t.Fatalf("Scan(%v): %v", src, err)
		}
		if !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("Scan(%v) = %v, want %v", src, got, want)
		}
	}
	got := time.Now()
	if err := scanTime(&got).Scan(nil); err != nil || !got.IsZero() {
		t.Errorf("Scan(nil) = %v, %v; want the zero time", got, err)
	}
	if err := scanTime(&got).Scan("yesterday"); err == nil {
		t.Error("Scan(yesterday) succeeded")
	}
	// The stored text must sort as the times do.
	a := sqliteDialect.time(time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC)).(string)
	b := sqliteDialect.time(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).(string)
	c := sqliteDialect.time(time.Date(2026, 1, 1, 0, 0, 0, 1000, time.UTC)).(string)
	if !(a < b && b < c) || len(b) != len(c) {
		t.Errorf("stored times do not sort: %q %q %q", a, b, c)
	}
}

func TestSQLiteDSN(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "new", "sub", "p.db")
	dsn, err := sqliteDSN(path + "?_pragma=busy_timeout(100)&_txlock=deferred")
	if err != nil {
		t.Fatal(err)
	}
	name, query, _ := strings.Cut(dsn, "?")
	if name != path {
		t.Errorf("path = %q, want %q", name, path)
	}
	q, _ := url.ParseQuery(query)
	want := []string{"busy_timeout(100)", "foreign_keys(1)", "journal_mode(WAL)", "synchronous(NORMAL)", "cache_size(-16384)"}
	if diff := cmp.Diff(want, q["_pragma"]); diff != "" {
		t.Errorf("pragmas (-want +got):\n%s", diff)
	}
	if got := q.Get("_txlock"); got != "deferred" {
		t.Errorf("_txlock = %q, want the given deferred", got)
	}
	if _, err := fs.Stat(os.DirFS(dir), "new/sub"); err != nil {
		t.Errorf("parent directory not created: %v", err)
	}
}

// TestMigrationFiles checks that both engines have the same migrations
// under the same names, so a schema change cannot reach only one.
func TestMigrationFiles(t *testing.T) {
	t.Parallel()
	lite, err := migrationNames(sqliteDialect)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := migrationNames(postgresDialect)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(lite, pg); diff != "" {
		t.Errorf("migrations differ (-sqlite +postgres):\n%s", diff)
	}
	if len(lite) == 0 || lite[0] != "0001_init" {
		t.Errorf("migrations = %v, want 0001_init first", lite)
	}
}
