package theme

import (
	"github.com/pressroomhq/pressroom/internal/press"
)

// Layout is what every page shares: the site, its language and menus, and
// the page's own title and metadata.
type Layout struct {
	Site        *press.Site
	T           *Catalog
	Title       string // the page's own title; "" on the home page
	Description string // meta description
	Canonical   string // absolute URL of the page
	Path        string // request path, to mark the current menu item
	Taxonomies  []press.Taxonomy
	NoIndex     bool // error pages and deep pages of listings
	Meta        Meta // social cards, citation tags, links and JSON-LD for the <head>
	// Feeds are announced in the <head>, the page's own first.
	Feeds []FeedLink
}

// Pager links the pages of a listing.
type Pager struct {
	Page, Pages int
	Prev, Next  string // "" at either end
}

// NewPager computes the pager for a listing at path showing page of
// total items, size per page.
func NewPager(path string, page, size, total int) Pager {
	pages := (total + size - 1) / size
	if pages < 1 {
		pages = 1
	}
	p := Pager{Page: page, Pages: pages}
	if page > 1 {
		p.Prev = press.WithPage(path, page-1)
	}
	if page < pages {
		p.Next = press.WithPage(path, page+1)
	}
	return p
}

// TermGroup is one taxonomy's terms on an article, labelled with the
// taxonomy's singular or plural label.
type TermGroup struct {
	Taxonomy press.Taxonomy
	Terms    []press.Term
}

// HomePage is the front page: featured articles, then the latest.
type HomePage struct {
	Layout
	Featured []press.Article
	Latest   []press.Article
	Pager    Pager
	Months   []press.Month
}

// ArticlePage is one article.
type ArticlePage struct {
	Layout
	Article *press.Article
	// Image is the featured image's upload when it is one, for its
	// srcset; nil for images from elsewhere.
	Image     *press.Media
	Groups    []TermGroup // taxonomy links above the headline
	Copyright press.Copyright
	License   press.Markdown // the article's licence, or the site's policy
	Related   []press.Article
	Cite      *Citations // the "Cite this" box; nil shows none
	// Republish is the HTML a community site may paste to republish the
	// article, shown as text; "" when the article is not offered (no
	// policy, or it opted out).
	Republish string
	// Comments are the readers' thread and form; nil (previews) shows
	// only the site's comment call.
	Comments *CommentSection
}

// AuthorPage lists an author's articles under their bio.
type AuthorPage struct {
	Layout
	Author   *press.Author
	Articles []press.Article
	Total    int
	Pager    Pager
}

// AuthorsPage lists every author.
type AuthorsPage struct {
	Layout
	Authors []press.Author
}

// TermPage lists the articles of one term (and the terms below it).
type TermPage struct {
	Layout
	Taxonomy press.Taxonomy
	Term     *press.Term
	Parent   *press.Term // nil for a top-level term
	Children []press.Term
	Articles []press.Article
	Total    int
	Pager    Pager
}

// TaxonomyPage lists the terms of a taxonomy, nested under their parents.
type TaxonomyPage struct {
	Layout
	Taxonomy press.Taxonomy
	Terms    []TermNode
}

// TermNode is a term with the terms below it.
type TermNode struct {
	Term     press.Term
	Children []TermNode
}

// ArchivePage lists the articles of one month, or (Month zero) the months.
type ArchivePage struct {
	Layout
	Month    press.Month // zero on the archive index
	Months   []press.Month
	Articles []press.Article
	Pager    Pager
}

// StaticPage is a standalone page such as About.
type StaticPage struct {
	Layout
	Page *press.Page
}

// ErrorPage is shown for 404s, 500s and other failures.
type ErrorPage struct {
	Layout
	Status  int
	Heading string
	Message string
}

// Home renders the front page.
func (t *Theme) Home(p *HomePage) ([]byte, error) { return t.render("home", p) }

// Article renders an article page.
func (t *Theme) Article(p *ArticlePage) ([]byte, error) { return t.render("article", p) }

// Author renders an author's page.
func (t *Theme) Author(p *AuthorPage) ([]byte, error) { return t.render("author", p) }

// Authors renders the list of authors.
func (t *Theme) Authors(p *AuthorsPage) ([]byte, error) { return t.render("authors", p) }

// Term renders a term's listing.
func (t *Theme) Term(p *TermPage) ([]byte, error) { return t.render("term", p) }

// Taxonomy renders a taxonomy's term index.
func (t *Theme) Taxonomy(p *TaxonomyPage) ([]byte, error) { return t.render("taxonomy", p) }

// Archive renders a month's archive or the archive index.
func (t *Theme) Archive(p *ArchivePage) ([]byte, error) { return t.render("archive", p) }

// Page renders a standalone page.
func (t *Theme) Page(p *StaticPage) ([]byte, error) { return t.render("page", p) }

// Error renders an error page.
func (t *Theme) Error(p *ErrorPage) ([]byte, error) { return t.render("error", p) }
