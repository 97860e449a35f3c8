package press

import (
	"strconv"
	"strings"
	"time"
)

// Media is an uploaded image. Path is the key of the original (as
// re-encoded on upload, metadata stripped) in the media storage, such as
// "2026/11/harbour-at-dawn.jpg"; readers fetch it at URL(). Variants are
// smaller copies of it for responsive images, narrowest first.
type Media struct {
	ID       int64
	Path     string
	Filename string // the name it was uploaded under
	MimeType string // of the stored file: image/jpeg, image/png or image/gif
	Size     int64  // bytes of the stored original
	Width    int
	Height   int
	Alt      string
	Caption  string
	Credit   string
	Variants []Variant
	SHA256   string // hex digest of the uploaded bytes, to find duplicates

	UploadedBy int64 // staff user, 0 when unknown or deleted
	CreatedAt  time.Time
	UpdatedAt  time.Time

	// Uses counts the articles that use the image, filled only by
	// listings that say so.
	Uses int
}

// Variant is a resized copy of a Media image.
type Variant struct {
	Path   string `json:"path"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// MediaURL returns the public path of the media file stored under key.
func MediaURL(key string) string { return "/media/" + strings.TrimPrefix(key, "/") }

// URL returns the public path of the original image.
func (m Media) URL() string { return MediaURL(m.Path) }

// Srcset returns the value of an img element's srcset attribute listing
// the variants and the original by width ("/media/a-320w.jpg 320w, …,
// /media/a.jpg 1600w"), or "" when there are no variants to choose from.
func (m Media) Srcset() string {
	if len(m.Variants) == 0 {
		return ""
	}
	var b strings.Builder
	for _, v := range m.Variants {
		b.WriteString(MediaURL(v.Path))
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(v.Width))
		b.WriteString("w, ")
	}
	b.WriteString(m.URL())
	b.WriteByte(' ')
	b.WriteString(strconv.Itoa(m.Width))
	b.WriteByte('w')
	return b.String()
}

// Validate checks the editable fields of an image before they are stored.
func (m *Media) Validate() error {
	var v ValidationError
	if len(m.Alt) > 1000 {
		v.Add("alt", "must be at most 1,000 characters")
	}
	if len(m.Caption) > 5000 {
		v.Add("caption", "must be at most 5,000 characters")
	}
	if len(m.Credit) > 500 {
		v.Add("credit", "must be at most 500 characters")
	}
	return v.Err()
}

// MediaFilter selects images of the media library. Zero fields do not
// filter.
type MediaFilter struct {
	// Query matches, case-insensitively, part of the file name, the alt
	// text or the caption.
	Query  string
	Limit  int // 0 means 50
	Offset int
}

// MediaUpdate is the editable part of an image.
type MediaUpdate struct {
	Alt, Caption, Credit string
}
