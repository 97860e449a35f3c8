package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// mediaPerPage is the size of a page of the media library.
const mediaPerPage = 48

// MediaListPage is the media library: a grid of images with search, an
// upload form and pagination.
type MediaListPage struct {
	Layout
	Items     []press.Media
	Total     int
	Query     string
	Page      int // 1-based
	Pages     int
	MaxUpload string // "20 MB", for the upload hint
}

// MediaPage is one image: preview, sizes, variants, the alt/caption/credit
// form, the articles using it, and delete.
type MediaPage struct {
	Layout
	Media     press.Media
	Usage     []press.Article
	CanChange bool
	Errors    *press.ValidationError // of the last save, when it failed
}

// MediaJSON is the answer to an upload from a script (the editor's drag
// and drop): enough to insert the image with its srcset.
type MediaJSON struct {
	ID     int64  `json:"id"`
	Path   string `json:"path"` // storage key, e.g. 2026/11/harbour.jpg
	URL    string `json:"url"`  // site path, e.g. /media/2026/11/harbour.jpg
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Srcset string `json:"srcset"`
	Alt    string `json:"alt"`
}

func (a *Admin) handleMediaList(w http.ResponseWriter, r *http.Request, s *staff) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	items, total, err := a.news.MediaList(r.Context(), &s.User, press.MediaFilter{Query: q, Limit: mediaPerPage, Offset: (page - 1) * mediaPerPage})
	if err != nil {
		return err
	}
	p := &MediaListPage{Layout: a.layout(w, r, s, "Media", "media"), Items: items, Total: total, Query: q, Page: page,
		Pages: max(1, (total+mediaPerPage-1)/mediaPerPage), MaxUpload: media.FormatBytes(a.news.MaxUpload())}
	p.Scripts = append(p.Scripts, "media.js")
	return a.render(w, "media_list", p)
}

func (a *Admin) mediaID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, press.ErrNotFound
	}
	return id, nil
}

func (a *Admin) handleMediaShow(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := a.mediaID(r)
	if err != nil {
		return err
	}
	return a.renderMedia(w, r, s, id, http.StatusOK, nil)
}

func (a *Admin) renderMedia(w http.ResponseWriter, r *http.Request, s *staff, id int64, status int, verr *press.ValidationError) error {
	m, err := a.news.Media(r.Context(), &s.User, id)
	if err != nil {
		return err
	}
	usage, err := a.news.MediaUsage(r.Context(), &s.User, m)
	if err != nil {
		return err
	}
	p := &MediaPage{Layout: a.layout(w, r, s, m.Filename, "media"), Media: m, Usage: usage,
		CanChange: newsroom.MayChangeMedia(&s.User, m), Errors: verr}
	return a.renderStatus(w, status, "media_show", p)
}

// handleMediaUpload stores the image in the form's "file" field. Scripts
// asking for JSON get MediaJSON (201); forms are sent to the new image's
// page. Too big is 413, not an accepted image 415, both naming the reason.
func (a *Admin) handleMediaUpload(w http.ResponseWriter, r *http.Request, s *staff) error {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var v press.ValidationError
		v.Add("file", "choose an image to upload")
		return &v
	}
	defer f.Close()
	m, err := a.news.UploadMedia(r.Context(), &s.User, hdr.Filename, f)
	var verr *press.ValidationError
	switch {
	case errors.Is(err, media.ErrTooLarge):
		return web.Errorf(http.StatusRequestEntityTooLarge, "%s is larger than the limit of %s",
			hdr.Filename, media.FormatBytes(a.news.MaxUpload()))
	case errors.As(err, &verr) && verr.Message("file") != "":
		return &web.Error{Status: http.StatusUnsupportedMediaType,
			Err: errors.New(hdr.Filename + " " + verr.Message("file"))}
	case err != nil:
		return err
	}
	if alt := strings.TrimSpace(r.FormValue("alt")); alt != "" && m.Alt == "" {
		if m, err = a.news.UpdateMedia(r.Context(), &s.User, m.ID, press.MediaUpdate{Alt: alt, Caption: m.Caption, Credit: m.Credit}); err != nil {
			return err
		}
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusCreated, MediaJSON{ID: m.ID, Path: m.Path, URL: m.URL(), Width: m.Width, Height: m.Height,
			Srcset: m.Srcset(), Alt: m.Alt})
	}
	return a.redirect(w, r, "/admin/media/"+strconv.FormatInt(m.ID, 10), "Uploaded. Describe the image for readers who cannot see it.")
}

func (a *Admin) handleMediaUpdate(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := a.mediaID(r)
	if err != nil {
		return err
	}
	m, err := a.news.UpdateMedia(r.Context(), &s.User, id, press.MediaUpdate{
		Alt: r.FormValue("alt"), Caption: r.FormValue("caption"), Credit: r.FormValue("credit")})
	var verr *press.ValidationError
	if errors.As(err, &verr) && !wantsJSON(r) {
		return a.renderMedia(w, r, s, id, http.StatusUnprocessableEntity, verr)
	}
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, MediaJSON{ID: m.ID, Path: m.Path, URL: m.URL(), Width: m.Width, Height: m.Height,
			Srcset: m.Srcset(), Alt: m.Alt})
	}
	return a.redirect(w, r, "/admin/media/"+strconv.FormatInt(id, 10), "Saved.")
}

func (a *Admin) handleMediaDelete(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := a.mediaID(r)
	if err != nil {
		return err
	}
	err = a.news.DeleteMedia(r.Context(), &s.User, id)
	var used *newsroom.UsedError
	if errors.As(err, &used) {
		if wantsJSON(r) {
			return web.Errorf(http.StatusConflict, "%s; remove it from them first", used.Error())
		}
		return a.redirect(w, r, "/admin/media/"+strconv.FormatInt(id, 10),
			"Not deleted: "+used.Error()+". Remove it from them first.")
	}
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	return a.redirect(w, r, "/admin/media", "Deleted.")
}

// mediaPageURL is the library's address for page n of query q.
func mediaPageURL(q string, n int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return "/admin/media"
	}
	return "/admin/media?" + v.Encode()
}

// PrevURL and NextURL link the neighbouring pages, or are "".
func (p *MediaListPage) PrevURL() string {
	if p.Page <= 1 {
		return ""
	}
	return mediaPageURL(p.Query, p.Page-1)
}

// NextURL links the next page, or is "" on the last.
func (p *MediaListPage) NextURL() string {
	if p.Page >= p.Pages {
		return ""
	}
	return mediaPageURL(p.Query, p.Page+1)
}
