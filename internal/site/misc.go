package site

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

func (s *Site) handleNotFound(w http.ResponseWriter, r *http.Request) error {
	return press.ErrNotFound
}

// handleHealth answers load balancers: 200 when the database answers within
// two seconds, 503 otherwise.
func (s *Site) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	status, body := http.StatusOK, map[string]string{"status": "ok", "database": s.db.Engine()}
	if err := s.db.Ping(ctx); err != nil {
		s.logger.Warn("health check failed", "err", err)
		status, body["status"] = http.StatusServiceUnavailable, "unavailable"
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}
