package presstest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// SitemapSchema returns the path of one of the sitemap XML schemas kept in
// ../shared/testdata/sitemaps beside the repository (read in place, never
// copied), e.g. SitemapSchema(t, "sitemap-all.xsd"). When the folder is
// not there the test skips, except under CI=true, where it fails.
func SitemapSchema(t testing.TB, name string) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(root, "..", "shared", "testdata", "sitemaps", name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("sitemap schema %s: %v", name, err)
		}
		t.Skipf("sitemap schema %s is not there (the shared test data sits beside the repository): %v", name, err)
	}
	return p
}

// MustMatchSchema validates doc against the XML schema at xsd with
// xmllint --noout --nonet --schema, failing t with xmllint's report when
// it does not validate. Without xmllint (Debian's libxml2-utils) the test
// skips, except under CI=true, where it fails: .ci/run installs it.
func MustMatchSchema(t testing.TB, xsd string, doc []byte) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint not found (apt-get install libxml2-utils)")
		}
		t.Skip("xmllint not found (apt-get install libxml2-utils)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--noout", "--nonet", "--schema", xsd, "-")
	cmd.Stdin = bytes.NewReader(doc)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("xmllint --schema %s: %v\n%s\ndocument:\n%.1500s", filepath.Base(xsd), err, out, doc)
	}
}

// repoRoot finds the repository's root: the nearest directory above the
// test's working directory that holds go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
