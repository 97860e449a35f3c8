package feed

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// urlAttrs are the attributes that hold one URL, by element; "*" applies
// to every element. The article policy lets few of them through, but a
// feed must not depend on that staying so.
var urlAttrs = map[string][]string{
	"a": {"href"}, "area": {"href"}, "img": {"src", "longdesc"}, "source": {"src"},
	"video": {"src", "poster"}, "audio": {"src"}, "track": {"src"}, "iframe": {"src"},
	"embed": {"src"}, "object": {"data"}, "blockquote": {"cite"}, "q": {"cite"},
	"del": {"cite"}, "ins": {"cite"}, "form": {"action"}, "input": {"src"},
}

// absolute returns the HTML fragment body with every relative URL in it
// resolved against base: links, image sources and srcsets, quotation
// sources. "#fn:1" becomes the footnote on the article's own page. It
// works on the parsed tree, so URLs in text or in other attributes are
// left alone. A body that does not parse is returned unchanged; the
// parser accepts anything, so that does not happen.
func absolute(body string, base *url.URL) string {
	context := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(body), context)
	if err != nil {
		return body
	}
	var b strings.Builder
	for _, n := range nodes {
		resolveTree(n, base)
		if err := html.Render(&b, n); err != nil {
			return body
		}
	}
	return b.String()
}

func resolveTree(n *html.Node, base *url.URL) {
	if n.Type == html.ElementNode {
		keys := urlAttrs[n.Data]
		for i, a := range n.Attr {
			if a.Namespace != "" {
				continue
			}
			switch {
			case a.Key == "srcset" && (n.Data == "img" || n.Data == "source"):
				n.Attr[i].Val = resolveSrcset(a.Val, base)
			case contains(keys, a.Key):
				n.Attr[i].Val = resolve(a.Val, base)
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		resolveTree(c, base)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// resolve returns ref resolved against base; a ref that is not a URL is
// left as it is.
func resolve(ref string, base *url.URL) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return base.ResolveReference(u).String()
}

// resolveSrcset resolves each candidate of a srcset: comma-separated URLs,
// each followed by an optional width or density descriptor.
func resolveSrcset(set string, base *url.URL) string {
	candidates := strings.Split(set, ",")
	out := make([]string, 0, len(candidates))
	for _, c := range candidates {
		fields := strings.Fields(c)
		if len(fields) == 0 {
			continue
		}
		fields[0] = resolve(fields[0], base)
		out = append(out, strings.Join(fields, " "))
	}
	return strings.Join(out, ", ")
}
