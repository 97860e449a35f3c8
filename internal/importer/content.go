package importer

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/pressroomhq/pressroom/internal/press"
)

// articleKeys are the front-matter keys of an article, besides one per
// taxonomy slug.
var articleKeys = []string{
	"title", "dek", "slug", "date", "updated", "status", "featured", "language",
	"authors", "source", "copyright", "license", "image", "fields", "republish",
}

// article decodes an article file. Its references to authors and terms
// are resolved against the author files and site.yaml already read.
func (l *loader) article(d *doc, entries []entry, body string) error {
	a := press.Article{Status: press.StatusPublished}
	var authors []item
	type termList struct {
		taxonomy string
		refs     []item
	}
	var terms []termList
	for _, e := range entries {
		var err error
		switch e.key {
		case "title":
			a.Title, err = d.str(e)
		case "dek":
			a.Dek, err = d.str(e)
		case "slug":
			a.Slug, err = d.str(e)
		case "date":
			a.PublishedAt, err = d.date(e)
		case "updated":
			a.UpdatedAt, err = d.date(e)
		case "status":
			a.Status, err = d.status(e)
		case "featured":
			a.Featured, err = d.boolean(e)
		case "republish":
			var ok bool
			ok, err = d.boolean(e)
			a.NoRepublish = !ok
		case "language":
			a.Language, err = d.language(e)
		case "authors":
			authors, err = d.texts(e)
		case "source":
			err = d.fill(e, map[string]*string{"name": &a.Source.Name, "url": &a.Source.URL}, "name", "url")
		case "image":
			err = d.fill(e, map[string]*string{"src": &a.Image.Src, "alt": &a.Image.Alt, "credit": &a.Image.Credit}, "src", "alt", "credit")
		case "copyright":
			a.Copyright, err = d.copyright(e)
		case "license":
			a.License, err = d.markdown(e)
		case "fields":
			a.Fields, err = d.fields(e)
		default:
			if !l.hasTaxonomy(e.key) {
				return d.unknown(e, slices.Concat(articleKeys, l.taxonomySlugs()),
					"neither an article field nor a taxonomy; taxonomies: "+l.taxonomyList())
			}
			var refs []item
			refs, err = d.texts(e)
			terms = append(terms, termList{e.key, refs})
		}
		if err != nil {
			return err
		}
	}
	if a.Slug == "" {
		a.Slug = press.Slugify(a.Title)
		if line, ok := d.lines["title"]; ok {
			d.lines["slug"] = line // a bad derived slug is the title's fault
		}
	}

	seen := map[string]bool{}
	for _, ref := range authors {
		n, problem := l.authors.resolve(ref.text)
		if problem == "" && seen[n.slug] {
			problem = fmt.Sprintf("%q is listed twice", ref.text)
		}
		if problem != "" {
			return d.failf(ref.line, "authors: %s", problem)
		}
		seen[n.slug] = true
		a.Authors = append(a.Authors, press.Author{Slug: n.slug, Name: n.name})
	}
	for _, list := range terms {
		seen := map[string]bool{}
		for _, ref := range list.refs {
			n, problem := l.terms[list.taxonomy].resolve(ref.text)
			if problem == "" && seen[n.slug] {
				problem = fmt.Sprintf("%q is listed twice", ref.text)
			}
			if problem != "" {
				return d.failf(ref.line, "%s: %s", list.taxonomy, problem)
			}
			seen[n.slug] = true
			a.Terms = append(a.Terms, press.Term{Taxonomy: list.taxonomy, Slug: n.slug, Name: n.name})
		}
	}

	if err := a.Validate(); err != nil {
		return d.invalid(err)
	}
	if body == "" && a.Status == press.StatusPublished {
		return d.failf(d.start, "the body is empty; a published article needs one (or set status: draft)")
	}
	if err := l.claim(kindArticle, d, a.Slug); err != nil {
		return err
	}
	a.Body = press.Markdown{Source: body}
	l.bundle.Articles = append(l.bundle.Articles, a)
	return nil
}

// fill decodes a mapping of one-line texts into the fields named by dst;
// keys lists them in the order messages name them.
func (d *doc) fill(e entry, dst map[string]*string, keys ...string) error {
	entries, err := d.mapping(e.val, e.path)
	if err != nil {
		return err
	}
	for _, sub := range entries {
		p, ok := dst[sub.key]
		if !ok {
			return d.unknown(sub, keys, "")
		}
		if *p, err = d.str(sub); err != nil {
			return err
		}
	}
	return nil
}

func (d *doc) copyright(e entry) (press.Copyright, error) {
	var c press.Copyright
	entries, err := d.mapping(e.val, e.path)
	if err != nil {
		return c, err
	}
	for _, sub := range entries {
		switch sub.key {
		case "holder":
			c.Holder, err = d.str(sub)
		case "year":
			c.Year, err = d.integer(sub)
		default:
			err = d.unknown(sub, []string{"holder", "year"}, "")
		}
		if err != nil {
			return c, err
		}
	}
	return c, nil
}

// fields decodes the free metadata mapping, keeping its order.
func (d *doc) fields(e entry) ([]press.Field, error) {
	entries, err := d.mapping(e.val, e.path)
	if err != nil {
		return nil, err
	}
	var out []press.Field
	for _, sub := range entries {
		if sub.key == "" {
			return nil, d.failf(sub.line, "fields: a key is empty")
		}
		v, err := d.str(sub)
		if err != nil {
			return nil, err
		}
		out = append(out, press.Field{Key: sub.key, Value: v})
	}
	return out, nil
}

// author decodes an author file; the body is the bio.
func (l *loader) author(d *doc, entries []entry, body string) error {
	var a press.Author
	for _, e := range entries {
		var err error
		switch e.key {
		case "name":
			a.Name, err = d.str(e)
		case "slug":
			a.Slug, err = d.str(e)
		case "photo":
			a.Photo, err = d.str(e)
		case "email":
			a.Email, err = d.email(e)
		case "links":
			a.Links, err = d.links(e)
		default:
			err = d.unknown(e, []string{"name", "slug", "photo", "email", "links"}, "")
		}
		if err != nil {
			return err
		}
	}
	if a.Slug == "" {
		a.Slug = press.Slugify(a.Name)
		if line, ok := d.lines["name"]; ok {
			d.lines["slug"] = line
		}
	}
	if err := a.Validate(); err != nil {
		return d.invalid(err)
	}
	if err := l.claim(kindAuthor, d, a.Slug); err != nil {
		return err
	}
	a.Bio = press.Markdown{Source: body}
	l.authors.add(a.Slug, a.Name)
	l.bundle.Authors = append(l.bundle.Authors, a)
	return nil
}

// email accepts a bare address. The newsroom writes to it, so a display
// name or a typo should fail here rather than when mail bounces.
func (d *doc) email(e entry) (string, error) {
	s, err := d.str(e)
	if err != nil || s == "" {
		return s, err
	}
	if addr, err := mail.ParseAddress(s); err != nil || addr.Address != s {
		return "", d.failf(e.line, "%s: %q is not an email address", d.name(e.path), s)
	}
	return s, nil
}

// links decodes an author's links, written either as a list of
// {label, url} or as a mapping of label: url.
func (d *doc) links(e entry) ([]press.Link, error) {
	var out []press.Link
	add := func(l press.Link, line int) error {
		if l.Label == "" || l.URL == "" {
			return d.failf(line, "%s: every link needs a label and a url", d.name(e.path))
		}
		if problem := linkProblem(l); problem != "" {
			return d.failf(line, "%s: %s", d.name(e.path), problem)
		}
		out = append(out, l)
		return nil
	}
	if v := deref(e.val); v.Kind == yaml.MappingNode {
		entries, err := d.mapping(v, e.path)
		if err != nil {
			return nil, err
		}
		for _, sub := range entries {
			url, err := d.str(sub)
			if err != nil {
				return nil, err
			}
			if err := add(press.Link{Label: sub.key, URL: url}, sub.line); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	nodes, err := d.list(e)
	if err != nil {
		return nil, err
	}
	for _, n := range nodes {
		var l press.Link
		err := d.fill(entry{key: e.key, path: e.path, line: d.line(n), val: n},
			map[string]*string{"label": &l.Label, "url": &l.URL}, "label", "url")
		if err != nil {
			return nil, err
		}
		if err := add(l, d.line(n)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// linkProblem returns what press says about l, or "". Asking press keeps
// the URL rule in one place while the error still points at the link's
// own line rather than at the links key.
func linkProblem(l press.Link) string {
	a := press.Author{Name: "x", Slug: "x", Links: []press.Link{l}}
	var ve *press.ValidationError
	if err := a.Validate(); errors.As(err, &ve) {
		return ve.Message("links")
	}
	return ""
}

// page decodes a page file.
func (l *loader) page(d *doc, entries []entry, body string) error {
	p := press.Page{Status: press.StatusPublished}
	for _, e := range entries {
		var err error
		switch e.key {
		case "title":
			p.Title, err = d.str(e)
		case "slug":
			p.Slug, err = d.str(e)
		case "status":
			p.Status, err = d.status(e)
		case "parent":
			p.Parent, err = d.str(e)
		case "position":
			p.Position, err = d.integer(e)
		default:
			err = d.unknown(e, []string{"title", "slug", "status", "parent", "position"}, "")
		}
		if err != nil {
			return err
		}
	}
	if p.Slug == "" {
		p.Slug = press.Slugify(p.Title)
		if line, ok := d.lines["title"]; ok {
			d.lines["slug"] = line
		}
	}
	if err := p.Validate(l.taxonomies); err != nil {
		return d.invalid(err)
	}
	if body == "" && p.Status == press.StatusPublished {
		return d.failf(d.start, "the body is empty; a published page needs one (or set status: draft)")
	}
	if err := l.claim(kindPage, d, p.Slug); err != nil {
		return err
	}
	p.Body = press.Markdown{Source: body}
	l.bundle.Pages = append(l.bundle.Pages, p)
	return nil
}
