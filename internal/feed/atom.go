package feed

import (
	"encoding/xml"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

type atomFeed struct {
	XMLName   xml.Name      `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string        `xml:"xml:lang,attr,omitempty"`
	ID        string        `xml:"id"`
	Title     atomText      `xml:"title"`
	Subtitle  *atomText     `xml:"subtitle"`
	Updated   string        `xml:"updated"`
	Links     []atomLink    `xml:"link"`
	Author    atomPerson    `xml:"author"`
	Generator atomGenerator `xml:"generator"`
	Entries   []atomEntry   `xml:"entry"`
}

type atomText struct {
	Type  string `xml:"type,attr,omitempty"`
	Value string `xml:",chardata"`
}

type atomLink struct {
	Rel    string `xml:"rel,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Href   string `xml:"href,attr"`
	Title  string `xml:"title,attr,omitempty"`
	Length string `xml:"length,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomGenerator struct {
	URI   string `xml:"uri,attr"`
	Value string `xml:",chardata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr"`
	Label  string `xml:"label,attr"`
}

type atomEntry struct {
	Lang       string         `xml:"xml:lang,attr,omitempty"`
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary"`
	Content    atomText       `xml:"content"`
	Rights     atomText       `xml:"rights"`
}

// atomDate is RFC 3339 in UTC, as Atom's date constructs require.
func atomDate(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Atom writes the feed as Atom 1.0 (RFC 4287).
//
// The feed's id is its own URL and each entry's id its article's URL,
// which stays as long as the slug does. The site is the feed's author, so
// an article without authors is still valid; each entry names its authors
// with their pages as uri, its terms as categories (the slug as term, the
// name as label, the taxonomy's index as scheme), the copyright line as
// rights and the content as escaped HTML. A cross-posted article links
// its original with rel="via"; the featured image is a rel="enclosure"
// link, with a length only when ImageSize knows it (Atom makes it
// optional).
func (fd *Feed) Atom() ([]byte, error) {
	self := fd.abs(Path(fd.Page, Atom))
	f := atomFeed{
		Lang:  fd.Site.Language,
		ID:    self,
		Title: atomText{Type: "text", Value: fd.title()},
		Links: []atomLink{
			{Rel: "alternate", Type: "text/html", Href: fd.abs(fd.Page)},
			{Rel: "self", Type: Atom.MediaType(), Href: self},
		},
		Author:    atomPerson{Name: fd.Site.Name, URI: fd.abs("/")},
		Generator: atomGenerator{URI: "https://github.com/pressroomhq/pressroom", Value: "Pressroom"},
		Entries:   make([]atomEntry, 0, len(fd.Articles)),
	}
	if d := fd.description(); d != f.Title.Value {
		f.Subtitle = &atomText{Type: "text", Value: d}
	}
	// updated is required; a feed with no articles and no date says the
	// Unix epoch rather than nothing.
	f.Updated = atomDate(fd.updated())
	if fd.updated().IsZero() {
		f.Updated = atomDate(time.Unix(0, 0))
	}
	for i := range fd.Articles {
		f.Entries = append(f.Entries, fd.atomEntry(&fd.Articles[i]))
	}
	return marshalXML(f)
}

func (fd *Feed) atomEntry(a *press.Article) atomEntry {
	link := fd.abs(press.ArticlePath(a.Slug))
	e := atomEntry{
		ID:        link,
		Title:     atomText{Type: "text", Value: a.Title},
		Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
		Published: atomDate(a.PublishedAt),
		Updated:   atomDate(later(a.UpdatedAt, a.PublishedAt)),
		Content:   atomText{Type: "html", Value: fd.content(a)},
		Rights:    atomText{Type: "text", Value: fd.copyrightLine(a)},
	}
	if a.Language != "" && a.Language != fd.Site.Language {
		e.Lang = a.Language
	}
	if s := summary(a); s != "" {
		e.Summary = &atomText{Type: "text", Value: s}
	}
	if a.Source.URL != "" {
		e.Links = append(e.Links, atomLink{Rel: "via", Type: "text/html", Href: a.Source.URL, Title: a.Source.Name})
	}
	if img, ok := fd.image(a); ok {
		l := atomLink{Rel: "enclosure", Type: img.mediaType, Href: img.url}
		if img.length >= 0 {
			l.Length = strconv.FormatInt(img.length, 10)
		}
		e.Links = append(e.Links, l)
	}
	for _, au := range a.Authors {
		e.Authors = append(e.Authors, atomPerson{Name: au.Name, URI: fd.abs(press.AuthorPath(au.Slug))})
	}
	for _, m := range a.Terms {
		e.Categories = append(e.Categories, atomCategory{Term: m.Slug, Scheme: fd.taxonomyURL(m.Taxonomy) + "/", Label: m.Name})
	}
	return e
}

// later returns the later of two times: an entry is never updated before
// it was published, even when it was written before the date it carries.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
