package theme

// Meta is what a page tells machines about itself in its <head>: social
// cards (OpenGraph, Twitter), the citation_* tags that reference managers
// and scholarly indexes read, links such as the licence and oEmbed
// discovery, and schema.org structured data as JSON-LD. The site fills it;
// the zero value prints nothing.
type Meta struct {
	Properties []MetaTag // <meta property=…>: OpenGraph, in order
	Names      []MetaTag // <meta name=…>: twitter:*, citation_*, in order
	Links      []LinkTag // such as the licence
	// OEmbed is the page's oEmbed endpoint URL, for discovery. Its link's
	// type is written literally: some consumers match the raw attribute,
	// where html/template would escape the "+" of a dynamic value.
	OEmbed string
	// JSONLD is printed in <script type="application/ld+json">, which is
	// data, not script: browsers do not run it and the Content Security
	// Policy does not apply to it. html/template writes it with
	// encoding/json, escaping <, > and & so the data cannot end the element.
	JSONLD *JSONLD
}

// MetaTag is one <meta> element: Key is its property or name.
type MetaTag struct {
	Key, Content string
}

// LinkTag is one <link> element.
type LinkTag struct {
	Rel, Href string
}

// JSONLD is a schema.org graph: every node a page describes, under one
// context. Nodes are values of the LD types below.
type JSONLD struct {
	Context string `json:"@context"`
	Graph   []any  `json:"@graph"`
}

// The LD types are schema.org nodes with the properties Pressroom emits;
// Type is the schema.org type (a subtype where one fits, e.g.
// NewsArticle) and empty fields are left out. A test checks every type and
// property against the schema.org vocabulary.

// LDArticle is an article (type NewsArticle).
type LDArticle struct {
	Type             string           `json:"@type"`
	ID               string           `json:"@id,omitempty"`
	URL              string           `json:"url"`
	MainEntityOfPage string           `json:"mainEntityOfPage,omitempty"`
	Headline         string           `json:"headline"`
	Description      string           `json:"description,omitempty"`
	Image            *LDImage         `json:"image,omitempty"`
	DatePublished    string           `json:"datePublished,omitempty"`
	DateModified     string           `json:"dateModified,omitempty"`
	Author           []LDPerson       `json:"author,omitempty"`
	Translator       *LDPerson        `json:"translator,omitempty"`
	Publisher        *LDOrganization  `json:"publisher,omitempty"`
	IsPartOf         []LDCreativeWork `json:"isPartOf,omitempty"`
	IsBasedOn        *LDCreativeWork  `json:"isBasedOn,omitempty"`
	ArticleSection   string           `json:"articleSection,omitempty"`
	Keywords         []string         `json:"keywords,omitempty"`
	WordCount        int              `json:"wordCount,omitempty"`
	InLanguage       string           `json:"inLanguage,omitempty"`
	CopyrightHolder  []any            `json:"copyrightHolder,omitempty"` // LDPerson and LDOrganization values
	CopyrightYear    int              `json:"copyrightYear,omitempty"`
	License          string           `json:"license,omitempty"`
}

// LDPerson is a person (type Person): an author or translator.
type LDPerson struct {
	Type        string          `json:"@type"`
	ID          string          `json:"@id,omitempty"`
	Name        string          `json:"name"`
	URL         string          `json:"url,omitempty"`
	Description string          `json:"description,omitempty"`
	Image       string          `json:"image,omitempty"`
	SameAs      []string        `json:"sameAs,omitempty"`
	WorksFor    *LDOrganization `json:"worksFor,omitempty"`
}

// LDOrganization is an organisation: the outlet (NewsMediaOrganization) or
// another rights holder (Organization).
type LDOrganization struct {
	Type string   `json:"@type"`
	ID   string   `json:"@id,omitempty"`
	Name string   `json:"name"`
	URL  string   `json:"url,omitempty"`
	Logo *LDImage `json:"logo,omitempty"`
}

// LDImage is an image (type ImageObject).
type LDImage struct {
	Type        string `json:"@type"`
	URL         string `json:"url"`
	Description string `json:"description,omitempty"` // the alternative text
	CreditText  string `json:"creditText,omitempty"`
}

// LDCreativeWork is another work an article relates to: the report series
// it is part of (CreativeWorkSeries) or the original it is based on
// (CreativeWork).
type LDCreativeWork struct {
	Type      string          `json:"@type"`
	Name      string          `json:"name,omitempty"`
	URL       string          `json:"url,omitempty"`
	Publisher *LDOrganization `json:"publisher,omitempty"`
}

// LDBreadcrumbList is the path from the home page to a page.
type LDBreadcrumbList struct {
	Type            string       `json:"@type"`
	ItemListElement []LDListItem `json:"itemListElement"`
}

// LDListItem is one step of a breadcrumb trail, numbered from 1.
type LDListItem struct {
	Type     string    `json:"@type"`
	Position int       `json:"position"`
	Name     string    `json:"name"`
	Item     LDWebPage `json:"item"`
}

// LDWebPage is a page named by its URL (type WebPage). A breadcrumb's item
// must be a Thing in schema.org's terms; a bare URL string would be text.
type LDWebPage struct {
	Type string `json:"@type"`
	ID   string `json:"@id"`
}
