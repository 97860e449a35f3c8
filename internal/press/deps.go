package press

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Cache keys name what a rendered page was made from, so that a change to
// one thing drops exactly the pages that show it. Reads record the keys of
// what they return (Depend); writes announce the keys of what they
// changed. The two sides meet in the page cache and, through
// Surrogate-Key headers, in a CDN. Keys are short because a page carries
// dozens of them in a header.
//
// Two kinds of key: an entity's own fields (an article's title, a term's
// name), and a set's membership (which articles a term lists, in what
// order). Editing an article's body changes only KeyArticle; publishing it
// also changes the memberships it joins.
const (
	// KeyAll is announced by writes too broad to list (an import, a
	// restore); it drops every page. Nothing depends on it by name.
	KeyAll = "*"
	// KeySite is the site's settings: every page's chrome.
	KeySite = "site"
	// KeyTaxonomies is the taxonomies themselves (the navigation).
	KeyTaxonomies = "tax"
	// KeyPublished is the set of published articles and their order:
	// the front page, the feeds, the archive, counts.
	KeyPublished = "pub"
	// KeyPublishedAny changes with any change to any published article,
	// content included (search results, sitemaps), and stands in for the
	// article keys of a page that shows too many articles to list.
	KeyPublishedAny = "pubx"
	// KeyAuthors is the authors index: any author, or any byline.
	KeyAuthors = "authors"
	// KeyTerms changes with any term.
	KeyTerms = "terms"
	// KeyPages is the list of standalone pages.
	KeyPages = "pages"
	// KeyComments is the site's latest approved comments.
	KeyComments = "comments"
)

// KeyArticle is article id's own fields (and its byline and terms as
// shown with it).
func KeyArticle(id int64) string { return "a" + strconv.FormatInt(id, 10) }

// KeyAuthor is author id's name, slug and photo: what a byline shows.
func KeyAuthor(id int64) string { return "au" + strconv.FormatInt(id, 10) }

// KeyAuthorProfile is author id's bio and links: the author page and the
// author box under articles, not bylines.
func KeyAuthorProfile(id int64) string { return "aup" + strconv.FormatInt(id, 10) }

// KeyAuthorArticles is the membership of author id's byline listings.
func KeyAuthorArticles(id int64) string { return "aum" + strconv.FormatInt(id, 10) }

// KeyTerm is term id's own fields.
func KeyTerm(id int64) string { return "t" + strconv.FormatInt(id, 10) }

// KeyTermArticles is the membership of term id's listing, which includes
// the articles of the terms below it.
func KeyTermArticles(id int64) string { return "tm" + strconv.FormatInt(id, 10) }

// KeyTaxonomyTerms is the terms of taxonomy id with their counts.
func KeyTaxonomyTerms(id int64) string { return "tx" + strconv.FormatInt(id, 10) }

// KeyMonth is the membership of one month's archive (UTC).
func KeyMonth(t time.Time) string { return "pm" + t.UTC().Format("200601") }

// KeyPage is standalone page id.
func KeyPage(id int64) string { return "p" + strconv.FormatInt(id, 10) }

// KeyArticleComments is the approved comments of article id.
func KeyArticleComments(id int64) string { return "c" + strconv.FormatInt(id, 10) }

// KeyMedia is the media item id (its sizes and alt text).
func KeyMedia(id int64) string { return "m" + strconv.FormatInt(id, 10) }

// Deps collects the keys a request depended on. It is safe for concurrent
// use (a handler may read in parallel).
type Deps struct {
	mu   sync.Mutex
	keys map[string]struct{}
}

type depsKey struct{}

// WithDeps returns a context whose reads record their keys in the
// returned Deps.
func WithDeps(ctx context.Context) (context.Context, *Deps) {
	d := &Deps{keys: map[string]struct{}{}}
	return context.WithValue(ctx, depsKey{}, d), d
}

// Depend records keys in ctx's Deps, if it has one.
func Depend(ctx context.Context, keys ...string) {
	d, _ := ctx.Value(depsKey{}).(*Deps)
	if d == nil {
		return
	}
	d.mu.Lock()
	for _, k := range keys {
		d.keys[k] = struct{}{}
	}
	d.mu.Unlock()
}

// Recording reports whether ctx records keys, so that a read can skip
// building them.
func Recording(ctx context.Context) bool {
	_, ok := ctx.Value(depsKey{}).(*Deps)
	return ok
}

// Keys returns the recorded keys, sorted.
func (d *Deps) Keys() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.keys))
	for k := range d.keys {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
