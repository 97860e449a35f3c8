package site

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
	"github.com/pressroomhq/pressroom/internal/web"
)

// chrome is what every page needs from the store before its own content.
type chrome struct {
	site       press.Site
	taxonomies []press.Taxonomy
	modified   time.Time
}

func (s *Site) chrome(ctx context.Context) (*chrome, error) {
	sc, err := s.db.Chrome(ctx)
	if err != nil {
		return nil, err
	}
	return &chrome{site: sc.Site, taxonomies: sc.Taxonomies, modified: sc.Modified}, nil
}

// layout fills the parts of a page every template shares.
func (c *chrome) layout(th *theme.Theme, r *http.Request, title, description string) theme.Layout {
	canonical := strings.TrimSuffix(c.site.BaseURL, "/") + r.URL.Path
	if p := r.URL.Query().Get("page"); p != "" && p != "1" {
		canonical += "?page=" + p
	}
	return theme.Layout{
		Site:        &c.site,
		T:           th.Catalog(c.site.Language),
		Title:       title,
		Description: description,
		Canonical:   canonical,
		Path:        r.URL.Path,
		Taxonomies:  c.taxonomies,
		Feeds:       feedLinks("", &c.site, "/", false),
		Meta:        c.pageMeta("website", title, description, canonical),
	}
}

func (c *chrome) taxonomy(slug string) (press.Taxonomy, bool) {
	for _, t := range c.taxonomies {
		if t.Slug == slug {
			return t, true
		}
	}
	return press.Taxonomy{}, false
}

// write sends a rendered page with its cache validators.
func write(w http.ResponseWriter, r *http.Request, body []byte, err error, modified time.Time) error {
	if err != nil {
		return err
	}
	web.Write(w, r, http.StatusOK, web.Page{ContentType: "text/html; charset=utf-8", Body: body, LastModified: modified})
	return nil
}

// pageNumber reads ?page=N. Anything but a positive integer is a 400 so a
// crawler following a broken link learns it, rather than seeing page 1
// under many URLs.
func pageNumber(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100000 {
		return 0, web.Errorf(http.StatusBadRequest, "?page=%s is not a page number: pages are numbered from 1", v)
	}
	return n, nil
}

// listing fetches one page of a filtered listing; a page past the end is a
// 404, except page 1, which may be empty.
func (s *Site) listing(ctx context.Context, r *http.Request, f press.ArticleFilter) (press.ArticleList, theme.Pager, error) {
	page, err := pageNumber(r)
	if err != nil {
		return press.ArticleList{}, theme.Pager{}, err
	}
	f.Status = press.StatusPublished
	f.Limit = press.DefaultPageSize
	f.Offset = (page - 1) * f.Limit
	list, err := s.db.Articles(ctx, f)
	if err != nil {
		return list, theme.Pager{}, err
	}
	if page > 1 && len(list.Articles) == 0 {
		return list, theme.Pager{}, web.Errorf(http.StatusNotFound, "page %d is past the end", page)
	}
	return list, theme.NewPager(r.URL.Path, page, f.Limit, list.Total), nil
}

// errorPage renders the friendly error page. If the store is down the page
// still renders, with the default site's name. A 404 is first checked for
// a stored redirect.
func (s *Site) errorPage(w http.ResponseWriter, r *http.Request, status int, err error) {
	if status == http.StatusNotFound && s.redirect(w, r) {
		return // an old address with a new home; see redirect.go
	}
	c, cerr := s.chrome(r.Context())
	if cerr != nil {
		c = &chrome{site: press.DefaultSite()}
	}
	l := c.layout(s.theme, r, "", "")
	l.NoIndex = true
	l.Canonical = ""
	l.Meta = theme.Meta{}
	key := "other"
	switch status {
	case http.StatusNotFound, http.StatusBadRequest, http.StatusInternalServerError:
		key = strconv.Itoa(status)
	}
	p := &theme.ErrorPage{Layout: l, Status: status, Heading: l.T.M("error." + key + ".title")}
	p.Title = p.Heading
	switch {
	case status >= 500 || status == http.StatusNotFound:
		// A 404 looks the same whatever was missing; a 5xx never shows
		// internals (it was logged by the adapter).
		p.Message = l.T.M("error." + key + ".text")
	default:
		// Other client errors name what was wrong with the request.
		p.Message = err.Error()
	}
	body, rerr := s.theme.Error(p)
	if rerr != nil {
		s.logger.Error("rendering error page", "err", rerr)
		http.Error(w, http.StatusText(status), status)
		return
	}
	web.Write(w, r, status, web.Page{ContentType: "text/html; charset=utf-8", Body: body})
}
