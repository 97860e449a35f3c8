package site_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestCiteBox checks the "Cite this" section of an article page: where it
// sits, the references it shows and the files it offers.
func TestCiteBox(t *testing.T) {
	t.Parallel()
	s := mustMetaSite(t)
	d := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)
	box := d.One("section.cite-box[aria-labelledby=cite-heading]")
	if got := presstest.Text(d.One(".cite-box h2#cite-heading")); got != "Cite this article" {
		t.Errorf("heading = %q", got)
	}
	if !presstest.Before(d.One(".attribution"), box) || !presstest.Before(box, d.One(".standing-republishing")) {
		t.Error("the cite box is not between the attribution and the standing texts")
	}
	var summaries []string
	for _, n := range d.All(".cite-box details > summary") {
		summaries = append(summaries, presstest.Text(n))
	}
	if got := strings.Join(summaries, "|"); got != "APA (7th edition)|MLA (9th edition)|Chicago (18th edition, bibliography)|BibTeX|RIS (EndNote, Zotero, Mendeley)" {
		t.Errorf("styles offered: %s", got)
	}
	for sel, want := range map[string]string{
		".cite-apa":     "Ruiz, A., & Park, L. (2026, March 4). The water war nobody names. The Test Desk. https://desk.example/articles/water-war (Original work published by Basin Monitor)",
		".cite-mla":     "Ruiz, Ana, and Lee Park. “The water war nobody names.” The Test Desk, 4 Mar. 2026, desk.example/articles/water-war. Originally published in Basin Monitor.",
		".cite-chicago": "Ruiz, Ana, and Lee Park. “The water war nobody names.” The Test Desk, March 4, 2026. https://desk.example/articles/water-war. Originally published in Basin Monitor.",
	} {
		if got := presstest.Text(d.One(".cite-box " + sel)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", sel, got, want)
		}
	}
	// Titles in italics, as each style sets them.
	if got := presstest.Text(d.One(".cite-apa i")); got != "The water war nobody names" {
		t.Errorf("APA italics: %q", got)
	}
	if n := len(d.All(".cite-mla i")); n != 2 {
		t.Errorf("MLA has %d italic runs, want the site and the original publication", n)
	}
	// The BibTeX and RIS shown are the files offered for download.
	for _, f := range []struct{ sel, link string }{{".cite-bibtex", "cite.bib"}, {".cite-ris", "cite.ris"}} {
		a := d.One(`.cite-downloads a[download][href="/articles/water-war/` + f.link + `"]`)
		file := presstest.MustGet(t, s.URL+presstest.Attr(a, "href"), http.StatusOK)
		shown := presstest.Text(d.One(".cite-box pre" + f.sel))
		if want := strings.Join(strings.Fields(file.Body), " "); shown != want {
			t.Errorf("%s shows\n%s\nbut the file is\n%s", f.sel, shown, want)
		}
	}
	if !strings.HasPrefix(presstest.Text(d.One(".cite-bibtex")), "@article{ruiz2026water, author = {Ruiz, Ana and Park, Lee},") {
		t.Errorf("BibTeX = %s", presstest.Text(d.One(".cite-bibtex")))
	}
}

// TestCiteFiles serves the .bib and .ris files of published articles only.
func TestCiteFiles(t *testing.T) {
	t.Parallel()
	s := mustMetaSite(t)
	for _, tt := range []struct{ file, contentType, disposition, start string }{
		{"cite.bib", "application/x-bibtex; charset=utf-8", `attachment; filename=water-war.bib`, "@article{ruiz2026water,\n  author = {Ruiz, Ana and Park, Lee},\n"},
		{"cite.ris", "application/x-research-info-systems; charset=utf-8", `attachment; filename=water-war.ris`, "TY  - NEWS\r\nAU  - Ruiz, Ana\r\nAU  - Park, Lee\r\nTI  - The water war nobody names\r\n"},
	} {
		d := presstest.MustGet(t, s.URL+"/articles/water-war/"+tt.file, http.StatusOK)
		h := d.Resp.Header
		if h.Get("Content-Type") != tt.contentType || h.Get("Content-Disposition") != tt.disposition {
			t.Errorf("%s: Content-Type %q, Content-Disposition %q", tt.file, h.Get("Content-Type"), h.Get("Content-Disposition"))
		}
		if !strings.HasPrefix(d.Body, tt.start) {
			t.Errorf("%s starts\n%q\nwant\n%q", tt.file, d.Body[:min(len(d.Body), len(tt.start))], tt.start)
		}
		req := presstest.NewRequest(t, "GET", s.URL+"/articles/water-war/"+tt.file)
		req.Header.Set("If-None-Match", h.Get("ETag"))
		presstest.MustDo(t, req, http.StatusNotModified)
	}
	// A title with markup and quotes is escaped for each format.
	bib := presstest.MustGet(t, s.URL+"/articles/region-only/cite.bib", http.StatusOK)
	if !strings.Contains(bib.Body, `title = {{Dams \& "dykes" <b>not bold</b>?}},`) {
		t.Errorf("BibTeX of a title with special characters:\n%s", bib.Body)
	}
	for _, path := range []string{"/articles/water-war/cite.txt", "/articles/water-war/feed.xml", "/articles/secret-draft/cite.bib",
		"/articles/nope/cite.ris"} {
		presstest.MustGet(t, s.URL+path, http.StatusNotFound)
	}
}
