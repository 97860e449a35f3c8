// Package markdown turns the Markdown that editors, authors and readers write
// into the sanitised HTML that Pressroom stores and themes print as is.
//
// There are two pipelines. Article and Text serve the newsroom: GitHub
// Flavoured Markdown, footnotes, typographic punctuation, raw HTML for the
// odd figure, heading ids with self-links and marked outbound links. Comment
// serves readers: a small subset with no raw HTML, no headings and no
// images. Whatever goldmark renders, every byte of HTML then passes through a
// bluemonday allow-list, so a mistake in Markdown handling can cost
// formatting but never let script through.
//
// HTML is rendered when text is written, never when it is read. Stored HTML
// records the Version it was rendered with, and the store re-renders
// anything older when Version changes.
package markdown

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Version identifies the HTML this package produces. Bump it whenever the
// output for some input changes (a new extension, a policy change, different
// markup for anchors …): stored HTML rendered with an older version is then
// re-rendered from its Markdown source.
const Version = 1

// Article renders an article body. Rendered.HTML is sanitised and safe to
// print unescaped. Rendered.Excerpt is the plain text of the opening
// paragraph(s) (more than one only while the text is short of 140
// characters), cut at a word boundary to at most 300 characters and ended
// with "…" when cut; it is empty when the body has no text.
// Rendered.WordCount counts the words of Plain(src), so footnotes, table
// cells and code count while image alt texts, raw HTML blocks and markup do
// not.
func Article(src string) press.Rendered {
	doc, source := parse(articleMarkdown(), src)
	return press.Rendered{
		HTML:      render(articleMarkdown(), articlePolicy(), doc, source),
		Excerpt:   excerpt(doc, source),
		WordCount: wordCount(plainText(doc, source)),
	}
}

// Text renders the other editorial texts: author bios, the site's standing
// texts (republishing policy, disclaimer …), term descriptions and pages.
// It is the Article pipeline and policy, returning only the HTML.
func Text(src string) string {
	doc, source := parse(articleMarkdown(), src)
	return render(articleMarkdown(), articlePolicy(), doc, source)
}

// Comment renders a reader's comment with a stricter parser and policy:
// paragraphs, emphasis, strikethrough, links, block quotes, code and lists.
// Raw HTML is shown as the text it is, headings stay paragraphs and images
// become links to the image, so nothing a reader writes can load content
// into the page. Every link carries rel="nofollow ugc noopener".
func Comment(src string) string {
	doc, source := parse(commentMarkdown(), src)
	return render(commentMarkdown(), commentPolicy(), doc, source)
}

// Plain returns the text of src with all markup removed and runs of
// whitespace collapsed to single spaces, for meta descriptions and search
// snippets. Typographic punctuation is applied as in Article; images, raw
// HTML blocks, footnote markers and heading anchors leave nothing behind.
// The result is plain text, not HTML: escape it when printing it.
func Plain(src string) string {
	doc, source := parse(articleMarkdown(), src)
	return plainText(doc, source)
}

// typographicSubstitutions makes the typographer emit characters rather
// than its default HTML entities, so that plain text, slugs and excerpts
// carry the same punctuation as the HTML without decoding it again.
var typographicSubstitutions = extension.TypographicSubstitutions{
	extension.LeftSingleQuote:  []byte("‘"),
	extension.RightSingleQuote: []byte("’"),
	extension.LeftDoubleQuote:  []byte("“"),
	extension.RightDoubleQuote: []byte("”"),
	extension.EnDash:           []byte("–"),
	extension.EmDash:           []byte("—"),
	extension.Ellipsis:         []byte("…"),
	extension.LeftAngleQuote:   []byte("«"),
	extension.RightAngleQuote:  []byte("»"),
	extension.Apostrophe:       []byte("’"),
}

// articleMarkdown is the newsroom's converter, built on first use.
var articleMarkdown = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.NewTypographer(extension.WithTypographicSubstitutions(typographicSubstitutions)),
		),
		goldmark.WithParserOptions(parser.WithASTTransformers(
			util.Prioritized(headingTransformer{}, 100),
			util.Prioritized(articleLinkTransformer{}, 200),
		)),
		goldmark.WithRendererOptions(
			// Editors write figures and other HTML by hand; the
			// sanitiser, not goldmark, decides what of it survives.
			html.WithUnsafe(),
			// An align attribute rather than an inline style: it needs no
			// CSS in the sanitiser, and a Content-Security-Policy without
			// 'unsafe-inline' styles (which blocks style attributes) does
			// not break table alignment.
			extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute),
			renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100)),
		),
	)
})

// commentMarkdown is the readers' converter, built on first use. Its parser
// is assembled from a short list rather than goldmark's defaults minus a
// few, so that a goldmark upgrade adding a block or inline syntax does not
// silently widen what readers may write.
var commentMarkdown = sync.OnceValue(func() goldmark.Markdown {
	p := parser.NewParser(
		parser.WithBlockParsers(
			// No headings (ATX or setext), thematic breaks or HTML blocks:
			// their lines stay text in a paragraph.
			util.Prioritized(parser.NewListParser(), 300),
			util.Prioritized(parser.NewListItemParser(), 400),
			util.Prioritized(parser.NewCodeBlockParser(), 500),
			util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
			util.Prioritized(parser.NewBlockquoteParser(), 800),
			util.Prioritized(parser.NewParagraphParser(), 1000),
		),
		parser.WithInlineParsers(
			// No raw HTML parser: "<b>" in a comment is shown as typed.
			util.Prioritized(parser.NewCodeSpanParser(), 100),
			util.Prioritized(parser.NewLinkParser(), 200),
			util.Prioritized(parser.NewAutoLinkParser(), 300),
			util.Prioritized(parser.NewEmphasisParser(), 500),
		),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithASTTransformers(util.Prioritized(commentTransformer{}, 100)),
	)
	return goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(
			extension.Linkify,
			extension.Strikethrough,
			extension.NewTypographer(extension.WithTypographicSubstitutions(typographicSubstitutions)),
		),
		// Deliberately not html.WithUnsafe: goldmark then also blanks
		// javascript: and similar link targets before the sanitiser runs.
	)
})

// parse parses src with md. It returns the document and the source bytes
// the document's segments point into.
func parse(md goldmark.Markdown, src string) (ast.Node, []byte) {
	source := []byte(src)
	return md.Parser().Parse(text.NewReader(source)), source
}

// render renders doc with md, balances the tags and sanitises the result
// with policy. A render error can only come from a writer, and
// bytes.Buffer does not fail, so there is no error to return.
func render(md goldmark.Markdown, policy *bluemonday.Policy, doc ast.Node, source []byte) string {
	var buf bytes.Buffer
	_ = md.Renderer().Render(&buf, source, doc)
	return strings.TrimSpace(policy.Sanitize(balance(buf.String())))
}

// balance returns s parsed as the content of a <div>, the way a browser
// would, and serialised again. Raw HTML may open a tag it never closes or
// close one it never opened ("</div></div>"); stored HTML is printed into
// themes as is, so such a fragment would swallow or break the page around
// it. The sanitiser cannot repair this (it works on tokens, not a tree),
// but it keeps balanced input balanced, so balancing comes first and the
// sanitiser still has the last word.
func balance(s string) string {
	ctx := &xhtml.Node{Type: xhtml.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := xhtml.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		// The parser only fails when reading fails, and a
		// strings.Reader does not; nothing is safer than nothing.
		return ""
	}
	var b strings.Builder
	for _, n := range nodes {
		sortAttrs(n)
		_ = xhtml.Render(&b, n)
	}
	return b.String()
}

// sortAttrs puts the attributes of n and its descendants in name order.
// Newer versions of the HTML parser sort some elements' attributes and
// older ones none; sorting them all keeps the stored HTML the same across
// dependency updates, so they do not show up as changed renders.
func sortAttrs(n *xhtml.Node) {
	slices.SortStableFunc(n.Attr, func(a, b xhtml.Attribute) int {
		return cmp.Or(strings.Compare(a.Namespace, b.Namespace), strings.Compare(a.Key, b.Key))
	})
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		sortAttrs(c)
	}
}
