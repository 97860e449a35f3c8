package admin

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// AuditPage shows the audit log, newest first, a page at a time.
type AuditPage struct {
	Layout
	Entries  []press.AuditEntry
	Users    []press.User
	UserID   int64
	Action   string
	Actions  []string // the prefixes offered in the filter
	Older    string   // the address of the next (older) page, or "" on the last
	Filtered bool
}

// auditActions are the prefixes the filter offers, one per kind of thing.
var auditActions = []string{"article.", "user.", "settings.", "token.", "media.", "webhook.", "author.", "taxonomy.", "term."}

const auditPageSize = 50

func (a *Admin) handleAudit(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := &AuditPage{Layout: a.layout(w, r, s, "Audit log", "audit"), Action: q.Get("action"), Actions: auditActions}
	p.UserID, _ = strconv.ParseInt(q.Get("user"), 10, 64)
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	p.Filtered = p.UserID != 0 || p.Action != ""
	// One more than a page tells whether there is an older page.
	entries, err := a.db.AuditLog(ctx, store.AuditFilter{UserID: p.UserID, Action: p.Action, Before: before, Limit: auditPageSize + 1})
	if err != nil {
		return err
	}
	if len(entries) > auditPageSize {
		entries = entries[:auditPageSize]
		v := url.Values{"before": {strconv.FormatInt(entries[len(entries)-1].ID, 10)}}
		if p.UserID != 0 {
			v.Set("user", strconv.FormatInt(p.UserID, 10))
		}
		if p.Action != "" {
			v.Set("action", p.Action)
		}
		p.Older = "/admin/audit?" + v.Encode()
	}
	p.Entries = entries
	if p.Users, err = a.db.Users(ctx); err != nil {
		return err
	}
	return a.render(w, "audit", p)
}
