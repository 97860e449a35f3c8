package site_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/pressroomhq/pressroom/internal/presstest"
)

type oembedAnswer struct {
	Version         string `json:"version"`
	Type            string `json:"type"`
	Title           string `json:"title"`
	AuthorName      string `json:"author_name"`
	AuthorURL       string `json:"author_url"`
	ProviderName    string `json:"provider_name"`
	ProviderURL     string `json:"provider_url"`
	HTML            string `json:"html"`
	Width           int    `json:"width"`
	Height          int    `json:"height"`
	ThumbnailURL    string `json:"thumbnail_url"`
	ThumbnailWidth  int    `json:"thumbnail_width"`
	ThumbnailHeight int    `json:"thumbnail_height"`
}

func mustOEmbed(t *testing.T, s *presstest.Site, query string, status int) (*presstest.Doc, oembedAnswer) {
	t.Helper()
	d := presstest.MustGet(t, s.URL+"/oembed?"+query, status)
	if ct := d.Resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", query, ct)
	}
	if d.Resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("%s: no CORS header", query)
	}
	var o oembedAnswer
	if err := json.Unmarshal([]byte(d.Body), &o); err != nil {
		t.Fatalf("%s: %v\n%s", query, err, d.Body)
	}
	return d, o
}

func articleQuery(u string, extra ...string) string {
	return strings.Join(append([]string{"url=" + url.QueryEscape(u)}, extra...), "&")
}

// TestOEmbed answers for an article with a rich card.
func TestOEmbed(t *testing.T) {
	t.Parallel()
	s := mustMetaSite(t)
	const own = "https://desk.example/articles/water-war"
	_, o := mustOEmbed(t, s, articleQuery(own, "format=json"), http.StatusOK)
	card := o.HTML
	o.HTML = ""
	want := oembedAnswer{Version: "1.0", Type: "rich", Title: "The water war nobody names",
		AuthorName: "Ana Ruiz and Lee Park", AuthorURL: "https://desk.example/authors/ana-ruiz",
		ProviderName: "The Test Desk", ProviderURL: "https://desk.example/", Width: 600, Height: 200,
		ThumbnailURL: "https://desk.example/media/demo/water.svg", ThumbnailWidth: 1200, ThumbnailHeight: 675}
	if diff := cmp.Diff(want, o); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The card is a quotation linking to the article, with nothing to run.
	doc, err := html.Parse(strings.NewReader(card))
	if err != nil {
		t.Fatal(err)
	}
	var elements, links []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			elements = append(elements, n.Data)
			if n.Data == "a" {
				links = append(links, presstest.Attr(n, "href"))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if got := strings.Join(elements, " "); got != "html head body blockquote p a p p a" {
		t.Errorf("card elements: %s\n%s", got, card)
	}
	if diff := cmp.Diff([]string{own, "https://desk.example/"}, links); diff != "" {
		t.Errorf("card links (-want +got):\n%s", diff)
	}
	if got := presstest.Text(doc); got != "The water war nobody names"+"Dams, drought and a quiet contest."+"Ana Ruiz and Lee Park, The Test Desk, March 4, 2026" {
		t.Errorf("card text: %q", got)
	}

	// The same article by the address the request came to, with a query
	// and fragment; a narrower card; one too small to fit, which becomes
	// a link.
	_, o = mustOEmbed(t, s, articleQuery(s.URL+"/articles/water-war?ref=x#cite-heading", "maxwidth=400"), http.StatusOK)
	if o.Type != "rich" || o.Width != 400 || o.Title != "The water war nobody names" {
		t.Errorf("maxwidth=400: type %q, width %d, title %q", o.Type, o.Width, o.Title)
	}
	for _, q := range []string{"maxwidth=100", "maxheight=150", "maxwidth=900&maxheight=199"} {
		_, o = mustOEmbed(t, s, articleQuery(own, q), http.StatusOK)
		if o.Type != "link" || o.HTML != "" || o.Width != 0 || o.Height != 0 || o.Title == "" {
			t.Errorf("%s: %+v, want a link", q, o)
		}
	}
}

// TestOEmbedEscapes: titles and names are text in the card, never markup.
func TestOEmbedEscapes(t *testing.T) {
	t.Parallel()
	s := mustMetaSite(t)
	_, o := mustOEmbed(t, s, articleQuery("https://desk.example/articles/region-only"), http.StatusOK)
	if o.Title != `Dams & "dykes" <b>not bold</b>?` {
		t.Errorf("title = %q", o.Title)
	}
	if strings.Contains(o.HTML, "<b>") || !strings.Contains(o.HTML, `Dams &amp; &#34;dykes&#34; &lt;b&gt;not bold&lt;/b&gt;?</a>`) {
		t.Errorf("card = %s", o.HTML)
	}
	if o.ThumbnailURL != "" || o.ThumbnailWidth != 0 {
		t.Errorf("a thumbnail for an article without an image: %+v", o)
	}
	_, o = mustOEmbed(t, s, articleQuery("https://desk.example/articles/unsigned"), http.StatusOK)
	if o.AuthorName != "" || o.AuthorURL != "" || !strings.Contains(o.HTML, `<p><a href="https://desk.example/">The Test Desk</a>, April 2, 2026</p>`) {
		t.Errorf("unsigned piece: %+v", o)
	}
}

func TestOEmbedErrors(t *testing.T) {
	t.Parallel()
	s := mustMetaSite(t)
	for _, tt := range []struct {
		query  string
		status int
	}{
		{"", http.StatusBadRequest},
		{"format=json", http.StatusBadRequest},
		{articleQuery("https://desk.example/articles/water-war", "format=xml"), http.StatusNotImplemented},
		{articleQuery("https://desk.example/articles/water-war", "format=yaml"), http.StatusNotImplemented},
		{articleQuery("https://desk.example/articles/water-war", "maxwidth=wide"), http.StatusBadRequest},
		{articleQuery("https://desk.example/articles/water-war", "maxheight=0"), http.StatusBadRequest},
		{articleQuery("https://desk.example/articles/secret-draft"), http.StatusNotFound},
		{articleQuery("https://desk.example/articles/nope"), http.StatusNotFound},
		{articleQuery("https://elsewhere.example/articles/water-war"), http.StatusNotFound},
		{articleQuery("https://desk.example/authors/ana-ruiz"), http.StatusNotFound},
		{articleQuery("https://desk.example/"), http.StatusNotFound},
		{articleQuery("not a url at all"), http.StatusNotFound},
	} {
		d, _ := mustOEmbed(t, s, tt.query, tt.status)
		var e struct{ Error string }
		if json.Unmarshal([]byte(d.Body), &e); e.Error == "" {
			t.Errorf("%q: %d without a message: %s", tt.query, tt.status, d.Body)
		}
		if d.Resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%q: an error is cacheable", tt.query)
		}
	}
}

// TestOEmbedDiscovery: an article page names its oEmbed endpoint, which
// answers for that article.
func TestOEmbedDiscovery(t *testing.T) {
	t.Parallel()
	s := mustMetaSite(t)
	d := presstest.MustGet(t, s.URL+"/articles/water-war", http.StatusOK)
	link := d.One(`head link[rel=alternate][type="application/json+oembed"]`)
	if !strings.Contains(d.Body, `type="application/json+oembed"`) {
		t.Error("the link's type is escaped in the page; consumers that read the raw attribute miss it")
	}
	if got := presstest.Attr(link, "title"); got != "The water war nobody names" {
		t.Errorf("title = %q", got)
	}
	u, err := url.Parse(presstest.Attr(link, "href"))
	if err != nil || u.Scheme != "https" || u.Host != "desk.example" || u.Path != "/oembed" {
		t.Fatalf("href = %v (%v), want the endpoint under the base URL", u, err)
	}
	_, o := mustOEmbed(t, s, u.RawQuery, http.StatusOK)
	if o.Title != "The water war nobody names" || !strings.Contains(o.HTML, `href="https://desk.example/articles/water-war"`) {
		t.Errorf("the discovered endpoint answers %+v", o)
	}
}
