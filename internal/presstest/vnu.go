package presstest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// HTMLChecker collects pages and runs the W3C Nu Html Checker (vnu.jar,
// from npm's vnu-jar) over all of them at once: Java starts once, not once
// per page.
type HTMLChecker struct {
	t     testing.TB
	jar   string
	dir   string
	files []string
}

// MustHTMLChecker returns a checker, or skips t when PRESSROOM_VNU_JAR is
// not set, except under CI=true, where .ci/run installs it and a missing
// jar is a failure.
func MustHTMLChecker(t testing.TB) *HTMLChecker {
	t.Helper()
	jar := os.Getenv("PRESSROOM_VNU_JAR")
	if jar == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("PRESSROOM_VNU_JAR is not set")
		}
		t.Skip("PRESSROOM_VNU_JAR is not set (npm install vnu-jar; see .ci/run)")
	}
	return &HTMLChecker{t: t, jar: jar, dir: t.TempDir()}
}

// Add fetches url, expecting status, and keeps the page for Check.
func (c *HTMLChecker) Add(url string, status int) {
	c.t.Helper()
	f := filepath.Join(c.dir, fmt.Sprintf("%03d.html", len(c.files)))
	if err := os.WriteFile(f, []byte(MustGet(c.t, url, status).Body), 0o644); err != nil {
		c.t.Fatal(err)
	}
	c.files = append(c.files, f)
}

// AddPage keeps a page fetched some other way (by a signed-in client, say)
// for Check; name says which page it was in reports.
func (c *HTMLChecker) AddPage(name, body string) {
	c.t.Helper()
	f := filepath.Join(c.dir, fmt.Sprintf("%03d-%s.html", len(c.files), name))
	if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
		c.t.Fatal(err)
	}
	c.files = append(c.files, f)
}

// Len is how many pages were added.
func (c *HTMLChecker) Len() int { return len(c.files) }

// Check runs the checker and reports every error and warning as a test
// error naming the page's file and line.
func (c *HTMLChecker) Check() {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// vnu exits 1 when it finds errors; the JSON report says which.
	out, _ := exec.CommandContext(ctx, "java", append([]string{"-jar", c.jar, "--format", "json", "--stdout"}, c.files...)...).Output()
	var report struct {
		Messages []struct {
			Type, SubType, Message, URL, Extract string
			LastLine                             int
		}
	}
	if err := json.Unmarshal(out, &report); err != nil {
		c.t.Fatalf("reading vnu's report: %v\n%s", err, out)
	}
	for _, m := range report.Messages {
		if m.Type == "error" || m.SubType == "warning" {
			c.t.Errorf("%s:%d: %s: %s\n\t%s", filepath.Base(m.URL), m.LastLine, m.Type+m.SubType, m.Message, m.Extract)
		}
	}
}
