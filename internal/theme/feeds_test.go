package theme

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/pressroomhq/pressroom/internal/press"
)

// TestFeedLinks renders a page with the site's feeds and its own: all are
// announced in the head, the own ones listed in the page, escaped.
func TestFeedLinks(t *testing.T) {
	th := mustLoad(t)
	l := sampleLayout(th)
	l.Feeds = []FeedLink{
		{Title: `Ana "A" Ruiz (RSS)`, Format: "RSS", Type: "application/rss+xml", Href: "/authors/ana/feed.xml", Own: true},
		{Title: "Ana (JSON Feed)", Format: "JSON Feed", Type: "application/feed+json", Href: "/authors/ana/feed.json", Own: true},
		{Title: "Site (Atom)", Format: "Atom", Type: "application/atom+xml", Href: "/atom.xml"},
	}
	author := press.Author{Slug: "ana", Name: "Ana"}
	body, err := th.Author(&AuthorPage{Layout: l, Author: &author})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var head, visible []string
	var walk func(n *html.Node, inHead bool)
	walk = func(n *html.Node, inHead bool) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			switch {
			case n.Data == "head":
				inHead = true
			case n.Data == "link" && inHead && attr["rel"] == "alternate":
				head = append(head, attr["type"]+" "+attr["href"]+" "+attr["title"])
			case n.Data == "a" && attr["type"] != "":
				visible = append(visible, n.FirstChild.Data+" "+attr["href"])
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inHead)
		}
	}
	walk(doc, false)
	wantHead := "application/rss+xml /authors/ana/feed.xml Ana \"A\" Ruiz (RSS)|application/feed+json /authors/ana/feed.json Ana (JSON Feed)|application/atom+xml /atom.xml Site (Atom)"
	if got := strings.Join(head, "|"); got != wantHead {
		t.Errorf("head links:\n%s\nwant\n%s", got, wantHead)
	}
	if got := strings.Join(visible, "|"); got != "RSS /authors/ana/feed.xml|JSON Feed /authors/ana/feed.json" {
		t.Errorf("subscribe links: %s", got)
	}
	if !bytes.Contains(body, []byte(`<span class="feed-links-label">Subscribe:</span>`)) {
		t.Error("no Subscribe label")
	}

	// A page with only the site's feeds lists none of its own.
	l.Feeds = l.Feeds[2:]
	body, err = th.Author(&AuthorPage{Layout: l, Author: &author})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(body, []byte("feed-links")) || !bytes.Contains(body, []byte(`href="/atom.xml"`)) {
		t.Error("site feeds only: wrong links")
	}
}
