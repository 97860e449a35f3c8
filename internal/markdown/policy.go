package markdown

import (
	"regexp"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// Patterns for the attribute values the policies let through. Each is
// anchored, since bluemonday otherwise accepts a match anywhere in the
// value, and each is compiled when the first policy is built, not at
// program start.
const (
	// patHeadingID matches the ids headingTransformer makes with
	// press.Slugify: letters (of any script), digits and inner hyphens.
	patHeadingID = `^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$`
	// patFootnoteRefID and patFootnoteID match goldmark's footnote ids:
	// "fnref:1" (or "fnref2:1" for a second reference) and "fn:1".
	patFootnoteRefID = `^fnref[0-9]*:[0-9]+$`
	patFootnoteID    = `^fn:[0-9]+$`
	patLinkClass     = `^(?:` + classAnchor + `|` + classExternal + `|footnote-ref|footnote-backref)$`
	patFootnoteRole  = `^doc-(?:noteref|backlink)$`
	// patLinkRel allows space-separated link types that only describe
	// the link (no "opener", which would undo noopener's point).
	patLinkRel = `^(?:noopener|noreferrer|nofollow|ugc|sponsored|external|license|author|me)` +
		`(?: (?:noopener|noreferrer|nofollow|ugc|sponsored|external|license|author|me))*$`
	// patCodeLanguage matches the class goldmark puts on fenced code:
	// "language-go", "language-c++", "language-objective-c".
	patCodeLanguage = `^language-[A-Za-z0-9_+#.-]{1,40}$`
	patCellAlign    = `^(?:left|center|right)$`
	patCellScope    = `^(?:row|col|rowgroup|colgroup)$`
	patLang         = `^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$`
	patDir          = `^(?:ltr|rtl|auto)$`
	patLoading      = `^(?:lazy|eager)$`
	patOpen         = `^(?:|open)$`
)

// re compiles a pattern from the list above.
func re(pattern string) *regexp.Regexp { return regexp.MustCompile(pattern) }

// exactly returns a pattern matching s and nothing else.
func exactly(s string) *regexp.Regexp { return re(`^` + regexp.QuoteMeta(s) + `$`) }

// articlePolicy is the allow-list for articles and other editorial texts,
// built on first use: what long-form journalism needs and nothing that
// runs code, loads frames or plugins, submits forms or restyles the page.
//
// Not allowed, on purpose: script, style (element and attribute), iframe,
// object, embed, form controls, svg and math (their foreign-content parsing
// rules are the usual road to mutation XSS), event handler attributes,
// target (so raw-HTML links cannot open a window that could reach back
// through window.opener), and URLs other than http, https, mailto, tel and
// relative ones — which refuses javascript:, vbscript: and data:, images
// included.
var articlePolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	urls(p)
	p.AllowURLSchemes("http", "https", "mailto", "tel")

	p.AllowElements(
		"p", "br", "hr", "wbr", "div", "span",
		"h1", "h2", "h3", "h4", "h5", "h6",
		"em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
		"abbr", "cite", "dfn", "q", "time", "kbd", "samp", "var", "code", "pre",
		"blockquote", "figure", "figcaption",
		"ul", "ol", "li", "dl", "dt", "dd",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
		"details", "summary",
	)
	p.AllowAttrs("title").Globally()
	p.AllowAttrs("lang").Matching(re(patLang)).Globally()
	p.AllowAttrs("dir").Matching(re(patDir)).Globally()

	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(re(patLinkRel)).OnElements("a")
	p.AllowAttrs("class").Matching(re(patLinkClass)).OnElements("a")
	p.AllowAttrs("role").Matching(re(patFootnoteRole)).OnElements("a")
	p.AllowAttrs("aria-label").OnElements("a")

	p.AllowAttrs("id").Matching(re(patHeadingID)).OnElements("h1", "h2", "h3", "h4", "h5", "h6")
	p.AllowAttrs("id").Matching(re(patFootnoteRefID)).OnElements("sup")
	p.AllowAttrs("id").Matching(re(patFootnoteID)).OnElements("li")
	p.AllowAttrs("class").Matching(exactly("footnotes")).OnElements("div")
	p.AllowAttrs("role").Matching(exactly("doc-endnotes")).OnElements("div")

	p.AllowAttrs("src", "alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.Integer).OnElements("img")
	p.AllowAttrs("loading").Matching(re(patLoading)).OnElements("img")

	p.AllowAttrs("class").Matching(re(patCodeLanguage)).OnElements("code")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("align").Matching(re(patCellAlign)).OnElements("th", "td")
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("th", "td")
	p.AllowAttrs("scope").Matching(re(patCellScope)).OnElements("th")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("time", "del", "ins")
	p.AllowAttrs("open").Matching(re(patOpen)).OnElements("details")
	return p
})

// commentPolicy is the allow-list for reader comments, built on first use.
// It matches what the comment parser can produce and nothing more, and
// insists on nofollow itself, so a link that somehow lacked the rel set in
// the AST would still get no search ranking.
var commentPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	urls(p)
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(true)

	p.AllowElements("p", "br", "em", "strong", "del", "blockquote", "code", "pre", "ul", "ol", "li")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(exactly(relComment)).OnElements("a")
	p.AllowAttrs("class").Matching(exactly(classExternal)).OnElements("a")
	p.AllowAttrs("class").Matching(re(patCodeLanguage)).OnElements("code")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	return p
})

// urls sets the URL rules both policies share: every URL must parse (so
// its scheme is known and checked) and relative URLs are fine.
func urls(p *bluemonday.Policy) {
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
}
