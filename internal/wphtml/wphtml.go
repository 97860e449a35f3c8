// Package wphtml turns the HTML that WordPress stores in post_content into
// Markdown for Pressroom. WordPress does not store finished HTML: classic
// posts rely on wpautop to make paragraphs from blank lines, shortcodes
// such as [caption] and [embed] are expanded at display time, and block
// editor posts carry their structure in HTML comments. This package applies
// those rules first, then converts the resulting HTML with html-to-markdown.
// What Markdown cannot express (figures, embeds, tables with merged cells)
// stays as raw HTML inside the Markdown; the Markdown renderer passes it
// through its sanitiser, so nothing legitimate is lost and nothing
// dangerous survives.
package wphtml

import (
	"regexp"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
)

// ToMarkdown converts a WordPress post body to Markdown. Block editor
// content (with <!-- wp:… --> comments) is taken as finished HTML, as
// WordPress does; classic content goes through wpautop. Shortcodes are
// expanded first. An error means the converter failed; the caller may then
// keep the HTML as it is.
func ToMarkdown(content string) (string, error) {
	s := strings.ReplaceAll(content, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	blocks := IsBlocks(s)
	s = StripBlockComments(s)
	// "<![CDATA[" in a post is text to WordPress's readers' browsers only
	// by accident; an HTML parser drops it as a bogus comment. Kept as
	// text, it is never lost.
	s = strings.ReplaceAll(s, "<![CDATA[", "&lt;![CDATA[")
	s = Shortcodes(s)
	s = Autoembed(s)
	if !blocks {
		s = Autop(s)
	}
	out, err := newConverter().ConvertString(s)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(unescapeGT(autolinks(out))) + "\n", nil
}

// unescapeGT writes the converter's "&gt;" in text back as ">" wherever
// it cannot start a block quote: "<" stays escaped, so a bare ">" forms no
// tag, and text such as "]]>" keeps its literal form in the Markdown
// source. Fenced code is left alone.
func unescapeGT(md string) string {
	if !strings.Contains(md, "&gt;") {
		return md
	}
	lines := strings.Split(md, "\n")
	fenced := false
	for i, line := range lines {
		trimmed := strings.TrimLeft(line, " \t")
		if strings.HasPrefix(trimmed, "```") {
			fenced = !fenced
			continue
		}
		if fenced || !strings.Contains(line, "&gt;") {
			continue
		}
		lead := line[:len(line)-len(trimmed)]
		if strings.HasPrefix(trimmed, "&gt;") {
			lead += "&gt;"
			trimmed = trimmed[len("&gt;"):]
		}
		lines[i] = lead + strings.ReplaceAll(trimmed, "&gt;", ">")
	}
	return strings.Join(lines, "\n")
}

var mdLink = regexp.MustCompile(`\[([^\]\n]+)\]\((https?://[^)\s]+)\)`)

// autolinks writes a link whose text is its URL as a Markdown autolink.
func autolinks(md string) string {
	return mdLink.ReplaceAllStringFunc(md, func(m string) string {
		sub := mdLink.FindStringSubmatch(m)
		if strings.ReplaceAll(sub[1], `\`, "") == sub[2] && !strings.ContainsAny(sub[2], "<> ") {
			return "<" + sub[2] + ">"
		}
		return m
	})
}

// HTML returns the WordPress body as the HTML WordPress would have shown,
// before conversion to Markdown: block comments removed, shortcodes
// expanded, paragraphs made for classic content.
func HTML(content string) string {
	s := strings.ReplaceAll(content, "\r\n", "\n")
	blocks := IsBlocks(s)
	s = Autoembed(Shortcodes(StripBlockComments(s)))
	if !blocks {
		s = Autop(s)
	}
	return s
}

var blockComment = regexp.MustCompile(`<!--\s*/?wp:[a-z][a-z0-9_/-]*(?:\s[^>]*?)?/?-->\n?`)

// IsBlocks reports whether content was written in the block editor.
func IsBlocks(content string) bool { return strings.Contains(content, "<!-- wp:") }

// StripBlockComments removes the block editor's delimiting comments
// (<!-- wp:paragraph -->, <!-- /wp:paragraph -->, self-closing ones),
// keeping the HTML between them.
func StripBlockComments(s string) string { return blockComment.ReplaceAllString(s, "") }

// newConverter builds a converter for one conversion. Converters keep
// per-conversion state, so none is shared between goroutines.
func newConverter() *converter.Converter {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(),
		table.NewTablePlugin(),
		strikethrough.NewStrikethroughPlugin(),
	))
	// Elements Markdown has no syntax for are kept as HTML blocks.
	for _, tag := range []string{"figure", "iframe", "video", "audio", "object", "embed", "dl", "details"} {
		conv.Register.TagType(tag, converter.TagTypeBlock, converter.PriorityEarly)
		conv.Register.RendererFor(tag, converter.TagTypeBlock, base.RenderAsHTML, converter.PriorityEarly)
	}
	for _, tag := range []string{"sup", "sub", "mark", "u", "abbr", "cite"} {
		conv.Register.RendererFor(tag, converter.TagTypeInline, base.RenderAsHTML, converter.PriorityEarly)
	}
	conv.Register.Renderer(renderComplexTable, converter.PriorityEarly)
	return conv
}

// renderComplexTable keeps tables that a Markdown table would garble
// (merged cells, nested tables, block content in cells) as HTML.
func renderComplexTable(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if dom.NodeName(n) != "table" || !complexTable(n) {
		return converter.RenderTryNext
	}
	w.WriteString("\n\n")
	_ = html.Render(w, n)
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

func complexTable(t *html.Node) bool {
	var complex bool
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		for c := n.FirstChild; c != nil && !complex; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.Data {
			case "table":
				complex = true
				return
			case "td", "th":
				for _, a := range c.Attr {
					if (a.Key == "colspan" || a.Key == "rowspan") && strings.TrimSpace(a.Val) != "1" {
						complex = true
						return
					}
				}
			case "p", "ul", "ol", "blockquote", "pre", "img", "figure", "h1", "h2", "h3", "h4", "h5", "h6":
				if depth > 0 {
					complex = true
					return
				}
			}
			d := depth
			if c.Data == "td" || c.Data == "th" {
				d = 1
			}
			walk(c, d)
		}
	}
	walk(t, 0)
	return complex
}
