package admin_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// membersSite is a site with three members and a signed-in editor.
func membersSite(t *testing.T) (*presstest.Site, *presstest.Staff, map[string]press.Member) {
	t.Helper()
	s := presstest.MustSite(t)
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	joined := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	out := map[string]press.Member{}
	for i, m := range []press.Member{
		{Email: "ana@example.org", Name: "Ana Ruiz", Labels: []string{"press"}, ConfirmedAt: joined},
		{Email: "lee@example.org", Name: "Lee Park", Status: press.MemberPaid, Note: "pays yearly, \"gold\""},
		{Email: "sam@news.example", Name: "Sam, Analyst", Status: press.MemberComped, Labels: []string{"press", "founding"}},
	} {
		m.CreatedAt = joined.Add(time.Duration(i) * time.Hour)
		if _, err := s.DB.ImportMembers(context.Background(), []press.Member{m}, nil); err != nil {
			t.Fatal(err)
		}
		got, err := s.DB.MemberByEmail(context.Background(), m.Email)
		if err != nil {
			t.Fatal(err)
		}
		out[m.Email] = got
	}
	return s, presstest.MustSignIn(t, s.URL, ed.Email), out
}

// listed returns the addresses of the members a list page shows.
func listed(t *testing.T, body string) []string {
	t.Helper()
	out := []string{}
	for _, n := range presstest.ParseDoc(t, body).All("table.members tbody tr .member-email") {
		out = append(out, presstest.Text(n))
	}
	return out
}

// TestMembersList: editors see, search, filter and label members;
// authors may not.
func TestMembersList(t *testing.T) {
	t.Parallel()
	s, c, m := membersSite(t)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{"sam@news.example", "lee@example.org", "ana@example.org"}},
		{"?q=ANALYST", []string{"sam@news.example"}},
		{"?q=example.org", []string{"lee@example.org", "ana@example.org"}},
		{"?status=paid", []string{"lee@example.org"}},
		{"?label=press", []string{"sam@news.example", "ana@example.org"}},
		{"?label=press&q=ruiz", []string{"ana@example.org"}},
		{"?q=nobody", []string{}},
	} {
		res, body := c.Get("/admin/members" + tc.query)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", tc.query, res.StatusCode)
		}
		if diff := cmp.Diff(tc.want, listed(t, body)); diff != "" {
			t.Errorf("members%s (-want +got):\n%s", tc.query, diff)
		}
	}

	ids := url.Values{"ids": {strconv.FormatInt(m["ana@example.org"].ID, 10), strconv.FormatInt(m["lee@example.org"].ID, 10)}}
	form := url.Values{"label": {" VIP "}, "action": {"add"}, "back": {"/admin/members?status=paid"}}
	for k, v := range ids {
		form[k] = v
	}
	res, _ := c.Post("/admin/members/labels", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/members?status=paid" {
		t.Fatalf("labelling: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := c.Get("/admin/members?label=vip")
	if diff := cmp.Diff([]string{"lee@example.org", "ana@example.org"}, listed(t, body)); diff != "" {
		t.Errorf("after labelling (-want +got):\n%s", diff)
	}
	if !strings.Contains(body, "Label “vip” added to 2 members.") {
		t.Error("no message after labelling")
	}
	form.Set("action", "remove")
	form["ids"] = ids["ids"][:1]
	c.Post("/admin/members/labels", form)
	if got, _ := s.DB.Member(context.Background(), m["ana@example.org"].ID); !cmp.Equal(got.Labels, []string{"press"}) {
		t.Errorf("ana's labels after removing vip: %v", got.Labels)
	}
	// A bad label is refused with a message, nothing changed.
	form.Set("action", "add")
	form.Set("label", "a,b")
	c.Post("/admin/members/labels", form)
	if got, _ := s.DB.Member(context.Background(), m["ana@example.org"].ID); !cmp.Equal(got.Labels, []string{"press"}) {
		t.Errorf("a label with a comma was stored: %v", got.Labels)
	}
	// Without the CSRF token: refused.
	form.Set("csrf", "wrong")
	if res, _ := c.Post("/admin/members/labels", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("labelling without the token: %d", res.StatusCode)
	}

	au := presstest.MustUser(t, s.DB, "Al Author", press.RoleAuthor, "")
	ac := presstest.MustSignIn(t, s.URL, au.Email)
	for _, p := range []string{"/admin/members", "/admin/members/export.csv"} {
		if res, _ := ac.Get(p); res.StatusCode != http.StatusForbidden {
			t.Errorf("an author at %s: %d", p, res.StatusCode)
		}
	}
	if _, body := ac.Get("/admin/"); strings.Contains(body, `href="/admin/members"`) {
		t.Error("an author's menu links to members")
	}
}

// importCSV posts a CSV file to the import form.
func importCSV(t *testing.T, c *presstest.Staff, data string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.CSRF)
	fw, err := mw.CreateFormFile("file", "members.csv")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(data))
	mw.Close()
	return c.Do(http.MethodPost, "/admin/members/import", mw.FormDataContentType(), &buf)
}

// TestMembersCSV: an export imported into another site gives the same
// members; a file with bad lines imports nothing and names each line and
// field.
func TestMembersCSV(t *testing.T) {
	t.Parallel()
	s, c, _ := membersSite(t)
	res, exported := c.Get("/admin/members/export.csv?label=press")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "members.csv") {
		t.Fatalf("export: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(exported)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "email" || rows[1][0] != "sam@news.example" || rows[1][3] != "founding, press" {
		t.Errorf("export with the press filter:\n%s", exported)
	}
	_, all := c.Get("/admin/members/export.csv")

	// Round trip: into an empty site, the same members come out.
	s2 := presstest.MustSite(t)
	ad := presstest.MustUser(t, s2.DB, "Ada Admin", press.RoleAdmin, "")
	c2 := presstest.MustSignIn(t, s2.URL, ad.Email)
	res, body := importCSV(t, c2, all)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d\n%s", res.StatusCode, body)
	}
	_, body = c2.Get("/admin/members")
	if !strings.Contains(body, "Imported: 3 new, 0 updated.") {
		t.Errorf("no import message")
	}
	want, _, _ := s.DB.Members(context.Background(), press.MemberFilter{})
	got, _, _ := s2.DB.Members(context.Background(), press.MemberFilter{})
	ignoreIDs := cmp.Transformer("noID", func(m press.Member) press.Member { m.ID = 0; return m })
	if diff := cmp.Diff(want, got, ignoreIDs); diff != "" {
		t.Errorf("after the round trip (-exported +imported):\n%s", diff)
	}
	if _, again := c2.Get("/admin/members/export.csv"); again != all {
		t.Errorf("the second export differs:\n%s\n---\n%s", all, again)
	}

	// Bad lines: nothing imported, every line and field named.
	bad := "email,name,status,labels\n" +
		"new@example.org,New Reader,free,\n" +
		"not-an-address,Bad,free,\n" +
		"\"quoted\nname@example.org\",X,gold,\n" +
		"ok@example.org,Ok,comped,\n" +
		"new@example.org,Again,free,\n"
	res, body = importCSV(t, c2, bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad import: %d", res.StatusCode)
	}
	d := presstest.ParseDoc(t, body)
	var lines []string
	for _, li := range d.All("#import-errors li") {
		lines = append(lines, presstest.Text(li))
	}
	wantLines := []string{
		"Line 3: email: must be an email address such as name@example.org",
		"Line 4: email: must be an email address such as name@example.org",
		"Line 4: status: must be one of free, paid, comped",
		"Line 7: email: repeats line 2",
	}
	// The duplicate is found by the import, which the reading's errors
	// stop first: fix those, and it is named next.
	if diff := cmp.Diff(wantLines[:3], lines); diff != "" {
		t.Errorf("import errors (-want +got):\n%s", diff)
	}
	fixed := strings.Replace(strings.Replace(bad, "not-an-address", "fixed@example.org", 1), "\"quoted\nname@example.org\",X,gold", "\"q@example.org\",\"X\ny\",paid", 1)
	res, body = importCSV(t, c2, fixed)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("import with a duplicate: %d", res.StatusCode)
	}
	lines = nil
	for _, li := range presstest.ParseDoc(t, body).All("#import-errors li") {
		lines = append(lines, presstest.Text(li))
	}
	if diff := cmp.Diff(wantLines[3:], lines); diff != "" {
		t.Errorf("import errors (-want +got):\n%s", diff)
	}
	if _, total, _ := s2.DB.Members(context.Background(), press.MemberFilter{}); total != 3 {
		t.Errorf("after refused imports: %d members, want the 3 from before", total)
	}
	if _, err := s2.DB.MemberByEmail(context.Background(), "new@example.org"); err == nil {
		t.Error("a line of a refused import was stored")
	}
}
