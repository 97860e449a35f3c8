package importer

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/pressroomhq/pressroom/internal/press"
)

var siteKeys = []string{
	"name", "tagline", "base_url", "language", "logo",
	"republishing_policy", "disclaimer", "fair_use_notice", "contacts", "membership_call", "comment_call",
	"taxonomies", "navigation", "terms", "canonical_to_source",
}

// site decodes site.yaml: the settings, laid over press.DefaultSite, and
// the taxonomies and terms it declares.
func (l *loader) site(f file, text string) error {
	if l.siteFile != "" {
		// Merging two would make the result depend on file order.
		return &Error{File: f.name, Msg: "a second site.yaml in one import; " + l.siteFile + " was already read"}
	}
	l.siteFile = f.name
	d := newDoc(f.name, 0)
	root, err := d.parse(text, "site.yaml")
	if err != nil {
		return err
	}
	entries, err := d.mapping(root, "")
	if err != nil {
		return err
	}
	s := press.DefaultSite()
	// site.yaml does not carry the comment policy: leaving it zero keeps
	// what the admins set when the site is imported again.
	s.Comments = press.CommentPolicy{}
	var terms []entry // read last: they may name taxonomies declared below them
	for _, e := range entries {
		var err error
		switch e.key {
		case "name":
			s.Name, err = d.str(e)
		case "tagline":
			s.Tagline, err = d.str(e)
		case "base_url":
			s.BaseURL, err = d.str(e)
			s.BaseURL = strings.TrimRight(s.BaseURL, "/") // Site wants none; a slash is a common slip
		case "language":
			s.Language, err = d.language(e)
		case "logo":
			s.Logo, err = d.str(e)
		case "republishing_policy":
			s.RepublishingPolicy, err = d.markdown(e)
		case "disclaimer":
			s.Disclaimer, err = d.markdown(e)
		case "fair_use_notice":
			s.FairUseNotice, err = d.markdown(e)
		case "contacts":
			s.Contacts, err = d.markdown(e)
		case "membership_call":
			s.MembershipCall, err = d.markdown(e)
		case "comment_call":
			s.CommentCall, err = d.markdown(e)
		case "taxonomies":
			err = l.siteTaxonomies(d, e)
		case "navigation":
			s.Navigation, err = d.navigation(e)
		case "canonical_to_source":
			s.CanonicalToSource, err = d.boolean(e)
		case "terms":
			terms = append(terms, e)
		default:
			err = d.unknown(e, siteKeys, "")
		}
		if err != nil {
			return err
		}
	}
	for _, e := range terms {
		if err := l.siteTerms(d, e); err != nil {
			return err
		}
	}
	if err := s.Validate(); err != nil {
		return d.invalid(err)
	}
	l.bundle.Site = &s
	return nil
}

// siteTaxonomies decodes the taxonomies list. Position follows the list.
func (l *loader) siteTaxonomies(d *doc, e entry) error {
	nodes, err := d.list(e)
	if err != nil {
		return err
	}
	first := map[string]int{}
	for i, n := range nodes {
		td := d.sub("taxonomies", n)
		entries, err := td.mapping(n, "")
		if err != nil {
			return err
		}
		t := press.Taxonomy{Position: i + 1}
		for _, sub := range entries {
			switch sub.key {
			case "slug":
				t.Slug, err = td.str(sub)
			case "name":
				t.Name, err = td.str(sub)
			case "label":
				t.Label, err = td.str(sub)
			default:
				err = td.unknown(sub, []string{"slug", "name", "label"}, "")
			}
			if err != nil {
				return err
			}
		}
		if t.Slug == "" {
			t.Slug = press.Slugify(t.Name)
			if line, ok := td.lines["name"]; ok {
				td.lines["slug"] = line
			}
		}
		if err := t.Validate(); err != nil {
			return td.invalid(err)
		}
		line := td.lineOf("slug")
		if slices.Contains(articleKeys, t.Slug) {
			// Articles list terms under the taxonomy's slug, so the
			// key would be read as the field instead.
			return td.failf(line, "taxonomies.slug: %q is an article front-matter key; choose another slug", t.Slug)
		}
		if at, dup := first[t.Slug]; dup {
			return td.failf(line, "taxonomies.slug: %q is declared twice (first on line %d)", t.Slug, at)
		}
		first[t.Slug] = line
		l.addTaxonomy(t)
		l.bundle.Taxonomies = append(l.bundle.Taxonomies, t)
	}
	return nil
}

// navigation decodes the header and footer menus.
func (d *doc) navigation(e entry) (press.Navigation, error) {
	var nav press.Navigation
	entries, err := d.mapping(e.val, e.path)
	if err != nil {
		return nav, err
	}
	for _, sub := range entries {
		var menu *[]press.Link
		switch sub.key {
		case "header":
			menu = &nav.Header
		case "footer":
			menu = &nav.Footer
		default:
			return nav, d.unknown(sub, []string{"header", "footer"}, "")
		}
		nodes, err := d.list(sub)
		if err != nil {
			return nav, err
		}
		for _, n := range nodes {
			var link press.Link
			err := d.fill(entry{key: sub.key, path: sub.path, line: d.line(n), val: n},
				map[string]*string{"label": &link.Label, "url": &link.URL}, "label", "url")
			if err != nil {
				return nav, err
			}
			if link.Label == "" || link.URL == "" {
				return nav, d.failf(d.line(n), "%s: every menu item needs a label and a url", d.name(sub.path))
			}
			*menu = append(*menu, link)
		}
	}
	return nav, nil
}

// termDecl is a term declared in site.yaml, before its parent is known.
type termDecl struct {
	term   press.Term
	parent item // the reference as written, "" for none
	d      *doc
}

// siteTerms decodes the terms mapping: for each taxonomy, a list of terms
// whose parents may be declared before or after them. The terms join the
// bundle parents first.
func (l *loader) siteTerms(d *doc, e entry) error {
	entries, err := d.mapping(e.val, e.path)
	if err != nil {
		return err
	}
	for _, te := range entries {
		if !l.hasTaxonomy(te.key) {
			return d.failf(te.line, "terms: unknown taxonomy %q (taxonomies: %s)", te.key, l.taxonomyList())
		}
		nodes, err := d.list(te)
		if err != nil {
			return err
		}
		cat := &catalog{}
		decls := make([]termDecl, 0, len(nodes))
		firstLine := map[string]int{}
		for _, n := range nodes {
			decl, err := termOf(d.sub(te.path, n), te.key, n)
			if err != nil {
				return err
			}
			t, td := decl.term, decl.d
			line := td.lineOf("slug")
			if at, dup := firstLine[t.Slug]; dup {
				return td.failf(line, "%s: %q is declared twice (first on line %d)", td.name("slug"), t.Slug, at)
			}
			firstLine[t.Slug] = line
			cat.add(t.Slug, t.Name)
			decls = append(decls, decl)
		}
		l.terms[te.key] = cat
		if err := linkParents(cat, decls); err != nil {
			return err
		}
		l.bundle.Terms = append(l.bundle.Terms, parentsFirst(decls)...)
	}
	return nil
}

// termOf decodes one term: key: value lines, or just its name.
func termOf(td *doc, taxonomy string, n *yaml.Node) (termDecl, error) {
	decl := termDecl{term: press.Term{Taxonomy: taxonomy}, d: td}
	t := &decl.term
	if v := deref(n); v.Kind == yaml.ScalarNode && !isNull(v) {
		t.Name = strings.TrimSpace(v.Value)
		td.lines["name"] = td.start
	} else {
		entries, err := td.mapping(n, "")
		if err != nil {
			return decl, err
		}
		for _, sub := range entries {
			switch sub.key {
			case "name":
				t.Name, err = td.str(sub)
			case "slug":
				t.Slug, err = td.str(sub)
			case "description":
				t.Description, err = td.markdown(sub)
			case "parent":
				decl.parent.line = sub.line
				decl.parent.text, err = td.str(sub)
			default:
				err = td.unknown(sub, []string{"name", "slug", "description", "parent"}, "")
			}
			if err != nil {
				return decl, err
			}
		}
	}
	if t.Slug == "" {
		t.Slug = press.Slugify(t.Name)
		if line, ok := td.lines["name"]; ok {
			td.lines["slug"] = line
		}
	}
	return decl, td.invalid(t.Validate())
}

// linkParents resolves each declared parent to a slug in cat and refuses
// loops, which would leave the terms with no root to list them under.
func linkParents(cat *catalog, decls []termDecl) error {
	parentOf := map[string]string{}
	for i := range decls {
		decl := &decls[i]
		ref := decl.parent.text
		if ref == "" {
			continue
		}
		n, found, problem := cat.find(ref)
		if problem == "" && !found {
			problem = fmt.Sprintf("%q is not a term declared in %s", ref, decl.d.prefix)
		}
		if problem != "" {
			return decl.d.failf(decl.parent.line, "%s: %s", decl.d.name("parent"), problem)
		}
		decl.term.Parent = n.slug
		if err := decl.term.Validate(); err != nil {
			return decl.d.invalid(err)
		}
		parentOf[decl.term.Slug] = n.slug
	}
	for _, decl := range decls {
		chain := []string{decl.term.Slug}
		for p := parentOf[decl.term.Slug]; p != ""; p = parentOf[p] {
			chain = append(chain, p)
			if p == decl.term.Slug {
				return decl.d.failf(decl.parent.line, "%s: parents make a loop: %s",
					decl.d.name("parent"), strings.Join(chain, " → "))
			}
			if len(chain) > len(decls) {
				break // a loop above this term; reported from one of its members
			}
		}
	}
	return nil
}

// parentsFirst orders terms so that each comes after its parent and
// otherwise as declared. It assumes linkParents found no loop.
func parentsFirst(decls []termDecl) []press.Term {
	index := make(map[string]int, len(decls))
	for i, decl := range decls {
		index[decl.term.Slug] = i
	}
	out := make([]press.Term, 0, len(decls))
	done := make([]bool, len(decls))
	var emit func(i int)
	emit = func(i int) {
		if done[i] {
			return
		}
		done[i] = true
		if p := decls[i].term.Parent; p != "" {
			emit(index[p])
		}
		out = append(out, decls[i].term)
	}
	for i := range decls {
		emit(i)
	}
	return out
}
