package newsroom_test

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// TestMembersCSVRoundTrip: what WriteMembersCSV writes, ReadMembersCSV
// reads back, commas, quotes and line breaks in cells included.
func TestMembersCSVRoundTrip(t *testing.T) {
	when := time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)
	list := []press.Member{
		{Email: "ana@example.org", Name: "Ruiz, Ana", Status: press.MemberPaid, Labels: []string{"donor", "press"},
			Note: "said \"hello\"\non two lines", CreatedAt: when, ConfirmedAt: when},
		{Email: "lee@example.org", Status: press.MemberFree, Labels: []string{}, CreatedAt: when},
	}
	var buf bytes.Buffer
	if err := newsroom.WriteMembersCSV(&buf, list); err != nil {
		t.Fatal(err)
	}
	got, lines, err := newsroom.ReadMembersCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		press.NormalizeMember(&got[i])
	}
	if diff := cmp.Diff(list, got); diff != "" {
		t.Errorf("round trip (-written +read):\n%s", diff)
	}
	if diff := cmp.Diff([]int{2, 4}, lines); diff != "" { // the note takes two lines
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

// TestReadMembersCSV: what an import accepts from other tools, and each
// problem named by line and field.
func TestReadMembersCSV(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string // emails read, or the errors as "line: field: message"
	}{
		{"another platform's columns, a byte-order mark, blank lines",
			"\ufeffid,Email,Name,subscribed\n1,ana@example.org,Ana,true\n\n2,LEE@example.org,,false\n",
			[]string{"ana@example.org", "LEE@example.org"}},
		{"empty file", "", []string{"1: email: the file is empty: it needs a header row naming at least the email column"}},
		{"no email column", "name\nAna\n", []string{"1: email: the header row has no email column"}},
		{"short row, bad time, bad address", "email,name,created_at\nana@example.org\nlee@example.org,Lee,yesterday\nnope,X,\n",
			[]string{"2: row: has 1 cells; the header has 3", "3: created_at: must be a time such as 2026-03-14T09:26:53Z",
				"4: email: must be an email address such as name@example.org"}},
		{"broken quotes", "email,name\n\"ana@example.org,Ana\n", []string{"2: row: extraneous or missing \" in quoted-field"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			list, _, err := newsroom.ReadMembersCSV(strings.NewReader(c.in))
			var got []string
			var ie *store.MemberImportError
			switch {
			case errors.As(err, &ie):
				for _, l := range ie.Lines {
					got = append(got, strings.Join([]string{strconv.Itoa(l.Line), l.Field, l.Message}, ": "))
				}
			case err != nil:
				t.Fatal(err)
			default:
				for _, m := range list {
					got = append(got, m.Email)
				}
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
