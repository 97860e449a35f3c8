package api

import (
	"net/http"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// common is what every Content API response needs besides its own
// content: the site, for absolute URLs and defaults, and when anything
// last changed, for Last-Modified.
type common struct {
	views    views
	modified time.Time
}

func (a *API) common(r *http.Request) (*common, error) {
	ctx := r.Context()
	// Read the time first: content read after it is at least as new, so
	// a Last-Modified can be too old (costing a refetch) but never too new
	// (which would keep a stale copy in a cache).
	modified, err := a.db.LastModified(ctx)
	if err != nil {
		return nil, err
	}
	s, err := a.db.Site(ctx)
	if err != nil {
		return nil, err
	}
	return &common{views: newViews(&s), modified: modified}, nil
}

// writeData sends v as JSON with an ETag and Last-Modified, answering
// conditional requests with 304.
func writeData(w http.ResponseWriter, r *http.Request, v any, modified time.Time) error {
	b, err := encode(v)
	if err != nil {
		return err
	}
	web.Write(w, r, http.StatusOK, web.Page{ContentType: "application/json; charset=utf-8", Body: b, LastModified: modified})
	return nil
}

// invalid is a 400 about one parameter.
func invalid(param, message string) error {
	var v press.ValidationError
	v.Add(param, message)
	return &v
}
