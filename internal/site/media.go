package site

import (
	"errors"
	"io/fs"
	"net/http"
	"strings"

	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/press"
)

// UseMedia makes the site serve /media/… from st instead of the media
// directory given to New, for a storage shared by several servers.
func (s *Site) UseMedia(st media.Storage) { s.media = st }

// handleMedia serves a media file from the storage, with range requests,
// conditional GETs and the Content-Type of its extension. There are no
// folder listings (a listing would expose every unpublished upload's
// name). The Content-Security-Policy keeps a file that holds script (an
// SVG) from running it on the site's origin if opened directly.
func (s *Site) handleMedia(w http.ResponseWriter, r *http.Request) error {
	key := strings.TrimPrefix(r.URL.Path, "/media/")
	if !media.ValidKey(key) {
		return press.ErrNotFound
	}
	f, err := s.media.Open(r.Context(), key)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, media.ErrInvalidKey) {
		return press.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer f.Close()
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	http.ServeContent(w, r, key, f.ModTime(), f)
	return nil
}
