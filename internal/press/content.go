package press

import (
	"strconv"
	"strings"
	"time"
)

// Markdown is text an editor writes in Markdown together with the HTML it
// renders to. The HTML is produced at write time by the markdown package,
// already sanitised, so readers never pay for rendering and every theme
// may print it as is.
type Markdown struct {
	Source string
	HTML   string
}

// IsZero reports whether the text is empty.
func (m Markdown) IsZero() bool { return strings.TrimSpace(m.Source) == "" }

// Status is an article's or page's place in the editorial workflow.
type Status string

// The statuses a piece of content can have. Only published content is
// ever shown to readers. Pages use only draft and published; articles go
// through the whole editorial workflow: a contributor's draft is submitted
// for review (pending), an editor publishes it at once or schedules it
// (published at PublishedAt by the scheduler), and it may later be taken
// down (unpublished) or moved to the trash, from which it can be restored
// as a draft for TrashDays days.
const (
	StatusDraft       Status = "draft"
	StatusPending     Status = "pending"
	StatusScheduled   Status = "scheduled"
	StatusPublished   Status = "published"
	StatusUnpublished Status = "unpublished"
	StatusTrash       Status = "trash"
)

// Statuses lists every article status in workflow order.
var Statuses = []Status{StatusDraft, StatusPending, StatusScheduled, StatusPublished, StatusUnpublished, StatusTrash}

// TrashDays is how long a trashed article can be restored before it is
// deleted for good.
const TrashDays = 30

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Live reports whether content with this status is shown to readers.
func (s Status) Live() bool { return s == StatusPublished }

// Link is a labelled URL: an author's site or social profile, a menu item.
type Link struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// Field is one item of free key/value metadata on an article (translator,
// document id, …). Fields keep their order.
type Field struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Site holds the outlet's settings and standing texts. There is one site
// per database.
type Site struct {
	Name     string
	Tagline  string
	BaseURL  string // absolute, without trailing slash, e.g. https://example.org
	Language string // BCP 47 tag, e.g. "en"
	Logo     string // URL or path of the logo image

	// Standing texts, each shown on article pages only when set.
	RepublishingPolicy Markdown
	Disclaimer         Markdown
	FairUseNotice      Markdown
	Contacts           Markdown
	MembershipCall     Markdown
	CommentCall        Markdown

	Navigation Navigation

	// CanonicalToSource makes a cross-posted article's canonical link
	// point at its original publication instead of at this site, as the
	// original publisher may require.
	CanonicalToSource bool

	// Comments are the rules for readers' comments.
	Comments CommentPolicy

	UpdatedAt time.Time
}

// Navigation is the site's header and footer menus.
type Navigation struct {
	Header []Link `json:"header"`
	Footer []Link `json:"footer"`
}

// DefaultSite is the site a new database starts with.
func DefaultSite() Site {
	return Site{Name: "Pressroom", Language: "en", BaseURL: "http://127.0.0.1:8080", Comments: DefaultCommentPolicy()}
}

// Taxonomy is a way of classifying articles, such as Regions or Themes.
// Name is the plural heading ("Regions"), Label the singular shown beside
// a term on an article ("Region").
type Taxonomy struct {
	ID       int64
	Slug     string
	Name     string
	Label    string
	Position int
}

// DefaultTaxonomies are the three taxonomies a new site has.
func DefaultTaxonomies() []Taxonomy {
	return []Taxonomy{
		{Slug: "regions", Name: "Regions", Label: "Region", Position: 1},
		{Slug: "themes", Name: "Themes", Label: "Theme", Position: 2},
		{Slug: "reports", Name: "In-depth Reports", Label: "In-depth Report", Position: 3},
	}
}

// Term is one entry of a taxonomy, e.g. the region "Syria". Terms may nest
// (a country under its region); Parent is the parent's slug in the same
// taxonomy, or "".
type Term struct {
	ID          int64
	Taxonomy    string // taxonomy slug
	Slug        string
	Name        string
	Description Markdown
	Parent      string
	Count       int // published articles, filled by listing queries only
}

// Author is a person who writes for the outlet. Email is for the newsroom
// and never shown publicly.
type Author struct {
	ID        int64
	Slug      string
	Name      string
	Bio       Markdown
	Photo     string
	Links     []Link
	Email     string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Page is a standalone page such as About or Contact, served at /{slug}.
type Page struct {
	ID        int64
	Slug      string
	Parent    string // slug of the parent page, for menus and order; "" at the top
	Position  int    // order among its siblings
	Title     string
	Body      Markdown
	Status    Status
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int
}

// Image is a featured image.
type Image struct {
	Src    string
	Alt    string
	Credit string
}

// Source is the original publication of a cross-posted article.
type Source struct {
	Name string
	URL  string
}

// Copyright names who holds the rights to an article and since when.
type Copyright struct {
	Holder string
	Year   int
}

// Article is a piece of journalism.
type Article struct {
	ID       int64
	Slug     string
	Title    string
	Dek      string // the subtitle, plain text
	Body     Markdown
	Status   Status
	Featured bool
	Language string // "" means the site's language

	// PublishedAt is when the article was (or is dated as) published;
	// zero for drafts never published.
	PublishedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Authors   []Author // in byline order
	Terms     []Term   // of any taxonomy
	Image     Image
	Source    Source
	Copyright Copyright // zero fields mean the defaults, see Attribution
	License   Markdown  // zero means the site's republishing policy
	Fields    []Field

	// Comments overrides the site's comment mode for this article; ""
	// follows the site.
	Comments CommentMode

	// NoRepublish withholds the "Republish this article" offer, for
	// pieces the outlet may show but not pass on (a partner's copyright,
	// licensed photographs).
	NoRepublish bool

	// Derived at write time from the body.
	Excerpt   string
	WordCount int

	// Version increases with every update; an update naming a stale
	// version fails with ErrConflict.
	Version int

	// OwnerID is the staff user who created the article (0 for imported
	// ones); with the byline it decides whose own article it is.
	OwnerID int64
	// TrashedAt is when the article went to the trash; zero otherwise.
	TrashedAt time.Time
}

// TermsOf returns the article's terms in taxonomy tax, in stored order.
func (a *Article) TermsOf(tax string) []Term {
	var out []Term
	for _, t := range a.Terms {
		if t.Taxonomy == tax {
			out = append(out, t)
		}
	}
	return out
}

// Field returns the value of the metadata field key, or "".
func (a *Article) Field(key string) string {
	for _, f := range a.Fields {
		if f.Key == key {
			return f.Value
		}
	}
	return ""
}

// Attribution returns the copyright that applies to a: the one set on the
// article, with any missing part defaulted. The default holder is the
// authors and the site ("Ana Ruiz, Lee Park and The Outlet"); the default
// year is the year of publication (or of creation for an unpublished draft).
func (a *Article) Attribution(site *Site) Copyright {
	c := a.Copyright
	if c.Holder == "" {
		names := make([]string, 0, len(a.Authors)+1)
		for _, au := range a.Authors {
			names = append(names, au.Name)
		}
		if site != nil && site.Name != "" {
			names = append(names, site.Name)
		}
		c.Holder = JoinNames(names, "and")
	}
	if c.Year == 0 {
		t := a.PublishedAt
		if t.IsZero() {
			t = a.CreatedAt
		}
		c.Year = t.Year()
	}
	return c
}

// JoinNames joins names as a list in prose: "A", "A and B", "A, B and C",
// with conj as the final conjunction (translated by the caller).
func JoinNames(names []string, conj string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

// ArticleFilter selects articles for a listing. Zero fields do not filter.
type ArticleFilter struct {
	Status   Status
	Author   string // author slug
	Taxonomy string // with Term: articles in that term or any term below it
	Term     string
	Featured bool      // only featured articles
	From     time.Time // PublishedAt >= From
	Until    time.Time // PublishedAt < Until
	Exclude  int64     // an article ID to leave out
	Limit    int       // 0 means DefaultPageSize
	Offset   int
}

// DefaultPageSize is how many articles a listing shows per page.
const DefaultPageSize = 20

// ArticleList is one page of a listing and the total it was cut from.
// Listed articles carry authors, terms and excerpt but no body.
type ArticleList struct {
	Articles []Article
	Total    int
}

// Month is a calendar month with the number of articles published in it.
type Month struct {
	Year  int
	Month time.Month
	Count int
}

// Key returns the month as yyyy/mm, its path under /archive/.
func (m Month) Key() string {
	return strconv.Itoa(m.Year) + "/" + twoDigits(int(m.Month))
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Bundle is a set of content written in one go, as by an import: either all
// of it is stored or none. Articles refer to authors by slug and to terms by
// taxonomy and slug; references to authors or terms that neither the bundle
// nor the store has are created from the reference (slug and name), and
// references to existing ones leave them untouched.
type Bundle struct {
	Site       *Site // nil leaves the site settings alone
	Taxonomies []Taxonomy
	Terms      []Term
	Authors    []Author
	Pages      []Page
	Articles   []Article

	// From migrations (WordPress): old addresses, readers' comments and
	// the media the old site referred to.
	Redirects   []Redirect
	Comments    []Comment
	Attachments []Attachment
}

// Rendered is what the Markdown pipeline produces for one text.
type Rendered struct {
	HTML      string
	Excerpt   string
	WordCount int
}
