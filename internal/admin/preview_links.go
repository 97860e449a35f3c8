package admin

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// previewLinkTTL is how long a preview link works, as the button says.
const previewLinkTTL = 7 * 24 * time.Hour

// previewLinks returns the links to an article that still work, newest
// first, if u may make them (others need not know of them).
//
// The newsroom has no method for listing or deleting links yet, so the
// article's visibility is checked through it and the rights here, with
// the same rule (press.User.CanArticle with press.ActPreviewLink).
func (a *Admin) previewLinks(r *http.Request, u *press.User, articleID int64) ([]press.PreviewLink, error) {
	stored, err := a.news.Article(r.Context(), u, articleID)
	if err != nil {
		return nil, err
	}
	if !u.CanArticle(press.ActPreviewLink, &stored) {
		return nil, nil
	}
	list, err := a.db.PreviewLinks(r.Context(), articleID)
	if err != nil {
		return nil, err
	}
	now := a.now()
	return slices.DeleteFunc(list, func(l press.PreviewLink) bool { return !l.ExpiresAt.After(now) }), nil
}

// handlePreviewLinkCreate makes a link and shows the editor with its
// address: the token is not stored, so this is the only time it is seen.
func (a *Admin) handlePreviewLinkCreate(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	id, err := articleID(r)
	if err != nil {
		return err
	}
	token, err := a.news.CreatePreviewLink(ctx, &s.User, id, previewLinkTTL)
	if err != nil {
		return err
	}
	stored, err := a.news.Article(ctx, &s.User, id)
	if err != nil {
		return err
	}
	site, err := a.db.Site(ctx)
	if err != nil {
		return err
	}
	p, err := a.editor(w, r, s, stored, stored)
	if err != nil {
		return err
	}
	p.NewLink = strings.TrimSuffix(site.BaseURL, "/") + "/preview/" + token
	p.Flash = "Preview link created. Copy it now: it is shown only once."
	return a.renderStatus(w, http.StatusCreated, "article_edit", p)
}

func (a *Admin) handlePreviewLinkDelete(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	id, err := articleID(r)
	if err != nil {
		return err
	}
	lid, err := strconv.ParseInt(r.PathValue("link"), 10, 64)
	if err != nil {
		return press.ErrNotFound
	}
	stored, err := a.news.Article(ctx, &s.User, id)
	if err != nil {
		return err
	}
	if !s.User.CanArticle(press.ActPreviewLink, &stored) {
		return press.Forbidden(press.ActPreviewLink)
	}
	links, err := a.db.PreviewLinks(ctx, id)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(links, func(l press.PreviewLink) bool { return l.ID == lid }) {
		return press.ErrNotFound
	}
	if err := a.db.DeletePreviewLink(ctx, lid); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/articles/"+strconv.FormatInt(id, 10)+"#preview-links", "Preview link deleted: it no longer works.")
}
