package press

import (
	"net/url"
	"strings"
)

// Validate checks an article before it is stored.
func (a *Article) Validate() error {
	var v ValidationError
	if strings.TrimSpace(a.Title) == "" {
		v.Add("title", "is required")
	}
	if !ValidSlug(a.Slug) {
		v.Add("slug", "must be lower-case letters, digits and hyphens")
	}
	if !a.Status.Valid() {
		v.Add("status", "must be one of draft, pending, scheduled, published, unpublished, trash")
	}
	if (a.Status == StatusPublished || a.Status == StatusScheduled) && a.PublishedAt.IsZero() {
		v.Add("date", "is required for a "+string(a.Status)+" article")
	}
	if a.Source.URL != "" && !validURL(a.Source.URL) {
		v.Add("source.url", "must be an absolute http or https URL")
	}
	if a.Source.URL != "" && a.Source.Name == "" {
		v.Add("source.name", "is required when a source URL is given")
	}
	if a.Copyright.Year < 0 || a.Copyright.Year > 9999 {
		v.Add("copyright.year", "must be a year")
	}
	if a.Image.Src != "" && strings.TrimSpace(a.Image.Alt) == "" {
		v.Add("image.alt", "is required so the image is accessible")
	}
	seen := map[string]bool{}
	for _, au := range a.Authors {
		if !ValidSlug(au.Slug) {
			v.Add("authors", "author "+quote(au.Name)+" has no valid slug")
		}
		if seen[au.Slug] {
			v.Add("authors", "author "+quote(au.Slug)+" is listed twice")
		}
		seen[au.Slug] = true
	}
	for _, t := range a.Terms {
		if !ValidSlug(t.Taxonomy) || !ValidSlug(t.Slug) {
			v.Add("terms", "term "+quote(t.Name)+" has no valid slug")
		}
	}
	return v.Err()
}

// Validate checks an author before it is stored.
func (a *Author) Validate() error {
	var v ValidationError
	if strings.TrimSpace(a.Name) == "" {
		v.Add("name", "is required")
	}
	if !ValidSlug(a.Slug) {
		v.Add("slug", "must be lower-case letters, digits and hyphens")
	}
	for _, l := range a.Links {
		if !validURL(l.URL) {
			v.Add("links", quote(l.URL)+" is not an absolute http or https URL")
		}
	}
	return v.Err()
}

// Validate checks a term before it is stored.
func (t *Term) Validate() error {
	var v ValidationError
	if strings.TrimSpace(t.Name) == "" {
		v.Add("name", "is required")
	}
	if !ValidSlug(t.Slug) {
		v.Add("slug", "must be lower-case letters, digits and hyphens")
	}
	if !ValidSlug(t.Taxonomy) {
		v.Add("taxonomy", "must be a taxonomy slug")
	}
	if t.Parent == t.Slug && t.Parent != "" {
		v.Add("parent", "a term cannot be its own parent")
	}
	return v.Err()
}

// Validate checks a taxonomy before it is stored.
func (t *Taxonomy) Validate() error {
	var v ValidationError
	if !ValidSlug(t.Slug) {
		v.Add("slug", "must be lower-case letters, digits and hyphens")
	} else if reservedSlugs[t.Slug] {
		v.Add("slug", quote(t.Slug)+" is a path the site uses itself")
	}
	if strings.TrimSpace(t.Name) == "" {
		v.Add("name", "is required")
	}
	if strings.TrimSpace(t.Label) == "" {
		v.Add("label", "is required")
	}
	return v.Err()
}

// Validate checks a page before it is stored. taxonomies are the site's,
// whose slugs a page may not take.
func (p *Page) Validate(taxonomies []Taxonomy) error {
	var v ValidationError
	if strings.TrimSpace(p.Title) == "" {
		v.Add("title", "is required")
	}
	if !ValidSlug(p.Slug) {
		v.Add("slug", "must be lower-case letters, digits and hyphens")
	} else if ReservedSlug(p.Slug, taxonomies) {
		v.Add("slug", quote(p.Slug)+" is a path the site uses itself")
	}
	if p.Status != StatusDraft && p.Status != StatusPublished {
		v.Add("status", "must be draft or published")
	}
	return v.Err()
}

// Validate checks the site settings before they are stored.
func (s *Site) Validate() error {
	var v ValidationError
	if strings.TrimSpace(s.Name) == "" {
		v.Add("name", "is required")
	}
	if s.BaseURL != "" && !validURL(s.BaseURL) {
		v.Add("base_url", "must be an absolute http or https URL")
	}
	if s.Language == "" {
		v.Add("language", "is required")
	}
	for _, l := range append(append([]Link(nil), s.Navigation.Header...), s.Navigation.Footer...) {
		if strings.TrimSpace(l.Label) == "" || l.URL == "" {
			v.Add("navigation", "every menu item needs a label and a URL")
			break
		}
	}
	if s.Comments.Mode != "" {
		if err := s.Comments.Validate(); err != nil {
			v.Fields = append(v.Fields, err.(*ValidationError).Fields...)
		}
	}
	return v.Err()
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func quote(s string) string { return "\"" + s + "\"" }
