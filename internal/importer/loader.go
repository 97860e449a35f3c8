package importer

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pressroomhq/pressroom/internal/press"
)

// loader accumulates the bundle and what later files are checked against.
type loader struct {
	bundle     press.Bundle
	taxonomies []press.Taxonomy           // the site's and site.yaml's, for page slugs and messages
	terms      map[string]*catalog        // declared terms by taxonomy slug; a nil entry is a known taxonomy without any
	authors    catalog                    // authors read from author files
	siteFile   string                     // the site.yaml already read, if any
	claimed    map[kind]map[string]string // slug → "file:line" that claimed it
}

func newLoader(opt Options) *loader {
	l := &loader{
		terms: map[string]*catalog{},
		claimed: map[kind]map[string]string{
			kindAuthor: {}, kindPage: {}, kindArticle: {},
		},
	}
	for _, t := range opt.Taxonomies {
		l.addTaxonomy(t)
	}
	return l
}

// addTaxonomy makes t's slug usable as a front-matter key, replacing a
// taxonomy of the same slug (site.yaml may rename one the site has).
func (l *loader) addTaxonomy(t press.Taxonomy) {
	for i := range l.taxonomies {
		if l.taxonomies[i].Slug == t.Slug {
			l.taxonomies[i] = t
			return
		}
	}
	l.taxonomies = append(l.taxonomies, t)
	l.terms[t.Slug] = nil
}

func (l *loader) hasTaxonomy(slug string) bool {
	_, ok := l.terms[slug]
	return ok
}

// taxonomyList names the known taxonomies for messages.
func (l *loader) taxonomyList() string {
	if len(l.taxonomies) == 0 {
		return "the site has none"
	}
	return strings.Join(l.taxonomySlugs(), ", ")
}

func (l *loader) taxonomySlugs() []string {
	out := make([]string, len(l.taxonomies))
	for i, t := range l.taxonomies {
		out[i] = t.Slug
	}
	return out
}

// read decodes one file into the bundle.
func (l *loader) read(f file, data []byte) error {
	if err := checkUTF8(f.name, data); err != nil {
		return err
	}
	text := normalize(data)
	if f.kind == kindSite {
		return l.site(f, text)
	}
	if _, _, found, _ := splitFront(text); !found && isReadme(f.name) {
		return nil
	}
	d, entries, body, err := frontMatter(f, text)
	if err != nil {
		return err
	}
	switch f.kind {
	case kindAuthor:
		return l.author(d, entries, body)
	case kindPage:
		return l.page(d, entries, body)
	}
	return l.article(d, entries, body)
}

func isReadme(name string) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, "\\", "/")))
	return base == "readme.md" || base == "readme.markdown"
}

// frontMatter splits a Markdown file and decodes its front matter.
func frontMatter(f file, text string) (*doc, []entry, string, error) {
	d := newDoc(f.name, 1) // YAML line 1 is file line 2, after the opening ---
	front, body, found, closed := splitFront(text)
	switch {
	case !found:
		return nil, nil, "", d.failf(1, "no front matter: the file must start with a --- line, then key: value lines, then another --- line")
	case !closed:
		return nil, nil, "", d.failf(1, "front matter is not closed: add a --- line after its last key")
	}
	root, err := d.parse(front, "front matter")
	if err != nil {
		return nil, nil, "", err
	}
	entries, err := d.mapping(root, "")
	return d, entries, trimBody(body), err
}

// claim records that the file of d uses slug for a thing of kind k, and
// refuses a slug another file already claimed: the second would silently
// overwrite the first when stored.
func (l *loader) claim(k kind, d *doc, slug string) error {
	line := d.lineOf("slug")
	if prev, ok := l.claimed[k][slug]; ok {
		return d.failf(line, "slug: %q is already used by %s", slug, prev)
	}
	l.claimed[k][slug] = fmt.Sprintf("%s:%d", d.file, line)
	return nil
}

// catalog indexes declared authors or terms for resolving references.
type catalog struct {
	list  []named
	slugs map[string]int
	names map[string][]int // by lower-case name
}

// named is the slug and name of an author or term.
type named struct{ slug, name string }

func (c *catalog) add(slug, name string) {
	if c.slugs == nil {
		c.slugs, c.names = map[string]int{}, map[string][]int{}
	}
	i := len(c.list)
	c.list = append(c.list, named{slug, name})
	c.slugs[slug] = i
	key := strings.ToLower(name)
	c.names[key] = append(c.names[key], i)
}

// find returns the declared entry ref names: the one with that slug, else
// the one with that name (ignoring case), else the one with the slug the
// ref would make. problem is non-empty when the name is shared, so only a
// slug can say which is meant.
func (c *catalog) find(ref string) (n named, found bool, problem string) {
	if c == nil {
		return named{}, false, ""
	}
	if i, ok := c.slugs[ref]; ok {
		return c.list[i], true, ""
	}
	switch matches := c.names[strings.ToLower(ref)]; len(matches) {
	case 0:
	case 1:
		return c.list[matches[0]], true, ""
	default:
		slugs := make([]string, len(matches))
		for i, m := range matches {
			slugs[i] = c.list[m].slug
		}
		return named{}, false, fmt.Sprintf("%q could be any of %s; use the slug", ref, strings.Join(slugs, ", "))
	}
	if i, ok := c.slugs[press.Slugify(ref)]; ok {
		return c.list[i], true, ""
	}
	return named{}, false, ""
}

// resolve is find, except that a ref naming nothing declared names a new
// entry made from the ref, which the newsroom creates unless the store
// already has it. problem is non-empty when the ref cannot be used.
func (c *catalog) resolve(ref string) (n named, problem string) {
	if n, found, problem := c.find(ref); found || problem != "" {
		return n, problem
	}
	slug := press.Slugify(ref)
	if slug == "" {
		return named{}, fmt.Sprintf("%q has no letters or digits to make a slug from", ref)
	}
	// A ref that is not already a slug was written as a name and is kept
	// as written; from a slug, a title-cased name is the best guess.
	if !press.ValidSlug(ref) {
		return named{slug, ref}, ""
	}
	return named{slug, titleCase(ref)}, ""
}

// titleCase turns a slug into a name: "lina-haddad" → "Lina Haddad".
func titleCase(slug string) string {
	words := strings.Split(slug, "-")
	for i, w := range words {
		if w == "" {
			continue
		}
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(words, " ")
}
