package markdown

import (
	"bufio"
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
)

// Excerpt bounds, in characters (runes). The excerpt takes whole opening
// paragraphs until it has at least excerptMin characters, so a one-line
// standfirst is followed by the lede, then cuts at excerptMax.
const (
	excerptMin = 140
	excerptMax = 300
)

// plainText returns the text of n and its descendants with whitespace
// collapsed.
//
// Text is written exactly as goldmark's HTML renderer writes it (backslash
// escapes removed, entity and numeric references resolved, the result
// HTML-escaped) and unescaped once at the end, so plain text and HTML can
// never disagree about what a piece of source means.
func plainText(n ast.Node, source []byte) string {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	out := ghtml.DefaultWriter
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() != ast.TypeInline {
			// Blocks (paragraphs, list items, table cells …) are words
			// apart even where the HTML puts no space between them.
			_ = w.WriteByte(' ')
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			if n.IsRaw() {
				out.RawWrite(w, n.Value(source))
			} else {
				out.Write(w, n.Value(source))
			}
			if n.SoftLineBreak() || n.HardLineBreak() {
				_ = w.WriteByte(' ')
			}
		case *ast.String:
			switch {
			case n.IsCode():
				_, _ = w.Write(n.Value) // already HTML, as the renderer writes it
			case n.IsRaw():
				out.RawWrite(w, n.Value)
			default:
				out.Write(w, n.Value)
			}
		case *ast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					out.RawWrite(w, t.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			out.RawWrite(w, n.Label(source))
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				out.RawWrite(w, seg.Value(source))
			}
			return ast.WalkSkipChildren, nil
		case *ast.Image:
			// Alt text describes a picture; it is not part of the prose.
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML, *ast.HTMLBlock, *headingAnchor,
			*extast.FootnoteLink, *extast.FootnoteBacklink, *extast.TaskCheckBox:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	_ = w.Flush()
	return collapseSpace(html.UnescapeString(buf.String()))
}

// collapseSpace trims s and replaces every run of white space with a single
// space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// excerpt returns the plain text of the document's opening paragraphs,
// shortened by truncate. Paragraphs holding only images are passed over;
// a document with no top-level paragraph at all (only lists, say) falls back
// to its whole text.
func excerpt(doc ast.Node, source []byte) string {
	var parts []string
	n := 0
	for c := doc.FirstChild(); c != nil && n < excerptMin; c = c.NextSibling() {
		if c.Kind() != ast.KindParagraph {
			continue
		}
		t := plainText(c, source)
		if t == "" {
			continue
		}
		parts = append(parts, t)
		n += utf8.RuneCountInString(t) + 1
	}
	s := strings.Join(parts, " ")
	if s == "" {
		s = plainText(doc, source)
	}
	return truncate(s, excerptMax)
}

// truncate returns s when it has at most max runes. Otherwise it cuts s at
// the last space within max runes (or hard at max when the only space is
// early, as in a long URL), drops trailing punctuation that would dangle
// and appends "…", so the result is at most max+1 runes.
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max]
	for i := len(r) - 1; i > max/2; i-- {
		if unicode.IsSpace(r[i]) {
			r = r[:i]
			break
		}
	}
	cut := strings.TrimRightFunc(string(r), func(c rune) bool {
		return unicode.IsSpace(c) || strings.ContainsRune(".,;:-–—([{“‘«/", c)
	})
	return cut + "…"
}

// wordCount counts the words of plain text: runs between spaces that hold
// at least one letter or digit, so a spaced dash or a lone "&" is no word.
func wordCount(plain string) int {
	n := 0
	for _, f := range strings.Fields(plain) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}
