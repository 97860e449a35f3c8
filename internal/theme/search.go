package theme

import (
	"html/template"

	"github.com/pressroomhq/pressroom/internal/press"
)

// SearchPage is the search form and, once there is a query, its results:
// the hits with their snippets, the facets to narrow them and the filters
// in force. Every link (facets, filters, sort orders, pages) is built by
// the site; the page only shows them.
type SearchPage struct {
	Layout
	Query    string // the text as the reader typed it
	From     string // the date filters as the form's date inputs hold them
	Until    string
	Hidden   []SearchParam // filters the form keeps when the text changes
	Searched bool          // there was something to search for
	Notice   string        // how the query was read, in the reader's language
	Total    int
	Start    int // the number of the first hit on this page
	Hits     []SearchHit
	Sorts    []SearchLink  // the orders the results can come in
	Filters  []SearchLink  // the filters in force, each linking to the results without it
	Facets   []SearchFacet // what narrows the results further
	Pager    Pager
}

// SearchParam is a name and value the search form sends as it is.
type SearchParam struct {
	Name, Value string
}

// SearchLink is a labelled link of the results page; Current marks the
// order in force.
type SearchLink struct {
	Label   string
	URL     string
	Current bool
}

// SearchFacet is one taxonomy's terms, or the authors, with how many
// results each has.
type SearchFacet struct {
	Heading string
	Items   []SearchFacetItem
}

// SearchFacetItem is one term or author: a link narrowing the results to
// it, or (Selected) widening them again.
type SearchFacetItem struct {
	Name     string
	Count    int
	URL      string
	Selected bool
}

// SearchHit is one result as the page shows it.
type SearchHit struct {
	Article press.Article
	// Snippet is the store's snippet: escaped text and <mark> elements
	// only (see press.SearchHit), so it is printed as it is.
	Snippet template.HTML
}

// NewSearchHits prepares the store's hits for the page.
func NewSearchHits(hits []press.SearchHit) []SearchHit {
	out := make([]SearchHit, len(hits))
	for i, h := range hits {
		out[i] = SearchHit{Article: h.Article, Snippet: template.HTML(h.Snippet)}
	}
	return out
}

// Search renders the search page.
func (t *Theme) Search(p *SearchPage) ([]byte, error) { return t.render("search", p) }
