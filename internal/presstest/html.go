package presstest

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Doc is a fetched HTML page, queried with CSS selectors.
type Doc struct {
	t    testing.TB
	Root *html.Node
	Resp *http.Response
	Body string
}

var client = &http.Client{
	Timeout: 20 * time.Second,
	// Tests look at redirects themselves.
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// MustGet fetches url and fails t unless the status is want.
func MustGet(t testing.TB, url string, want int) *Doc {
	t.Helper()
	return MustDo(t, mustRequest(t, "GET", url), want)
}

// MustDo sends req and fails t unless the status is want.
func MustDo(t testing.TB, req *http.Request, want int) *Doc {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != want {
		t.Fatalf("%s %s = %d, want %d\n%.600s", req.Method, req.URL, resp.StatusCode, want, b)
	}
	d := &Doc{t: t, Resp: resp, Body: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		if d.Root, err = html.Parse(strings.NewReader(d.Body)); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func mustRequest(t testing.TB, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// NewRequest builds a request or fails t.
func NewRequest(t testing.TB, method, url string) *http.Request { return mustRequest(t, method, url) }

// All returns the elements matching the CSS selector.
func (d *Doc) All(selector string) []*html.Node {
	d.t.Helper()
	sel, err := cascadia.Compile(selector)
	if err != nil {
		d.t.Fatalf("selector %q: %v", selector, err)
	}
	return sel.MatchAll(d.Root)
}

// One returns the single element matching selector, failing t when there
// is none or more than one.
func (d *Doc) One(selector string) *html.Node {
	d.t.Helper()
	all := d.All(selector)
	if len(all) != 1 {
		d.t.Fatalf("%s: %d elements match %q, want 1", d.Resp.Request.URL.Path, len(all), selector)
	}
	return all[0]
}

// Text returns the text content of n with whitespace collapsed.
func Text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// Attr returns n's attribute key, or "".
func Attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// Before reports whether a comes before b in document order.
func Before(a, b *html.Node) bool {
	found := 0
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n == a {
			found = 1
			return true
		}
		if n == b {
			found = 2
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	root := a
	for root.Parent != nil {
		root = root.Parent
	}
	walk(root)
	return found == 1
}

// ParseDoc parses an HTML page fetched some other way (by a signed-in
// client, say).
func ParseDoc(t testing.TB, body string) *Doc {
	t.Helper()
	root, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return &Doc{t: t, Root: root, Body: body}
}

// Within returns the descendants of n matching selector.
func (d *Doc) Within(n *html.Node, selector string) []*html.Node {
	d.t.Helper()
	sel, err := cascadia.Compile(selector)
	if err != nil {
		d.t.Fatalf("selector %q: %v", selector, err)
	}
	return cascadia.QueryAll(n, sel)
}

// HasAttr reports whether n has the attribute key (however empty).
func HasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// AttrOr returns n's attribute key, or def when n has none.
func AttrOr(n *html.Node, key, def string) string {
	if HasAttr(n, key) {
		return Attr(n, key)
	}
	return def
}

// RawText returns the text inside n exactly, white space included (a
// textarea's value).
func RawText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.TrimPrefix(b.String(), "\n")
}

// FormValues returns what a browser without scripts would send from the
// form with id formID: every named control it owns, inside it or naming it
// with a form attribute, except disabled ones and buttons; checked boxes
// and selected options only. Tests post it back after changing a field, so
// hidden state (versions, tokens) travels as a user's browser sends it.
func FormValues(t testing.TB, body, formID string) url.Values {
	t.Helper()
	doc := ParseDoc(t, body)
	if len(doc.All("form#"+formID)) == 0 {
		t.Fatalf("no form#%s in:\n%.2000s", formID, body)
	}
	v := url.Values{}
	for _, n := range doc.All(`form#` + formID + ` [name], [form="` + formID + `"][name]`) {
		if HasAttr(n, "disabled") {
			continue
		}
		name := Attr(n, "name")
		switch n.Data {
		case "input":
			switch Attr(n, "type") {
			case "checkbox", "radio":
				if HasAttr(n, "checked") {
					v.Add(name, AttrOr(n, "value", "on"))
				}
			case "submit", "button", "file", "image", "reset":
			default:
				v.Add(name, Attr(n, "value"))
			}
		case "textarea":
			v.Add(name, RawText(n))
		case "select":
			for _, o := range doc.Within(n, "option[selected]") {
				v.Add(name, Attr(o, "value"))
			}
		}
	}
	return v
}

// Without returns page with every element matching selector removed, as
// HTML again: for comparing pages that should be equal but for one part
// (a preview has no readers' comments).
func Without(t testing.TB, page, selector string) string {
	t.Helper()
	d := ParseDoc(t, page)
	for _, n := range d.All(selector) {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	var b strings.Builder
	if err := html.Render(&b, d.Root); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// formStamp is the comment form's signed timestamp.
var formStamp = regexp.MustCompile(`name="stamp" value="[^"]*"`)

// WithoutFormStamp blanks the comment form's stamp in page: it is signed
// with the site's own secret at the moment of the request, so two sites
// (or two requests) serving the same article differ there and only there.
func WithoutFormStamp(page string) string {
	return formStamp.ReplaceAllString(page, `name="stamp" value=""`)
}
