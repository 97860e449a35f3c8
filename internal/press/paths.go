package press

import (
	"net/url"
	"strconv"
)

// Paths of the public site's pages. They are part of the product (inbound
// links depend on them), so every layer builds them here rather than by hand.

// ArticlePath returns the path of the article with slug.
func ArticlePath(slug string) string { return "/articles/" + url.PathEscape(slug) }

// AuthorPath returns the path of an author's page.
func AuthorPath(slug string) string { return "/authors/" + url.PathEscape(slug) }

// TermPath returns the path of a term's listing, e.g. /regions/syria.
func TermPath(taxonomy, slug string) string {
	return "/" + url.PathEscape(taxonomy) + "/" + url.PathEscape(slug)
}

// TaxonomyPath returns the path listing all terms of a taxonomy.
func TaxonomyPath(taxonomy string) string { return "/" + url.PathEscape(taxonomy) }

// PagePath returns the path of a standalone page.
func PagePath(slug string) string { return "/" + url.PathEscape(slug) }

// LicensingPath returns the path of the licensing request form for the
// article with slug.
func LicensingPath(slug string) string { return "/licensing/" + url.PathEscape(slug) }

// ArchivePath returns the path of a month's archive, e.g. /archive/2026/03.
func ArchivePath(m Month) string { return "/archive/" + m.Key() }

// WithPage adds ?page=n to path for n > 1.
func WithPage(path string, n int) string {
	if n <= 1 {
		return path
	}
	return path + "?page=" + strconv.Itoa(n)
}
