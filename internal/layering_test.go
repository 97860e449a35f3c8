package internal_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering keeps the package rules of the style guide true: the domain
// package takes only the standard library; the store never serves HTTP;
// editorial operations never know about HTTP; the front doors never touch
// SQL.
func TestLayering(t *testing.T) {
	const mod = "github.com/pressroomhq/pressroom/"
	rules := []struct {
		pkg        string
		forbidden  []string
		stdlibOnly bool     // nothing outside the standard library…
		allow      []string // …but these packages of ours
	}{
		{pkg: "internal/press", stdlibOnly: true},
		{pkg: "internal/store", forbidden: []string{"net/http"}},
		{pkg: "internal/newsroom", forbidden: []string{"net/http"}},
		{pkg: "internal/importer", forbidden: []string{"net/http", "database/sql"}},
		{pkg: "internal/exporter", forbidden: []string{"net/http", "database/sql"}},
		{pkg: "internal/wxr", forbidden: []string{"net/http", "database/sql", mod + "internal/store"}},
		{pkg: "internal/wphtml", forbidden: []string{"net/http", "database/sql", mod + "internal/store"}},
		{pkg: "internal/markdown", forbidden: []string{"net/http", "database/sql"}},
		{pkg: "internal/feed", forbidden: []string{"net/http", "database/sql", mod + "internal/store"}},
		{pkg: "internal/site", forbidden: []string{"database/sql"}},
		{pkg: "internal/theme", forbidden: []string{"database/sql"}},
		{pkg: "internal/web", forbidden: []string{"database/sql"}},
		{pkg: "internal/api", forbidden: []string{"database/sql"}},
		{pkg: "internal/admin", forbidden: []string{"database/sql"}},
		{pkg: "internal/adminapi", forbidden: []string{"database/sql"}},
		{pkg: "internal/webhook", forbidden: []string{"database/sql"}},
		{pkg: "internal/payment", forbidden: []string{"database/sql", mod + "internal/store"}},
		{pkg: "internal/auth", forbidden: []string{"net/http", "database/sql"}},
		{pkg: "internal/feed", forbidden: []string{"database/sql", "net/http"}},
		{pkg: "internal/cite", stdlibOnly: true, allow: []string{"internal/press"}},
	}
	for _, r := range rules {
		// The standard-library rule holds for every dependency; the
		// others for what the package itself imports (the site reaches
		// database/sql through the store, which is the point).
		out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "../"+r.pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", r.pkg, err)
		}
		for _, path := range strings.Fields(string(out)) {
			allowed := path == mod+r.pkg
			for _, a := range r.allow {
				allowed = allowed || path == mod+a
			}
			if r.stdlibOnly && !allowed {
				t.Errorf("%s depends on %s; it may use only the standard library", r.pkg, path)
			}
		}
		out, err = exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, "../"+r.pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", r.pkg, err)
		}
		for _, path := range strings.Fields(string(out)) {
			for _, f := range r.forbidden {
				if path == f {
					t.Errorf("%s imports %s", r.pkg, f)
				}
			}
		}
	}
}
