package feed

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Paths of the files this package writes.
const (
	SitemapPath     = "/sitemap.xml"
	NewsSitemapPath = "/news-sitemap.xml"
	RobotsPath      = "/robots.txt"
)

// PartPath returns the path of part n (from 1) of a sitemap split in
// several files.
func PartPath(n int) string { return "/sitemaps/" + strconv.Itoa(n) + ".xml" }

// PartOf returns n for the file name "{n}.xml" of PartPath, refusing
// anything else ("01.xml", "0.xml", "x.xml").
func PartOf(file string) (int, bool) {
	s, ok := strings.CutSuffix(file, ".xml")
	n, err := strconv.Atoi(s)
	if !ok || err != nil || n < 1 || strconv.Itoa(n) != s {
		return 0, false
	}
	return n, true
}

const (
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsNews    = "http://www.google.com/schemas/sitemap-news/0.9"
)

// Limits bound each sitemap file.
type Limits struct {
	URLs  int // <url> elements per file
	Bytes int // bytes per file, uncompressed
}

// SitemapLimits are sitemaps.org's: 50,000 URLs and 50 MB (52,428,800
// bytes) uncompressed per file.
var SitemapLimits = Limits{URLs: 50000, Bytes: 52428800}

// URL is one entry of a sitemap.
type URL struct {
	Loc     string    // absolute, already percent-encoded
	LastMod time.Time // zero leaves <lastmod> out
}

// Sitemap assigns URLs, in the order they are added, to sitemap files
// within its limits, starting a new file whenever the next URL would
// overflow the current one, and keeps the bytes of one file only: so
// serving any file of a sitemap of any size holds at most one file in
// memory, at the price of walking every URL for each. Adding the same URLs
// in the same order always gives the same files.
type Sitemap struct {
	base   string
	limits Limits
	want   int // the file kept: 0 for /sitemap.xml, n for part n
	parts  []part
	kept   bytes.Buffer // entries of the kept part
}

type part struct {
	urls, bytes int
	lastmod     time.Time
}

const (
	urlsetOpen  = xml.Header + `<urlset xmlns="` + nsSitemap + `">` + "\n"
	urlsetClose = "</urlset>\n"
)

// NewSitemap starts a sitemap of the site at base (its BaseURL) that keeps
// file want: 0 for what /sitemap.xml serves, n ≥ 1 for PartPath(n).
// Limits that are not positive are SitemapLimits'.
func NewSitemap(base string, limits Limits, want int) *Sitemap {
	if limits.URLs <= 0 {
		limits.URLs = SitemapLimits.URLs
	}
	if limits.Bytes <= 0 {
		limits.Bytes = SitemapLimits.Bytes
	}
	return &Sitemap{base: strings.TrimSuffix(base, "/"), limits: limits, want: max(want, 0)}
}

// Add appends u. A URL too long to fit the byte limit on its own still
// gets a file of its own: that is the nearest to the limit it can be.
func (s *Sitemap) Add(u URL) {
	entry := urlEntry(u)
	n := len(s.parts)
	if n == 0 || s.parts[n-1].urls >= s.limits.URLs ||
		s.parts[n-1].bytes+len(entry) > s.limits.Bytes {
		s.parts = append(s.parts, part{bytes: len(urlsetOpen) + len(urlsetClose)})
		n++
	}
	p := &s.parts[n-1]
	p.urls++
	p.bytes += len(entry)
	if u.LastMod.After(p.lastmod) {
		p.lastmod = u.LastMod
	}
	if n == max(s.want, 1) {
		s.kept.WriteString(entry)
	}
}

// Parts returns how many files the URLs added so far take.
func (s *Sitemap) Parts() int { return len(s.parts) }

// Document returns the file the sitemap keeps. For /sitemap.xml that is
// the urlset of every URL when they fit in one file, and otherwise a
// sitemapindex of the parts, each with the latest lastmod of its URLs.
// For part n it is that part's urlset; ok is false when there is no part
// n, as when everything fits in /sitemap.xml itself.
func (s *Sitemap) Document() (doc []byte, ok bool) {
	if s.want == 0 && len(s.parts) > 1 {
		return s.index(), true
	}
	if s.want > 1 && s.want > len(s.parts) || s.want == 1 && len(s.parts) < 2 {
		return nil, false
	}
	var b bytes.Buffer
	b.Grow(len(urlsetOpen) + s.kept.Len() + len(urlsetClose))
	b.WriteString(urlsetOpen)
	b.Write(s.kept.Bytes())
	b.WriteString(urlsetClose)
	return b.Bytes(), true
}

// index writes the sitemapindex of the parts. At 50,000 URLs a part, an
// index outgrows its own limits only past 2.5 billion URLs.
func (s *Sitemap) index() []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header + `<sitemapindex xmlns="` + nsSitemap + `">` + "\n")
	for i, p := range s.parts {
		b.WriteString("<sitemap><loc>" + esc(s.base+PartPath(i+1)) + "</loc>")
		if !p.lastmod.IsZero() {
			b.WriteString("<lastmod>" + w3cDate(p.lastmod) + "</lastmod>")
		}
		b.WriteString("</sitemap>\n")
	}
	b.WriteString("</sitemapindex>\n")
	return b.Bytes()
}

func urlEntry(u URL) string {
	var b strings.Builder
	b.WriteString("<url><loc>")
	b.WriteString(esc(u.Loc))
	b.WriteString("</loc>")
	if !u.LastMod.IsZero() {
		b.WriteString("<lastmod>" + w3cDate(u.LastMod) + "</lastmod>")
	}
	b.WriteString("</url>\n")
	return b.String()
}

// w3cDate is the W3C Datetime profile of ISO 8601 that sitemaps use, in
// UTC to the second.
func w3cDate(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// esc escapes s for XML text.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to a Builder: cannot fail
	return b.String()
}

// NewsWindow is how far back a news sitemap reaches: Google News wants the
// articles of the last two days.
const NewsWindow = 48 * time.Hour

// NewsLimit is the most URLs a news sitemap may list.
const NewsLimit = 1000

// NewsSitemap writes the news sitemap (Google's sitemap-news 0.9
// extension) of articles, which the caller has chosen: the published
// articles of the last NewsWindow, newest first, at most NewsLimit. Each
// names the publication (the site's name and language), the publication
// date and the title.
//
// With no recent articles it writes an empty urlset: crawlers read that as
// "nothing new", whereas the XSD, which wants at least one <url>, would
// have the site list something that is not news.
func NewsSitemap(site *press.Site, articles []press.Article) []byte {
	base := strings.TrimSuffix(site.BaseURL, "/")
	var b bytes.Buffer
	b.WriteString(xml.Header + `<urlset xmlns="` + nsSitemap + `" xmlns:news="` + nsNews + `">` + "\n")
	for _, a := range articles {
		lang := a.Language
		if lang == "" {
			lang = site.Language
		}
		b.WriteString("<url><loc>" + esc(base+press.ArticlePath(a.Slug)) + "</loc>")
		b.WriteString("<news:news><news:publication><news:name>" + esc(site.Name) + "</news:name>")
		b.WriteString("<news:language>" + newsLanguage(lang, site.Language) + "</news:language></news:publication>")
		b.WriteString("<news:publication_date>" + w3cDate(a.PublishedAt) + "</news:publication_date>")
		b.WriteString("<news:title>" + esc(a.Title) + "</news:title></news:news></url>\n")
	}
	b.WriteString(urlsetClose)
	return b.Bytes()
}

// newsLanguage turns a BCP 47 tag into what the news sitemap accepts: an
// ISO 639 code of two or three letters, or zh-cn / zh-tw for Chinese. A
// tag that yields neither falls back to the site's language, then "en".
func newsLanguage(tag, site string) string {
	for _, t := range []string{tag, site} {
		t = strings.ToLower(strings.ReplaceAll(t, "_", "-"))
		primary, rest, _ := strings.Cut(t, "-")
		if primary == "zh" {
			// Traditional script, or the regions that write it.
			for _, sub := range strings.Split(rest, "-") {
				if sub == "hant" || sub == "tw" || sub == "hk" || sub == "mo" {
					return "zh-tw"
				}
			}
			return "zh-cn"
		}
		if n := len(primary); n >= 2 && n <= 3 && strings.Trim(primary, "abcdefghijklmnopqrstuvwxyz") == "" {
			return primary
		}
	}
	return "en"
}

// Robots writes robots.txt for the site at base: every crawler may fetch
// everything, and the sitemaps are named by absolute URL, as the Sitemap
// line requires.
func Robots(base string) []byte {
	base = strings.TrimSuffix(base, "/")
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + base + SitemapPath + "\nSitemap: " + base + NewsSitemapPath + "\n")
}
