// Package press is Pressroom's domain vocabulary: the site, its articles,
// authors, taxonomies and pages, the errors every layer shares, and the rules
// (slugs, validation, attribution defaults) that hold whatever the storage
// engine or front door. It imports only the standard library so that every
// other package can depend on it and it can depend on none of them.
package press
