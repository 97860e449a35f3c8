package presstest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// MustParseFeed checks body against what the specification of its format
// requires, since feed readers' parsers (gofeed among them) are lenient on
// purpose, and then parses it with gofeed as a feed reader would. kind is
// "rss" (RSS 2.0), "atom" (Atom 1.0, RFC 4287) or "json" (JSON Feed 1.1).
// Every broken rule is reported; t fails unless the feed is clean.
func MustParseFeed(t testing.TB, kind string, body []byte) *gofeed.Feed {
	t.Helper()
	var problems []string
	switch kind {
	case "rss":
		problems = checkRSS(body)
	case "atom":
		problems = checkAtom(body)
	case "json":
		problems = checkJSONFeed(body)
	default:
		t.Fatalf("presstest: unknown feed kind %q", kind)
	}
	for _, p := range problems {
		t.Errorf("%s feed: %s", kind, p)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s feed: gofeed: %v\n%.800s", kind, err, body)
	}
	if f.FeedType != kind {
		t.Errorf("gofeed reads a %s feed as %q", kind, f.FeedType)
	}
	if len(problems) > 0 {
		t.FailNow()
	}
	return f
}

// absURL reports whether s is an absolute http or https URL.
func absURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// checkXML reports what makes body not namespace-well-formed XML: Go's
// decoder is strict about syntax, and a prefix nobody declared comes back
// as its bare name instead of a namespace URI.
func checkXML(body []byte) []string {
	var out []string
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return append(out, "not well-formed XML: "+err.Error())
		}
		if se, ok := tok.(xml.StartElement); ok {
			names := []xml.Name{se.Name}
			for _, a := range se.Attr {
				names = append(names, a.Name)
			}
			for _, n := range names {
				if n.Space != "" && n.Space != "xmlns" && n.Space != "xml" && !strings.Contains(n.Space, ":") {
					out = append(out, fmt.Sprintf("undeclared namespace prefix %q on <%s>", n.Space, se.Name.Local))
				}
			}
		}
	}
	return out
}

// rfc822 parses an RSS date: RFC 822 with a four-digit year, as RSS 2.0
// requires, with or without the day of the week.
func rfc822(s string) bool {
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, "02 Jan 2006 15:04:05 -0700", "02 Jan 2006 15:04:05 MST"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

type rssCheckDoc struct {
	XMLName  xml.Name `xml:"rss"`
	Version  string   `xml:"version,attr"`
	Channels []struct {
		Title         []string  `xml:"title"`
		Links         []rssLink `xml:"link"`
		Description   []string  `xml:"description"`
		PubDate       string    `xml:"pubDate"`
		LastBuildDate string    `xml:"lastBuildDate"`
		AtomLinks     []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Items []struct {
			Title       []string  `xml:"title"`
			Links       []rssLink `xml:"link"`
			Description []string  `xml:"description"`
			Author      []string  `xml:"author"`
			PubDate     []string  `xml:"pubDate"`
			GUID        []struct {
				IsPermaLink string `xml:"isPermaLink,attr"`
				Value       string `xml:",chardata"`
			} `xml:"guid"`
			Enclosures []struct {
				URL    *string `xml:"url,attr"`
				Length *string `xml:"length,attr"`
				Type   *string `xml:"type,attr"`
			} `xml:"enclosure"`
			Categories []struct {
				Domain *string `xml:"domain,attr"`
				Value  string  `xml:",chardata"`
			} `xml:"category"`
			Encoded []string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
}

// rssLink is a <link>, of RSS's own or of another namespace: a tag
// without a namespace matches any, so the namespace is checked by hand.
type rssLink struct {
	XMLName xml.Name
	Value   string `xml:",chardata"`
}

// rssLinks returns the values of the RSS <link> elements among list.
func rssLinks(list []rssLink) []string {
	var out []string
	for _, l := range list {
		if l.XMLName.Space == "" {
			out = append(out, l.Value)
		}
	}
	return out
}

// checkRSS checks the rules of RSS 2.0 (rssboard.org/rss-specification)
// and of the RSS Advisory Board's best practices profile.
func checkRSS(body []byte) []string {
	out := checkXML(body)
	if len(out) > 0 {
		return out
	}
	var doc rssCheckDoc
	if err := xml.Unmarshal(body, &doc); err != nil {
		return append(out, "root: "+err.Error())
	}
	if doc.Version != "2.0" {
		out = append(out, fmt.Sprintf("rss version = %q, want 2.0", doc.Version))
	}
	if len(doc.Channels) != 1 {
		return append(out, fmt.Sprintf("%d channels, want exactly 1", len(doc.Channels)))
	}
	ch := doc.Channels[0]
	link := rssLinks(ch.Links)
	for name, v := range map[string][]string{"title": ch.Title, "link": link, "description": ch.Description} {
		if len(v) != 1 || strings.TrimSpace(v[0]) == "" {
			out = append(out, fmt.Sprintf("channel needs exactly one non-empty <%s>, has %q", name, v))
		}
	}
	if len(link) == 1 && !absURL(link[0]) {
		out = append(out, "channel link is not an absolute URL: "+link[0])
	}
	for name, v := range map[string]string{"pubDate": ch.PubDate, "lastBuildDate": ch.LastBuildDate} {
		if v != "" && !rfc822(v) {
			out = append(out, fmt.Sprintf("channel %s %q is not an RFC 822 date", name, v))
		}
	}
	for _, l := range ch.AtomLinks {
		if !absURL(l.Href) || l.Rel == "" {
			out = append(out, fmt.Sprintf("atom:link rel=%q href=%q needs a rel and an absolute href", l.Rel, l.Href))
		}
	}
	for i, it := range ch.Items {
		at := fmt.Sprintf("item %d: ", i+1)
		if len(it.Title) == 0 && len(it.Description) == 0 {
			out = append(out, at+"needs a title or a description")
		}
		for name, v := range map[string][]string{"title": it.Title, "link": rssLinks(it.Links), "description": it.Description,
			"pubDate": it.PubDate, "content:encoded": it.Encoded} {
			if len(v) > 1 {
				out = append(out, fmt.Sprintf("%s%d <%s> elements", at, len(v), name))
			}
		}
		for _, l := range rssLinks(it.Links) {
			if !absURL(l) {
				out = append(out, at+"link is not an absolute URL: "+l)
			}
		}
		for _, d := range it.PubDate {
			if !rfc822(d) {
				out = append(out, fmt.Sprintf("%spubDate %q is not an RFC 822 date", at, d))
			}
		}
		for _, a := range it.Author {
			if !strings.Contains(a, "@") {
				out = append(out, fmt.Sprintf("%sauthor %q is not an e-mail address", at, a))
			}
		}
		if len(it.GUID) > 1 {
			out = append(out, at+"more than one guid")
		}
		for _, g := range it.GUID {
			if g.IsPermaLink != "false" && !absURL(g.Value) {
				out = append(out, fmt.Sprintf("%sguid %q is a permalink (isPermaLink=%q) but not a URL", at, g.Value, g.IsPermaLink))
			}
		}
		if len(it.Enclosures) > 1 {
			out = append(out, at+"more than one enclosure (best practices: at most one)")
		}
		for _, e := range it.Enclosures {
			if e.URL == nil || e.Length == nil || e.Type == nil {
				out = append(out, at+"enclosure needs url, length and type")
				continue
			}
			if !absURL(*e.URL) {
				out = append(out, at+"enclosure url is not an absolute http URL: "+*e.URL)
			}
			if n, err := strconv.ParseInt(*e.Length, 10, 64); err != nil || n < 0 {
				out = append(out, at+"enclosure length is not a byte count: "+*e.Length)
			}
			if major, minor, ok := strings.Cut(*e.Type, "/"); !ok || major == "" || minor == "" {
				out = append(out, at+"enclosure type is not a MIME type: "+*e.Type)
			}
		}
		for _, c := range it.Categories {
			if strings.TrimSpace(c.Value) == "" || c.Domain != nil && *c.Domain == "" {
				out = append(out, fmt.Sprintf("%scategory %q (domain %v) is empty", at, c.Value, c.Domain))
			}
		}
	}
	return out
}

const nsAtom = "http://www.w3.org/2005/Atom"

type atomCheckText struct {
	Type  string `xml:"type,attr"`
	Src   string `xml:"src,attr"`
	Value string `xml:",innerxml"`
}

type atomCheckPerson struct {
	Names []string `xml:"http://www.w3.org/2005/Atom name"`
	URIs  []string `xml:"http://www.w3.org/2005/Atom uri"`
}

type atomCheckLink struct {
	Href     *string `xml:"href,attr"`
	Rel      string  `xml:"rel,attr"`
	Type     string  `xml:"type,attr"`
	Hreflang string  `xml:"hreflang,attr"`
	Length   string  `xml:"length,attr"`
}

type atomCheckEntry struct {
	IDs        []string          `xml:"http://www.w3.org/2005/Atom id"`
	Titles     []atomCheckText   `xml:"http://www.w3.org/2005/Atom title"`
	Updated    []string          `xml:"http://www.w3.org/2005/Atom updated"`
	Published  []string          `xml:"http://www.w3.org/2005/Atom published"`
	Authors    []atomCheckPerson `xml:"http://www.w3.org/2005/Atom author"`
	Links      []atomCheckLink   `xml:"http://www.w3.org/2005/Atom link"`
	Content    []atomCheckText   `xml:"http://www.w3.org/2005/Atom content"`
	Summary    []atomCheckText   `xml:"http://www.w3.org/2005/Atom summary"`
	Rights     []atomCheckText   `xml:"http://www.w3.org/2005/Atom rights"`
	Categories []struct {
		Term *string `xml:"term,attr"`
	} `xml:"http://www.w3.org/2005/Atom category"`
}

type atomCheckFeed struct {
	XMLName xml.Name          `xml:"http://www.w3.org/2005/Atom feed"`
	IDs     []string          `xml:"http://www.w3.org/2005/Atom id"`
	Titles  []atomCheckText   `xml:"http://www.w3.org/2005/Atom title"`
	Updated []string          `xml:"http://www.w3.org/2005/Atom updated"`
	Authors []atomCheckPerson `xml:"http://www.w3.org/2005/Atom author"`
	Links   []atomCheckLink   `xml:"http://www.w3.org/2005/Atom link"`
	Entries []atomCheckEntry  `xml:"http://www.w3.org/2005/Atom entry"`
}

// atomDate parses an Atom date construct: RFC 3339 with an upper-case T
// and Z (RFC 4287 section 3.3).
func atomDate(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil && !strings.ContainsAny(s, "tz ")
}

// checkAtom checks the rules of RFC 4287 that a document can break.
func checkAtom(body []byte) []string {
	out := checkXML(body)
	if len(out) > 0 {
		return out
	}
	var f atomCheckFeed
	if err := xml.Unmarshal(body, &f); err != nil {
		return append(out, "root: "+err.Error())
	}
	one := func(at, name string, n int) {
		if n != 1 {
			out = append(out, fmt.Sprintf("%s%d <%s> elements, want exactly 1", at, n, name))
		}
	}
	atMostOne := func(at, name string, n int) {
		if n > 1 {
			out = append(out, fmt.Sprintf("%s%d <%s> elements, want at most 1", at, n, name))
		}
	}
	iri := func(at, what, s string) {
		if u, err := url.Parse(strings.TrimSpace(s)); err != nil || !u.IsAbs() {
			out = append(out, fmt.Sprintf("%s%s %q is not an absolute IRI", at, what, s))
		}
	}
	dates := func(at, name string, list []string) {
		for _, d := range list {
			if !atomDate(strings.TrimSpace(d)) {
				out = append(out, fmt.Sprintf("%s<%s> %q is not an RFC 3339 date-time", at, name, d))
			}
		}
	}
	texts := func(at, name string, list []atomCheckText) {
		for _, x := range list {
			if x.Type != "" && x.Type != "text" && x.Type != "html" && x.Type != "xhtml" {
				out = append(out, fmt.Sprintf("%s<%s> type %q is not text, html or xhtml", at, name, x.Type))
			}
		}
	}
	persons := func(at string, list []atomCheckPerson) {
		for _, p := range list {
			one(at+"author: ", "name", len(p.Names))
			for _, u := range p.URIs {
				iri(at, "author uri", u)
			}
		}
	}
	links := func(at string, list []atomCheckLink) (alternate bool) {
		seen := map[string]bool{}
		for _, l := range list {
			if l.Href == nil {
				out = append(out, at+"link without href")
				continue
			}
			rel := l.Rel
			if rel == "" {
				rel = "alternate"
			}
			if rel == "alternate" {
				alternate = true
				key := l.Type + "|" + l.Hreflang
				if seen[key] {
					out = append(out, fmt.Sprintf("%stwo alternate links of type %q, language %q", at, l.Type, l.Hreflang))
				}
				seen[key] = true
			}
			if l.Length != "" {
				if n, err := strconv.ParseInt(l.Length, 10, 64); err != nil || n < 0 {
					out = append(out, fmt.Sprintf("%slink length %q is not a byte count", at, l.Length))
				}
			}
		}
		return alternate
	}

	one("feed: ", "id", len(f.IDs))
	one("feed: ", "title", len(f.Titles))
	one("feed: ", "updated", len(f.Updated))
	for _, id := range f.IDs {
		iri("feed: ", "id", id)
	}
	dates("feed: ", "updated", f.Updated)
	texts("feed: ", "title", f.Titles)
	persons("feed: ", f.Authors)
	links("feed: ", f.Links)
	self := false
	for _, l := range f.Links {
		self = self || l.Rel == "self"
	}
	if !self {
		out = append(out, "feed: no link rel=self (RFC 4287 says a feed SHOULD have one)")
	}
	for i, e := range f.Entries {
		at := fmt.Sprintf("entry %d: ", i+1)
		one(at, "id", len(e.IDs))
		one(at, "title", len(e.Titles))
		one(at, "updated", len(e.Updated))
		atMostOne(at, "published", len(e.Published))
		atMostOne(at, "content", len(e.Content))
		atMostOne(at, "summary", len(e.Summary))
		atMostOne(at, "rights", len(e.Rights))
		for _, id := range e.IDs {
			iri(at, "id", id)
		}
		dates(at, "updated", e.Updated)
		dates(at, "published", e.Published)
		texts(at, "title", e.Titles)
		texts(at, "summary", e.Summary)
		texts(at, "rights", e.Rights)
		persons(at, e.Authors)
		if len(e.Authors) == 0 && len(f.Authors) == 0 {
			out = append(out, at+"no author, and the feed has none")
		}
		alternate := links(at, e.Links)
		if len(e.Content) == 0 && !alternate {
			out = append(out, at+"neither content nor an alternate link")
		}
		for _, c := range e.Content {
			if c.Src != "" && len(e.Summary) == 0 {
				out = append(out, at+"content by src needs a summary")
			}
		}
		for _, c := range e.Categories {
			if c.Term == nil || *c.Term == "" {
				out = append(out, at+"category without term")
			}
		}
	}
	return out
}

// jsonFeedKeys are the top-level and item keys JSON Feed 1.1 defines;
// anything else must be an extension, whose name starts with "_".
var (
	jsonFeedKeys = map[string]bool{"version": true, "title": true, "home_page_url": true, "feed_url": true,
		"description": true, "user_comment": true, "next_url": true, "icon": true, "favicon": true, "author": true,
		"authors": true, "language": true, "expired": true, "hubs": true, "items": true}
	jsonItemKeys = map[string]bool{"id": true, "url": true, "external_url": true, "title": true, "content_html": true,
		"content_text": true, "summary": true, "image": true, "banner_image": true, "date_published": true,
		"date_modified": true, "author": true, "authors": true, "tags": true, "language": true, "attachments": true}
)

// checkJSONFeed checks the rules of JSON Feed 1.1 (jsonfeed.org/version/1.1).
func checkJSONFeed(body []byte) []string {
	var out []string
	var f map[string]any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&f); err != nil {
		return []string{"not a JSON object: " + err.Error()}
	}
	str := func(at string, m map[string]any, key string, required bool) (string, bool) {
		v, ok := m[key]
		if !ok {
			if required {
				out = append(out, fmt.Sprintf("%s%q is required", at, key))
			}
			return "", false
		}
		s, isStr := v.(string)
		if !isStr {
			out = append(out, fmt.Sprintf("%s%q is %T, want a string", at, key, v))
		}
		return s, isStr
	}
	urlKey := func(at string, m map[string]any, keys ...string) {
		for _, k := range keys {
			if s, ok := str(at, m, k, false); ok && !absURL(s) {
				out = append(out, fmt.Sprintf("%s%q %q is not an absolute URL", at, k, s))
			}
		}
	}
	keys := func(at string, m map[string]any, known map[string]bool) {
		for k := range m {
			if !known[k] && !strings.HasPrefix(k, "_") {
				out = append(out, fmt.Sprintf("%sunknown key %q (extensions start with _)", at, k))
			}
		}
	}
	authors := func(at string, m map[string]any) {
		v, ok := m["authors"]
		if !ok {
			return
		}
		list, isList := v.([]any)
		if !isList {
			out = append(out, at+`"authors" is not an array`)
			return
		}
		for _, a := range list {
			obj, isObj := a.(map[string]any)
			if !isObj {
				out = append(out, at+"an author is not an object")
				continue
			}
			name, _ := str(at+"author: ", obj, "name", false)
			urlKey(at+"author: ", obj, "url", "avatar")
			if name == "" && obj["url"] == nil && obj["avatar"] == nil {
				out = append(out, at+"an author has none of name, url, avatar")
			}
		}
	}

	if v, _ := str("", f, "version", true); v != "https://jsonfeed.org/version/1.1" {
		out = append(out, fmt.Sprintf("version = %q, want https://jsonfeed.org/version/1.1", v))
	}
	str("", f, "title", true)
	str("", f, "description", false)
	str("", f, "language", false)
	urlKey("", f, "home_page_url", "feed_url", "icon", "favicon", "next_url")
	keys("", f, jsonFeedKeys)
	authors("", f)
	items, ok := f["items"].([]any)
	if !ok {
		return append(out, `"items" is required and must be an array`)
	}
	ids := map[string]bool{}
	for i, v := range items {
		at := fmt.Sprintf("item %d: ", i+1)
		it, ok := v.(map[string]any)
		if !ok {
			out = append(out, at+"not an object")
			continue
		}
		keys(at, it, jsonItemKeys)
		if id, ok := str(at, it, "id", true); ok {
			if id == "" || ids[id] {
				out = append(out, fmt.Sprintf("%sid %q is empty or not unique", at, id))
			}
			ids[id] = true
		}
		_, html := str(at, it, "content_html", false)
		_, text := str(at, it, "content_text", false)
		if !html && !text {
			out = append(out, at+"needs content_html or content_text")
		}
		for _, k := range []string{"title", "summary", "language"} {
			str(at, it, k, false)
		}
		urlKey(at, it, "url", "external_url", "image", "banner_image")
		for _, k := range []string{"date_published", "date_modified"} {
			if s, ok := str(at, it, k, false); ok {
				if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
					out = append(out, fmt.Sprintf("%s%s %q is not RFC 3339", at, k, s))
				}
			}
		}
		authors(at, it)
		if tags, ok := it["tags"]; ok {
			list, isList := tags.([]any)
			for _, tag := range list {
				if _, isStr := tag.(string); !isStr {
					isList = false
				}
			}
			if !isList {
				out = append(out, at+`"tags" is not an array of strings`)
			}
		}
	}
	return out
}
