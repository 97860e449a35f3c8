package api

import "net/http"

// handleSite shows the site's public settings and standing texts.
func (a *API) handleSite(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err(); err != nil {
		return err
	}
	c, err := a.common(r)
	if err != nil {
		return err
	}
	return writeData(w, r, c.views.siteSettings(), c.modified)
}
