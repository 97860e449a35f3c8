// Package exporter writes a whole site out of the store: as a folder of
// Markdown files with YAML front matter, in exactly the format the
// importer reads (so exporting and importing into an empty site gives the
// same site), or as one JSON document. It only reads the store.
package exporter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// pageSize is how many articles are read from the store at a time.
const pageSize = 100

// Options adjust an export.
type Options struct {
	// MediaDir, when set and existing, is copied whole into the export's
	// media/ folder, so that /media/… references keep working after an
	// import into a site whose data directory receives it.
	MediaDir string
	// Force allows writing into a folder that is not empty. Files of the
	// same name are overwritten; others are left, and an import of the
	// folder would read them too, which is why it is not the default.
	Force bool
}

// Stats counts what an export wrote.
type Stats struct {
	Authors, Pages, Articles, Terms, MediaFiles int
}

// ErrNotEmpty is returned when the export folder has files and
// Options.Force is not set.
var ErrNotEmpty = errors.New("the folder is not empty")

// Markdown writes the site in db to dir as site.yaml, authors/<slug>.md,
// pages/<slug>.md and articles/<yyyy>/<slug>.md (drafts without a date in
// articles/drafts/), plus media/ when opt.MediaDir exists. dir is created
// when missing.
//
// What the format cannot carry: ids, the creation times of everything,
// and the update times of authors, terms, pages and the site (an
// article's update time is its "updated" key); taxonomy positions other
// than 1, 2, 3 … in order; and what has no file of its own: comments,
// redirects, attachments, licensing requests. JSON and store backups
// carry those.
func Markdown(ctx context.Context, db *store.DB, dir string, opt Options) (Stats, error) {
	var st Stats
	if err := prepareDir(dir, opt.Force); err != nil {
		return st, err
	}
	site, err := db.Site(ctx)
	if err != nil {
		return st, err
	}
	taxonomies, err := db.Taxonomies(ctx)
	if err != nil {
		return st, err
	}
	terms := map[string][]press.Term{}
	for _, x := range taxonomies {
		if terms[x.Slug], err = db.Terms(ctx, x.Slug); err != nil {
			return st, err
		}
		st.Terms += len(terms[x.Slug])
	}
	if err := writeYAML(filepath.Join(dir, "site.yaml"), siteNode(&site, taxonomies, terms)); err != nil {
		return st, err
	}

	authors, err := db.Authors(ctx)
	if err != nil {
		return st, err
	}
	for _, a := range authors {
		if err := writeMarkdown(filepath.Join(dir, "authors", a.Slug+".md"), authorNode(&a), a.Bio.Source); err != nil {
			return st, err
		}
		st.Authors++
	}
	pages, err := db.Pages(ctx)
	if err != nil {
		return st, err
	}
	for _, p := range pages {
		if err := writeMarkdown(filepath.Join(dir, "pages", p.Slug+".md"), pageNode(&p), p.Body.Source); err != nil {
			return st, err
		}
		st.Pages++
	}
	var after int64
	for {
		list, err := db.ArticlesByID(ctx, after, pageSize)
		if err != nil {
			return st, err
		}
		if len(list) == 0 {
			break
		}
		for _, a := range list {
			folder := "drafts"
			if !a.PublishedAt.IsZero() {
				folder = strconv.Itoa(a.PublishedAt.Year())
			}
			name := filepath.Join(dir, "articles", folder, a.Slug+".md")
			if err := writeMarkdown(name, articleNode(&a, taxonomies), a.Body.Source); err != nil {
				return st, err
			}
			st.Articles++
		}
		after = list[len(list)-1].ID
	}
	if opt.MediaDir != "" {
		if st.MediaFiles, err = copyTree(opt.MediaDir, filepath.Join(dir, "media")); err != nil {
			return st, fmt.Errorf("exporter: media: %w", err)
		}
	}
	return st, nil
}

// prepareDir makes dir, refusing one with files in it unless force.
func prepareDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return fmt.Errorf("exporter: %w", err)
	case len(entries) > 0 && !force:
		return fmt.Errorf("exporter: %s: %w; an import of it would read the files already there too (choose a new folder, or pass --force to write over it)", dir, ErrNotEmpty)
	}
	return nil
}

// siteNode is site.yaml.
func siteNode(s *press.Site, taxonomies []press.Taxonomy, terms map[string][]press.Term) *yaml.Node {
	m := mapping()
	add(m, "name", str(s.Name))
	addStr(m, "tagline", s.Tagline)
	addStr(m, "base_url", s.BaseURL)
	add(m, "language", str(s.Language))
	addStr(m, "logo", s.Logo)
	for _, t := range []struct {
		key string
		md  press.Markdown
	}{
		{"republishing_policy", s.RepublishingPolicy}, {"disclaimer", s.Disclaimer},
		{"fair_use_notice", s.FairUseNotice}, {"contacts", s.Contacts},
		{"membership_call", s.MembershipCall}, {"comment_call", s.CommentCall},
	} {
		addStr(m, t.key, t.md.Source)
	}
	list := seq()
	for _, x := range taxonomies {
		item := flowMapping()
		add(item, "slug", str(x.Slug))
		add(item, "name", str(x.Name))
		add(item, "label", str(x.Label))
		list.Content = append(list.Content, item)
	}
	add(m, "taxonomies", list)
	all := mapping()
	for _, x := range taxonomies {
		if len(terms[x.Slug]) == 0 {
			continue
		}
		list := seq()
		for _, t := range terms[x.Slug] {
			item := mapping()
			add(item, "name", str(t.Name))
			add(item, "slug", str(t.Slug))
			addStr(item, "parent", t.Parent)
			addStr(item, "description", t.Description.Source)
			list.Content = append(list.Content, item)
		}
		add(all, x.Slug, list)
	}
	if len(all.Content) > 0 {
		add(m, "terms", all)
	}
	if len(s.Navigation.Header)+len(s.Navigation.Footer) > 0 {
		nav := mapping()
		for _, menu := range []struct {
			key   string
			links []press.Link
		}{{"header", s.Navigation.Header}, {"footer", s.Navigation.Footer}} {
			if len(menu.links) > 0 {
				add(nav, menu.key, links(menu.links))
			}
		}
		add(m, "navigation", nav)
	}
	if s.CanonicalToSource {
		add(m, "canonical_to_source", boolean(true))
	}
	return m
}

func authorNode(a *press.Author) *yaml.Node {
	m := mapping()
	add(m, "name", str(a.Name))
	add(m, "slug", str(a.Slug))
	addStr(m, "photo", a.Photo)
	addStr(m, "email", a.Email)
	if len(a.Links) > 0 {
		add(m, "links", links(a.Links))
	}
	return m
}

func pageNode(p *press.Page) *yaml.Node {
	m := mapping()
	add(m, "title", str(p.Title))
	add(m, "slug", str(p.Slug))
	add(m, "status", str(string(p.Status)))
	addStr(m, "parent", p.Parent)
	if p.Position != 0 {
		add(m, "position", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(p.Position)})
	}
	return m
}

// articleNode is an article's front matter: every key the importer
// reads, those at their default left out. The copyright is written only
// when the article sets it, not the default the site computes.
func articleNode(a *press.Article, taxonomies []press.Taxonomy) *yaml.Node {
	m := mapping()
	add(m, "title", str(a.Title))
	addStr(m, "dek", a.Dek)
	add(m, "slug", str(a.Slug))
	if !a.PublishedAt.IsZero() {
		add(m, "date", str(timeText(a.PublishedAt)))
	}
	if !a.UpdatedAt.IsZero() {
		add(m, "updated", str(timeText(a.UpdatedAt)))
	}
	add(m, "status", str(string(a.Status)))
	if a.Featured {
		add(m, "featured", boolean(true))
	}
	addStr(m, "language", a.Language)
	if len(a.Authors) > 0 {
		list := flowSeq()
		for _, au := range a.Authors {
			list.Content = append(list.Content, str(au.Slug))
		}
		add(m, "authors", list)
	}
	for _, x := range taxonomies {
		terms := a.TermsOf(x.Slug)
		if len(terms) == 0 {
			continue
		}
		list := flowSeq()
		for _, t := range terms {
			list.Content = append(list.Content, str(t.Slug))
		}
		add(m, x.Slug, list)
	}
	if a.Source != (press.Source{}) {
		src := flowMapping()
		addStr(src, "name", a.Source.Name)
		addStr(src, "url", a.Source.URL)
		add(m, "source", src)
	}
	if a.Copyright != (press.Copyright{}) {
		c := flowMapping()
		addStr(c, "holder", a.Copyright.Holder)
		if a.Copyright.Year != 0 {
			add(c, "year", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(a.Copyright.Year)})
		}
		add(m, "copyright", c)
	}
	addStr(m, "license", a.License.Source)
	if a.Image != (press.Image{}) {
		img := mapping()
		addStr(img, "src", a.Image.Src)
		addStr(img, "alt", a.Image.Alt)
		addStr(img, "credit", a.Image.Credit)
		add(m, "image", img)
	}
	if len(a.Fields) > 0 {
		f := mapping()
		for _, field := range a.Fields {
			add(f, field.Key, str(field.Value))
		}
		add(m, "fields", f)
	}
	if a.NoRepublish {
		add(m, "republish", boolean(false))
	}
	return m
}

// timeText writes a time as RFC 3339 in UTC, with the microseconds the
// store keeps when there are any.
func timeText(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
}

func links(list []press.Link) *yaml.Node {
	s := seq()
	for _, l := range list {
		item := flowMapping()
		add(item, "label", str(l.Label))
		add(item, "url", str(l.URL))
		s.Content = append(s.Content, item)
	}
	return s
}

// YAML nodes. A scalar tagged !!str is quoted by the encoder whenever it
// would otherwise read back as something else (yes, 2025, null, a colon).

func mapping() *yaml.Node     { return &yaml.Node{Kind: yaml.MappingNode} }
func flowMapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle} }
func seq() *yaml.Node         { return &yaml.Node{Kind: yaml.SequenceNode} }
func flowSeq() *yaml.Node     { return &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle} }

func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if bytes.ContainsRune([]byte(s), '\n') {
		n.Style = yaml.LiteralStyle // Markdown reads best as a block
	}
	return n
}

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// addStr adds a text value unless it is empty, the importer's default.
func addStr(m *yaml.Node, key, v string) {
	if v != "" {
		add(m, key, str(v))
	}
}

func encodeYAML(n *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeYAML(name string, n *yaml.Node) error {
	b, err := encodeYAML(n)
	if err != nil {
		return fmt.Errorf("exporter: %s: %w", name, err)
	}
	return writeFile(name, b)
}

// writeMarkdown writes front matter between --- lines, then the body.
func writeMarkdown(name string, front *yaml.Node, body string) error {
	b, err := encodeYAML(front)
	if err != nil {
		return fmt.Errorf("exporter: %s: %w", name, err)
	}
	var buf bytes.Buffer
	buf.WriteString("---\n")
	buf.Write(b)
	buf.WriteString("---\n")
	if body != "" {
		buf.WriteString(body)
		buf.WriteString("\n")
	}
	return writeFile(name, buf.Bytes())
}

func writeFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("exporter: %w", err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("exporter: %w", err)
	}
	return nil
}

// copyTree copies the regular files below src into dst and counts them.
// A missing src is nothing to copy.
func copyTree(src, dst string) (int, error) {
	if abs, err := filepath.Abs(src); err == nil {
		if d, err := filepath.Abs(dst); err == nil {
			if rel, err := filepath.Rel(abs, d); err == nil && filepath.IsLocal(rel) {
				return 0, fmt.Errorf("%s is inside %s; export somewhere else", dst, src)
			}
		}
	}
	n := 0
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == src {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if err := copyFile(p, filepath.Join(dst, rel)); err != nil {
			return err
		}
		n++
		return nil
	})
	return n, err
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
