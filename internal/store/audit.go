package store

import (
	"context"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// audit records in the log, inside the write it describes, that the
// context's actor did action to target. Being part of the same
// transaction, the line exists exactly when the change does.
func (t *tx) audit(ctx context.Context, now time.Time, action, target, summary string) error {
	a := press.ActorFrom(ctx)
	var user any
	if a.UserID != 0 {
		user = a.UserID
	}
	_, err := t.exec(ctx, `INSERT INTO audit_log (at, user_id, actor, action, target, summary, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, t.d.time(now), user, a.Name, action, target, summary, a.IP)
	return err
}

// AuditFilter selects lines of the audit log. Zero fields do not filter.
type AuditFilter struct {
	UserID int64
	Action string // exact, or a prefix ending in "." such as "article."
	Target string
	Before int64 // only lines with a smaller ID, for paging back
	Limit  int   // 0 means 50
}

// AuditLog returns lines of the audit log, newest first.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) ([]press.AuditEntry, error) {
	q := "SELECT id, at, COALESCE(user_id, 0), actor, action, target, summary, ip FROM audit_log WHERE 1 = 1"
	var args []any
	if f.UserID != 0 {
		q += " AND user_id = ?"
		args = append(args, f.UserID)
	}
	if f.Action != "" {
		if f.Action[len(f.Action)-1] == '.' {
			q += " AND action LIKE ?"
			args = append(args, f.Action+"%")
		} else {
			q += " AND action = ?"
			args = append(args, f.Action)
		}
	}
	if f.Target != "" {
		q += " AND target = ?"
		args = append(args, f.Target)
	}
	if f.Before != 0 {
		q += " AND id < ?"
		args = append(args, f.Before)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, f.Limit)
	var out []press.AuditEntry
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e press.AuditEntry
			if err := rows.Scan(&e.ID, scanTime(&e.At), &e.UserID, &e.Actor, &e.Action, &e.Target, &e.Summary, &e.IP); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "audit log")
	}
	return out, nil
}
