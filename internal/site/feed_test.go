package site_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/pressroomhq/pressroom/internal/feed"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

var (
	feedDay1 = time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	feedDay2 = time.Date(2026, 4, 2, 8, 0, 0, 0, time.UTC)
)

// feedFixture is a small site for the feed and sitemap tests: an article
// cross-posted from a partner, by two authors, with a featured image, a
// footnote and links relative to the site; a second article; a draft; a
// region under another; a page and a draft page.
func feedFixture() press.Bundle {
	site := press.DefaultSite()
	site.Name = "The Feed Desk"
	site.Tagline = "Water & power"
	site.BaseURL = "https://feeds.example"
	term := func(tax, slug string) press.Term { return press.Term{Taxonomy: tax, Slug: slug} }
	return press.Bundle{
		Site: &site,
		Terms: []press.Term{
			{Taxonomy: "regions", Slug: "mena", Name: "Middle East & North Africa"},
			{Taxonomy: "regions", Slug: "syria", Name: "Syria", Parent: "mena", Description: md("Coverage of *Syria*.")},
			{Taxonomy: "themes", Slug: "climate-water", Name: "Climate & Water"},
			{Taxonomy: "reports", Slug: "the-water-ledger", Name: "The Water Ledger"},
		},
		Authors: []press.Author{
			{Slug: "ana-ruiz", Name: "Ana Ruiz", Bio: md("Ana covers **water**."), Photo: "/media/demo/ana.svg"},
			{Slug: "lee-park", Name: "Lee Park"},
			{Slug: "no-articles", Name: "Nadia Nothing"},
		},
		Pages: []press.Page{
			{Slug: "about", Title: "About us", Body: md("We are a desk."), Status: press.StatusPublished},
			{Slug: "hidden", Title: "Hidden", Body: md("Draft page."), Status: press.StatusDraft},
		},
		Articles: []press.Article{{
			Slug: "water-war", Title: "The water war nobody names", Dek: "Dams, drought and a quiet contest.",
			Body: md("Opening with [a source](https://data.example/r) and [our earlier piece](/articles/second-piece).[^1]\n\n" +
				"![A chart of the river](/media/demo/chart.svg)\n\n[^1]: The note."),
			Status: press.StatusPublished, PublishedAt: feedDay1,
			Authors:   []press.Author{{Slug: "ana-ruiz"}, {Slug: "lee-park"}},
			Terms:     []press.Term{term("regions", "syria"), term("themes", "climate-water"), term("reports", "the-water-ledger")},
			Image:     press.Image{Src: "/media/demo/water.svg", Alt: "A dry riverbed"},
			Source:    press.Source{Name: "Basin Monitor", URL: "https://basin.example/orig"},
			Copyright: press.Copyright{Holder: "Basin Monitor", Year: 2025},
		}, {
			Slug: "second-piece", Title: "A second piece on water", Body: md("Body two."),
			Status: press.StatusPublished, PublishedAt: feedDay2,
			Authors: []press.Author{{Slug: "ana-ruiz"}},
			Terms:   []press.Term{term("regions", "syria")},
		}, {
			Slug: "secret-draft", Title: "Unfinished secret", Body: md("Not yet, never in a feed."), Status: press.StatusDraft,
			Authors: []press.Author{{Slug: "ana-ruiz"}, {Slug: "no-articles"}},
			Terms:   []press.Term{term("regions", "syria")},
		}},
	}
}

// waterSVG is the featured image the fixture's media directory holds, so
// that its enclosure's length is known.
const waterSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="12" height="8"><rect width="12" height="8" fill="#c96"/></svg>`

func mustFeedSite(t *testing.T) *presstest.Site {
	t.Helper()
	s := presstest.MustSite(t)
	if _, err := s.Newsroom.Import(context.Background(), feedFixture()); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(s.MediaDir, "demo"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.MediaDir, "demo", "water.svg"), []byte(waterSVG), 0o644); err != nil {
		t.Fatal(err)
	}
	return s
}

// feedKinds are the three formats by file, with gofeed's name and the
// Content-Type they are served with.
var feedKinds = []struct{ file, kind, contentType string }{
	{"feed.xml", "rss", "application/rss+xml; charset=utf-8"},
	{"atom.xml", "atom", "application/atom+xml; charset=utf-8"},
	{"feed.json", "json", "application/feed+json"},
}

// mustFeed fetches and parses the feed at path, checking its headers.
func mustFeed(t *testing.T, s *presstest.Site, path, kind, contentType string) (*gofeed.Feed, *presstest.Doc) {
	t.Helper()
	d := presstest.MustGet(t, s.URL+path, http.StatusOK)
	h := d.Resp.Header
	if h.Get("Content-Type") != contentType || h.Get("ETag") == "" || h.Get("Last-Modified") == "" {
		t.Errorf("%s: Content-Type %q, ETag %q, Last-Modified %q", path, h.Get("Content-Type"), h.Get("ETag"), h.Get("Last-Modified"))
	}
	return presstest.MustParseFeed(t, kind, []byte(d.Body)), d
}

// TestFeeds reads all nine feeds (the site's, an author's, a term's, in
// three formats) with a feed reader's parser and checks what a reader
// gets: the items, their authors, dates, categories, featured image, and
// full content closed by the attribution, every URL absolute.
func TestFeeds(t *testing.T) {
	t.Parallel()
	s := mustFeedSite(t)
	for _, page := range []struct {
		path, title, link string
		items             []string
	}{
		{"", "The Feed Desk", "https://feeds.example/", []string{"A second piece on water", "The water war nobody names"}},
		{"/authors/ana-ruiz", "Ana Ruiz · The Feed Desk", "https://feeds.example/authors/ana-ruiz",
			[]string{"A second piece on water", "The water war nobody names"}},
		{"/authors/lee-park", "Lee Park · The Feed Desk", "https://feeds.example/authors/lee-park", []string{"The water war nobody names"}},
		// A term's feed carries the terms below it, as its page does.
		{"/regions/mena", "Middle East & North Africa · The Feed Desk", "https://feeds.example/regions/mena",
			[]string{"A second piece on water", "The water war nobody names"}},
		{"/themes/climate-water", "Climate & Water · The Feed Desk", "https://feeds.example/themes/climate-water",
			[]string{"The water war nobody names"}},
	} {
		for _, k := range feedKinds {
			path := page.path + "/" + k.file
			t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
				f, d := mustFeed(t, s, path, k.kind, k.contentType)
				if strings.Contains(d.Body, "Unfinished") || strings.Contains(d.Body, "never in a feed") {
					t.Error("the draft is in the feed")
				}
				if f.Title != page.title || f.Link != page.link {
					t.Errorf("title %q, link %q; want %q, %q", f.Title, f.Link, page.title, page.link)
				}
				var titles []string
				for _, it := range f.Items {
					titles = append(titles, it.Title)
				}
				if diff := cmp.Diff(page.items, titles); diff != "" {
					t.Fatalf("items (-want +got):\n%s", diff)
				}
				checkWaterWar(t, k.kind, f.Items[len(f.Items)-1])
			})
		}
	}
}

// checkWaterWar asserts everything a reader should get of the fixture's
// cross-posted article.
func checkWaterWar(t *testing.T, kind string, it *gofeed.Item) {
	t.Helper()
	if it.Link != "https://feeds.example/articles/water-war" || it.GUID != it.Link {
		t.Errorf("link %q, id %q", it.Link, it.GUID)
	}
	if it.PublishedParsed == nil || !it.PublishedParsed.Equal(feedDay1) {
		t.Errorf("published %v, want %v", it.PublishedParsed, feedDay1)
	}
	if it.Description != "Dams, drought and a quiet contest." {
		t.Errorf("description = %q", it.Description)
	}
	var authors []string
	for _, p := range it.Authors {
		authors = append(authors, p.Name)
	}
	if kind == "rss" {
		authors = it.DublinCoreExt.Creator // every dc:creator; gofeed keeps the first as Authors
	}
	if diff := cmp.Diff([]string{"Ana Ruiz", "Lee Park"}, authors); diff != "" {
		t.Errorf("authors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Syria", "Climate & Water", "The Water Ledger"}, it.Categories); diff != "" {
		t.Errorf("categories (-want +got):\n%s", diff)
	}
	image := "https://feeds.example/media/demo/water.svg"
	if kind == "json" {
		if it.Image == nil || it.Image.URL != image {
			t.Errorf("image = %+v", it.Image)
		}
	} else {
		want := []*gofeed.Enclosure{{URL: image, Length: strconv.Itoa(len(waterSVG)), Type: "image/svg+xml"}}
		if diff := cmp.Diff(want, it.Enclosures); diff != "" {
			t.Errorf("enclosure (-want +got):\n%s", diff)
		}
	}
	checkFeedContent(t, it.Content, "https://feeds.example")
	doc, _ := html.Parse(strings.NewReader(it.Content))
	text := presstest.Text(doc)
	if !strings.HasSuffix(text, "The original source of this article is Basin Monitor. Copyright © Basin Monitor, 2025.") {
		t.Errorf("content does not end with the attribution: …%s", text[max(0, len(text)-160):])
	}
	for _, want := range []string{`<a href="https://basin.example/orig">Basin Monitor</a>`,
		`href="https://feeds.example/articles/second-piece"`, `href="https://feeds.example/articles/water-war#fn:1"`,
		`src="https://feeds.example/media/demo/chart.svg"`} {
		if !strings.Contains(it.Content, want) {
			t.Errorf("content lacks %s:\n%s", want, it.Content)
		}
	}
}

// checkFeedContent fails t for any link or image in content that a feed
// reader could not follow: relative, or on another site than base for
// what the site itself serves.
func checkFeedContent(t *testing.T, content, base string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			if a.Key != "href" && a.Key != "src" && a.Key != "cite" {
				continue
			}
			u, err := url.Parse(a.Val)
			if err != nil || !u.IsAbs() {
				t.Errorf("<%s %s=%q> is not absolute", n.Data, a.Key, a.Val)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// TestFeedConditionalGET: a feed answers its ETag and its Last-Modified
// with 304, and publishing changes both.
func TestFeedConditionalGET(t *testing.T) {
	t.Parallel()
	url, db := clockSite(t, feedDay2.Add(time.Hour), feed.Limits{})
	for _, path := range []string{"/feed.xml", "/authors/ana-ruiz/atom.xml", "/regions/syria/feed.json"} {
		d := presstest.MustGet(t, url+path, http.StatusOK)
		etag, lm := d.Resp.Header.Get("ETag"), d.Resp.Header.Get("Last-Modified")
		if lm != "Thu, 02 Apr 2026 09:00:00 GMT" {
			t.Errorf("%s: Last-Modified %q, want the store's", path, lm)
		}
		req := presstest.NewRequest(t, "GET", url+path)
		req.Header.Set("If-None-Match", etag)
		if got := presstest.MustDo(t, req, http.StatusNotModified); got.Body != "" {
			t.Errorf("%s: 304 with a body", path)
		}
		req = presstest.NewRequest(t, "GET", url+path)
		req.Header.Set("If-Modified-Since", lm)
		presstest.MustDo(t, req, http.StatusNotModified)
	}
	before := presstest.MustGet(t, url+"/feed.xml", http.StatusOK)
	ctx := context.Background()
	now := presstest.ClockOf(t, db).Advance(time.Hour)
	a, err := db.Article(ctx, "secret-draft")
	if err != nil {
		t.Fatal(err)
	}
	a.Status, a.PublishedAt = press.StatusPublished, now
	if err := db.UpdateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	req := presstest.NewRequest(t, "GET", url+"/feed.xml")
	req.Header.Set("If-None-Match", before.Resp.Header.Get("ETag"))
	after := presstest.MustDo(t, req, http.StatusOK)
	f := presstest.MustParseFeed(t, "rss", []byte(after.Body))
	if f.Items[0].Title != "Unfinished secret" || after.Resp.Header.Get("Last-Modified") != "Thu, 02 Apr 2026 10:00:00 GMT" {
		t.Errorf("after publishing: first item %q, Last-Modified %q", f.Items[0].Title, after.Resp.Header.Get("Last-Modified"))
	}
}

func TestFeedNotFound(t *testing.T) {
	t.Parallel()
	s := mustFeedSite(t)
	for _, path := range []string{
		"/authors/ana-ruiz/feed.rss", "/authors/nobody/feed.xml", "/regions/atlantis/atom.xml",
		"/nowhere/syria/feed.xml", "/regions/syria/index.html", "/feed.xml/extra",
	} {
		presstest.MustGet(t, s.URL+path, http.StatusNotFound)
	}
	// An author with only drafts has an empty feed, not a missing one.
	f, _ := mustFeed(t, s, "/authors/no-articles/feed.json", "json", "application/feed+json")
	if len(f.Items) != 0 {
		t.Errorf("no-articles' feed has %d items", len(f.Items))
	}
}

// TestFeedAutodiscovery: every page announces the site's feeds; author and
// term pages announce their own first and list them for people.
func TestFeedAutodiscovery(t *testing.T) {
	t.Parallel()
	s := mustFeedSite(t)
	site := []string{
		"application/rss+xml /feed.xml The Feed Desk (RSS)",
		"application/atom+xml /atom.xml The Feed Desk (Atom)",
		"application/feed+json /feed.json The Feed Desk (JSON Feed)",
	}
	own := func(path, name string) []string {
		return []string{
			"application/rss+xml " + path + "/feed.xml " + name + " · The Feed Desk (RSS)",
			"application/atom+xml " + path + "/atom.xml " + name + " · The Feed Desk (Atom)",
			"application/feed+json " + path + "/feed.json " + name + " · The Feed Desk (JSON Feed)",
		}
	}
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"/", site},
		{"/articles/water-war", site},
		{"/about", site},
		{"/archive", site},
		{"/authors/ana-ruiz", append(own("/authors/ana-ruiz", "Ana Ruiz"), site...)},
		{"/regions/syria", append(own("/regions/syria", "Syria"), site...)},
	} {
		d := presstest.MustGet(t, s.URL+tt.path, http.StatusOK)
		var got []string
		for _, l := range d.All("head link[rel=alternate]") {
			if typ := presstest.Attr(l, "type"); strings.Contains(typ, "rss") || strings.Contains(typ, "atom") || strings.Contains(typ, "feed+json") {
				got = append(got, typ+" "+presstest.Attr(l, "href")+" "+presstest.Attr(l, "title"))
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: feed links (-want +got):\n%s", tt.path, diff)
		}
		links := d.All(".feed-links a")
		if len(tt.want) == 3 {
			if len(links) != 0 {
				t.Errorf("%s lists %d feeds of its own", tt.path, len(links))
			}
			continue
		}
		var visible []string
		for _, a := range links {
			visible = append(visible, presstest.Text(a)+" "+presstest.Attr(a, "href"))
		}
		want := []string{"RSS " + tt.path + "/feed.xml", "Atom " + tt.path + "/atom.xml", "JSON Feed " + tt.path + "/feed.json"}
		if diff := cmp.Diff(want, visible); diff != "" {
			t.Errorf("%s: subscribe line (-want +got):\n%s", tt.path, diff)
		}
		if !strings.HasPrefix(presstest.Text(d.One(".feed-links")), "Subscribe:") {
			t.Errorf("%s: subscribe line reads %q", tt.path, presstest.Text(d.One(".feed-links")))
		}
		// Every announced feed is there.
		for _, l := range d.All("head link[rel=alternate]") {
			presstest.MustGet(t, s.URL+presstest.Attr(l, "href"), http.StatusOK)
		}
	}
}

// TestDemoFeeds reads the demo site's feeds: real Markdown, many authors
// and terms, twenty items in full.
func TestDemoFeeds(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	ctx := context.Background()
	site, err := s.DB.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	authors, err := s.DB.Authors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	terms, err := s.DB.Terms(ctx, "regions")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		page   string
		filter press.ArticleFilter
	}{
		{"", press.ArticleFilter{}},
		{press.AuthorPath(authors[0].Slug), press.ArticleFilter{Author: authors[0].Slug}},
		{press.TermPath("regions", terms[0].Slug), press.ArticleFilter{Taxonomy: "regions", Term: terms[0].Slug}},
	} {
		tt.filter.Status = press.StatusPublished
		tt.filter.Limit = 20
		want, err := s.DB.Articles(ctx, tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		if tt.page == "" && len(want.Articles) != 20 {
			t.Fatalf("the demo has %d articles for the site feed, want 20 of them", len(want.Articles))
		}
		for _, k := range feedKinds {
			f, _ := mustFeed(t, s, tt.page+"/"+k.file, k.kind, k.contentType)
			if len(f.Items) != len(want.Articles) {
				t.Fatalf("%s/%s: %d items, want %d", tt.page, k.file, len(f.Items), len(want.Articles))
			}
			for i, it := range f.Items {
				a := want.Articles[i]
				if it.Link != site.BaseURL+press.ArticlePath(a.Slug) || it.PublishedParsed == nil || !it.PublishedParsed.Equal(a.PublishedAt) {
					t.Errorf("%s/%s item %d: link %q published %v, want %s at %v", tt.page, k.file, i, it.Link, it.PublishedParsed, a.Slug, a.PublishedAt)
				}
				checkFeedContent(t, it.Content, site.BaseURL)
				c := a.Attribution(&site)
				if line := "Copyright © " + html.EscapeString(c.Holder) + ", " + strconv.Itoa(c.Year) + "."; !strings.Contains(it.Content, line) {
					t.Errorf("%s/%s item %d lacks %q", tt.page, k.file, i, line)
				}
				if a.Image.Src != "" && k.kind != "json" {
					info, err := os.Stat(filepath.Join(s.MediaDir, strings.TrimPrefix(a.Image.Src, "/media/")))
					if err != nil || len(it.Enclosures) != 1 || it.Enclosures[0].Length != strconv.FormatInt(info.Size(), 10) {
						t.Errorf("%s/%s item %d: enclosure %+v for %s (%v)", tt.page, k.file, i, it.Enclosures, a.Image.Src, err)
					}
				}
			}
		}
	}
}
