package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// CommentBansPage lists the bans on commenters, with a form for a new one.
type CommentBansPage struct {
	Layout
	FormErrors
	Bans []press.CommentBan
	Form press.CommentBan // as typed, after a refused add
}

func (a *Admin) commentBansPage(w http.ResponseWriter, r *http.Request, s *staff) (*CommentBansPage, error) {
	bans, err := a.news.Bans(r.Context(), &s.User)
	if err != nil {
		return nil, err
	}
	return &CommentBansPage{Layout: a.layout(w, r, s, "Comment bans", "comments"), Bans: bans,
		Form: press.CommentBan{Kind: press.BanEmail}}, nil
}

func (a *Admin) handleCommentBans(w http.ResponseWriter, r *http.Request, s *staff) error {
	p, err := a.commentBansPage(w, r, s)
	if err != nil {
		return err
	}
	return a.render(w, "comment_bans", p)
}

// handleCommentBanCreate adds a ban, from the bans page or from a row of
// the queue (which says where to go back to). A refused ban is shown on
// the bans page with its errors.
func (a *Admin) handleCommentBanCreate(w http.ResponseWriter, r *http.Request, s *staff) error {
	f := r.PostForm
	b := press.CommentBan{Kind: press.CommentBanKind(f.Get("kind")), Value: strings.TrimSpace(f.Get("value")),
		Reason: strings.TrimSpace(f.Get("reason"))}
	if err := a.news.BanCommenter(r.Context(), &s.User, b); err != nil {
		fe, err := fieldErrors(err)
		if err != nil {
			return err
		}
		p, err := a.commentBansPage(w, r, s)
		if err != nil {
			return err
		}
		p.FormErrors, p.Form = fe, b
		return a.renderStatus(w, http.StatusUnprocessableEntity, "comment_bans", p)
	}
	to := "/admin/comments/bans"
	if f.Get("back") != "" {
		to = commentsBack(r)
	}
	what := "IP address or range"
	if b.Kind == press.BanEmail {
		what = "email address"
	}
	return a.redirect(w, r, to, "Banned the "+what+" "+b.Value+".")
}

func (a *Admin) handleCommentBanDelete(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return press.ErrNotFound
	}
	if err := a.news.Unban(r.Context(), &s.User, id); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/comments/bans", "Ban lifted.")
}
