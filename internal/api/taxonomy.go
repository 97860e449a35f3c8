package api

import (
	"errors"
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// handleTaxonomies lists the site's taxonomies in their display order.
func (a *API) handleTaxonomies(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err(); err != nil {
		return err
	}
	c, err := a.common(r)
	if err != nil {
		return err
	}
	taxonomies, err := a.db.Taxonomies(r.Context())
	if err != nil {
		return err
	}
	return writeData(w, r, listOf(taxonomies, c.views.taxonomy), c.modified)
}

// handleTerms lists every term of a taxonomy by name, each naming its
// parent, so that a client can rebuild the tree.
func (a *API) handleTerms(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err(); err != nil {
		return err
	}
	c, err := a.common(r)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	terms, err := a.db.Terms(r.Context(), slug)
	if errors.Is(err, press.ErrNotFound) {
		return web.Errorf(http.StatusNotFound, "there is no taxonomy %q", slug)
	}
	if err != nil {
		return err
	}
	return writeData(w, r, listOf(terms, c.views.term), c.modified)
}
