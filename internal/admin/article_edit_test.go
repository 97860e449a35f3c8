package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// evil is text that breaks out of elements and attributes if it is not
// escaped.
const evil = `<script>alert(1)</script>"'><img src=x onerror=alert(2)>`

// mustArticle stores a as written by u, through the newsroom.
func mustArticle(t *testing.T, s *presstest.Site, u press.User, a press.Article) press.Article {
	t.Helper()
	if a.Status == "" {
		a.Status = press.StatusDraft
	}
	if len(a.Authors) == 0 {
		// A byline of the user's name, since published and scheduled
		// articles need one; the profile exists first, as only editors
		// may create authors while writing.
		au := press.Author{Slug: press.Slugify(u.Name), Name: u.Name}
		if err := s.DB.SaveAuthor(context.Background(), &au); err != nil {
			t.Fatal(err)
		}
		a.Authors = []press.Author{au}
	}
	if err := s.Newsroom.CreateArticle(context.Background(), &u, &a); err != nil {
		t.Fatalf("create %q as %s: %v", a.Title, u.Name, err)
	}
	return a
}

func mustStored(t *testing.T, s *presstest.Site, id int64) press.Article {
	t.Helper()
	a, err := s.DB.ArticleByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func parse(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// editorForm returns what a browser without scripts would send from the
// editor's form.
func editorForm(t *testing.T, body string) url.Values {
	t.Helper()
	return presstest.FormValues(t, body, "article-form")
}

// outer returns the HTML of the first element matching selector.
func outer(t *testing.T, body, selector string) string {
	t.Helper()
	n := cascadia.MustCompile(selector).MatchFirst(parse(t, body))
	if n == nil {
		t.Fatalf("no %s in:\n%.1500s", selector, body)
	}
	var b bytes.Buffer
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// postJSON sends v as the editor's script does: JSON, with the session's
// token in the X-CSRF-Token header.
func postJSON(t *testing.T, c *presstest.Staff, path string, v any) (*http.Response, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(v)
	req, _ := http.NewRequest(http.MethodPost, c.Base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-CSRF-Token", c.CSRF)
	req.Header.Set("Origin", c.Base)
	res, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("%s: status %d, not JSON: %v", path, res.StatusCode, err)
	}
	return res, out
}

func path(id int64, rest string) string { return "/admin/articles/" + strconv.FormatInt(id, 10) + rest }

// TestEditorPermissions: what each role may do through the editor is
// what the newsroom allows, and a refused action changes nothing.
func TestEditorPermissions(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	con := presstest.MustUser(t, s.DB, "Cora Contributor", press.RoleContributor, "")
	aut := presstest.MustUser(t, s.DB, "Abe Author", press.RoleAuthor, "")
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")

	if err := s.DB.SaveAuthor(context.Background(), &press.Author{Slug: "cora", Name: "Cora C."}); err != nil {
		t.Fatal(err)
	}
	cc := presstest.MustSignIn(t, s.URL, con.Email)
	res, body := cc.Get("/admin/articles/new")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("contributor's new article form: %d", res.StatusCode)
	}
	if strings.Contains(body, `value="publish"`) || !strings.Contains(body, `value="submit"`) {
		t.Error("a contributor's editor offers Publish, or no Submit for review")
	}
	form := editorForm(t, body)
	form.Set("title", "Cora's first draft")
	form.Set("body", "Some words.")
	form.Set("action", "save")
	res, _ = cc.Post("/admin/articles/new", form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/articles/") {
		t.Fatalf("contributor saves a draft: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/admin/articles/"), 10, 64)
	if a := mustStored(t, s, id); a.Status != press.StatusDraft || a.Slug != "coras-first-draft" || a.OwnerID != con.ID {
		t.Fatalf("stored: status %s slug %q owner %d", a.Status, a.Slug, a.OwnerID)
	}

	// Publishing is refused, and the article stays a draft.
	_, body = cc.Get(path(id, ""))
	form = editorForm(t, body)
	form.Set("action", "publish")
	res, _ = cc.Post(path(id, ""), form)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("contributor publishes: %d, want 403", res.StatusCode)
	}
	if a := mustStored(t, s, id); a.Status != press.StatusDraft {
		t.Fatalf("after a refused publish the article is %s", a.Status)
	}
	form.Set("action", "submit")
	if res, _ = cc.Post(path(id, ""), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("contributor submits for review: %d", res.StatusCode)
	}
	if a := mustStored(t, s, id); a.Status != press.StatusPending {
		t.Fatalf("after submitting the article is %s", a.Status)
	}

	// An author can neither see nor change another's article.
	ac := presstest.MustSignIn(t, s.URL, aut.Email)
	if res, _ = ac.Get(path(id, "")); res.StatusCode != http.StatusNotFound {
		t.Errorf("author opens a contributor's article: %d, want 404", res.StatusCode)
	}
	if res, _ = ac.Post(path(id, ""), form); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
		t.Errorf("author saves a contributor's article: %d, want 404 or 403", res.StatusCode)
	}
	_, list := ac.Get("/admin/articles")
	if strings.Contains(list, "Cora&#39;s first draft") {
		t.Error("an author's list shows another's article")
	}
	// The contributor cannot trash anything but their own, nor empty the trash.
	if res, _ = cc.Post(path(id, "/delete"), nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("contributor deletes permanently: %d, want 403", res.StatusCode)
	}

	// An editor publishes it.
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	res, body = ec.Get(path(id, ""))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="publish"`) {
		t.Fatalf("editor's editor: %d, Publish offered: %v", res.StatusCode, strings.Contains(body, `value="publish"`))
	}
	form = editorForm(t, body)
	form.Set("action", "publish")
	form.Set("authors", "cora")
	if res, _ = ec.Post(path(id, ""), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor publishes: %d", res.StatusCode)
	}
	a := mustStored(t, s, id)
	if a.Status != press.StatusPublished || a.PublishedAt.IsZero() {
		t.Fatalf("after publishing: %s at %v", a.Status, a.PublishedAt)
	}
	// Now published, the contributor may no longer change it.
	_, body = cc.Get(path(id, ""))
	if strings.Contains(body, `name="action" value="save"`) {
		t.Error("a contributor is offered to save a published article")
	}
}

// TestEditorSchedule: without scripts the time is read as UTC; with them
// the UTC field the script fills wins.
func TestEditorSchedule(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	a := mustArticle(t, s, ed, press.Article{Title: "Later"})
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	_, body := ec.Get(path(a.ID, ""))
	when := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Minute)
	form := editorForm(t, body)
	form.Set("action", "schedule")
	form.Set("schedule_at", when.Format("2006-01-02T15:04"))
	if res, page := ec.Post(path(a.ID, ""), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d\n%s", res.StatusCode, page)
	}
	got := mustStored(t, s, a.ID)
	if got.Status != press.StatusScheduled || !got.PublishedAt.Equal(when) {
		t.Fatalf("scheduled %s at %v, want %v", got.Status, got.PublishedAt, when)
	}
	_, body = ec.Get(path(a.ID, ""))
	if !strings.Contains(body, "Goes live") || !strings.Contains(body, when.Format(time.RFC3339)) {
		t.Error("the editor does not say when a scheduled article goes live")
	}
	// A time in the past is a field error on the schedule.
	form = editorForm(t, body)
	form.Set("action", "schedule")
	form.Set("schedule_utc", "2001-01-01T00:00:00Z")
	res, page := ec.Post(path(a.ID, ""), form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="schedule-error"`) {
		t.Fatalf("schedule in the past: %d", res.StatusCode)
	}
	// The refused form shows the time asked for in UTC, as the form's
	// value always is (the script shows it in local time).
	if got := editorForm(t, page).Get("schedule_at"); got != "2001-01-01T00:00" {
		t.Errorf("refused schedule shown as %q", got)
	}
}

// TestEditorValidation: the newsroom's field errors come back on the form,
// each linked to its field, with everything typed kept.
func TestEditorValidation(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	a := mustArticle(t, s, ed, press.Article{Title: "Valid", Body: press.Markdown{Source: "Old"}})
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	_, body := ec.Get(path(a.ID, ""))
	form := editorForm(t, body)
	form.Set("title", " ")
	form.Set("body", "My careful new paragraph.")
	form.Set("source_url", "not a url")
	form.Set("source_name", "")
	form.Set("image_src", "/media/x.jpg")
	form.Set("image_alt", "")
	form.Set("action", "save")
	res, page := ec.Post(path(a.ID, ""), form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid save: %d, want 422", res.StatusCode)
	}
	for _, want := range []string{`class="error-summary"`, `href="#f-title"`, `id="title-error"`, `aria-describedby="title-error"`,
		`id="source-url-error"`, `id="image-alt-error"`, "My careful new paragraph.", `value="/media/x.jpg"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if got := mustStored(t, s, a.ID); got.Title != "Valid" || got.Body.Source != "Old" {
		t.Fatalf("a refused save changed the article: %q %q", got.Title, got.Body.Source)
	}
}

// TestEditorConflict: two editors open version N; the first save wins,
// the second is told who changed what, keeps their text, and may
// overwrite deliberately.
func TestEditorConflict(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ana := presstest.MustUser(t, s.DB, "Ana Editor", press.RoleEditor, "")
	ben := presstest.MustUser(t, s.DB, "Ben Editor", press.RoleEditor, "")
	a := mustArticle(t, s, ana, press.Article{Title: "Harbour", Body: press.Markdown{Source: "Line one.\n\nLine two.\n"}})
	ac := presstest.MustSignIn(t, s.URL, ana.Email)
	bc := presstest.MustSignIn(t, s.URL, ben.Email)
	_, abody := ac.Get(path(a.ID, ""))
	_, bbody := bc.Get(path(a.ID, ""))
	af, bf := editorForm(t, abody), editorForm(t, bbody)
	if af.Get("version") != bf.Get("version") || af.Get("version") == "" {
		t.Fatalf("versions %q %q", af.Get("version"), bf.Get("version"))
	}
	af.Set("body", "Line one.\n\nAna's line two.\n")
	af.Set("action", "save")
	if res, _ := ac.Post(path(a.ID, ""), af); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", res.StatusCode)
	}
	bf.Set("body", "Line one.\n\nBen's line two.\n")
	bf.Set("title", "Harbour at night")
	bf.Set("action", "save")
	res, page := bc.Post(path(a.ID, ""), bf)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second save: %d, want 409", res.StatusCode)
	}
	if !strings.Contains(page, "This article was changed by Ana Editor at") {
		t.Error("the conflict does not say who changed the article")
	}
	diff := outer(t, page, "#conflict .article-diff")
	for _, want := range []string{"<del>Ana&#39;s line two.", "<ins>Ben&#39;s line two.", "Harbour<ins> at night</ins>"} {
		if !strings.Contains(diff, want) {
			t.Errorf("the conflict's diff lacks %q:\n%s", want, diff)
		}
	}
	stored := mustStored(t, s, a.ID)
	if stored.Body.Source != "Line one.\n\nAna's line two.\n" || stored.Title != "Harbour" {
		t.Fatalf("stored after the conflict: %q %q, want Ana's", stored.Title, stored.Body.Source)
	}
	kept := editorForm(t, page)
	if kept.Get("body") != "Line one.\n\nBen's line two.\n" || kept.Get("title") != "Harbour at night" {
		t.Fatalf("the loser's text is not in the form: %q %q", kept.Get("title"), kept.Get("body"))
	}
	// Saving again from the same form still conflicts; overwriting is a
	// deliberate choice with its own button.
	kept.Set("action", "save")
	if res, _ = bc.Post(path(a.ID, ""), kept); res.StatusCode != http.StatusConflict {
		t.Fatalf("saving again without choosing: %d, want 409", res.StatusCode)
	}
	kept.Del("action")
	kept.Set("overwrite", strconv.Itoa(stored.Version))
	if res, _ = bc.Post(path(a.ID, ""), kept); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("overwrite: %d", res.StatusCode)
	}
	if got := mustStored(t, s, a.ID); got.Body.Source != "Line one.\n\nBen's line two.\n" {
		t.Fatalf("after overwriting: %q", got.Body.Source)
	}
}

// TestEditorEscapes: hostile text in the title, dek, body, image and
// notes is shown as text everywhere in the editor.
func TestEditorEscapes(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	a := mustArticle(t, s, ed, press.Article{Title: evil, Dek: evil, Body: press.Markdown{Source: evil},
		Image: press.Image{Src: `x" onerror="alert(3)`, Alt: evil, Credit: evil}})
	if err := s.Newsroom.AddNote(context.Background(), &ed, &press.Note{ArticleID: a.ID, Body: evil, Anchor: evil}); err != nil {
		t.Fatal(err)
	}
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	res, page := ec.Get(path(a.ID, ""))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("editor: %d", res.StatusCode)
	}
	assertNoInjection(t, "editor", page)
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the editor does not show the hostile text as text")
	}
	f := editorForm(t, page)
	if f.Get("title") != evil || f.Get("body") != evil || f.Get("image_src") != `x" onerror="alert(3)` {
		t.Errorf("the form does not carry the text as typed: %q %q", f.Get("title"), f.Get("body"))
	}
	_, list := ec.Get("/admin/articles")
	assertNoInjection(t, "list", list)
}

// assertNoInjection fails when page has a script element other than the
// admin's own files, or an event handler attribute.
func assertNoInjection(t *testing.T, name, page string) {
	t.Helper()
	doc := parse(t, page)
	for _, n := range cascadia.MustCompile("script").MatchAll(doc) {
		if src := presstest.Attr(n, "src"); !strings.HasPrefix(src, "/admin/static/") {
			t.Errorf("%s: a script element that is not the admin's: %q", name, presstest.Text(n))
		}
	}
	for _, n := range cascadia.MustCompile("*").MatchAll(doc) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
			}
		}
	}
}

// TestAutosave: the script's JSON saves a draft as a new version, a stale
// version is refused with who changed it, and a published article is
// left as readers see it, its autosave offered when reopened.
func TestAutosave(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	other := presstest.MustUser(t, s.DB, "Oto Editor", press.RoleEditor, "")
	a := mustArticle(t, s, ed, press.Article{Title: "Draft", Body: press.Markdown{Source: "One."}})
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	_, page := ec.Get(path(a.ID, ""))
	fields := map[string]any{}
	for k, v := range editorForm(t, page) {
		if len(v) == 1 && !strings.HasPrefix(k, "terms.") {
			fields[k] = v[0]
		} else {
			fields[k] = v
		}
	}
	delete(fields, "csrf")
	fields["body"] = "One. Two."
	res, out := postJSON(t, ec, path(a.ID, "/autosave"), fields)
	if res.StatusCode != http.StatusOK || out["version"] != float64(a.Version+1) || out["saved_at"] == nil {
		t.Fatalf("autosave: %d %v", res.StatusCode, out)
	}
	if got := mustStored(t, s, a.ID); got.Body.Source != "One. Two." || got.Status != press.StatusDraft {
		t.Fatalf("after autosave: %q %s", got.Body.Source, got.Status)
	}
	revs, _ := s.DB.Revisions(t.Context(), a.ID)
	if !revs[0].Autosave {
		t.Error("the autosave's revision is not marked as one")
	}
	// Stale: the version the script had before.
	res, out = postJSON(t, ec, path(a.ID, "/autosave"), fields)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("stale autosave: %d %v", res.StatusCode, out)
	}
	// Without the token header it is refused.
	c2 := *ec
	c2.CSRF = "forged"
	if res, _ := postJSON(t, &c2, path(a.ID, "/autosave"), fields); res.StatusCode != http.StatusForbidden {
		t.Errorf("autosave without the token: %d, want 403", res.StatusCode)
	}
	// Another's autosave of an article they may not edit is not found.
	cc := presstest.MustUser(t, s.DB, "Cy Contributor", press.RoleContributor, "")
	ccl := presstest.MustSignIn(t, s.URL, cc.Email)
	if res, _ := postJSON(t, ccl, path(a.ID, "/autosave"), fields); res.StatusCode != http.StatusNotFound {
		t.Errorf("contributor autosaves another's article: %d, want 404", res.StatusCode)
	}

	// A published article stays as readers see it.
	p := mustArticle(t, s, ed, press.Article{Title: "Live", Body: press.Markdown{Source: "Public words."}, Status: press.StatusPublished})
	_, page = ec.Get(path(p.ID, ""))
	form := editorForm(t, page)
	pf := map[string]any{}
	for k := range form {
		pf[k] = form.Get(k)
	}
	pf["body"] = "Unfinished edit."
	res, out = postJSON(t, ec, path(p.ID, "/autosave"), pf)
	if res.StatusCode != http.StatusOK || out["version"] != float64(p.Version) {
		t.Fatalf("autosave of a published article: %d %v", res.StatusCode, out)
	}
	if got := mustStored(t, s, p.ID); got.Body.Source != "Public words." {
		t.Fatalf("autosave changed a published article: %q", got.Body.Source)
	}
	_, page = ec.Get(path(p.ID, ""))
	if !strings.Contains(page, "There is an autosave from") {
		t.Fatal("reopening a published article does not offer the newer autosave")
	}
	restore := outer(t, page, "[data-autosave-offer] a")
	href := restore[strings.Index(restore, `href="`)+6:]
	href = html.UnescapeString(href[:strings.IndexByte(href, '"')])
	_, page = ec.Get(href)
	if f := editorForm(t, page); f.Get("body") != "Unfinished edit." || f.Get("version") != strconv.Itoa(p.Version) {
		t.Fatalf("restored autosave: body %q version %q", f.Get("body"), f.Get("version"))
	}
	// Someone else does not see my autosave.
	oc := presstest.MustSignIn(t, s.URL, other.Email)
	if _, page = oc.Get(path(p.ID, "")); strings.Contains(page, "There is an autosave from") {
		t.Error("another editor is offered my autosave")
	}
}

// TestEditorPreview: the preview of a stored published article is the
// public page, byte for byte in its <article> element, and it works
// under the site's Content-Security-Policy framing rules.
func TestEditorPreview(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	list, err := s.DB.Articles(t.Context(), press.ArticleFilter{Status: press.StatusPublished, Limit: 3})
	if err != nil || len(list.Articles) == 0 {
		t.Fatal(err)
	}
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	for _, a := range list.Articles {
		public := presstest.MustGet(t, s.URL+"/articles/"+a.Slug, http.StatusOK)
		_, page := ec.Get(path(a.ID, ""))
		form := editorForm(t, page)
		form.Set("action", "preview")
		res, preview := ec.Post(path(a.ID, "/preview"), form)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("preview of %s: %d\n%.500s", a.Slug, res.StatusCode, preview)
		}
		// Readers' comments are the public page's alone; the white space
		// the templates leave where they were differs, the words do not.
		const comments = "section.comments, section.standing-comments"
		got := strings.Join(strings.Fields(outer(t, presstest.Without(t, preview, comments), "article.article")), " ")
		want := strings.Join(strings.Fields(outer(t, presstest.Without(t, public.Body, comments), "article.article")), " ")
		if got != want {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			from := max(0, i-200)
			t.Errorf("preview of %s differs from the public page at byte %d:\npreview: …%.400s\npublic:  …%.400s", a.Slug, i, got[from:], want[from:])
		}
		if !strings.Contains(preview, `<meta name="robots" content="noindex">`) {
			t.Error("the preview asks to be indexed")
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self'") {
			t.Errorf("preview CSP %q: the editor's frame could not show it", csp)
		}
		if xfo := res.Header.Get("X-Frame-Options"); xfo != "" && xfo != "SAMEORIGIN" {
			t.Errorf("preview X-Frame-Options %q", xfo)
		}
	}
	// An unsaved new article previews too, and nothing is stored.
	before, _ := s.DB.AdminArticles(t.Context(), storeAll())
	res, preview := ec.Post("/admin/articles/preview", url.Values{"title": {"Not yet " + evil}, "body": {"## Hello\n\nFirst *words*."}})
	if res.StatusCode != http.StatusOK || !strings.Contains(preview, "<em>words</em>") {
		t.Fatalf("preview of a new article: %d", res.StatusCode)
	}
	assertNoScriptText(t, preview)
	after, _ := s.DB.AdminArticles(t.Context(), storeAll())
	if after.Total != before.Total {
		t.Fatal("previewing stored an article")
	}
}

func assertNoScriptText(t *testing.T, page string) {
	t.Helper()
	if strings.Contains(page, "<script>alert(1)") {
		t.Error("the page carries the hostile script unescaped")
	}
}

// TestPreviewLinks: a link made in the editor shows the draft to anyone
// until it is deleted.
func TestPreviewLinks(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	a := mustArticle(t, s, ed, press.Article{Title: "Secret draft", Body: press.Markdown{Source: "Not yet public."}})
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	res, page := ec.Post(path(a.ID, "/preview-links"), nil)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create link: %d", res.StatusCode)
	}
	i := strings.Index(page, "/preview/")
	if i < 0 {
		t.Fatal("the new link is not shown")
	}
	token := page[i+len("/preview/"):]
	token = token[:strings.IndexByte(token, '"')]
	doc := presstest.MustGet(t, s.URL+"/preview/"+token, http.StatusOK)
	if !strings.Contains(doc.Body, "Not yet public.") {
		t.Fatal("the preview link does not show the draft")
	}
	_, page = ec.Get(path(a.ID, ""))
	if !strings.Contains(page, "expires") {
		t.Fatal("the editor does not list the active link")
	}
	links, _ := s.DB.PreviewLinks(t.Context(), a.ID)
	if res, _ = ec.Post(path(a.ID, "/preview-links/"+strconv.FormatInt(links[0].ID, 10)+"/delete"), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete link: %d", res.StatusCode)
	}
	presstest.MustGet(t, s.URL+"/preview/"+token, http.StatusNotFound)
}

// TestConflictOverwriteRepeatsAction: overwriting after a lost "Publish"
// publishes, rather than only saving.
func TestConflictOverwriteRepeatsAction(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ana := presstest.MustUser(t, s.DB, "Ana Editor", press.RoleEditor, "")
	a := mustArticle(t, s, ana, press.Article{Title: "Race", Body: press.Markdown{Source: "v1"}})
	ac := presstest.MustSignIn(t, s.URL, ana.Email)
	_, page := ac.Get(path(a.ID, ""))
	form := editorForm(t, page)
	if err := s.Newsroom.UpdateArticle(t.Context(), &ana, &press.Article{ID: a.ID, Version: a.Version, Title: "Race", Slug: a.Slug,
		Status: press.StatusDraft, Body: press.Markdown{Source: "v2 elsewhere"}}); err != nil {
		t.Fatal(err)
	}
	form.Set("action", "publish")
	res, page := ac.Post(path(a.ID, ""), form)
	if res.StatusCode != http.StatusConflict || !strings.Contains(page, "Overwrite with my version (publish)") {
		t.Fatalf("lost publish: %d", res.StatusCode)
	}
	kept := editorForm(t, page)
	kept.Set("overwrite", strconv.Itoa(a.Version+1))
	if res, _ = ac.Post(path(a.ID, ""), kept); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("overwrite: %d", res.StatusCode)
	}
	if got := mustStored(t, s, a.ID); got.Status != press.StatusPublished || got.Body.Source != "v1" {
		t.Fatalf("after overwriting: %s %q", got.Status, got.Body.Source)
	}
}
