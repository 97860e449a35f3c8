package theme

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/pressroomhq/pressroom/internal/press"
)

func mustLoad(t testing.TB) *Theme {
	t.Helper()
	th, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func sampleLayout(th *Theme) Layout {
	site := press.DefaultSite()
	site.Name = "The Test Desk"
	site.Navigation.Header = []press.Link{{Label: "Home", URL: "/"}}
	site.Navigation.Footer = []press.Link{{Label: "About", URL: "/about"}}
	return Layout{Site: &site, T: th.Catalog("en"), Title: "A page", Canonical: "https://example.org/x", Path: "/"}
}

// TestRenderEveryPage renders each template with its struct, so a template
// that refers to a missing field or helper fails here and not on a reader.
func TestRenderEveryPage(t *testing.T) {
	th := mustLoad(t)
	l := sampleLayout(th)
	when := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	author := press.Author{Slug: "ana-ruiz", Name: "Ana Ruiz", Bio: press.Markdown{Source: "Bio", HTML: "<p>Bio</p>"},
		Links: []press.Link{{Label: "Site", URL: "https://ana.example"}}}
	term := press.Term{Taxonomy: "regions", Slug: "syria", Name: "Syria", Parent: "mena"}
	article := press.Article{Slug: "a", Title: "Water & power", Dek: "A dek", PublishedAt: when, Status: press.StatusPublished,
		Body: press.Markdown{HTML: "<p>Body</p>"}, Authors: []press.Author{author, {Slug: "b", Name: "Bo"}}, Terms: []press.Term{term},
		Source: press.Source{Name: "Partner", URL: "https://partner.example/a"}, Fields: []press.Field{{Key: "translator", Value: "T"}, {Key: "document_id", Value: "D-1"}},
		Image: press.Image{Src: "/media/a.svg", Alt: "alt", Credit: "credit"}, WordCount: 900}
	list := []press.Article{article}
	pager := NewPager("/", 2, 20, 45)
	months := []press.Month{{Year: 2026, Month: 3, Count: 2}}
	tax := press.Taxonomy{Slug: "regions", Name: "Regions", Label: "Region"}

	pages := map[string]func() ([]byte, error){
		"home": func() ([]byte, error) {
			return th.Home(&HomePage{Layout: l, Featured: list, Latest: list, Pager: pager, Months: months})
		},
		"article": func() ([]byte, error) {
			return th.Article(&ArticlePage{Layout: l, Article: &article, Groups: []TermGroup{{tax, []press.Term{term}}}, Copyright: article.Attribution(l.Site), Related: list})
		},
		"author": func() ([]byte, error) {
			return th.Author(&AuthorPage{Layout: l, Author: &author, Articles: list, Total: 1, Pager: pager})
		},
		"authors": func() ([]byte, error) { return th.Authors(&AuthorsPage{Layout: l, Authors: []press.Author{author}}) },
		"term": func() ([]byte, error) {
			return th.Term(&TermPage{Layout: l, Taxonomy: tax, Term: &term, Parent: &term, Children: []press.Term{term}, Articles: list, Total: 1, Pager: pager})
		},
		"taxonomy": func() ([]byte, error) {
			return th.Taxonomy(&TaxonomyPage{Layout: l, Taxonomy: tax, Terms: []TermNode{{Term: term, Children: []TermNode{{Term: term}}}}})
		},
		"archive": func() ([]byte, error) {
			return th.Archive(&ArchivePage{Layout: l, Month: months[0], Months: months, Articles: list, Pager: pager})
		},
		"page": func() ([]byte, error) {
			return th.Page(&StaticPage{Layout: l, Page: &press.Page{Title: "About", Body: press.Markdown{HTML: "<p>x</p>"}}})
		},
		"error": func() ([]byte, error) {
			return th.Error(&ErrorPage{Layout: l, Status: 404, Heading: "Not found", Message: "m"})
		},
		"licensing": func() ([]byte, error) {
			errs := &press.ValidationError{Fields: []press.FieldError{{Field: "email", Message: "is wrong"}}}
			return th.Licensing(&LicensingPage{Layout: l, Article: &article, Errors: errs, Uses: press.LicensingUses})
		},
	}
	thread := []CommentItem{
		{Comment: press.Comment{ID: 1, AuthorName: "Reader <b>", BodyHTML: "<p>First</p>", CreatedAt: when, Depth: 1},
			Reply: "/articles/a?reply=1#comment-form", Report: "/comments/1/report?article=a", Edit: "/comments/1/edit?article=a"},
		{Comment: press.Comment{ID: 2, Depth: 2, CreatedAt: when}, Removed: true},
		{Comment: press.Comment{ID: 3, AuthorName: "Bo", BodyHTML: "<p>Reply</p>", CreatedAt: when, EditedAt: when, Depth: 3},
			Report: "/comments/3/report?article=a"},
	}
	pages["article"] = func() ([]byte, error) {
		errs := &press.ValidationError{Fields: []press.FieldError{{Field: "body", Message: "is required"}, {Field: "parent", Message: "is gone"}}}
		return th.Article(&ArticlePage{Layout: l, Article: &article, Copyright: article.Attribution(l.Site),
			Comments: &CommentSection{Mode: press.CommentsOpen, Thread: thread, Count: 2, Notice: "comments.notice.held",
				Feed: "/articles/a/comments.xml", Script: th.Asset("comments.js"),
				Form: &CommentForm{Action: "/articles/a/comments", ParentID: 1, Parent: "Reader", Cancel: "/articles/a#comment-form",
					Name: "N", Email: "e@example.org", Body: "x", Stamp: "1.abc", Errors: errs}}})
	}
	pages["comment_edit"] = func() ([]byte, error) {
		errs := &press.ValidationError{Fields: []press.FieldError{{Field: "body", Message: "is required"}}}
		return th.CommentEdit(&CommentEditPage{Layout: l, Article: &article, Comment: thread[0].Comment, Action: "/comments/1/edit?article=a",
			Delete: "/comments/1/delete?article=a", Body: "", Errors: errs})
	}
	pages["search"] = func() ([]byte, error) {
		hits := NewSearchHits([]press.SearchHit{{Article: article, Snippet: "the <mark>water</mark> war"}, {Article: press.Article{Slug: "d", Title: "Draft"}}})
		return th.Search(&SearchPage{Layout: l, Query: "water", From: "2026-01-01", Hidden: []SearchParam{{"term", "regions/syria"}},
			Searched: true, Notice: "n", Total: 45, Start: 21, Hits: hits, Pager: pager,
			Sorts:   []SearchLink{{Label: "Relevance", URL: "/search?q=water", Current: true}, {Label: "Newest", URL: "/search?q=water&sort=date"}},
			Filters: []SearchLink{{Label: "Syria", URL: "/search?q=water"}},
			Facets:  []SearchFacet{{Heading: "Regions", Items: []SearchFacetItem{{Name: "Syria", Count: 3, URL: "/search", Selected: true}}}}})
	}
	member := press.Member{ID: 1, Email: "ana@example.org", Name: "Ana <b>", Status: press.MemberPaid, CreatedAt: when, ConfirmedAt: when}
	nameErr := &press.ValidationError{Fields: []press.FieldError{{Field: "name", Message: "is required"}}}
	emailErr := &press.ValidationError{Fields: []press.FieldError{{Field: "email", Message: "is wrong"}}}
	pages["join"] = func() ([]byte, error) {
		return th.Join(&JoinPage{Layout: l, Name: "", Email: "x", Errors: &press.ValidationError{Fields: append(nameErr.Fields, emailErr.Fields...)},
			Notice: "members.notice.deleted"})
	}
	pages["signin"] = func() ([]byte, error) { return th.SignIn(&SignInPage{Layout: l, Email: "ana@example.org", Sent: true}) }
	pages["member_link"] = func() ([]byte, error) {
		return th.MemberLink(&MemberLinkPage{Layout: l, Purpose: press.TokenEmailChange, Token: "t"})
	}
	pages["account"] = func() ([]byte, error) {
		return th.Account(&AccountPage{Layout: l, Member: &member, Notice: "members.notice.welcome", Name: "", NewEmail: "x",
			NameErrors: nameErr, EmailErrors: emailErr})
	}
	pages["account_delete"] = func() ([]byte, error) { return th.AccountDelete(&AccountDeletePage{Layout: l, Member: &member}) }
	if len(pages) != len(pageNames) {
		t.Fatalf("test covers %d pages, theme has %d", len(pages), len(pageNames))
	}
	for name, render := range pages {
		t.Run(name, func(t *testing.T) {
			body, err := render()
			if err != nil {
				t.Fatal(err)
			}
			doc, err := html.Parse(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if n := count(doc, "h1"); n != 1 {
				t.Errorf("%d <h1> elements, want exactly 1", n)
			}
			if !bytes.HasPrefix(body, []byte("<!DOCTYPE html>")) {
				t.Errorf("page does not start with a doctype")
			}
			if bytes.Contains(body, []byte("{0}")) {
				t.Errorf("unfilled message placeholder in output")
			}
		})
	}
}

func count(n *html.Node, tag string) int {
	c := 0
	if n.Type == html.ElementNode && n.Data == tag {
		c++
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c += count(ch, tag)
	}
	return c
}

// TestCatalogsComplete keeps every language file in step with English.
func TestCatalogsComplete(t *testing.T) {
	files, _ := fs.Glob(embedded, "messages/*.json")
	en := keys(t, "messages/en.json")
	for _, f := range files {
		if diff := cmp.Diff(en, keys(t, f)); diff != "" {
			t.Errorf("%s keys differ from en.json (-en +%s):\n%s", f, f, diff)
		}
	}
}

func keys(t *testing.T, name string) []string {
	b, err := fs.ReadFile(embedded, name)
	if err != nil {
		t.Fatal(err)
	}
	var c Catalog
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	var out []string
	for k := range c.Messages {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestMessageKeysExist checks that every key a template asks the catalog
// for is in English (a missing key would print the key to readers).
func TestMessageKeysExist(t *testing.T) {
	th := mustLoad(t)
	en := th.Catalog("en")
	err := fs.WalkDir(embedded, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(embedded, p)
		for _, call := range []string{`.T.M "`, `.T.N "`, `.T.HTML "`} {
			for _, part := range strings.Split(string(b), call)[1:] {
				key := part[:strings.IndexByte(part, '"')]
				if strings.HasPrefix(call, ".T.N") {
					key += ".one"
				}
				if _, ok := en.Messages[key]; !ok && !strings.HasPrefix(key, "error.") {
					t.Errorf("%s: message %q is not in en.json", p, key)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCatalog(t *testing.T) {
	c := mustLoad(t).Catalog("en-GB")
	if got, want := c.Date(time.Date(2026, 11, 5, 23, 0, 0, 0, time.FixedZone("x", -3*3600))), "November 6, 2026"; got != want {
		t.Errorf("Date = %q, want %q (dates are shown in UTC)", got, want)
	}
	if got, want := c.N("articles", 1), "1 article"; got != want {
		t.Errorf("N(1) = %q, want %q", got, want)
	}
	if got, want := c.N("articles", 3), "3 articles"; got != want {
		t.Errorf("N(3) = %q, want %q", got, want)
	}
	if got, want := string(c.HTML("original_source", "<b>")), "The original source of this article is &lt;b&gt;."; got != want {
		t.Errorf("HTML = %q, want %q", got, want)
	}
}

func TestStaticHashedAndImmutable(t *testing.T) {
	th := mustLoad(t)
	u := th.Asset("site.css")
	if !strings.HasPrefix(u, "/static/site.") || u == "/static/site.css" {
		t.Fatalf("Asset = %q, want a content-hashed URL", u)
	}
	rec := httptest.NewRecorder()
	th.ServeStatic(rec, httptest.NewRequest("GET", u, nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("GET %s = %d, Cache-Control %q", u, rec.Code, rec.Header().Get("Cache-Control"))
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type = %q", ct)
	}
	rec = httptest.NewRecorder()
	th.ServeStatic(rec, httptest.NewRequest("GET", "/static/site.css", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("unhashed URL answered %d, want 404", rec.Code)
	}
}

func TestNewPager(t *testing.T) {
	got := NewPager("/authors/x", 2, 20, 45)
	want := Pager{Page: 2, Pages: 3, Prev: "/authors/x", Next: "/authors/x?page=3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
	if p := NewPager("/", 1, 20, 0); p.Pages != 1 || p.Prev != "" || p.Next != "" {
		t.Errorf("empty listing pager = %+v", p)
	}
}

// TestAddLanguage: a language is one more file in messages/, picked by the
// site's language tag, with its own month names and date order.
func TestAddLanguage(t *testing.T) {
	fsys := fstest.MapFS{}
	err := fs.WalkDir(embedded, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(embedded, p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	en, _ := fs.ReadFile(embedded, "messages/en.json")
	var c Catalog
	if err := json.Unmarshal(en, &c); err != nil {
		t.Fatal(err)
	}
	c.Lang = "fr"
	c.Months = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	c.DateForm = "{day} {month} {year}"
	c.Messages["by"] = "Par"
	fr, _ := json.Marshal(c)
	fsys["messages/fr.json"] = &fstest.MapFile{Data: fr}
	th, err := load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	cat := th.Catalog("fr-CA")
	if got := cat.Date(time.Date(2026, 8, 15, 0, 0, 0, 0, time.UTC)); got != "15 août 2026" {
		t.Errorf("French date = %q", got)
	}
	l := sampleLayout(th)
	l.T = cat
	a := press.Article{Slug: "a", Title: "T", Authors: []press.Author{{Slug: "x", Name: "X"}}, PublishedAt: time.Date(2026, 8, 15, 0, 0, 0, 0, time.UTC)}
	body, err := th.Article(&ArticlePage{Layout: l, Article: &a})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), "Par <a") || !strings.Contains(string(body), "15 août 2026") {
		t.Error("French catalog not used on the article page")
	}
}
