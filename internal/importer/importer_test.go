package importer

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
)

// goodSite uses every key the format has. The files are listed out of
// order on purpose: the result must not depend on it.
const goodSite = `
-- articles/2015/aleppo-water.md --
---
title: Aleppo's water, rationed
dek: A city waits for the tanker.
date: 2015-10-22
updated: 2015-10-23 09:15
status: published
featured: true
language: ar
authors: [Omar Said, lina-haddad]
regions: [Aleppo, mena]
themes: [economy, Water]
reports: [Siege economies]
source: {name: Partner Daily, url: "https://partner.example/water"}
copyright: {holder: Partner Daily, year: 2015}
license: "Republish with [permission](https://partner.example/rights)."
image:
  src: /media/tanker.jpg
  alt: A water tanker in a street
  credit: Omar Said
fields:
  translator: Rana K.
  document_id: 42
  archive: "true"
---

The tanker comes on **Tuesdays**.

Then it does not.
-- articles/draft.md --
---
title: Ideas
status: draft
---
-- site.yaml --
# Settings for the test outlet.
name: The Levant Ledger
tagline: Independent reporting
base_url: https://ledger.example/
language: en
logo: /media/logo.svg
republishing_policy: |
  Republish freely under **CC BY-ND**.
disclaimer: Views are the authors' own.
fair_use_notice: Quoted for commentary.
contacts: "Write to [the desk](mailto:desk@ledger.example)."
membership_call: Become a member.
comment_call: Tell us what you think.
terms:
  regions:
    - name: Syria
      parent: mena
    - name: Middle East & North Africa
      slug: mena
      description: From *Morocco* to Iran.
    - name: Aleppo
      parent: Syria
  themes:
    - Economy
    - name: Human rights
taxonomies:
  - slug: regions
    name: Regions
    label: Region
  - name: Themes
    label: Theme
  - slug: reports
    name: In-depth Reports
    label: In-depth Report
navigation:
  header:
    - {label: Regions, url: /regions}
    - {label: About, url: /about}
  footer:
    - label: Contact
      url: /contact
-- authors/staff/omar.md --
---
name: Omar Said
slug: osaid
links:
  Website: https://omar.example
---
-- authors/lina-haddad.md --
---
name: Lina Haddad
photo: /media/lina.jpg
email: lina@ledger.example
links:
  - label: Website
    url: https://lina.example
  - {label: Mastodon, url: "https://social.example/@lina"}
---
Lina reports from **Beirut**.
-- pages/about.md --
---
title: About us
slug: about
---
We are a *small* newsroom.
-- pages/nested/contact.md --
---
title: Contact
status: draft
---
-- README.md --
# The Levant Ledger

This folder holds the site; it is not an article.
-- notes.txt --
Not content.
-- .obsidian/workspace.md --
---
title: [broken
-- articles/.draft.md --
not read at all
`

func goodBundle() press.Bundle {
	site := press.Site{
		Name:               "The Levant Ledger",
		Tagline:            "Independent reporting",
		BaseURL:            "https://ledger.example",
		Language:           "en",
		Logo:               "/media/logo.svg",
		RepublishingPolicy: press.Markdown{Source: "Republish freely under **CC BY-ND**."},
		Disclaimer:         press.Markdown{Source: "Views are the authors' own."},
		FairUseNotice:      press.Markdown{Source: "Quoted for commentary."},
		Contacts:           press.Markdown{Source: "Write to [the desk](mailto:desk@ledger.example)."},
		MembershipCall:     press.Markdown{Source: "Become a member."},
		CommentCall:        press.Markdown{Source: "Tell us what you think."},
		Navigation: press.Navigation{
			Header: []press.Link{{Label: "Regions", URL: "/regions"}, {Label: "About", URL: "/about"}},
			Footer: []press.Link{{Label: "Contact", URL: "/contact"}},
		},
	}
	return press.Bundle{
		Site: &site,
		Taxonomies: []press.Taxonomy{
			{Slug: "regions", Name: "Regions", Label: "Region", Position: 1},
			{Slug: "themes", Name: "Themes", Label: "Theme", Position: 2},
			{Slug: "reports", Name: "In-depth Reports", Label: "In-depth Report", Position: 3},
		},
		Terms: []press.Term{
			// Parents first, though site.yaml declares Syria before its region.
			{Taxonomy: "regions", Slug: "mena", Name: "Middle East & North Africa", Description: press.Markdown{Source: "From *Morocco* to Iran."}},
			{Taxonomy: "regions", Slug: "syria", Name: "Syria", Parent: "mena"},
			{Taxonomy: "regions", Slug: "aleppo", Name: "Aleppo", Parent: "syria"},
			{Taxonomy: "themes", Slug: "economy", Name: "Economy"},
			{Taxonomy: "themes", Slug: "human-rights", Name: "Human rights"},
		},
		Authors: []press.Author{
			{
				Slug:  "lina-haddad",
				Name:  "Lina Haddad",
				Bio:   press.Markdown{Source: "Lina reports from **Beirut**."},
				Photo: "/media/lina.jpg",
				Email: "lina@ledger.example",
				Links: []press.Link{
					{Label: "Website", URL: "https://lina.example"},
					{Label: "Mastodon", URL: "https://social.example/@lina"},
				},
			},
			{
				Slug:  "osaid",
				Name:  "Omar Said",
				Links: []press.Link{{Label: "Website", URL: "https://omar.example"}},
			},
		},
		Pages: []press.Page{
			{Slug: "about", Title: "About us", Body: press.Markdown{Source: "We are a *small* newsroom."}, Status: press.StatusPublished},
			{Slug: "contact", Title: "Contact", Status: press.StatusDraft},
		},
		Articles: []press.Article{
			{
				Slug:        "aleppos-water-rationed",
				Title:       "Aleppo's water, rationed",
				Dek:         "A city waits for the tanker.",
				Body:        press.Markdown{Source: "The tanker comes on **Tuesdays**.\n\nThen it does not."},
				Status:      press.StatusPublished,
				Featured:    true,
				Language:    "ar",
				PublishedAt: time.Date(2015, 10, 22, 0, 0, 0, 0, time.UTC),
				UpdatedAt:   time.Date(2015, 10, 23, 9, 15, 0, 0, time.UTC),
				Authors: []press.Author{
					{Slug: "osaid", Name: "Omar Said"},
					{Slug: "lina-haddad", Name: "Lina Haddad"},
				},
				Terms: []press.Term{
					{Taxonomy: "regions", Slug: "aleppo", Name: "Aleppo"},
					{Taxonomy: "regions", Slug: "mena", Name: "Middle East & North Africa"},
					{Taxonomy: "themes", Slug: "economy", Name: "Economy"},
					{Taxonomy: "themes", Slug: "water", Name: "Water"},
					{Taxonomy: "reports", Slug: "siege-economies", Name: "Siege economies"},
				},
				Image:     press.Image{Src: "/media/tanker.jpg", Alt: "A water tanker in a street", Credit: "Omar Said"},
				Source:    press.Source{Name: "Partner Daily", URL: "https://partner.example/water"},
				Copyright: press.Copyright{Holder: "Partner Daily", Year: 2015},
				License:   press.Markdown{Source: "Republish with [permission](https://partner.example/rights)."},
				Fields: []press.Field{
					{Key: "translator", Value: "Rana K."},
					{Key: "document_id", Value: "42"},
					{Key: "archive", Value: "true"},
				},
			},
			{Slug: "ideas", Title: "Ideas", Status: press.StatusDraft},
		},
	}
}

func TestLoadGoodSite(t *testing.T) {
	t.Parallel()
	want := goodBundle()

	dir := MustTree(t, goodSite)
	got, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load: bundle mismatch (-want +got):\n%s", diff)
	}

	got, err = LoadFS(MustFS(t, goodSite), ".", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadFS: bundle mismatch (-want +got):\n%s", diff)
	}
}

// TestLoadFSRoot reads a folder inside the file system, as the embedded
// demo does, and names files by their path in it.
func TestLoadFSRoot(t *testing.T) {
	t.Parallel()
	fsys := MustFS(t, `
-- content/articles/a.md --
---
title: A
date: 2015-10-22
titel: typo
---
Body.
-- elsewhere/b.md --
---
title: Never read
---
`)
	_, err := LoadFS(fsys, "content", Options{})
	const want = `content/articles/a.md:4: unknown key "titel" (did you mean "title"?)`
	if err == nil || err.Error() != want {
		t.Errorf("LoadFS(content) = %v, want %s", err, want)
	}
}

// TestLoadNamesFilesAsGiven checks that errors name files the way the
// caller wrote the path, so they can be opened from the same place.
func TestLoadNamesFilesAsGiven(t *testing.T) {
	t.Parallel()
	dir := MustTree(t, `
-- site/articles/a.md --
---
title: A
status: live
---
`)
	for _, tc := range []struct {
		path string
		want string
	}{
		{filepath.Join(dir, "site"), filepath.Join(dir, "site", "articles", "a.md") + `:3: status: "live" must be draft or published`},
		{filepath.Join(dir, "site") + string(filepath.Separator), filepath.Join(dir, "site", "articles", "a.md") + `:3: status: "live" must be draft or published`},
		{filepath.Join(dir, "site", "articles", "a.md"), filepath.Join(dir, "site", "articles", "a.md") + `:3: status: "live" must be draft or published`},
	} {
		_, err := Load([]string{tc.path}, Options{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("Load(%s) = %v, want %s", tc.path, err, tc.want)
		}
	}
}

// TestLoadFiles names files one by one: their folders still say what
// they are, and a file reached twice is read once.
func TestLoadFiles(t *testing.T) {
	t.Parallel()
	dir := MustTree(t, `
-- site/authors/ana.md --
---
name: Ana Ruiz
---
-- site/articles/a.md --
---
title: A
date: 2015-10-22
authors: [ana-ruiz]
---
Body.
-- site/site.yaml --
name: Site
`)
	site := filepath.Join(dir, "site")
	b, err := Load([]string{
		filepath.Join(site, "articles", "a.md"),
		filepath.Join(site, "authors", "ana.md"),
		site, // overlaps both files above
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantSite := press.DefaultSite()
	wantSite.Name = "Site"
	wantSite.Comments = press.CommentPolicy{} // site.yaml leaves the stored policy alone
	want := press.Bundle{
		Site:    &wantSite,
		Authors: []press.Author{{Slug: "ana-ruiz", Name: "Ana Ruiz"}},
		Articles: []press.Article{{
			Slug: "a", Title: "A", Status: press.StatusPublished,
			Body:        press.Markdown{Source: "Body."},
			PublishedAt: time.Date(2015, 10, 22, 0, 0, 0, 0, time.UTC),
			Authors:     []press.Author{{Slug: "ana-ruiz", Name: "Ana Ruiz"}},
		}},
	}
	if diff := cmp.Diff(want, b); diff != "" {
		t.Errorf("bundle mismatch (-want +got):\n%s", diff)
	}

	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load([]string{notes}, Options{})
	if want := notes + ": not a Markdown file (.md, .markdown) or site.yaml"; err == nil || err.Error() != want {
		t.Errorf("Load(notes.txt) = %v, want %s", err, want)
	}
}

func TestLoadMissingPath(t *testing.T) {
	t.Parallel()
	_, err := Load([]string{filepath.Join(t.TempDir(), "nope")}, Options{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want an error matching os.ErrNotExist", err)
	}
	var ie *Error
	if errors.As(err, &ie) {
		t.Errorf("Load(missing) returned *Error %v; disk errors should pass through", err)
	}
	if _, err := Load(nil, Options{}); err == nil {
		t.Error("Load(nil) succeeded, want an error")
	}
}

// TestLoadSkipsSymlinks checks that a link inside a folder is not
// followed: it could lead outside the tree or loop.
func TestLoadSkipsSymlinks(t *testing.T) {
	t.Parallel()
	dir := MustTree(t, `
-- outside/secret.md --
---
title: Secret
date: 2015-10-22
---
Body.
-- site/articles/a.md --
---
title: A
date: 2015-10-22
---
Body.
`)
	if err := os.Symlink(filepath.Join(dir, "outside", "secret.md"), filepath.Join(dir, "site", "articles", "link.md")); err != nil {
		t.Skipf("cannot make symlinks here: %v", err)
	}
	if err := os.Symlink(filepath.Join(dir, "outside"), filepath.Join(dir, "site", "linked")); err != nil {
		t.Skipf("cannot make symlinks here: %v", err)
	}
	b, err := Load([]string{filepath.Join(dir, "site")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, a := range b.Articles {
		slugs = append(slugs, a.Slug)
	}
	if diff := cmp.Diff([]string{"a"}, slugs); diff != "" {
		t.Errorf("article slugs mismatch (-want +got):\n%s", diff)
	}
}

// TestDeterministic loads one tree in several ways and many times: the
// bundle must not depend on map order, argument order or the file system.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	want := goodBundle()
	dir := MustTree(t, goodSite+`
-- more/z.md --
---
title: Zed
date: 2016-01-02
regions: [Syria]
---
Zed.
`)
	// A second folder without site.yaml contributes articles only.
	moreWant := press.Article{
		Slug: "zed", Title: "Zed", Status: press.StatusPublished,
		Body:        press.Markdown{Source: "Zed."},
		PublishedAt: time.Date(2016, 1, 2, 0, 0, 0, 0, time.UTC),
		Terms:       []press.Term{{Taxonomy: "regions", Slug: "syria", Name: "Syria"}},
	}
	wantBoth := goodBundle()
	// Sorted by path: dir/articles/… sorts before dir/more/….
	wantBoth.Articles = append(wantBoth.Articles, moreWant)

	siteDir, moreDir := dir, filepath.Join(dir, "more")
	for i := range 5 {
		got, err := Load([]string{siteDir}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		// The site folder contains more/ too.
		if diff := cmp.Diff(wantBoth, got); diff != "" {
			t.Fatalf("run %d: bundle mismatch (-want +got):\n%s", i, diff)
		}
		got, err = Load([]string{moreDir, siteDir}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantBoth, got); diff != "" {
			t.Fatalf("run %d, arguments reversed: bundle mismatch (-want +got):\n%s", i, diff)
		}
		got, err = LoadFS(MustFS(t, goodSite), ".", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("run %d, LoadFS: bundle mismatch (-want +got):\n%s", i, diff)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  *Error
		want string
	}{
		{&Error{File: "a.md", Line: 3, Msg: "bad"}, "a.md:3: bad"},
		{&Error{File: "a.md", Msg: "bad"}, "a.md: bad"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%#v.Error() = %q, want %q", tc.err, got, tc.want)
		}
		if !errors.Is(tc.err, press.ErrInvalid) {
			t.Errorf("errors.Is(%v, press.ErrInvalid) = false, want true", tc.err)
		}
	}
}

// TestLoadFSFile reads a single file named as the root.
func TestLoadFSFile(t *testing.T) {
	t.Parallel()
	fsys := MustFS(t, `
-- content/authors/ana.md --
---
name: Ana Ruiz
---
-- content/pages/about.md --
---
title: About
---
About.
`)
	for _, tc := range []struct {
		root           string
		authors, pages int
	}{
		{"content/authors/ana.md", 1, 0},
		{"content/pages/about.md", 0, 1},
		{"content", 1, 1},
	} {
		b, err := LoadFS(fsys, tc.root, Options{})
		if err != nil {
			t.Fatalf("LoadFS(%s): %v", tc.root, err)
		}
		if len(b.Authors) != tc.authors || len(b.Pages) != tc.pages || len(b.Articles) != 0 {
			t.Errorf("LoadFS(%s): %d authors, %d pages, %d articles; want %d, %d, 0",
				tc.root, len(b.Authors), len(b.Pages), len(b.Articles), tc.authors, tc.pages)
		}
	}
	// An empty root is the whole file system.
	b, err := LoadFS(fsys, "", Options{})
	if err != nil || len(b.Authors) != 1 || len(b.Pages) != 1 {
		t.Errorf("LoadFS(\"\") = %d authors, %d pages, %v; want 1, 1, nil", len(b.Authors), len(b.Pages), err)
	}
}
