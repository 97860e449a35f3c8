// Package wxr reads WordPress eXtended RSS exports (WXR 1.0, 1.1 and 1.2)
// as a stream and turns them into press bundles. The reader never holds
// the whole document: the channel's header elements are decoded one by one
// and each <item> on its own, so memory depends on the largest item, not
// on the file.
package wxr

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Canonical namespaces. WXR's own namespace changes with its version
// (http://wordpress.org/export/1.0/ … 1.2/, and …/excerpt/ beside it); the
// reader rewrites them to these before decoding, so one set of struct tags
// reads every version.
const (
	nsWP      = "http://wordpress.org/export/"
	nsExcerpt = "http://wordpress.org/export/excerpt/"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
)

// Error is a problem with the file, at a position in it.
type Error struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg) }

// Site is what the channel says about the exported site.
type Site struct {
	Title       string
	Link        string
	Description string
	Language    string
	BaseSiteURL string
	BaseBlogURL string
	Version     string // wp:wxr_version
}

// Author is a wp:author of the channel.
type Author struct {
	ID          string `xml:"http://wordpress.org/export/ author_id"`
	Login       string `xml:"http://wordpress.org/export/ author_login"`
	Email       string `xml:"http://wordpress.org/export/ author_email"`
	DisplayName string `xml:"http://wordpress.org/export/ author_display_name"`
	FirstName   string `xml:"http://wordpress.org/export/ author_first_name"`
	LastName    string `xml:"http://wordpress.org/export/ author_last_name"`
	// Description is not part of WXR; some exporters add it.
	Description string `xml:"http://wordpress.org/export/ author_description"`
}

// Term is a channel's wp:category, wp:tag or wp:term, with Taxonomy set to
// WordPress's taxonomy name ("category", "post_tag", or a custom one).
type Term struct {
	Taxonomy    string
	Slug        string
	Parent      string // the parent's slug
	Name        string
	Description string
}

type rawCategory struct {
	Nicename    string `xml:"http://wordpress.org/export/ category_nicename"`
	Parent      string `xml:"http://wordpress.org/export/ category_parent"`
	Name        string `xml:"http://wordpress.org/export/ cat_name"`
	Description string `xml:"http://wordpress.org/export/ category_description"`
}

type rawTag struct {
	Slug        string `xml:"http://wordpress.org/export/ tag_slug"`
	Name        string `xml:"http://wordpress.org/export/ tag_name"`
	Description string `xml:"http://wordpress.org/export/ tag_description"`
}

type rawTerm struct {
	Taxonomy    string `xml:"http://wordpress.org/export/ term_taxonomy"`
	Slug        string `xml:"http://wordpress.org/export/ term_slug"`
	Parent      string `xml:"http://wordpress.org/export/ term_parent"`
	Name        string `xml:"http://wordpress.org/export/ term_name"`
	Description string `xml:"http://wordpress.org/export/ term_description"`
}

// Item is one <item>: a post, page, attachment or any other post type.
type Item struct {
	Title         string     `xml:"title"`
	Link          string     `xml:"link"`
	PubDate       string     `xml:"pubDate"`
	Creator       string     `xml:"http://purl.org/dc/elements/1.1/ creator"`
	GUID          string     `xml:"guid"`
	Content       string     `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	Excerpt       string     `xml:"http://wordpress.org/export/excerpt/ encoded"`
	ID            int64      `xml:"http://wordpress.org/export/ post_id"`
	Date          string     `xml:"http://wordpress.org/export/ post_date"`
	DateGMT       string     `xml:"http://wordpress.org/export/ post_date_gmt"`
	Modified      string     `xml:"http://wordpress.org/export/ post_modified"`
	ModifiedGMT   string     `xml:"http://wordpress.org/export/ post_modified_gmt"`
	Name          string     `xml:"http://wordpress.org/export/ post_name"`
	Status        string     `xml:"http://wordpress.org/export/ status"`
	Parent        int64      `xml:"http://wordpress.org/export/ post_parent"`
	MenuOrder     int        `xml:"http://wordpress.org/export/ menu_order"`
	Type          string     `xml:"http://wordpress.org/export/ post_type"`
	Password      string     `xml:"http://wordpress.org/export/ post_password"`
	Sticky        int        `xml:"http://wordpress.org/export/ is_sticky"`
	AttachmentURL string     `xml:"http://wordpress.org/export/ attachment_url"`
	Categories    []Category `xml:"category"`
	Meta          []Meta     `xml:"http://wordpress.org/export/ postmeta"`
	Comments      []Comment  `xml:"http://wordpress.org/export/ comment"`

	// Line and Column are where the item starts in the file.
	Line, Column int
}

// MetaValue returns the value of the first meta with key, or "".
func (it *Item) MetaValue(key string) string {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value
		}
	}
	return ""
}

// Category is an item's <category>: a term of any taxonomy (Domain), or,
// in WXR 1.0, a bare name without domain that duplicates a domain one.
type Category struct {
	Domain   string `xml:"domain,attr"`
	Nicename string `xml:"nicename,attr"`
	Name     string `xml:",chardata"`
}

// Meta is one wp:postmeta.
type Meta struct {
	Key   string `xml:"http://wordpress.org/export/ meta_key"`
	Value string `xml:"http://wordpress.org/export/ meta_value"`
}

// Comment is one wp:comment.
type Comment struct {
	ID          string `xml:"http://wordpress.org/export/ comment_id"`
	Author      string `xml:"http://wordpress.org/export/ comment_author"`
	AuthorEmail string `xml:"http://wordpress.org/export/ comment_author_email"`
	AuthorURL   string `xml:"http://wordpress.org/export/ comment_author_url"`
	AuthorIP    string `xml:"http://wordpress.org/export/ comment_author_IP"`
	Date        string `xml:"http://wordpress.org/export/ comment_date"`
	DateGMT     string `xml:"http://wordpress.org/export/ comment_date_gmt"`
	Content     string `xml:"http://wordpress.org/export/ comment_content"`
	Approved    string `xml:"http://wordpress.org/export/ comment_approved"`
	Type        string `xml:"http://wordpress.org/export/ comment_type"`
	Parent      string `xml:"http://wordpress.org/export/ comment_parent"`
	UserID      string `xml:"http://wordpress.org/export/ comment_user_id"`
}

// Reader reads a WXR file one entry at a time.
type Reader struct {
	file    string
	raw     *xml.Decoder
	dec     *xml.Decoder
	site    Site
	inChan  bool
	done    bool
	lastErr error
}

// NewReader returns a Reader over r; file names it in errors.
func NewReader(r io.Reader, file string) *Reader {
	raw := xml.NewDecoder(r)
	raw.Strict = true
	// WordPress writes UTF-8; a declared legacy charset is read as is
	// rather than refused.
	raw.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return &Reader{file: file, raw: raw, dec: xml.NewTokenDecoder(nsRewriter{raw})}
}

// nsRewriter maps WXR's versioned namespaces to the canonical ones.
type nsRewriter struct{ d *xml.Decoder }

func (n nsRewriter) Token() (xml.Token, error) {
	t, err := n.d.Token()
	switch v := t.(type) {
	case xml.StartElement:
		v.Name.Space = canonical(v.Name.Space)
		for i := range v.Attr {
			if v.Attr[i].Name.Space != "xmlns" {
				v.Attr[i].Name.Space = canonical(v.Attr[i].Name.Space)
			}
		}
		return v, err
	case xml.EndElement:
		v.Name.Space = canonical(v.Name.Space)
		return v, err
	}
	return t, err
}

func canonical(space string) string {
	if rest, ok := strings.CutPrefix(space, "http://wordpress.org/export/"); ok {
		if strings.HasSuffix(rest, "/excerpt/") || strings.HasSuffix(rest, "/excerpt") {
			return nsExcerpt
		}
		return nsWP
	}
	return space
}

// Site returns what the channel said about the site so far: its header
// elements come before the items.
func (r *Reader) Site() Site { return r.site }

// Pos returns the reader's position in the file.
func (r *Reader) Pos() (line, column int) { return r.raw.InputPos() }

// errorf returns an *Error at the current position.
func (r *Reader) errorf(format string, args ...any) error {
	line, col := r.raw.InputPos()
	return &Error{File: r.file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (r *Reader) wrap(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg = se.Msg
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "unexpected end of file (the export is cut short)"
	}
	msg = strings.TrimPrefix(msg, "xml: ")
	return r.errorf("%s", msg)
}

// Next returns the next entry of the channel: *Author, *Term or *Item.
// Site header fields are collected as they pass (see Site). It returns
// io.EOF after the channel ends, and an *Error for malformed XML or a
// document that is not a WordPress export.
func (r *Reader) Next() (any, error) {
	if r.lastErr != nil {
		return nil, r.lastErr
	}
	v, err := r.next()
	if err != nil && err != io.EOF {
		err = r.wrap(err)
	}
	if err != nil {
		r.lastErr = err
	}
	return v, err
}

func (r *Reader) next() (any, error) {
	for {
		line, col := r.raw.InputPos()
		tok, err := r.dec.Token()
		if err == io.EOF {
			if !r.done {
				return nil, r.errorf("no <channel> found: not a WordPress export")
			}
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !r.inChan {
				switch {
				case t.Name.Local == "rss" && t.Name.Space == "":
				case t.Name.Local == "channel" && t.Name.Space == "" && !r.done:
					r.inChan = true
				default:
					if t.Name.Local != "rss" {
						return nil, r.errorf("unexpected <%s>: a WordPress export is <rss><channel>…", t.Name.Local)
					}
					return nil, r.errorf("unexpected <%s>", t.Name.Local)
				}
				continue
			}
			v, err := r.channelElement(t, line, col)
			if err != nil || v != nil {
				return v, err
			}
		case xml.EndElement:
			if r.inChan && t.Name.Local == "channel" {
				r.inChan, r.done = false, true
			}
		case xml.CharData:
			if !r.inChan && strings.TrimSpace(string(t)) != "" && !r.done {
				return nil, r.errorf("text outside the channel")
			}
		}
	}
}

func (r *Reader) channelElement(t xml.StartElement, line, col int) (any, error) {
	text := func(dst *string) error {
		var s string
		if err := r.dec.DecodeElement(&s, &t); err != nil {
			return err
		}
		*dst = strings.TrimSpace(s)
		return nil
	}
	switch {
	case t.Name.Space == "" && t.Name.Local == "item":
		it := &Item{}
		if err := r.dec.DecodeElement(it, &t); err != nil {
			return nil, err
		}
		it.Line, it.Column = line, col
		return it, nil
	case t.Name.Space == "" && t.Name.Local == "title":
		return nil, text(&r.site.Title)
	case t.Name.Space == "" && t.Name.Local == "link":
		return nil, text(&r.site.Link)
	case t.Name.Space == "" && t.Name.Local == "description":
		return nil, text(&r.site.Description)
	case t.Name.Space == "" && t.Name.Local == "language":
		return nil, text(&r.site.Language)
	case t.Name.Space == nsWP && t.Name.Local == "wxr_version":
		return nil, text(&r.site.Version)
	case t.Name.Space == nsWP && t.Name.Local == "base_site_url":
		return nil, text(&r.site.BaseSiteURL)
	case t.Name.Space == nsWP && t.Name.Local == "base_blog_url":
		return nil, text(&r.site.BaseBlogURL)
	case t.Name.Space == nsWP && t.Name.Local == "author":
		a := &Author{}
		if err := r.dec.DecodeElement(a, &t); err != nil {
			return nil, err
		}
		return a, nil
	case t.Name.Space == nsWP && t.Name.Local == "category":
		var c rawCategory
		if err := r.dec.DecodeElement(&c, &t); err != nil {
			return nil, err
		}
		return &Term{Taxonomy: "category", Slug: c.Nicename, Parent: c.Parent, Name: c.Name, Description: c.Description}, nil
	case t.Name.Space == nsWP && t.Name.Local == "tag":
		var c rawTag
		if err := r.dec.DecodeElement(&c, &t); err != nil {
			return nil, err
		}
		return &Term{Taxonomy: "post_tag", Slug: c.Slug, Name: c.Name, Description: c.Description}, nil
	case t.Name.Space == nsWP && t.Name.Local == "term":
		var c rawTerm
		if err := r.dec.DecodeElement(&c, &t); err != nil {
			return nil, err
		}
		return &Term{Taxonomy: c.Taxonomy, Slug: c.Slug, Parent: c.Parent, Name: c.Name, Description: c.Description}, nil
	}
	return nil, r.dec.Skip()
}
