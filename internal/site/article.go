package site

import (
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
)

// relatedCount is how many related articles close an article page.
const relatedCount = 3

func (s *Site) handleArticle(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	a, err := s.db.Article(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	if a.Status != press.StatusPublished {
		// Drafts exist but must look exactly like nothing to readers.
		return press.ErrNotFound
	}
	description := a.Dek
	if description == "" {
		description = a.Excerpt
	}
	p := &theme.ArticlePage{
		Layout:    c.layout(s.theme, r, a.Title, description),
		Article:   &a,
		Copyright: a.Attribution(&c.site),
		License:   a.License,
	}
	if p.License.IsZero() {
		p.License = c.site.RepublishingPolicy
	}
	for _, t := range c.taxonomies {
		if terms := a.TermsOf(t.Slug); len(terms) > 0 {
			p.Groups = append(p.Groups, theme.TermGroup{Taxonomy: t, Terms: terms})
		}
	}
	if p.Related, err = s.db.Related(ctx, &a, relatedCount); err != nil {
		return err
	}
	body, err := s.theme.Article(p)
	return write(w, r, body, err, c.modified)
}
