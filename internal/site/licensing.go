package site

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
	"github.com/pressroomhq/pressroom/internal/web"
)

// licensingLimit is how many licensing requests one address may send per
// hour; people send one or two, a spammer sends hundreds.
const licensingLimit = 5

// licensingArticle loads the published article a licensing request is
// about, or press.ErrNotFound.
func (s *Site) licensingArticle(r *http.Request) (press.Article, error) {
	a, err := s.db.Article(r.Context(), r.PathValue("slug"))
	if err == nil && a.Status != press.StatusPublished {
		err = press.ErrNotFound
	}
	return a, err
}

func (s *Site) handleLicensingForm(w http.ResponseWriter, r *http.Request) error {
	a, err := s.licensingArticle(r)
	if err != nil {
		return err
	}
	p := &theme.LicensingPage{Article: &a, Form: press.LicensingRequest{Use: press.LicensingUses[0]}, Sent: r.URL.Query().Has("sent")}
	return s.renderLicensing(w, r, http.StatusOK, p)
}

// handleLicensingSubmit stores a licensing request. Bad input re-renders
// the form with each problem next to its field (400); success redirects to
// the thank-you state, so reloading does not send the request twice.
func (s *Site) handleLicensingSubmit(w http.ResponseWriter, r *http.Request) error {
	a, err := s.licensingArticle(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return web.Errorf(http.StatusBadRequest, "the form could not be read: %v", err)
	}
	sent := press.LicensingPath(a.Slug) + "?sent=1"
	if r.PostForm.Get("website") != "" {
		// The honeypot was filled in: a bot. Answer as if it worked, so
		// it learns nothing, and store nothing.
		http.Redirect(w, r, sent, http.StatusSeeOther)
		return nil
	}
	if ok, wait := s.licensingLimiter.Allow(web.ClientIP(r)); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Round(time.Second).Seconds())+1))
		return web.Errorf(http.StatusTooManyRequests, "too many licensing requests from your address; please try again in an hour")
	}
	req := press.LicensingRequest{
		ArticleID: a.ID,
		Name:      r.PostForm.Get("name"),
		Email:     r.PostForm.Get("email"),
		Outlet:    r.PostForm.Get("outlet"),
		Use:       r.PostForm.Get("use"),
		Message:   r.PostForm.Get("message"),
	}
	err = s.db.CreateLicensingRequest(r.Context(), &req)
	var ve *press.ValidationError
	if errors.As(err, &ve) {
		p := &theme.LicensingPage{Article: &a, Form: req, Errors: ve}
		return s.renderLicensing(w, r, http.StatusBadRequest, p)
	}
	if err != nil {
		return err
	}
	s.logger.Info("licensing request received", "article", a.Slug, "outlet", req.Outlet, "use", req.Use)
	http.Redirect(w, r, sent, http.StatusSeeOther)
	return nil
}

func (s *Site) renderLicensing(w http.ResponseWriter, r *http.Request, status int, p *theme.LicensingPage) error {
	c, err := s.chrome(r.Context())
	if err != nil {
		return err
	}
	p.Layout = c.layout(s.theme, r, "", "")
	p.Title = p.T.M("licensing.title") + ": " + p.Article.Title
	p.NoIndex = true
	p.Uses = press.LicensingUses
	body, err := s.theme.Licensing(p)
	if err != nil {
		return err
	}
	// A form page is personal (it may echo what was typed): never cache it.
	web.Write(w, r, status, web.Page{ContentType: "text/html; charset=utf-8", Body: body, CacheControl: "no-store"})
	return nil
}
