package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// searchJSON is /api/v1/search's answer, as a client reads it.
type searchJSON struct {
	Query  string `json:"query"`
	Notice *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"notice"`
	Sort    string `json:"sort"`
	Total   int    `json:"total"`
	Page    int    `json:"page"`
	PerPage int    `json:"per_page"`
	Pages   int    `json:"pages"`
	Data    []struct {
		Slug        string  `json:"slug"`
		URL         string  `json:"url"`
		Title       string  `json:"title"`
		SnippetHTML string  `json:"snippet_html"`
		Rank        float64 `json:"rank"`
	} `json:"data"`
	Facets struct {
		Taxonomies []struct {
			Slug  string `json:"slug"`
			Terms []struct {
				Slug   string `json:"slug"`
				Count  int    `json:"count"`
				Filter string `json:"filter"`
			} `json:"terms"`
		} `json:"taxonomies"`
		Authors []struct {
			Slug   string `json:"slug"`
			Name   string `json:"name"`
			Count  int    `json:"count"`
			Filter string `json:"filter"`
		} `json:"authors"`
	} `json:"facets"`
}

func search(t *testing.T, base string, params ...string) searchJSON {
	t.Helper()
	v := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		v.Set(params[i], params[i+1])
	}
	return getJSON[searchJSON](t, base+"/api/v1/search?"+v.Encode(), http.StatusOK)
}

func (r searchJSON) slugs() []string {
	var out []string
	for _, h := range r.Data {
		out = append(out, h.Slug)
	}
	return out
}

func TestSearch(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	// "water" is in a title and in the names of a theme and a report.
	r := search(t, s.URL, "q", "water")
	if r.Total != 2 || r.Sort != "relevance" || r.Notice != nil || r.Page != 1 || r.PerPage != 20 || r.Pages != 1 ||
		len(r.Data) != 2 || r.Data[0].Slug != "water-war" || r.Data[0].URL != "https://desk.example/articles/water-war" {
		t.Errorf("water: %+v", r)
	}
	for _, h := range r.Data {
		if h.Rank <= 0 {
			t.Errorf("%s: rank %v", h.Slug, h.Rank)
		}
	}
	var authors []string
	for _, a := range r.Facets.Authors {
		authors = append(authors, a.Filter+"="+a.Name)
	}
	if strings.Join(authors, " ") != "ana-ruiz=Ana Ruiz lee-park=Lee Park" {
		t.Errorf("author facets %q", authors)
	}
	themes := ""
	for _, x := range r.Facets.Taxonomies {
		if x.Slug == "themes" && len(x.Terms) == 1 {
			themes = x.Terms[0].Filter
		}
	}
	if themes != "themes:climate-water" || r.Facets.Taxonomies[0].Slug != "regions" {
		t.Errorf("term facets %+v", r.Facets.Taxonomies)
	}

	// The snippet is HTML with the match marked.
	r = search(t, s.URL, "q", "opening")
	if len(r.Data) != 1 || !strings.Contains(r.Data[0].SnippetHTML, "<mark>Opening</mark>") {
		t.Errorf("opening: %+v", r.Data)
	}
	// Filters, as the article list has them; a facet's filter narrows.
	for _, tt := range []struct {
		params []string
		want   string
	}{
		{[]string{"q", "water", "author", "lee-park"}, "water-war"},
		{[]string{"q", "water", "term", "themes:climate-water"}, "water-war partner-piece"},
		{[]string{"q", "water", "term", "regions:mena,themes:climate-water"}, "water-war"},
		{[]string{"q", "water", "since", "2026-02-01"}, "water-war"},
		{[]string{"q", "water", "sort", "date"}, "water-war partner-piece"},
		{[]string{"term", "regions:mena"}, "damascus-nights water-war mena-overview"},
		{[]string{"q", "water", "term", "regions:atlantis"}, ""},
		{[]string{"q", "secret"}, ""},
		{[]string{"q", "title", "limit", "2", "page", "2", "sort", "date"}, "mena-overview partner-piece"},
	} {
		if got := strings.Join(search(t, s.URL, tt.params...).slugs(), " "); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.params, got, tt.want)
		}
	}
	r = search(t, s.URL, "q", "title", "limit", "2")
	if r.Total != 4 || r.Pages != 2 || len(r.Data) != 2 {
		t.Errorf("two a page: total %d, pages %d, %d here", r.Total, r.Pages, len(r.Data))
	}
}

// TestSearchOddText: no text fails; the notice says how it was read.
func TestSearchOddText(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	for _, tt := range []struct {
		q, notice string
		total     int
	}{
		{"", "", 0},
		{`"`, "nothing_to_search", 0},
		{"- OR *", "nothing_to_search", 0},
		{"the of", "common_words", 0},
		{"-water", "only_excluded", 0},
		{strings.Repeat("water ", 3000), "truncated", 2},
		{"water'; DROP TABLE articles; --", "", 0},
		{"\x00water\x01", "", 2},
		{`{title}: NEAR(water) ^x`, "", 0},
	} {
		r := search(t, s.URL, "q", tt.q)
		code := ""
		if r.Notice != nil {
			code = r.Notice.Code
			if r.Notice.Message == "" {
				t.Errorf("%.30q: a notice without a message", tt.q)
			}
		}
		if code != tt.notice || r.Total != tt.total || r.Data == nil {
			t.Errorf("%.30q: notice %q, total %d; want %q, %d", tt.q, code, r.Total, tt.notice, tt.total)
		}
	}
	// The other parameters are checked, as everywhere in the API.
	for _, q := range []string{"sort=best", "page=0", "page=x", "limit=500", "term=syria", "term=atlantis:x",
		"since=yesterday", "since=2026-03-02&until=2026-03-01", "bogus=1", "q=a&q=b"} {
		mustFail(t, s.URL+"/api/v1/search?"+q, http.StatusBadRequest)
	}
}

func TestSearchSuggest(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	type suggestions struct {
		Data []struct {
			Slug, Title, URL string
			PublishedAt      string `json:"published_at"`
		} `json:"data"`
		NextCursor *string `json:"next_cursor"`
	}
	got := getJSON[suggestions](t, s.URL+"/api/v1/search/suggest?q=wat", http.StatusOK)
	if len(got.Data) != 1 || got.Data[0].Title != "The water war nobody names" || got.Data[0].URL != "https://desk.example/articles/water-war" ||
		got.Data[0].PublishedAt != "2026-03-04T09:30:00Z" || got.NextCursor != nil {
		t.Errorf("wat: %+v", got)
	}
	// Titles only, newest first, published only, at most limit.
	got = getJSON[suggestions](t, s.URL+"/api/v1/search/suggest?q=titl&limit=2", http.StatusOK)
	if len(got.Data) != 2 || got.Data[0].Slug != "europe-heat" || got.Data[1].Slug != "damascus-nights" {
		t.Errorf("titl: %+v", got)
	}
	for _, q := range []string{"", "t", "the", "secret", `"`, strings.Repeat("x", 5000)} {
		if got := getJSON[suggestions](t, s.URL+"/api/v1/search/suggest?q="+url.QueryEscape(q), http.StatusOK); len(got.Data) != 0 {
			t.Errorf("%.20q suggests %+v", q, got.Data)
		}
	}
	mustFail(t, s.URL+"/api/v1/search/suggest?limit=0", http.StatusBadRequest, "limit")
	mustFail(t, s.URL+"/api/v1/search/suggest?x=1", http.StatusBadRequest)
}
