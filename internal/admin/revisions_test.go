package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

func TestRevisions(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	a := mustArticle(t, s, ed, press.Article{Title: "First title", Body: press.Markdown{Source: "Alpha.\n\nBeta.\n"}})
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	_, page := ec.Get(path(a.ID, ""))
	form := editorForm(t, page)
	form.Set("title", "Second "+evil)
	form.Set("body", "Alpha.\n\nGamma "+evil+"\n")
	form.Set("action", "save")
	if res, _ := ec.Post(path(a.ID, ""), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	res, page := ec.Get(path(a.ID, "/revisions"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("revisions: %d", res.StatusCode)
	}
	revs, _ := s.DB.Revisions(t.Context(), a.ID)
	if len(revs) != 2 || strings.Count(page, `name="from"`) != 2 {
		t.Fatalf("%d revisions stored, page lists %d", len(revs), strings.Count(page, `name="from"`))
	}
	if !strings.Contains(page, "Eda Editor") {
		t.Error("the list does not say who saved")
	}
	q := url.Values{"from": {strconv.FormatInt(revs[1].ID, 10)}, "to": {strconv.FormatInt(revs[0].ID, 10)}}
	res, diff := ec.Get(path(a.ID, "/revisions/compare?"+q.Encode()))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("compare: %d", res.StatusCode)
	}
	assertNoInjection(t, "diff", diff)
	for _, want := range []string{"<del>Beta.", "<ins>Gamma &lt;script&gt;alert(1)&lt;/script&gt;", "First title", "(changed)"} {
		if !strings.Contains(diff, want) {
			t.Errorf("the diff lacks %q", want)
		}
	}
	// A revision of another article is not found here.
	other := mustArticle(t, s, ed, press.Article{Title: "Other"})
	if res, _ := ec.Get(path(other.ID, "/revisions/compare?"+q.Encode())); res.StatusCode != http.StatusNotFound {
		t.Errorf("comparing another article's revisions: %d", res.StatusCode)
	}

	// Restore the first revision, with the current version.
	cur := mustStored(t, s, a.ID)
	restore := path(a.ID, "/revisions/"+strconv.FormatInt(revs[1].ID, 10)+"/restore")
	if res, _ := ec.Post(restore, url.Values{"version": {strconv.Itoa(cur.Version)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	got := mustStored(t, s, a.ID)
	if got.Title != "First title" || got.Body.Source != "Alpha.\n\nBeta.\n" || got.Version != cur.Version+1 {
		t.Fatalf("after restoring: %q %q v%d", got.Title, got.Body.Source, got.Version)
	}
	// With a stale version, nothing is restored and the page says why.
	res, page = ec.Post(restore, url.Values{"version": {strconv.Itoa(cur.Version)}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(page, "This article was changed by Eda Editor") {
		t.Fatalf("stale restore: %d", res.StatusCode)
	}
	// A contributor cannot restore an editor's article.
	con := presstest.MustUser(t, s.DB, "Cora Contributor", press.RoleContributor, "")
	cc := presstest.MustSignIn(t, s.URL, con.Email)
	if res, _ := cc.Post(restore, url.Values{"version": {strconv.Itoa(got.Version)}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("contributor restores another's revision: %d, want 404", res.StatusCode)
	}
}

func TestNotes(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	a := mustArticle(t, s, ed, press.Article{Title: "Noted", Body: press.Markdown{Source: "A doubtful claim."}})
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	res, _ := ec.Post(path(a.ID, "/notes"), url.Values{"body": {"Source? " + evil}, "anchor": {"doubtful claim"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add note: %d", res.StatusCode)
	}
	notes, _ := s.DB.Notes(t.Context(), a.ID)
	if len(notes) != 1 || notes[0].Anchor != "doubtful claim" {
		t.Fatalf("notes: %+v", notes)
	}
	res, _ = ec.Post(path(a.ID, "/notes"), url.Values{"body": {"Added one."}, "parent": {strconv.FormatInt(notes[0].ID, 10)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	_, page := ec.Get(path(a.ID, ""))
	assertNoInjection(t, "notes", page)
	if !strings.Contains(page, "Source? &lt;script&gt;") || !strings.Contains(page, "note depth-1") || !strings.Contains(page, "doubtful claim</blockquote>") {
		t.Error("the notes panel does not show the thread")
	}
	if res, _ = ec.Post(path(a.ID, "/notes/"+strconv.FormatInt(notes[0].ID, 10)+"/resolve"), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resolve: %d", res.StatusCode)
	}
	_, page = ec.Get(path(a.ID, ""))
	if strings.Contains(page, "Source? &lt;script&gt;") || !strings.Contains(page, "Show resolved notes (1)") {
		t.Error("a resolved thread is still shown, or not offered")
	}
	_, page = ec.Get(path(a.ID, "?resolved=1"))
	if !strings.Contains(page, "Source? &lt;script&gt;") || !strings.Contains(page, "resolved by Eda Editor") {
		t.Error("resolved notes are not shown when asked for")
	}
	// Notes are not on the public site (a preview link's page).
	token, err := s.Newsroom.CreatePreviewLink(t.Context(), &ed, a.ID, 3600e9)
	if err != nil {
		t.Fatal(err)
	}
	if d := presstest.MustGet(t, s.URL+"/preview/"+token, http.StatusOK); strings.Contains(d.Body, "Source?") {
		t.Error("an editorial note shows on the preview page")
	}
}
