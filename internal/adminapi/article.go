package adminapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// articleItem is an article as lists show it; articleJSON adds the body.
// The names are the Markdown front matter's, so that a file and an API
// call say the same thing the same way; authors and terms are slugs.
type articleItem struct {
	ID          int64               `json:"id"`
	Version     int                 `json:"version"`
	Title       string              `json:"title"`
	Dek         string              `json:"dek"`
	Slug        string              `json:"slug"`
	Status      string              `json:"status"`
	Authors     []string            `json:"authors"`
	Terms       map[string][]string `json:"terms"`
	Source      *sourceJSON         `json:"source"`
	Copyright   *copyrightJSON      `json:"copyright"`
	Image       *imageJSON          `json:"image"`
	PublishedAt *time.Time          `json:"published_at"`
	UpdatedAt   time.Time           `json:"updated_at"`
}

type articleJSON struct {
	articleItem
	Body string `json:"body"`
}

type sourceJSON struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type copyrightJSON struct {
	Holder string `json:"holder"`
	Year   int    `json:"year"`
}

type imageJSON struct {
	Src    string `json:"src"`
	Alt    string `json:"alt"`
	Credit string `json:"credit"`
}

func itemOf(a *press.Article) articleItem {
	j := articleItem{ID: a.ID, Version: a.Version, Title: a.Title, Dek: a.Dek, Slug: a.Slug, Status: string(a.Status),
		Authors: []string{}, Terms: map[string][]string{}, UpdatedAt: a.UpdatedAt.UTC()}
	for _, au := range a.Authors {
		j.Authors = append(j.Authors, au.Slug)
	}
	for _, t := range a.Terms {
		j.Terms[t.Taxonomy] = append(j.Terms[t.Taxonomy], t.Slug)
	}
	if a.Source != (press.Source{}) {
		j.Source = &sourceJSON{Name: a.Source.Name, URL: a.Source.URL}
	}
	if a.Copyright != (press.Copyright{}) {
		j.Copyright = &copyrightJSON{Holder: a.Copyright.Holder, Year: a.Copyright.Year}
	}
	if a.Image != (press.Image{}) {
		j.Image = &imageJSON{Src: a.Image.Src, Alt: a.Image.Alt, Credit: a.Image.Credit}
	}
	if !a.PublishedAt.IsZero() {
		t := a.PublishedAt.UTC()
		j.PublishedAt = &t
	}
	return j
}

func articleOf(a *press.Article) articleJSON {
	return articleJSON{articleItem: itemOf(a), Body: a.Body.Source}
}

// The fields a request may carry. id and updated_at are read-only: a
// client may send back what it read, and they are ignored.
var articleFields = []string{"title", "dek", "slug", "status", "authors", "terms", "source", "copyright", "image",
	"body", "published_at"}

func (a *API) handleArticles(w http.ResponseWriter, r *http.Request, u *press.User) error {
	p, err := params(r, "status", "author", "term", "q", "sort", "limit", "offset")
	if err != nil {
		return err
	}
	f := store.AdminArticleFilter{Status: press.Status(p["status"]), AuthorSlug: p["author"], Title: p["q"], Sort: p["sort"]}
	if f.Status != "" && !f.Status.Valid() {
		return badRequest("status", "status must be one of draft, pending, scheduled, published, unpublished, trash")
	}
	if term, ok := p["term"]; ok {
		tax, slug, found := strings.Cut(term, ":")
		if !found || tax == "" || slug == "" {
			return badRequest("term", "term must be taxonomy:term, such as regions:syria")
		}
		f.Taxonomy, f.Term = tax, slug
	}
	switch f.Sort {
	case "", store.SortUpdated, store.SortPublished, store.SortTitle, store.SortCreated:
	default:
		return badRequest("sort", "sort must be updated, published, title or created")
	}
	if f.Limit, err = intParam(p, "limit", 20, 1, 100); err != nil {
		return err
	}
	if f.Offset, err = intParam(p, "offset", 0, 0, 1<<30); err != nil {
		return err
	}
	list, err := a.news.Articles(r.Context(), u, f)
	if err != nil {
		return err
	}
	out := struct {
		Data   []articleItem `json:"data"`
		Total  int           `json:"total"`
		Limit  int           `json:"limit"`
		Offset int           `json:"offset"`
	}{Data: []articleItem{}, Total: list.Total, Limit: f.Limit, Offset: f.Offset}
	for i := range list.Articles {
		out.Data = append(out.Data, itemOf(&list.Articles[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) handleArticle(w http.ResponseWriter, r *http.Request, u *press.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := params(r); err != nil {
		return err
	}
	art, err := a.news.Article(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, articleOf(&art))
	return nil
}

// handleArticleCreate creates an article; the status defaults to draft.
func (a *API) handleArticleCreate(w http.ResponseWriter, r *http.Request, u *press.User) error {
	o, err := readObject(w, r, articleFields...)
	if err != nil {
		return err
	}
	var art press.Article
	if err := a.apply(r, o, &art); err != nil {
		return err
	}
	if err := a.news.CreateArticle(r.Context(), u, &art); err != nil {
		return err
	}
	created, err := a.news.Article(r.Context(), u, art.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/admin/v1/articles/"+strconv.FormatInt(art.ID, 10))
	writeJSON(w, http.StatusCreated, articleOf(&created))
	return nil
}

// handleArticleUpdate changes the fields the body carries, based on the
// version the body names: if someone saved since, nothing changes and
// the answer is 409 with the version now stored. Publishing, scheduling
// and unpublishing are changes of status.
func (a *API) handleArticleUpdate(w http.ResponseWriter, r *http.Request, u *press.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := readObject(w, r, append(articleFields, "version", "id", "updated_at")...)
	if err != nil {
		return err
	}
	var version int
	if err := o.get("version", &version); err != nil {
		return err
	}
	if !o.has("version") || version <= 0 {
		return badRequest("version", "version is required: the version of the article the change is based on")
	}
	art, err := a.news.Article(r.Context(), u, id)
	if err != nil {
		return err
	}
	if err := a.apply(r, o, &art); err != nil {
		return err
	}
	art.Version = version
	if err := a.news.UpdateArticle(r.Context(), u, &art); err != nil {
		return err
	}
	saved, err := a.news.Article(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, articleOf(&saved))
	return nil
}

// handleArticleDelete moves the article to the trash, from which an
// editor can restore it for press.TrashDays days.
func (a *API) handleArticleDelete(w http.ResponseWriter, r *http.Request, u *press.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.news.TrashArticle(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apply sets the fields of art that the body carries. Authors and terms
// are given by slug or name and must exist (create them first through
// their own endpoints); terms replace those of the taxonomies named only.
func (a *API) apply(r *http.Request, o object, art *press.Article) error {
	var title, dek, slug, status, body *string
	for field, dst := range map[string]**string{"title": &title, "dek": &dek, "slug": &slug, "status": &status, "body": &body} {
		if err := o.get(field, dst); err != nil {
			return err
		}
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&art.Title, title)
	set(&art.Dek, dek)
	set(&art.Slug, slug)
	set(&art.Body.Source, body)
	if status != nil {
		art.Status = press.Status(*status)
		if !art.Status.Valid() {
			return badRequest("status", "status must be one of draft, pending, scheduled, published, unpublished")
		}
	}
	if err := o.getTime("published_at", &art.PublishedAt); err != nil {
		return err
	}
	if o.has("source") {
		var s *sourceJSON
		if err := o.get("source", &s); err != nil {
			return err
		}
		art.Source = press.Source{}
		if s != nil {
			art.Source = press.Source{Name: s.Name, URL: s.URL}
		}
	}
	if o.has("copyright") {
		var c *copyrightJSON
		if err := o.get("copyright", &c); err != nil {
			return err
		}
		art.Copyright = press.Copyright{}
		if c != nil {
			art.Copyright = press.Copyright{Holder: c.Holder, Year: c.Year}
		}
	}
	if o.has("image") {
		var im *imageJSON
		if err := o.get("image", &im); err != nil {
			return err
		}
		art.Image = press.Image{}
		if im != nil {
			art.Image = press.Image{Src: im.Src, Alt: im.Alt, Credit: im.Credit}
		}
	}
	if o.has("authors") {
		var refs []string
		if err := o.get("authors", &refs); err != nil {
			return err
		}
		authors, err := a.db.Authors(r.Context())
		if err != nil {
			return err
		}
		art.Authors = []press.Author{}
		for _, ref := range refs {
			au, ok := findAuthor(authors, ref)
			if !ok {
				return invalid("authors", "unknown author "+strconv.Quote(ref)+"; create it first with POST /api/admin/v1/authors")
			}
			art.Authors = append(art.Authors, press.Author{Slug: au.Slug, Name: au.Name})
		}
	}
	if o.has("terms") {
		var byTax map[string][]string
		if err := o.get("terms", &byTax); err != nil {
			return err
		}
		for tax, refs := range byTax {
			if _, err := a.db.Taxonomy(r.Context(), tax); err != nil {
				return invalid("terms."+tax, "unknown taxonomy "+strconv.Quote(tax))
			}
			terms, err := a.db.Terms(r.Context(), tax)
			if err != nil {
				return err
			}
			kept := art.Terms[:0:0]
			for _, t := range art.Terms {
				if t.Taxonomy != tax {
					kept = append(kept, t)
				}
			}
			for _, ref := range refs {
				t, ok := findTerm(terms, ref)
				if !ok {
					return invalid("terms."+tax, "unknown term "+strconv.Quote(ref)+"; create it first with POST /api/admin/v1/taxonomies/"+tax+"/terms")
				}
				kept = append(kept, press.Term{Taxonomy: tax, Slug: t.Slug, Name: t.Name})
			}
			art.Terms = kept
		}
	}
	return nil
}

func findAuthor(list []press.Author, ref string) (press.Author, bool) {
	for _, au := range list {
		if au.Slug == ref || strings.EqualFold(au.Name, ref) {
			return au, true
		}
	}
	return press.Author{}, false
}

func findTerm(list []press.Term, ref string) (press.Term, bool) {
	for _, t := range list {
		if t.Slug == ref || strings.EqualFold(t.Name, ref) {
			return t, true
		}
	}
	return press.Term{}, false
}

// invalid is a 422 about one field.
func invalid(field, msg string) error {
	var v press.ValidationError
	v.Add(field, msg)
	return &v
}
