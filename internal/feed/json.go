package feed

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// jsonVersion is the URL that names JSON Feed 1.1.
const jsonVersion = "https://jsonfeed.org/version/1.1"

// ExtensionAbout is the page describing the _pressroom object of JSON
// Feed items, as JSON Feed asks of extensions.
const ExtensionAbout = "https://github.com/pressroomhq/pressroom#feeds"

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name   string `json:"name"`
	URL    string `json:"url,omitempty"`
	Avatar string `json:"avatar,omitempty"`
}

type jsonItem struct {
	ID            string         `json:"id"`
	URL           string         `json:"url"`
	ExternalURL   string         `json:"external_url,omitempty"`
	Title         string         `json:"title"`
	ContentHTML   string         `json:"content_html"`
	Summary       string         `json:"summary,omitempty"`
	Image         string         `json:"image,omitempty"`
	DatePublished string         `json:"date_published"`
	DateModified  string         `json:"date_modified"`
	Authors       []jsonAuthor   `json:"authors,omitempty"`
	Tags          []string       `json:"tags,omitempty"`
	Language      string         `json:"language,omitempty"`
	Pressroom     *jsonExtension `json:"_pressroom"`
}

// jsonExtension carries what JSON Feed has no field for: the attribution,
// as data, so that a republisher need not parse it out of content_html.
type jsonExtension struct {
	About         string         `json:"about"`
	Source        *jsonSource    `json:"source,omitempty"`
	Copyright     jsonCopyright  `json:"copyright"`
	CopyrightLine string         `json:"copyright_line"`
	Terms         []jsonTermInfo `json:"terms,omitempty"`
}

type jsonSource struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type jsonCopyright struct {
	Holder string `json:"holder"`
	Year   int    `json:"year"`
}

type jsonTermInfo struct {
	Taxonomy string `json:"taxonomy"`
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	URL      string `json:"url"`
}

// JSON writes the feed as JSON Feed 1.1 (jsonfeed.org/version/1.1).
//
// The site is the feed's author; each item has its own authors (with
// their pages and photos), its term names as tags, the featured image,
// the dek (or excerpt) as summary, and, for a cross-posted article, the
// original as external_url. A _pressroom object on each item gives the
// source, the copyright (holder, year and the sentence) and the terms
// with their taxonomies, which tags alone lose.
func (fd *Feed) JSON() ([]byte, error) {
	f := jsonFeed{
		Version:     jsonVersion,
		Title:       fd.title(),
		HomePageURL: fd.abs(fd.Page),
		FeedURL:     fd.abs(Path(fd.Page, JSON)),
		Description: fd.description(),
		Language:    fd.Site.Language,
		Authors:     []jsonAuthor{{Name: fd.Site.Name, URL: fd.abs("/")}},
		Items:       make([]jsonItem, 0, len(fd.Articles)),
	}
	for i := range fd.Articles {
		f.Items = append(f.Items, fd.jsonItem(&fd.Articles[i]))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// The content is HTML: escaping its < and > as \u003c would be valid
	// JSON, only harder to read.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (fd *Feed) jsonItem(a *press.Article) jsonItem {
	link := fd.abs(press.ArticlePath(a.Slug))
	c := a.Attribution(fd.Site)
	it := jsonItem{
		ID:            link,
		URL:           link,
		ExternalURL:   a.Source.URL,
		Title:         a.Title,
		ContentHTML:   fd.content(a),
		Summary:       summary(a),
		DatePublished: a.PublishedAt.UTC().Format(time.RFC3339),
		DateModified:  later(a.UpdatedAt, a.PublishedAt).UTC().Format(time.RFC3339),
		Pressroom: &jsonExtension{
			About:         ExtensionAbout,
			Copyright:     jsonCopyright{Holder: c.Holder, Year: c.Year},
			CopyrightLine: fd.copyrightLine(a),
		},
	}
	if a.Language != "" && a.Language != fd.Site.Language {
		it.Language = a.Language
	}
	if a.Source.Name != "" || a.Source.URL != "" {
		it.Pressroom.Source = &jsonSource{Name: a.Source.Name, URL: a.Source.URL}
	}
	if img, ok := fd.image(a); ok {
		it.Image = img.url
	}
	for _, au := range a.Authors {
		it.Authors = append(it.Authors, jsonAuthor{Name: au.Name, URL: fd.abs(press.AuthorPath(au.Slug)), Avatar: fd.abs(au.Photo)})
	}
	for _, m := range a.Terms {
		it.Tags = append(it.Tags, m.Name)
		it.Pressroom.Terms = append(it.Pressroom.Terms, jsonTermInfo{Taxonomy: m.Taxonomy, Slug: m.Slug, Name: m.Name,
			URL: fd.abs(press.TermPath(m.Taxonomy, m.Slug))})
	}
	return it
}
