package site

import (
	"errors"
	"net/http"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// redirectCache is how long browsers and proxies may keep a redirect of
// an old address: a day, so that an editor's correction reaches readers
// soon while crawlers following many old links do not ask each time.
const redirectCache = "public, max-age=86400"

// redirect answers a GET or HEAD that found nothing with 301 Moved
// Permanently when an old address (a WordPress permalink, "/?p=123") has a
// redirect stored, and reports whether it did. Only requests that would
// be a 404 consult redirects, so a redirect never hides a live page.
// The request's query goes along only when it is part of the redirect's
// From; the target is sent as stored, a path (which RFC 9110 allows in
// Location) or an absolute URL.
func (s *Site) redirect(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	from := press.NormalisePath(r.URL.RequestURI())
	if from == "" || from == "/" {
		return false
	}
	x, err := s.db.Redirect(r.Context(), from)
	if err != nil {
		if !errors.Is(err, press.ErrNotFound) {
			s.logger.ErrorContext(r.Context(), "looking up a redirect", "path", from, "err", err)
		}
		return false
	}
	w.Header().Set("Cache-Control", redirectCache)
	http.Redirect(w, r, x.To, http.StatusMovedPermanently)
	return true
}

// legacyQuery reports whether r's query has one of the parameters
// WordPress's plain permalinks address content with ("/?p=123"), which
// the front page must not answer as if they were not there. They are the
// ones press.NormalisePath keeps.
func legacyQuery(r *http.Request) bool {
	return r.URL.RawQuery != "" && strings.Contains(press.NormalisePath(r.URL.RequestURI()), "?")
}
