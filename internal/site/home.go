package site

import (
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
	"github.com/pressroomhq/pressroom/internal/web"
)

// featuredCount is how many featured articles lead the front page.
const featuredCount = 3

func (s *Site) handleHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if legacyQuery(r) {
		// "/?p=123" is an old WordPress address: redirected, or a 404.
		return web.Errorf(http.StatusNotFound, "no redirect for %s", r.URL.RequestURI())
	}
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	latest, pager, err := s.listing(ctx, r, press.ArticleFilter{})
	if err != nil {
		return err
	}
	p := &theme.HomePage{Layout: c.layout(s.theme, r, "", c.site.Tagline), Pager: pager, Latest: latest.Articles}
	if pager.Page == 1 {
		featured, err := s.db.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Featured: true, Limit: featuredCount})
		if err != nil {
			return err
		}
		p.Featured = featured.Articles
		p.Latest = without(latest.Articles, featured.Articles)
		if p.Months, err = s.db.Months(ctx); err != nil {
			return err
		}
		p.Months = p.Months[:min(len(p.Months), 12)]
	}
	body, err := s.theme.Home(p)
	return write(w, r, body, err, c.modified)
}

// without returns list less the articles in drop, so the lead stories do
// not appear twice on the front page.
func without(list, drop []press.Article) []press.Article {
	out := make([]press.Article, 0, len(list))
	for _, a := range list {
		keep := true
		for _, d := range drop {
			if d.ID == a.ID {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, a)
		}
	}
	return out
}
