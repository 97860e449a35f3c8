package admin

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

//go:embed templates static
var files embed.FS

// Layout is what every admin page shows around its content. Page structs
// embed it.
type Layout struct {
	Title   string
	Section string // the navigation entry to mark as current
	User    *press.User
	CSRF    string
	Flash   string   // one-time message after a redirect ("Saved.")
	Scripts []string // static script files the page needs
}

// Can reports whether the signed-in user may perform act, for showing
// only the links and buttons that will work.
func (l Layout) Can(act string) bool { return l.User.Can(press.Action(act)) }

// layout returns the Layout of a page for s, consuming the flash message.
func (a *Admin) layout(w http.ResponseWriter, r *http.Request, s *staff, title, section string) Layout {
	l := Layout{Title: title, Section: section, Flash: takeFlash(w, r)}
	if s != nil {
		l.User, l.CSRF = &s.User, s.Session.CSRF
	}
	return l
}

// templates are the parsed pages: each is the layout with one page's
// "content" (and optional "head") definitions.
type templates struct {
	pages  map[string]*template.Template
	static map[string]string // file name → content hash, for cache-busting URLs
}

func parseTemplates() (*templates, error) {
	t := &templates{pages: map[string]*template.Template{}, static: map[string]string{}}
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		sum := sha256.Sum256(b)
		t.static[path.Base(p)] = hex.EncodeToString(sum[:6])
		return err
	})
	if err != nil {
		return nil, err
	}
	base, err := template.New("layout").Funcs(t.funcs()).ParseFS(files, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("admin: templates: %w", err)
	}
	pages, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "layout" {
			continue
		}
		clone := template.Must(base.Clone())
		if t.pages[name], err = clone.ParseFS(files, p); err != nil {
			return nil, fmt.Errorf("admin: templates: %w", err)
		}
	}
	return t, nil
}

func (t *templates) funcs() template.FuncMap {
	return template.FuncMap{
		// static returns a static file's URL with its content hash, so
		// that it may be cached for ever and still change with a release.
		"static": func(name string) string { return "/admin/static/" + name + "?v=" + t.static[name] },
		"date": func(tm time.Time) string {
			if tm.IsZero() {
				return "—"
			}
			return tm.UTC().Format("2 Jan 2006 15:04 UTC")
		},
		"isoTime": func(tm time.Time) string {
			if tm.IsZero() {
				return ""
			}
			return tm.UTC().Format(time.RFC3339)
		},
		// query builds a query string from name, value pairs (empty
		// values left out). It is already encoded, so it is a
		// template.URL: as a plain string, the escaper would encode its
		// "=" and "&" once more after the "?" of an href.
		"query": func(pairs ...string) template.URL {
			v := url.Values{}
			for i := 0; i+1 < len(pairs); i += 2 {
				if pairs[i+1] != "" {
					v.Set(pairs[i], pairs[i+1])
				}
			}
			return template.URL(v.Encode())
		},
		"add": func(a, b int) int { return a + b },
	}
}

// render writes the named page with status 200.
func (a *Admin) render(w http.ResponseWriter, name string, page any) error {
	return a.renderStatus(w, http.StatusOK, name, page)
}

// renderStatus renders into a buffer first, so that a template error is a
// clean 500 rather than half a page.
func (a *Admin) renderStatus(w http.ResponseWriter, status int, name string, page any) error {
	t, ok := a.tmpl.pages[name]
	if !ok {
		return fmt.Errorf("admin: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", page); err != nil {
		return fmt.Errorf("admin: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// redirect sends the browser to url after a successful POST, with a
// one-time message to show there.
func (a *Admin) redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		a.setCookie(w, r, "pressroom_flash", url.QueryEscape(flash), 60)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie("pressroom_flash")
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: "pressroom_flash", Path: "/admin", MaxAge: -1})
	msg, _ := url.QueryUnescape(c.Value)
	return msg
}

// ErrorPage is the page of a failed admin request.
type ErrorPage struct {
	Layout
	Status  int
	Message string
	Fields  []press.FieldError
}

// errorPage shows what went wrong: a readable page for people, JSON for
// the admin's scripts (which ask with Accept: application/json).
func (a *Admin) errorPage(w http.ResponseWriter, r *http.Request, status int, err error) {
	msg := http.StatusText(status)
	var we *web.Error
	var ve *press.ValidationError
	var pe *press.PermissionError
	switch {
	case errors.As(err, &we):
		msg = we.Err.Error()
	case errors.As(err, &ve):
		msg = "Some fields need attention."
	case errors.As(err, &pe):
		msg = "Your role does not allow this (" + string(pe.Action) + ")."
	case status == http.StatusNotFound:
		msg = "There is nothing here, or it is not yours to see."
	case status == http.StatusConflict:
		msg = err.Error()
	}
	noStore(w)
	if wantsJSON(r) {
		body := map[string]any{"error": map[string]any{"status": status, "message": msg}}
		if ve != nil {
			body["error"].(map[string]any)["fields"] = ve.Fields
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(body)
		return
	}
	p := &ErrorPage{Layout: Layout{Title: http.StatusText(status)}, Status: status, Message: msg}
	if ve != nil {
		p.Fields = ve.Fields
	}
	if s, err := a.session(r); err == nil && s.Session.Verified {
		p.User, p.CSRF = &s.User, s.Session.CSRF
	}
	if err := a.renderStatus(w, status, "error", p); err != nil {
		a.logger.Error("admin: error page", "err", err)
		http.Error(w, msg, status)
	}
}

// wantsJSON reports whether the client is one of the admin's scripts.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// writeJSON answers a script.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// serveStatic serves the admin's CSS and scripts; a URL with the current
// content hash may be cached for a year.
func (a *Admin) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	hash, ok := a.tmpl.static[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, _ := files.ReadFile("static/" + name)
	if r.URL.Query().Get("v") == hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	web.Write(w, r, http.StatusOK, web.Page{ContentType: contentType(name), Body: b, CacheControl: w.Header().Get("Cache-Control")})
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	return "application/octet-stream"
}
