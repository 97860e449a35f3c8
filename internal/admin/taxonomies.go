package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// TaxonomiesPage lists every taxonomy with its terms as a tree.
type TaxonomiesPage struct {
	Layout
	Taxonomies []TaxonomyTree
}

// TaxonomyTree is a taxonomy and its terms in tree order.
type TaxonomyTree struct {
	press.Taxonomy
	Terms []TermRow
}

// TermRow is a term at its depth in the tree, with the number of
// articles (any status but the trash) that carry it.
type TermRow struct {
	press.Term
	Depth      int
	Count      int
	ParentName string
}

// Indent returns the term's name prefixed by its depth, for a select.
func (r TermRow) Indent() string { return strings.Repeat("— ", r.Depth) + r.Name }

// DepthClass returns the CSS class that indents the row.
func (r TermRow) DepthClass() string { return "depth-" + strconv.Itoa(min(r.Depth, 6)) }

// EditURL returns the term's edit page.
func (r TermRow) EditURL() string { return termAdminURL(r.Taxonomy, r.Slug) }

// PublicURL returns the term's public listing.
func (r TermRow) PublicURL() string { return press.TermPath(r.Taxonomy, r.Slug) }

func taxonomyAdminURL(tax string) string { return "/admin/taxonomies/" + url.PathEscape(tax) }

func termAdminURL(tax, slug string) string {
	return taxonomyAdminURL(tax) + "/terms/" + url.PathEscape(slug)
}

// termTree orders terms depth first, children by name under their
// parent; terms whose parent is missing count as roots.
func termTree(terms []press.Term, counts map[string]int) []TermRow {
	bySlug := map[string]bool{}
	names := map[string]string{}
	for _, m := range terms {
		bySlug[m.Slug] = true
		names[m.Slug] = m.Name
	}
	children := map[string][]press.Term{}
	for _, m := range terms { // already sorted by name
		p := m.Parent
		if !bySlug[p] {
			p = ""
		}
		children[p] = append(children[p], m)
	}
	var out []TermRow
	seen := map[string]bool{}
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, m := range children[parent] {
			if seen[m.Slug] {
				continue
			}
			seen[m.Slug] = true
			out = append(out, TermRow{Term: m, Depth: depth, Count: counts[m.Slug], ParentName: names[parent]})
			walk(m.Slug, depth+1)
		}
	}
	walk("", 0)
	return out
}

func (a *Admin) handleTaxonomies(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	list, err := a.db.Taxonomies(ctx)
	if err != nil {
		return err
	}
	p := &TaxonomiesPage{Layout: a.layout(w, r, s, "Taxonomies", "taxonomies")}
	for _, x := range list {
		rows, err := a.termRows(r, x.Slug)
		if err != nil {
			return err
		}
		p.Taxonomies = append(p.Taxonomies, TaxonomyTree{Taxonomy: x, Terms: rows})
	}
	return a.render(w, "taxonomies", p)
}

func (a *Admin) termRows(r *http.Request, tax string) ([]TermRow, error) {
	terms, err := a.db.Terms(r.Context(), tax)
	if err != nil {
		return nil, err
	}
	counts, err := a.db.TermArticleCounts(r.Context(), tax)
	if err != nil {
		return nil, err
	}
	return termTree(terms, counts), nil
}

// TaxonomyEditPage creates or edits a taxonomy.
type TaxonomyEditPage struct {
	Layout
	FormErrors
	New      bool
	Slug     string // the stored slug
	Taxonomy press.Taxonomy
	Terms    int
}

// Action returns where the form posts.
func (p *TaxonomyEditPage) Action() string {
	if p.New {
		return "/admin/taxonomies"
	}
	return taxonomyAdminURL(p.Slug)
}

func taxonomyForm(r *http.Request) press.Taxonomy {
	f := r.PostForm
	pos, _ := strconv.Atoi(strings.TrimSpace(f.Get("position")))
	return press.Taxonomy{Slug: strings.TrimSpace(f.Get("slug")), Name: strings.TrimSpace(f.Get("name")),
		Label: strings.TrimSpace(f.Get("label")), Position: pos}
}

func (a *Admin) handleTaxonomyNew(w http.ResponseWriter, r *http.Request, s *staff) error {
	return a.render(w, "taxonomy_edit", &TaxonomyEditPage{Layout: a.layout(w, r, s, "New taxonomy", "taxonomies"), New: true})
}

func (a *Admin) handleTaxonomyCreate(w http.ResponseWriter, r *http.Request, s *staff) error {
	x := taxonomyForm(r)
	if x.Slug == "" {
		x.Slug = press.Slugify(x.Name)
	}
	err := a.news.CreateTaxonomy(r.Context(), &s.User, &x)
	if fe, err := fieldErrors(err); err != nil {
		return err
	} else if fe.Errors != nil {
		return a.renderStatus(w, http.StatusUnprocessableEntity, "taxonomy_edit",
			&TaxonomyEditPage{Layout: a.layout(w, r, s, "New taxonomy", "taxonomies"), FormErrors: fe, New: true, Taxonomy: x})
	}
	return a.redirect(w, r, "/admin/taxonomies", "Taxonomy "+x.Name+" created.")
}

func (a *Admin) handleTaxonomyEdit(w http.ResponseWriter, r *http.Request, s *staff) error {
	x, err := a.db.Taxonomy(r.Context(), r.PathValue("tax"))
	if err != nil {
		return err
	}
	return a.renderTaxonomy(w, r, s, http.StatusOK, x.Slug, x, FormErrors{})
}

func (a *Admin) renderTaxonomy(w http.ResponseWriter, r *http.Request, s *staff, status int, slug string, x press.Taxonomy, fe FormErrors) error {
	terms, err := a.db.Terms(r.Context(), slug)
	if err != nil {
		return err
	}
	p := &TaxonomyEditPage{Layout: a.layout(w, r, s, "Edit taxonomy: "+x.Name, "taxonomies"), FormErrors: fe,
		Slug: slug, Taxonomy: x, Terms: len(terms)}
	return a.renderStatus(w, status, "taxonomy_edit", p)
}

func (a *Admin) handleTaxonomyUpdate(w http.ResponseWriter, r *http.Request, s *staff) error {
	old, err := a.db.Taxonomy(r.Context(), r.PathValue("tax"))
	if err != nil {
		return err
	}
	x := taxonomyForm(r)
	x.ID = old.ID
	err = a.news.UpdateTaxonomy(r.Context(), &s.User, old.Slug, &x)
	if fe, err := fieldErrors(err); err != nil {
		return err
	} else if fe.Errors != nil {
		return a.renderTaxonomy(w, r, s, http.StatusUnprocessableEntity, old.Slug, x, fe)
	}
	msg := "Taxonomy saved."
	if x.Slug != old.Slug {
		msg = "Taxonomy saved; its old addresses under " + press.TaxonomyPath(old.Slug) + " now redirect."
	}
	return a.redirect(w, r, taxonomyAdminURL(x.Slug), msg)
}

func (a *Admin) handleTaxonomyDelete(w http.ResponseWriter, r *http.Request, s *staff) error {
	x, err := a.db.Taxonomy(r.Context(), r.PathValue("tax"))
	if err != nil {
		return err
	}
	if err := a.news.DeleteTaxonomy(r.Context(), &s.User, x.Slug); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/taxonomies", "Deleted the taxonomy "+x.Name+" and its terms.")
}

// TermEditPage creates or edits a term, and offers merging and deleting
// it.
type TermEditPage struct {
	Layout
	FormErrors
	MergeErrors FormErrors
	New         bool
	Taxonomy    press.Taxonomy
	Slug        string // the stored slug
	Term        press.Term
	Count       int
	Parents     []TermRow // possible parents: not the term nor below it
	Others      []TermRow // possible merge targets
}

// Action returns where the form posts.
func (p *TermEditPage) Action() string {
	if p.New {
		return taxonomyAdminURL(p.Taxonomy.Slug) + "/terms"
	}
	return termAdminURL(p.Taxonomy.Slug, p.Slug)
}

// PublicURL returns the term's public listing.
func (p *TermEditPage) PublicURL() string { return press.TermPath(p.Taxonomy.Slug, p.Slug) }

// TaxonomyURL returns the admin page of the term's taxonomy.
func (p *TermEditPage) TaxonomyURL() string { return taxonomyAdminURL(p.Taxonomy.Slug) }

func termForm(r *http.Request, tax string) press.Term {
	f := r.PostForm
	return press.Term{Taxonomy: tax, Name: strings.TrimSpace(f.Get("name")), Slug: strings.TrimSpace(f.Get("slug")),
		Parent:      strings.TrimSpace(f.Get("parent")),
		Description: press.Markdown{Source: strings.TrimSpace(strings.ReplaceAll(f.Get("description"), "\r\n", "\n"))}}
}

// renderTerm shows the term form for m of taxonomy x, whose stored slug
// is slug ("" for a new term).
func (a *Admin) renderTerm(w http.ResponseWriter, r *http.Request, s *staff, status int, x press.Taxonomy, slug string, m press.Term, fe, me FormErrors) error {
	rows, err := a.termRows(r, x.Slug)
	if err != nil {
		return err
	}
	title := "New term in " + x.Name
	if slug != "" {
		title = "Edit term: " + m.Name
	}
	p := &TermEditPage{Layout: a.layout(w, r, s, title, "taxonomies"), FormErrors: fe, MergeErrors: me,
		New: slug == "", Taxonomy: x, Slug: slug, Term: m}
	below := -1 // depth of the term while skipping its subtree
	for _, row := range rows {
		if below >= 0 && row.Depth > below {
			continue
		}
		below = -1
		if slug != "" && row.Slug == slug {
			below = row.Depth
			p.Count = row.Count
			continue
		}
		p.Parents = append(p.Parents, row)
	}
	for _, row := range rows {
		if row.Slug != slug {
			p.Others = append(p.Others, row)
		}
	}
	return a.renderStatus(w, status, "term_edit", p)
}

func (a *Admin) handleTermNew(w http.ResponseWriter, r *http.Request, s *staff) error {
	x, err := a.db.Taxonomy(r.Context(), r.PathValue("tax"))
	if err != nil {
		return err
	}
	return a.renderTerm(w, r, s, http.StatusOK, x, "", press.Term{Taxonomy: x.Slug, Parent: r.URL.Query().Get("parent")}, FormErrors{}, FormErrors{})
}

func (a *Admin) handleTermCreate(w http.ResponseWriter, r *http.Request, s *staff) error {
	x, err := a.db.Taxonomy(r.Context(), r.PathValue("tax"))
	if err != nil {
		return err
	}
	m := termForm(r, x.Slug)
	if m.Slug == "" {
		m.Slug = press.Slugify(m.Name)
	}
	err = a.news.CreateTerm(r.Context(), &s.User, &m)
	if fe, err := fieldErrors(err); err != nil {
		return err
	} else if fe.Errors != nil {
		return a.renderTerm(w, r, s, http.StatusUnprocessableEntity, x, "", m, fe, FormErrors{})
	}
	return a.redirect(w, r, "/admin/taxonomies#tax-"+x.Slug, "Term "+m.Name+" created.")
}

func (a *Admin) handleTermEdit(w http.ResponseWriter, r *http.Request, s *staff) error {
	x, err := a.db.Taxonomy(r.Context(), r.PathValue("tax"))
	if err != nil {
		return err
	}
	m, err := a.db.Term(r.Context(), x.Slug, r.PathValue("term"))
	if err != nil {
		return err
	}
	return a.renderTerm(w, r, s, http.StatusOK, x, m.Slug, m, FormErrors{}, FormErrors{})
}

func (a *Admin) handleTermUpdate(w http.ResponseWriter, r *http.Request, s *staff) error {
	x, err := a.db.Taxonomy(r.Context(), r.PathValue("tax"))
	if err != nil {
		return err
	}
	old, err := a.db.Term(r.Context(), x.Slug, r.PathValue("term"))
	if err != nil {
		return err
	}
	m := termForm(r, x.Slug)
	err = a.news.UpdateTerm(r.Context(), &s.User, old.Slug, &m)
	if fe, err := fieldErrors(err); err != nil {
		return err
	} else if fe.Errors != nil {
		return a.renderTerm(w, r, s, http.StatusUnprocessableEntity, x, old.Slug, m, fe, FormErrors{})
	}
	msg := "Term saved."
	if m.Slug != old.Slug {
		msg = "Term saved; " + press.TermPath(x.Slug, old.Slug) + " now redirects to " + press.TermPath(x.Slug, m.Slug) + "."
	}
	return a.redirect(w, r, termAdminURL(x.Slug, m.Slug), msg)
}

func (a *Admin) handleTermMerge(w http.ResponseWriter, r *http.Request, s *staff) error {
	x, err := a.db.Taxonomy(r.Context(), r.PathValue("tax"))
	if err != nil {
		return err
	}
	from, err := a.db.Term(r.Context(), x.Slug, r.PathValue("term"))
	if err != nil {
		return err
	}
	into := strings.TrimSpace(r.PostForm.Get("into"))
	if into == "" {
		var v press.ValidationError
		v.Add("into", "choose the term to merge into")
		return a.renderTerm(w, r, s, http.StatusUnprocessableEntity, x, from.Slug, from, FormErrors{}, FormErrors{Errors: &v})
	}
	err = a.news.MergeTerms(r.Context(), &s.User, x.Slug, from.Slug, into)
	if me, err := fieldErrors(err); err != nil {
		return err
	} else if me.Errors != nil {
		return a.renderTerm(w, r, s, http.StatusUnprocessableEntity, x, from.Slug, from, FormErrors{}, me)
	}
	return a.redirect(w, r, termAdminURL(x.Slug, into), "Merged "+from.Name+" into this term; "+
		press.TermPath(x.Slug, from.Slug)+" now redirects here.")
}

func (a *Admin) handleTermDelete(w http.ResponseWriter, r *http.Request, s *staff) error {
	x, err := a.db.Taxonomy(r.Context(), r.PathValue("tax"))
	if err != nil {
		return err
	}
	m, err := a.db.Term(r.Context(), x.Slug, r.PathValue("term"))
	if err != nil {
		return err
	}
	if err := a.news.DeleteTerm(r.Context(), &s.User, x.Slug, m.Slug); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/taxonomies#tax-"+x.Slug, "Deleted the term "+m.Name+".")
}
