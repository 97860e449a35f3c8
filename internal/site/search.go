package site

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
)

// facetItems is how many terms or authors a facet shows: the ones with the
// most results (and any selected).
const facetItems = 8

// handleSearch serves /search: the form, and for a query its results,
// with snippets, facets and pages. Its parameters are q (the text, read by
// press.ParseSearch), author (a slug), term (taxonomy:slug, repeatable),
// from and to (dates, YYYY-MM-DD, both included), sort (relevance or date)
// and page. Whatever the text, the page answers 200, with a notice when
// the text left nothing to search for or was cut short; a date it cannot
// read is left out, with a notice too. Results are never indexed by
// search engines.
func (s *Site) handleSearch(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	page, err := pageNumber(r)
	if err != nil {
		return err
	}
	params := r.URL.Query()
	q := press.SearchQuery{
		Text: params.Get("q"), Author: params.Get("author"), Page: page,
		Sort: press.SearchSort(params.Get("sort")),
	}
	for _, v := range params["term"] {
		if tax, slug, ok := strings.Cut(v, ":"); ok && tax != "" && slug != "" {
			q.Terms = append(q.Terms, press.TermRef{Taxonomy: tax, Slug: slug})
		}
	}
	from, okFrom := searchDate(params.Get("from"))
	to, okTo := searchDate(params.Get("to"))
	badDate := !okFrom || !okTo
	q.From = from
	if !to.IsZero() {
		q.Until = to.AddDate(0, 0, 1) // the whole of the last day
	}
	res, err := s.db.Search(ctx, q)
	if err != nil {
		return err
	}
	if page > 1 && len(res.Hits) == 0 {
		return press.ErrNotFound
	}

	l := c.layout(s.theme, r, "", "")
	l.NoIndex = true
	shown := displayQuery(q.Text)
	l.Title = l.T.M("search.title")
	if shown != "" {
		l.Title = l.T.M("search.results_for", shown)
	}
	p := &theme.SearchPage{
		Layout: l, Query: shown, Searched: shown != "" || q.Filtered(),
		Total: res.Total, Start: (res.Page-1)*res.PerPage + 1, Hits: theme.NewSearchHits(res.Hits),
	}
	if !from.IsZero() {
		p.From = from.Format(time.DateOnly)
	}
	if !to.IsZero() {
		p.Until = to.Format(time.DateOnly)
	}
	if res.Notice != "" {
		p.Notice = l.T.M("search.notice." + string(res.Notice))
	}
	if badDate {
		p.Notice = strings.TrimSpace(p.Notice + " " + l.T.M("search.notice.bad_date"))
	}

	// The links all start from the query as it is, less its page.
	base := url.Values{}
	for _, k := range []string{"q", "author", "term", "sort"} {
		for _, v := range params[k] {
			if v != "" {
				base.Add(k, v)
			}
		}
	}
	if p.From != "" {
		base.Set("from", p.From)
	}
	if p.Until != "" {
		base.Set("to", p.Until)
	}
	for _, k := range []string{"author", "term", "sort"} {
		for _, v := range base[k] {
			p.Hidden = append(p.Hidden, theme.SearchParam{Name: k, Value: v})
		}
	}
	if strings.TrimSpace(q.Text) != "" {
		for _, o := range []press.SearchSort{press.SortRelevance, press.SortDate} {
			p.Sorts = append(p.Sorts, theme.SearchLink{Label: l.T.M("search.sort." + string(o)),
				URL: searchURL(searchWith(base, "sort", string(o))), Current: res.Sort == o})
		}
	}
	p.Filters, p.Facets = s.searchFacets(&l, base, &q, &res)
	if !from.IsZero() {
		p.Filters = append(p.Filters, theme.SearchLink{Label: l.T.M("search.filter.from", l.T.Date(from)), URL: searchURL(searchWithout(base, "from", ""))})
	}
	if !to.IsZero() {
		p.Filters = append(p.Filters, theme.SearchLink{Label: l.T.M("search.filter.to", l.T.Date(to)), URL: searchURL(searchWithout(base, "to", ""))})
	}
	p.Pager = theme.Pager{Page: res.Page, Pages: res.Pages()}
	if res.Page > 2 {
		p.Pager.Prev = searchURL(searchWith(base, "page", strconv.Itoa(res.Page-1)))
	} else if res.Page == 2 {
		p.Pager.Prev = searchURL(searchCopy(base)) // page 1 has no page parameter
	}
	if res.Page < res.Pages() {
		p.Pager.Next = searchURL(searchWith(base, "page", strconv.Itoa(res.Page+1)))
	}
	body, err := s.theme.Search(p)
	return write(w, r, body, err, c.modified)
}

// searchFacets builds the filters in force, each linking to the results
// without it, and the facets, each item linking to the results narrowed to
// it (or, when selected, widened again).
func (s *Site) searchFacets(l *theme.Layout, base url.Values, q *press.SearchQuery, res *press.SearchResults) ([]theme.SearchLink, []theme.SearchFacet) {
	var filters []theme.SearchLink
	var facets []theme.SearchFacet
	selected := map[string]bool{}
	for _, t := range q.Terms {
		selected[t.Taxonomy+":"+t.Slug] = true
	}
	item := func(key, value, name string, count int) theme.SearchFacetItem {
		it := theme.SearchFacetItem{Name: name, Count: count,
			Selected: (key == "term" && selected[value]) || (key == "author" && q.Author == value)}
		if it.Selected {
			it.URL = searchURL(searchWithout(base, key, value))
		} else {
			it.URL = searchURL(searchWith(base, key, value))
		}
		return it
	}
	for _, x := range res.Facets.Taxonomies {
		f := theme.SearchFacet{Heading: x.Taxonomy.Name}
		for i, t := range x.Terms {
			it := item("term", x.Taxonomy.Slug+":"+t.Slug, t.Name, t.Count)
			if it.Selected {
				filters = append(filters, theme.SearchLink{Label: t.Name, URL: it.URL})
			}
			if i < facetItems || it.Selected {
				f.Items = append(f.Items, it)
			}
		}
		facets = append(facets, f)
	}
	if len(res.Facets.Authors) > 0 {
		f := theme.SearchFacet{Heading: l.T.M("search.authors")}
		for i, a := range res.Facets.Authors {
			it := item("author", a.Slug, a.Name, a.Count)
			if it.Selected {
				filters = append(filters, theme.SearchLink{Label: a.Name, URL: it.URL})
			}
			if i < facetItems || it.Selected {
				f.Items = append(f.Items, it)
			}
		}
		facets = append(facets, f)
	}
	// A filter that matches nothing has no facet to name it: show its
	// slug, so that it can still be removed.
	named := map[string]bool{}
	for _, f := range filters {
		named[f.URL] = true
	}
	if q.Author != "" && !named[searchURL(searchWithout(base, "author", q.Author))] {
		filters = append(filters, theme.SearchLink{Label: q.Author, URL: searchURL(searchWithout(base, "author", q.Author))})
	}
	for _, t := range q.Terms {
		if u := searchURL(searchWithout(base, "term", t.Taxonomy+":"+t.Slug)); !named[u] {
			filters = append(filters, theme.SearchLink{Label: t.Slug, URL: u})
		}
	}
	return filters, facets
}

// searchDate reads a date parameter; "" is no date, and so is one it
// cannot read, which it reports.
func searchDate(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
	if err != nil || d.Year() < 1 || d.Year() > 9999 {
		return time.Time{}, false
	}
	return d, true
}

// displayQuery is the text as the page shows it: control characters
// (which are no HTML) as spaces, and at most 200 characters.
func displayQuery(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:200]) + "…"
	}
	return s
}

func searchURL(v url.Values) string {
	if len(v) == 0 {
		return "/search"
	}
	return "/search?" + v.Encode()
}

// searchWith returns v with value added to key (set, for the one-valued keys),
// and no page: a changed query starts at its first page.
func searchWith(v url.Values, key, value string) url.Values {
	out := searchCopy(v)
	if key == "term" {
		out.Add(key, value)
	} else {
		out.Set(key, value)
	}
	return out
}

// searchWithout returns v without value in key (without key at all when value
// is ""), and no page.
func searchWithout(v url.Values, key, value string) url.Values {
	out := searchCopy(v)
	if value == "" {
		out.Del(key)
		return out
	}
	var keep []string
	for _, x := range out[key] {
		if x != value {
			keep = append(keep, x)
		}
	}
	if len(keep) == 0 {
		out.Del(key)
	} else {
		out[key] = keep
	}
	return out
}

func searchCopy(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		if k != "page" {
			out[k] = append([]string(nil), vs...)
		}
	}
	return out
}
