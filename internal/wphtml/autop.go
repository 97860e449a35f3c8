package wphtml

import (
	"regexp"
	"strconv"
	"strings"
)

// Block-level tags as wpautop knows them. Containers hold paragraphs of
// their own, so they get a paragraph break inside their tags as well as
// around them; the others hold inline content.
const (
	containerTags = `blockquote|div|section|article|aside|header|footer|nav|main|details|fieldset|form|ul|ol|dl|table|thead|tbody|tfoot|tr|colgroup|hgroup|menu|map`
	contentTags   = `p|h[1-6]|li|td|th|dt|dd|figure|figcaption|caption|address|legend|summary|hr|col|area|math|pre|iframe|video|audio|object|embed`
	allBlockTags  = containerTags + `|` + contentTags
)

var (
	openAny        = regexp.MustCompile(`<(?:` + allBlockTags + `)(?:[\s/>])`)
	closeAny       = regexp.MustCompile(`</(?:` + allBlockTags + `)>`)
	openContainer  = regexp.MustCompile(`<(?:` + containerTags + `)(?:\s[^>]*)?>`)
	closeContainer = regexp.MustCompile(`</(?:` + containerTags + `)>`)
	startsBlock    = regexp.MustCompile(`^</?(?:` + allBlockTags + `)(?:[\s/>])`)
	endsBlock      = regexp.MustCompile(`(?:</?(?:` + allBlockTags + `)(?:\s[^>]*)?/?>)$`)
	paraBreak      = regexp.MustCompile(`\n[ \t]*\n\s*`)
	protected      = regexp.MustCompile(`(?is)<(pre|script|style|textarea)\b.*?</(?:pre|script|style|textarea)>|<!--.*?-->`)
	placeholder    = regexp.MustCompile("\x00(\\d+)\x00")
)

// Autop applies WordPress's wpautop rules: text separated by a blank line
// becomes paragraphs, a single newline inside a paragraph becomes <br />,
// and block elements are left as they are. The contents of <pre>, <script>,
// <style> and HTML comments are not touched.
func Autop(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	var saved []string
	s = protected.ReplaceAllStringFunc(s, func(m string) string {
		saved = append(saved, m)
		tok := "\x00" + strconv.Itoa(len(saved)-1) + "\x00"
		if strings.HasPrefix(m, "<!--") {
			return tok
		}
		return "\n\n" + tok + "\n\n"
	})
	s = openAny.ReplaceAllStringFunc(s, func(m string) string { return "\n\n" + m })
	s = closeAny.ReplaceAllStringFunc(s, func(m string) string { return m + "\n\n" })
	s = openContainer.ReplaceAllStringFunc(s, func(m string) string { return m + "\n\n" })
	s = closeContainer.ReplaceAllStringFunc(s, func(m string) string { return "\n\n" + m })

	var out []string
	for _, chunk := range paraBreak.Split(s, -1) {
		chunk = strings.TrimSpace(chunk)
		switch {
		case chunk == "":
		case placeholder.MatchString(chunk) && placeholder.FindString(chunk) == chunk:
			out = append(out, chunk)
		case startsBlock.MatchString(chunk) || endsBlock.MatchString(chunk):
			if startsBlock.MatchString(chunk) && !openContainer.MatchString(chunk[:strings.IndexByte(chunk, '>')+1]) {
				chunk = nl2br(chunk)
			}
			out = append(out, chunk)
		default:
			out = append(out, "<p>"+nl2br(chunk)+"</p>")
		}
	}
	s = strings.Join(out, "\n")
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.Atoi(strings.Trim(m, "\x00"))
		return saved[n]
	})
}

// nl2br turns single newlines into line breaks, except next to block tags.
func nl2br(s string) string {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i, line := range lines {
		b.WriteString(line)
		if i == len(lines)-1 {
			break
		}
		if endsBlock.MatchString(strings.TrimSpace(line)) || startsBlock.MatchString(strings.TrimSpace(lines[i+1])) ||
			strings.HasSuffix(strings.TrimSpace(line), "<br />") || strings.HasSuffix(strings.TrimSpace(line), "<br>") {
			b.WriteString("\n")
			continue
		}
		b.WriteString("<br />\n")
	}
	return b.String()
}
