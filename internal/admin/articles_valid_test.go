package admin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestArticlePagesValid runs the W3C checker over the article list, the
// trash, the editor (new, with field errors, after a conflict, with notes
// and a preview link) and the revision pages. presstest.HTMLChecker
// fetches pages without a session, so the pages are fetched here and
// checked the same way.
func TestArticlePagesValid(t *testing.T) {
	t.Parallel()
	jar := os.Getenv("PRESSROOM_VNU_JAR")
	if jar == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("PRESSROOM_VNU_JAR is not set")
		}
		t.Skip("PRESSROOM_VNU_JAR is not set (npm install vnu-jar; see .ci/run)")
	}
	s := presstest.MustDemoSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	a := mustArticle(t, s, ed, press.Article{Title: "Checked " + evil, Dek: evil, Body: press.Markdown{Source: "One.\n\nTwo " + evil},
		Status: press.StatusScheduled, PublishedAt: time.Now().Add(time.Hour)})
	s.Newsroom.AddNote(context.Background(), &ed, &press.Note{ArticleID: a.ID, Body: evil, Anchor: "One."})
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	dir := t.TempDir()
	var files []string
	add := func(name string, status int, res *http.Response, body string) {
		t.Helper()
		if res.StatusCode != status {
			t.Fatalf("%s: %d, want %d", name, res.StatusCode, status)
		}
		f := filepath.Join(dir, name+".html")
		os.WriteFile(f, []byte(body), 0o644)
		files = append(files, f)
	}
	get := func(name, p string) {
		res, body := ec.Get(p)
		add(name, http.StatusOK, res, body)
	}
	get("list", "/admin/articles")
	get("list-filtered", "/admin/articles?status=published&sort=title&page=2")
	get("new", "/admin/articles/new")
	get("edit", path(a.ID, ""))
	res, body := ec.Post(path(a.ID, "/preview-links"), nil)
	add("link", http.StatusCreated, res, body)
	form := editorForm(t, body)
	form.Set("title", "")
	form.Set("source_url", "nope")
	form.Set("action", "save")
	res, body = ec.Post(path(a.ID, ""), form)
	add("invalid", http.StatusUnprocessableEntity, res, body)
	form.Set("title", "Mine")
	form.Set("version", strconv.Itoa(a.Version))
	ec2 := presstest.MustSignIn(t, s.URL, ed.Email)
	_, b2 := ec2.Get(path(a.ID, ""))
	f2 := editorForm(t, b2)
	f2.Set("action", "save")
	f2.Set("body", "Theirs.")
	ec2.Post(path(a.ID, ""), f2)
	form.Set("source_url", "")
	res, body = ec.Post(path(a.ID, ""), form)
	add("conflict", http.StatusConflict, res, body)
	get("revisions", path(a.ID, "/revisions"))
	revs, _ := s.DB.Revisions(t.Context(), a.ID)
	get("diff", path(a.ID, "/revisions/compare?"+url.Values{"from": {fmt.Sprint(revs[len(revs)-1].ID)}, "to": {fmt.Sprint(revs[0].ID)}}.Encode()))
	ec.Post(path(a.ID, "/trash"), nil)
	get("trash", "/admin/articles?status=trash")

	out, _ := exec.CommandContext(t.Context(), "java", append([]string{"-jar", jar, "--format", "json", "--stdout"}, files...)...).Output()
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
