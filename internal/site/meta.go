package site

import (
	"net/url"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/cite"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
)

// seriesTaxonomy is the taxonomy of in-depth reports: an article in one of
// its terms is part of that series (schema.org isPartOf), and its
// breadcrumb trail goes through the series rather than its region.
const seriesTaxonomy = "reports"

// licenseFragment points into an article page at its republishing
// section. An article's licence is Markdown prose (its own terms, or the
// site's republishing policy), not a licence with a URL of its own such
// as a Creative Commons deed, so rel="license" and the JSON-LD licence
// name the place where the article states its terms: its own page, at the
// heading of that section.
const licenseFragment = "#republishing-heading"

// abs makes ref (a path such as /media/x.jpg, or already a URL) absolute
// under the site's base URL: a path is appended to it, as the layout's
// canonical link is, and anything else resolved against it. "" and
// unparseable references give "".
func (c *chrome) abs(ref string) string {
	switch {
	case ref == "":
		return ""
	case strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "//"):
		return strings.TrimSuffix(c.site.BaseURL, "/") + ref
	}
	base, err := url.Parse(c.site.BaseURL + "/")
	if err != nil {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	return base.ResolveReference(u).String()
}

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// pageMeta is the metadata of every page: a card for sharing it.
func (c *chrome) pageMeta(ogType, title, description, canonical string) theme.Meta {
	if title == "" {
		title = c.site.Name
	}
	m := theme.Meta{Properties: []theme.MetaTag{
		{Key: "og:type", Content: ogType},
		{Key: "og:site_name", Content: c.site.Name},
		{Key: "og:title", Content: title},
	}}
	if description != "" {
		m.Properties = append(m.Properties, theme.MetaTag{Key: "og:description", Content: description})
	}
	if canonical != "" {
		m.Properties = append(m.Properties, theme.MetaTag{Key: "og:url", Content: canonical})
	}
	m.Names = []theme.MetaTag{{Key: "twitter:card", Content: "summary"}}
	return m
}

// withImage adds a page's image to its card, which then shows it large.
func withImage(m *theme.Meta, src, alt string) {
	if src == "" {
		return
	}
	m.Properties = append(m.Properties, theme.MetaTag{Key: "og:image", Content: src})
	if alt != "" {
		m.Properties = append(m.Properties, theme.MetaTag{Key: "og:image:alt", Content: alt})
	}
	for i := range m.Names {
		if m.Names[i].Key == "twitter:card" {
			m.Names[i].Content = "summary_large_image"
		}
	}
}

func graph(nodes ...any) *theme.JSONLD {
	return &theme.JSONLD{Context: "https://schema.org", Graph: nodes}
}

// publisher is the outlet as a schema.org node; with logo false it is the
// short form used where the full one was given already.
func (c *chrome) publisher(logo bool) *theme.LDOrganization {
	o := &theme.LDOrganization{Type: "NewsMediaOrganization", ID: c.abs("/") + "#organization", Name: c.site.Name, URL: c.abs("/")}
	if src := c.abs(c.site.Logo); logo && src != "" {
		o.Logo = &theme.LDImage{Type: "ImageObject", URL: src}
	}
	return o
}

func (c *chrome) person(au *press.Author) theme.LDPerson {
	u := c.abs(press.AuthorPath(au.Slug))
	return theme.LDPerson{Type: "Person", ID: u + "#person", Name: au.Name, URL: u}
}

// breadcrumbs numbers a trail of name and URL pairs from the home page.
func breadcrumbs(steps ...[2]string) theme.LDBreadcrumbList {
	l := theme.LDBreadcrumbList{Type: "BreadcrumbList"}
	for i, s := range steps {
		l.ItemListElement = append(l.ItemListElement, theme.LDListItem{Type: "ListItem", Position: i + 1, Name: s[0],
			Item: theme.LDWebPage{Type: "WebPage", ID: s[1]}})
	}
	return l
}

// articleURL is the address of the article on this site.
func (c *chrome) articleURL(a *press.Article) string { return c.abs(press.ArticlePath(a.Slug)) }

// articleCanonical is the article's canonical address: its own, or, when
// the site says so, its original publication's for a cross-posted piece.
func (c *chrome) articleCanonical(a *press.Article) string {
	if c.site.CanonicalToSource && a.Source.URL != "" {
		return a.Source.URL
	}
	return c.articleURL(a)
}

// articleMeta describes an article page whose layout, groups, copyright
// and licence are filled.
func (c *chrome) articleMeta(p *theme.ArticlePage) theme.Meta {
	a := p.Article
	own := c.articleURL(a)
	lang := a.Language
	if lang == "" {
		lang = c.site.Language
	}
	published := a.PublishedAt
	modified := a.UpdatedAt
	if modified.Before(published) {
		modified = published // an article dated after its last edit
	}
	var terms []press.Term
	for _, g := range p.Groups {
		terms = append(terms, g.Terms...)
	}
	image := c.abs(a.Image.Src)

	// OpenGraph and Twitter. The card's address is the canonical one, as
	// OpenGraph asks; an article's section is its first term, the rest
	// are its tags.
	m := c.pageMeta("article", a.Title, p.Description, p.Canonical)
	withImage(&m, image, a.Image.Alt)
	og := []theme.MetaTag{
		{Key: "article:published_time", Content: isoTime(published)},
		{Key: "article:modified_time", Content: isoTime(modified)},
	}
	for _, au := range a.Authors {
		og = append(og, theme.MetaTag{Key: "article:author", Content: c.abs(press.AuthorPath(au.Slug))})
	}
	for i, t := range terms {
		key := "article:tag"
		if i == 0 {
			key = "article:section"
		}
		og = append(og, theme.MetaTag{Key: key, Content: t.Name})
	}
	m.Properties = append(m.Properties, og...)

	// The tags Google Scholar, Zotero and other reference managers read
	// (Highwire Press names). They cite the page the reader is on.
	day := published.UTC().Format("2006/01/02")
	m.Names = append(m.Names, theme.MetaTag{Key: "citation_title", Content: a.Title})
	for _, au := range a.Authors {
		m.Names = append(m.Names, theme.MetaTag{Key: "citation_author", Content: cite.SplitName(au.Name).Inverted()})
	}
	m.Names = append(m.Names,
		theme.MetaTag{Key: "citation_publication_date", Content: day},
		theme.MetaTag{Key: "citation_online_date", Content: day},
		theme.MetaTag{Key: "citation_publisher", Content: c.site.Name},
		theme.MetaTag{Key: "citation_journal_title", Content: c.site.Name},
		theme.MetaTag{Key: "citation_public_url", Content: own},
		theme.MetaTag{Key: "citation_fulltext_html_url", Content: own},
		theme.MetaTag{Key: "citation_language", Content: lang},
	)

	license := ""
	if !p.License.IsZero() {
		license = own + licenseFragment
		m.Links = append(m.Links, theme.LinkTag{Rel: "license", Href: license})
	}
	m.OEmbed = c.abs("/oembed") + "?url=" + url.QueryEscape(own) + "&format=json"

	// JSON-LD: the article and its breadcrumb trail.
	ld := theme.LDArticle{
		Type: "NewsArticle", ID: own + "#article", URL: own, MainEntityOfPage: own,
		Headline: a.Title, Description: p.Description,
		DatePublished: isoTime(published), DateModified: isoTime(modified),
		Publisher: c.publisher(true), WordCount: a.WordCount, InLanguage: lang,
		CopyrightYear: p.Copyright.Year, License: license,
	}
	if image != "" {
		ld.Image = &theme.LDImage{Type: "ImageObject", URL: image, Description: a.Image.Alt, CreditText: a.Image.Credit}
	}
	for i := range a.Authors {
		ld.Author = append(ld.Author, c.person(&a.Authors[i]))
	}
	if name := a.Field("translator"); name != "" {
		ld.Translator = &theme.LDPerson{Type: "Person", Name: name}
	}
	for _, t := range a.TermsOf(seriesTaxonomy) {
		ld.IsPartOf = append(ld.IsPartOf, theme.LDCreativeWork{Type: "CreativeWorkSeries", Name: t.Name, URL: c.abs(press.TermPath(t.Taxonomy, t.Slug))})
	}
	if a.Source.URL != "" || a.Source.Name != "" {
		ld.IsBasedOn = &theme.LDCreativeWork{Type: "CreativeWork", URL: a.Source.URL}
		if a.Source.Name != "" {
			ld.IsBasedOn.Publisher = &theme.LDOrganization{Type: "Organization", Name: a.Source.Name}
		}
	}
	for i, t := range terms {
		if i == 0 {
			ld.ArticleSection = t.Name
		}
		ld.Keywords = append(ld.Keywords, t.Name)
	}
	ld.CopyrightHolder = c.copyrightHolders(a, ld.Author, p.Copyright.Holder)

	// Home › the first report the article is part of, else its first term
	// (in the site's taxonomy order, so a region by default) › the article.
	trail := [][2]string{{p.T.M("home"), c.abs("/")}}
	if reports := a.TermsOf(seriesTaxonomy); len(reports) > 0 {
		trail = append(trail, [2]string{reports[0].Name, c.abs(press.TermPath(reports[0].Taxonomy, reports[0].Slug))})
	} else if len(terms) > 0 {
		trail = append(trail, [2]string{terms[0].Name, c.abs(press.TermPath(terms[0].Taxonomy, terms[0].Slug))})
	}
	trail = append(trail, [2]string{a.Title, own})
	m.JSONLD = graph(ld, breadcrumbs(trail...))
	return m
}

// copyrightHolders names who holds the rights as schema.org nodes. The
// default holder (press.Article.Attribution) is the authors and the site,
// which are named one by one; a holder set on the article is the site or
// an author when it has one of their names, and otherwise an organisation,
// the usual case being the partner a piece was cross-posted from.
func (c *chrome) copyrightHolders(a *press.Article, authors []theme.LDPerson, holder string) []any {
	site := c.publisher(false)
	if a.Copyright.Holder == "" {
		out := make([]any, 0, len(authors)+1)
		for _, p := range authors {
			out = append(out, p)
		}
		return append(out, site)
	}
	if holder == c.site.Name {
		return []any{site}
	}
	for _, p := range authors {
		if p.Name == holder {
			return []any{p}
		}
	}
	return []any{theme.LDOrganization{Type: "Organization", Name: holder}}
}

// authorMeta describes an author's page: a profile card and the author as
// a schema.org Person working for the outlet.
func (c *chrome) authorMeta(l *theme.Layout, au *press.Author) theme.Meta {
	m := c.pageMeta("profile", au.Name, l.Description, l.Canonical)
	// A portrait: the card stays a summary, its image a small square.
	photo := c.abs(au.Photo)
	if photo != "" {
		m.Properties = append(m.Properties, theme.MetaTag{Key: "og:image", Content: photo})
	}
	p := c.person(au)
	p.Description, p.Image, p.WorksFor = l.Description, photo, c.publisher(false)
	for _, link := range au.Links {
		p.SameAs = append(p.SameAs, link.URL) // absolute: the store validates them
	}
	m.JSONLD = graph(p)
	return m
}

// termMeta describes a term's listing: Home › taxonomy › parent term, if
// any › term, as the page's visible breadcrumbs go.
func (c *chrome) termMeta(p *theme.TermPage) theme.Meta {
	m := c.pageMeta("website", p.Term.Name, p.Description, p.Canonical)
	trail := [][2]string{{p.T.M("home"), c.abs("/")}, {p.Taxonomy.Name, c.abs(press.TaxonomyPath(p.Taxonomy.Slug))}}
	if p.Parent != nil {
		trail = append(trail, [2]string{p.Parent.Name, c.abs(press.TermPath(p.Parent.Taxonomy, p.Parent.Slug))})
	}
	trail = append(trail, [2]string{p.Term.Name, c.abs(press.TermPath(p.Term.Taxonomy, p.Term.Slug))})
	m.JSONLD = graph(breadcrumbs(trail...))
	return m
}
