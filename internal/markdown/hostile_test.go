package markdown

import (
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

// hostile is input written to get script, frames, forms or styles into a
// page. Each is tried on every pipeline; gone lists text that must not
// reach Article or Text output at all, not even as text (Comment shows raw
// HTML escaped, as the reader typed it). Cases with no gone come out as
// harmless escaped text; dangers checks them like all the others.
var hostile = []struct {
	name string
	src  string
	gone []string
}{
	{"script", `<script>alert(1)</script>`, []string{"alert"}},
	{"script upper case, external", `<SCRIPT SRC=//evil.example/x.js></SCRIPT>`, []string{"evil"}},
	{"script split", `<scr<script>ipt>alert(1)</script>`, []string{"<scr"}},
	{"script in Markdown paragraph", "Hello <script>alert(1)</script> world", []string{"alert"}},
	{"img onerror", `<img src=x onerror=alert(1)>`, []string{"onerror", "alert"}},
	{"img slashes", `<img/src=x/onerror=alert(1)>`, nil}, // not an HTML tag to CommonMark: text
	{"img eval src", `<img src=x:alert(alt) onerror=eval(src) alt=0>`, []string{"onerror", "x:alert"}},
	{"md link javascript", `[x](javascript:alert(1))`, []string{"javascript"}},
	{"md link mixed case", `[x](JaVaScRiPt:alert(1))`, []string{"javascript"}},
	{"md link entity", `[x](&#106;avascript:alert(1))`, []string{"javascript"}},
	{"md link hex entity", `[x](&#x6A;avascript&#x3A;alert(1))`, []string{"javascript"}},
	{"md link tab entity", `[x](java&#9;script:alert(1))`, []string{"script:"}},
	{"md link angle brackets", `[x](<javascript:alert(1)>)`, []string{"javascript"}},
	{"md reference link", "[x][r]\n\n[r]: javascript:alert(1)", []string{"javascript"}},
	{"md image javascript", `![x](javascript:alert(1))`, []string{"javascript"}},
	{"md link vbscript", `[x](vbscript:msgbox(1))`, []string{"href"}},
	{"autolink javascript", `<javascript:alert(1)>`, []string{"href"}},
	{"html link mixed case", `<a href="JaVaScRiPt:alert(1)">x</a>`, []string{"javascript"}},
	{"html link entity", `<a href="&#106;avascript:alert(1)">x</a>`, []string{"javascript"}},
	{"html link named entity", `<a href="javascript&colon;alert(1)">x</a>`, []string{"javascript"}},
	{"html link leading space", `<a href=" javascript:alert(1)">x</a>`, []string{"javascript"}},
	{"html link tab", "<a href=\"jav\tascript:alert(1)\">x</a>", []string{"ascript"}},
	{"html link control char", "<a href=\"\x01javascript:alert(1)\">x</a>", []string{"javascript"}},
	{"html link with handlers", `<a href="https://example.org" onmouseover="alert(1)" target="_blank" style="color:red">x</a>`,
		[]string{"onmouseover", "target", "style"}},
	{"iframe", `<iframe src="https://evil.example/"></iframe>`, []string{"iframe", "evil"}},
	{"iframe srcdoc", `<iframe srcdoc="<script>alert(1)</script>"></iframe>`, []string{"srcdoc"}},
	{"object", `<object data="https://evil.example/x.swf"></object>`, []string{"evil"}},
	{"embed", `<embed src="https://evil.example/x.swf">`, []string{"evil"}},
	{"svg onload", `<svg onload=alert(1)><circle r=1 /></svg>`, []string{"onload", "svg"}},
	{"svg script", `<svg><script>alert(1)</script></svg>`, []string{"alert"}},
	{"svg animate href", `<svg><a><animate attributeName=href values=javascript:alert(1) /><text y=20>x</text></a></svg>`,
		[]string{"javascript", "animate"}},
	{"style element", `<style>body{display:none}</style>visible`, []string{"display"}},
	{"style attribute", `<p style="background:url(javascript:alert(1))">x</p>`, []string{"background"}},
	{"stylesheet link", `<link rel="stylesheet" href="https://evil.example/x.css">`, []string{"evil"}},
	{"md image data", `![x](data:image/png;base64,iVBORw0KGgo=)`, []string{"data:"}},
	{"html image data", `<img src="data:image/svg+xml;base64,PHN2Zz4=">`, []string{"data:"}},
	{"md link data", `[x](data:text/html;base64,PHNjcmlwdD4=)`, []string{"data:"}},
	{"form", `<form action="https://evil.example/"><input name="password"><button>Log in</button></form>`,
		[]string{"form", "input", "password"}},
	{"formaction", `<button formaction="javascript:alert(1)">x</button>`, []string{"formaction", "javascript"}},
	{"textarea", `<textarea><img src=x onerror=alert(1)></textarea>`, nil}, // RCDATA: the img is text
	{"math mglyph style", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, []string{"onerror"}},
	{"math href", `<math href="javascript:alert(1)">click</math>`, []string{"javascript"}},
	{"noscript", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`, []string{"onerror"}},
	{"xmp", `<xmp><img src=x onerror=alert(1)></xmp>`, nil}, // raw text: the img is text
	{"template", `<template><script>alert(1)</script></template>`, []string{"alert"}},
	{"details ontoggle", `<details open ontoggle=alert(1)><summary>x</summary></details>`, []string{"ontoggle"}},
	{"base", `<base href="javascript:alert(1)//">`, []string{"javascript"}},
	{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`, []string{"refresh"}},
	{"html comment", `<!--<img src=x onerror=alert(1)>-->`, []string{"onerror"}},
	{"heading id injection", `<h2 id="x" onclick="alert(1)">T</h2>`, []string{"onclick"}},
	{"class and id injection", `<div class="modal" id="login">x</div>`, []string{"modal", "login"}},
	{"unclosed attribute", `<a href="https://example.org" title="x>y <img src=x onerror=alert(1)>">z</a>`, nil},
	{"markdown attribute syntax", "## Title {#x onclick=alert(1)}", nil},
	{"link title break out", `[x](https://example.org "a\" onmouseover=\"alert(1)")`, nil},
	{"autolink quote", `<https://example.org/"onmouseover="alert(1)>`, nil},
}

func TestHostileInput(t *testing.T) {
	pipelines := []struct {
		name   string
		render func(string) string
		strict bool // gone applies
	}{
		{"Article", func(s string) string { return Article(s).HTML }, true},
		{"Text", Text, true},
		{"Comment", Comment, false},
	}
	for _, tt := range hostile {
		for _, p := range pipelines {
			t.Run(tt.name+"/"+p.name, func(t *testing.T) {
				out := p.render(tt.src)
				for _, d := range dangers(out) {
					t.Errorf("%s(%q) = %q\ncarries %s", p.name, tt.src, out, d)
				}
				if !p.strict {
					return
				}
				for _, g := range tt.gone {
					if strings.Contains(strings.ToLower(out), strings.ToLower(g)) {
						t.Errorf("%s(%q) = %q\nstill contains %q", p.name, tt.src, out, g)
					}
				}
			})
		}
	}
}

// TestDangersDetects proves the checker used by the hostile, fuzz and spec
// tests can fail: each of these must be reported.
func TestDangersDetects(t *testing.T) {
	for _, s := range []string{
		`<script>x</script>`,
		`<p><SCRIPT>x</SCRIPT></p>`,
		`<img src="x" onerror="y">`,
		`<a href="javascript:x">a</a>`,
		`<a href=" JAVA&#9;SCRIPT:x">a</a>`,
		`<a href="vbscript:x">a</a>`,
		`<img src="data:image/png;base64,AA">`,
		`<iframe></iframe>`,
		`<p style="color:red">x</p>`,
		`<form><input></form>`,
		`<svg></svg>`,
		`<a href="https://x" target="_blank">x</a>`,
	} {
		if len(dangers(s)) == 0 {
			t.Errorf("dangers(%q) found nothing", s)
		}
	}
	for _, s := range []string{
		`<p>javascript: is a word in text, as is onload=x</p>`,
		`<p>&lt;script&gt;</p>`,
		`<a href="https://example.org/javascript:x" rel="noopener" class="external">x</a>`,
	} {
		if d := dangers(s); len(d) != 0 {
			t.Errorf("dangers(%q) = %q, want nothing", s, d)
		}
	}
}

// forbiddenElements may never appear in output of any pipeline: they run
// code, embed other documents, submit data or restyle the page, or switch
// the parser into foreign content.
var forbiddenElements = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true,
	"object": true, "embed": true, "applet": true, "form": true, "input": true,
	"button": true, "textarea": true, "select": true, "option": true, "svg": true,
	"math": true, "link": true, "meta": true, "base": true, "template": true,
	"noscript": true, "xmp": true, "plaintext": true, "noembed": true,
}

// urlAttributes are attributes a browser follows or loads.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "cite": true, "action": true, "formaction": true,
	"background": true, "poster": true, "data": true, "xlink:href": true,
	"srcset": true, "longdesc": true, "usemap": true, "dynsrc": true, "lowsrc": true,
}

// dangers tokenises out as a browser would and lists what could run
// script, load active content or escape the article: forbidden elements,
// event handler, style and target attributes, and script or data URLs in
// URL attributes. It looks at markup only, so text that merely mentions
// "javascript:" (escaped, as a comment showing what its reader typed) is
// not reported.
func dangers(out string) []string {
	var found []string
	if strings.Contains(strings.ToLower(out), "<script") {
		found = append(found, "a <script literal")
	}
	z := xhtml.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return found
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			if forbiddenElements[tok.Data] {
				found = append(found, "element <"+tok.Data+">")
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(key, "on"):
					found = append(found, "event attribute "+key)
				case key == "style" || key == "srcdoc" || key == "target":
					found = append(found, "attribute "+key)
				case urlAttributes[key] && scriptURL(a.Val):
					found = append(found, "URL "+key+"="+a.Val)
				}
			}
		}
	}
}

// scriptURL reports whether a URL attribute value (already entity-decoded
// by the tokeniser) would run script or load inline content. Browsers
// ignore ASCII whitespace and control characters inside the scheme, so
// they are removed before looking.
func scriptURL(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, strings.ToLower(v))
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")
}
