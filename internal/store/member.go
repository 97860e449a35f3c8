package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// memberCols are the columns scanMember reads, FROM members m.
const memberCols = "m.id, m.email, m.name, m.status, m.note, m.created_at, m.confirmed_at"

func scanMember(s scanner) (press.Member, error) {
	var m press.Member
	err := s.Scan(&m.ID, &m.Email, &m.Name, &m.Status, &m.Note, scanTime(&m.CreatedAt), scanTime(&m.ConfirmedAt))
	m.Labels = []string{}
	return m, err
}

// memberSessionTTL is how long a member stays signed in on one browser.
// Readers come back weekly or monthly, not daily, and signing in costs
// them a trip to their inbox, so it is long; the session is on the
// server and ends at once on sign-out, deletion or from the staff.
const memberSessionTTL = 90 * 24 * time.Hour

// CreateMember stores a new member (normalised and validated here),
// setting its ID and CreatedAt. An address that has an account already
// is press.ErrConflict.
func (db *DB) CreateMember(ctx context.Context, m *press.Member) error {
	press.NormalizeMember(m)
	if err := m.Validate(); err != nil {
		return db.fail(err, "member")
	}
	err := db.write(ctx, func(t *tx) error {
		m.CreatedAt = db.clock()
		return t.insertMember(ctx, m)
	})
	if err != nil {
		return db.fail(err, "member %q", m.Email)
	}
	return nil
}

func (t *tx) insertMember(ctx context.Context, m *press.Member) error {
	err := t.queryRow(ctx, `INSERT INTO members (email, name, status, note, created_at, updated_at, confirmed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.Email, m.Name, string(m.Status), m.Note,
		t.d.time(m.CreatedAt), t.d.time(m.CreatedAt), t.d.nullTime(m.ConfirmedAt)).Scan(&m.ID)
	if err != nil {
		return err
	}
	return t.setMemberLabels(ctx, m.ID, m.Labels)
}

func (t *tx) setMemberLabels(ctx context.Context, id int64, labels []string) error {
	if _, err := t.exec(ctx, "DELETE FROM member_labels WHERE member_id = ?", id); err != nil {
		return err
	}
	for _, l := range labels {
		if _, err := t.exec(ctx, "INSERT INTO member_labels (member_id, label) VALUES (?, ?)", id, l); err != nil {
			return err
		}
	}
	return nil
}

// Member returns member id with its labels, or press.ErrNotFound.
func (db *DB) Member(ctx context.Context, id int64) (press.Member, error) {
	var m press.Member
	err := db.read(ctx, func(t *tx) error {
		var err error
		m, err = t.member(ctx, "m.id = ?", id)
		return err
	})
	if err != nil {
		return m, db.fail(err, "member %d", id)
	}
	return m, nil
}

// MemberByEmail returns the member with the address (any case), or
// press.ErrNotFound.
func (db *DB) MemberByEmail(ctx context.Context, email string) (press.Member, error) {
	var m press.Member
	err := db.read(ctx, func(t *tx) error {
		var err error
		m, err = t.member(ctx, "m.email = ?", press.NormaliseEmail(email))
		return err
	})
	if err != nil {
		return m, db.fail(err, "member %q", email)
	}
	return m, nil
}

func (t *tx) member(ctx context.Context, where string, arg any) (press.Member, error) {
	m, err := scanMember(t.queryRow(ctx, "SELECT "+memberCols+" FROM members m WHERE "+where, arg))
	if err != nil {
		return m, err
	}
	m.Labels, err = queryColumn[string](ctx, t, "SELECT label FROM member_labels WHERE member_id = ? ORDER BY label", m.ID)
	if m.Labels == nil {
		m.Labels = []string{}
	}
	return m, err
}

// Members returns the members f selects, newest first, with their
// labels, and how many there are in all.
func (db *DB) Members(ctx context.Context, f press.MemberFilter) ([]press.Member, int, error) {
	var conds []string
	var args []any
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		like := "%" + escapeLike(q) + "%"
		conds = append(conds, `(m.email LIKE ? ESCAPE '\' OR LOWER(m.name) LIKE ? ESCAPE '\')`)
		args = append(args, like, like)
	}
	if f.Status != "" {
		conds = append(conds, "m.status = ?")
		args = append(args, string(f.Status))
	}
	if f.Label != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM member_labels l WHERE l.member_id = m.id AND l.label = ?)")
		args = append(args, strings.ToLower(strings.TrimSpace(f.Label)))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	list := []press.Member{}
	total := 0
	err := db.read(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM members m"+where, args...).Scan(&total); err != nil {
			return err
		}
		q := "SELECT " + memberCols + " FROM members m" + where + " ORDER BY m.created_at DESC, m.id DESC"
		if f.Limit > 0 {
			q += " LIMIT " + strconv.Itoa(f.Limit) + " OFFSET " + strconv.Itoa(max(f.Offset, 0))
		}
		var err error
		if list, err = queryAll(ctx, t, scanMember, q, args...); err != nil {
			return err
		}
		if len(list) == 0 {
			list = []press.Member{}
			return nil
		}
		byID := make(map[int64]int, len(list))
		ids := make([]any, len(list))
		for i, m := range list {
			byID[m.ID] = i
			ids[i] = m.ID
		}
		return t.each(ctx, "SELECT member_id, label FROM member_labels WHERE member_id IN ("+placeholders(len(ids))+
			") ORDER BY member_id, label", ids, func(s scanner) error {
			var id int64
			var label string
			if err := s.Scan(&id, &label); err != nil {
				return err
			}
			list[byID[id]].Labels = append(list[byID[id]].Labels, label)
			return nil
		})
	})
	if err != nil {
		return nil, 0, db.fail(err, "members")
	}
	return list, total, nil
}

// MemberLabels returns every label in use, sorted.
func (db *DB) MemberLabels(ctx context.Context) ([]string, error) {
	var list []string
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryColumn[string](ctx, t, "SELECT DISTINCT label FROM member_labels ORDER BY label")
		return err
	})
	if err != nil {
		return nil, db.fail(err, "member labels")
	}
	if list == nil {
		list = []string{}
	}
	return list, nil
}

// UpdateMemberName changes member id's name (cleaned and checked here);
// press.ErrNotFound if there is no such member.
func (db *DB) UpdateMemberName(ctx context.Context, id int64, name string) error {
	name = press.CleanName(name)
	if err := press.ValidateMemberName(name); err != nil {
		return db.fail(err, "member %d", id)
	}
	err := db.write(ctx, func(t *tx) error {
		return t.touchMember(ctx, id, db.clock(), "name = ?", name)
	})
	if err != nil {
		return db.fail(err, "member %d", id)
	}
	return nil
}

// touchMember sets one change on member id with its updated_at;
// press.ErrNotFound when no row matched.
func (t *tx) touchMember(ctx context.Context, id int64, now time.Time, set string, arg any) error {
	res, err := t.exec(ctx, "UPDATE members SET "+set+", updated_at = ? WHERE id = ?", arg, t.d.time(now), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = press.ErrNotFound
		}
		return err
	}
	return nil
}

// ChangeMemberLabels adds the label to, or (add false) removes it from,
// each of the members ids, with one member.label audit line. Unknown ids
// are passed over; adding a label a member has is harmless.
func (db *DB) ChangeMemberLabels(ctx context.Context, ids []int64, label string, add bool) error {
	label = strings.ToLower(press.CleanName(label))
	if err := press.ValidateLabel(label); err != nil {
		return db.fail(err, "member label")
	}
	if len(ids) == 0 {
		return nil
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		for _, id := range ids {
			var err error
			if add {
				_, err = t.exec(ctx, `INSERT INTO member_labels (member_id, label) SELECT id, ? FROM members WHERE id = ?
					AND NOT EXISTS (SELECT 1 FROM member_labels WHERE member_id = ? AND label = ?)`, label, id, id, label)
			} else {
				_, err = t.exec(ctx, "DELETE FROM member_labels WHERE member_id = ? AND label = ?", id, label)
			}
			if err != nil {
				return err
			}
		}
		verb := "added to"
		if !add {
			verb = "removed from"
		}
		return t.audit(ctx, now, "member.label", "member_label:"+label,
			fmt.Sprintf("label %q %s %d members", label, verb, len(ids)))
	})
	if err != nil {
		return db.fail(err, "member label %q", label)
	}
	return nil
}

// DeleteMember erases member id with its labels, sessions and links (the
// foreign keys cascade); press.ErrNotFound if there is none. Comments
// the member wrote are the site's published record and stay; an export
// beforehand lists them.
func (db *DB) DeleteMember(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "DELETE FROM members WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = press.ErrNotFound
			}
			return err
		}
		return nil
	})
	if err != nil {
		return db.fail(err, "member %d", id)
	}
	return nil
}

// CreateMemberToken stores an emailed link, setting its CreatedAt. The
// caller makes the secret and passes only its hash.
func (db *DB) CreateMemberToken(ctx context.Context, k *press.MemberToken) error {
	err := db.write(ctx, func(t *tx) error {
		k.CreatedAt = db.clock()
		_, err := t.exec(ctx, `INSERT INTO member_tokens (token_hash, member_id, purpose, email, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`, k.Hash, k.MemberID, string(k.Purpose), k.Email, t.d.time(k.CreatedAt), t.d.time(k.ExpiresAt))
		return err
	})
	if err != nil {
		return db.fail(err, "member link")
	}
	return nil
}

// MemberToken returns the live link with the hash without using it; an
// unknown, used or expired link is press.ErrNotFound.
func (db *DB) MemberToken(ctx context.Context, hash string) (press.MemberToken, error) {
	var k press.MemberToken
	err := db.read(ctx, func(t *tx) error {
		var err error
		k, err = t.memberToken(ctx, hash, db.clock(), "")
		return err
	})
	if err != nil {
		return k, db.fail(err, "member link")
	}
	return k, nil
}

func (t *tx) memberToken(ctx context.Context, hash string, now time.Time, lock string) (press.MemberToken, error) {
	var k press.MemberToken
	err := t.queryRow(ctx, `SELECT token_hash, member_id, purpose, email, created_at, expires_at FROM member_tokens
		WHERE token_hash = ? AND expires_at > ?`+lock, hash, t.d.time(now)).
		Scan(&k.Hash, &k.MemberID, &k.Purpose, &k.Email, scanTime(&k.CreatedAt), scanTime(&k.ExpiresAt))
	return k, err
}

// RedeemMemberToken uses the emailed link with the hash, once, and does
// what it is for, in one transaction:
//
//   - confirm: marks the address confirmed (if it was not) and signs in;
//   - signin: signs in;
//   - email_change: moves the account to the new address. Another
//     account having taken it meanwhile is press.ErrConflict (and the
//     link is spent).
//
// Signing in stores a session with sessionHash (the hash of the cookie's
// secret the caller made); the returned session is zero for an email
// change. An unknown, used or expired link is press.ErrNotFound.
func (db *DB) RedeemMemberToken(ctx context.Context, hash, sessionHash string) (press.MemberToken, press.Member, press.MemberSession, error) {
	var k press.MemberToken
	var m press.Member
	var s press.MemberSession
	taken := false
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		taken = false
		var err error
		if k, err = t.memberToken(ctx, hash, now, t.d.lockRow); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM member_tokens WHERE token_hash = ?", hash); err != nil {
			return err
		}
		switch k.Purpose {
		case press.TokenConfirm:
			if _, err := t.exec(ctx, "UPDATE members SET confirmed_at = ?, updated_at = ? WHERE id = ? AND confirmed_at IS NULL",
				t.d.time(now), t.d.time(now), k.MemberID); err != nil {
				return err
			}
		case press.TokenEmailChange:
			var others int
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM members WHERE email = ? AND id <> ?", k.Email, k.MemberID).Scan(&others); err != nil {
				return err
			}
			if others > 0 {
				// Spend the link anyway: the commit below keeps its
				// deletion, and the caller is told why nothing moved.
				taken = true
				return nil
			}
			if _, err := t.exec(ctx, "UPDATE members SET email = ?, updated_at = ? WHERE id = ?", k.Email, t.d.time(now), k.MemberID); err != nil {
				return err
			}
			// Older links to other addresses are void once one is used.
			if _, err := t.exec(ctx, "DELETE FROM member_tokens WHERE member_id = ? AND purpose = ?", k.MemberID, string(press.TokenEmailChange)); err != nil {
				return err
			}
		}
		if m, err = t.member(ctx, "m.id = ?", k.MemberID); err != nil {
			return err
		}
		if k.Purpose == press.TokenConfirm || k.Purpose == press.TokenSignIn {
			s = press.MemberSession{IDHash: sessionHash, MemberID: m.ID, CreatedAt: now, ExpiresAt: now.Add(memberSessionTTL)}
			_, err = t.exec(ctx, "INSERT INTO member_sessions (id_hash, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
				s.IDHash, s.MemberID, t.d.time(s.CreatedAt), t.d.time(s.ExpiresAt))
		}
		return err
	})
	if err == nil && taken {
		err = fmt.Errorf("the address %s has an account already: %w", k.Email, press.ErrConflict)
	}
	if err != nil {
		return k, m, s, db.fail(err, "member link")
	}
	return k, m, s, nil
}

// MemberSession returns the live session with the hash and its member;
// an unknown or expired session is press.ErrNotFound.
func (db *DB) MemberSession(ctx context.Context, idHash string) (press.MemberSession, press.Member, error) {
	var s press.MemberSession
	var m press.Member
	err := db.read(ctx, func(t *tx) error {
		err := t.queryRow(ctx, "SELECT id_hash, member_id, created_at, expires_at FROM member_sessions WHERE id_hash = ? AND expires_at > ?",
			idHash, t.d.time(db.clock())).Scan(&s.IDHash, &s.MemberID, scanTime(&s.CreatedAt), scanTime(&s.ExpiresAt))
		if err != nil {
			return err
		}
		m, err = t.member(ctx, "m.id = ?", s.MemberID)
		return err
	})
	if err != nil {
		return s, m, db.fail(err, "member session")
	}
	return s, m, nil
}

// DeleteMemberSession ends a member's session; ending one that does not
// exist is not an error.
func (db *DB) DeleteMemberSession(ctx context.Context, idHash string) error {
	err := db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, "DELETE FROM member_sessions WHERE id_hash = ?", idHash)
		return err
	})
	if err != nil {
		return db.fail(err, "member session")
	}
	return nil
}

// CommentsByEmail returns the comments written with the address (any
// case: imported comments keep the case they came with), oldest first,
// for a member's export of their data. It reads the whole table, which
// is fine for an export a member asks for now and then.
func (db *DB) CommentsByEmail(ctx context.Context, email string) ([]press.Comment, error) {
	var list []press.Comment
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryAll(ctx, t, scanComment, "SELECT "+commentCols+commentFrom+
			" WHERE LOWER(c.author_email) = ? ORDER BY c.created_at, c.id", press.NormaliseEmail(email))
		return err
	})
	if err != nil {
		return nil, db.fail(err, "comments of %q", email)
	}
	if list == nil {
		list = []press.Comment{}
	}
	return list, nil
}

// ImportResult counts what ImportMembers did.
type ImportResult struct {
	Created, Updated int
}

// ImportMembers stores a list of members in one transaction: a new
// address is a new member, a known one has its name (when the list gives
// one), status, note and labels replaced. The list is normalised and
// validated first, every row, and nothing is written if any row is
// wrong: the error is a *MemberImportError naming the rows and fields.
// lines[i] is the line of list[i] in the caller's file (nil counts from
// 1), for those errors.
// Two rows with one address are an error too. One member.import audit
// line records the counts.
func (db *DB) ImportMembers(ctx context.Context, list []press.Member, lines []int) (ImportResult, error) {
	var res ImportResult
	ie := &MemberImportError{}
	seen := map[string]int{}
	for i := range list {
		m := &list[i]
		press.NormalizeMember(m)
		line := i + 1
		if i < len(lines) {
			line = lines[i]
		}
		if err := m.Validate(); err != nil {
			for _, f := range err.(*press.ValidationError).Fields {
				ie.Lines = append(ie.Lines, MemberImportLine{Line: line, Field: f.Field, Message: f.Message})
			}
		}
		if prev, ok := seen[m.Email]; ok && m.Email != "" {
			ie.Lines = append(ie.Lines, MemberImportLine{Line: line, Field: "email", Message: "repeats line " + strconv.Itoa(prev)})
		}
		seen[m.Email] = line
	}
	if len(ie.Lines) > 0 {
		return res, db.fail(ie, "import members")
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		res = ImportResult{}
		for i := range list {
			m := &list[i]
			var id int64
			err := t.queryRow(ctx, "SELECT id FROM members WHERE email = ?"+t.d.lockRow, m.Email).Scan(&id)
			switch {
			case err == nil:
				q := "UPDATE members SET status = ?, note = ?, updated_at = ?"
				args := []any{string(m.Status), m.Note, t.d.time(now)}
				if m.Name != "" {
					q += ", name = ?"
					args = append(args, m.Name)
				}
				if !m.ConfirmedAt.IsZero() {
					q += ", confirmed_at = COALESCE(confirmed_at, ?)"
					args = append(args, t.d.time(m.ConfirmedAt))
				}
				if _, err := t.exec(ctx, q+" WHERE id = ?", append(args, id)...); err != nil {
					return err
				}
				if err := t.setMemberLabels(ctx, id, m.Labels); err != nil {
					return err
				}
				m.ID = id
				res.Updated++
			case errors.Is(err, sql.ErrNoRows):
				if m.CreatedAt.IsZero() {
					m.CreatedAt = now
				}
				m.CreatedAt = utc(m.CreatedAt)
				if err := t.insertMember(ctx, m); err != nil {
					return err
				}
				res.Created++
			default:
				return err
			}
		}
		return t.audit(ctx, now, "member.import", "members",
			fmt.Sprintf("%d members imported: %d new, %d updated", len(list), res.Created, res.Updated))
	})
	if err != nil {
		return ImportResult{}, db.fail(err, "import members")
	}
	return res, nil
}

// MemberImportError lists every problem of an import, by line.
type MemberImportError struct {
	Lines []MemberImportLine
}

// MemberImportLine is one problem: the line, the field (as the CSV's
// column is named) and what is wrong.
type MemberImportLine struct {
	Line    int
	Field   string
	Message string
}

func (e *MemberImportError) Error() string {
	parts := make([]string, len(e.Lines))
	for i, l := range e.Lines {
		parts[i] = "line " + strconv.Itoa(l.Line) + ": " + l.Field + ": " + l.Message
	}
	return strings.Join(parts, "; ")
}

// Is makes errors.Is(err, press.ErrInvalid) true for an import error.
func (e *MemberImportError) Is(target error) bool { return target == press.ErrInvalid }
