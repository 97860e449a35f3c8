package theme

import "html/template"

// FeedLink is a feed a page offers: announced to feed readers with a
// <link rel="alternate"> in the head of every page that offers it, and
// listed for people on the pages whose own feed it is.
type FeedLink struct {
	Title  string // e.g. "Ana Ruiz · The Meridian Desk (Atom)"
	Format string // the format's name: RSS, Atom, JSON Feed
	Type   string // media type, e.g. application/atom+xml
	Href   string // the feed's path
	Own    bool   // the page's own feed (an author's, a term's), not the site's
}

// OwnFeeds returns the feeds that are the page's own, such as an author's,
// for the page to list; none on pages that offer only the site's.
func (l Layout) OwnFeeds() []FeedLink {
	var out []FeedLink
	for _, f := range l.Feeds {
		if f.Own {
			out = append(out, f)
		}
	}
	return out
}

// TypeAttr is the type="…" attribute of the feed's links. html/template
// would write the "+" of application/rss+xml as "&#43;": valid HTML, but
// some feed discoverers compare the raw attribute. Type is always one of
// the feed package's constant media types, never user input.
func (f FeedLink) TypeAttr() template.HTMLAttr {
	return template.HTMLAttr(`type="` + template.HTMLEscapeString(f.Type) + `"`)
}
