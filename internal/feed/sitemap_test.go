package feed_test

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/feed"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// urlset and sitemapindex read sitemaps back.
type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		News    *struct {
			Name     string `xml:"publication>name"`
			Language string `xml:"publication>language"`
			Date     string `xml:"publication_date"`
			Title    string `xml:"title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

type sitemapindex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

func mustUnmarshal(t *testing.T, doc []byte, v any) {
	t.Helper()
	if err := xml.Unmarshal(doc, v); err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
}

// urls makes n URLs of the site, the i-th last modified on day i of 2026.
func urls(n int) []feed.URL {
	out := make([]feed.URL, n)
	for i := range out {
		out[i] = feed.URL{Loc: fmt.Sprintf("https://desk.example/articles/a-%d", i+1), LastMod: time.Date(2026, 1, i+1, 0, 0, 0, 0, time.UTC)}
	}
	return out
}

// build adds list to a sitemap keeping file want and returns it.
func build(limits feed.Limits, want int, list []feed.URL) *feed.Sitemap {
	s := feed.NewSitemap("https://desk.example/", limits, want)
	for _, u := range list {
		s.Add(u)
	}
	return s
}

func locs(t *testing.T, doc []byte) []string {
	t.Helper()
	var u urlset
	mustUnmarshal(t, doc, &u)
	var out []string
	for _, x := range u.URLs {
		out = append(out, x.Loc)
	}
	return out
}

func TestSitemapOneFile(t *testing.T) {
	list := append(urls(3), feed.URL{Loc: "https://desk.example/search?q=a&b=<c>"})
	s := build(feed.SitemapLimits, 0, list)
	doc, ok := s.Document()
	if !ok || s.Parts() != 1 {
		t.Fatalf("ok %v, %d parts", ok, s.Parts())
	}
	presstest.MustMatchSchema(t, presstest.SitemapSchema(t, "sitemap-all.xsd"), doc)
	var u urlset
	mustUnmarshal(t, doc, &u)
	if len(u.URLs) != 4 || u.URLs[0].LastMod != "2026-01-01T00:00:00Z" || u.URLs[3].LastMod != "" ||
		u.URLs[3].Loc != "https://desk.example/search?q=a&b=<c>" {
		t.Errorf("urlset = %+v", u.URLs)
	}
	if !strings.Contains(string(doc), "q=a&amp;b=&lt;c&gt;") {
		t.Errorf("loc not escaped:\n%s", doc)
	}
	// Everything fits in /sitemap.xml, so there are no parts to serve.
	if _, ok := build(feed.SitemapLimits, 1, list).Document(); ok {
		t.Error("part 1 of an unsplit sitemap exists")
	}
}

func TestSitemapSplitByCount(t *testing.T) {
	list := urls(8)
	limits := feed.Limits{URLs: 3}
	s := build(limits, 0, list)
	doc, ok := s.Document()
	if !ok || s.Parts() != 3 {
		t.Fatalf("ok %v, %d parts, want 3", ok, s.Parts())
	}
	presstest.MustMatchSchema(t, presstest.SitemapSchema(t, "siteindex.xsd"), doc)
	var idx sitemapindex
	mustUnmarshal(t, doc, &idx)
	var got []string
	for _, m := range idx.Sitemaps {
		got = append(got, m.Loc+" "+m.LastMod)
	}
	want := []string{
		"https://desk.example/sitemaps/1.xml 2026-01-03T00:00:00Z",
		"https://desk.example/sitemaps/2.xml 2026-01-06T00:00:00Z",
		"https://desk.example/sitemaps/3.xml 2026-01-08T00:00:00Z",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("index (-want +got):\n%s", diff)
	}
	var all []string
	for n := 1; n <= 3; n++ {
		part, ok := build(limits, n, list).Document()
		if !ok {
			t.Fatalf("part %d missing", n)
		}
		presstest.MustMatchSchema(t, presstest.SitemapSchema(t, "sitemap-all.xsd"), part)
		all = append(all, locs(t, part)...)
	}
	var wantAll []string
	for _, u := range list {
		wantAll = append(wantAll, u.Loc)
	}
	if diff := cmp.Diff(wantAll, all); diff != "" {
		t.Errorf("the parts together (-want +got):\n%s", diff)
	}
	if _, ok := build(limits, 4, list).Document(); ok {
		t.Error("part 4 of 3 exists")
	}
}

func TestSitemapSplitBySize(t *testing.T) {
	list := urls(5)
	// Find the size of one file with two URLs; allow exactly that.
	two, _ := build(feed.SitemapLimits, 0, list[:2]).Document()
	limits := feed.Limits{URLs: 100, Bytes: len(two)}
	s := build(limits, 0, list)
	if s.Parts() != 3 {
		t.Fatalf("%d parts, want 3 (2+2+1)", s.Parts())
	}
	for n := 1; n <= 3; n++ {
		part, _ := build(limits, n, list).Document()
		if len(part) > limits.Bytes {
			t.Errorf("part %d is %d bytes, over the limit of %d", n, len(part), limits.Bytes)
		}
		if want := min(2, 5-2*(n-1)); len(locs(t, part)) != want {
			t.Errorf("part %d has %d URLs, want %d", n, len(locs(t, part)), want)
		}
	}
	// A URL bigger than the limit by itself gets a file of its own.
	huge := feed.URL{Loc: "https://desk.example/" + strings.Repeat("x", 2*len(two))}
	s = build(limits, 0, append(append(urls(1), huge), urls(1)...))
	if s.Parts() != 3 {
		t.Errorf("%d parts around an oversized URL, want 3", s.Parts())
	}
}

func TestPartOf(t *testing.T) {
	for file, want := range map[string]int{"1.xml": 1, "12.xml": 12, "0.xml": 0, "01.xml": 0, "-1.xml": 0, "x.xml": 0, "1.xml.gz": 0, "1": 0, "": 0} {
		n, ok := feed.PartOf(file)
		if n != want || ok != (want > 0) {
			t.Errorf("PartOf(%q) = %d, %v; want %d", file, n, ok, want)
		}
		if ok && feed.PartPath(n) != "/sitemaps/"+file {
			t.Errorf("PartPath(%d) = %q", n, feed.PartPath(n))
		}
	}
}

func TestNewsSitemap(t *testing.T) {
	site := &press.Site{Name: "The Test Desk & Co", BaseURL: "https://desk.example", Language: "en-GB"}
	at := time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	list := []press.Article{
		{Slug: "water-war", Title: "Water <war> & peace", PublishedAt: at},
		{Slug: "pekin", Title: "北京", Language: "zh-Hant-TW", PublishedAt: at.Add(-time.Hour)},
		{Slug: "x", Title: "X", Language: "x-klingon", PublishedAt: at.Add(-2 * time.Hour)},
	}
	doc := feed.NewsSitemap(site, list)
	presstest.MustMatchSchema(t, presstest.SitemapSchema(t, "sitemap-all.xsd"), doc)
	var u urlset
	mustUnmarshal(t, doc, &u)
	var got []string
	for _, x := range u.URLs {
		if x.News == nil {
			t.Fatalf("%s has no news:news", x.Loc)
		}
		got = append(got, strings.Join([]string{x.Loc, x.News.Name, x.News.Language, x.News.Date, x.News.Title}, " | "))
	}
	want := []string{
		"https://desk.example/articles/water-war | The Test Desk & Co | en | 2026-03-04T09:30:00Z | Water <war> & peace",
		"https://desk.example/articles/pekin | The Test Desk & Co | zh-tw | 2026-03-04T08:30:00Z | 北京",
		// Not a language tag: the site's language stands in.
		"https://desk.example/articles/x | The Test Desk & Co | en | 2026-03-04T07:30:00Z | X",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("news sitemap (-want +got):\n%s", diff)
	}

	// Nothing recent: an empty urlset, well-formed, with no URLs.
	empty := feed.NewsSitemap(site, nil)
	if locs := locs(t, empty); len(locs) != 0 {
		t.Errorf("empty news sitemap lists %v", locs)
	}
}

func TestNewsLanguages(t *testing.T) {
	site := &press.Site{Name: "D", BaseURL: "https://d.example", Language: "pt-BR"}
	for tag, want := range map[string]string{"": "pt", "en": "en", "EN-us": "en", "fil": "fil", "zh": "zh-cn", "zh-Hans-CN": "zh-cn",
		"zh-TW": "zh-tw", "zh-HK": "zh-tw", "zh_Hant": "zh-tw", "ar-SY": "ar", "i-klingon": "pt", "english": "pt"} {
		doc := feed.NewsSitemap(site, []press.Article{{Slug: "a", Title: "A", Language: tag, PublishedAt: time.Now()}})
		var u urlset
		mustUnmarshal(t, doc, &u)
		if got := u.URLs[0].News.Language; got != want {
			t.Errorf("language %q → %q, want %q", tag, got, want)
		}
	}
}

func TestRobots(t *testing.T) {
	want := "User-agent: *\nAllow: /\n\nSitemap: https://desk.example/sitemap.xml\nSitemap: https://desk.example/news-sitemap.xml\n"
	if got := string(feed.Robots("https://desk.example/")); got != want {
		t.Errorf("robots.txt =\n%s\nwant\n%s", got, want)
	}
}
