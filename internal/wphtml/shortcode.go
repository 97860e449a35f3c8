package wphtml

import (
	"html"
	"regexp"
	"strings"
)

var (
	captionCode = regexp.MustCompile(`(?s)\[caption([^\]]*)\](.*?)\[/caption\]`)
	captionImg  = regexp.MustCompile(`(?s)^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$`)
	captionAttr = regexp.MustCompile(`caption="([^"]*)"`)
	embedCode   = regexp.MustCompile(`(?s)\[embed[^\]]*\]\s*(https?://[^\s\[<]+)\s*\[/embed\]`)
	embedLine   = regexp.MustCompile(`(?m)^[ \t]*(https?://[^\s<>"]+)[ \t]*$`)
	escapedCode = regexp.MustCompile(`\[\[([^\[\]]+)\]\]`)
)

// Shortcodes expands the shortcodes whose meaning survives outside
// WordPress: [caption] becomes a figure with its figcaption and [embed]URL
// [/embed] a link. Others ([gallery], plugins' codes) stay as text, so an
// editor can see what was there; [[code]], WordPress's escape, stays as
// [code].
func Shortcodes(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	s = captionCode.ReplaceAllStringFunc(s, func(m string) string {
		sub := captionCode.FindStringSubmatch(m)
		attrs, inner := sub[1], sub[2]
		img, text := inner, ""
		if p := captionImg.FindStringSubmatch(inner); p != nil {
			img, text = p[1], strings.TrimSpace(p[2])
		}
		if text == "" {
			if a := captionAttr.FindStringSubmatch(attrs); a != nil {
				text = html.UnescapeString(a[1])
				text = html.EscapeString(text)
			}
		}
		var b strings.Builder
		b.WriteString("\n\n<figure>")
		b.WriteString(strings.TrimSpace(img))
		if text != "" {
			b.WriteString("<figcaption>" + text + "</figcaption>")
		}
		b.WriteString("</figure>\n\n")
		return b.String()
	})
	s = embedCode.ReplaceAllStringFunc(s, func(m string) string {
		return "\n\n" + link(embedCode.FindStringSubmatch(m)[1]) + "\n\n"
	})
	return escapedCode.ReplaceAllString(s, "[$1]")
}

// Autoembed turns a URL alone on its line, which WordPress would have made
// an embedded player, into a link to it.
func Autoembed(s string) string {
	if !strings.Contains(s, "http") {
		return s
	}
	return embedLine.ReplaceAllStringFunc(s, func(m string) string {
		return link(strings.TrimSpace(m))
	})
}

func link(u string) string {
	u = html.UnescapeString(u)
	e := html.EscapeString(u)
	return `<a href="` + e + `">` + e + `</a>`
}
