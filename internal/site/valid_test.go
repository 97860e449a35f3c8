package site_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestHTMLValid runs the W3C's Nu Html Checker (vnu.jar, from npm's
// vnu-jar) over every kind of page. PRESSROOM_VNU_JAR names the jar;
// without it the test skips, except under CI=true, where .ci/run installs it.
func TestHTMLValid(t *testing.T) {
	t.Parallel()
	check := presstest.MustHTMLChecker(t)
	save := check.Add
	s := mustFixtureSite(t)
	for _, p := range []string{"/", "/articles/water-war", "/authors/ana-ruiz", "/authors", "/regions", "/regions/syria",
		"/archive", "/archive/2026/03", "/about"} {
		save(s.URL+p, http.StatusOK)
	}
	save(s.URL+"/nope", http.StatusNotFound)
	// Every demo article and page: real Markdown with tables, footnotes,
	// quotes and lists, through the whole pipeline.
	demo := presstest.MustDemoSite(t)
	list, err := demo.DB.Articles(context.Background(), press.ArticleFilter{Status: press.StatusPublished, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list.Articles {
		save(demo.URL+press.ArticlePath(a.Slug), http.StatusOK)
	}
	pages, err := demo.DB.Pages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		save(demo.URL+press.PagePath(p.Slug), http.StatusOK)
	}
	save(demo.URL+"/", http.StatusOK)
	if check.Len() < 60 {
		t.Fatalf("only %d pages to check; the demo should give more than 60", check.Len())
	}
	check.Check()
}
