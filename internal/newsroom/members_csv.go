package newsroom

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// MemberCSVColumns are the columns of the members' CSV, in the order an
// export writes them. An import needs the email column; the others may
// be missing, and columns it does not know (another platform's export
// has many) are passed over.
var MemberCSVColumns = []string{"email", "name", "status", "labels", "note", "created_at", "confirmed_at"}

// WriteMembersCSV writes list as CSV with a header row. Labels are one
// cell, separated by commas (labels may not contain one); times are
// RFC 3339 in UTC, empty when unset.
func WriteMembersCSV(w io.Writer, list []press.Member) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(MemberCSVColumns); err != nil {
		return err
	}
	for _, m := range list {
		if err := cw.Write([]string{m.Email, m.Name, string(m.Status), strings.Join(m.Labels, ", "), m.Note,
			csvTime(m.CreatedAt), csvTime(m.ConfirmedAt)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// ReadMembersCSV reads members from CSV with a header row, and the line
// each starts on. Problems (a malformed row, a missing email column, a
// time that is not RFC 3339, a member's field that breaks its rules) are
// a *store.MemberImportError naming every bad line and field.
func ReadMembersCSV(r io.Reader) ([]press.Member, []int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // rows of the wrong length are named below, with their line
	ie := &store.MemberImportError{}
	bad := func(line int, field, msg string) {
		ie.Lines = append(ie.Lines, store.MemberImportLine{Line: line, Field: field, Message: msg})
	}
	header, err := cr.Read()
	if err == io.EOF {
		bad(1, "email", "the file is empty: it needs a header row naming at least the email column")
		return nil, nil, ie
	}
	if err != nil {
		return nil, nil, csvError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) // a spreadsheet's byte-order mark
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	if _, ok := col["email"]; !ok {
		bad(1, "email", "the header row has no email column")
		return nil, nil, ie
	}
	cell := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var list []press.Member
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad(pe.StartLine, "row", pe.Err.Error())
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					break // the reader cannot find where the next row starts
				}
				continue
			}
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			bad(line, "row", "has "+strconv.Itoa(len(rec))+" cells; the header has "+strconv.Itoa(len(header)))
			continue
		}
		m := press.Member{Email: cell(rec, "email"), Name: cell(rec, "name"), Status: press.MemberStatus(strings.ToLower(cell(rec, "status"))),
			Note: cell(rec, "note")}
		if l := cell(rec, "labels"); l != "" {
			m.Labels = strings.Split(l, ",")
		}
		for _, f := range []struct {
			name string
			to   *time.Time
		}{{"created_at", &m.CreatedAt}, {"confirmed_at", &m.ConfirmedAt}} {
			if v := cell(rec, f.name); v != "" {
				t, err := time.Parse(time.RFC3339Nano, v)
				if err != nil {
					bad(line, f.name, "must be a time such as 2026-03-14T09:26:53Z")
				}
				*f.to = t
			}
		}
		// The members' own checks now, so that one round of
		// corrections is enough; the import checks them again.
		check := m
		press.NormalizeMember(&check)
		var ve *press.ValidationError
		if errors.As(check.Validate(), &ve) {
			for _, f := range ve.Fields {
				bad(line, f.Field, f.Message)
			}
		}
		list = append(list, m)
		lines = append(lines, line)
	}
	if len(ie.Lines) > 0 {
		return nil, nil, ie
	}
	return list, lines, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &store.MemberImportError{Lines: []store.MemberImportLine{{Line: pe.StartLine, Field: "row", Message: pe.Err.Error()}}}
	}
	return err
}

// ImportMembersCSV reads the staff's CSV and imports it, all of it or,
// when any line is wrong, nothing: the error is then a
// *store.MemberImportError naming every bad line and field.
func (n *Newsroom) ImportMembersCSV(ctx context.Context, u *press.User, r io.Reader) (store.ImportResult, error) {
	if !u.Can(press.ActManageMembers) {
		return store.ImportResult{}, press.Forbidden(press.ActManageMembers)
	}
	list, lines, err := ReadMembersCSV(r)
	if err != nil {
		return store.ImportResult{}, wrap(err, "import members")
	}
	if len(list) == 0 {
		return store.ImportResult{}, wrap(&store.MemberImportError{Lines: []store.MemberImportLine{
			{Line: 2, Field: "email", Message: "the file has no members after its header row"}}}, "import members")
	}
	return n.ImportMembers(ctx, u, list, lines)
}
