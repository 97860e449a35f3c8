package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// storeAll selects every article but the trash, one per page, for counts.
func storeAll() store.AdminArticleFilter { return store.AdminArticleFilter{Limit: 1} }

func TestArticleList(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	mustArticle(t, s, ed, press.Article{Title: "Zebra crossing draft"})
	ec := presstest.MustSignIn(t, s.URL, ed.Email)
	all, _ := s.DB.AdminArticles(t.Context(), storeAll())
	drafts, _ := s.DB.AdminArticles(t.Context(), store.AdminArticleFilter{Status: press.StatusDraft, Limit: 1})
	if drafts.Total == 0 {
		t.Fatal("no drafts counted")
	}

	res, page := ec.Get("/admin/articles")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", res.StatusCode)
	}
	doc := parse(t, page)
	rows := cascadia.MustCompile("table.articles tbody tr").MatchAll(doc)
	if len(rows) != press.DefaultPageSize {
		t.Fatalf("%d rows, want a page of %d", len(rows), press.DefaultPageSize)
	}
	for _, want := range []string{"All <span class=\"count\">(" + strconv.Itoa(all.Total) + ")</span>", "Drafts <span class=\"count\">(" + strconv.Itoa(drafts.Total) + ")</span>",
		`class="status status-published"`, `class="status status-draft"`, "Zebra crossing draft"} {
		if !strings.Contains(page, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	// Filters are kept in the pager's links and the sort links.
	_, page = ec.Get("/admin/articles?status=published&sort=title")
	next := outer(t, page, `a[rel="next"]`)
	if !strings.Contains(next, "status=published") || !strings.Contains(next, "sort=title") || !strings.Contains(next, "page=2") {
		t.Errorf("next page link %s loses the filters", next)
	}
	first := cascadia.MustCompile("table.articles tbody tr td a").MatchFirst(parse(t, page))
	_, page2 := ec.Get("/admin/articles?status=published&sort=title&page=2")
	if strings.Contains(page2, "Zebra crossing draft") || !strings.Contains(page2, "Page 2 of") {
		t.Error("page 2 of published articles is wrong")
	}
	if first == nil {
		t.Fatal("no title links")
	}
	// Title search.
	_, page = ec.Get("/admin/articles?q=zebra")
	if rows := cascadia.MustCompile("table.articles tbody tr").MatchAll(parse(t, page)); len(rows) != 1 {
		t.Errorf("search for zebra: %d rows, want 1", len(rows))
	}
	// A term filter from the demo's terms.
	taxes, _ := s.DB.Taxonomies(t.Context())
	terms, _ := s.DB.Terms(t.Context(), taxes[0].Slug)
	q := url.Values{"term": {taxes[0].Slug + "/" + terms[0].Slug}}
	if res, _ := ec.Get("/admin/articles?" + q.Encode()); res.StatusCode != http.StatusOK {
		t.Errorf("term filter: %d", res.StatusCode)
	}

	// An author sees only their own articles, whatever they ask for.
	authors, _ := s.DB.Authors(t.Context())
	au := presstest.MustUser(t, s.DB, "Writing Author", press.RoleAuthor, authors[0].Slug)
	ac := presstest.MustSignIn(t, s.URL, au.Email)
	_, page = ac.Get("/admin/articles?author=" + authors[1].Slug)
	if strings.Contains(page, "Zebra crossing draft") {
		t.Error("an author sees an editor's draft")
	}
	own, _ := s.DB.AdminArticles(t.Context(), store.AdminArticleFilter{AuthorSlug: authors[0].Slug, Limit: 1})
	if !strings.Contains(page, "All <span class=\"count\">("+strconv.Itoa(own.Total)+")</span>") {
		t.Errorf("the author's count is not their own (%d)", own.Total)
	}
}

func TestArticleTrash(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	con := presstest.MustUser(t, s.DB, "Cora Contributor", press.RoleContributor, "")
	a := mustArticle(t, s, con, press.Article{Title: "Doomed " + evil})
	b := mustArticle(t, s, con, press.Article{Title: "Also doomed"})
	cc := presstest.MustSignIn(t, s.URL, con.Email)
	ec := presstest.MustSignIn(t, s.URL, ed.Email)

	// The contributor trashes their own draft but cannot get it back.
	if res, _ := cc.Post(path(a.ID, "/trash"), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trash: %d", res.StatusCode)
	}
	if got := mustStored(t, s, a.ID); got.Status != press.StatusTrash {
		t.Fatalf("after trashing: %s", got.Status)
	}
	if res, _ := cc.Post(path(a.ID, "/restore"), nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("contributor restores: %d, want 403", res.StatusCode)
	}
	ec.Post(path(b.ID, "/trash"), nil)

	res, page := ec.Get("/admin/articles?status=trash")
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "Articles in the trash are deleted after 30 days") {
		t.Fatalf("trash view: %d", res.StatusCode)
	}
	assertNoInjection(t, "trash", page)
	if !strings.Contains(page, "Restore") || !strings.Contains(page, "Delete permanently") {
		t.Error("the trash offers no Restore or Delete permanently")
	}
	if _, list := ec.Get("/admin/articles"); strings.Contains(list, "Also doomed") {
		t.Error("the main list shows a trashed article")
	}
	if res, _ := ec.Post(path(a.ID, "/restore"), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	if got := mustStored(t, s, a.ID); got.Status != press.StatusDraft {
		t.Fatalf("restored as %s, want draft", got.Status)
	}
	// Only what is in the trash can be deleted.
	if res, _ := ec.Post(path(a.ID, "/delete"), nil); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
		t.Errorf("delete outside the trash: %d", res.StatusCode)
	}
	if res, _ := ec.Post(path(b.ID, "/delete"), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if _, err := s.DB.ArticleByID(t.Context(), b.ID); err == nil {
		t.Fatal("a deleted article is still stored")
	}
}
