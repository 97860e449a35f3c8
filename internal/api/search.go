package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// searchResults is one page of a search: the hits, how many there are in
// all, the facets over all of them, and how the text was read.
type searchResults struct {
	Query   string         `json:"query"`
	Notice  *searchNotice  `json:"notice"`
	Sort    string         `json:"sort"`
	Total   int            `json:"total"`
	Page    int            `json:"page"`
	PerPage int            `json:"per_page"`
	Pages   int            `json:"pages"`
	Data    []searchHit    `json:"data"`
	Facets  searchFacetSet `json:"facets"`
}

// searchNotice says, when the text could not be taken as typed, why.
type searchNotice struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// searchHit is an article found: as listed, with the passage that matched
// and its rank.
type searchHit struct {
	articleItem
	SnippetHTML string  `json:"snippet_html"`
	Rank        float64 `json:"rank"`
}

type searchFacetSet struct {
	Taxonomies []searchTaxonomyFacet `json:"taxonomies"`
	Authors    []searchFacetCount    `json:"authors"`
}

type searchTaxonomyFacet struct {
	Slug  string             `json:"slug"`
	Name  string             `json:"name"`
	Terms []searchFacetCount `json:"terms"`
}

// searchFacetCount is a term or an author and how many results it has;
// filter is the value of the term or author parameter that narrows to it.
type searchFacetCount struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	Count  int    `json:"count"`
	Filter string `json:"filter"`
}

// searchSuggestion is a title offered while a reader types.
type searchSuggestion struct {
	Slug        string    `json:"slug"`
	Title       string    `json:"title"`
	URL         string    `json:"url"`
	PublishedAt time.Time `json:"published_at"`
}

// Bounds of the search endpoints' parameters.
const (
	maxSearchPage    = 10000
	maxSuggestLimit  = 20
	defaultSuggested = 8
)

// handleSearch searches the published articles: q, read as the site's
// search box reads it, never fails (odd or hostile text degrades, with a
// notice); the filters are checked as the article list checks them.
func (a *API) handleSearch(w http.ResponseWriter, r *http.Request) error {
	p := readParams(r, "q", "author", "term", "since", "until", "sort", "page", "limit")
	q := press.SearchQuery{Text: p.get("q"), Author: p.get("author"), PerPage: p.limit()}
	for v := range strings.SplitSeq(p.get("term"), ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		tax, slug, ok := strings.Cut(v, ":")
		if !ok || tax == "" || slug == "" {
			p.bad("term", "must be taxonomy:term, such as regions:syria, or several separated by commas")
			continue
		}
		q.Terms = append(q.Terms, press.TermRef{Taxonomy: tax, Slug: slug})
	}
	q.From, q.Until = p.time("since", false), p.time("until", true)
	if !q.From.IsZero() && !q.Until.IsZero() && !q.From.Before(q.Until) {
		p.bad("until", "must be later than since")
	}
	switch s := press.SearchSort(p.get("sort")); s {
	case "":
	case press.SortRelevance, press.SortDate:
		q.Sort = s
	default:
		p.bad("sort", "must be relevance or date")
	}
	q.Page = 1
	if v := p.get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxSearchPage {
			p.bad("page", "must be a whole number from 1 to "+strconv.Itoa(maxSearchPage))
		}
		q.Page = n
	}
	if err := p.err(); err != nil {
		return err
	}

	ctx := r.Context()
	c, err := a.common(r)
	if err != nil {
		return err
	}
	for _, t := range q.Terms {
		// An unknown term finds nothing; an unknown taxonomy is a mistake
		// in the question.
		if _, err := a.db.Taxonomy(ctx, t.Taxonomy); errors.Is(err, press.ErrNotFound) {
			return invalid("term", "there is no taxonomy "+strconv.Quote(t.Taxonomy))
		} else if err != nil {
			return err
		}
	}
	res, err := a.db.Search(ctx, q)
	if err != nil {
		return err
	}
	out := searchResults{
		Query: q.Text, Sort: string(res.Sort), Total: res.Total, Page: res.Page, PerPage: res.PerPage,
		Pages: res.Pages(), Data: make([]searchHit, 0, len(res.Hits)),
		Facets: searchFacetSet{Taxonomies: []searchTaxonomyFacet{}, Authors: []searchFacetCount{}},
	}
	if res.Notice != "" {
		out.Notice = &searchNotice{Code: string(res.Notice), Message: res.Notice.Message()}
	}
	found := make([]press.Article, len(res.Hits))
	for i := range res.Hits {
		found[i] = res.Hits[i].Article
	}
	counts, err := a.commentCounts(ctx, found)
	if err != nil {
		return err
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		it := c.views.articleItem(&h.Article)
		it.CommentCount = counts[it.ID]
		out.Data = append(out.Data, searchHit{articleItem: it, SnippetHTML: h.Snippet, Rank: h.Rank})
	}
	for _, x := range res.Facets.Taxonomies {
		f := searchTaxonomyFacet{Slug: x.Taxonomy.Slug, Name: x.Taxonomy.Name, Terms: make([]searchFacetCount, 0, len(x.Terms))}
		for _, t := range x.Terms {
			f.Terms = append(f.Terms, searchFacetCount{Slug: t.Slug, Name: t.Name, Count: t.Count, Filter: x.Taxonomy.Slug + ":" + t.Slug})
		}
		out.Facets.Taxonomies = append(out.Facets.Taxonomies, f)
	}
	for _, au := range res.Facets.Authors {
		out.Facets.Authors = append(out.Facets.Authors, searchFacetCount{Slug: au.Slug, Name: au.Name, Count: au.Count, Filter: au.Slug})
	}
	return writeData(w, r, out, c.modified)
}

// handleSearchSuggest offers up to limit (8 unless said) titles of
// published articles matching what a reader has typed so far, q, its last
// word taken as the start of a word, newest first: for a search box.
func (a *API) handleSearchSuggest(w http.ResponseWriter, r *http.Request) error {
	p := readParams(r, "q", "limit")
	n := defaultSuggested
	if v := p.get("limit"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > maxSuggestLimit {
			p.bad("limit", "must be a whole number from 1 to "+strconv.Itoa(maxSuggestLimit))
		}
	}
	if err := p.err(); err != nil {
		return err
	}
	c, err := a.common(r)
	if err != nil {
		return err
	}
	found, err := a.db.Suggest(r.Context(), p.get("q"), n)
	if err != nil {
		return err
	}
	out := list[searchSuggestion]{Data: make([]searchSuggestion, 0, len(found))}
	for _, s := range found {
		out.Data = append(out.Data, searchSuggestion{Slug: s.Slug, Title: s.Title,
			URL: c.views.abs(press.ArticlePath(s.Slug)), PublishedAt: s.PublishedAt})
	}
	return writeData(w, r, out, c.modified)
}
