package site

import (
	"context"
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// PreviewFunc returns the article a preview link's token shows, or
// press.ErrNotFound for an unknown or expired token. The newsroom's
// PreviewArticle is one.
type PreviewFunc func(ctx context.Context, token string) (press.Article, error)

// UsePreviews makes /preview/{token} answer with the article f finds.
// Without it every preview link is not found: the site cannot tell a
// token from its hash on its own, the newsroom keeps that rule.
func (s *Site) UsePreviews(f PreviewFunc) { s.previews = f }

// handlePreview shows an unpublished article to whoever holds a preview
// link, rendered exactly as it will be published. The page is never
// cached, never indexed, and its address (a secret) is not sent on as a
// referrer when a reader follows one of its links.
func (s *Site) handlePreview(w http.ResponseWriter, r *http.Request) error {
	if s.previews == nil {
		return press.ErrNotFound
	}
	a, err := s.previews(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	body, err := s.RenderArticle(r.Context(), r, &a, true)
	if err != nil {
		return err
	}
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	w.Header().Set("Referrer-Policy", "no-referrer")
	web.Write(w, r, http.StatusOK, web.Page{ContentType: "text/html; charset=utf-8", Body: body, CacheControl: "no-store"})
	return nil
}

// RenderPreview is RenderArticle for the admin's editor: the page of a
// (stored or not), marked not to be indexed.
func (s *Site) RenderPreview(ctx context.Context, r *http.Request, a *press.Article) ([]byte, error) {
	return s.RenderArticle(ctx, r, a, true)
}
