package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/presstest"
)

func TestAuthors(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	ana := `{"id":1,"slug":"ana-ruiz","name":"Ana Ruiz","url":"https://desk.example/authors/ana-ruiz",` +
		`"photo":"https://desk.example/media/ana.svg","bio":{"markdown":"Ana covers **water**.","html":"<p>Ana covers <strong>water</strong>.</p>"},` +
		`"links":[{"label":"Site","url":"https://ana.example"}],"articles_url":"https://desk.example/api/v1/articles?author=ana-ruiz"}`
	lee := `{"id":2,"slug":"lee-park","name":"Lee Park","url":"https://desk.example/authors/lee-park",` +
		`"photo":"https://cdn.example/lee.jpg","bio":null,"links":[],"articles_url":"https://desk.example/api/v1/articles?author=lee-park"}`
	d := presstest.MustGet(t, s.URL+"/api/v1/authors", http.StatusOK)
	if diff := cmp.Diff(`{"data":[`+ana+","+lee+`],"next_cursor":null}`, d.Body); diff != "" {
		t.Errorf("authors (-want +got):\n%s", diff)
	}
	d = presstest.MustGet(t, s.URL+"/api/v1/authors/ana-ruiz", http.StatusOK)
	if diff := cmp.Diff(ana, d.Body); diff != "" {
		t.Errorf("author (-want +got):\n%s", diff)
	}
	// The articles_url works.
	if got := listSlugs(t, s.URL, "author=lee-park"); len(got) != 3 {
		t.Errorf("lee's articles: %q", got)
	}
	// Emails are for the newsroom, never for the API.
	for _, path := range []string{"/api/v1/authors", "/api/v1/authors/ana-ruiz", "/api/v1/articles/water-war", "/api/v1/articles"} {
		if d := presstest.MustGet(t, s.URL+path, http.StatusOK); strings.Contains(d.Body, "@desk.example") || strings.Contains(d.Body, "email") {
			t.Errorf("%s shows an email", path)
		}
	}
}

func TestTaxonomies(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	d := presstest.MustGet(t, s.URL+"/api/v1/taxonomies", http.StatusOK)
	want := `{"data":[` +
		`{"slug":"regions","name":"Regions","label":"Region","url":"https://desk.example/regions","terms_url":"https://desk.example/api/v1/taxonomies/regions/terms"},` +
		`{"slug":"themes","name":"Themes","label":"Theme","url":"https://desk.example/themes","terms_url":"https://desk.example/api/v1/taxonomies/themes/terms"},` +
		`{"slug":"reports","name":"In-depth Reports","label":"In-depth Report","url":"https://desk.example/reports","terms_url":"https://desk.example/api/v1/taxonomies/reports/terms"}` +
		`],"next_cursor":null}`
	if diff := cmp.Diff(want, d.Body); diff != "" {
		t.Errorf("taxonomies (-want +got):\n%s", diff)
	}
	type term struct {
		Slug         string  `json:"slug"`
		Taxonomy     string  `json:"taxonomy"`
		Parent       *string `json:"parent"`
		ArticleCount int     `json:"article_count"`
		ArticlesURL  string  `json:"articles_url"`
		Description  *struct {
			Markdown, HTML string
		} `json:"description"`
	}
	terms := getJSON[struct{ Data []term }](t, s.URL+"/api/v1/taxonomies/regions/terms", http.StatusOK).Data
	var got []string
	for _, m := range terms {
		parent := "-"
		if m.Parent != nil {
			parent = *m.Parent
		}
		got = append(got, m.Taxonomy+"/"+m.Slug+" < "+parent)
	}
	// By name: Damascus, Europe, Middle East & North Africa, Syria.
	wantTerms := []string{"regions/damascus < syria", "regions/europe < -", "regions/mena < -", "regions/syria < mena"}
	if diff := cmp.Diff(wantTerms, got); diff != "" {
		t.Errorf("terms (-want +got):\n%s", diff)
	}
	mena := terms[2]
	if mena.Description == nil || mena.Description.HTML != "<p>The <em>region</em>.</p>" || mena.ArticleCount != 1 ||
		mena.ArticlesURL != "https://desk.example/api/v1/articles?term=regions%3Amena" {
		t.Errorf("mena = %+v", mena)
	}
	// The articles_url, colon escaped, selects the term and those below.
	if got := listSlugs(t, s.URL, "term=regions%3Amena"); len(got) != 3 {
		t.Errorf("mena's articles: %q", got)
	}
	if terms := getJSON[struct{ Data []term }](t, s.URL+"/api/v1/taxonomies/reports/terms", http.StatusOK).Data; len(terms) != 1 {
		t.Errorf("reports: %+v", terms)
	}
}

func TestSite(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	d := presstest.MustGet(t, s.URL+"/api/v1/site", http.StatusOK)
	var updated string
	if i := strings.Index(d.Body, `"updated_at":"`); i >= 0 {
		updated = d.Body[i+len(`"updated_at":"`):]
		updated = updated[:strings.Index(updated, `"`)]
	}
	want := `{"name":"The Test Desk","tagline":"Slow news","url":"https://desk.example","language":"en",` +
		`"logo":"https://desk.example/media/logo.svg",` +
		`"republishing_policy":{"markdown":"Community sites may **republish** with a link back.","html":"<p>Community sites may <strong>republish</strong> with a link back.</p>"},` +
		`"disclaimer":{"markdown":"Views are the authors' own.","html":"<p>Views are the authors’ own.</p>"},` +
		`"fair_use_notice":null,"contacts":null,"membership_call":null,"comment_call":null,` +
		`"navigation":{"header":[{"label":"Home","url":"https://desk.example/"},{"label":"Syria","url":"https://desk.example/regions/syria"}],` +
		`"footer":[{"label":"Mastodon","url":"https://social.example/@desk"}]},"updated_at":"` + updated + `"}`
	if diff := cmp.Diff(want, d.Body); diff != "" || !strings.HasSuffix(updated, "Z") {
		t.Errorf("site (-want +got):\n%s", diff)
	}

	// A site never configured has its defaults, and no update time.
	empty := presstest.MustSite(t)
	d = presstest.MustGet(t, empty.URL+"/api/v1/site", http.StatusOK)
	if !strings.Contains(d.Body, `"name":"Pressroom"`) || !strings.Contains(d.Body, `"navigation":{"header":[],"footer":[]},"updated_at":null}`) {
		t.Errorf("default site: %s", d.Body)
	}
	if d := presstest.MustGet(t, empty.URL+"/api/v1/articles", http.StatusOK); d.Body != `{"data":[],"next_cursor":null}` {
		t.Errorf("no articles: %s", d.Body)
	}
}
