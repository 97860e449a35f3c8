package api

import (
	"net/url"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// The JSON the API answers with. These types are the API's contract, kept
// apart from the press types so that a change of the domain never renames
// a field under a client: names are snake_case, times RFC 3339 in UTC, URLs
// absolute, strings "" when empty and optional objects null when absent.
// openapi.json describes every one of them, and a test holds it to that.

// list is the envelope of every list: the items and where the next page
// starts, null on the last (and only) page.
type list[T any] struct {
	Data       []T     `json:"data"`
	NextCursor *string `json:"next_cursor"`
}

// listOf is the one-page list of items, each shown with view.
func listOf[T, V any](items []T, view func(*T) V) list[V] {
	out := list[V]{Data: make([]V, 0, len(items))}
	for i := range items {
		out.Data = append(out.Data, view(&items[i]))
	}
	return out
}

// text is a standing text, bio, description or licence, in both forms.
type text struct {
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
}

// articleItem is an article in a list.
type articleItem struct {
	ID          int64                `json:"id"`
	Slug        string               `json:"slug"`
	URL         string               `json:"url"`
	Title       string               `json:"title"`
	Dek         string               `json:"dek"`
	Excerpt     string               `json:"excerpt"`
	WordCount   int                  `json:"word_count"`
	Language    string               `json:"language"`
	Featured    bool                 `json:"featured"`
	PublishedAt time.Time            `json:"published_at"`
	UpdatedAt   time.Time            `json:"updated_at"`
	Authors     []byline             `json:"authors"`
	Terms       map[string][]termRef `json:"terms"`
	Image       *image               `json:"image"`
	Source      *source              `json:"source"`
	// CommentCount is the number of approved comments.
	CommentCount int `json:"comment_count"`
}

// article is one article in full: the listed fields and the body, rights
// and metadata.
type article struct {
	articleItem
	BodyHTML      string    `json:"body_html"`
	BodyMarkdown  string    `json:"body_markdown"`
	Copyright     copyright `json:"copyright"`
	License       *text     `json:"license"`
	Republishable bool      `json:"republishable"`
	Fields        []field   `json:"fields"`
}

type byline struct {
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	URL   string `json:"url"`
	Photo string `json:"photo"`
}

type termRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type image struct {
	Src    string `json:"src"`
	Alt    string `json:"alt"`
	Credit string `json:"credit"`
}

type source struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type copyright struct {
	Holder string `json:"holder"`
	Year   int    `json:"year"`
}

type field struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type author struct {
	ID          int64  `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	URL         string `json:"url"`
	Photo       string `json:"photo"`
	Bio         *text  `json:"bio"`
	Links       []link `json:"links"`
	ArticlesURL string `json:"articles_url"`
}

type link struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

type taxonomy struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Label    string `json:"label"`
	URL      string `json:"url"`
	TermsURL string `json:"terms_url"`
}

type term struct {
	ID           int64   `json:"id"`
	Taxonomy     string  `json:"taxonomy"`
	Slug         string  `json:"slug"`
	Name         string  `json:"name"`
	URL          string  `json:"url"`
	Parent       *string `json:"parent"`
	Description  *text   `json:"description"`
	ArticleCount int     `json:"article_count"`
	ArticlesURL  string  `json:"articles_url"`
}

type site struct {
	Name               string     `json:"name"`
	Tagline            string     `json:"tagline"`
	URL                string     `json:"url"`
	Language           string     `json:"language"`
	Logo               string     `json:"logo"`
	RepublishingPolicy *text      `json:"republishing_policy"`
	Disclaimer         *text      `json:"disclaimer"`
	FairUseNotice      *text      `json:"fair_use_notice"`
	Contacts           *text      `json:"contacts"`
	MembershipCall     *text      `json:"membership_call"`
	CommentCall        *text      `json:"comment_call"`
	Navigation         navigation `json:"navigation"`
	UpdatedAt          *time.Time `json:"updated_at"`
}

type navigation struct {
	Header []link `json:"header"`
	Footer []link `json:"footer"`
}

// views turns press values into the API's JSON for one site, whose
// BaseURL makes every URL absolute.
type views struct {
	site *press.Site
	base string // BaseURL without a trailing slash
}

func newViews(s *press.Site) views {
	return views{site: s, base: strings.TrimSuffix(s.BaseURL, "/")}
}

// abs makes ref absolute: a path is taken as being on the site, an
// absolute URL is kept, and "" stays "".
func (v views) abs(ref string) string {
	if ref == "" {
		return ""
	}
	if u, err := url.Parse(ref); err == nil && u.IsAbs() {
		return ref
	}
	if strings.HasPrefix(ref, "//") {
		return ref // scheme-relative: someone else's host
	}
	if !strings.HasPrefix(ref, "/") {
		ref = "/" + ref
	}
	return v.base + ref
}

// api returns the absolute URL of an API path and query.
func (v views) api(path string, query url.Values) string {
	u := v.base + "/api/v1" + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	return u
}

func optText(m press.Markdown) *text {
	if m.IsZero() {
		return nil
	}
	return &text{Markdown: m.Source, HTML: m.HTML}
}

func (v views) articleItem(a *press.Article) articleItem {
	it := articleItem{
		ID: a.ID, Slug: a.Slug, URL: v.abs(press.ArticlePath(a.Slug)), Title: a.Title, Dek: a.Dek,
		Excerpt: a.Excerpt, WordCount: a.WordCount, Language: a.Language, Featured: a.Featured,
		PublishedAt: a.PublishedAt, UpdatedAt: a.UpdatedAt,
		Authors: make([]byline, 0, len(a.Authors)),
		Terms:   map[string][]termRef{},
	}
	if it.Language == "" {
		it.Language = v.site.Language
	}
	for _, au := range a.Authors {
		it.Authors = append(it.Authors, byline{Slug: au.Slug, Name: au.Name, URL: v.abs(press.AuthorPath(au.Slug)),
			Photo: v.abs(au.Photo)})
	}
	for _, t := range a.Terms {
		it.Terms[t.Taxonomy] = append(it.Terms[t.Taxonomy],
			termRef{Slug: t.Slug, Name: t.Name, URL: v.abs(press.TermPath(t.Taxonomy, t.Slug))})
	}
	if a.Image.Src != "" {
		it.Image = &image{Src: v.abs(a.Image.Src), Alt: a.Image.Alt, Credit: a.Image.Credit}
	}
	if a.Source.Name != "" || a.Source.URL != "" {
		it.Source = &source{Name: a.Source.Name, URL: a.Source.URL}
	}
	return it
}

// article is a in full. Its copyright is the one that applies, defaults
// filled in; its licence is its own or else, unless it may not be
// republished, the site's republishing policy.
func (v views) article(a *press.Article) article {
	c := a.Attribution(v.site)
	out := article{
		articleItem: v.articleItem(a),
		BodyHTML:    a.Body.HTML, BodyMarkdown: a.Body.Source,
		Copyright:     copyright{Holder: c.Holder, Year: c.Year},
		License:       optText(a.License),
		Republishable: !a.NoRepublish,
		Fields:        make([]field, 0, len(a.Fields)),
	}
	if out.License == nil && !a.NoRepublish {
		out.License = optText(v.site.RepublishingPolicy)
	}
	for _, f := range a.Fields {
		out.Fields = append(out.Fields, field{Key: f.Key, Value: f.Value})
	}
	return out
}

// author is a's public profile: never the email.
func (v views) author(a *press.Author) author {
	out := author{
		ID: a.ID, Slug: a.Slug, Name: a.Name, URL: v.abs(press.AuthorPath(a.Slug)), Photo: v.abs(a.Photo),
		Bio: optText(a.Bio), Links: v.links(a.Links),
		ArticlesURL: v.api("/articles", url.Values{"author": {a.Slug}}),
	}
	return out
}

func (v views) links(in []press.Link) []link {
	out := make([]link, 0, len(in))
	for _, l := range in {
		out = append(out, link{Label: l.Label, URL: v.abs(l.URL)})
	}
	return out
}

func (v views) taxonomy(x *press.Taxonomy) taxonomy {
	return taxonomy{Slug: x.Slug, Name: x.Name, Label: x.Label, URL: v.abs(press.TaxonomyPath(x.Slug)),
		TermsURL: v.api("/taxonomies/"+url.PathEscape(x.Slug)+"/terms", nil)}
}

func (v views) term(t *press.Term) term {
	out := term{
		ID: t.ID, Taxonomy: t.Taxonomy, Slug: t.Slug, Name: t.Name, URL: v.abs(press.TermPath(t.Taxonomy, t.Slug)),
		Description: optText(t.Description), ArticleCount: t.Count,
		ArticlesURL: v.api("/articles", url.Values{"term": {t.Taxonomy + ":" + t.Slug}}),
	}
	if t.Parent != "" {
		out.Parent = &t.Parent
	}
	return out
}

// siteSettings are the site's public settings; Site holds nothing else.
func (v views) siteSettings() site {
	s := v.site
	out := site{
		Name: s.Name, Tagline: s.Tagline, URL: v.base, Language: s.Language, Logo: v.abs(s.Logo),
		RepublishingPolicy: optText(s.RepublishingPolicy), Disclaimer: optText(s.Disclaimer),
		FairUseNotice: optText(s.FairUseNotice), Contacts: optText(s.Contacts),
		MembershipCall: optText(s.MembershipCall), CommentCall: optText(s.CommentCall),
		Navigation: navigation{Header: v.links(s.Navigation.Header), Footer: v.links(s.Navigation.Footer)},
	}
	if !s.UpdatedAt.IsZero() {
		out.UpdatedAt = &s.UpdatedAt
	}
	return out
}
