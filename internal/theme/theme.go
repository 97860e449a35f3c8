// Package theme holds the public site's templates, static files and message
// catalogs, embedded in the binary, and renders one typed struct per page.
// Templates are parsed once at start-up; a page renders into a buffer so a
// template failure becomes a clean error page and a finished page can be
// given an ETag.
package theme

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pressroomhq/pressroom/internal/markdown"
	"github.com/pressroomhq/pressroom/internal/press"
)

//go:embed templates static messages
var embedded embed.FS

// Theme is the parsed set of templates, with the hashed static files and
// the message catalogs.
type Theme struct {
	pages    map[string]*template.Template
	catalogs map[string]*Catalog
	assets   map[string]asset // logical name → hashed file
	byHashed map[string]asset // hashed URL path → file
}

type asset struct {
	name string // logical path under static/, e.g. "site.css"
	url  string // /static/site.3f9a2c1b.css
	data []byte
}

// pageNames are the templates under templates/pages; each is parsed with
// the shared layout and partials.
var pageNames = []string{"home", "article", "author", "authors", "term", "taxonomy", "archive", "page", "error", "licensing", "search", "comment_edit",
	"join", "signin", "member_link", "account", "account_delete"}

// Load parses the embedded theme.
func Load() (*Theme, error) { return load(embedded) }

func load(fsys fs.FS) (*Theme, error) {
	t := &Theme{assets: map[string]asset{}, byHashed: map[string]asset{}}
	var err error
	if t.catalogs, err = loadCatalogs(fsys); err != nil {
		return nil, err
	}
	err = fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		a := asset{name: name, data: b,
			url: "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext}
		t.assets[name] = a
		t.byHashed[a.url] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("theme: static: %w", err)
	}
	base, err := template.New("layout").Funcs(t.funcs()).ParseFS(fsys, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	t.pages = make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		clone := template.Must(base.Clone())
		if t.pages[name], err = clone.ParseFS(fsys, "templates/pages/"+name+".html"); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
	}
	return t, nil
}

// Catalog returns the message catalog for a language tag, falling back from
// "pt-BR" to "pt" and finally to English.
func (t *Theme) Catalog(lang string) *Catalog {
	lang = strings.ToLower(lang)
	if c := t.catalogs[lang]; c != nil {
		return c
	}
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		if c := t.catalogs[lang[:i]]; c != nil {
			return c
		}
	}
	return t.catalogs["en"]
}

// Asset returns the content-hashed URL of a static file, e.g.
// Asset("site.css") = "/static/site.3f9a2c1b.css". An unknown
// name panics: it is a bug in a template, caught by the render tests.
func (t *Theme) Asset(name string) string {
	a, ok := t.assets[name]
	if !ok {
		panic("theme: no static file " + name)
	}
	return a.url
}

// ServeStatic serves the hashed static files. Their URLs change with their
// content, so they are cached for a year and never revalidated.
func (t *Theme) ServeStatic(w http.ResponseWriter, r *http.Request) {
	a, ok := t.byHashed[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.data))
}

func (t *Theme) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": t.Asset,
		// rendered marks HTML the markdown package produced (and
		// sanitised) at write time as safe to print; commentHTML does
		// the same for a comment's body (the comment sanitiser's).
		"rendered":    func(m press.Markdown) template.HTML { return template.HTML(m.HTML) },
		"commentHTML": func(s string) template.HTML { return template.HTML(s) },
		"articlePath": press.ArticlePath,
		"authorPath":  press.AuthorPath,
		"termPath":    func(t press.Term) string { return press.TermPath(t.Taxonomy, t.Slug) },
		"archivePath": press.ArchivePath,
		"isoTime":     func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"initials":    initials,
		"add":         func(a, b int) int { return a + b },
		"card":        func(a press.Article, t *Catalog) cardData { return cardData{A: a, T: t} },
		"cardData":    func(a press.Article, t *Catalog, skip *press.Term) cardData { return cardData{A: a, T: t, Skip: skip} },
		"cards":       func(l []press.Article, t *Catalog) cardsData { return cardsData{List: l, T: t} },
		// cardsIn is cards for the listing of term: its cards name
		// another term in their kicker, since all of them are in this one.
		"cardsIn": func(l []press.Article, t *Catalog, term *press.Term) cardsData {
			return cardsData{List: l, T: t, Skip: term}
		},
		"kicker":        kicker,
		"licensingPath": press.LicensingPath,
		"articleLink": func(a *press.Article) template.HTML {
			return template.HTML(`<a href="` + template.HTMLEscapeString(press.ArticlePath(a.Slug)) + `">` +
				template.HTMLEscapeString(a.Title) + `</a>`)
		},
		"field": func(name, label, typ, value string, errs *press.ValidationError, autocomplete string) formField {
			f := formField{Name: name, Label: label, Type: typ, Value: value, Autocomplete: autocomplete}
			if errs != nil {
				f.Error = errs.Message(name)
			}
			return f
		},
		"pager": func(p Pager, t *Catalog) pagerData { return pagerData{Pager: p, T: t} },
		// readMinutes assumes 230 words a minute, a common figure for
		// adults reading non-fiction on screen.
		"readMinutes": func(words int) int { return max(1, (words+229)/230) },
		"sourceLink": func(s press.Source) template.HTML {
			return template.HTML(`<a href="` + template.HTMLEscapeString(s.URL) + `" rel="noopener">` +
				template.HTMLEscapeString(s.Name) + `</a>`)
		},
		"fieldsBesides": func(a *press.Article, skip string) []press.Field {
			var out []press.Field
			for _, f := range a.Fields {
				if f.Key != skip {
					out = append(out, f)
				}
			}
			return out
		},
		"fieldLabel": func(c *Catalog, key string) string {
			if m, ok := c.Messages["field."+key]; ok {
				return m
			}
			// An undeclared key is shown readably: "source_doc" → "Source doc".
			s := strings.ReplaceAll(key, "_", " ")
			if s == "" {
				return s
			}
			return strings.ToUpper(s[:1]) + s[1:]
		},
		"plainExcerpt": func(m press.Markdown, n int) string { return excerpt(markdown.Plain(m.Source), n) },
	}
}

// cardData, cardsData and pagerData carry a partial's value together with
// the catalog, since a nested template sees only the value it is given.
type cardData struct {
	A    press.Article
	T    *Catalog
	Skip *press.Term
}

type cardsData struct {
	List []press.Article
	T    *Catalog
	Skip *press.Term
}

// formField is one input of a form, for the "field" partial.
type formField struct {
	Name, Label, Type, Value, Error, Autocomplete string
}

// kicker picks the term named above a card's title: the article's first
// term, passing over skip (the term whose listing the card is on).
func kicker(a press.Article, skip *press.Term) *press.Term {
	for i, t := range a.Terms {
		if skip == nil || t.Taxonomy != skip.Taxonomy || t.Slug != skip.Slug {
			return &a.Terms[i]
		}
	}
	return nil
}

type pagerData struct {
	Pager Pager
	T     *Catalog
}

// excerpt cuts s to at most n bytes at a word boundary, adding an ellipsis.
func excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		for cut = n; cut > 0 && !utf8.RuneStart(s[cut]); cut-- {
		}
	}
	return strings.TrimRight(s[:cut], " ,;:.") + "…"
}

func initials(name string) string {
	var b strings.Builder
	for _, f := range strings.Fields(name) {
		for _, r := range f {
			b.WriteRune(r)
			break
		}
		if b.Len() >= 2 {
			break
		}
	}
	return strings.ToUpper(b.String())
}

func (t *Theme) render(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("theme: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
