package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// AuthorsPage lists the authors.
type AuthorsPage struct {
	Layout
	Authors []AuthorRow
}

// AuthorRow is an author with the number of articles in their byline.
type AuthorRow struct {
	press.Author
	Count int
}

// AuthorEditPage creates or edits an author.
type AuthorEditPage struct {
	Layout
	FormErrors
	New    bool
	Slug   string // the stored slug, which the form may be changing
	Author press.Author
	Links  []press.Link // with blank rows
	Count  int          // articles in the author's byline
	Others []press.Author
	// DeleteErrors are the errors of a refused deletion.
	DeleteErrors FormErrors
}

// Action returns where the form posts.
func (p *AuthorEditPage) Action() string {
	if p.New {
		return "/admin/authors"
	}
	return "/admin/authors/" + strconv.FormatInt(p.Author.ID, 10)
}

// PublicURL returns the author's public page.
func (p *AuthorEditPage) PublicURL() string { return press.AuthorPath(p.Slug) }

// PublicURL returns the author's public page.
func (r AuthorRow) PublicURL() string { return press.AuthorPath(r.Slug) }

// EditURL returns the author's edit page.
func (r AuthorRow) EditURL() string { return "/admin/authors/" + strconv.FormatInt(r.ID, 10) }

func (a *Admin) handleAuthors(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	list, err := a.db.Authors(ctx)
	if err != nil {
		return err
	}
	counts, err := a.db.AuthorArticleCounts(ctx)
	if err != nil {
		return err
	}
	p := &AuthorsPage{Layout: a.layout(w, r, s, "Authors", "authors")}
	for _, au := range list {
		p.Authors = append(p.Authors, AuthorRow{Author: au, Count: counts[au.Slug]})
	}
	return a.render(w, "authors", p)
}

func (a *Admin) handleAuthorNew(w http.ResponseWriter, r *http.Request, s *staff) error {
	p := &AuthorEditPage{Layout: a.layout(w, r, s, "New author", "authors"), New: true, Links: withBlankRows(nil, 3)}
	return a.render(w, "author_edit", p)
}

// authorByID loads the author of the request's {id}.
func (a *Admin) authorByID(r *http.Request) (press.Author, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return press.Author{}, press.ErrNotFound
	}
	return a.db.AuthorByID(r.Context(), id)
}

func (a *Admin) handleAuthorEdit(w http.ResponseWriter, r *http.Request, s *staff) error {
	au, err := a.authorByID(r)
	if err != nil {
		return err
	}
	return a.renderAuthor(w, r, s, http.StatusOK, au.Slug, au, FormErrors{}, FormErrors{})
}

func (a *Admin) renderAuthor(w http.ResponseWriter, r *http.Request, s *staff, status int, slug string, au press.Author, fe, de FormErrors) error {
	ctx := r.Context()
	p := &AuthorEditPage{Layout: a.layout(w, r, s, "Edit author: "+au.Name, "authors"), FormErrors: fe,
		DeleteErrors: de, Slug: slug, Author: au, Links: withBlankRows(au.Links, 3)}
	counts, err := a.db.AuthorArticleCounts(ctx)
	if err != nil {
		return err
	}
	p.Count = counts[slug]
	all, err := a.db.Authors(ctx)
	if err != nil {
		return err
	}
	for _, o := range all {
		if o.ID != au.ID {
			p.Others = append(p.Others, o)
		}
	}
	return a.renderStatus(w, status, "author_edit", p)
}

// authorForm reads the author form.
func authorForm(r *http.Request) press.Author {
	f := r.PostForm
	return press.Author{
		Name:  strings.TrimSpace(f.Get("name")),
		Slug:  strings.TrimSpace(f.Get("slug")),
		Bio:   press.Markdown{Source: strings.TrimSpace(strings.ReplaceAll(f.Get("bio"), "\r\n", "\n"))},
		Photo: strings.TrimSpace(f.Get("photo")),
		Links: linkRows(r, "link_label", "link_url"),
		Email: strings.TrimSpace(f.Get("email")),
	}
}

func (a *Admin) handleAuthorCreate(w http.ResponseWriter, r *http.Request, s *staff) error {
	au := authorForm(r)
	if au.Slug == "" {
		au.Slug = press.Slugify(au.Name)
	}
	err := a.news.CreateAuthor(r.Context(), &s.User, &au)
	if fe, err := fieldErrors(err); err != nil {
		return err
	} else if fe.Errors != nil {
		p := &AuthorEditPage{Layout: a.layout(w, r, s, "New author", "authors"), FormErrors: fe, New: true,
			Author: au, Links: withBlankRows(au.Links, 3)}
		return a.renderStatus(w, http.StatusUnprocessableEntity, "author_edit", p)
	}
	return a.redirect(w, r, "/admin/authors/"+strconv.FormatInt(au.ID, 10), "Author created.")
}

func (a *Admin) handleAuthorUpdate(w http.ResponseWriter, r *http.Request, s *staff) error {
	old, err := a.authorByID(r)
	if err != nil {
		return err
	}
	au := authorForm(r)
	au.ID = old.ID
	err = a.news.UpdateAuthor(r.Context(), &s.User, old.Slug, &au)
	if fe, err := fieldErrors(err); err != nil {
		return err
	} else if fe.Errors != nil {
		return a.renderAuthor(w, r, s, http.StatusUnprocessableEntity, old.Slug, au, fe, FormErrors{})
	}
	msg := "Author saved."
	if au.Slug != old.Slug {
		msg = "Author saved; " + press.AuthorPath(old.Slug) + " now redirects to " + press.AuthorPath(au.Slug) + "."
	}
	return a.redirect(w, r, "/admin/authors/"+strconv.FormatInt(au.ID, 10), msg)
}

func (a *Admin) handleAuthorDelete(w http.ResponseWriter, r *http.Request, s *staff) error {
	au, err := a.authorByID(r)
	if err != nil {
		return err
	}
	err = a.news.DeleteAuthor(r.Context(), &s.User, au.Slug, r.PostForm.Get("reassign"))
	if de, err := fieldErrors(err); err != nil {
		return err
	} else if de.Errors != nil {
		return a.renderAuthor(w, r, s, http.StatusUnprocessableEntity, au.Slug, au, FormErrors{}, de)
	}
	return a.redirect(w, r, "/admin/authors", "Deleted the author "+au.Name+".")
}
