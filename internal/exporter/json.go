package exporter

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// JSONFormat names the document JSON writes, in its "format" member.
const JSONFormat = "pressroom-export"

// Document is the JSON export, for readers of it (and the tests); JSON
// writes it a piece at a time rather than building one. Markdown texts
// are Text objects, {"markdown", "html"}, times RFC 3339 in UTC.
type Document struct {
	Format     string             `json:"format"`
	Version    int                `json:"version"`
	ExportedAt time.Time          `json:"exported_at"`
	Site       Site               `json:"site"`
	Taxonomies []Taxonomy         `json:"taxonomies"`
	Terms      []Term             `json:"terms"`
	Authors    []Author           `json:"authors"`
	Pages      []Page             `json:"pages"`
	Articles   []Article          `json:"articles"`
	Comments   []Comment          `json:"comments"`
	Redirects  []Redirect         `json:"redirects"`
	Attach     []Attachment       `json:"attachments"`
	Licensing  []LicensingRequest `json:"licensing_requests"`
}

// Text is a Markdown text as written and as rendered.
type Text struct {
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
}

func mdOf(m press.Markdown) Text { return Text{m.Source, m.HTML} }

// Site is the site settings.
type Site struct {
	Name               string           `json:"name"`
	Tagline            string           `json:"tagline"`
	BaseURL            string           `json:"base_url"`
	Language           string           `json:"language"`
	Logo               string           `json:"logo"`
	RepublishingPolicy Text             `json:"republishing_policy"`
	Disclaimer         Text             `json:"disclaimer"`
	FairUseNotice      Text             `json:"fair_use_notice"`
	Contacts           Text             `json:"contacts"`
	MembershipCall     Text             `json:"membership_call"`
	CommentCall        Text             `json:"comment_call"`
	Navigation         press.Navigation `json:"navigation"`
	CanonicalToSource  bool             `json:"canonical_to_source"`
	UpdatedAt          time.Time        `json:"updated_at"`
}

// Taxonomy is a taxonomy.
type Taxonomy struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Label    string `json:"label"`
	Position int    `json:"position"`
}

// Term is a term, with its taxonomy's slug and its parent's.
type Term struct {
	Taxonomy    string `json:"taxonomy"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description Text   `json:"description"`
	Parent      string `json:"parent"`
	Count       int    `json:"published_articles"`
}

// Author is an author, e-mail address included: the export is for the
// site's owners.
type Author struct {
	Slug      string       `json:"slug"`
	Name      string       `json:"name"`
	Bio       Text         `json:"bio"`
	Photo     string       `json:"photo"`
	Email     string       `json:"email"`
	Links     []press.Link `json:"links"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// Page is a standalone page; parent is the slug of the page above it.
type Page struct {
	Slug      string    `json:"slug"`
	Parent    string    `json:"parent"`
	Position  int       `json:"position"`
	Title     string    `json:"title"`
	Status    string    `json:"status"`
	Body      Text      `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TermRef names a term of an article.
type TermRef struct {
	Taxonomy string `json:"taxonomy"`
	Slug     string `json:"slug"`
}

// Article is an article; authors by slug in byline order.
type Article struct {
	Slug        string          `json:"slug"`
	Title       string          `json:"title"`
	Dek         string          `json:"dek"`
	Status      string          `json:"status"`
	Featured    bool            `json:"featured"`
	Language    string          `json:"language"`
	PublishedAt *time.Time      `json:"published_at"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	Authors     []string        `json:"authors"`
	Terms       []TermRef       `json:"terms"`
	Body        Text            `json:"body"`
	Excerpt     string          `json:"excerpt"`
	WordCount   int             `json:"word_count"`
	Image       press.Image     `json:"image"`
	Source      press.Source    `json:"source"`
	Copyright   press.Copyright `json:"copyright"`
	License     Text            `json:"license"`
	Fields      []press.Field   `json:"fields"`
	Republish   bool            `json:"republish"`
}

// Comment is a reader's comment on an article; parent_source_id is the
// source id of the comment it replies to.
type Comment struct {
	Article        string    `json:"article"`
	SourceID       string    `json:"source_id"`
	ParentSourceID string    `json:"parent_source_id"`
	AuthorName     string    `json:"author_name"`
	AuthorEmail    string    `json:"author_email"`
	AuthorURL      string    `json:"author_url"`
	AuthorIP       string    `json:"author_ip"`
	Body           string    `json:"body"`
	Status         string    `json:"status"`
	CreatedAt      time.Time `json:"created_at"`
}

// Redirect sends an old path to a new one.
type Redirect struct {
	From      string    `json:"from"`
	To        string    `json:"to"`
	CreatedAt time.Time `json:"created_at"`
}

// Attachment is a file brought over from another platform.
type Attachment struct {
	SourceID string `json:"source_id"`
	URL      string `json:"url"`
	Title    string `json:"title"`
	Alt      string `json:"alt"`
	Caption  string `json:"caption"`
	MimeType string `json:"mime_type"`
	Article  string `json:"article"`
	Path     string `json:"path"`
}

// LicensingRequest is a reader's request to license an article.
type LicensingRequest struct {
	Article   string    `json:"article"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Outlet    string    `json:"outlet"`
	Use       string    `json:"use"`
	Message   string    `json:"message"`
	CreatedAt time.Time `json:"created_at"`
}

// JSON writes everything in db to w as one JSON Document, streamed: the
// articles are read a page at a time and written one by one, so memory
// does not grow with the number of articles.
func JSON(ctx context.Context, db *store.DB, w io.Writer, now time.Time) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	e := &streamer{w: bw, enc: json.NewEncoder(bw)}
	e.enc.SetEscapeHTML(false)
	e.raw(`{"format":`)
	e.value(JSONFormat)
	e.raw(`,"version":1,"exported_at":`)
	e.value(now.UTC().Truncate(time.Microsecond))

	site, err := db.Site(ctx)
	if err != nil {
		return err
	}
	e.raw(`,"site":`)
	e.value(Site{Name: site.Name, Tagline: site.Tagline, BaseURL: site.BaseURL, Language: site.Language, Logo: site.Logo,
		RepublishingPolicy: mdOf(site.RepublishingPolicy), Disclaimer: mdOf(site.Disclaimer),
		FairUseNotice: mdOf(site.FairUseNotice), Contacts: mdOf(site.Contacts),
		MembershipCall: mdOf(site.MembershipCall), CommentCall: mdOf(site.CommentCall),
		Navigation: site.Navigation, CanonicalToSource: site.CanonicalToSource, UpdatedAt: site.UpdatedAt})

	taxonomies, err := db.Taxonomies(ctx)
	if err != nil {
		return err
	}
	e.raw(`,"taxonomies":[`)
	for i, x := range taxonomies {
		e.item(i, Taxonomy{x.Slug, x.Name, x.Label, x.Position})
	}
	e.raw(`],"terms":[`)
	n := 0
	for _, x := range taxonomies {
		terms, err := db.Terms(ctx, x.Slug)
		if err != nil {
			return err
		}
		for _, t := range terms {
			e.item(n, Term{t.Taxonomy, t.Slug, t.Name, mdOf(t.Description), t.Parent, t.Count})
			n++
		}
	}
	authors, err := db.Authors(ctx)
	if err != nil {
		return err
	}
	e.raw(`],"authors":[`)
	for i, a := range authors {
		e.item(i, Author{a.Slug, a.Name, mdOf(a.Bio), a.Photo, a.Email, nonNil(a.Links), a.CreatedAt, a.UpdatedAt})
	}
	pages, err := db.Pages(ctx)
	if err != nil {
		return err
	}
	e.raw(`],"pages":[`)
	for i, p := range pages {
		e.item(i, Page{p.Slug, p.Parent, p.Position, p.Title, string(p.Status), mdOf(p.Body), p.CreatedAt, p.UpdatedAt})
	}
	e.raw(`],"articles":[`)
	var after int64
	n = 0
	for {
		list, err := db.ArticlesByID(ctx, after, pageSize)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			break
		}
		for _, a := range list {
			e.item(n, articleOf(&a))
			n++
		}
		after = list[len(list)-1].ID
	}
	// Comments are read per article, so that only one article's are
	// held at a time.
	e.raw(`],"comments":[`)
	after, n = 0, 0
	for {
		list, err := db.ArticlesByID(ctx, after, pageSize)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			break
		}
		for _, a := range list {
			comments, err := db.Comments(ctx, a.Slug)
			if err != nil {
				return err
			}
			for _, c := range comments {
				e.item(n, Comment{c.Article, c.SourceID, c.ParentSourceID, c.AuthorName, c.AuthorEmail, c.AuthorURL,
					c.AuthorIP, c.Body, string(c.Status), c.CreatedAt})
				n++
			}
		}
		after = list[len(list)-1].ID
	}
	redirects, err := db.Redirects(ctx)
	if err != nil {
		return err
	}
	e.raw(`],"redirects":[`)
	for i, r := range redirects {
		e.item(i, Redirect{r.From, r.To, r.CreatedAt})
	}
	attachments, err := db.Attachments(ctx)
	if err != nil {
		return err
	}
	e.raw(`],"attachments":[`)
	for i, a := range attachments {
		e.item(i, Attachment{a.SourceID, a.URL, a.Title, a.Alt, a.Caption, a.MimeType, a.Article, a.Path})
	}
	requests, err := db.LicensingRequests(ctx, 1<<31-1)
	if err != nil {
		return err
	}
	e.raw(`],"licensing_requests":[`)
	for i, l := range requests {
		e.item(i, LicensingRequest{l.Article, l.Name, l.Email, l.Outlet, l.Use, l.Message, l.CreatedAt})
	}
	e.raw("]}\n")
	if e.err != nil {
		return fmt.Errorf("exporter: json: %w", e.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("exporter: json: %w", err)
	}
	return nil
}

func articleOf(a *press.Article) Article {
	out := Article{
		Slug: a.Slug, Title: a.Title, Dek: a.Dek, Status: string(a.Status), Featured: a.Featured, Language: a.Language,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Authors: []string{}, Terms: []TermRef{},
		Body: mdOf(a.Body), Excerpt: a.Excerpt, WordCount: a.WordCount, Image: a.Image, Source: a.Source,
		Copyright: a.Copyright, License: mdOf(a.License), Fields: nonNil(a.Fields), Republish: !a.NoRepublish,
	}
	if !a.PublishedAt.IsZero() {
		t := a.PublishedAt
		out.PublishedAt = &t
	}
	for _, au := range a.Authors {
		out.Authors = append(out.Authors, au.Slug)
	}
	for _, t := range a.Terms {
		out.Terms = append(out.Terms, TermRef{t.Taxonomy, t.Slug})
	}
	return out
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// streamer writes a JSON document piece by piece, remembering the first
// error so that the code writing it reads straight.
type streamer struct {
	w   *bufio.Writer
	enc *json.Encoder
	err error
}

func (e *streamer) raw(s string) {
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

func (e *streamer) value(v any) {
	if e.err == nil {
		e.err = e.enc.Encode(v) // ends in a newline, which JSON allows
	}
}

// item writes the i-th element of an array.
func (e *streamer) item(i int, v any) {
	if i > 0 {
		e.raw(",")
	}
	e.value(v)
}
