package api

import "net/http"

// Register adds the API's routes to mux. This is the API's one route
// table.
func (a *API) Register(mux *http.ServeMux) {
	h := a.web.Handle
	_ = h
}
