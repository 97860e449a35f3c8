package site

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// The embed card's size. A card is a <blockquote> the consumer's page
// styles, so its height is an estimate for a headline, a dek and a
// byline at the default width. A consumer that allows less gets a "link"
// response, which has no size.
const (
	oembedWidth     = 600
	oembedMinWidth  = 280
	oembedHeight    = 200
	thumbnailWidth  = 1200 // the featured image's size as article pages
	thumbnailHeight = 675  // declare it (16:9)
)

// oembed is an oEmbed 1.0 response (https://oembed.com/, section 2.3.4).
type oembed struct {
	Version         string `json:"version"`
	Type            string `json:"type"` // "rich", or "link" when the card does not fit
	Title           string `json:"title"`
	AuthorName      string `json:"author_name,omitempty"`
	AuthorURL       string `json:"author_url,omitempty"`
	ProviderName    string `json:"provider_name"`
	ProviderURL     string `json:"provider_url"`
	HTML            string `json:"html,omitempty"`
	Width           int    `json:"width,omitempty"`
	Height          int    `json:"height,omitempty"`
	ThumbnailURL    string `json:"thumbnail_url,omitempty"`
	ThumbnailWidth  int    `json:"thumbnail_width,omitempty"`
	ThumbnailHeight int    `json:"thumbnail_height,omitempty"`
}

// oembedHandler answers /oembed. Its errors are JSON, like its answers,
// not the site's error pages.
func (s *Site) oembedHandler() http.Handler {
	a := web.Adapter{Logger: s.logger, Page: oembedError}
	return a.Handle(s.handleOEmbed)
}

// handleOEmbed answers GET /oembed?url=…[&format=json][&maxwidth=…][&maxheight=…]
// for the published articles of this site: 400 without a url or with a
// malformed size, 501 for a format other than JSON (oEmbed's answer for
// XML, which this provider does not offer), 404 for any URL that is not a
// published article here. An article URL is on this site when its host is
// the base URL's or the one the request was sent to (so a site reached
// under another name, such as in development, still answers for itself).
// Anyone may ask, from any origin: the answer is public.
func (s *Site) handleOEmbed(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	q := r.URL.Query()
	if f := q.Get("format"); f != "" && f != "json" {
		// Written here, not returned: the adapter would log a 5xx as
		// a failure of ours.
		oembedError(w, r, http.StatusNotImplemented, fmt.Errorf("format %q is not offered: ask for json", f))
		return nil
	}
	raw := q.Get("url")
	if raw == "" {
		return web.Errorf(http.StatusBadRequest, "url is required: the address of an article on this site")
	}
	maxWidth, err := dimension(q, "maxwidth")
	if err != nil {
		return err
	}
	maxHeight, err := dimension(q, "maxheight")
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	slug, ok := articleSlug(raw, c.site.BaseURL, r.Host)
	if !ok {
		return web.Errorf(http.StatusNotFound, "%s is not an article on this site", raw)
	}
	a, err := s.publishedArticle(ctx, slug)
	if errors.Is(err, press.ErrNotFound) {
		return web.Errorf(http.StatusNotFound, "%s is not an article on this site", raw)
	}
	if err != nil {
		return err
	}
	t := s.theme.Catalog(c.site.Language)
	own := c.articleURL(&a)
	names := make([]string, len(a.Authors))
	for i, au := range a.Authors {
		names[i] = au.Name
	}
	byline := press.JoinNames(names, t.M("and"))
	o := oembed{Version: "1.0", Type: "link", Title: a.Title, AuthorName: byline,
		ProviderName: c.site.Name, ProviderURL: c.abs("/")}
	if len(a.Authors) > 0 {
		o.AuthorURL = c.abs(press.AuthorPath(a.Authors[0].Slug))
	}
	if img := c.abs(a.Image.Src); img != "" {
		o.ThumbnailURL, o.ThumbnailWidth, o.ThumbnailHeight = img, thumbnailWidth, thumbnailHeight
	}
	width := oembedWidth
	if maxWidth > 0 {
		width = min(width, maxWidth)
	}
	if width >= oembedMinWidth && (maxHeight == 0 || maxHeight >= oembedHeight) {
		o.Type, o.Width, o.Height = "rich", width, oembedHeight
		// Every value is escaped; the card is plain markup, with no
		// script or frame for the consumer to trust.
		var b strings.Builder
		b.WriteString(`<blockquote class="pressroom-embed" cite="` + html.EscapeString(own) + `">`)
		b.WriteString(`<p><a href="` + html.EscapeString(own) + `">` + html.EscapeString(a.Title) + `</a></p>`)
		if a.Dek != "" {
			b.WriteString(`<p>` + html.EscapeString(a.Dek) + `</p>`)
		}
		b.WriteString(`<p>`)
		if byline != "" {
			b.WriteString(html.EscapeString(byline) + ", ")
		}
		b.WriteString(`<a href="` + html.EscapeString(o.ProviderURL) + `">` + html.EscapeString(c.site.Name) + `</a>, ` +
			html.EscapeString(t.Date(a.PublishedAt)) + `</p></blockquote>`)
		o.HTML = b.String()
	}
	body, err := json.Marshal(o)
	if err != nil {
		return err
	}
	web.Write(w, r, http.StatusOK, web.Page{ContentType: "application/json; charset=utf-8", Body: body, LastModified: c.modified})
	return nil
}

// dimension reads a positive pixel size from the query; absent is 0.
func dimension(q url.Values, key string) (int, error) {
	v := q.Get(key)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, web.Errorf(http.StatusBadRequest, "%s=%s is not a size in pixels", key, v)
	}
	return n, nil
}

// articleSlug returns the slug of the article that rawURL addresses on
// the site at baseURL (or at host), ignoring any query and fragment.
func articleSlug(rawURL, baseURL, host string) (string, bool) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return "", false
	}
	base, err := url.Parse(baseURL)
	if err != nil || !strings.EqualFold(u.Host, base.Host) && !strings.EqualFold(u.Host, host) {
		return "", false
	}
	path := strings.TrimPrefix(u.Path, strings.TrimSuffix(base.Path, "/"))
	slug, ok := strings.CutPrefix(path, "/articles/")
	if !ok || slug == "" || strings.Contains(slug, "/") {
		return "", false
	}
	return slug, true
}

// oembedError answers a failed oEmbed request with its status and a JSON
// body saying what was wrong (nothing internal for a server error).
func oembedError(w http.ResponseWriter, r *http.Request, status int, err error) {
	msg := http.StatusText(status)
	if status < 500 || status == http.StatusNotImplemented {
		msg = err.Error() // what was wrong with the request
	}
	b, _ := json.Marshal(struct {
		Error string `json:"error"`
	}{msg})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}
