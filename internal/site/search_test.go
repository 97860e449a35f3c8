package site_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"golang.org/x/net/html"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

func searchURL(base string, params ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		v.Add(params[i], params[i+1])
	}
	return base + "/search?" + v.Encode()
}

// hits returns the titles of the results on the page, in order.
func hits(d *presstest.Doc) []string {
	var out []string
	for _, n := range d.All(".search-hit .card-title a") {
		out = append(out, presstest.Text(n))
	}
	return out
}

// TestSearchBox: every page has the search form, labelled, sending q to
// /search.
func TestSearchBox(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	for _, p := range []string{"/", "/articles/water-war", "/regions/syria", "/about", "/search"} {
		d := presstest.MustGet(t, s.URL+p, http.StatusOK)
		form := d.One("header form.search-box")
		if presstest.Attr(form, "role") != "search" || presstest.Attr(form, "action") != "/search" ||
			!strings.EqualFold(presstest.Attr(form, "method"), "get") {
			t.Errorf("%s: search form attributes %v", p, form.Attr)
		}
		in := d.One("header form.search-box input[name=q]")
		if label := d.One(`header form.search-box label[for="` + presstest.Attr(in, "id") + `"]`); presstest.Text(label) != "Search" {
			t.Errorf("%s: the search box's label is %q", p, presstest.Text(label))
		}
	}
	// Without a query, the page is the form alone.
	d := presstest.MustGet(t, s.URL+"/search", http.StatusOK)
	if len(d.All(".search-results, .search-notice")) != 0 || presstest.Text(d.One("h1")) != "Search" {
		t.Error("/search without a query shows more than the form")
	}
	d.One(`form.search-form label[for="search-q"]`)
	if presstest.Attr(d.One(`meta[name=robots]`), "content") != "noindex" {
		t.Error("the search page is not noindex")
	}
}

// TestSearchPage: results with snippets that mark the matches, facets with
// counts whose links narrow and widen the results, sort orders, and drafts
// never shown.
func TestSearchPage(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	d := presstest.MustGet(t, searchURL(s.URL, "q", "water"), http.StatusOK)
	if got := presstest.Text(d.One("h1")); got != "Results for “water”" {
		t.Errorf("h1 = %q", got)
	}
	if got := presstest.Attr(d.One("#search-q"), "value"); got != "water" {
		t.Errorf("the form holds %q", got)
	}
	if got := presstest.Text(d.One("#results-heading")); got != "2 results" {
		t.Errorf("results heading %q", got)
	}
	titles := hits(d)
	if len(titles) != 2 || !slices.Contains(titles, "The water war nobody names") || !slices.Contains(titles, "A second piece on water") {
		t.Errorf("hits %q", titles)
	}
	if href := presstest.Attr(d.One(`.search-hit a[href="/articles/water-war"]`), "href"); href == "" {
		t.Error("no link to the article")
	}
	// A match in the body is shown in a snippet, marked.
	marks := presstest.MustGet(t, searchURL(s.URL, "q", "quoted"), http.StatusOK).All(".search-snippet mark")
	if len(marks) != 1 || presstest.Text(marks[0]) != "quoted" {
		t.Errorf("snippets mark %d matches", len(marks))
	}

	// Facets count both results: two in Syria, one by Lee Park.
	facets := map[string]string{}
	links := map[string]string{}
	for _, li := range d.All(".search-facets li") {
		a := li.FirstChild
		for a != nil && a.Data != "a" {
			a = a.NextSibling
		}
		name := presstest.Text(a)
		facets[name] = presstest.Text(li)
		links[name] = presstest.Attr(a, "href")
	}
	for name, want := range map[string]string{"Syria": "Syria 2", "Middle East & North Africa": "Middle East & North Africa 2",
		"Ana Ruiz": "Ana Ruiz 2", "Lee Park": "Lee Park 1", "The Water Ledger": "The Water Ledger 2"} {
		if facets[name] != want {
			t.Errorf("facet %s = %q, want %q", name, facets[name], want)
		}
	}
	// Narrow to Lee Park: one result, the filter shown, removable.
	d = presstest.MustGet(t, s.URL+links["Lee Park"], http.StatusOK)
	if got := hits(d); len(got) != 1 || got[0] != "The water war nobody names" {
		t.Errorf("by Lee Park: %q", got)
	}
	chip := d.One(".search-filters a")
	if presstest.Text(chip) != "Lee Park ×" || presstest.Attr(d.One(".search-facets li.selected a"), "aria-current") != "true" {
		t.Errorf("filter chip %q", presstest.Text(chip))
	}
	// The form keeps the filter when the text changes.
	if presstest.Attr(d.One(`form.search-form input[type=hidden][name=author]`), "value") != "lee-park" {
		t.Error("the form drops the author filter")
	}
	d = presstest.MustGet(t, s.URL+presstest.Attr(chip, "href"), http.StatusOK)
	if got := hits(d); len(got) != 2 {
		t.Errorf("filter removed: %q", got)
	}

	// Newest first.
	var sortLink string
	for _, a := range d.All(".search-sort a") {
		if presstest.Text(a) == "Newest" {
			sortLink = presstest.Attr(a, "href")
		}
	}
	d = presstest.MustGet(t, s.URL+sortLink, http.StatusOK)
	if got := hits(d); len(got) != 2 || got[0] != "A second piece on water" {
		t.Errorf("newest first: %q", got)
	}
	if got := presstest.Text(d.One(".search-sort [aria-current]")); got != "Newest" {
		t.Errorf("current order %q", got)
	}

	// Dates narrow; the form shows them.
	d = presstest.MustGet(t, searchURL(s.URL, "q", "water", "from", "2026-04-01"), http.StatusOK)
	if got := hits(d); len(got) != 1 || got[0] != "A second piece on water" {
		t.Errorf("from April: %q", got)
	}
	if presstest.Attr(d.One("#search-from"), "value") != "2026-04-01" || len(d.All(".search-filters a")) != 1 {
		t.Error("the date filter is not shown")
	}
	// A date the page cannot read is left out, with a word about it.
	d = presstest.MustGet(t, searchURL(s.URL, "q", "water", "to", "31/03/2026"), http.StatusOK)
	if len(hits(d)) != 2 || !strings.Contains(presstest.Text(d.One(".search-notice")), "date could not be read") {
		t.Error("a bad date is not left out with a notice")
	}
	// Terms, by taxonomy:slug; a parent includes its children.
	d = presstest.MustGet(t, searchURL(s.URL, "term", "regions:mena"), http.StatusOK)
	if got := hits(d); len(got) != 2 {
		t.Errorf("Middle East by filter alone: %q", got)
	}

	// Drafts are never found, whatever the words.
	for _, q := range []string{"unfinished", "not yet", `"secret draft"`} {
		if d := presstest.MustGet(t, searchURL(s.URL, "q", q), http.StatusOK); len(hits(d)) != 0 {
			t.Errorf("%s finds %q", q, hits(d))
		}
	}
}

// TestSearchPages: 25 results come in two pages linked both ways; a page
// past the end is a 404, like a listing's.
func TestSearchPages(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	var b press.Bundle
	for i := range 25 {
		b.Articles = append(b.Articles, press.Article{Slug: fmt.Sprintf("lake-%02d", i), Title: fmt.Sprintf("Lake number %d", i),
			Body: md("About a lake."), Status: press.StatusPublished, PublishedAt: day1.Add(time.Duration(i) * time.Hour)})
	}
	if _, err := s.Newsroom.Import(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	d := presstest.MustGet(t, searchURL(s.URL, "q", "lake", "sort", "date"), http.StatusOK)
	if n := len(hits(d)); n != 20 {
		t.Errorf("page 1 has %d hits", n)
	}
	next := presstest.Attr(d.One(".pager a[rel=next]"), "href")
	d = presstest.MustGet(t, s.URL+next, http.StatusOK)
	if got := hits(d); len(got) != 5 || got[4] != "Lake number 0" {
		t.Errorf("page 2: %q", got)
	}
	if presstest.Attr(d.One("ol.search-hits"), "start") != "21" || presstest.Text(d.One(".pager-status")) != "Page 2 of 2" {
		t.Error("page 2 is not numbered from 21")
	}
	if prev := presstest.Attr(d.One(".pager a[rel=prev]"), "href"); !strings.Contains(prev, "q=lake") || strings.Contains(prev, "page=") {
		t.Errorf("prev link %q", prev)
	}
	presstest.MustGet(t, searchURL(s.URL, "q", "lake", "page", "3"), http.StatusNotFound)
	presstest.MustGet(t, searchURL(s.URL, "q", "lake", "page", "x"), http.StatusBadRequest)
}

// TestSearchHostile: no text makes the page fail; it answers 200 with a
// notice when it could not search as asked, and prints the text escaped.
func TestSearchHostile(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	for _, tt := range []struct {
		q      string
		notice string // "" for none
	}{
		{"", ""},
		{"-", "no word to search for"},
		{`"`, "no word to search for"},
		{"OR", "no word to search for"},
		{"the of", "too common"},
		{"-water", "only left words out"},
		{strings.Repeat("water ", 2000), "too long"},
		{`<script>alert(1)</script> water`, ""},
		{`water" OR 1=1; DROP TABLE articles; --`, ""},
		{"\x00\x01water\x7f\u202e", ""},
		{"water\xff", ""},
		{`NEAR(a b) {title}: x* ^y`, ""},
	} {
		d := presstest.MustGet(t, searchURL(s.URL, "q", tt.q), http.StatusOK)
		notices := d.All(".search-notice")
		switch {
		case tt.notice == "" && len(notices) > 0:
			t.Errorf("%.30q: notice %q", tt.q, presstest.Text(notices[0]))
		case tt.notice != "" && (len(notices) != 1 || !strings.Contains(presstest.Text(notices[0]), tt.notice)):
			t.Errorf("%.30q: notices %d, want one saying %q", tt.q, len(notices), tt.notice)
		}
		for _, n := range d.All("script") {
			if n.FirstChild != nil {
				t.Errorf("%.30q: an inline script: %q", tt.q, n.FirstChild.Data)
			}
		}
		if strings.ContainsAny(d.Body, "\x00\x01\x7f") {
			t.Errorf("%.30q: control characters in the page", tt.q)
		}
		h1 := presstest.Text(d.One("h1"))
		if len(h1) > 260 {
			t.Errorf("%.30q: the heading is %d bytes long", tt.q, len(h1))
		}
	}
	d := presstest.MustGet(t, searchURL(s.URL, "q", "<b>water</b>"), http.StatusOK)
	if d.One("h1").FirstChild.Type != html.TextNode || !strings.Contains(d.Body, "&lt;b&gt;water&lt;/b&gt;") {
		t.Error("the query is not printed escaped")
	}
}

// TestSearchHTMLValid runs the W3C checker (see TestHTMLValid) over the
// search page in each of its states.
func TestSearchHTMLValid(t *testing.T) {
	t.Parallel()
	check := presstest.MustHTMLChecker(t)
	s := mustFixtureSite(t)
	for _, u := range []string{
		s.URL + "/search",
		searchURL(s.URL, "q", "water"),
		searchURL(s.URL, "q", "quoted"),
		searchURL(s.URL, "q", "water", "author", "lee-park", "term", "regions:syria", "from", "2026-01-01", "to", "2026-12-31", "sort", "date"),
		searchURL(s.URL, "q", "nothing-matches-this"),
		searchURL(s.URL, "q", "-", "to", "bad"),
		searchURL(s.URL, "q", "<b>\"water\"</b>\x01 & ' OR"),
	} {
		check.Add(u, http.StatusOK)
	}
	check.Check()
}

// TestSearchSuggestionsBrowser: in a real browser, typing in the search
// page's box offers matching titles, which the arrow keys move through and
// Escape closes.
func TestSearchSuggestionsBrowser(t *testing.T) {
	t.Parallel()
	ctx := presstest.MustBrowser(t)
	s := mustFixtureSite(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/search"),
		chromedp.WaitVisible(chromedp.ID("search-q")),
		chromedp.SendKeys(chromedp.ID("search-q"), "wat"),
		chromedp.WaitVisible(chromedp.CSS(`#search-q-suggestions li a`)))
	if err != nil {
		t.Fatalf("typing: %v", err)
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#search-q-suggestions a")].map(a => a.textContent).join("|") +
		" " + document.getElementById("search-q").getAttribute("aria-expanded")`))
	if err != nil || state != "A second piece on water|The water war nobody names true" {
		t.Errorf("suggestions and aria-expanded: %q, %v", state, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	active, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("search-q").getAttribute("aria-activedescendant") + " " +
		document.querySelector("#search-q-suggestions [aria-selected=true]").id`))
	if err != nil || active != "search-q-suggestions-0 search-q-suggestions-0" {
		t.Errorf("after ArrowDown: %q, %v", active, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("search-q-suggestions").hidden`))
	if err != nil || !hidden {
		t.Errorf("after Escape the list is still shown (%v)", err)
	}
}
