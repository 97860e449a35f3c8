package wxr

import (
	"context"
	"fmt"
	"html"
	"io"
	"mime"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/wphtml"
)

// Options control how an export is mapped to Pressroom.
type Options struct {
	// Taxonomies are the store's; taxonomies the import needs beyond them
	// are created.
	Taxonomies []press.Taxonomy
	// Map sends a WordPress taxonomy ("category", "post_tag", a custom
	// one) to a Pressroom taxonomy slug; "" drops its terms. Unmapped:
	// category → themes, post_tag → tags, others → their own slug.
	Map map[string]string
	// Chunk is how many items go into one bundle (default 200).
	Chunk int
	// Progress, when set, is called now and then with the bytes read so
	// far over both passes and their total (twice the file size when
	// known, else 0).
	Progress func(read, total int64)
}

// Opener opens the export; Convert reads it twice.
type Opener func() (io.ReadCloser, error)

// Stats counts what Convert produced and left out.
type Stats struct {
	Items       int // <item>s read
	Articles    int
	Pages       int
	Attachments int
	Comments    int
	Redirects   int
	Skipped     int // trashed and auto-draft items, menu items, revisions, other post types
}

// ParseMap parses a --map value, "category=regions,post_tag=themes,
// series=" (an empty target drops that taxonomy's terms).
func ParseMap(s string) (map[string]string, error) {
	m := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, to, ok := strings.Cut(part, "=")
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		if !ok || from == "" {
			return nil, fmt.Errorf("map %q: want wordpress_taxonomy=pressroom_taxonomy", part)
		}
		if to != "" && !press.ValidSlug(to) {
			return nil, fmt.Errorf("map %q: %q is not a taxonomy slug", part, to)
		}
		if from == "tag" {
			from = "post_tag"
		}
		m[from] = to
	}
	return m, nil
}

// Not imported: navigation menus, link categories and theme internals.
var ignoredTaxonomies = map[string]bool{
	"nav_menu": true, "link_category": true, "post_format": true, "wp_theme": true,
	"wp_template_part_area": true, "wp_pattern_category": true,
}

// Subtitle meta keys that themes and plugins use; the first present one
// becomes the dek when the post has no excerpt.
var subtitleKeys = []string{"subtitle", "_subtitle", "wps_subtitle", "td_subtitle", "dek", "_dek", "sub_title", "_wp_subtitle"}

type attachmentInfo struct {
	url, alt, title, caption string
}

type itemRef struct {
	slug  string
	page  bool
	index int // the item's position in the document
}

// converter holds what the first pass learnt: small facts per item, never
// bodies.
type converter struct {
	name       string
	opt        Options
	site       Site
	authors    []Author
	terms      []Term
	taxonomies []press.Taxonomy // to create
	taxSlug    map[string]string
	authorSlug map[string]string // login → slug
	items      map[int64]itemRef // posts and pages
	atts       map[int64]attachmentInfo
	pageSlugs  []int64 // pages in document order, slugs settled after the pass
	stats      Stats
}

// Convert reads the export twice and hands its content to add as bundles:
// first one with the taxonomies, terms and authors, then one per Chunk
// items with their comments, attachments and redirects. The first pass
// reads only small facts (ids, slugs, attachment URLs) so that featured
// images, page parents and duplicate slugs resolve whatever the order of
// the file; memory grows with the number of items by a few dozen bytes
// each, never with their bodies. A malformed file fails the first pass,
// before add is ever called, with an *Error naming file, line and column.
func Convert(ctx context.Context, name string, open Opener, opt Options, add func(press.Bundle) error) (Stats, error) {
	if opt.Chunk <= 0 {
		opt.Chunk = 200
	}
	c := &converter{name: name, opt: opt, taxSlug: map[string]string{}, authorSlug: map[string]string{},
		items: map[int64]itemRef{}, atts: map[int64]attachmentInfo{}}
	var total int64
	progress := func(base int64) func(int64) {
		if opt.Progress == nil {
			return nil
		}
		return func(n int64) { opt.Progress(base+n, total) }
	}
	size, err := c.pass(ctx, open, true, progress(0), c.index)
	if err != nil {
		return c.stats, err
	}
	if size > 0 {
		total = 2 * size
	}
	c.settle()
	e := &emitter{c: c, add: add, pending: map[int64][]press.Attachment{}}
	if err := add(c.header()); err != nil {
		return c.stats, err
	}
	c.stats.Items = 0
	if _, err := c.pass(ctx, open, false, progress(size), e.item); err != nil {
		return c.stats, err
	}
	if err := e.flush(true); err != nil {
		return c.stats, err
	}
	return c.stats, nil
}

// pass reads the whole file once, calling fn for each item; header
// entries are collected on the first pass only.
func (c *converter) pass(ctx context.Context, open Opener, first bool, progress func(int64), fn func(*Item) error) (int64, error) {
	f, err := open()
	if err != nil {
		return 0, err
	}
	defer f.Close()
	cr := &countingReader{r: f, progress: progress}
	r := NewReader(cr, c.name)
	index := 0
	for {
		if index%64 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		v, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		switch v := v.(type) {
		case *Author:
			if first {
				c.authors = append(c.authors, *v)
			}
		case *Term:
			if first {
				c.terms = append(c.terms, *v)
			}
		case *Item:
			c.stats.Items++
			index++
			if err := fn(v); err != nil {
				return 0, err
			}
		}
	}
	if first {
		c.site = r.Site()
	}
	cr.report()
	return cr.n, nil
}

type countingReader struct {
	r        io.Reader
	n, last  int64
	progress func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && c.n-c.last >= 1<<20 {
		c.report()
	}
	return n, err
}

func (c *countingReader) report() {
	if c.progress != nil {
		c.last = c.n
		c.progress(c.n)
	}
}

// kind says what becomes of an item: "article", "page", "attachment" or
// "" (skipped).
func kind(it *Item) string {
	switch it.Type {
	case "post":
		if status(it.Status) == "" {
			return ""
		}
		return "article"
	case "page":
		if status(it.Status) == "" {
			return ""
		}
		return "page"
	case "attachment":
		return "attachment"
	}
	return ""
}

// status maps a WordPress status: publish → published; draft, pending,
// private and future → draft (Pressroom has neither scheduling nor private
// visibility yet, and publishing either would show readers what the old
// site hid); trash and auto-draft → "" (not imported).
func status(s string) press.Status {
	switch strings.TrimSpace(s) {
	case "publish":
		return press.StatusPublished
	case "trash", "auto-draft", "inherit":
		return ""
	}
	return press.StatusDraft
}

// index is the first pass: attachments' URLs and alt texts, and every
// post's and page's slug.
func (c *converter) index(it *Item) error {
	switch kind(it) {
	case "attachment":
		c.atts[it.ID] = attachmentInfo{url: attachmentURL(it), alt: clean(it.MetaValue("_wp_attachment_image_alt")),
			title: clean(it.Title), caption: plain(it.Excerpt)}
	case "article":
		c.items[it.ID] = itemRef{slug: baseSlug(it), index: c.stats.Items}
	case "page":
		c.items[it.ID] = itemRef{slug: baseSlug(it), page: true, index: c.stats.Items}
		c.pageSlugs = append(c.pageSlugs, it.ID)
	}
	for _, cat := range it.Categories {
		if d := domain(cat.Domain); d != "" {
			c.taxonomy(d)
		}
	}
	return nil
}

func domain(d string) string {
	if d == "tag" {
		return "post_tag"
	}
	return d
}

// taxonomy returns the Pressroom taxonomy for a WordPress one, "" to drop.
func (c *converter) taxonomy(wp string) string {
	if s, ok := c.taxSlug[wp]; ok {
		return s
	}
	s, ok := c.opt.Map[wp]
	if !ok {
		switch {
		case ignoredTaxonomies[wp]:
			s = ""
		case wp == "category":
			s = "themes"
		case wp == "post_tag":
			s = "tags"
		default:
			s = press.Slugify(wp)
		}
	}
	c.taxSlug[wp] = s
	if s != "" && !c.hasTaxonomy(s) {
		name := titleCase(strings.ReplaceAll(s, "-", " "))
		label := name
		if s == "tags" {
			label = "Tag"
		}
		c.taxonomies = append(c.taxonomies, press.Taxonomy{Slug: s, Name: name, Label: label,
			Position: len(c.opt.Taxonomies) + len(c.taxonomies) + 1})
	}
	return s
}

func (c *converter) hasTaxonomy(slug string) bool {
	for _, t := range c.opt.Taxonomies {
		if t.Slug == slug {
			return true
		}
	}
	for _, t := range c.taxonomies {
		if t.Slug == slug {
			return true
		}
	}
	return false
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// settle makes slugs unique: articles among articles and pages among
// pages (they live under different paths), in document order, the later
// one taking -2, -3 …, so that importing the same file again gives the
// same slugs. Pages also avoid paths the site uses itself.
func (c *converter) settle() {
	for _, t := range c.terms {
		c.taxonomy(t.Taxonomy)
	}
	ids := make([]int64, 0, len(c.items))
	for id := range c.items {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return c.items[ids[i]].index < c.items[ids[j]].index })
	taken := map[string]bool{}
	pageTaken := map[string]bool{}
	all := append(append([]press.Taxonomy{}, c.opt.Taxonomies...), c.taxonomies...)
	for _, id := range ids {
		ref := c.items[id]
		seen := taken
		if ref.page {
			seen = pageTaken
		}
		slug := ref.slug
		for n := 2; seen[slug] || ref.page && press.ReservedSlug(slug, all); n++ {
			slug = suffix(ref.slug, n)
		}
		seen[slug] = true
		ref.slug = slug
		c.items[id] = ref
	}
	used := map[string]int{}
	for _, a := range c.authors {
		s := authorSlug(a.DisplayName, a.Login)
		if used[s]++; used[s] > 1 {
			s = suffix(s, used[s])
		}
		c.authorSlug[strings.TrimSpace(a.Login)] = s
	}
}

func suffix(slug string, n int) string {
	tail := "-" + strconv.Itoa(n)
	if len(slug)+len(tail) > press.MaxSlugLen {
		slug = strings.TrimRight(slug[:press.MaxSlugLen-len(tail)], "-")
	}
	return slug + tail
}

func authorSlug(display, login string) string {
	if s := press.Slugify(slugClean(display)); s != "" {
		return s
	}
	if s := press.Slugify(slugClean(login)); s != "" {
		return s
	}
	return "author"
}

// clean removes what has no place in a name or slug: format characters
// (zero-width joiners, bidirectional overrides, byte-order marks) and
// combining marks stacked on letters, then trims.
func clean(s string) string {
	if s == "" {
		return ""
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s))
}

func slugClean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			return -1
		}
		return r
	}, s)
}

// baseSlug is the item's post_name as a slug (URL-decoded, as WordPress
// stores non-ASCII slugs percent-encoded), else its title's, else
// "post-ID".
func baseSlug(it *Item) string {
	if s := termSlug(it.Name); s != "" {
		return s
	}
	if s := press.Slugify(slugClean(it.Title)); s != "" {
		return s
	}
	return "post-" + strconv.FormatInt(it.ID, 10)
}

func termSlug(raw string) string {
	s := strings.TrimSpace(raw)
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	s = slugClean(s)
	if press.ValidSlug(s) {
		return s
	}
	return press.Slugify(s)
}

func attachmentURL(it *Item) string {
	if it.AttachmentURL != "" {
		return strings.TrimSpace(it.AttachmentURL)
	}
	return strings.TrimSpace(it.GUID)
}

// header is the first bundle: new taxonomies, every defined term (unused
// ones too) and every author.
func (c *converter) header() press.Bundle {
	b := press.Bundle{Taxonomies: c.taxonomies}
	for _, t := range c.terms {
		tax := c.taxonomy(t.Taxonomy)
		slug := termSlug(t.Slug)
		if slug == "" {
			slug = press.Slugify(slugClean(t.Name))
		}
		if tax == "" || slug == "" {
			continue
		}
		name := htmlUnescape(clean(t.Name))
		if name == "" {
			name = slug
		}
		b.Terms = append(b.Terms, press.Term{Taxonomy: tax, Slug: slug, Name: name,
			Description: press.Markdown{Source: strings.TrimSpace(t.Description)}, Parent: termSlug(t.Parent)})
	}
	for _, a := range c.authors {
		name := clean(a.DisplayName)
		if name == "" {
			name = strings.TrimSpace(clean(a.FirstName) + " " + clean(a.LastName))
		}
		if name == "" {
			name = clean(a.Login)
		}
		b.Authors = append(b.Authors, press.Author{Slug: c.authorSlug[strings.TrimSpace(a.Login)], Name: htmlUnescape(name),
			Email: strings.TrimSpace(a.Email), Bio: press.Markdown{Source: strings.TrimSpace(a.Description)}})
	}
	return b
}

// emitter is the second pass: it turns items into bundles of Chunk items.
type emitter struct {
	c       *converter
	add     func(press.Bundle) error
	b       press.Bundle
	n       int
	pending map[int64][]press.Attachment // by article id: attachments met before their article
}

func (e *emitter) flush(final bool) error {
	if final {
		// Attachments whose article was not imported (trashed, say).
		for _, list := range e.pending {
			for _, a := range list {
				a.Article = ""
				e.b.Attachments = append(e.b.Attachments, a)
			}
		}
		e.pending = nil
	}
	if e.n == 0 && len(e.b.Attachments) == 0 {
		return nil
	}
	b := e.b
	e.b, e.n = press.Bundle{}, 0
	return e.add(b)
}

func (e *emitter) item(it *Item) error {
	c := e.c
	switch kind(it) {
	case "article":
		a, comments := c.article(it)
		e.b.Articles = append(e.b.Articles, a)
		e.b.Comments = append(e.b.Comments, comments...)
		e.b.Redirects = append(e.b.Redirects, c.redirects(it, press.ArticlePath(a.Slug), "p")...)
		e.b.Attachments = append(e.b.Attachments, e.pending[it.ID]...)
		delete(e.pending, it.ID)
		c.stats.Articles++
		c.stats.Comments += len(comments)
	case "page":
		p := c.page(it)
		e.b.Pages = append(e.b.Pages, p)
		e.b.Redirects = append(e.b.Redirects, c.redirects(it, press.PagePath(p.Slug), "page_id")...)
		c.stats.Pages++
	case "attachment":
		att := c.attachment(it)
		c.stats.Attachments++
		if u, err := url.Parse(att.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			e.b.Redirects = append(e.b.Redirects, press.Redirect{From: "/?attachment_id=" + strconv.FormatInt(it.ID, 10), To: att.URL})
			c.stats.Redirects++
		}
		if ref, ok := c.items[it.Parent]; ok && !ref.page && ref.index > c.stats.Items {
			e.pending[it.Parent] = append(e.pending[it.Parent], att)
		} else {
			e.b.Attachments = append(e.b.Attachments, att)
		}
	default:
		c.stats.Skipped++
		return nil
	}
	e.n++
	if e.n >= c.opt.Chunk {
		return e.flush(false)
	}
	return nil
}

func (c *converter) slug(id int64) string { return c.items[id].slug }

func (c *converter) body(it *Item) press.Markdown {
	md, err := wphtml.ToMarkdown(it.Content)
	if err != nil {
		// Raw HTML is valid Markdown; the renderer sanitises it.
		md = it.Content
	}
	return press.Markdown{Source: md}
}

// title is the item's title as plain text: WordPress shows titles as
// HTML, so entities ("&amp;", "&#8217;") are decoded and tags dropped.
func title(it *Item) string {
	t := plain(it.Title)
	if t == "" {
		return "(no title)"
	}
	return t
}

func (c *converter) article(it *Item) (press.Article, []press.Comment) {
	a := press.Article{
		Slug:     c.slug(it.ID),
		Title:    title(it),
		Body:     c.body(it),
		Status:   status(it.Status),
		Featured: it.Sticky == 1,
		Fields: []press.Field{
			{Key: "wordpress_id", Value: strconv.FormatInt(it.ID, 10)},
			{Key: "wordpress_status", Value: strings.TrimSpace(it.Status)},
		},
	}
	a.PublishedAt = itemDate(it)
	if a.Status == press.StatusPublished && a.PublishedAt.IsZero() {
		a.Status = press.StatusDraft // undated: Pressroom cannot publish it
	}
	if a.Status == press.StatusDraft && it.Status != "publish" {
		// A draft's date in WordPress is when it was last saved, not a
		// publication date.
		a.PublishedAt = time.Time{}
	}
	a.Dek = plain(it.Excerpt)
	if a.Dek == "" {
		for _, k := range subtitleKeys {
			if v := plain(it.MetaValue(k)); v != "" && !Serialized(v) {
				a.Dek = v
				break
			}
		}
	}
	if login := strings.TrimSpace(it.Creator); login != "" {
		slug, ok := c.authorSlug[login]
		if !ok {
			// An author missing from the channel's list: created from the
			// login.
			slug = authorSlug("", login)
			c.authorSlug[login] = slug
		}
		a.Authors = []press.Author{{Slug: slug, Name: clean(login)}}
	}
	seen := map[string]bool{}
	for _, cat := range it.Categories {
		d := domain(cat.Domain)
		if d == "" {
			continue // WXR 1.0's duplicate without domain
		}
		tax := c.taxonomy(d)
		slug := termSlug(cat.Nicename)
		if slug == "" {
			slug = press.Slugify(slugClean(cat.Name))
		}
		if tax == "" || slug == "" || seen[tax+"/"+slug] {
			continue
		}
		seen[tax+"/"+slug] = true
		name := htmlUnescape(clean(cat.Name))
		if name == "" {
			name = slug
		}
		a.Terms = append(a.Terms, press.Term{Taxonomy: tax, Slug: slug, Name: name})
	}
	if id, err := strconv.ParseInt(strings.TrimSpace(it.MetaValue("_thumbnail_id")), 10, 64); err == nil {
		if att, ok := c.atts[id]; ok && att.url != "" {
			alt := att.alt
			if alt == "" {
				alt = att.title
			}
			if alt == "" {
				alt = a.Title
			}
			a.Image = press.Image{Src: att.url, Alt: alt, Credit: att.caption}
		}
	}
	for _, m := range it.Meta {
		k := strings.TrimSpace(m.Key)
		if k == "" || strings.HasPrefix(k, "_") || isSubtitleKey(k) || Serialized(m.Value) || k == "wordpress_id" || k == "wordpress_status" {
			continue
		}
		a.Fields = append(a.Fields, press.Field{Key: k, Value: m.Value})
	}
	var comments []press.Comment
	for _, cm := range it.Comments {
		if t := strings.TrimSpace(cm.Type); t == "pingback" || t == "trackback" {
			continue
		}
		parent := strings.TrimSpace(cm.Parent)
		if parent == "0" {
			parent = ""
		}
		comments = append(comments, press.Comment{
			Article: a.Slug, SourceID: strings.TrimSpace(cm.ID), ParentSourceID: parent,
			AuthorName: strings.TrimSpace(cm.Author), AuthorEmail: strings.TrimSpace(cm.AuthorEmail),
			AuthorURL: strings.TrimSpace(cm.AuthorURL), AuthorIP: strings.TrimSpace(cm.AuthorIP),
			Body: cm.Content, Status: commentStatus(cm.Approved), CreatedAt: wpDate(cm.DateGMT, cm.Date),
		})
	}
	return a, comments
}

func isSubtitleKey(k string) bool {
	for _, s := range subtitleKeys {
		if s == k {
			return true
		}
	}
	return false
}

func commentStatus(s string) press.CommentStatus {
	switch strings.TrimSpace(s) {
	case "1", "approve", "approved":
		return press.CommentApproved
	case "spam":
		return press.CommentSpam
	case "trash", "post-trashed":
		return press.CommentTrash
	}
	return press.CommentPending
}

func (c *converter) page(it *Item) press.Page {
	p := press.Page{Slug: c.slug(it.ID), Title: title(it), Body: c.body(it), Status: status(it.Status), Position: it.MenuOrder}
	if ref, ok := c.items[it.Parent]; ok && ref.page {
		p.Parent = ref.slug
	}
	return p
}

func (c *converter) attachment(it *Item) press.Attachment {
	info := c.atts[it.ID]
	a := press.Attachment{SourceID: strconv.FormatInt(it.ID, 10), URL: info.url, Title: info.title, Alt: info.alt, Caption: info.caption}
	if u, err := url.Parse(info.url); err == nil {
		a.MimeType = mime.TypeByExtension(strings.ToLower(path.Ext(u.Path)))
	}
	if ref, ok := c.items[it.Parent]; ok && !ref.page {
		a.Article = ref.slug
	}
	return a
}

// redirects are the item's old addresses: its permalink's path and the
// plain ?p=ID (or ?page_id=ID) form, which WordPress always answers.
func (c *converter) redirects(it *Item, to, param string) []press.Redirect {
	var out []press.Redirect
	seen := map[string]bool{}
	for _, from := range []string{strings.TrimSpace(it.Link), "/?" + param + "=" + strconv.FormatInt(it.ID, 10)} {
		f := press.NormalisePath(from)
		if f == "" || f == "/" || seen[f] || f == press.NormalisePath(to) {
			continue
		}
		seen[f] = true
		out = append(out, press.Redirect{From: f, To: to})
	}
	c.stats.Redirects += len(out)
	return out
}

// itemDate is when the item was published: post_date_gmt, else post_date
// read as UTC (WXR does not say the site's time zone), else zero.
func itemDate(it *Item) time.Time { return wpDate(it.DateGMT, it.Date) }

func wpDate(gmt, local string) time.Time {
	for _, s := range []string{gmt, local} {
		s = strings.TrimSpace(s)
		if s == "" || strings.HasPrefix(s, "0000-00-00") {
			continue
		}
		if t, err := time.Parse(time.DateTime, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// plain turns an excerpt or meta value into one line of plain text.
func plain(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	s = tags.ReplaceAllString(s, " ")
	s = htmlUnescape(s)
	return strings.Join(strings.Fields(s), " ")
}

func htmlUnescape(s string) string { return html.UnescapeString(s) }
