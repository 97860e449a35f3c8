package importer

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pressroomhq/pressroom/internal/press"
)

// TestErrors loads broken trees and checks the exact message: it is what
// an editor reads to find and fix the file.
func TestErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		archive string
		want    string
	}{
		// Articles.
		{"unknown key", `
-- a.md --
---
title: A
date: 2015-10-22
titel: A
---
Body.
`, `a.md:4: unknown key "titel" (did you mean "title"?)`},
		{"unknown key far from any", `
-- a.md --
---
title: A
date: 2015-10-22
mood: calm
---
Body.
`, `a.md:4: unknown key "mood" (neither an article field nor a taxonomy; taxonomies: regions, themes, reports)`},
		{"unknown taxonomy key", `
-- a.md --
---
title: A
date: 2015-10-22
topics: [Water]
---
Body.
`, `a.md:4: unknown key "topics" (neither an article field nor a taxonomy; taxonomies: regions, themes, reports)`},
		{"taxonomy key typo", `
-- a.md --
---
title: A
date: 2015-10-22
region: [Syria]
---
Body.
`, `a.md:4: unknown key "region" (did you mean "regions"?)`},
		{"unknown nested key", `
-- a.md --
---
title: A
date: 2015-10-22
source:
  name: Daily
  link: https://daily.example
---
Body.
`, `a.md:6: unknown key "source.link" (known keys: name, url)`},
		{"repeated key", `
-- a.md --
---
title: A
date: 2015-10-22
title: B
---
Body.
`, `a.md:4: title: repeated (first set on line 2)`},
		{"bad date", `
-- a.md --
---
title: A
date: 22/10/2015
---
Body.
`, `a.md:3: date: "22/10/2015" is not a date; write 2015-10-22, 2015-10-22 14:30 or 2015-10-22T14:30:00+02:00`},
		{"bad updated", `
-- a.md --
---
title: A
date: 2015-10-22
updated: yesterday
---
Body.
`, `a.md:4: updated: "yesterday" is not a date; write 2015-10-22, 2015-10-22 14:30 or 2015-10-22T14:30:00+02:00`},
		{"bad status", `
-- a.md --
---
title: A
date: 2015-10-22
status: live
---
Body.
`, `a.md:4: status: "live" must be draft or published`},
		{"missing title", `
-- a.md --
---
date: 2015-10-22
---
Body.
`, `a.md:1: title: is required`},
		{"empty title", `
-- a.md --
---
date: 2015-10-22
title:
---
Body.
`, `a.md:3: title: is required`},
		{"published without date", `
-- a.md --
---
title: A
---
Body.
`, `a.md:1: date: is required for a published article`},
		{"published with empty date", `
-- a.md --
---
title: A
status: published
date:
---
Body.
`, `a.md:4: date: is required for a published article`},
		{"published with empty body", `
-- a.md --
---
title: A
date: 2015-10-22
---

`, `a.md:1: the body is empty; a published article needs one (or set status: draft)`},
		{"invalid source URL", `
-- a.md --
---
title: A
date: 2015-10-22
source:
  name: Daily
  url: daily.example/story
---
Body.
`, `a.md:6: source.url: must be an absolute http or https URL`},
		{"source URL without name", `
-- a.md --
---
title: A
date: 2015-10-22
source: {url: "https://daily.example/story"}
---
Body.
`, `a.md:4: source.name: is required when a source URL is given`},
		{"image without alt", `
-- a.md --
---
title: A
date: 2015-10-22
image:
  src: /media/a.jpg
---
Body.
`, `a.md:4: image.alt: is required so the image is accessible`},
		{"copyright year not a number", `
-- a.md --
---
title: A
date: 2015-10-22
copyright: {holder: Daily, year: last year}
---
Body.
`, `a.md:4: copyright.year: must be a whole number`},
		{"featured not a bool", `
-- a.md --
---
title: A
date: 2015-10-22
featured: "yes"
---
Body.
`, `a.md:4: featured: must be true or false`},
		{"bad language", `
-- a.md --
---
title: A
date: 2015-10-22
language: English (UK)
---
Body.
`, `a.md:4: language: "English (UK)" is not a language tag such as en or pt-BR`},
		{"authors not a list", `
-- a.md --
---
title: A
date: 2015-10-22
authors: Ana Ruiz, Lee Park
---
Body.
`, `a.md:4: authors: must be a list, such as [a, b]`},
		{"author listed twice", `
-- a.md --
---
title: A
date: 2015-10-22
authors:
  - Ana Ruiz
  - ana-ruiz
---
Body.
`, `a.md:6: authors: "ana-ruiz" is listed twice`},
		{"term listed twice", `
-- a.md --
---
title: A
date: 2015-10-22
regions: [Syria, syria]
---
Body.
`, `a.md:4: regions: "syria" is listed twice`},
		{"ref without letters", `
-- a.md --
---
title: A
date: 2015-10-22
themes: ["!!"]
---
Body.
`, `a.md:4: themes: "!!" has no letters or digits to make a slug from`},
		{"ambiguous term name", `
-- site.yaml --
terms:
  regions:
    - {name: Georgia, slug: georgia}
    - {name: Georgia, slug: georgia-us}
-- a.md --
---
title: A
date: 2015-10-22
regions: [Georgia]
---
Body.
`, `a.md:4: regions: "Georgia" could be any of georgia, georgia-us; use the slug`},
		{"bad explicit slug", `
-- a.md --
---
title: A
slug: My Story
date: 2015-10-22
---
Body.
`, `a.md:3: slug: must be lower-case letters, digits and hyphens`},
		{"title without a slug in it", `
-- a.md --
---
date: 2015-10-22
title: "?!"
---
Body.
`, `a.md:3: slug: must be lower-case letters, digits and hyphens`},
		{"duplicate slug across files", `
-- a.md --
---
title: Same story
date: 2015-10-22
---
Body.
-- b/c.md --
---
title: Other
slug: same-story
date: 2015-10-22
---
Body.
`, `b/c.md:3: slug: "same-story" is already used by a.md:2`},

		// File structure.
		{"bad YAML", `
-- a.md --
---
title: A
date: [2015-10-22
---
Body.
`, `a.md:3: invalid YAML: did not find expected ',' or ']'`},
		{"bad YAML indentation", `
-- a.md --
---
title: A
  date: 2015-10-22
---
Body.
`, `a.md:3: invalid YAML: mapping values are not allowed in this context`},
		{"bad YAML on the first line", `
-- a.md --
---
title: A: B
---
Body.
`, `a.md:2: invalid YAML: mapping values are not allowed in this context`},
		{"tab in YAML indentation", "-- a.md --\n---\ntitle: A\n\tdate: 2015-10-22\n---\nBody.\n",
			`a.md:3: invalid YAML: found a tab character that violates indentation`},
		{"list item in a mapping", `
-- a.md --
---
title: A
- Syria
---
Body.
`, `a.md:3: invalid YAML: did not find expected key`},
		{"unclosed front matter", `
-- a.md --
---
title: A
date: 2015-10-22
Body.
`, `a.md:1: front matter is not closed: add a --- line after its last key`},
		{"no front matter", `
-- a.md --
# A

Body.
`, `a.md:1: no front matter: the file must start with a --- line, then key: value lines, then another --- line`},
		{"front matter not a mapping", `
-- a.md --
---
- title
---
Body.
`, `a.md:2: front matter must be key: value lines`},
		{"not UTF-8", "-- a.md --\n---\ntitle: A\ndate: 2015-10-22\n---\nCaf\xe9.\n",
			`a.md:5: is not valid UTF-8; save it as UTF-8`},

		// Authors.
		{"author without name", `
-- authors/a.md --
---
slug: ana
---
`, `authors/a.md:1: name: is required`},
		{"author unknown key", `
-- authors/a.md --
---
name: Ana Ruiz
bio: Writes.
---
`, `authors/a.md:3: unknown key "bio" (known keys: name, slug, photo, email, links)`},
		{"author bad link", `
-- authors/a.md --
---
name: Ana Ruiz
links:
  - {label: Site, url: "https://ana.example"}
  - {label: Old site, url: "ana.example"}
---
`, `authors/a.md:5: links: "ana.example" is not an absolute http or https URL`},
		{"author link without url", `
-- authors/a.md --
---
name: Ana Ruiz
links:
  Site:
---
`, `authors/a.md:4: links: every link needs a label and a url`},
		{"author bad email", `
-- authors/a.md --
---
name: Ana Ruiz
email: Ana <ana@example.org>
---
`, `authors/a.md:3: email: "Ana <ana@example.org>" is not an email address`},
		{"duplicate author slug", `
-- authors/a.md --
---
name: Ana Ruiz
---
-- authors/b.md --
---
name: Ana Ruiz
---
`, `authors/b.md:2: slug: "ana-ruiz" is already used by authors/a.md:2`},

		// Pages.
		{"reserved page slug", `
-- pages/search.md --
---
title: Search our archive
slug: search
---
Body.
`, `pages/search.md:3: slug: "search" is a path the site uses itself`},
		{"reserved page slug from title", `
-- pages/feed.md --
---
title: Feed
---
Body.
`, `pages/feed.md:2: slug: "feed" is a path the site uses itself`},
		{"page slug taken by a taxonomy", `
-- pages/regions.md --
---
title: Regions
---
Body.
`, `pages/regions.md:2: slug: "regions" is a path the site uses itself`},
		{"page unknown key", `
-- pages/about.md --
---
title: About
date: 2015-10-22
---
Body.
`, `pages/about.md:3: unknown key "date" (known keys: title, slug, status, parent, position)`},
		{"published page with empty body", `
-- pages/about.md --
---
title: About
---
`, `pages/about.md:1: the body is empty; a published page needs one (or set status: draft)`},

		// site.yaml.
		{"site unknown key", `
-- site.yaml --
name: Ledger
baseurl: https://ledger.example
`, `site.yaml:2: unknown key "baseurl" (did you mean "base_url"?)`},
		{"site bad base_url", `
-- site.yaml --
name: Ledger
base_url: ledger.example
`, `site.yaml:2: base_url: must be an absolute http or https URL`},
		{"site bad YAML", `
-- site.yaml --
name: Ledger
tagline: "unclosed
`, `site.yaml:2: invalid YAML: found unexpected end of stream`},
		{"site menu item without url", `
-- site.yaml --
navigation:
  header:
    - label: Home
      url: /
    - label: About
`, `site.yaml:5: navigation.header: every menu item needs a label and a url`},
		{"terms in unknown taxonomy", `
-- site.yaml --
terms:
  topics:
    - Water
`, `site.yaml:2: terms: unknown taxonomy "topics" (taxonomies: regions, themes, reports)`},
		{"term unknown parent", `
-- site.yaml --
terms:
  regions:
    - name: Syria
      parent: Levant
`, `site.yaml:4: terms.regions.parent: "Levant" is not a term declared in terms.regions`},
		{"term parent loop", `
-- site.yaml --
terms:
  regions:
    - name: A
      parent: c
    - name: B
      parent: a
    - name: C
      parent: B
`, `site.yaml:4: terms.regions.parent: parents make a loop: a → c → b → a`},
		{"term own parent", `
-- site.yaml --
terms:
  regions:
    - name: A
      parent: a
`, `site.yaml:4: terms.regions.parent: a term cannot be its own parent`},
		{"term declared twice", `
-- site.yaml --
terms:
  themes:
    - Economy
    - name: The economy
      slug: economy
`, `site.yaml:5: terms.themes.slug: "economy" is declared twice (first on line 3)`},
		{"term without name", `
-- site.yaml --
terms:
  themes:
    - slug: economy
`, `site.yaml:3: terms.themes.name: is required`},
		{"taxonomy without label", `
-- site.yaml --
taxonomies:
  - slug: topics
    name: Topics
`, `site.yaml:2: taxonomies.label: is required`},
		{"taxonomy named like a field", `
-- site.yaml --
taxonomies:
  - slug: source
    name: Sources
    label: Source
`, `site.yaml:2: taxonomies.slug: "source" is an article front-matter key; choose another slug`},
		{"taxonomy with reserved slug", `
-- site.yaml --
taxonomies:
  - slug: authors
    name: Authors
    label: Author
`, `site.yaml:2: taxonomies.slug: "authors" is a path the site uses itself`},
		{"site.yaml below the root", `
-- blog/site.yaml --
name: Blog
`, `blog/site.yaml: site.yaml is read only at the root of an imported folder`},
		{"site.yml", `
-- site.yml --
name: Blog
`, `site.yml: site.yml is not read; name it site.yaml`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := LoadFS(MustFS(t, tc.archive), ".", Options{Taxonomies: press.DefaultTaxonomies()})
			if err == nil {
				t.Fatalf("LoadFS succeeded, want error %s", tc.want)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("LoadFS error:\n got %s\nwant %s", got, tc.want)
			}
			var ie *Error
			if !errors.As(err, &ie) {
				t.Errorf("error %v is %T, want *Error", err, err)
			}
		})
	}
}

// TestSecondSiteYAML imports two folders that each have a site.yaml.
func TestSecondSiteYAML(t *testing.T) {
	t.Parallel()
	dir := MustTree(t, `
-- one/site.yaml --
name: One
-- two/site.yaml --
name: Two
`)
	one, two := filepath.Join(dir, "one"), filepath.Join(dir, "two")
	_, err := Load([]string{one, two}, Options{})
	want := filepath.Join(two, "site.yaml") + ": a second site.yaml in one import; " + filepath.Join(one, "site.yaml") + " was already read"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestTooLarge(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"big.md": {Data: []byte("---\ntitle: Big\n---\n" + strings.Repeat("x", maxFileSize))}}
	_, err := LoadFS(fsys, ".", Options{})
	if want := "big.md: is larger than 8 MiB"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}
