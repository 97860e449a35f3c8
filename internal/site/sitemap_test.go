package site_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/feed"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/site"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/theme"
)

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    *struct {
		Name     string `xml:"publication>name"`
		Language string `xml:"publication>language"`
		Date     string `xml:"publication_date"`
		Title    string `xml:"title"`
	} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
}

type sitemapDoc struct {
	XMLName  xml.Name
	URLs     []sitemapURL `xml:"url"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// mustSitemap fetches the sitemap file at path, checks its headers and
// validates it against the official schema for its kind (urlset or
// sitemapindex).
func mustSitemap(t *testing.T, url string) sitemapDoc {
	t.Helper()
	d := presstest.MustGet(t, url, http.StatusOK)
	if ct := d.Resp.Header.Get("Content-Type"); ct != "application/xml; charset=utf-8" || d.Resp.Header.Get("ETag") == "" {
		t.Errorf("%s: Content-Type %q, ETag %q", url, ct, d.Resp.Header.Get("ETag"))
	}
	var doc sitemapDoc
	if err := xml.Unmarshal([]byte(d.Body), &doc); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	xsd := "sitemap-all.xsd"
	if doc.XMLName.Local == "sitemapindex" {
		xsd = "siteindex.xsd"
	}
	if doc.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
		t.Errorf("%s: root %v", url, doc.XMLName)
	}
	if len(doc.URLs) > 0 || len(doc.Sitemaps) > 0 {
		presstest.MustMatchSchema(t, presstest.SitemapSchema(t, xsd), []byte(d.Body))
	}
	return doc
}

func locsOf(list []sitemapURL) []string {
	out := []string{}
	for _, u := range list {
		out = append(out, u.Loc)
	}
	return out
}

// clockSite serves the fixture from a store whose clock the test holds,
// with the given sitemap limits (zero: the protocol's).
func clockSite(t *testing.T, now time.Time, limits feed.Limits) (string, *store.DB) {
	t.Helper()
	db := presstest.MustStore(t, store.EngineSQLite, presstest.WithClock(now))
	if _, err := newsroom.New(db, presstest.Logger()).Import(context.Background(), feedFixture()); err != nil {
		t.Fatal(err)
	}
	th, err := theme.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := site.New(db, th, t.TempDir(), presstest.Logger())
	s.SetSitemapLimits(limits)
	mux := http.NewServeMux()
	s.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL, db
}

// fixtureLocs is everything the fixture's sitemap lists, in order.
var fixtureLocs = []string{
	"https://feeds.example/", "https://feeds.example/authors",
	"https://feeds.example/regions", "https://feeds.example/themes", "https://feeds.example/reports",
	"https://feeds.example/archive",
	"https://feeds.example/about",
	"https://feeds.example/authors/ana-ruiz", "https://feeds.example/authors/lee-park",
	"https://feeds.example/regions/mena", "https://feeds.example/regions/syria",
	"https://feeds.example/themes/climate-water", "https://feeds.example/reports/the-water-ledger",
	"https://feeds.example/archive/2026/03", "https://feeds.example/archive/2026/04",
	"https://feeds.example/articles/water-war", "https://feeds.example/articles/second-piece",
}

func TestSitemap(t *testing.T) {
	t.Parallel()
	s := mustFeedSite(t)
	doc := mustSitemap(t, s.URL+"/sitemap.xml")
	if doc.XMLName.Local != "urlset" {
		t.Fatalf("root <%s>, want a urlset", doc.XMLName.Local)
	}
	// No drafts, no draft pages, no author without published articles.
	if diff := cmp.Diff(fixtureLocs, locsOf(doc.URLs)); diff != "" {
		t.Errorf("sitemap (-want +got):\n%s", diff)
	}
	lastmod := map[string]string{}
	for _, u := range doc.URLs {
		lastmod[u.Loc] = u.LastMod
	}
	for _, loc := range []string{"https://feeds.example/", "https://feeds.example/articles/water-war", "https://feeds.example/regions/mena"} {
		if _, err := time.Parse(time.RFC3339, lastmod[loc]); err != nil {
			t.Errorf("%s: lastmod %q", loc, lastmod[loc])
		}
	}
	// Everything fits in one file, so there are no parts.
	presstest.MustGet(t, s.URL+"/sitemaps/1.xml", http.StatusNotFound)

	d := presstest.MustGet(t, s.URL+"/sitemap.xml", http.StatusOK)
	req := presstest.NewRequest(t, "GET", s.URL+"/sitemap.xml")
	req.Header.Set("If-None-Match", d.Resp.Header.Get("ETag"))
	presstest.MustDo(t, req, http.StatusNotModified)
	req = presstest.NewRequest(t, "GET", s.URL+"/sitemap.xml")
	req.Header.Set("If-Modified-Since", d.Resp.Header.Get("Last-Modified"))
	presstest.MustDo(t, req, http.StatusNotModified)
}

// TestSitemapSplit forces the split with small limits: /sitemap.xml is a
// valid index, each part a valid urlset within the limits, and the parts
// together are the unsplit sitemap, in order.
func TestSitemapSplit(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 4, 3, 12, 0, 0, 0, time.UTC)
	url, _ := clockSite(t, now, feed.Limits{URLs: 5})
	index := mustSitemap(t, url+"/sitemap.xml")
	if index.XMLName.Local != "sitemapindex" {
		t.Fatalf("root <%s>, want a sitemapindex", index.XMLName.Local)
	}
	want := []string{"https://feeds.example/sitemaps/1.xml", "https://feeds.example/sitemaps/2.xml",
		"https://feeds.example/sitemaps/3.xml", "https://feeds.example/sitemaps/4.xml"}
	if diff := cmp.Diff(want, locsOf(index.Sitemaps)); diff != "" {
		t.Fatalf("index (-want +got):\n%s", diff)
	}
	var all []string
	for i, m := range index.Sitemaps {
		part := mustSitemap(t, url+strings.TrimPrefix(m.Loc, "https://feeds.example"))
		if part.XMLName.Local != "urlset" || len(part.URLs) > 5 || len(part.URLs) == 0 {
			t.Errorf("part %d: <%s> with %d URLs", i+1, part.XMLName.Local, len(part.URLs))
		}
		// A part changed when the newest of its pages did.
		newest := ""
		for _, u := range part.URLs {
			newest = max(newest, u.LastMod) // RFC 3339 in UTC sorts as text
		}
		if m.LastMod == "" || m.LastMod != newest {
			t.Errorf("part %d lastmod %q, want its newest page's, %q", i+1, m.LastMod, newest)
		}
		all = append(all, locsOf(part.URLs)...)
	}
	if diff := cmp.Diff(fixtureLocs, all); diff != "" {
		t.Errorf("the parts together (-want +got):\n%s", diff)
	}
	for _, p := range []string{"/sitemaps/5.xml", "/sitemaps/0.xml", "/sitemaps/01.xml", "/sitemaps/1.xml.gz", "/sitemaps/x"} {
		presstest.MustGet(t, url+p, http.StatusNotFound)
	}
}

// TestNewsSitemap: the articles of the last 48 hours by the store's
// clock, in the news format; nothing once they are older.
func TestNewsSitemap(t *testing.T) {
	t.Parallel()
	now := feedDay2.Add(30 * time.Hour) // second-piece is 30 hours old, water-war a month
	url, db := clockSite(t, now, feed.Limits{})
	doc := mustSitemap(t, url+"/news-sitemap.xml")
	if len(doc.URLs) != 1 {
		t.Fatalf("news sitemap lists %v, want second-piece only", locsOf(doc.URLs))
	}
	u := doc.URLs[0]
	if u.Loc != "https://feeds.example/articles/second-piece" || u.News == nil {
		t.Fatalf("news sitemap entry %+v", u)
	}
	got := *u.News
	got.Date = strings.TrimSpace(got.Date)
	if got.Name != "The Feed Desk" || got.Language != "en" || got.Date != "2026-04-02T08:00:00Z" || got.Title != "A second piece on water" {
		t.Errorf("news:news = %+v", got)
	}

	d := presstest.MustGet(t, url+"/news-sitemap.xml", http.StatusOK)
	if d.Resp.Header.Get("Last-Modified") != "" {
		t.Error("the news sitemap changes with time alone; it must not claim a Last-Modified")
	}
	req := presstest.NewRequest(t, "GET", url+"/news-sitemap.xml")
	req.Header.Set("If-None-Match", d.Resp.Header.Get("ETag"))
	presstest.MustDo(t, req, http.StatusNotModified)

	// A day later it has aged out, with nothing edited.
	presstest.ClockOf(t, db).Advance(24 * time.Hour)
	req = presstest.NewRequest(t, "GET", url+"/news-sitemap.xml")
	req.Header.Set("If-None-Match", d.Resp.Header.Get("ETag"))
	later := presstest.MustDo(t, req, http.StatusOK)
	var empty sitemapDoc
	if err := xml.Unmarshal([]byte(later.Body), &empty); err != nil || empty.XMLName.Local != "urlset" || len(empty.URLs) != 0 {
		t.Errorf("two days on: %v, %+v", err, empty)
	}
}

func TestRobots(t *testing.T) {
	t.Parallel()
	s := mustFeedSite(t)
	d := presstest.MustGet(t, s.URL+"/robots.txt", http.StatusOK)
	if ct := d.Resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	want := "User-agent: *\nAllow: /\n\nSitemap: https://feeds.example/sitemap.xml\nSitemap: https://feeds.example/news-sitemap.xml\n"
	if d.Body != want {
		t.Errorf("robots.txt =\n%s\nwant\n%s", d.Body, want)
	}
}

// TestDemoSitemap: the demo's sitemap validates and lists every published
// article, author with articles, page and month.
func TestDemoSitemap(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	ctx := context.Background()
	doc := mustSitemap(t, s.URL+"/sitemap.xml")
	got := map[string]bool{}
	for _, u := range doc.URLs {
		if got[u.Loc] {
			t.Errorf("%s listed twice", u.Loc)
		}
		got[u.Loc] = true
	}
	site, err := s.DB.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.DB.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	months, err := s.DB.Months(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := s.DB.Pages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	authors := map[string]bool{}
	for _, a := range list.Articles {
		want = append(want, press.ArticlePath(a.Slug))
		for _, au := range a.Authors {
			if !authors[au.Slug] {
				authors[au.Slug] = true
				want = append(want, press.AuthorPath(au.Slug))
			}
		}
	}
	for _, m := range months {
		want = append(want, press.ArchivePath(m))
	}
	for _, p := range pages {
		if p.Status == press.StatusPublished {
			want = append(want, press.PagePath(p.Slug))
		}
	}
	for _, p := range want {
		if !got[site.BaseURL+p] {
			t.Errorf("%s is not in the sitemap", p)
		}
	}
	if len(list.Articles) < 50 || len(doc.URLs) < len(want) {
		t.Errorf("%d articles, %d URLs listed, %d expected at least", len(list.Articles), len(doc.URLs), len(want))
	}
	for loc := range got {
		if !strings.HasPrefix(loc, site.BaseURL+"/") {
			t.Errorf("%s is not on the site", loc)
		}
	}
}
