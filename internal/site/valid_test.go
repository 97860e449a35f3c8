package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestHTMLValid runs the W3C's Nu Html Checker (vnu.jar, from npm's
// vnu-jar) over every kind of page. PRESSROOM_VNU_JAR names the jar;
// without it the test skips, except under CI=true, where .ci/run installs it.
func TestHTMLValid(t *testing.T) {
	t.Parallel()
	jar := os.Getenv("PRESSROOM_VNU_JAR")
	if jar == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("PRESSROOM_VNU_JAR is not set")
		}
		t.Skip("PRESSROOM_VNU_JAR is not set (npm install vnu-jar; see .ci/run)")
	}
	dir := t.TempDir()
	var files []string
	save := func(url string, status int) {
		d := presstest.MustGet(t, url, status)
		f := filepath.Join(dir, fmt.Sprintf("%03d-%s.html", len(files), strings.NewReplacer("/", "_", "?", "_", ":", "_").Replace(url)))
		if err := os.WriteFile(f, []byte(d.Body), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	s := mustFixtureSite(t)
	for _, p := range []string{"/", "/articles/water-war", "/authors/ana-ruiz", "/authors", "/regions", "/regions/syria",
		"/archive", "/archive/2026/03", "/about"} {
		save(s.URL+p, http.StatusOK)
	}
	save(s.URL+"/nope", http.StatusNotFound)
	// Every demo article and page: real Markdown with tables, footnotes,
	// quotes and lists, through the whole pipeline.
	demo := presstest.MustDemoSite(t)
	list, err := demo.DB.Articles(context.Background(), press.ArticleFilter{Status: press.StatusPublished, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list.Articles {
		save(demo.URL+press.ArticlePath(a.Slug), http.StatusOK)
	}
	pages, err := demo.DB.Pages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		save(demo.URL+press.PagePath(p.Slug), http.StatusOK)
	}
	save(demo.URL+"/", http.StatusOK)
	if len(files) < 60 {
		t.Fatalf("only %d pages to check; the demo should give more than 60", len(files))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// vnu exits 1 when it finds errors; the JSON report says which.
	out, _ := exec.CommandContext(ctx, "java", append([]string{"-jar", jar, "--format", "json", "--stdout"}, files...)...).Output()
	var report struct {
		Messages []struct {
			Type, SubType, Message, URL, Extract string
			LastLine                             int
		}
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("reading vnu's report: %v\n%s", err, out)
	}
	for _, m := range report.Messages {
		if m.Type == "error" || m.SubType == "warning" {
			t.Errorf("%s:%d: %s: %s\n\t%s", filepath.Base(m.URL), m.LastLine, m.Type+m.SubType, m.Message, m.Extract)
		}
	}
}
