package site

import (
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
)

// handleTermFile serves the files under a term's listing. It has none yet;
// the term's feeds will be served here.
func (s *Site) handleTermFile(w http.ResponseWriter, r *http.Request) error {
	return press.ErrNotFound
}
