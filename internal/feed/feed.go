// Package feed writes what the site offers machines rather than people:
// RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds of full articles, sitemaps,
// the news sitemap and robots.txt. It builds documents from press values
// and knows nothing of HTTP or the store; the site's handlers fetch the
// articles and serve the bytes.
//
// Every URL in a feed is absolute, made from the site's BaseURL, and so
// are the links and images inside each article's body, since a feed reader
// shows the body far from the site.
package feed

import (
	"html"
	"mime"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Size is how many articles a feed carries: the newest, in full.
const Size = 20

// Format is one of the three feed formats.
type Format int

// The feed formats, in the order pages announce them.
const (
	RSS  Format = iota // RSS 2.0, feed.xml
	Atom               // Atom 1.0 (RFC 4287), atom.xml
	JSON               // JSON Feed 1.1, feed.json
)

// Formats lists every format.
var Formats = []Format{RSS, Atom, JSON}

// File returns the format's file name, the last segment of its URL.
func (f Format) File() string {
	switch f {
	case Atom:
		return "atom.xml"
	case JSON:
		return "feed.json"
	}
	return "feed.xml"
}

// Name returns the format's name as readers know it.
func (f Format) Name() string {
	switch f {
	case Atom:
		return "Atom"
	case JSON:
		return "JSON Feed"
	}
	return "RSS"
}

// MediaType returns the format's registered media type, as autodiscovery
// links name it.
func (f Format) MediaType() string {
	switch f {
	case Atom:
		return "application/atom+xml"
	case JSON:
		return "application/feed+json"
	}
	return "application/rss+xml"
}

// ContentType returns the Content-Type header to serve the format with.
// JSON is UTF-8 by definition and takes no charset parameter.
func (f Format) ContentType() string {
	if f == JSON {
		return f.MediaType()
	}
	return f.MediaType() + "; charset=utf-8"
}

// FormatOf returns the format whose File is file.
func FormatOf(file string) (Format, bool) {
	for _, f := range Formats {
		if f.File() == file {
			return f, true
		}
	}
	return 0, false
}

// Path returns the path of the feed in format f of the page at page: the
// site's feeds for "/" (/feed.xml), an author's or a term's under its
// page (/authors/ana-ruiz/feed.xml).
func Path(page string, f Format) string {
	return strings.TrimSuffix(page, "/") + "/" + f.File()
}

// Text holds the attribution sentences in the site's language, with {0}
// and {1} where the theme's message catalogs put them. Empty fields are
// the English sentences.
type Text struct {
	OriginalSource string // "The original source of this article is {0}." ({0}: the source)
	Copyright      string // "Copyright © {0}, {1}." ({0}: holder, {1}: year)
}

// English is the attribution text when the catalog has none.
var English = Text{
	OriginalSource: "The original source of this article is {0}.",
	Copyright:      "Copyright © {0}, {1}.",
}

// Feed is one feed's content, whatever its format.
type Feed struct {
	Site *press.Site
	// Title names the feed; "" means the site's name.
	Title string
	// Description says what the feed carries; "" means the site's
	// tagline, or the title when there is none.
	Description string
	// Page is the path of the HTML page the feed follows: "/" for the
	// site, /authors/{slug} or /{taxonomy}/{term}. The feed's own URLs
	// are made from it with Path.
	Page string
	// Updated is when the feed last changed. Zero means the latest
	// update of its articles.
	Updated time.Time
	// Articles are the feed's items, newest first, with their bodies.
	Articles []press.Article
	Text     Text
	// ImageSize returns the size in bytes of the image at src (as an
	// article stores it), or -1 when it cannot tell. Nil knows no sizes.
	// RSS requires an enclosure's length; see Feed.RSS for unknown ones.
	ImageSize func(src string) int64
}

// Render writes the feed in format f.
func (fd *Feed) Render(f Format) ([]byte, error) {
	switch f {
	case Atom:
		return fd.Atom()
	case JSON:
		return fd.JSON()
	}
	return fd.RSS()
}

// base returns the site's base URL without a trailing slash.
func (fd *Feed) base() string { return strings.TrimSuffix(fd.Site.BaseURL, "/") }

// abs returns the absolute URL of a site path, or ref itself when it is
// absolute already.
func (fd *Feed) abs(ref string) string {
	if ref == "" {
		return ""
	}
	if u, err := url.Parse(ref); err == nil && u.IsAbs() {
		return ref
	}
	if !strings.HasPrefix(ref, "/") {
		ref = "/" + ref
	}
	return fd.base() + ref
}

func (fd *Feed) title() string {
	if fd.Title != "" {
		return fd.Title
	}
	return fd.Site.Name
}

func (fd *Feed) description() string {
	switch {
	case fd.Description != "":
		return fd.Description
	case fd.Site.Tagline != "":
		return fd.Site.Tagline
	}
	return fd.title()
}

func (fd *Feed) updated() time.Time {
	if !fd.Updated.IsZero() {
		return fd.Updated.UTC()
	}
	var t time.Time
	for _, a := range fd.Articles {
		if a.UpdatedAt.After(t) {
			t = a.UpdatedAt
		}
	}
	return t.UTC()
}

func (fd *Feed) text() Text {
	t := fd.Text
	if t.OriginalSource == "" {
		t.OriginalSource = English.OriginalSource
	}
	if t.Copyright == "" {
		t.Copyright = English.Copyright
	}
	return t
}

// language returns the language of a, defaulting to the site's.
func (fd *Feed) language(a *press.Article) string {
	if a.Language != "" {
		return a.Language
	}
	return fd.Site.Language
}

// summary is the article's short text: its dek, else its excerpt.
func summary(a *press.Article) string {
	if a.Dek != "" {
		return a.Dek
	}
	return a.Excerpt
}

// copyrightLine is the article's copyright sentence, plain text.
func (fd *Feed) copyrightLine(a *press.Article) string {
	c := a.Attribution(fd.Site)
	return fill(fd.text().Copyright, c.Holder, strconv.Itoa(c.Year))
}

// content is what a feed reader shows for a: its body with every URL made
// absolute, then the attribution: the original source when the article is
// cross-posted (linked when the source has a URL) and the copyright line.
func (fd *Feed) content(a *press.Article) string {
	base, err := url.Parse(fd.abs(press.ArticlePath(a.Slug)))
	body := a.Body.HTML
	if err == nil {
		body = absolute(body, base)
	}
	var b strings.Builder
	b.WriteString(body)
	if !strings.HasSuffix(body, "\n") {
		b.WriteByte('\n')
	}
	text := fd.text()
	if a.Source.Name != "" || a.Source.URL != "" {
		name := html.EscapeString(a.Source.Name)
		if a.Source.URL != "" {
			name = `<a href="` + html.EscapeString(a.Source.URL) + `">` + name + `</a>`
		}
		b.WriteString(`<p class="original-source">`)
		// The sentence is escaped around the link, never the link.
		parts := strings.Split(text.OriginalSource, "{0}")
		for i, p := range parts {
			if i > 0 {
				b.WriteString(name)
			}
			b.WriteString(html.EscapeString(p))
		}
		b.WriteString("</p>\n")
	}
	b.WriteString(`<p class="copyright">` + html.EscapeString(fd.copyrightLine(a)) + "</p>\n")
	return b.String()
}

// fill replaces {0}, {1} … in msg with args.
func fill(msg string, args ...string) string {
	pairs := make([]string, 0, 2*len(args))
	for i, a := range args {
		pairs = append(pairs, "{"+strconv.Itoa(i)+"}", a)
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// image describes an article's featured image for an enclosure: its
// absolute URL, media type and size in bytes (-1 when unknown). ok is
// false when the article has none.
type image struct {
	url, mediaType string
	length         int64
}

func (fd *Feed) image(a *press.Article) (image, bool) {
	if a.Image.Src == "" {
		return image{}, false
	}
	img := image{url: fd.abs(a.Image.Src), mediaType: imageType(a.Image.Src), length: -1}
	if fd.ImageSize != nil {
		img.length = fd.ImageSize(a.Image.Src)
	}
	return img, true
}

// imageTypes are the media types of the image formats the web uses, so
// that a feed does not depend on the machine's MIME tables for them.
var imageTypes = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
	".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml",
}

// imageType guesses an image's media type from its file extension. An
// unknown one is application/octet-stream, which says just that.
func imageType(src string) string {
	p := src
	if u, err := url.Parse(src); err == nil {
		p = u.Path
	}
	ext := strings.ToLower(path.Ext(p))
	if t, ok := imageTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// taxonomyURL is the absolute URL of a taxonomy's index, which names the
// scheme of its terms in RSS and Atom categories.
func (fd *Feed) taxonomyURL(tax string) string { return fd.abs(press.TaxonomyPath(tax)) }
