package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/presstest"
)

// item is the part of a listed article the filter tests look at.
type item struct {
	Slug        string `json:"slug"`
	PublishedAt string `json:"published_at"`
}

type page struct {
	Data       []item  `json:"data"`
	NextCursor *string `json:"next_cursor"`
}

func listSlugs(t *testing.T, base, query string) []string {
	t.Helper()
	p := getJSON[page](t, base+"/api/v1/articles?"+query, http.StatusOK)
	if p.NextCursor != nil {
		t.Errorf("%s: a next cursor on a short list", query)
	}
	out := []string{}
	for _, it := range p.Data {
		out = append(out, it.Slug)
	}
	return out
}

func TestArticleFilters(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"europe-heat", "damascus-nights", "water-war", "mena-overview", "partner-piece"}},
		{"author=lee-park", []string{"damascus-nights", "water-war", "mena-overview"}},
		{"author=ana-ruiz", []string{"europe-heat", "water-war", "partner-piece"}},
		{"author=nobody", []string{}},
		// A term includes the terms below it.
		{"term=regions:mena", []string{"damascus-nights", "water-war", "mena-overview"}},
		{"term=regions:syria", []string{"damascus-nights", "water-war"}},
		{"term=regions:damascus", []string{"damascus-nights"}},
		{"term=themes:climate-water", []string{"water-war", "partner-piece"}},
		{"term=regions:atlantis", []string{}},
		{"author=ana-ruiz&term=regions:mena", []string{"water-war"}},
		// Dates: since from the start of the day, until through its end.
		{"since=2026-03-04", []string{"europe-heat", "damascus-nights", "water-war"}},
		{"since=2026-03-05", []string{"europe-heat", "damascus-nights"}},
		{"until=2026-03-31", []string{"damascus-nights", "water-war", "mena-overview", "partner-piece"}},
		{"until=2026-03-30", []string{"water-war", "mena-overview", "partner-piece"}},
		{"since=2026-02-01&until=2026-03-04", []string{"water-war", "mena-overview"}},
		// Times: since inclusive, until exclusive, any offset.
		{"since=2026-03-04T09:30:00Z&until=2026-04-01T00:00:00Z", []string{"damascus-nights", "water-war"}},
		{"since=2026-03-04T09:30:00.000001Z", []string{"europe-heat", "damascus-nights"}},
		{"since=" + url.QueryEscape("2026-03-04T12:30:00+03:00"), []string{"europe-heat", "damascus-nights", "water-war"}},
		{"since=2026-03-04T12:30:00+03:00", []string{"europe-heat", "damascus-nights", "water-war"}}, // "+" sent raw
		{"until=2026-04-01T02:00:00+02:00", []string{"damascus-nights", "water-war", "mena-overview", "partner-piece"}},
		{"term=regions:syria&since=2026-03-05&limit=1", []string{"damascus-nights"}},
		// An empty parameter is as good as none.
		{"author=&term=&since=&until=&limit=&cursor=", []string{"europe-heat", "damascus-nights", "water-war", "mena-overview", "partner-piece"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, listSlugs(t, s.URL, tt.query)); diff != "" {
			t.Errorf("?%s (-want +got):\n%s", tt.query, diff)
		}
	}
}

func TestArticleBadParameters(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	for _, tt := range []struct {
		query string
		words []string
	}{
		{"limit=0", []string{"limit", "1 to 100"}},
		{"limit=101", []string{"limit", "1 to 100"}},
		{"limit=ten", []string{"limit"}},
		{"since=yesterday", []string{"since", "RFC 3339"}},
		{"until=2026-13-01", []string{"until"}},
		{"until=2026-03-04T25:00:00Z", []string{"until"}},
		{"since=2026-03-05&until=2026-03-04", []string{"until", "later than since"}},
		{"cursor=not-a-cursor", []string{"cursor", "malformed"}},
		{"cursor=AgAGTC92xBYAAAAAAAAAACo", []string{"cursor", "another version"}},
		{"fields=slug,nope", []string{"fields", `"nope"`}},
		{"fields=body_html", []string{"fields", `"body_html"`}},
		{"fields=,", []string{"fields", "names no field"}},
		{"term=syria", []string{"term", "taxonomy:term"}},
		{"term=regions:", []string{"term"}},
		{"term=places:syria", []string{"term", `"places"`}},
		{"regions=syria", []string{"regions", "not a parameter"}},
		{"status=draft", []string{"status", "not a parameter"}},
		{"author=ana-ruiz&author=lee-park", []string{"author", "more than once"}},
		{"q=%zz", []string{"query", "malformed"}},
		// Every problem is named at once.
		{"limit=0&since=soon", []string{"limit", "since"}},
	} {
		mustFail(t, s.URL+"/api/v1/articles?"+tt.query, http.StatusBadRequest, tt.words...)
	}
	mustFail(t, s.URL+"/api/v1/articles/water-war?fields=nope", http.StatusBadRequest, "fields", `"nope"`)
	mustFail(t, s.URL+"/api/v1/articles/water-war?limit=5", http.StatusBadRequest, "limit", "not a parameter")
	for _, path := range []string{"/api/v1/authors", "/api/v1/authors/ana-ruiz", "/api/v1/taxonomies",
		"/api/v1/taxonomies/regions/terms", "/api/v1/site", "/api/v1/openapi.json"} {
		mustFail(t, s.URL+path+"?page=2", http.StatusBadRequest, "page", "takes none")
	}
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	for _, tt := range []struct{ path, word string }{
		{"/api/v1/articles/no-such-article", `"no-such-article"`},
		{"/api/v1/articles/secret-draft", `"secret-draft"`}, // a draft looks like nothing
		{"/api/v1/authors/nobody", `"nobody"`},
		{"/api/v1/taxonomies/places/terms", `"places"`},
		{"/api/v1/nothing", "/api/v1/openapi.json"},
		{"/api/v1/articles/water-war/replies", "no endpoint"},
		{"/api/v1/articles/secret-draft/comments", `"secret-draft"`},
		{"/api/v1/taxonomies/regions", "no endpoint"},
		{"/api/v1/", "no endpoint"},
		{"/api/v2/articles", "no endpoint"},
		{"/api/", "no endpoint"},
	} {
		mustFail(t, s.URL+tt.path, http.StatusNotFound, tt.word)
	}
	// The API is read-only.
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		d := presstest.MustDo(t, presstest.NewRequest(t, method, s.URL+"/api/v1/articles"), http.StatusMethodNotAllowed)
		if !strings.Contains(d.Body, `"status":405`) || d.Resp.Header.Get("Allow") != "GET, HEAD, OPTIONS" {
			t.Errorf("%s: %s, Allow %q", method, d.Body, d.Resp.Header.Get("Allow"))
		}
	}
	// Outside /api/ the site's own pages are untouched.
	presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)
	presstest.MustGet(t, s.URL+"/regions/syria", http.StatusOK)
	if d := presstest.MustGet(t, s.URL+"/apis", http.StatusNotFound); !strings.HasPrefix(d.Resp.Header.Get("Content-Type"), "text/html") {
		t.Error("a path outside /api/ got the API's 404")
	}
}

func TestArticleList(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	d := presstest.MustGet(t, s.URL+"/api/v1/articles?term=reports:the-water-ledger", http.StatusOK)
	want := `{"data":[{"id":1,"slug":"water-war","url":"https://desk.example/articles/water-war",` +
		`"title":"The water war nobody names","dek":"Dams, drought & a quiet contest.",` +
		`"excerpt":"Opening with a source. More.","word_count":5,"language":"en","featured":true,` +
		`"published_at":"2026-03-04T09:30:00Z","updated_at":"UPDATED",` +
		`"authors":[{"slug":"ana-ruiz","name":"Ana Ruiz","url":"https://desk.example/authors/ana-ruiz","photo":"https://desk.example/media/ana.svg"},` +
		`{"slug":"lee-park","name":"Lee Park","url":"https://desk.example/authors/lee-park","photo":"https://cdn.example/lee.jpg"}],` +
		`"terms":{"regions":[{"slug":"syria","name":"Syria","url":"https://desk.example/regions/syria"}],` +
		`"reports":[{"slug":"the-water-ledger","name":"The Water Ledger","url":"https://desk.example/reports/the-water-ledger"}],` +
		`"themes":[{"slug":"climate-water","name":"Climate & Water","url":"https://desk.example/themes/climate-water"}]},` +
		`"image":{"src":"https://desk.example/media/water.svg","alt":"A dry riverbed","credit":"Illustration: Test"},` +
		`"source":{"name":"Basin Monitor","url":"https://basin.example/orig"},"comment_count":0}],"next_cursor":null}`
	var got map[string]any
	json.Unmarshal([]byte(d.Body), &got)
	updated := got["data"].([]any)[0].(map[string]any)["updated_at"].(string)
	if !strings.HasSuffix(updated, "Z") {
		t.Errorf("updated_at %q is not UTC", updated)
	}
	if diff := cmp.Diff(strings.Replace(want, "UPDATED", updated, 1), d.Body); diff != "" {
		t.Errorf("listing (-want +got):\n%s", diff)
	}

	// Fields selection keeps the named fields, in their usual order.
	d = presstest.MustGet(t, s.URL+"/api/v1/articles?limit=2&fields=url,+slug,published_at,slug", http.StatusOK)
	if !strings.HasPrefix(d.Body, `{"data":[{"slug":"europe-heat","url":"https://desk.example/articles/europe-heat","published_at":"2026-04-01T00:00:00Z"},`+
		`{"slug":"damascus-nights","url":`) || !strings.Contains(d.Body, `"next_cursor":"`) {
		t.Errorf("fields=url,slug,published_at:\n%s", d.Body)
	}
	d = presstest.MustGet(t, s.URL+"/api/v1/articles?term=regions:damascus&fields=terms,authors", http.StatusOK)
	if want := `{"data":[{"authors":[{"slug":"lee-park",`; !strings.HasPrefix(d.Body, want) || !strings.Contains(d.Body, `"terms":{"regions":[{"slug":"damascus"`) {
		t.Errorf("fields=terms,authors:\n%s", d.Body)
	}
}

// article is the full article as the tests read it.
type article struct {
	Slug         string `json:"slug"`
	URL          string `json:"url"`
	Language     string `json:"language"`
	BodyHTML     string `json:"body_html"`
	BodyMarkdown string `json:"body_markdown"`
	Copyright    struct {
		Holder string
		Year   int
	} `json:"copyright"`
	License   *struct{ Markdown, HTML string }              `json:"license"`
	Republish bool                                          `json:"republishable"`
	Fields    []struct{ Key, Value string }                 `json:"fields"`
	Terms     map[string][]struct{ Slug, Name, URL string } `json:"terms"`
	Authors   []struct{ Slug, Name, URL string }            `json:"authors"`
	Source    *struct{ Name, URL string }                   `json:"source"`
	Image     *struct{ Src, Alt, Credit string }            `json:"image"`
}

func TestArticleShow(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	a := getJSON[article](t, s.URL+"/api/v1/articles/water-war", http.StatusOK)
	if a.Slug != "water-war" || a.URL != "https://desk.example/articles/water-war" {
		t.Errorf("slug %q, url %q", a.Slug, a.URL)
	}
	if !strings.Contains(a.BodyHTML, `href="https://data.example/r"`) || strings.Contains(a.BodyHTML, "<script") ||
		strings.Contains(a.BodyHTML, "alert(1)") {
		t.Errorf("body_html = %q", a.BodyHTML)
	}
	if !strings.HasPrefix(a.BodyMarkdown, "Opening with a [source](https://data.example/r).") {
		t.Errorf("body_markdown = %q", a.BodyMarkdown)
	}
	if a.Copyright.Holder != "Basin Monitor" || a.Copyright.Year != 2025 {
		t.Errorf("copyright = %+v", a.Copyright)
	}
	// Without a licence of its own, the site's republishing policy.
	if a.License == nil || a.License.Markdown != "Community sites may **republish** with a link back." ||
		!strings.Contains(a.License.HTML, "<strong>republish</strong>") || !a.Republish {
		t.Errorf("license = %+v, republishable %v", a.License, a.Republish)
	}
	wantFields := []struct{ Key, Value string }{{"translator", "Sam Haddad"}, {"document_id", "BM-77"}}
	if diff := cmp.Diff(wantFields, a.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if len(a.Terms) != 3 || a.Terms["regions"][0].URL != "https://desk.example/regions/syria" ||
		a.Terms["themes"][0].Name != "Climate & Water" {
		t.Errorf("terms = %+v", a.Terms)
	}
	if len(a.Authors) != 2 || a.Authors[1].URL != "https://desk.example/authors/lee-park" {
		t.Errorf("authors = %+v", a.Authors)
	}
	if a.Image == nil || a.Image.Src != "https://desk.example/media/water.svg" || a.Source == nil {
		t.Errorf("image %+v, source %+v", a.Image, a.Source)
	}

	// Defaults: copyright to the authors and the site, the year of
	// publication; no image, no source, no fields.
	a = getJSON[article](t, s.URL+"/api/v1/articles/mena-overview", http.StatusOK)
	if a.Copyright.Holder != "Lee Park and The Test Desk" || a.Copyright.Year != 2026 || a.Image != nil || a.Source != nil ||
		a.Fields == nil || len(a.Fields) != 0 || a.Language != "en" {
		t.Errorf("defaults: %+v", a)
	}
	// An article's own licence and language.
	a = getJSON[article](t, s.URL+"/api/v1/articles/europe-heat", http.StatusOK)
	if a.License == nil || a.License.Markdown != "CC BY 4.0" || a.License.HTML != "<p>CC BY 4.0</p>" || a.Language != "de" {
		t.Errorf("own licence: %+v, language %q", a.License, a.Language)
	}
	// A piece that may not be republished offers no licence.
	a = getJSON[article](t, s.URL+"/api/v1/articles/partner-piece", http.StatusOK)
	if a.License != nil || a.Republish {
		t.Errorf("not republishable: license %+v, republishable %v", a.License, a.Republish)
	}

	d := presstest.MustGet(t, s.URL+"/api/v1/articles/water-war?fields=title,body_html,republishable", http.StatusOK)
	if !strings.HasPrefix(d.Body, `{"title":"The water war nobody names","body_html":"<p>Opening`) ||
		!strings.HasSuffix(d.Body, `,"republishable":true}`) {
		t.Errorf("fields=title,body_html,republishable:\n%s", d.Body)
	}
}

// TestDraftsInvisible: a draft is in no listing, whatever the filter, and
// its slug is not found.
func TestDraftsInvisible(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	for _, q := range []string{"", "author=ana-ruiz", "term=regions:syria", "since=2026-03-20&until=2026-03-21", "limit=100"} {
		d := presstest.MustGet(t, s.URL+"/api/v1/articles?"+q, http.StatusOK)
		if strings.Contains(d.Body, "secret-draft") {
			t.Errorf("?%s lists the draft", q)
		}
	}
	mustFail(t, s.URL+"/api/v1/articles/secret-draft", http.StatusNotFound, "no published article")
	terms := presstest.MustGet(t, s.URL+"/api/v1/taxonomies/regions/terms", http.StatusOK)
	if !strings.Contains(terms.Body, `"slug":"syria","name":"Syria","url":"https://desk.example/regions/syria","parent":"mena","description":null,"article_count":1,`) {
		t.Errorf("syria's count includes the draft, or the term is wrong:\n%s", terms.Body)
	}
}
