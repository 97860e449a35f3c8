package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// files parses a tree written as one string, in the manner of txtar: each
// file starts with a line "-- path --" and runs to the next such line.
// Text before the first marker is a comment and ignored.
func files(tb testing.TB, archive string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	var name string
	var body strings.Builder
	flush := func() {
		if name != "" {
			out[name] = body.String()
		}
		body.Reset()
	}
	for line := range strings.Lines(archive) {
		trimmed := strings.TrimRight(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush()
			name = strings.TrimSpace(trimmed[3 : len(trimmed)-3])
			if _, dup := out[name]; dup {
				tb.Fatalf("archive names %s twice", name)
			}
			continue
		}
		body.WriteString(line)
	}
	flush()
	return out
}

// MustTree writes archive into a new temporary folder and returns it.
func MustTree(tb testing.TB, archive string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, body := range files(tb, archive) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// MustFS returns archive as an in-memory file system.
func MustFS(tb testing.TB, archive string) fstest.MapFS {
	tb.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files(tb, archive) {
		fsys[name] = &fstest.MapFile{Data: []byte(body), Mode: 0o644}
	}
	return fsys
}
