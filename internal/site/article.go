package site

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/pressroomhq/pressroom/internal/feed"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
)

// relatedCount is how many related articles close an article page.
const relatedCount = 3

func (s *Site) handleArticle(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := s.publishedArticle(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	p, err := s.articlePage(ctx, c, r, &a, false)
	if err != nil {
		return err
	}
	cs, err := s.commentSection(ctx, r, c, &a, nil)
	if err != nil {
		return err
	}
	return s.writeArticle(w, r, c, p, cs, http.StatusOK)
}

// RenderArticle renders a as its public page. It is the one rendering of
// an article, used for a published article, for the editor's preview of
// an unsaved draft (whose Body.HTML the caller has rendered) and for a
// preview link, so that what editors preview is what readers will get,
// byte for byte. With preview set the page asks search engines not to
// index it; nothing else changes.
func (s *Site) RenderArticle(ctx context.Context, r *http.Request, a *press.Article, preview bool) ([]byte, error) {
	c, err := s.chrome(ctx)
	if err != nil {
		return nil, err
	}
	return s.renderArticle(ctx, c, r, a, preview)
}

// renderArticle renders a's page without its comments: previews show the
// article as it will be, but not a thread or a form for it.
func (s *Site) renderArticle(ctx context.Context, c *chrome, r *http.Request, a *press.Article, preview bool) ([]byte, error) {
	p, err := s.articlePage(ctx, c, r, a, preview)
	if err != nil {
		return nil, err
	}
	return s.theme.Article(p)
}

// articlePage fills the page of article a, all but its comments.
func (s *Site) articlePage(ctx context.Context, c *chrome, r *http.Request, a *press.Article, preview bool) (*theme.ArticlePage, error) {
	description := a.Dek
	if description == "" {
		description = a.Excerpt
	}
	p := &theme.ArticlePage{
		Layout:    c.layout(s.theme, r, a.Title, description),
		Article:   a,
		Copyright: a.Attribution(&c.site),
		License:   a.License,
	}
	if strings.HasPrefix(a.Image.Src, "/media/") {
		// An uploaded featured image brings its sizes for srcset.
		if m, err := s.db.MediaByPath(ctx, a.Image.Src); err == nil {
			p.Image = &m
		} else if !errors.Is(err, press.ErrNotFound) {
			return nil, err
		}
	}
	if p.License.IsZero() && !a.NoRepublish {
		// The site's policy is the default licence, except for pieces
		// withheld from republishing (a partner's, say), which it does
		// not cover.
		p.License = c.site.RepublishingPolicy
	}
	for _, t := range c.taxonomies {
		if terms := a.TermsOf(t.Slug); len(terms) > 0 {
			p.Groups = append(p.Groups, theme.TermGroup{Taxonomy: t, Terms: terms})
		}
	}
	var err error
	if p.Related, err = s.db.Related(ctx, a, relatedCount); err != nil {
		return nil, err
	}
	p.Canonical = c.articleCanonical(a)
	p.Meta = c.articleMeta(p)
	p.Cite = citations(a, &c.site)
	if !a.NoRepublish && !p.License.IsZero() {
		t := p.T
		p.Republish = feed.Republish(&c.site, a, feed.RepublishText{
			Text: feed.Text{OriginalSource: t.M("original_source"), Copyright: t.M("copyright_line")},
			By:   t.M("republish.by"), And: t.M("and"),
			OriginallyPublished: t.M("republish.originally"),
			CanonicalHint:       t.M("republish.canonical_hint"),
		})
	}
	if preview {
		p.NoIndex = true
	}
	return p, nil
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
