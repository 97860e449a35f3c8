package feed

import (
	"html"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// RepublishText holds the sentences of a republishing snippet in the
// site's language, with {0} where the catalog puts the value.
type RepublishText struct {
	Text
	By                  string // "By {0}" ({0}: the authors' names)
	And                 string // the last conjunction in a list of names: "and"
	OriginallyPublished string // "This article was originally published by {0}." ({0}: the linked site)
	CanonicalHint       string // an HTML comment telling the republisher to add the canonical link
}

// Republish returns the HTML a community site pastes to republish a under
// the site's policy: headline, dek, byline, the body with absolute URLs,
// then the same attribution a feed carries (original source, copyright)
// and a link back to the article here. It is the feed's item content with
// the headline and credit a page of its own needs.
func Republish(site *press.Site, a *press.Article, t RepublishText) string {
	fd := &Feed{Site: site, Text: t.Text}
	link := fd.abs(press.ArticlePath(a.Slug))
	var b strings.Builder
	if t.CanonicalHint != "" {
		// Search engines should credit the original: ask for the
		// canonical link where it belongs, in the republisher's <head>.
		b.WriteString("<!-- " + strings.ReplaceAll(t.CanonicalHint, "--", "—") + ` <link rel="canonical" href="` + html.EscapeString(link) + `"> -->` + "\n")
	}
	b.WriteString("<article>\n<h1>" + html.EscapeString(a.Title) + "</h1>\n")
	if a.Dek != "" {
		b.WriteString("<p><em>" + html.EscapeString(a.Dek) + "</em></p>\n")
	}
	if len(a.Authors) > 0 {
		names := make([]string, len(a.Authors))
		for i, au := range a.Authors {
			names[i] = au.Name
		}
		b.WriteString("<p>" + html.EscapeString(fill(t.By, press.JoinNames(names, t.And))) + "</p>\n")
	}
	b.WriteString(fd.content(a))
	site1 := `<a href="` + html.EscapeString(link) + `">` + html.EscapeString(site.Name) + `</a>`
	parts := strings.Split(t.OriginallyPublished, "{0}")
	b.WriteString("<p>")
	for i, p := range parts {
		if i > 0 {
			b.WriteString(site1)
		}
		b.WriteString(html.EscapeString(p))
	}
	b.WriteString("</p>\n</article>\n")
	return b.String()
}
