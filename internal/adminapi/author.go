package adminapi

import (
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
)

// authorJSON is an author profile; bio is Markdown. email is for the
// newsroom and never public.
type authorJSON struct {
	Slug  string       `json:"slug"`
	Name  string       `json:"name"`
	Bio   string       `json:"bio"`
	Photo string       `json:"photo"`
	Email string       `json:"email"`
	Links []press.Link `json:"links"`
}

func authorOf(au *press.Author) authorJSON {
	j := authorJSON{Slug: au.Slug, Name: au.Name, Bio: au.Bio.Source, Photo: au.Photo, Email: au.Email, Links: au.Links}
	if j.Links == nil {
		j.Links = []press.Link{}
	}
	return j
}

var authorFields = []string{"slug", "name", "bio", "photo", "email", "links"}

// applyAuthor sets the fields of au the body carries.
func applyAuthor(o object, au *press.Author) error {
	var j authorJSON
	for _, f := range authorFields {
		var err error
		switch f {
		case "slug":
			err = o.get(f, &j.Slug)
		case "name":
			err = o.get(f, &j.Name)
		case "bio":
			err = o.get(f, &j.Bio)
		case "photo":
			err = o.get(f, &j.Photo)
		case "email":
			err = o.get(f, &j.Email)
		case "links":
			err = o.get(f, &j.Links)
		}
		if err != nil {
			return err
		}
	}
	if o.has("slug") {
		au.Slug = j.Slug
	}
	if o.has("name") {
		au.Name = j.Name
	}
	if o.has("bio") {
		au.Bio = press.Markdown{Source: j.Bio}
	}
	if o.has("photo") {
		au.Photo = j.Photo
	}
	if o.has("email") {
		au.Email = j.Email
	}
	if o.has("links") {
		au.Links = j.Links
	}
	return nil
}

// Staff read authors (to put them in bylines); editors and admins
// create and change them, through the newsroom.

func (a *API) handleAuthors(w http.ResponseWriter, r *http.Request, u *press.User) error {
	if _, err := params(r); err != nil {
		return err
	}
	list, err := a.db.Authors(r.Context())
	if err != nil {
		return err
	}
	out := struct {
		Data []authorJSON `json:"data"`
	}{Data: []authorJSON{}}
	for i := range list {
		out.Data = append(out.Data, authorOf(&list[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) handleAuthor(w http.ResponseWriter, r *http.Request, u *press.User) error {
	if _, err := params(r); err != nil {
		return err
	}
	au, err := a.db.Author(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, authorOf(&au))
	return nil
}

func (a *API) handleAuthorCreate(w http.ResponseWriter, r *http.Request, u *press.User) error {
	o, err := readObject(w, r, authorFields...)
	if err != nil {
		return err
	}
	var au press.Author
	if err := applyAuthor(o, &au); err != nil {
		return err
	}
	if au.Slug == "" {
		au.Slug = press.Slugify(au.Name)
	}
	if err := a.news.CreateAuthor(r.Context(), u, &au); err != nil {
		return err
	}
	saved, err := a.db.Author(r.Context(), au.Slug)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/admin/v1/authors/"+saved.Slug)
	writeJSON(w, http.StatusCreated, authorOf(&saved))
	return nil
}

// handleAuthorUpdate changes the fields the body carries; a new slug
// leaves a redirect from the old author page.
func (a *API) handleAuthorUpdate(w http.ResponseWriter, r *http.Request, u *press.User) error {
	o, err := readObject(w, r, authorFields...)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	if !u.Can(press.ActManageAuthors) {
		return press.Forbidden(press.ActManageAuthors)
	}
	au, err := a.db.Author(r.Context(), slug)
	if err != nil {
		return err
	}
	if err := applyAuthor(o, &au); err != nil {
		return err
	}
	if err := a.news.UpdateAuthor(r.Context(), u, slug, &au); err != nil {
		return err
	}
	saved, err := a.db.Author(r.Context(), au.Slug)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, authorOf(&saved))
	return nil
}
