package admin

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// ArticleListPage is the article list: a filtered, sorted, paged table, or
// the trash.
type ArticleListPage struct {
	Layout
	Articles []press.Article
	Paging

	// The filters as asked, for the form and for every link.
	Status, Author, Term, Q, Sort string

	Counts     []StatusCount // for the status filter, "Drafts (3)"
	Authors    []press.Author
	Taxonomies []TaxonomyTerms
	Trash      bool // the trash view

	// CommentCounts are the listed articles' approved comments, by id.
	CommentCounts map[int64]int
}

// StatusCount is one entry of the status filter.
type StatusCount struct {
	Status press.Status // "" is every status but the trash
	Label  string
	Count  int
}

// TaxonomyTerms is a taxonomy with its terms, for filters and the editor.
type TaxonomyTerms struct {
	press.Taxonomy
	Terms []press.Term
}

// statusLabels name the statuses as lists of them, WordPress style.
var statusLabels = map[press.Status]string{
	"": "All", press.StatusDraft: "Drafts", press.StatusPending: "Pending review", press.StatusScheduled: "Scheduled",
	press.StatusPublished: "Published", press.StatusUnpublished: "Unpublished", press.StatusTrash: "Trash",
}

// Link returns the list's address with the current filters and the given
// changes ("key", "value", …), dropping empty values; changing a filter
// goes back to page 1 unless a page is named.
func (p *ArticleListPage) Link(changes ...string) string {
	v := url.Values{}
	set := func(k, val string) {
		if val == "" {
			v.Del(k)
		} else {
			v.Set(k, val)
		}
	}
	set("status", p.Status)
	set("author", p.Author)
	set("term", p.Term)
	set("q", p.Q)
	set("sort", p.Sort)
	for i := 0; i+1 < len(changes); i += 2 {
		set(changes[i], changes[i+1])
	}
	if q := v.Encode(); q != "" {
		return "/admin/articles?" + q
	}
	return "/admin/articles"
}

// PageLink is Link to page n.
func (p *ArticleListPage) PageLink(n int) string {
	if n <= 1 {
		return p.Link()
	}
	return p.Link("page", strconv.Itoa(n))
}

func (a *Admin) handleArticleList(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := &ArticleListPage{Layout: a.layout(w, r, s, "Articles", "articles"),
		Status: q.Get("status"), Author: q.Get("author"), Term: q.Get("term"), Q: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort")}
	p.Page, _ = strconv.Atoi(q.Get("page"))
	p.Page = max(p.Page, 1)
	switch p.Sort {
	case "", store.SortUpdated, store.SortPublished, store.SortTitle:
	default:
		p.Sort = ""
	}
	status := press.Status(p.Status)
	if status != "" && !status.Valid() {
		status, p.Status = "", ""
	}
	p.Trash = status == press.StatusTrash
	f := store.AdminArticleFilter{Status: status, AuthorSlug: p.Author, Title: p.Q, Sort: p.Sort,
		Limit: press.DefaultPageSize, Offset: (p.Page - 1) * press.DefaultPageSize}
	if tax, term, ok := strings.Cut(p.Term, "/"); ok && tax != "" && term != "" {
		f.Taxonomy, f.Term = tax, term
	} else {
		p.Term = ""
	}
	list, err := a.news.Articles(ctx, &s.User, f)
	if err != nil {
		return err
	}
	p.Articles, p.Total = list.Articles, list.Total
	p.Pages = max(1, (p.Total+press.DefaultPageSize-1)/press.DefaultPageSize)
	ids := make([]int64, len(p.Articles))
	for i, art := range p.Articles {
		ids[i] = art.ID
	}
	if p.CommentCounts, err = a.news.CommentCounts(ctx, ids); err != nil {
		return err
	}
	if p.Counts, err = a.statusCounts(ctx, &s.User, f); err != nil {
		return err
	}
	if s.User.Can(press.ActViewAll) {
		if p.Authors, err = a.db.Authors(ctx); err != nil {
			return err
		}
	}
	if p.Taxonomies, err = a.taxonomyTerms(ctx); err != nil {
		return err
	}
	if p.Trash {
		p.Title = "Trash"
	}
	return a.render(w, "articles", p)
}

// statusCounts counts what each entry of the status filter would list
// with the other filters kept. It asks the newsroom for one-row pages, so
// that contributors and authors count only their own articles, as they
// see them.
func (a *Admin) statusCounts(ctx context.Context, u *press.User, f store.AdminArticleFilter) ([]StatusCount, error) {
	f.Limit, f.Offset = 1, 0
	statuses := append([]press.Status{""}, press.Statuses...)
	counts := make([]StatusCount, 0, len(statuses))
	for _, st := range statuses {
		f.Status = st
		list, err := a.news.Articles(ctx, u, f)
		if err != nil {
			return nil, err
		}
		counts = append(counts, StatusCount{Status: st, Label: statusLabels[st], Count: list.Total})
	}
	return counts, nil
}

// taxonomyTerms returns every taxonomy with its terms.
func (a *Admin) taxonomyTerms(ctx context.Context) ([]TaxonomyTerms, error) {
	taxes, err := a.db.Taxonomies(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]TaxonomyTerms, len(taxes))
	for i, t := range taxes {
		out[i].Taxonomy = t
		if out[i].Terms, err = a.db.Terms(ctx, t.Slug); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// articleID reads the {id} of the path; anything but a positive number is
// not found.
func articleID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, press.ErrNotFound
	}
	return id, nil
}

// back returns the list address a form came from (its "back" field), or
// the list.
func back(r *http.Request, fallback string) string {
	if b := r.PostFormValue("back"); strings.HasPrefix(b, "/admin/articles") && !strings.HasPrefix(b, "//") && !strings.ContainsAny(b, "\\\r\n") {
		return b
	}
	return fallback
}

func (a *Admin) handleArticleTrash(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := articleID(r)
	if err != nil {
		return err
	}
	if err := a.news.TrashArticle(r.Context(), &s.User, id); err != nil {
		return err
	}
	return a.redirect(w, r, back(r, "/admin/articles"), "Moved to the trash.")
}

func (a *Admin) handleArticleRestore(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := articleID(r)
	if err != nil {
		return err
	}
	if err := a.news.RestoreArticle(r.Context(), &s.User, id); err != nil {
		return err
	}
	return a.redirect(w, r, back(r, "/admin/articles?status=trash"), "Restored as a draft.")
}

func (a *Admin) handleArticleDelete(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := articleID(r)
	if err != nil {
		return err
	}
	if err := a.news.DeleteArticle(r.Context(), &s.User, id); err != nil {
		return err
	}
	return a.redirect(w, r, back(r, "/admin/articles?status=trash"), "Deleted permanently.")
}

// SortLink is the link of a column heading that sorts by key.
func (p *ArticleListPage) SortLink(key string) string { return p.Link("sort", key, "page", "") }

// Back is the address of this very list, for forms to come back to.
func (p *ArticleListPage) Back() string { return p.PageLink(p.Page) }

// MayTrash reports whether the user may move a listed article to the
// trash, to offer the button only where it works.
func (p *ArticleListPage) MayTrash(a press.Article) bool {
	return a.Status != press.StatusTrash && p.User.CanArticle(press.ActTrashArticle, &a)
}
