package feed

import (
	"net/url"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// CommentFeedSize is how many comments an article's comment feed carries:
// the newest.
const CommentFeedSize = 50

// CommentFeed is the feed of readers' comments on one article, whatever
// its format (RSS 2.0 or Atom; comment feeds have no JSON Feed).
type CommentFeed struct {
	Site    *press.Site
	Article *press.Article
	// Title names the feed ("Comments on …", in the site's language).
	Title string
	// Comments are the approved comments, newest first. The caller
	// leaves out anything a reader may not see: the feed shows what it
	// is given.
	Comments []press.Comment
	// Updated is when the thread last changed; zero means the newest
	// comment's time.
	Updated time.Time
}

// CommentFeedPath returns the path of article slug's comment feed in
// format f: comments.xml (RSS) or comments.atom.
func CommentFeedPath(slug string, f Format) string {
	if f == Atom {
		return press.ArticlePath(slug) + "/comments.atom"
	}
	return press.ArticlePath(slug) + "/comments.xml"
}

// Render writes the feed as RSS 2.0 or, for Atom, Atom 1.0.
func (cf *CommentFeed) Render(f Format) ([]byte, error) {
	if f == Atom {
		return cf.Atom()
	}
	return cf.RSS()
}

// helper returns a Feed with the site's URL helpers and the article's
// page as its page.
func (cf *CommentFeed) helper() *Feed {
	return &Feed{Site: cf.Site, Title: cf.Title, Page: press.ArticlePath(cf.Article.Slug), Updated: cf.Updated}
}

func (cf *CommentFeed) updated() time.Time {
	if !cf.Updated.IsZero() {
		return cf.Updated.UTC()
	}
	var t time.Time
	for _, c := range cf.Comments {
		t = later(later(t, c.CreatedAt), c.EditedAt)
	}
	return t.UTC()
}

// link is the comment's address on the article's page.
func (cf *CommentFeed) link(fd *Feed, c *press.Comment) string {
	return fd.abs(press.ArticlePath(cf.Article.Slug)) + "#comment-" + strconv.FormatInt(c.ID, 10)
}

// body is the comment's HTML with its links made absolute. It was
// sanitised when it was written; a feed reader gets the same HTML the
// page shows.
func (cf *CommentFeed) body(fd *Feed, c *press.Comment) string {
	base, err := url.Parse(fd.abs(press.ArticlePath(cf.Article.Slug)))
	if err != nil {
		return c.BodyHTML
	}
	return absolute(c.BodyHTML, base)
}

// RSS writes the comment feed as RSS 2.0. Each comment is an item whose
// title is its writer's name (plain text), whose description is its HTML
// (escaped, as RSS carries HTML), and whose writer is a dc:creator, since
// RSS's own <author> must be an email address, which is never published.
func (cf *CommentFeed) RSS() ([]byte, error) {
	fd := cf.helper()
	self := fd.abs(CommentFeedPath(cf.Article.Slug, RSS))
	ch := rssChannel{
		Title:       cf.Title,
		Link:        fd.abs(fd.Page),
		Description: cf.Title,
		Language:    cf.Site.Language,
		Generator:   "Pressroom",
		Docs:        "https://www.rssboard.org/rss-specification",
		Self:        rssSelf{Href: self, Rel: "self", Type: RSS.MediaType()},
		Items:       make([]rssItem, 0, len(cf.Comments)),
	}
	if u := cf.updated(); !u.IsZero() {
		ch.LastBuildDate = rssDate(u)
	}
	for i := range cf.Comments {
		c := &cf.Comments[i]
		link := cf.link(fd, c)
		ch.Items = append(ch.Items, rssItem{
			Title:    c.AuthorName,
			Link:     link,
			Content:  cf.body(fd, c),
			Creators: []string{c.AuthorName},
			GUID:     rssGUID{IsPermaLink: "true", Value: link},
			PubDate:  rssDate(c.CreatedAt),
		})
	}
	doc := rssDoc{Version: "2.0", NSAtom: nsAtom, NSContent: nsContent, NSDC: nsDC, Channel: ch}
	return marshalXML(doc)
}

// Atom writes the comment feed as Atom 1.0. The site is the feed's author;
// each entry names its writer, without a link.
func (cf *CommentFeed) Atom() ([]byte, error) {
	fd := cf.helper()
	self := fd.abs(CommentFeedPath(cf.Article.Slug, Atom))
	f := atomFeed{
		Lang:  cf.Site.Language,
		ID:    self,
		Title: atomText{Type: "text", Value: cf.Title},
		Links: []atomLink{
			{Rel: "alternate", Type: "text/html", Href: fd.abs(fd.Page)},
			{Rel: "self", Type: Atom.MediaType(), Href: self},
		},
		Author:    atomPerson{Name: cf.Site.Name, URI: fd.abs("/")},
		Generator: atomGenerator{URI: "https://github.com/pressroomhq/pressroom", Value: "Pressroom"},
		Updated:   atomDate(cf.updated()),
		Entries:   make([]atomEntry, 0, len(cf.Comments)),
	}
	if cf.updated().IsZero() {
		f.Updated = atomDate(time.Unix(0, 0))
	}
	for i := range cf.Comments {
		c := &cf.Comments[i]
		link := cf.link(fd, c)
		f.Entries = append(f.Entries, atomEntry{
			ID:        link,
			Title:     atomText{Type: "text", Value: c.AuthorName},
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
			Published: atomDate(c.CreatedAt),
			Updated:   atomDate(later(c.EditedAt, c.CreatedAt)),
			Authors:   []atomPerson{{Name: c.AuthorName}},
			Content:   atomText{Type: "html", Value: cf.body(fd, c)},
		})
	}
	return marshalXML(f)
}
