package feed_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html"

	"github.com/pressroomhq/pressroom/internal/feed"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var (
	published1 = time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	published2 = time.Date(2026, 4, 2, 8, 0, 0, 0, time.UTC)
	modified   = time.Date(2026, 4, 3, 12, 0, 0, 0, time.UTC)
)

func html5(s string) press.Markdown { return press.Markdown{Source: "(markdown)", HTML: s} }

// sample is a feed with one of everything: a cross-posted article with two
// authors, three terms, a local image of known size and a body full of
// relative URLs; a translated piece with a remote image of unknown size;
// and an article with no authors, terms, image or summary.
func sample() *feed.Feed {
	site := &press.Site{Name: "The Test Desk", Tagline: "Water, power & people", BaseURL: "https://desk.example/", Language: "en"}
	ana := press.Author{Slug: "ana-ruiz", Name: "Ana Ruiz", Photo: "/media/ana.jpg"}
	lee := press.Author{Slug: "lee-park", Name: "Lee Park"}
	return &feed.Feed{
		Site:    site,
		Page:    "/",
		Updated: modified,
		Articles: []press.Article{{
			Slug: "second-piece", Title: "Un deuxième article", Language: "fr",
			Excerpt:     "Body two, in French.",
			Body:        html5("<p>Body two.</p>"),
			PublishedAt: published2, UpdatedAt: modified,
			Authors: []press.Author{ana},
			Terms:   []press.Term{{Taxonomy: "regions", Slug: "syria", Name: "Syria"}},
			Image:   press.Image{Src: "https://cdn.example/photos/river.JPG?w=1200", Alt: "A river"},
		}, {
			Slug: "water-war", Title: "The water war nobody names", Dek: "Dams, drought & a quiet contest.",
			Body: html5(`<p>See <a href="/regions/syria">Syria</a>, <a href="other-piece">another piece</a>` +
				`<sup><a href="#fn:1" class="footnote-ref">1</a></sup> and <a href="https://data.example/r?a=1&amp;b=2">the data</a>.</p>` +
				"\n<figure><img src=\"/media/chart.png\" srcset=\"/media/chart.png 1x, /media/chart@2x.png 2x\" alt=\"A chart\"></figure>\n" +
				`<blockquote cite="/sources/minister">A quote</blockquote>` + "\n" +
				`<p><a href="mailto:desk@desk.example">Write to us</a>; <a href="//cdn.example/x.pdf">a PDF</a>.</p>` + "\n"),
			PublishedAt: published1, UpdatedAt: published1,
			Authors: []press.Author{ana, lee},
			Terms: []press.Term{{Taxonomy: "regions", Slug: "syria", Name: "Syria"},
				{Taxonomy: "themes", Slug: "climate-water", Name: "Climate & Water"},
				{Taxonomy: "reports", Slug: "the-water-ledger", Name: "The Water Ledger"}},
			Image:     press.Image{Src: "/media/demo/water.svg", Alt: "A dry riverbed"},
			Source:    press.Source{Name: "Basin Monitor", URL: "https://basin.example/orig?id=7&lang=en"},
			Copyright: press.Copyright{Holder: "Basin Monitor", Year: 2025},
		}, {
			Slug: "bare", Title: "Bare", Body: html5("<p>Nothing else.</p>"),
			PublishedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		}},
		ImageSize: func(src string) int64 {
			if src == "/media/demo/water.svg" {
				return 2048
			}
			return -1
		},
	}
}

// TestGolden keeps the three documents byte for byte; run with -update
// after a deliberate change and read the diff.
func TestGolden(t *testing.T) {
	fd := sample()
	for _, f := range feed.Formats {
		got, err := fd.Render(f)
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "sample."+f.File())
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", golden, diff)
		}
	}
}

var kinds = map[feed.Format]string{feed.RSS: "rss", feed.Atom: "atom", feed.JSON: "json"}

// TestParse reads every format back with a feed reader's parser, after
// the specification checks, and asserts what a reader sees.
func TestParse(t *testing.T) {
	fd := sample()
	for _, f := range feed.Formats {
		t.Run(f.Name(), func(t *testing.T) {
			body, err := fd.Render(f)
			if err != nil {
				t.Fatal(err)
			}
			got := presstest.MustParseFeed(t, kinds[f], body)
			if got.Title != "The Test Desk" || got.Link != "https://desk.example/" || got.Language != "en" {
				t.Errorf("feed title %q, link %q, language %q", got.Title, got.Link, got.Language)
			}
			if f != feed.RSS && got.FeedLink != "https://desk.example/"+f.File() {
				t.Errorf("feed link = %q", got.FeedLink)
			}
			if len(got.Items) != 3 {
				t.Fatalf("%d items, want 3", len(got.Items))
			}
			var titles []string
			for _, it := range got.Items {
				titles = append(titles, it.Title)
			}
			if diff := cmp.Diff([]string{"Un deuxième article", "The water war nobody names", "Bare"}, titles); diff != "" {
				t.Errorf("titles (-want +got):\n%s", diff)
			}
			war := got.Items[1]
			if war.Link != "https://desk.example/articles/water-war" || war.GUID != war.Link {
				t.Errorf("link %q, guid %q", war.Link, war.GUID)
			}
			if war.PublishedParsed == nil || !war.PublishedParsed.Equal(published1) {
				t.Errorf("published = %v, want %v", war.PublishedParsed, published1)
			}
			if f != feed.RSS && (got.Items[0].UpdatedParsed == nil || !got.Items[0].UpdatedParsed.Equal(modified)) {
				t.Errorf("updated = %v, want %v", got.Items[0].UpdatedParsed, modified)
			}
			dek := "Dams, drought & a quiet contest."
			if f == feed.RSS {
				dek = "Dams, drought &amp; a quiet contest." // HTML, as RSS descriptions are
			}
			if war.Description != dek || got.Items[0].Description != "Body two, in French." {
				t.Errorf("descriptions %q, %q", war.Description, got.Items[0].Description)
			}
			var authors []string
			for _, p := range war.Authors {
				authors = append(authors, p.Name)
			}
			want := []string{"Ana Ruiz", "Lee Park"}
			if f == feed.RSS {
				// gofeed keeps the first dc:creator as the author and
				// all of them in the Dublin Core extension.
				want = want[:1]
				if diff := cmp.Diff([]string{"Ana Ruiz", "Lee Park"}, war.DublinCoreExt.Creator); diff != "" {
					t.Errorf("dc:creator (-want +got):\n%s", diff)
				}
			}
			if diff := cmp.Diff(want, authors); diff != "" {
				t.Errorf("authors (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"Syria", "Climate & Water", "The Water Ledger"}, war.Categories); diff != "" {
				t.Errorf("categories (-want +got):\n%s", diff)
			}
			// gofeed takes an item's image from RSS enclosures and
			// JSON's image, not from Atom's enclosure links.
			if f != feed.Atom && (war.Image == nil || war.Image.URL != "https://desk.example/media/demo/water.svg") {
				t.Errorf("image = %+v", war.Image)
			}
			if f != feed.JSON {
				wantEnc := []*gofeed.Enclosure{{URL: "https://desk.example/media/demo/water.svg", Length: "2048", Type: "image/svg+xml"}}
				if diff := cmp.Diff(wantEnc, war.Enclosures); diff != "" {
					t.Errorf("enclosure (-want +got):\n%s", diff)
				}
			}
			checkContent(t, war.Content)
		})
	}
}

// checkContent asserts what a feed reader shows of water-war: the body,
// every URL absolute, then the attribution with the source linked.
func checkContent(t *testing.T, content string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			switch a.Key {
			case "href", "src", "cite":
				urls = append(urls, a.Val)
			case "srcset":
				urls = append(urls, a.Val)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	want := []string{
		"https://desk.example/regions/syria", "https://desk.example/articles/other-piece",
		"https://desk.example/articles/water-war#fn:1", "https://data.example/r?a=1&b=2",
		"https://desk.example/media/chart.png", "https://desk.example/media/chart.png 1x, https://desk.example/media/chart@2x.png 2x",
		"https://desk.example/sources/minister", "mailto:desk@desk.example", "https://cdn.example/x.pdf",
		"https://basin.example/orig?id=7&lang=en",
	}
	if diff := cmp.Diff(want, urls); diff != "" {
		t.Errorf("URLs in the content (-want +got):\n%s", diff)
	}
	text := presstest.Text(doc)
	for _, line := range []string{"The original source of this article is Basin Monitor.", "Copyright © Basin Monitor, 2025."} {
		if !strings.HasSuffix(text, line) && !strings.Contains(text, line+" ") {
			t.Errorf("content lacks %q:\n%s", line, text)
		}
	}
	if !strings.HasSuffix(text, "Copyright © Basin Monitor, 2025.") {
		t.Errorf("the copyright line does not close the content: %q", text)
	}
}

// TestFormatDetails checks what the common model of gofeed flattens away.
func TestFormatDetails(t *testing.T) {
	fd := sample()
	body, _ := fd.RSS()
	r, err := (&rss.Parser{}).Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	war := r.Items[1]
	var cats []string
	for _, c := range war.Categories {
		cats = append(cats, c.Domain+" "+c.Value)
	}
	if diff := cmp.Diff([]string{"https://desk.example/regions Syria", "https://desk.example/themes Climate & Water",
		"https://desk.example/reports The Water Ledger"}, cats); diff != "" {
		t.Errorf("RSS categories (-want +got):\n%s", diff)
	}
	if war.GUID.IsPermalink != "true" || war.DublinCoreExt.Rights[0] != "Copyright © Basin Monitor, 2025." {
		t.Errorf("guid %+v, rights %q", war.GUID, war.DublinCoreExt.Rights)
	}
	// An image whose size is unknown has length 0, as the RSS best
	// practices profile says.
	if e := r.Items[0].Enclosure; e.Length != "0" || e.Type != "image/jpeg" || e.URL != "https://cdn.example/photos/river.JPG?w=1200" {
		t.Errorf("remote enclosure = %+v", e)
	}
	if r.Items[2].Enclosure != nil || r.Items[2].Description != "" || len(r.Items[2].Categories) != 0 {
		t.Errorf("bare item has %+v", r.Items[2])
	}
	if r.LastBuildDate != "Fri, 03 Apr 2026 12:00:00 +0000" || r.Description != "Water, power & people" {
		t.Errorf("lastBuildDate %q, description %q", r.LastBuildDate, r.Description)
	}

	body, _ = fd.Atom()
	a, err := (&atom.Parser{}).Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	e := a.Entries[1]
	if diff := cmp.Diff(&atom.Category{Term: "climate-water", Scheme: "https://desk.example/themes/", Label: "Climate & Water"}, e.Categories[1]); diff != "" {
		t.Errorf("Atom category (-want +got):\n%s", diff)
	}
	if e.Rights != "Copyright © Basin Monitor, 2025." || e.Content.Type != "html" {
		t.Errorf("rights %q, content type %q", e.Rights, e.Content.Type)
	}
	if diff := cmp.Diff(&atom.Person{Name: "Lee Park", URI: "https://desk.example/authors/lee-park"}, e.Authors[1]); diff != "" {
		t.Errorf("Atom author (-want +got):\n%s", diff)
	}
	links := map[string]string{}
	for _, l := range e.Links {
		links[l.Rel] = l.Href + " " + l.Type + " " + l.Length
	}
	if diff := cmp.Diff(map[string]string{
		"alternate": "https://desk.example/articles/water-war text/html ",
		"via":       "https://basin.example/orig?id=7&lang=en text/html ",
		"enclosure": "https://desk.example/media/demo/water.svg image/svg+xml 2048",
	}, links); diff != "" {
		t.Errorf("Atom links (-want +got):\n%s", diff)
	}
	for _, l := range a.Entries[0].Links {
		if l.Rel == "enclosure" && l.Length != "" {
			t.Errorf("an unknown size gave length %q; Atom lets it be left out", l.Length)
		}
	}
	if a.Language != "en" || a.Authors[0].Name != "The Test Desk" || a.Subtitle != "Water, power & people" {
		t.Errorf("feed language %q, authors %+v, subtitle %q", a.Language, a.Authors, a.Subtitle)
	}
	if a.Entries[2].Summary != "" || len(a.Entries[2].Authors) != 0 {
		t.Errorf("bare entry has a summary %q or authors %v; the feed's author stands for it", a.Entries[2].Summary, a.Entries[2].Authors)
	}
	if !strings.Contains(string(body), `<entry xml:lang="fr">`) {
		t.Error("the French entry does not say so")
	}

	body, _ = fd.JSON()
	var j struct {
		Items []struct {
			ExternalURL string `json:"external_url"`
			Language    string `json:"language"`
			Authors     []struct{ Name, URL, Avatar string }
			Pressroom   struct {
				About  string `json:"about"`
				Source *struct {
					Name, URL string
				} `json:"source"`
				Copyright struct {
					Holder string
					Year   int
				} `json:"copyright"`
				CopyrightLine string `json:"copyright_line"`
				Terms         []struct{ Taxonomy, Slug, Name, URL string }
			} `json:"_pressroom"`
		}
	}
	if err := json.Unmarshal(body, &j); err != nil {
		t.Fatal(err)
	}
	w := j.Items[1]
	if w.ExternalURL != "https://basin.example/orig?id=7&lang=en" || w.Pressroom.Source == nil || w.Pressroom.Source.Name != "Basin Monitor" {
		t.Errorf("source: external_url %q, _pressroom.source %+v", w.ExternalURL, w.Pressroom.Source)
	}
	if w.Pressroom.Copyright.Holder != "Basin Monitor" || w.Pressroom.Copyright.Year != 2025 ||
		w.Pressroom.CopyrightLine != "Copyright © Basin Monitor, 2025." || w.Pressroom.About != feed.ExtensionAbout {
		t.Errorf("_pressroom = %+v", w.Pressroom)
	}
	if len(w.Pressroom.Terms) != 3 || w.Pressroom.Terms[2].URL != "https://desk.example/reports/the-water-ledger" {
		t.Errorf("_pressroom.terms = %+v", w.Pressroom.Terms)
	}
	if w.Authors[0].Avatar != "https://desk.example/media/ana.jpg" || w.Authors[1].Avatar != "" {
		t.Errorf("avatars %q, %q", w.Authors[0].Avatar, w.Authors[1].Avatar)
	}
	if j.Items[0].Language != "fr" || w.Language != "" || j.Items[2].Pressroom.Source != nil {
		t.Errorf("languages %q/%q, bare source %+v", j.Items[0].Language, w.Language, j.Items[2].Pressroom.Source)
	}
	// The default copyright: the authors and the site, the year of
	// publication.
	if got := j.Items[0].Pressroom.CopyrightLine; got != "Copyright © Ana Ruiz and The Test Desk, 2026." {
		t.Errorf("default copyright line = %q", got)
	}
}

// TestAuthorFeed checks the feed of a page other than the front page: its
// own URLs, title and description, and translated attribution.
func TestAuthorFeed(t *testing.T) {
	fd := sample()
	fd.Page = "/authors/ana-ruiz"
	fd.Title = "Ana Ruiz · The Test Desk"
	fd.Description = "Ana covers water."
	fd.Text = feed.Text{OriginalSource: "Source d’origine : {0}.", Copyright: "© {0} {1} <tous droits>"}
	for _, f := range feed.Formats {
		body, err := fd.Render(f)
		if err != nil {
			t.Fatal(err)
		}
		got := presstest.MustParseFeed(t, kinds[f], body)
		if got.Title != fd.Title || got.Description != fd.Description || got.Link != "https://desk.example/authors/ana-ruiz" {
			t.Errorf("%s: title %q, description %q, link %q", f.Name(), got.Title, got.Description, got.Link)
		}
		self := got.FeedLink
		if f == feed.RSS {
			self = got.Links[len(got.Links)-1]
		}
		if want := "https://desk.example/authors/ana-ruiz/" + f.File(); self != want && !contains(got.Links, want) {
			t.Errorf("%s: self link %q (links %q), want %q", f.Name(), self, got.Links, want)
		}
		c := got.Items[1].Content
		if !strings.Contains(c, `Source d’origine : <a href="https://basin.example/orig?id=7&amp;lang=en">Basin Monitor</a>.`) ||
			!strings.Contains(c, "© Basin Monitor 2025 &lt;tous droits&gt;") {
			t.Errorf("%s: translated attribution missing:\n%s", f.Name(), c)
		}
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

// TestEmptyFeed: a feed of nothing is still a valid feed in every format.
func TestEmptyFeed(t *testing.T) {
	fd := &feed.Feed{Site: &press.Site{Name: "Empty", BaseURL: "http://127.0.0.1:8080", Language: "en"}, Page: "/regions/nowhere"}
	for _, f := range feed.Formats {
		body, err := fd.Render(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := presstest.MustParseFeed(t, kinds[f], body); len(got.Items) != 0 {
			t.Errorf("%s: %d items", f.Name(), len(got.Items))
		}
	}
}

func TestFormats(t *testing.T) {
	for _, tt := range []struct {
		f                      feed.Format
		file, path, media, ctt string
	}{
		{feed.RSS, "feed.xml", "/authors/x/feed.xml", "application/rss+xml", "application/rss+xml; charset=utf-8"},
		{feed.Atom, "atom.xml", "/authors/x/atom.xml", "application/atom+xml", "application/atom+xml; charset=utf-8"},
		{feed.JSON, "feed.json", "/authors/x/feed.json", "application/feed+json", "application/feed+json"},
	} {
		got, ok := feed.FormatOf(tt.file)
		if !ok || got != tt.f || tt.f.File() != tt.file || feed.Path("/authors/x", tt.f) != tt.path ||
			tt.f.MediaType() != tt.media || tt.f.ContentType() != tt.ctt {
			t.Errorf("%s: FormatOf %v %v, path %q, types %q %q", tt.file, got, ok, feed.Path("/authors/x", tt.f), tt.f.MediaType(), tt.f.ContentType())
		}
	}
	if feed.Path("/", feed.RSS) != "/feed.xml" {
		t.Errorf("site feed path = %q", feed.Path("/", feed.RSS))
	}
	if _, ok := feed.FormatOf("feed.rss"); ok {
		t.Error("feed.rss is not a feed file")
	}
}

// TestBodyNotRegex: URLs in text and in attributes that are not links stay
// as they are, and markup survives the round trip through the parser.
func TestBodyNotRegex(t *testing.T) {
	fd := sample()
	fd.Articles = []press.Article{{Slug: "a", Title: "A", PublishedAt: published1,
		Body: html5(`<p title="href=/x">Write href="/y" in <code>&lt;a href="/z"&gt;</code> & <a href="">empty</a>.</p>`)}}
	body, _ := fd.JSON()
	var j struct {
		Items []struct {
			ContentHTML string `json:"content_html"`
		}
	}
	if err := json.Unmarshal(body, &j); err != nil {
		t.Fatal(err)
	}
	want := `<p title="href=/x">Write href=&#34;/y&#34; in <code>&lt;a href=&#34;/z&#34;&gt;</code> &amp; <a href="">empty</a>.</p>`
	if got := j.Items[0].ContentHTML; !strings.HasPrefix(got, want) {
		t.Errorf("content = %s\nwant prefix %s", got, want)
	}
}
