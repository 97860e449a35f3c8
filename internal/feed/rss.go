package feed

import (
	"bytes"
	"encoding/xml"
	"html"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Namespaces of the RSS extensions a feed uses.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
)

// The RSS document. encoding/xml writes prefixed names such as
// "content:encoded" as they are, and the prefixes are declared on <rss>.
type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Generator     string    `xml:"generator"`
	Docs          string    `xml:"docs"`
	Self          rssSelf   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	Description string        `xml:"description,omitempty"`
	Content     string        `xml:"content:encoded"`
	Creators    []string      `xml:"dc:creator"`
	Categories  []rssCategory `xml:"category"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Rights      string        `xml:"dc:rights"`
}

type rssCategory struct {
	Domain string `xml:"domain,attr"`
	Name   string `xml:",chardata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// rssDate is RFC 822's date as RSS 2.0 requires it, with a four-digit
// year and a numeric zone.
func rssDate(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }

// RSS writes the feed as RSS 2.0 (rssboard.org/rss-specification).
//
// Each item has the dek (or excerpt) as its description, escaped as HTML
// since readers render it as HTML, and the full
// content in content:encoded; every author as a dc:creator, because RSS's
// own <author> must be an e-mail address, which is never published; every
// term as a category whose domain is its taxonomy's index; the copyright
// line as dc:rights; and the featured image as an enclosure. RSS requires
// an enclosure's length in bytes: when ImageSize cannot tell it, the
// length is 0, as the RSS Advisory Board's best practices profile says
// to do for a size that cannot be determined.
func (fd *Feed) RSS() ([]byte, error) {
	ch := rssChannel{
		Title:       fd.title(),
		Link:        fd.abs(fd.Page),
		Description: fd.description(),
		Language:    fd.Site.Language,
		Generator:   "Pressroom",
		Docs:        "https://www.rssboard.org/rss-specification",
		Self:        rssSelf{Href: fd.abs(Path(fd.Page, RSS)), Rel: "self", Type: RSS.MediaType()},
		Items:       make([]rssItem, 0, len(fd.Articles)),
	}
	if u := fd.updated(); !u.IsZero() {
		ch.LastBuildDate = rssDate(u)
	}
	for i := range fd.Articles {
		ch.Items = append(ch.Items, fd.rssItem(&fd.Articles[i]))
	}
	doc := rssDoc{Version: "2.0", NSAtom: nsAtom, NSContent: nsContent, NSDC: nsDC, Channel: ch}
	return marshalXML(doc)
}

func (fd *Feed) rssItem(a *press.Article) rssItem {
	link := fd.abs(press.ArticlePath(a.Slug))
	// An item's description is HTML to readers, so the plain dek is
	// escaped as HTML (and then as XML): "a < b" stays text.
	it := rssItem{
		Title:       a.Title,
		Link:        link,
		Description: html.EscapeString(summary(a)),
		Content:     fd.content(a),
		GUID:        rssGUID{IsPermaLink: "true", Value: link},
		PubDate:     rssDate(a.PublishedAt),
		Rights:      fd.copyrightLine(a),
	}
	for _, au := range a.Authors {
		it.Creators = append(it.Creators, au.Name)
	}
	for _, m := range a.Terms {
		it.Categories = append(it.Categories, rssCategory{Domain: fd.taxonomyURL(m.Taxonomy), Name: m.Name})
	}
	if img, ok := fd.image(a); ok {
		it.Enclosure = &rssEnclosure{URL: img.url, Length: max(img.length, 0), Type: img.mediaType}
	}
	return it
}

// marshalXML writes v as an indented UTF-8 XML document.
func marshalXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
