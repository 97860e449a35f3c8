package site

import (
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/pressroomhq/pressroom/internal/feed"
	"github.com/pressroomhq/pressroom/internal/markdown"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
	"github.com/pressroomhq/pressroom/internal/web"
)

// handleSiteFeed serves /feed.xml, /atom.xml and /feed.json: the site's
// newest articles in full.
func (s *Site) handleSiteFeed(w http.ResponseWriter, r *http.Request) error {
	f, ok := feed.FormatOf(strings.TrimPrefix(r.URL.Path, "/"))
	if !ok {
		return press.ErrNotFound
	}
	c, err := s.chrome(r.Context())
	if err != nil {
		return err
	}
	return s.serveFeed(w, r, c, f, "", "", "/", press.ArticleFilter{})
}

// handleAuthorFile serves the files under an author's page: the author's
// feeds, /authors/{slug}/feed.xml, atom.xml and feed.json.
func (s *Site) handleAuthorFile(w http.ResponseWriter, r *http.Request) error {
	f, ok := feed.FormatOf(r.PathValue("file"))
	if !ok {
		return press.ErrNotFound
	}
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	au, err := s.db.Author(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	return s.serveFeed(w, r, c, f, au.Name, markdown.Plain(au.Bio.Source), press.AuthorPath(au.Slug),
		press.ArticleFilter{Author: au.Slug})
}

// serveFeed writes the feed in format f of the newest articles filter
// selects, for the page at page. name is what the feed is of ("" for the
// whole site), description what it says about itself ("" for the
// tagline).
func (s *Site) serveFeed(w http.ResponseWriter, r *http.Request, c *chrome, f feed.Format, name, description, page string, filter press.ArticleFilter) error {
	filter.Limit = feed.Size
	list, err := s.db.FeedArticles(r.Context(), filter)
	if err != nil {
		return err
	}
	t := s.theme.Catalog(c.site.Language)
	// The feed changed when one of its articles or the site's settings
	// did; not with every draft's autosave, as the site's Last-Modified.
	updated := c.site.UpdatedAt
	for _, a := range list {
		updated = later(updated, a.UpdatedAt)
	}
	fd := &feed.Feed{
		Site:        &c.site,
		Title:       feedTitle(name, &c.site),
		Description: description,
		Page:        page,
		Updated:     updated,
		Articles:    list,
		// The catalog's sentences, placeholders and all.
		Text:      feed.Text{OriginalSource: t.M("original_source"), Copyright: t.M("copyright_line")},
		ImageSize: mediaSizer(s.mediaDir, c.site.BaseURL),
	}
	body, err := fd.Render(f)
	if err != nil {
		return err
	}
	web.Write(w, r, http.StatusOK, web.Page{ContentType: f.ContentType(), Body: body, LastModified: updated})
	return nil
}

// feedTitle names the feed of name on site as the page's <title> names
// the page: "Ana Ruiz · The Meridian Desk", or the site's name alone.
func feedTitle(name string, site *press.Site) string {
	if name == "" {
		return site.Name
	}
	return name + " · " + site.Name
}

// feedLinks returns the three feeds of the page at page, which is about
// name ("" for the whole site), for Layout.Feeds. own marks them as the
// page's own rather than the site's.
func feedLinks(name string, site *press.Site, page string, own bool) []theme.FeedLink {
	title := feedTitle(name, site)
	out := make([]theme.FeedLink, 0, len(feed.Formats))
	for _, f := range feed.Formats {
		out = append(out, theme.FeedLink{Title: title + " (" + f.Name() + ")", Format: f.Name(),
			Type: f.MediaType(), Href: feed.Path(page, f), Own: own})
	}
	return out
}

// mediaSizer returns a function that tells the size of a featured image
// served from the media directory (src /media/… or base/media/…), for
// enclosures, and -1 for an image elsewhere or missing. Paths that would
// leave the directory are refused by fs.ValidPath.
func mediaSizer(dir, base string) func(src string) int64 {
	fsys := os.DirFS(dir)
	prefix := strings.TrimSuffix(base, "/") + "/media/"
	return func(src string) int64 {
		rest, ok := strings.CutPrefix(src, "/media/")
		if !ok {
			if rest, ok = strings.CutPrefix(src, prefix); !ok || base == "" {
				return -1
			}
		}
		rest, _, _ = strings.Cut(rest, "?")
		name, err := url.PathUnescape(rest)
		if err != nil || dir == "" || !fs.ValidPath(name) {
			return -1
		}
		info, err := fs.Stat(fsys, name)
		if err != nil || !info.Mode().IsRegular() {
			return -1
		}
		return info.Size()
	}
}
