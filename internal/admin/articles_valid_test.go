package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestArticlePagesValid runs the W3C checker over the article list, the
// trash, the editor (new, with field errors, after a conflict, with notes
// and a preview link) and the revision pages, fetched by a signed-in
// editor.
func TestArticlePagesValid(t *testing.T) {
	t.Parallel()
	check := presstest.MustHTMLChecker(t)
	s := presstest.MustDemoSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	a := mustArticle(t, s, ed, press.Article{Title: "Checked " + evil, Dek: evil, Body: press.Markdown{Source: "One.\n\nTwo " + evil},
		Status: press.StatusScheduled, PublishedAt: time.Now().Add(time.Hour)})
	s.Newsroom.AddNote(context.Background(), &ed, &press.Note{ArticleID: a.ID, Body: evil, Anchor: "One."})
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	add := func(name string, status int, res *http.Response, body string) {
		t.Helper()
		if res.StatusCode != status {
			t.Fatalf("%s: %d, want %d", name, res.StatusCode, status)
		}
		check.AddPage(name, body)
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

	check.Check()
}
