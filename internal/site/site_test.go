package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/web"
)

func md(s string) press.Markdown { return press.Markdown{Source: s} }

var (
	day1 = time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	day2 = time.Date(2026, 4, 2, 8, 0, 0, 0, time.UTC)
)

// fixture is a small site with every part of an article page set, so the
// tests can name what they expect.
func fixture() press.Bundle {
	site := press.DefaultSite()
	site.Name = "The Test Desk"
	site.BaseURL = "https://desk.example"
	site.RepublishingPolicy = md("Community sites may **republish** with a link back.")
	site.Disclaimer = md("Views are the authors' own.")
	site.FairUseNotice = md("Quoted under fair use.")
	site.Contacts = md("Media: press@desk.example")
	site.MembershipCall = md("Become a member: [support us](/support-us).")
	site.CommentCall = md("Tell us what you think.")
	site.Navigation.Header = []press.Link{{Label: "Home", URL: "/"}, {Label: "Syria", URL: "/regions/syria"}}
	site.Navigation.Footer = []press.Link{{Label: "About", URL: "/about"}}
	author := func(slug, name string) press.Author { return press.Author{Slug: slug, Name: name} }
	term := func(tax, slug, name string) press.Term { return press.Term{Taxonomy: tax, Slug: slug, Name: name} }
	articles := []press.Article{{
		Slug: "water-war", Title: "The water war nobody names", Dek: "Dams, drought and a quiet contest.",
		Body:   md("Opening paragraph with a [source](https://data.example/r).\n\n> A quoted official.\n\n## Section\n\nAt 12:34 the video shows it.\n\n<script>alert(1)</script>"),
		Status: press.StatusPublished, PublishedAt: day1, Featured: true,
		Authors: []press.Author{author("ana-ruiz", "Ana Ruiz"), author("lee-park", "Lee Park")},
		Terms: []press.Term{term("regions", "syria", "Syria"), term("themes", "climate-water", "Climate & Water"),
			term("reports", "the-water-ledger", "The Water Ledger")},
		Image:     press.Image{Src: "/media/demo/water.svg", Alt: "A dry riverbed", Credit: "Illustration: Test"},
		Source:    press.Source{Name: "Basin Monitor", URL: "https://basin.example/orig"},
		Copyright: press.Copyright{Holder: "Basin Monitor", Year: 2025},
		Fields:    []press.Field{{Key: "translator", Value: "Sam Haddad"}, {Key: "document_id", Value: "BM-77"}},
	}, {
		Slug: "second-piece", Title: "A second piece on water", Body: md("Body two."), Status: press.StatusPublished, PublishedAt: day2,
		Authors: []press.Author{author("ana-ruiz", "Ana Ruiz")},
		Terms:   []press.Term{term("regions", "syria", "Syria"), term("reports", "the-water-ledger", "The Water Ledger")},
	}, {
		Slug: "secret-draft", Title: "Unfinished", Body: md("Not yet."), Status: press.StatusDraft,
		Authors: []press.Author{author("ana-ruiz", "Ana Ruiz")},
		Terms:   []press.Term{term("regions", "syria", "Syria")},
	}}
	return press.Bundle{
		Site: &site,
		Terms: []press.Term{
			{Taxonomy: "regions", Slug: "mena", Name: "Middle East & North Africa"},
			{Taxonomy: "regions", Slug: "syria", Name: "Syria", Parent: "mena", Description: md("Coverage of *Syria*.")},
		},
		Authors: []press.Author{{Slug: "ana-ruiz", Name: "Ana Ruiz", Bio: md("Ana covers **water**."), Photo: "/media/ana.svg"}},
		Pages: []press.Page{
			{Slug: "about", Title: "About us", Body: md("We are a desk."), Status: press.StatusPublished},
			{Slug: "hidden", Title: "Hidden", Body: md("Draft page."), Status: press.StatusDraft},
		},
		Articles: articles,
	}
}

func mustFixtureSite(t *testing.T) *presstest.Site {
	t.Helper()
	s := presstest.MustSite(t)
	if _, err := s.Newsroom.Import(context.Background(), fixture()); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestArticlePage checks every part of the article page, in the order the
// reader meets them.
func TestArticlePage(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	d := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)

	labels := d.All(".taxonomy-links li")
	var got []string
	for _, li := range labels {
		got = append(got, presstest.Text(li))
	}
	want := []string{"Region: Syria", "Theme: Climate & Water", "In-depth Report: The Water Ledger"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("taxonomy links = %q, want %q", got, want)
	}
	if href := presstest.Attr(d.One(".taxonomy-links a[href='/regions/syria']"), "href"); href == "" {
		t.Error("region link missing")
	}
	h1 := d.One("h1")
	if presstest.Text(h1) != "The water war nobody names" {
		t.Errorf("h1 = %q", presstest.Text(h1))
	}
	dek := d.One(".dek")
	byline := d.One(".byline")
	if got := presstest.Text(d.One(".byline-authors")); got != "By Ana Ruiz and Lee Park" {
		t.Errorf("byline = %q", got)
	}
	for _, slug := range []string{"ana-ruiz", "lee-park"} {
		d.One(".byline a[href='/authors/" + slug + "']")
	}
	tm := d.One(".byline time")
	if got := presstest.Attr(tm, "datetime"); got != "2026-03-04T09:30:00Z" {
		t.Errorf("datetime = %q", got)
	}
	if got := presstest.Text(tm); got != "March 4, 2026" {
		t.Errorf("date text = %q", got)
	}
	if got := presstest.Text(d.One(".byline-translator")); got != "Translated by Sam Haddad" {
		t.Errorf("translator = %q", got)
	}
	img := d.One(".featured-image img")
	if presstest.Attr(img, "alt") != "A dry riverbed" {
		t.Errorf("featured image alt = %q", presstest.Attr(img, "alt"))
	}
	body := d.One(".prose")
	if d.One(".prose blockquote") == nil || len(d.All(".prose h2[id]")) != 1 {
		t.Error("body lost its quote or heading id")
	}
	ext := d.One(".prose a[href='https://data.example/r']")
	if !strings.Contains(presstest.Attr(ext, "rel"), "noopener") {
		t.Errorf("outbound link rel = %q", presstest.Attr(ext, "rel"))
	}
	if strings.Contains(d.Body, "alert(1)") || len(d.All("script:not([type='application/ld+json']):not([src])")) != 0 {
		t.Error("script from the article body reached the page")
	}
	authorBox := d.All(".author-box")
	if len(authorBox) != 2 {
		t.Fatalf("%d author boxes, want 2", len(authorBox))
	}
	if !strings.Contains(presstest.Text(authorBox[0]), "Ana covers water.") || !strings.Contains(presstest.Text(authorBox[0]), "Articles by Ana Ruiz") {
		t.Errorf("author box = %q", presstest.Text(authorBox[0]))
	}
	source := d.One(".original-source")
	if got := presstest.Text(source); got != "The original source of this article is Basin Monitor." {
		t.Errorf("source line = %q", got)
	}
	d.One(".original-source a[href='https://basin.example/orig']")
	copyright := d.One(".copyright")
	if got := presstest.Text(copyright); got != "Copyright © Basin Monitor, 2025." {
		t.Errorf("copyright = %q", got)
	}
	if dt, dd := presstest.Text(d.One(".fields dt")), presstest.Text(d.One(".fields dd")); dt != "Document ID" || dd != "BM-77" {
		t.Errorf("fields = %q: %q, want Document ID: BM-77", dt, dd)
	}
	order := []string{".standing-comments", ".standing-membership", ".standing-republishing", ".standing-disclaimer", ".standing-fair-use", ".standing-contacts", ".related"}
	nodes := []*html.Node{d.One(".taxonomy-links"), h1, dek, byline, img, body, authorBox[0], source, copyright}
	for _, sel := range order {
		nodes = append(nodes, d.One(sel))
	}
	for i := 1; i < len(nodes); i++ {
		if !presstest.Before(nodes[i-1], nodes[i]) {
			t.Errorf("element %d of the article page is out of order", i)
		}
	}
	if got := presstest.Text(d.One(".standing-republishing")); !strings.Contains(got, "Community sites may republish") {
		t.Errorf("republishing policy = %q", got)
	}
	// The republish offer: HTML to paste, with the attribution and a link
	// back, and the way to ask for other uses.
	snippet := presstest.Text(d.One(".republish-box textarea"))
	for _, want := range []string{"<h1>The water war nobody names</h1>", "By Ana Ruiz and Lee Park",
		`The original source of this article is <a href="https://basin.example/orig">Basin Monitor</a>.`,
		"Copyright © Basin Monitor, 2025.", `<link rel="canonical" href="https://desk.example/articles/water-war">`,
		`originally published by <a href="https://desk.example/articles/water-war">The Test Desk</a>`} {
		if !strings.Contains(snippet, want) {
			t.Errorf("republish snippet lacks %s", want)
		}
	}
	d.One(".republish-box a[href='/licensing/water-war']")
	d.One(".related a[href='/articles/second-piece']")
	if strings.Contains(d.Body, "secret-draft") {
		t.Error("a draft is linked from a public page")
	}
	if got := presstest.Attr(d.One("link[rel=canonical]"), "href"); got != "https://desk.example/articles/water-war" {
		t.Errorf("canonical = %q", got)
	}
	if got := presstest.Attr(d.One("meta[name=description]"), "content"); got != "Dams, drought and a quiet contest." {
		t.Errorf("description = %q", got)
	}
}

// TestArticleDefaults: without a set copyright or licence the defaults
// apply, and unset standing texts leave no empty sections.
func TestArticleDefaults(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	b := press.Bundle{Articles: []press.Article{{Slug: "plain", Title: "Plain", Body: md("Text."), Status: press.StatusPublished,
		PublishedAt: day2, Authors: []press.Author{{Slug: "ana-ruiz", Name: "Ana Ruiz"}, {Slug: "bo", Name: "Bo Li"}}}}}
	if _, err := s.Newsroom.Import(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	d := presstest.MustGet(t, s.URL+"/articles/plain", http.StatusOK)
	if got := presstest.Text(d.One(".copyright")); got != "Copyright © Ana Ruiz, Bo Li and Pressroom, 2026." {
		t.Errorf("default copyright = %q", got)
	}
	for _, sel := range []string{".original-source", ".standing", ".taxonomy-links", ".featured-image", ".dek", ".republish-box textarea"} {
		if n := len(d.All(sel)); n != 0 {
			t.Errorf("%d %s elements on an article without them", n, sel)
		}
	}
}

func TestPages(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	tests := []struct {
		path   string
		status int
		h1     string
	}{
		{"/", 200, "The Test Desk"},
		{"/articles/water-war", 200, "The water war nobody names"},
		{"/authors/ana-ruiz", 200, "Ana Ruiz"},
		{"/authors", 200, "Authors"},
		{"/regions", 200, "Regions"},
		{"/regions/syria", 200, "Syria"},
		{"/regions/mena", 200, "Middle East & North Africa"},
		{"/reports/the-water-ledger", 200, "The Water Ledger"},
		{"/archive", 200, "Archive"},
		{"/archive/2026/03", 200, "Archive: March 2026"},
		{"/about", 200, "About us"},
		{"/articles/secret-draft", 404, "Page not found"},
		{"/articles/nope", 404, "Page not found"},
		{"/hidden", 404, "Page not found"},
		{"/nope", 404, "Page not found"},
		{"/regions/nope", 404, "Page not found"},
		{"/colours/red", 404, "Page not found"},
		{"/authors/nobody", 404, "Page not found"},
		{"/archive/2026/13", 404, "Page not found"},
		{"/archive/2019/01", 404, "Page not found"},
		{"/a/b/c", 404, "Page not found"},
		{"/authors/ana-ruiz?page=abc", 400, "Bad request"},
		{"/authors/ana-ruiz?page=9", 404, "Page not found"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			d := presstest.MustGet(t, s.URL+tt.path, tt.status)
			if got := presstest.Text(d.One("h1")); got != tt.h1 {
				t.Errorf("h1 = %q, want %q", got, tt.h1)
			}
			if ct := d.Resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			if tt.status != 200 && len(d.All("meta[name=robots][content=noindex]")) != 1 {
				t.Error("error page is indexable")
			}
		})
	}
}

func TestListings(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	titles := func(path string) []string {
		d := presstest.MustGet(t, s.URL+path, http.StatusOK)
		var out []string
		for _, n := range d.All(".card-title") {
			out = append(out, presstest.Text(n))
		}
		return out
	}
	// A parent region lists its countries' articles; drafts never show.
	for _, path := range []string{"/regions/mena", "/regions/syria", "/authors/ana-ruiz"} {
		got := strings.Join(titles(path), "|")
		if got != "A second piece on water|The water war nobody names" {
			t.Errorf("%s lists %q", path, got)
		}
	}
	if got := titles("/archive/2026/04"); len(got) != 1 || got[0] != "A second piece on water" {
		t.Errorf("April archive lists %q", got)
	}
	home := presstest.MustGet(t, s.URL+"/", http.StatusOK)
	if n := len(home.All(".featured-block .card")); n != 1 {
		t.Errorf("%d featured cards, want 1", n)
	}
	if n := len(home.All(".card-title a[href='/articles/water-war']")); n != 1 {
		t.Errorf("the featured article appears %d times on the front page, want once", n)
	}
	tax := presstest.MustGet(t, s.URL+"/regions", http.StatusOK)
	tax.One(".term-tree .term-tree a[href='/regions/syria']") // nested under its parent
	term := presstest.MustGet(t, s.URL+"/regions/syria", http.StatusOK)
	term.One(".breadcrumbs a[href='/regions/mena']")
	// Cards on a term's listing name another of their terms, not this one.
	for _, k := range term.All(".card .kicker") {
		if presstest.Text(k) == "Syria" {
			t.Error("a card on the Syria listing is labelled Syria")
		}
	}
	if got := presstest.Text(term.All(".card .kicker")[1]); got != "Climate & Water" {
		t.Errorf("kicker of the water-war card = %q, want its theme", got)
	}
	if got := presstest.Text(term.One(".term-description")); got != "Coverage of Syria." {
		t.Errorf("term description = %q", got)
	}
}

func TestHeaders(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	d := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)
	h := d.Resp.Header
	csp := h.Get("Content-Security-Policy")
	if csp != web.ContentSecurityPolicy || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"} {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	etag, lm := h.Get("ETag"), h.Get("Last-Modified")
	if etag == "" || lm == "" {
		t.Fatalf("ETag %q, Last-Modified %q: want both", etag, lm)
	}
	req := presstest.NewRequest(t, "GET", s.URL+"/articles/water-war")
	req.Header.Set("If-None-Match", etag)
	presstest.MustDo(t, req, http.StatusNotModified)
	req = presstest.NewRequest(t, "GET", s.URL+"/articles/water-war")
	req.Header.Set("If-Modified-Since", lm)
	presstest.MustDo(t, req, http.StatusNotModified)

	// Static files: hashed URL, cached for good.
	css := presstest.Attr(d.One("link[rel=stylesheet][href^='/static/site.']"), "href")
	st := presstest.MustGet(t, s.URL+css, http.StatusOK)
	if !strings.Contains(st.Resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("static Cache-Control = %q", st.Resp.Header.Get("Cache-Control"))
	}
	// Error pages are never cached.
	nf := presstest.MustGet(t, s.URL+"/articles/nope", http.StatusNotFound)
	if nf.Resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("404 Cache-Control = %q", nf.Resp.Header.Get("Cache-Control"))
	}

	hz := presstest.MustGet(t, s.URL+"/healthz", http.StatusOK)
	if !strings.Contains(hz.Body, `"status":"ok"`) {
		t.Errorf("healthz = %s", hz.Body)
	}
}

// TestUpdateChangesETag: a published change shows at once, with new
// validators, so a revalidating cache cannot keep the old page.
func TestUpdateChangesETag(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	before := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)
	b := fixture()
	b.Articles[0].Title = "A new headline"
	if _, err := s.Newsroom.Import(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	req := presstest.NewRequest(t, "GET", s.URL+"/articles/water-war")
	req.Header.Set("If-None-Match", before.Resp.Header.Get("ETag"))
	after := presstest.MustDo(t, req, http.StatusOK)
	if got := presstest.Text(after.One("h1")); got != "A new headline" {
		t.Errorf("h1 after update = %q", got)
	}
}

// TestDatabaseDown: with the database gone, pages fail with the friendly
// 500 page (no internals shown) and the health check says so.
func TestDatabaseDown(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	s.DB.Close()
	d := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusInternalServerError)
	if got := presstest.Text(d.One("h1")); got != "Something went wrong" {
		t.Errorf("h1 = %q", got)
	}
	if strings.Contains(d.Body, "sql") || strings.Contains(d.Body, "closed") {
		t.Error("the 500 page shows internals")
	}
	hz := presstest.MustGet(t, s.URL+"/healthz", http.StatusServiceUnavailable)
	if !strings.Contains(hz.Body, `"status":"unavailable"`) {
		t.Errorf("healthz = %s", hz.Body)
	}
}

// TestRepublishOptOut: an article withheld from republishing offers no
// snippet and no licence, and points to its original publisher.
func TestRepublishOptOut(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	b := fixture()
	b.Articles[0].NoRepublish = true
	if _, err := s.Newsroom.Import(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	d := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)
	if n := len(d.All(".republish-box textarea")) + len(d.All(".standing-republishing")) + len(d.All("link[rel=license]")); n != 0 {
		t.Errorf("an opted-out article still offers republishing (%d elements)", n)
	}
	if got := presstest.Text(d.One(".republish-box")); !strings.Contains(got, "ask its original publisher, Basin Monitor") {
		t.Errorf("opt-out box = %q", got)
	}
	// Its neighbour, not opted out, still has the offer.
	presstest.MustGet(t, s.URL+"/articles/second-piece", http.StatusOK).One(".republish-box textarea")
}
