package api

import (
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// The fields ?fields= may name: those of a listed article, and those of
// an article in full.
var (
	articleItemFields = jsonFields(reflect.TypeFor[articleItem]())
	articleFields     = jsonFields(reflect.TypeFor[article]())
)

// handleArticles lists published articles, newest first, a page at a time
// with a cursor, filtered by author, term (and the terms below it) and
// date.
func (a *API) handleArticles(w http.ResponseWriter, r *http.Request) error {
	p := readParams(r, "author", "term", "since", "until", "limit", "cursor", "fields")
	f := press.ArticleFilter{Status: press.StatusPublished, Author: p.get("author")}
	if v := p.get("term"); v != "" {
		tax, slug, ok := strings.Cut(v, ":")
		if !ok || tax == "" || slug == "" {
			p.bad("term", "must be taxonomy:term, such as regions:syria")
		}
		f.Taxonomy, f.Term = tax, slug
	}
	f.From, f.Until = p.time("since", false), p.time("until", true)
	if !f.From.IsZero() && !f.Until.IsZero() && !f.From.Before(f.Until) {
		p.bad("until", "must be later than since")
	}
	f.Limit = p.limit()
	after := p.cursor()
	keep := p.fields(articleItemFields)
	if err := p.err(); err != nil {
		return err
	}

	ctx := r.Context()
	c, err := a.common(r)
	if err != nil {
		return err
	}
	if f.Taxonomy != "" {
		// An unknown term selects nothing, as an unknown author does, but
		// an unknown taxonomy is a mistake in the question.
		if _, err := a.db.Taxonomy(ctx, f.Taxonomy); errors.Is(err, press.ErrNotFound) {
			return invalid("term", "there is no taxonomy "+strconv.Quote(f.Taxonomy))
		} else if err != nil {
			return err
		}
	}
	page, err := a.db.ArticlesAfter(ctx, f, after)
	if err != nil {
		return err
	}
	counts, err := a.commentCounts(ctx, page.Articles)
	if err != nil {
		return err
	}
	out := list[selection]{Data: make([]selection, 0, len(page.Articles))}
	for i := range page.Articles {
		it := c.views.articleItem(&page.Articles[i])
		it.CommentCount = counts[it.ID]
		out.Data = append(out.Data, selection{v: it, keep: keep})
	}
	if page.Next != nil {
		s := page.Next.String()
		out.NextCursor = &s
	}
	return writeData(w, r, out, c.modified)
}

// handleArticle shows one published article in full. A draft is not
// found, exactly as a slug nobody used.
func (a *API) handleArticle(w http.ResponseWriter, r *http.Request) error {
	p := readParams(r, "fields")
	keep := p.fields(articleFields)
	if err := p.err(); err != nil {
		return err
	}
	c, err := a.common(r)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	art, err := a.db.Article(r.Context(), slug)
	if errors.Is(err, press.ErrNotFound) || (err == nil && art.Status != press.StatusPublished) {
		return web.Errorf(http.StatusNotFound, "there is no published article %q", slug)
	}
	if err != nil {
		return err
	}
	counts, err := a.commentCounts(r.Context(), []press.Article{art})
	if err != nil {
		return err
	}
	out := c.views.article(&art)
	out.CommentCount = counts[art.ID]
	return writeData(w, r, selection{v: out, keep: keep}, c.modified)
}
