package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/presstest"
)

// samplePaths are pages of the demo site compared across a backup and
// restore or an export and import.
var samplePaths = []string{
	"articles/orontes-irrigation-permits",
	"articles/balkan-route-waiting-rooms",
	"articles/karez-western-afghanistan",
	"authors/amira-haddad",
	"regions/syria",
	"about",
}

// sameSite fails t unless the two running sites serve the same samples.
func sameSite(t *testing.T, want, got *proc) {
	t.Helper()
	for _, p := range samplePaths {
		wc, wb := get(t, want.URL+p)
		gc, gb := get(t, got.URL+p)
		wb, gb = presstest.WithoutFormStamp(wb), presstest.WithoutFormStamp(gb)
		if wc != 200 || gc != wc || gb != wb {
			t.Errorf("GET /%s: %d, then %d; same body: %v", p, wc, gc, gb == wb)
		}
	}
}

// TestBackupServingSQLiteRestorePostgres backs up a demo site on SQLite
// while it serves, restores the backup into an empty PostgreSQL database
// and serves that: the pages are the same.
func TestBackupServingSQLiteRestorePostgres(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	env := []string{"PRESSROOM_DATA=" + data}
	src := startServer(t, env, "--demo")
	file := filepath.Join(t.TempDir(), "site.backup")
	if out, errs, code := command(t, env, "backup", file); code != 0 {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errs)
	}
	pg := presstest.MustEmptyDSN(t, "postgres")
	if out, errs, code := command(t, nil, "restore", file, "--db", pg); code != 0 || !strings.Contains(out, "restored") {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errs)
	}
	_, errs, code := command(t, nil, "restore", file, "--db", pg)
	if code != 1 || !strings.Contains(errs, "not empty") || !strings.Contains(errs, "nothing was changed") {
		t.Errorf("restore into a store with content: exit %d\n%s", code, errs)
	}
	dst := startServer(t, []string{"PRESSROOM_DATA=" + data}, "--db", pg)
	sameSite(t, src, dst)
	dst.stop(t)
	src.stop(t)

	// Standard output and input work too, back into SQLite.
	out, errs, code := command(t, []string{"PRESSROOM_DB=" + pg}, "backup", "-")
	if code != 0 || len(out) < 1000 {
		t.Fatalf("backup -: exit %d, %d bytes\n%s", code, len(out), errs)
	}
	restore := exec.Command(binary, "restore", "-", "--data", t.TempDir())
	restore.Env = cleanEnv()
	restore.Stdin = strings.NewReader(out)
	if b, err := restore.CombinedOutput(); err != nil || !strings.Contains(string(b), "restored - into sqlite") {
		t.Errorf("restore - of the PostgreSQL backup into SQLite: %v\n%s", err, b)
	}
}

// TestExportImportMarkdown exports the demo site as Markdown, imports it
// into a new data directory and serves both: the pages are the same.
func TestExportImportMarkdown(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	env := []string{"PRESSROOM_DATA=" + data}
	src := startServer(t, env, "--demo")
	dir := filepath.Join(t.TempDir(), "export")
	out, errs, code := command(t, env, "export", "markdown", dir)
	if code != 0 || !strings.Contains(out, "exported") {
		t.Fatalf("export markdown: exit %d\n%s%s", code, out, errs)
	}
	if _, errs, code := command(t, env, "export", "markdown", dir); code != 1 || !strings.Contains(errs, "--force") {
		t.Errorf("export into a folder with files: exit %d\n%s", code, errs)
	}
	fresh := t.TempDir()
	if out, errs, code := command(t, []string{"PRESSROOM_DATA=" + fresh}, "import", "markdown", dir); code != 0 {
		t.Fatalf("import markdown: exit %d\n%s%s", code, out, errs)
	}
	if err := os.Rename(filepath.Join(dir, "media"), filepath.Join(fresh, "media")); err != nil {
		t.Fatal(err)
	}
	dst := startServer(t, []string{"PRESSROOM_DATA=" + fresh})
	sameSite(t, src, dst)
	if code, _ := get(t, dst.URL+"media/demo/logo.svg"); code != 200 {
		t.Errorf("exported media: logo %d", code)
	}
	dst.stop(t)
	src.stop(t)

	out, errs, code = command(t, env, "export", "json", "-")
	var doc struct {
		Format   string
		Articles []struct{ Slug string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 || doc.Format != "pressroom-export" || len(doc.Articles) < 50 {
		t.Errorf("export json -: exit %d, %v, %d articles\n%s", code, err, len(doc.Articles), errs)
	}
}
