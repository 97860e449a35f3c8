package admin_test

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// public requests path from the public site without following redirects
// and returns the status, the Location and the body.
func public(t *testing.T, base, path string) (int, string, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

func mustSignInAs(t *testing.T, s *presstest.Site, name string, role press.Role) *presstest.Staff {
	t.Helper()
	u := presstest.MustUser(t, s.DB, name, role, "")
	return presstest.MustSignIn(t, s.URL, u.Email)
}

// articlesOf returns the slugs of the published articles tagged with the
// term itself (not only a term below it).
func articlesOf(t *testing.T, db *store.DB, tax, term string) map[string]bool {
	t.Helper()
	list, err := db.Articles(t.Context(), press.ArticleFilter{Status: press.StatusPublished, Taxonomy: tax, Term: term, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, a := range list.Articles {
		for _, m := range a.TermsOf(tax) {
			if m.Slug == term {
				out[a.Slug] = true
			}
		}
	}
	return out
}

func TestMergeTerms(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	ed := mustSignInAs(t, s, "Ed Editor", press.RoleEditor)
	ctx := t.Context()

	from, into := articlesOf(t, s.DB, "themes", "migration"), articlesOf(t, s.DB, "themes", "rights-justice")
	both := 0
	union := map[string]bool{}
	for a := range from {
		union[a] = true
		if into[a] {
			both++
		}
	}
	for a := range into {
		union[a] = true
	}
	if len(from) == 0 || both == 0 {
		t.Fatalf("demo content changed: %d articles in migration, %d also in rights-justice", len(from), both)
	}

	res, body := ed.Post("/admin/taxonomies/themes/terms/migration/merge", url.Values{"into": {"rights-justice"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("merge: %d\n%s", res.StatusCode, body)
	}
	if _, err := s.DB.Term(ctx, "themes", "migration"); !errors.Is(err, press.ErrNotFound) {
		t.Errorf("merged term still there: %v", err)
	}
	for slug := range union {
		a, err := s.DB.Article(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		var themes []string
		for _, m := range a.TermsOf("themes") {
			themes = append(themes, m.Slug)
		}
		n := 0
		for _, m := range themes {
			if m == "rights-justice" {
				n++
			}
		}
		if n != 1 || slices.Contains(themes, "migration") {
			t.Errorf("%s has themes %v after the merge, want rights-justice once and no migration", slug, themes)
		}
	}
	terms, err := s.DB.Terms(ctx, "themes")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range terms {
		if m.Slug == "rights-justice" && m.Count != len(union) {
			t.Errorf("rights-justice counts %d published articles, want %d", m.Count, len(union))
		}
	}
	status, loc, _ := public(t, s.URL, "/themes/migration")
	if status != http.StatusMovedPermanently || loc != "/themes/rights-justice" {
		t.Errorf("old term page: %d → %q, want 301 → /themes/rights-justice", status, loc)
	}
	if status, loc, _ := public(t, s.URL, "/themes/migration/feed.xml"); status != http.StatusMovedPermanently || loc != "/themes/rights-justice/feed.xml" {
		t.Errorf("old term feed: %d → %q", status, loc)
	}
	_, page := ed.Get("/admin/taxonomies")
	if strings.Contains(page, "/themes/migration\"") {
		t.Error("the taxonomies page still lists the merged term")
	}
	log, err := s.DB.AuditLog(ctx, store.AuditFilter{Action: "term.merge"})
	if err != nil || len(log) != 1 || log[0].Actor != "Ed Editor" {
		t.Errorf("audit after merge: %+v, %v", log, err)
	}
}

func TestRenameTermRedirects(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	ed := mustSignInAs(t, s, "Ed Editor", press.RoleEditor)
	m, err := s.DB.Term(t.Context(), "themes", "migration")
	if err != nil {
		t.Fatal(err)
	}
	save := func(slug, newSlug string) {
		t.Helper()
		res, body := ed.Post("/admin/taxonomies/themes/terms/"+slug, url.Values{"name": {m.Name}, "slug": {newSlug},
			"parent": {m.Parent}, "description": {m.Description.Source}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("rename %s → %s: %d\n%s", slug, newSlug, res.StatusCode, body)
		}
	}
	save("migration", "displacement")
	if status, loc, _ := public(t, s.URL, "/themes/migration"); status != http.StatusMovedPermanently || loc != "/themes/displacement" {
		t.Errorf("after rename: /themes/migration %d → %q, want 301 → /themes/displacement", status, loc)
	}
	if status, _, _ := public(t, s.URL, "/themes/displacement"); status != http.StatusOK {
		t.Errorf("renamed term page: %d", status)
	}
	save("displacement", "migration")
	if status, _, _ := public(t, s.URL, "/themes/migration"); status != http.StatusOK {
		t.Errorf("after renaming back, /themes/migration: %d, want 200", status)
	}
	if status, loc, _ := public(t, s.URL, "/themes/displacement"); status != http.StatusMovedPermanently || loc != "/themes/migration" {
		t.Errorf("after renaming back, /themes/displacement: %d → %q, want 301 → /themes/migration", status, loc)
	}
}

func TestAuthorManagement(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	ed := mustSignInAs(t, s, "Ed Editor", press.RoleEditor)
	ctx := t.Context()
	au, err := s.DB.Author(ctx, "farid-rahimi")
	if err != nil {
		t.Fatal(err)
	}
	counts, err := s.DB.AuthorArticleCounts(ctx)
	if err != nil || counts["farid-rahimi"] == 0 {
		t.Fatalf("demo author has no articles: %v %v", counts, err)
	}
	path := "/admin/authors/" + strconv.FormatInt(au.ID, 10)
	res, body := ed.Get("/admin/authors")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, au.Name) || !strings.Contains(body, `href="/authors/farid-rahimi"`) {
		t.Fatalf("authors list: %d", res.StatusCode)
	}

	form := url.Values{"name": {au.Name}, "slug": {"farid-r"}, "bio": {au.Bio.Source}, "photo": {au.Photo},
		"link_label": {"Site", ""}, "link_url": {"https://farid.example", ""}}
	res, body = ed.Post(path, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("author update: %d\n%s", res.StatusCode, body)
	}
	if status, loc, _ := public(t, s.URL, "/authors/farid-rahimi"); status != http.StatusMovedPermanently || loc != "/authors/farid-r" {
		t.Errorf("old author page: %d → %q, want 301 → /authors/farid-r", status, loc)
	}
	got, err := s.DB.Author(ctx, "farid-r")
	if err != nil || len(got.Links) != 1 || got.Links[0].URL != "https://farid.example" {
		t.Errorf("after update: %+v, %v", got, err)
	}

	// Bad input is named by field.
	res, body = ed.Post(path, url.Values{"name": {""}, "slug": {"Not A Slug"}, "link_label": {"x"}, "link_url": {"javascript:alert(1)"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid author: %d", res.StatusCode)
	}
	for _, want := range []string{`id="name-error"`, `aria-describedby="slug-hint slug-error"`, `id="links-error"`, `class="error-summary"`} {
		if !strings.Contains(body, want) {
			t.Errorf("invalid author page lacks %s", want)
		}
	}

	// Deleting an author with articles needs someone to credit instead.
	res, body = ed.Post(path+"/delete", nil)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "reassign-error") {
		t.Fatalf("delete without reassignment: %d, want 422 with the reason", res.StatusCode)
	}
	if _, err := s.DB.Author(ctx, "farid-r"); err != nil {
		t.Fatalf("refused delete removed the author: %v", err)
	}
	res, body = ed.Post(path+"/delete", url.Values{"reassign": {"daniel-mwangi"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete with reassignment: %d\n%s", res.StatusCode, body)
	}
	if _, err := s.DB.Author(ctx, "farid-r"); !errors.Is(err, press.ErrNotFound) {
		t.Errorf("deleted author still there: %v", err)
	}
	after, _ := s.DB.AuthorArticleCounts(ctx)
	if after["daniel-mwangi"] < counts["farid-rahimi"] {
		t.Errorf("daniel-mwangi credits %d articles after taking over %d", after["daniel-mwangi"], counts["farid-rahimi"])
	}
}

func TestSettings(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	admin := mustSignInAs(t, s, "Ada Admin", press.RoleAdmin)
	ctx := t.Context()
	site, err := s.DB.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, body := admin.Get("/admin/settings")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="disclaimer"`) {
		t.Fatalf("settings page: %d", res.StatusCode)
	}
	form := url.Values{"name": {site.Name}, "tagline": {site.Tagline}, "base_url": {site.BaseURL}, "language": {site.Language},
		"logo": {site.Logo}, "disclaimer": {"Opinions are **entirely** the writers' own."},
		"header_label": {"About", ""}, "header_url": {"/about", ""}}
	res, body = admin.Post("/admin/settings", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save settings: %d\n%s", res.StatusCode, body)
	}
	list, err := s.DB.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Limit: 1})
	if err != nil || len(list.Articles) == 0 {
		t.Fatal(err)
	}
	status, _, page := public(t, s.URL, press.ArticlePath(list.Articles[0].Slug))
	if status != http.StatusOK || !strings.Contains(page, "Opinions are <strong>entirely</strong> the writers") {
		t.Errorf("article page after the settings change: %d, disclaimer missing", status)
	}
	log, err := s.DB.AuditLog(ctx, store.AuditFilter{Action: "settings.update"})
	if err != nil || len(log) != 1 || !strings.Contains(log[0].Summary, "disclaimer") {
		t.Errorf("audit: %+v, %v", log, err)
	}

	form.Set("name", "")
	form.Set("base_url", "not a url")
	res, body = admin.Post("/admin/settings", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid settings: %d", res.StatusCode)
	}
	for _, want := range []string{`class="error-summary"`, `href="#name"`, `id="name-error"`, `aria-describedby="name-error"`, `id="base_url-error"`, `aria-describedby="base_url-hint base_url-error"`} {
		if !strings.Contains(body, want) {
			t.Errorf("invalid settings page lacks %s", want)
		}
	}
	if got, _ := s.DB.Site(ctx); got.Name != site.Name {
		t.Errorf("refused settings were stored: name %q", got.Name)
	}
}

// manageRoutes are every management route, with a form that would work.
var manageRoutes = []struct {
	method, path string
	settings     bool // admins only
}{
	{"GET", "/admin/authors", false},
	{"GET", "/admin/authors/new", false},
	{"POST", "/admin/authors", false},
	{"GET", "/admin/authors/{author}", false},
	{"POST", "/admin/authors/{author}", false},
	{"POST", "/admin/authors/{author}/delete", false},
	{"GET", "/admin/taxonomies", false},
	{"GET", "/admin/taxonomies/new", false},
	{"POST", "/admin/taxonomies", false},
	{"GET", "/admin/taxonomies/themes", false},
	{"POST", "/admin/taxonomies/themes", false},
	{"POST", "/admin/taxonomies/themes/delete", false},
	{"GET", "/admin/taxonomies/themes/new-term", false},
	{"POST", "/admin/taxonomies/themes/terms", false},
	{"GET", "/admin/taxonomies/themes/terms/migration", false},
	{"POST", "/admin/taxonomies/themes/terms/migration", false},
	{"POST", "/admin/taxonomies/themes/terms/migration/merge", false},
	{"POST", "/admin/taxonomies/themes/terms/migration/delete", false},
	{"GET", "/admin/settings", true},
	{"POST", "/admin/settings", true},
}

func TestManagePermissions(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	au, err := s.DB.Author(t.Context(), "farid-rahimi")
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(au.ID, 10)
	for _, role := range press.Roles {
		c := mustSignInAs(t, s, "User "+string(role), role)
		for _, rt := range manageRoutes {
			path := strings.ReplaceAll(rt.path, "{author}", id)
			var res *http.Response
			if rt.method == "GET" {
				res, _ = c.Get(path)
			} else {
				// An empty form: whoever may act gets 422, a redirect
				// or (once an earlier role deleted it) 404, never 403.
				res, _ = c.Post(path, url.Values{"name": {""}})
			}
			allowed := role.AtLeast(press.RoleEditor) && (!rt.settings || role == press.RoleAdmin)
			if forbidden := res.StatusCode == http.StatusForbidden; forbidden == allowed {
				t.Errorf("%s %s %s: status %d, allowed %v", role, rt.method, path, res.StatusCode, allowed)
			}
		}
	}
}

func TestManageCSRF(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	admin := mustSignInAs(t, s, "Ada Admin", press.RoleAdmin)
	for _, path := range []string{"/admin/settings", "/admin/taxonomies/themes/terms/migration/merge", "/admin/authors"} {
		res, _ := admin.Post(path, url.Values{"csrf": {""}, "name": {"X"}, "into": {"rights-justice"}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s without the token: %d, want 403", path, res.StatusCode)
		}
	}
	if _, err := s.DB.Term(t.Context(), "themes", "migration"); err != nil {
		t.Errorf("a merge without the token went through: %v", err)
	}
}

func TestManageEscapesXSS(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	admin := mustSignInAs(t, s, "Ada Admin", press.RoleAdmin)
	const payload = `<script>alert(1)</script><img src=x onerror=alert(2)>`

	res, body := admin.Post("/admin/taxonomies/themes/terms", url.Values{"name": {"Evil " + payload}, "slug": {"evil"},
		"description": {"Desc " + payload}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create term: %d\n%s", res.StatusCode, body)
	}
	res, body = admin.Post("/admin/authors", url.Values{"name": {"Mallory " + payload}, "slug": {"mallory"},
		"bio": {"Bio " + payload + " [x](javascript:alert(3))"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create author: %d\n%s", res.StatusCode, body)
	}
	site, _ := s.DB.Site(t.Context())
	res, body = admin.Post("/admin/settings", url.Values{"name": {site.Name}, "language": {"en"}, "base_url": {site.BaseURL},
		"disclaimer": {"Disclaimer " + payload}, "header_label": {payload}, "header_url": {"/about"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save settings: %d\n%s", res.StatusCode, body)
	}
	au, err := s.DB.Author(t.Context(), "mallory")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/admin/taxonomies", "/admin/taxonomies/themes/terms/evil", "/admin/authors",
		"/admin/authors/" + strconv.FormatInt(au.ID, 10), "/admin/settings"} {
		res, body := admin.Get(path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("GET %s carries the payload unescaped", path)
		}
	}
	list, err := s.DB.Articles(t.Context(), press.ArticleFilter{Status: press.StatusPublished, Limit: 1})
	if err != nil || len(list.Articles) == 0 {
		t.Fatal(err)
	}
	for _, path := range []string{"/themes/evil", "/authors/mallory", press.ArticlePath(list.Articles[0].Slug)} {
		status, _, body := public(t, s.URL, path)
		if status != http.StatusOK {
			t.Errorf("public %s: %d", path, status)
		}
		for _, bad := range []string{"<script>alert", "<img src=x", `href="javascript:`} {
			if strings.Contains(body, bad) {
				t.Errorf("public %s carries %q", path, bad)
			}
		}
	}
}

func TestTaxonomySlugChange(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	ed := mustSignInAs(t, s, "Ed Editor", press.RoleEditor)
	form := url.Values{"name": {"Themes"}, "label": {"Theme"}, "slug": {"articles"}, "position": {"2"}}
	res, body := ed.Post("/admin/taxonomies/themes", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="slug-error"`) {
		t.Fatalf("taxonomy slug of a site path: %d, want 422 with the slug's error", res.StatusCode)
	}
	form.Set("slug", "topics")
	if res, body = ed.Post("/admin/taxonomies/themes", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("taxonomy slug change: %d\n%s", res.StatusCode, body)
	}
	for from, to := range map[string]string{"/themes": "/topics", "/themes/migration": "/topics/migration"} {
		if status, loc, _ := public(t, s.URL, from); status != http.StatusMovedPermanently || loc != to {
			t.Errorf("%s: %d → %q, want 301 → %s", from, status, loc, to)
		}
	}
	if status, _, _ := public(t, s.URL, "/topics/migration"); status != http.StatusOK {
		t.Errorf("term under the new taxonomy slug: %d", status)
	}
	_, page := ed.Get("/admin/taxonomies")
	if !strings.Contains(page, `href="/admin/taxonomies/topics/terms/migration"`) {
		t.Error("the taxonomies page does not list the terms under the new slug")
	}
}
