package site

import (
	"net/http"
	"strings"

	"github.com/pressroomhq/pressroom/internal/feed"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/web"
)

// SetSitemapLimits changes how many URLs and bytes one sitemap file may
// hold before /sitemap.xml becomes an index of /sitemaps/{n}.xml files.
// The default, and what zero fields mean, is feed.SitemapLimits, the
// protocol's maximum; tests lower it to see the split.
func (s *Site) SetSitemapLimits(l feed.Limits) { s.sitemapLimits = l }

// handleSitemap serves /sitemap.xml: every page, or an index of the parts
// when they are too many for one file.
func (s *Site) handleSitemap(w http.ResponseWriter, r *http.Request) error {
	return s.serveSitemap(w, r, 0)
}

// handleSitemapPart serves /sitemaps/{n}.xml, part n of a split sitemap.
func (s *Site) handleSitemapPart(w http.ResponseWriter, r *http.Request) error {
	n, ok := feed.PartOf(r.PathValue("file"))
	if !ok {
		return press.ErrNotFound
	}
	return s.serveSitemap(w, r, n)
}

// serveSitemap writes file part of the sitemap (0 for /sitemap.xml): the
// front page and the indexes first, then what the store lists, in the
// store's order so that the parts stay put as articles are added.
func (s *Site) serveSitemap(w http.ResponseWriter, r *http.Request, part int) error {
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(c.site.BaseURL, "/")
	sm := feed.NewSitemap(base, s.sitemapLimits, part)
	sm.Add(feed.URL{Loc: base + "/", LastMod: c.modified})
	sm.Add(feed.URL{Loc: base + "/authors"})
	for _, t := range c.taxonomies {
		sm.Add(feed.URL{Loc: base + press.TaxonomyPath(t.Slug)})
	}
	sm.Add(feed.URL{Loc: base + "/archive"})
	err = s.db.Sitemap(ctx, func(e store.SitemapEntry) error {
		sm.Add(feed.URL{Loc: base + e.Path, LastMod: e.Modified})
		return nil
	})
	if err != nil {
		return err
	}
	body, ok := sm.Document()
	if !ok {
		return press.ErrNotFound
	}
	web.Write(w, r, http.StatusOK, web.Page{ContentType: "application/xml; charset=utf-8", Body: body, LastModified: c.modified})
	return nil
}

// handleNewsSitemap serves /news-sitemap.xml: the articles of the last two
// days in the news sitemap format. Its content changes as time passes
// even when nothing is edited (articles age out), so it carries no
// Last-Modified, which would answer If-Modified-Since wrongly; its ETag
// still makes revalidation cheap.
func (s *Site) handleNewsSitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	site, err := s.db.Site(ctx)
	if err != nil {
		return err
	}
	list, err := s.db.NewsArticles(ctx, feed.NewsWindow, feed.NewsLimit)
	if err != nil {
		return err
	}
	web.Write(w, r, http.StatusOK, web.Page{ContentType: "application/xml; charset=utf-8", Body: feed.NewsSitemap(&site, list)})
	return nil
}

// handleRobots serves /robots.txt: crawl everything, and here are the
// sitemaps.
func (s *Site) handleRobots(w http.ResponseWriter, r *http.Request) error {
	site, err := s.db.Site(r.Context())
	if err != nil {
		return err
	}
	web.Write(w, r, http.StatusOK, web.Page{ContentType: "text/plain; charset=utf-8", Body: feed.Robots(site.BaseURL),
		LastModified: site.UpdatedAt})
	return nil
}
