package admin

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// MembersPage lists the readers who joined, searched by email or name and
// filtered by status and label, a page at a time, with labels added or
// removed in bulk, and the CSV export and import.
type MembersPage struct {
	Layout
	Members []press.Member
	Paging

	// The filters as asked, for the form and every link.
	Q      string
	Status press.MemberStatus
	Label  string

	Labels   []string // in use, for the label filter
	Statuses []press.MemberStatus
	// ImportErrors are the lines of a refused import.
	ImportErrors []store.MemberImportLine
}

// membersPerPage is the list's page size.
const membersPerPage = 50

// Link returns the list's address with the current filters and the given
// changes ("key", "value", …), dropping empty values.
func (p *MembersPage) Link(changes ...string) string { return p.address("/admin/members", changes...) }

// ExportLink is the CSV export of what the filters select.
func (p *MembersPage) ExportLink() string { return p.address("/admin/members/export.csv", "page", "") }

func (p *MembersPage) address(path string, changes ...string) string {
	v := url.Values{}
	set := func(k, val string) {
		if val == "" {
			v.Del(k)
		} else {
			v.Set(k, val)
		}
	}
	set("q", p.Q)
	set("status", string(p.Status))
	set("label", p.Label)
	if p.Page > 1 {
		set("page", strconv.Itoa(p.Page))
	}
	for i := 0; i+1 < len(changes); i += 2 {
		set(changes[i], changes[i+1])
	}
	if q := v.Encode(); q != "" {
		return path + "?" + q
	}
	return path
}

// PageLink is Link to page n.
func (p *MembersPage) PageLink(n int) string {
	if n <= 1 {
		return p.Link("page", "")
	}
	return p.Link("page", strconv.Itoa(n))
}

// Back is this very page, for forms to come back to.
func (p *MembersPage) Back() string { return p.PageLink(p.Page) }

// memberFilter reads the list's filters from the query.
func memberFilter(q url.Values) press.MemberFilter {
	f := press.MemberFilter{Query: strings.TrimSpace(q.Get("q")), Status: press.MemberStatus(q.Get("status")),
		Label: strings.TrimSpace(q.Get("label"))}
	if !f.Status.Valid() {
		f.Status = ""
	}
	return f
}

func (a *Admin) membersPage(w http.ResponseWriter, r *http.Request, s *staff) (*MembersPage, error) {
	ctx := r.Context()
	q := r.URL.Query()
	f := memberFilter(q)
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	f.Limit, f.Offset = membersPerPage, (page-1)*membersPerPage
	list, total, err := a.news.Members(ctx, &s.User, f)
	if err != nil {
		return nil, err
	}
	labels, err := a.news.MemberLabels(ctx, &s.User)
	if err != nil {
		return nil, err
	}
	p := &MembersPage{Layout: a.layout(w, r, s, "Members", "members"), Members: list, Q: f.Query, Status: f.Status,
		Label: f.Label, Labels: labels, Statuses: press.MemberStatuses,
		Paging: Paging{Page: page, Pages: max(1, (total+membersPerPage-1)/membersPerPage), Total: total}}
	return p, nil
}

func (a *Admin) handleMembers(w http.ResponseWriter, r *http.Request, s *staff) error {
	p, err := a.membersPage(w, r, s)
	if err != nil {
		return err
	}
	return a.render(w, "members", p)
}

// handleMemberLabels adds a label to, or removes it from, the ticked
// members.
func (a *Admin) handleMemberLabels(w http.ResponseWriter, r *http.Request, s *staff) error {
	f := r.PostForm
	var ids []int64
	for _, v := range f["ids"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return press.ErrNotFound
		}
		ids = append(ids, id)
	}
	back := localPath(f.Get("back"))
	if !strings.HasPrefix(back, "/admin/members") {
		back = "/admin/members"
	}
	if len(ids) == 0 {
		return a.redirect(w, r, back, "Tick the members to label first.")
	}
	add := f.Get("action") != "remove"
	label := f.Get("label")
	if err := a.news.LabelMembers(r.Context(), &s.User, ids, label, add); err != nil {
		var ve *press.ValidationError
		if errors.As(err, &ve) {
			return a.redirect(w, r, back, "The label was not changed: "+ve.Error()+".")
		}
		return err
	}
	label = strings.ToLower(press.CleanName(label))
	n := strconv.Itoa(len(ids)) + " member"
	if len(ids) != 1 {
		n += "s"
	}
	if add {
		return a.redirect(w, r, back, "Label “"+label+"” added to "+n+".")
	}
	return a.redirect(w, r, back, "Label “"+label+"” removed from "+n+".")
}

// handleMembersExport downloads the members the filters select, all of
// them, as CSV.
func (a *Admin) handleMembersExport(w http.ResponseWriter, r *http.Request, s *staff) error {
	list, _, err := a.news.Members(r.Context(), &s.User, memberFilter(r.URL.Query()))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := newsroom.WriteMembersCSV(&buf, list); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="members.csv"`)
	_, err = w.Write(buf.Bytes())
	return err
}

// handleMembersImport imports an uploaded CSV: everything or, when any
// line is wrong, nothing, with the list page showing every bad line
// (422).
func (a *Admin) handleMembersImport(w http.ResponseWriter, r *http.Request, s *staff) error {
	file, _, err := r.FormFile("file")
	if err != nil {
		return a.redirect(w, r, "/admin/members", "Choose a CSV file to import.")
	}
	defer file.Close()
	res, err := a.news.ImportMembersCSV(r.Context(), &s.User, file)
	var ie *store.MemberImportError
	if errors.As(err, &ie) {
		r.URL.RawQuery = ""
		p, perr := a.membersPage(w, r, s)
		if perr != nil {
			return perr
		}
		p.ImportErrors = ie.Lines
		return a.renderStatus(w, http.StatusUnprocessableEntity, "members", p)
	}
	if err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/members", "Imported: "+strconv.Itoa(res.Created)+" new, "+strconv.Itoa(res.Updated)+" updated.")
}
