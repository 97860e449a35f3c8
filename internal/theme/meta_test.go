package theme

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/pressroomhq/pressroom/internal/cite"
	"github.com/pressroomhq/pressroom/internal/press"
)

// TestHeadMeta renders the head metadata and the cite box with hostile
// text: nothing in them may end its element or add markup.
func TestHeadMeta(t *testing.T) {
	th := mustLoad(t)
	l := sampleLayout(th)
	const evil = `</script><script>alert(1)</script> & "quotes" <!--`
	l.Title = evil
	l.Meta = Meta{
		Properties: []MetaTag{{Key: "og:title", Content: evil}},
		Names:      []MetaTag{{Key: "citation_title", Content: evil}},
		Links:      []LinkTag{{Rel: "license", Href: "https://example.org/a#republishing-heading"}},
		OEmbed:     "https://example.org/oembed?url=https%3A%2F%2Fexample.org%2Fa&format=json",
		JSONLD:     &JSONLD{Context: "https://schema.org", Graph: []any{LDArticle{Type: "NewsArticle", Headline: evil, URL: "https://example.org/a"}}},
	}
	a := press.Article{Slug: "a", Title: evil}
	p := &ArticlePage{Layout: l, Article: &a, Cite: &Citations{
		APA:    cite.Text{{Text: "Ruiz, A. (2026). "}, {Text: evil, Italic: true}, {Text: "."}},
		MLA:    cite.Text{{Text: evil}},
		BibTeX: "@article{x,\n  title = {{" + evil + "}},\n}\n", RIS: "TY  - NEWS\r\nTI  - " + evil + "\r\nER  - \r\n",
		BibTeXURL: "/articles/a/cite.bib", RISURL: "/articles/a/cite.ris",
	}}
	body, err := th.Article(p)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var scripts []string
	var italics []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "script" {
			var b strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				b.WriteString(c.Data)
			}
			scripts = append(scripts, attr(n, "type")+" "+b.String())
		}
		if n.Type == html.ElementNode && n.Data == "i" && n.FirstChild != nil {
			italics = append(italics, n.FirstChild.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(scripts) != 1 || !strings.HasPrefix(scripts[0], "application/ld+json ") {
		t.Fatalf("script elements: %q, want the JSON-LD only", scripts)
	}
	var ld struct {
		Graph []LDArticle `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(strings.TrimPrefix(scripts[0], "application/ld+json ")), &ld); err != nil || len(ld.Graph) != 1 || ld.Graph[0].Headline != evil {
		t.Errorf("JSON-LD does not round-trip (%v): %s", err, scripts[0])
	}
	if len(italics) != 1 || italics[0] != evil {
		t.Errorf("italic runs %q, want the title once, as text", italics)
	}
	for _, want := range []string{
		`<meta property="og:title" content="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34; &lt;!--">`,
		`<link rel="license" href="https://example.org/a#republishing-heading">`,
		`<link rel="alternate" type="application/json+oembed" href="https://example.org/oembed?url=https%3A%2F%2Fexample.org%2Fa&amp;format=json" title="&lt;/script&gt;`,
		`<pre class="cite-code cite-ris" tabindex="0">TY  - NEWS`,
		`<a href="/articles/a/cite.bib" download>`,
	} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("page lacks %s", want)
		}
	}
	// Without metadata or citations, nothing of them is printed.
	p = &ArticlePage{Layout: sampleLayout(th), Article: &a}
	body, err = th.Article(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"og:", "ld+json", "oembed", "cite-box"} {
		if bytes.Contains(body, []byte(s)) {
			t.Errorf("a page without metadata has %q", s)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
