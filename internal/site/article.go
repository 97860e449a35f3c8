package site

import (
	"context"
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
	a, err := s.publishedArticle(ctx, r.PathValue("slug"))
	if err != nil {
		return err
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
	p.Canonical = c.articleCanonical(&a)
	p.Meta = c.articleMeta(p)
	p.Cite = citations(&a, &c.site)
	body, err := s.theme.Article(p)
	return write(w, r, body, err, c.modified)
}

// publishedArticle returns the published article with slug. Drafts exist
// but must look exactly like nothing to readers: they are not found.
func (s *Site) publishedArticle(ctx context.Context, slug string) (press.Article, error) {
	a, err := s.db.Article(ctx, slug)
	if err != nil {
		return a, err
	}
	if a.Status != press.StatusPublished {
		return press.Article{}, press.ErrNotFound
	}
	return a, nil
}
