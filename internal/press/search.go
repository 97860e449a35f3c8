package press

import (
	"strings"
	"time"
)

// SearchSort orders search results.
type SearchSort string

// The orders search results can come in.
const (
	// SortRelevance puts the best matches first, newest first among
	// equals. It is the default when there is text to match.
	SortRelevance SearchSort = "relevance"
	// SortDate puts the newest first, as listings do. It is the default
	// (and the only order) when there is no text, only filters.
	SortDate SearchSort = "date"
)

// Valid reports whether s is a known order.
func (s SearchSort) Valid() bool { return s == SortRelevance || s == SortDate }

// StatusAny, as SearchQuery.Status, searches articles of every status. It
// is for staff (the admin); it is never a status an article can have.
const StatusAny Status = "any"

// MaxSearchPerPage bounds SearchQuery.PerPage.
const MaxSearchPerPage = 100

// TermRef names a term by taxonomy and slug.
type TermRef struct {
	Taxonomy string
	Slug     string
}

// SearchQuery is what a reader (or an editor) asks the search for. Only
// Text is parsed (see ParseSearch); every filter narrows the results, and
// zero fields do not filter.
type SearchQuery struct {
	Text   string
	Author string    // author slug
	Terms  []TermRef // each: articles in that term or any term below it
	From   time.Time // PublishedAt >= From
	Until  time.Time // PublishedAt < Until
	Sort   SearchSort
	Page   int // from 1; 0 means 1
	// PerPage is the page size: 0 means DefaultPageSize, and it is at
	// most MaxSearchPerPage.
	PerPage int
	// Status limits the results to articles of one status. The zero
	// value means StatusPublished, so that a caller who forgets it never
	// shows a draft; staff searches set StatusAny.
	Status Status
	// Prefix makes the last word match every word it begins, for
	// searching as the reader types.
	Prefix bool
}

// Filtered reports whether q has a filter besides its text.
func (q *SearchQuery) Filtered() bool {
	return q.Author != "" || len(q.Terms) > 0 || !q.From.IsZero() || !q.Until.IsZero()
}

// Normalised returns q with its zero and out-of-range fields replaced by
// what they mean: page 1, the default page size, published articles, and
// the default order for its text.
func (q SearchQuery) Normalised() SearchQuery {
	q.Page = max(q.Page, 1)
	if q.PerPage <= 0 {
		q.PerPage = DefaultPageSize
	}
	q.PerPage = min(q.PerPage, MaxSearchPerPage)
	if q.Status == "" {
		q.Status = StatusPublished
	}
	if !q.Sort.Valid() {
		q.Sort = SortRelevance
	}
	if strings.TrimSpace(q.Text) == "" {
		q.Sort = SortDate
	}
	return q
}

// SearchResults is one page of what a search found.
type SearchResults struct {
	Hits    []SearchHit
	Total   int // matches in all, over every page
	Page    int
	PerPage int
	// Facets count the matches (all of them, not just this page) by term
	// and by author.
	Facets SearchFacets
	// Notice, when set, says how the query was read when it could not be
	// taken as typed: too long, nothing to search for, only exclusions.
	Notice SearchNotice
	// Sort is the order the hits are in.
	Sort SearchSort
}

// Pages returns how many pages the results have; at least 1.
func (r *SearchResults) Pages() int {
	if r.PerPage <= 0 || r.Total == 0 {
		return 1
	}
	return (r.Total + r.PerPage - 1) / r.PerPage
}

// SearchHit is one article found.
type SearchHit struct {
	// Article is in listing form: authors, terms and excerpt, no body.
	Article Article
	// Snippet is a passage of the body around the words that matched, as
	// HTML: the text escaped, each match in <mark>…</mark>, nothing else.
	// It is "" when the search had no text to match.
	Snippet string
	// Rank is the relevance the engine gave the hit, higher being better.
	// It orders the hits of one search and means nothing across searches
	// or engines; it is 0 when the results are sorted by date.
	Rank float64
}

// SearchFacets count the matches of a search by classification, so that a
// reader can narrow them.
type SearchFacets struct {
	// Taxonomies, in display order, each with the terms that have matches.
	// A term counts the matches tagged with it or any term below it, as
	// filtering by it would find.
	Taxonomies []TaxonomyFacet
	Authors    []FacetCount
}

// TaxonomyFacet is the count of matches for the terms of one taxonomy.
type TaxonomyFacet struct {
	Taxonomy Taxonomy
	Terms    []FacetCount // most matches first, then by name
}

// FacetCount is one term or author and how many matches it has.
type FacetCount struct {
	Slug  string
	Name  string
	Count int
}

// Suggestion is an article offered while a reader types: its title and
// where it is.
type Suggestion struct {
	Slug        string
	Title       string
	PublishedAt time.Time
}

// SearchNotice tells the reader how their query was read when it could
// not be taken as typed. The theme words each one in the reader's
// language; Message gives the English.
type SearchNotice string

// The notices a search can carry.
const (
	// NoticeNothing: the text had no word to search for, only symbols or
	// operators.
	NoticeNothing SearchNotice = "nothing_to_search"
	// NoticeCommonWords: every word was too common to search for ("the",
	// "of"), or too short to be looked up as the start of a word.
	NoticeCommonWords SearchNotice = "common_words"
	// NoticeOnlyExcluded: every word was excluded (-word), which cannot
	// find anything on its own.
	NoticeOnlyExcluded SearchNotice = "only_excluded"
	// NoticeTruncated: the query was too long; its first words were used.
	NoticeTruncated SearchNotice = "truncated"
)

// Message returns the notice in English.
func (n SearchNotice) Message() string {
	switch n {
	case NoticeNothing:
		return "There was no word to search for. Type a word or two."
	case NoticeCommonWords:
		return "Those words are too common or too short to search for on their own. Add a more specific word."
	case NoticeOnlyExcluded:
		return "The search only excluded words (-word). Add a word to look for."
	case NoticeTruncated:
		return "The search was too long, so only its first words were used."
	}
	return ""
}
