package adminapi

import (
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
)

type taxonomyJSON struct {
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	Label string `json:"label"`
}

// termJSON is a term; description is Markdown, parent the parent term's
// slug or "".
type termJSON struct {
	Taxonomy    string `json:"taxonomy"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Parent      string `json:"parent"`
}

func termOf(t *press.Term) termJSON {
	return termJSON{Taxonomy: t.Taxonomy, Slug: t.Slug, Name: t.Name, Description: t.Description.Source, Parent: t.Parent}
}

func (a *API) handleTaxonomies(w http.ResponseWriter, r *http.Request, u *press.User) error {
	if _, err := params(r); err != nil {
		return err
	}
	list, err := a.db.Taxonomies(r.Context())
	if err != nil {
		return err
	}
	out := struct {
		Data []taxonomyJSON `json:"data"`
	}{Data: []taxonomyJSON{}}
	for _, x := range list {
		out.Data = append(out.Data, taxonomyJSON{Slug: x.Slug, Name: x.Name, Label: x.Label})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) handleTerms(w http.ResponseWriter, r *http.Request, u *press.User) error {
	if _, err := params(r); err != nil {
		return err
	}
	tax := r.PathValue("taxonomy")
	if _, err := a.db.Taxonomy(r.Context(), tax); err != nil {
		return err
	}
	list, err := a.db.Terms(r.Context(), tax)
	if err != nil {
		return err
	}
	out := struct {
		Data []termJSON `json:"data"`
	}{Data: []termJSON{}}
	for i := range list {
		out.Data = append(out.Data, termOf(&list[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleTermCreate adds a term to a taxonomy (editors and admins); an
// empty slug is made from the name.
func (a *API) handleTermCreate(w http.ResponseWriter, r *http.Request, u *press.User) error {
	o, err := readObject(w, r, "slug", "name", "description", "parent")
	if err != nil {
		return err
	}
	tax := r.PathValue("taxonomy")
	if !u.Can(press.ActManageTerms) {
		return press.Forbidden(press.ActManageTerms)
	}
	if _, err := a.db.Taxonomy(r.Context(), tax); err != nil {
		return err
	}
	var j termJSON
	for _, f := range []struct {
		name string
		dst  *string
	}{{"slug", &j.Slug}, {"name", &j.Name}, {"description", &j.Description}, {"parent", &j.Parent}} {
		if err := o.get(f.name, f.dst); err != nil {
			return err
		}
	}
	t := press.Term{Taxonomy: tax, Slug: j.Slug, Name: j.Name, Description: press.Markdown{Source: j.Description}, Parent: j.Parent}
	if t.Slug == "" {
		t.Slug = press.Slugify(t.Name)
	}
	if err := a.news.CreateTerm(r.Context(), u, &t); err != nil {
		return err
	}
	saved, err := a.db.Term(r.Context(), tax, t.Slug)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/admin/v1/taxonomies/"+tax+"/terms")
	writeJSON(w, http.StatusCreated, termOf(&saved))
	return nil
}
