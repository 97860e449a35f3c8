package api

import (
	"errors"
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// handleAuthors lists every author by name, in one page.
func (a *API) handleAuthors(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err(); err != nil {
		return err
	}
	c, err := a.common(r)
	if err != nil {
		return err
	}
	authors, err := a.db.Authors(r.Context())
	if err != nil {
		return err
	}
	return writeData(w, r, listOf(authors, c.views.author), c.modified)
}

// handleAuthor shows one author's public profile.
func (a *API) handleAuthor(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err(); err != nil {
		return err
	}
	c, err := a.common(r)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	au, err := a.db.Author(r.Context(), slug)
	if errors.Is(err, press.ErrNotFound) {
		return web.Errorf(http.StatusNotFound, "there is no author %q", slug)
	}
	if err != nil {
		return err
	}
	return writeData(w, r, c.views.author(&au), c.modified)
}
