package markdown

import (
	"bytes"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The attribute values this file puts on the AST. The sanitising policies
// in policy.go must let each of them through, so the two change together.
const (
	classAnchor   = "anchor"
	classExternal = "external"
	relArticle    = "noopener"
	relComment    = "nofollow ugc noopener"
	anchorLabel   = "Link to this section"
	fallbackID    = "section"
)

// headingTransformer gives every heading an id made from its text and a
// self-link, so readers can share a link to a section.
//
// The id is computed here, after inline parsing, rather than with
// parser.WithAutoHeadingID: that option slugs the raw source line, so
// "## The [report](https://…)" would yield an id containing the URL.
// Slugs come from press.Slugify, the same rules as every other slug in
// Pressroom; repeats within one document get -2, -3 … appended.
type headingTransformer struct{}

func (headingTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	ids := idSet{used: map[string]bool{}, next: map[string]int{}}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		id := ids.unique(press.Slugify(plainText(h, source)))
		h.SetAttributeString("id", []byte(id))
		h.AppendChild(h, &headingAnchor{id: id})
		return ast.WalkSkipChildren, nil
	})
}

// idSet hands out the ids of one document.
type idSet struct {
	used map[string]bool
	// next is the suffix to try first for a base, so that a document of
	// thousands of equal headings costs linear, not quadratic, time.
	next map[string]int
}

// unique returns base, or base-2, base-3 … whichever is not yet used, and
// records it. An empty base (a heading of only punctuation or emoji)
// becomes fallbackID so that every heading still has an anchor.
func (s *idSet) unique(base string) string {
	if base == "" {
		base = fallbackID
	}
	id := base
	for i := max(s.next[base], 2); s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
		s.next[base] = i + 1
	}
	s.used[id] = true
	return id
}

// kindHeadingAnchor is the node kind of a heading's self-link.
var kindHeadingAnchor = ast.NewNodeKind("HeadingAnchor")

// headingAnchor is the self-link appended to a heading. It is its own node
// kind rather than an ast.Link so that plain text, excerpts and heading ids
// never pick up its "#".
type headingAnchor struct {
	ast.BaseInline
	id string
}

// Kind implements ast.Node.
func (n *headingAnchor) Kind() ast.NodeKind { return kindHeadingAnchor }

// Dump implements ast.Node.
func (n *headingAnchor) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"ID": n.id}, nil)
}

// URL schemes a link or image may use, besides relative URLs. The policies
// in policy.go allow the same for links.
var (
	articleSchemes = []string{"http", "https", "mailto", "tel"}
	commentSchemes = []string{"http", "https", "mailto"}
	imageSchemes   = []string{"http", "https"}
)

// articleLinkTransformer marks outbound links so the theme can show that a
// link leaves the site, and makes images load lazily.
//
// It also replaces what the sanitiser would refuse — a link to a
// javascript: URL, an image with a data: source — by its text, because the
// sanitiser could only take the attribute away and leave an <a> without
// href or an <img> without src behind. Only Markdown links are reached: links inside
// raw HTML are opaque to the AST and are made safe by the sanitiser alone
// (which, having no target attribute to allow, leaves them no window to
// reach back through).
type articleLinkTransformer struct{}

func (articleLinkTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	for _, n := range collect(doc, ast.KindLink, ast.KindAutoLink, ast.KindImage) {
		switch n := n.(type) {
		case *ast.Image:
			if !allowedURL(n.Destination, imageSchemes) {
				// Keep the alt text, so the editor sees where the image
				// was; drop the paragraph if that leaves it empty.
				parent := n.Parent()
				unwrap(n, source)
				if parent.Kind() == ast.KindParagraph && !parent.HasChildren() {
					parent.Parent().RemoveChild(parent.Parent(), parent)
				}
				continue
			}
			// Body images sit below the headline and featured image, so
			// deferring them costs nothing above the fold.
			n.SetAttributeString("loading", []byte("lazy"))
		default:
			dest := linkURL(n, source)
			if !allowedURL(dest, articleSchemes) {
				unwrap(n, source)
				continue
			}
			if isExternal(dest) {
				n.SetAttributeString("rel", []byte(relArticle))
				n.SetAttributeString("class", []byte(classExternal))
			}
		}
	}
}

// commentTransformer turns images into links (a reader must not be able to
// make every visitor's browser fetch a URL of their choosing, such as a
// tracking pixel), drops links the sanitiser would refuse and gives every
// other link rel="nofollow ugc noopener", so that spam earns no search
// ranking.
type commentTransformer struct{}

func (commentTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	for _, img := range collect(doc, ast.KindImage) {
		imageToLink(img.(*ast.Image))
	}
	for _, n := range collect(doc, ast.KindLink, ast.KindAutoLink) {
		dest := linkURL(n, source)
		if !allowedURL(dest, commentSchemes) {
			unwrap(n, source)
			continue
		}
		n.SetAttributeString("rel", []byte(relComment))
		if isExternal(dest) {
			n.SetAttributeString("class", []byte(classExternal))
		}
	}
}

// collect returns the nodes of the given kinds under doc, in document
// order. Transformers change the tree only afterwards: changing it under
// ast.Walk would skip or revisit nodes.
func collect(doc ast.Node, kinds ...ast.NodeKind) []ast.Node {
	var out []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && slices.Contains(kinds, n.Kind()) {
			out = append(out, n)
		}
		return ast.WalkContinue, nil
	})
	return out
}

// linkURL returns the URL a link or autolink points to, as written (an
// autolink's "www." gains its implied "http://").
func linkURL(n ast.Node, source []byte) []byte {
	switch n := n.(type) {
	case *ast.Link:
		return n.Destination
	case *ast.AutoLink:
		u := n.URL(source)
		if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(u), []byte("mailto:")) {
			u = append([]byte("mailto:"), u...)
		}
		return u
	}
	return nil
}

// unwrap replaces a link, autolink or image with its text.
func unwrap(n ast.Node, source []byte) {
	parent := n.Parent()
	if al, ok := n.(*ast.AutoLink); ok {
		label := ast.NewString(al.Label(source))
		label.SetRaw(true) // escaped as text, not read as Markdown
		parent.ReplaceChild(parent, n, label)
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// imageToLink replaces img with a link to the image whose text is the alt
// text, or the URL when there is none. Inside a link, where a second link
// would be invalid HTML, only the alt text is kept.
func imageToLink(img *ast.Image) {
	parent := img.Parent()
	if insideLink(img) {
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, img, c)
			c = next
		}
		parent.RemoveChild(parent, img)
		return
	}
	link := ast.NewLink()
	link.Destination = img.Destination
	link.Title = img.Title
	for c := img.FirstChild(); c != nil; {
		next := c.NextSibling()
		link.AppendChild(link, c)
		c = next
	}
	if !link.HasChildren() {
		label := ast.NewString(img.Destination)
		label.SetRaw(true)
		link.AppendChild(link, label)
	}
	parent.ReplaceChild(parent, img, link)
}

func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindLink {
			return true
		}
	}
	return false
}

// allowedURL reports whether dest is a URL the sanitiser will keep: one
// that parses once goldmark has percent-encoded it as it does when
// rendering, and is relative or uses one of schemes. This mirrors
// bluemonday's check (url.Parse lower-cases the scheme, so "JaVaScRiPt:"
// is caught) so that the AST and the sanitiser agree on what is a link.
func allowedURL(dest []byte, schemes []string) bool {
	s := strings.TrimSpace(string(util.URLEscape(dest, true)))
	if strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	return u.Scheme == "" || slices.Contains(schemes, u.Scheme)
}

// isExternal reports whether dest leaves the site: an absolute http or
// https URL, or a scheme-relative one ("//host/path"), which browsers
// resolve to the same. Relative paths, fragments, mailto: and the like are
// not external.
func isExternal(dest []byte) bool {
	u, err := url.Parse(strings.TrimSpace(string(dest)))
	if err != nil || u.Host == "" {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https" || u.Scheme == ""
}

// nodeRenderer renders the nodes whose default HTML Pressroom replaces.
type nodeRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer. It is registered with a
// higher priority than the task-list extension's renderer, so its
// checkbox rendering wins.
func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindHeadingAnchor, renderHeadingAnchor)
	reg.Register(extast.KindTaskCheckBox, renderTaskCheckBox)
}

func renderHeadingAnchor(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	id := util.EscapeHTML([]byte(n.(*headingAnchor).id))
	_, _ = w.WriteString(` <a class="` + classAnchor + `" href="#`)
	_, _ = w.Write(id)
	_, _ = w.WriteString(`" aria-label="` + anchorLabel + `">#</a>`)
	return ast.WalkContinue, nil
}

// renderTaskCheckBox draws a task list's box as a ballot-box character
// instead of goldmark's disabled <input>: form controls are refused by the
// sanitiser, and a character reads the same to screen readers and survives
// feeds and e-mail.
func renderTaskCheckBox(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if n.(*extast.TaskCheckBox).IsChecked {
		_, _ = w.WriteString("☑ ")
	} else {
		_, _ = w.WriteString("☐ ")
	}
	return ast.WalkContinue, nil
}
