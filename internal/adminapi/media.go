package adminapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

type mediaJSON struct {
	ID        int64           `json:"id"`
	URL       string          `json:"url"`
	Path      string          `json:"path"`
	Filename  string          `json:"filename"`
	MimeType  string          `json:"mime_type"`
	Size      int64           `json:"size"`
	Width     int             `json:"width"`
	Height    int             `json:"height"`
	Alt       string          `json:"alt"`
	Caption   string          `json:"caption"`
	Credit    string          `json:"credit"`
	Variants  []press.Variant `json:"variants"`
	CreatedAt time.Time       `json:"created_at"`
}

func mediaOf(m *press.Media) mediaJSON {
	j := mediaJSON{ID: m.ID, URL: m.URL(), Path: m.Path, Filename: m.Filename, MimeType: m.MimeType, Size: m.Size,
		Width: m.Width, Height: m.Height, Alt: m.Alt, Caption: m.Caption, Credit: m.Credit, Variants: m.Variants,
		CreatedAt: m.CreatedAt.UTC()}
	if j.Variants == nil {
		j.Variants = []press.Variant{}
	}
	return j
}

// handleMediaUpload stores the image in the multipart field "file". The
// part is streamed to the newsroom, which stops reading at the size limit
// (413) and stores nothing of a refused upload.
func (a *API) handleMediaUpload(w http.ResponseWriter, r *http.Request, u *press.User) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return badRequest("file", "send the image as multipart/form-data in the field \"file\"")
	}
	// The body may carry the file and a little multipart framing.
	r.Body = http.MaxBytesReader(w, r.Body, a.news.MaxUpload()+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return badRequest("file", "the body is not valid multipart/form-data")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return badRequest("file", "the field \"file\" is missing")
		}
		if err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				return tooLarge("the file is larger than the upload limit")
			}
			return badRequest("file", "the body is not valid multipart/form-data")
		}
		if part.FormName() != "file" {
			return badRequest(part.FormName(), "unknown field "+part.FormName())
		}
		m, err := a.news.UploadMedia(r.Context(), u, part.FileName(), part)
		if err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				return tooLarge("the file is larger than the upload limit")
			}
			return err
		}
		w.Header().Set("Location", m.URL())
		writeJSON(w, http.StatusCreated, mediaOf(&m))
		return nil
	}
}
