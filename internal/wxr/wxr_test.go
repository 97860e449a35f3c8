package wxr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pressroomhq/pressroom/internal/press"
)

const shared = "../../../shared/testdata/wxr"

// result is everything Convert handed to add, merged, and the bundles.
type result struct {
	press.Bundle
	bundles []press.Bundle
	stats   Stats
}

func convertString(t *testing.T, name, doc string, opt Options) (result, error) {
	t.Helper()
	return convert(t, name, func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(doc)), nil }, opt)
}

func convert(t *testing.T, name string, open Opener, opt Options) (result, error) {
	t.Helper()
	if opt.Taxonomies == nil {
		opt.Taxonomies = press.DefaultTaxonomies()
	}
	var r result
	st, err := Convert(context.Background(), name, open, opt, func(b press.Bundle) error {
		r.bundles = append(r.bundles, b)
		r.Taxonomies = append(r.Taxonomies, b.Taxonomies...)
		r.Terms = append(r.Terms, b.Terms...)
		r.Authors = append(r.Authors, b.Authors...)
		r.Pages = append(r.Pages, b.Pages...)
		r.Articles = append(r.Articles, b.Articles...)
		r.Redirects = append(r.Redirects, b.Redirects...)
		r.Comments = append(r.Comments, b.Comments...)
		r.Attachments = append(r.Attachments, b.Attachments...)
		return nil
	})
	r.stats = st
	return r, err
}

func MustConvertFile(t *testing.T, path string, opt Options) result {
	t.Helper()
	r, err := convert(t, path, func() (io.ReadCloser, error) { return os.Open(path) }, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (r result) article(t *testing.T, slug string) press.Article {
	t.Helper()
	for _, a := range r.Articles {
		if a.Slug == slug {
			return a
		}
	}
	t.Fatalf("no article %q", slug)
	return press.Article{}
}

func (r result) page(t *testing.T, slug string) press.Page {
	t.Helper()
	for _, p := range r.Pages {
		if p.Slug == slug {
			return p
		}
	}
	t.Fatalf("no page %q", slug)
	return press.Page{}
}

func countBy[T any](list []T, key func(T) string) map[string]int {
	m := map[string]int{}
	for _, v := range list {
		m[key(v)]++
	}
	return m
}

// TestSmallExport asserts what ../shared/testdata/wxr/SOURCES.md says a
// correct import of small-export.xml gives.
func TestSmallExport(t *testing.T) {
	r := MustConvertFile(t, filepath.Join(shared, "small-export.xml"), Options{})
	if len(r.Authors) != 3 {
		t.Errorf("%d authors, want 3", len(r.Authors))
	}
	byTax := countBy(r.Terms, func(x press.Term) string { return x.Taxonomy })
	if diff := cmp.Diff(map[string]int{"themes": 30, "tags": 3}, byTax); diff != "" {
		t.Errorf("terms per taxonomy (-want +got):\n%s", diff)
	}
	terms := map[string]press.Term{}
	for _, x := range r.Terms {
		terms[x.Taxonomy+"/"+x.Slug] = x
	}
	if x := terms["themes/unused-category"]; x.Name != "Unused category" {
		t.Errorf("the unused category is not imported: %+v", x)
	}
	if foo, fooBar := terms["themes/foo"], terms["themes/foo-bar"]; foo.Name != "Foo" || fooBar.Name != "Foo" || fooBar.Parent != "bar" || foo.Parent != "" {
		t.Errorf("the two Foo categories: %+v, %+v", foo, fooBar)
	}
	if x := terms["themes/eternity"]; x.Name != "远征手记" {
		t.Errorf("CJK category: %+v", x)
	}
	if diff := cmp.Diff([]press.Taxonomy{{Slug: "tags", Name: "Tags", Label: "Tag", Position: 4}}, r.Taxonomies); diff != "" {
		t.Errorf("new taxonomies (-want +got):\n%s", diff)
	}
	byStatus := countBy(r.Articles, func(a press.Article) string { return a.Field("wordpress_status") })
	if diff := cmp.Diff(map[string]int{"publish": 5, "private": 1}, byStatus); diff != "" {
		t.Errorf("posts by WordPress status (-want +got):\n%s", diff)
	}
	published := countBy(r.Articles, func(a press.Article) string { return string(a.Status) })
	if diff := cmp.Diff(map[string]int{"published": 5, "draft": 1}, published); diff != "" {
		t.Errorf("posts by status (-want +got):\n%s", diff)
	}
	pages := countBy(r.Pages, func(p press.Page) string { return string(p.Status) })
	if diff := cmp.Diff(map[string]int{"published": 4, "draft": 1}, pages); diff != "" {
		t.Errorf("pages by status (-want +got):\n%s", diff)
	}
	// The draft page has an empty slug and a zero date: its slug comes
	// from its title.
	if p := r.page(t, "draft-page"); p.Status != press.StatusDraft {
		t.Errorf("draft page: %+v", p)
	}
	if p := r.page(t, "child-page"); p.Parent != "parent-page" {
		t.Errorf("Child Page's parent = %q, want parent-page", p.Parent)
	}
	if len(r.Comments) != 1 || r.Comments[0].Article != "hello-world" || r.Comments[0].Status != press.CommentApproved {
		t.Errorf("comments: %+v", r.Comments)
	}
	many := r.article(t, "many-categories")
	if n := len(many.TermsOf("themes")); n != 27 {
		t.Errorf("Many Categories has %d categories, want 27", n)
	}
	hello := r.article(t, "hello-world")
	if want := time.Date(2011, 1, 18, 7, 40, 14, 0, time.UTC); !hello.PublishedAt.Equal(want) {
		t.Errorf("hello-world date %v", hello.PublishedAt)
	}
	for _, a := range r.Articles {
		if err := a.Validate(); err != nil {
			t.Errorf("article %s: %v", a.Slug, err)
		}
	}
	for _, p := range r.Pages {
		if err := p.Validate(append(press.DefaultTaxonomies(), r.Taxonomies...)); err != nil {
			t.Errorf("page %s: %v", p.Slug, err)
		}
	}
	for _, rd := range r.Redirects {
		if err := rd.Validate(); err != nil {
			t.Errorf("redirect %+v: %v", rd, err)
		}
	}
}

// TestUTF8Challenges: zero-width characters in an author login, right-to-
// left overrides, and character references inside CDATA kept literal.
func TestUTF8Challenges(t *testing.T) {
	path := filepath.Join(shared, "wxr-utf-8-challenges.xml")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := NewReader(f, path)
	var item *Item
	var author *Author
	for {
		v, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch v := v.(type) {
		case *Item:
			item = v
		case *Author:
			author = v
		}
	}
	if author == nil || author.Login != "admin\u200c\u200b\u200d\u200e" {
		t.Errorf("author login %+q: the zero-width characters must be read as they are", author)
	}
	if !strings.Contains(item.Content, "&#x200B;&#x200C;&#x200D;&#x2060;&#xFEFF;") || !strings.Contains(item.Content, "&#xD800;") {
		t.Error("character references inside CDATA were decoded; they must stay literal")
	}
	if got := item.MetaValue("_special_chars"); got != "&#x202E;&#x202D;&#x200B;&#x200C;&#x200D;&#x2060;&#xFEFF;&#xFFFD;" {
		t.Errorf("_special_chars = %q", got)
	}
	if !strings.Contains(item.Title, "\u202eNot\u202c") {
		t.Errorf("title lost its right-to-left override: %+q", item.Title)
	}
	if rd.Site().Title != "My WordPress Website 🚀 \u202e\u202dمرحبا" {
		t.Errorf("site title %+q", rd.Site().Title)
	}

	r := MustConvertFile(t, path, Options{})
	if len(r.Authors) != 1 || r.Authors[0].Slug != "admin" {
		t.Fatalf("authors %+v: want one, slug admin", r.Authors)
	}
	a := r.Articles[0]
	if a.Slug != "hello-world-utf8-test" || len(a.Authors) != 1 || a.Authors[0].Slug != "admin" {
		t.Errorf("article slug %q, authors %+v", a.Slug, a.Authors)
	}
	if !strings.Contains(a.Title, "\u202eNot\u202c") || !strings.Contains(a.Body.Source, "🚀🌟💫") || !strings.Contains(a.Body.Source, "السلام عليكم") {
		t.Errorf("text was altered: %q", a.Title)
	}
	if len(a.Terms) != 1 || a.Terms[0].Slug != "uncategorized" {
		t.Errorf("terms %+v", a.Terms)
	}
}

// TestCDATASplit: "]]>" split across two CDATA sections.
func TestCDATASplit(t *testing.T) {
	r := MustConvertFile(t, filepath.Join(shared, "crazy-cdata-escaped.xml"), Options{})
	a := r.Articles[0]
	if !strings.Contains(a.Body.Source, "]]>") {
		t.Errorf("body %q lost the literal ]]>", a.Body.Source)
	}
	want := []press.Field{
		{Key: "wordpress_id", Value: "1"}, {Key: "wordpress_status", Value: "publish"},
		{Key: "Plain string", Value: "Foo"},
		{Key: "Closing CDATA", Value: "]]>"},
		{Key: "Alot of CDATA", Value: "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>"},
	}
	if diff := cmp.Diff(want, a.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

// TestSerializedMeta: PHP-serialized meta is recognised with byte lengths
// and never reinterpreted. "Unchanged" for us: every meta value we keep is
// the exact string of the file (after XML decoding), and serialized values,
// which are WordPress's data structures rather than fields a reader sees,
// are left out instead of being rewritten.
func TestSerializedMeta(t *testing.T) {
	path := filepath.Join(shared, "test-serialized-postmeta-with-cdata.xml")
	r := MustConvertFile(t, path, Options{})
	a := r.Articles[0]
	want := []press.Field{
		{Key: "wordpress_id", Value: "10"}, {Key: "wordpress_status", Value: "draft"},
		{Key: "contains-html", Value: "<pre>some html</pre>"},
		{Key: "evil", Value: "<wp:meta_value>evil</wp:meta_value>"},
		{Key: "string", Value: "¯\\_(ツ)_/¯"},
		{Key: "integer", Value: "1"},
	}
	if diff := cmp.Diff(want, a.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	// The serialized values read back byte for byte.
	f, _ := os.Open(path)
	defer f.Close()
	rd := NewReader(f, path)
	for {
		v, err := rd.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if it, ok := v.(*Item); ok {
			for key, want := range map[string]string{
				"post-options": `a:2:{s:18:"special_post_title";s:15:"A special title";s:11:"is_calendar";s:0:"";}`,
				"array":        `a:1:{s:3:"key";s:13:"¯\_(ツ)_/¯";}`,
				"array-nested": `a:1:{s:3:"key";a:2:{s:3:"foo";s:13:"¯\_(ツ)_/¯";s:3:"bar";s:3:"\o/";}}`,
			} {
				got := it.MetaValue(key)
				if got != want || !Serialized(got) {
					t.Errorf("meta %s = %q (serialized %v), want %q", key, got, Serialized(got), want)
				}
			}
		}
	}
	if a.Status != press.StatusDraft || a.Slug != "my-entry-with-postmeta" || !a.PublishedAt.IsZero() {
		t.Errorf("draft with empty slug and zero GMT date: %q %q %v", a.Status, a.Slug, a.PublishedAt)
	}
}

func TestSerialized(t *testing.T) {
	for s, want := range map[string]bool{
		`s:5:"hello";`:                  true,
		`s:13:"¯\_(ツ)_/¯";`:             true,
		`s:9:"¯\_(ツ)_/¯";`:              false, // character count, not bytes
		`a:0:{}`:                        true,
		`a:1:{i:0;b:1;}`:                true,
		`O:8:"stdClass":1:{s:1:"a";N;}`: true,
		`i:42;`:                         true,
		`d:0.5;`:                        true,
		`a:2:{s:1:"a";}`:                false,
		`plain text`:                    false,
		`s:5:"hi";`:                     false,
		``:                              false,
		`s:99999999999999999999:"x";`:   false,
	} {
		if got := Serialized(s); got != want {
			t.Errorf("Serialized(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTraps(t *testing.T) {
	r := MustConvertFile(t, "testdata/traps.xml", Options{})

	if diff := cmp.Diff(Stats{Items: 16, Articles: 7, Pages: 4, Attachments: 2, Comments: 4, Redirects: 17, Skipped: 3}, r.stats); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	// Authors: two with the same display name get distinct slugs; the
	// bio comes from wp:author_description.
	want := []press.Author{
		{Slug: "ana-ruiz", Name: "Ana Ruiz", Email: "ana@harbour.example", Bio: press.Markdown{Source: "Ana covers ports and *shipping*."}},
		{Slug: "ana-ruiz-2", Name: "Ana Ruiz", Email: "lee@harbour.example"},
	}
	if diff := cmp.Diff(want, r.Authors); diff != "" {
		t.Errorf("authors (-want +got):\n%s", diff)
	}
	wantTax := []press.Taxonomy{
		{Slug: "tags", Name: "Tags", Label: "Tag", Position: 4},
		{Slug: "series", Name: "Series", Label: "Series", Position: 5},
	}
	if diff := cmp.Diff(wantTax, r.Taxonomies); diff != "" {
		t.Errorf("taxonomies (-want +got):\n%s", diff)
	}
	wantTerms := []press.Term{
		{Taxonomy: "themes", Slug: "shipping", Name: "Shipping & Ports"},
		{Taxonomy: "themes", Slug: "港口", Name: "港口", Parent: "shipping"},
		{Taxonomy: "tags", Slug: "cranes", Name: "Cranes"},
		{Taxonomy: "series", Slug: "dock-diaries", Name: "Dock Diaries"},
	}
	if diff := cmp.Diff(wantTerms, r.Terms); diff != "" {
		t.Errorf("terms (-want +got):\n%s", diff)
	}

	cranes := r.article(t, "cranes")
	if cranes.Title != "Cranes & containers: a classic post 🚢" || cranes.Dek != "How the port moves." || !cranes.Featured ||
		cranes.Status != press.StatusPublished || !cranes.PublishedAt.Equal(time.Date(2019, 5, 1, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("cranes: %q, dek %q, featured %v, %s %v", cranes.Title, cranes.Dek, cranes.Featured, cranes.Status, cranes.PublishedAt)
	}
	if diff := cmp.Diff([]press.Author{{Slug: "ana-ruiz", Name: "ana"}}, cranes.Authors); diff != "" {
		t.Errorf("cranes authors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(press.Image{Src: "https://harbour.example/wp-content/uploads/crane.jpg", Alt: "A crane at dusk", Credit: "Photo: Port Authority"}, cranes.Image); diff != "" {
		t.Errorf("featured image (-want +got):\n%s", diff)
	}
	gotTerms := []string{}
	for _, x := range cranes.Terms {
		gotTerms = append(gotTerms, x.Taxonomy+"/"+x.Slug)
	}
	if diff := cmp.Diff([]string{"themes/shipping", "themes/港口", "tags/cranes", "series/dock-diaries"}, gotTerms); diff != "" {
		t.Errorf("cranes terms (-want +got):\n%s", diff)
	}
	wantFields := []press.Field{{Key: "wordpress_id", Value: "10"}, {Key: "wordpress_status", Value: "publish"}, {Key: "translator", Value: "Sam Haddad ¯\\_(ツ)_/¯"}}
	if diff := cmp.Diff(wantFields, cranes.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	for _, s := range []string{"First paragraph with a  \nline break.", "<figure>", "<figcaption>The big crane</figcaption>",
		"<https://www.youtube.com/watch?v=abc123>", "<https://vimeo.com/42>", `[gallery ids="1,2"]`, "Ends with ]]> literally."} {
		s = strings.ReplaceAll(s, `"1,2"`, `"30,31"`)
		if !strings.Contains(cranes.Body.Source, s) {
			t.Errorf("cranes body lacks %q:\n%s", s, cranes.Body.Source)
		}
	}

	// Comments: threads and every moderation status; pingbacks left out.
	wantComments := []press.Comment{
		{Article: "cranes", SourceID: "100", AuthorName: "Reader One", AuthorEmail: "one@example.org", AuthorURL: "https://one.example",
			AuthorIP: "192.0.2.1", Body: "Great piece 👍", Status: press.CommentApproved, CreatedAt: time.Date(2019, 5, 2, 10, 0, 0, 0, time.UTC)},
		{Article: "cranes", SourceID: "101", ParentSourceID: "100", AuthorName: "Ana Ruiz", Body: "Thank you!", Status: press.CommentPending,
			CreatedAt: time.Date(2019, 5, 2, 12, 0, 0, 0, time.UTC)},
		{Article: "cranes", SourceID: "102", AuthorName: "Spammer", Body: "Buy now", Status: press.CommentSpam},
		{Article: "cranes", SourceID: "103", AuthorName: "Binned", Body: "Old", Status: press.CommentTrash},
	}
	if diff := cmp.Diff(wantComments, r.Comments); diff != "" {
		t.Errorf("comments (-want +got):\n%s", diff)
	}

	// Duplicate slugs: -2 in document order; drafts without slugs take
	// their titles'; a page may share a post's slug.
	blocks := r.article(t, "cranes-2")
	if blocks.Title != "Block editor post" || blocks.Dek != "A subtitle from a plugin" ||
		!blocks.PublishedAt.Equal(time.Date(2020, 1, 2, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("cranes-2: %q dek %q date %v", blocks.Title, blocks.Dek, blocks.PublishedAt)
	}
	if strings.Contains(blocks.Body.Source, "wp:") || !strings.Contains(blocks.Body.Source, "Hello *blocks*.") || !strings.Contains(blocks.Body.Source, `<td colspan="2">Merged</td>`) {
		t.Errorf("block editor body:\n%s", blocks.Body.Source)
	}
	if diff := cmp.Diff([]press.Author{{Slug: "ghost", Name: "ghost"}}, blocks.Authors); diff != "" {
		t.Errorf("missing author (-want +got):\n%s", diff)
	}
	d1, d2 := r.article(t, "drafted"), r.article(t, "drafted-2")
	if d1.Dek != "Only a subtitle" || d1.Body.Source != "" || d1.Status != press.StatusDraft || !d1.PublishedAt.IsZero() ||
		d2.Field("wordpress_status") != "pending" || len(d2.Authors) != 0 || d1.Authors[0].Slug != "ana-ruiz-2" {
		t.Errorf("drafts: %+v\n%+v", d1, d2)
	}
	for slug, status := range map[string]string{"scheduled": "future", "members-only": "private"} {
		a := r.article(t, slug)
		if a.Status != press.StatusDraft || a.Field("wordpress_status") != status {
			t.Errorf("%s: %s, wordpress_status %q", slug, a.Status, a.Field("wordpress_status"))
		}
	}
	for _, a := range r.Articles {
		if a.Title == "Binned" || a.Title == "Auto Draft" || a.Title == "Menu item" {
			t.Errorf("%q was imported", a.Title)
		}
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", a.Slug, err)
		}
	}

	// Pages: parent after child, positions, a reserved slug, a slug shared
	// with a post.
	if p := r.page(t, "team"); p.Parent != "about" || p.Position != 2 {
		t.Errorf("team: parent %q position %d", p.Parent, p.Position)
	}
	if p := r.page(t, "archive-2"); p.Title != "Archive" {
		t.Errorf("archive-2: %+v", p)
	}
	if p := r.page(t, "cranes"); p.Status != press.StatusDraft {
		t.Errorf("page cranes: %+v", p)
	}

	// Attachments: metadata, the article they belong to, one met before
	// its article and emitted with it.
	wantAtt := []press.Attachment{
		{SourceID: "30", URL: "https://harbour.example/wp-content/uploads/crane.jpg", Title: "crane", Alt: "A crane at dusk",
			Caption: "Photo: Port Authority", MimeType: "image/jpeg", Article: "cranes"},
		{SourceID: "31", URL: "https://harbour.example/wp-content/uploads/map.pdf", Title: "Early attachment", MimeType: "application/pdf", Article: "late-post"},
	}
	if diff := cmp.Diff(wantAtt, r.Attachments); diff != "" {
		t.Errorf("attachments (-want +got):\n%s", diff)
	}

	// Redirects: the permalink and ?p= / ?page_id= of each item.
	redirects := map[string]string{}
	for _, rd := range r.Redirects {
		if err := rd.Validate(); err != nil {
			t.Errorf("%+v: %v", rd, err)
		}
		redirects[rd.From] = rd.To
	}
	for from, to := range map[string]string{
		"/2019/05/cranes": "/articles/cranes", "/?p=10": "/articles/cranes", "/?p=11": "/articles/cranes-2",
		"/2020/01/blocks": "/articles/cranes-2", "/about/team": "/team", "/?page_id=21": "/team", "/archive": "/archive-2",
		"/?attachment_id=30": "https://harbour.example/wp-content/uploads/crane.jpg",
	} {
		if redirects[from] != to {
			t.Errorf("redirect %s → %q, want %q", from, redirects[from], to)
		}
	}
	if len(redirects) != 17 {
		t.Errorf("%d distinct redirects, want 17", len(redirects))
	}
}

// TestChunks: bundles hold at most Chunk items, the header comes first,
// and an attachment never precedes its article.
func TestChunks(t *testing.T) {
	r := MustConvertFile(t, "testdata/traps.xml", Options{Chunk: 2})
	if h := r.bundles[0]; len(h.Authors) != 2 || len(h.Terms) != 4 || len(h.Articles)+len(h.Pages) != 0 {
		t.Errorf("header bundle: %+v", h)
	}
	seen := map[string]bool{}
	for i, b := range r.bundles[1:] {
		if n := len(b.Articles) + len(b.Pages); n > 2 {
			t.Errorf("bundle %d has %d items", i+1, n)
		}
		for _, a := range b.Articles {
			seen[a.Slug] = true
		}
		for _, a := range b.Attachments {
			if a.Article != "" && !seen[a.Article] {
				t.Errorf("attachment %s comes before its article %s", a.SourceID, a.Article)
			}
		}
		for _, c := range b.Comments {
			if !seen[c.Article] {
				t.Errorf("comment %s comes before its article", c.SourceID)
			}
		}
	}
}

func TestMap(t *testing.T) {
	m, err := ParseMap("category=regions, tag=themes,series=")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"category": "regions", "post_tag": "themes", "series": ""}, m); diff != "" {
		t.Errorf("ParseMap (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"category", "=x", "category=Not A Slug"} {
		if _, err := ParseMap(bad); err == nil {
			t.Errorf("ParseMap(%q) succeeded", bad)
		}
	}
	r := MustConvertFile(t, "testdata/traps.xml", Options{Map: m})
	if len(r.Taxonomies) != 0 {
		t.Errorf("taxonomies created: %+v", r.Taxonomies)
	}
	var got []string
	for _, x := range r.article(t, "cranes").Terms {
		got = append(got, x.Taxonomy+"/"+x.Slug)
	}
	if diff := cmp.Diff([]string{"regions/shipping", "regions/港口", "themes/cranes"}, got); diff != "" {
		t.Errorf("mapped terms (-want +got):\n%s", diff)
	}
}

func TestMalformed(t *testing.T) {
	good, err := os.ReadFile("testdata/traps.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"cut short", string(good[:3000]), "f.xml:39:2: unexpected EOF in CDATA section"},
		{"mismatched tag", strings.Replace(string(good), "<wp:post_id>12</wp:post_id>", "<wp:post_id>12</wp:postid>", 1), "f.xml:134:29: element <post_id> closed by </postid>"},
		{"bad entity", strings.Replace(string(good), "Port news", "Port &news", 1), "f.xml:12:25: invalid character entity &news"},
		{"not rss", `<?xml version="1.0"?><html></html>`, "f.xml:1:28: unexpected <html>"},
		{"empty", "", "f.xml:1:1: no <channel> found"},
		{"bad post id", strings.Replace(string(good), "<wp:post_id>12</wp:post_id>", "<wp:post_id>twelve</wp:post_id>", 1), "f.xml:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			_, err := Convert(context.Background(), "f.xml", func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(tc.doc)), nil },
				Options{}, func(press.Bundle) error { calls++; return nil })
			var we *Error
			if !errors.As(err, &we) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q, want prefix %q", err, tc.want)
			}
			if calls != 0 {
				t.Errorf("add was called %d times before the file was found malformed", calls)
			}
		})
	}
}

// TestVersions: WXR 1.0, 1.1 and 1.2 namespaces read alike.
func TestVersions(t *testing.T) {
	for _, v := range []string{"1.0", "1.1", "1.2"} {
		doc := fmt.Sprintf(`<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/%[1]s/" xmlns:excerpt="http://wordpress.org/export/%[1]s/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<item><title>T</title><content:encoded>Body</content:encoded><excerpt:encoded>Dek</excerpt:encoded><wp:post_id>1</wp:post_id><wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain="tag" nicename="x">X</category></item></channel></rss>`, v)
		r, err := convertString(t, "v.xml", doc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		a := r.Articles[0]
		if a.Body.Source != "Body\n" || a.Dek != "Dek" || a.Status != press.StatusPublished || len(a.Terms) != 1 || a.Terms[0].Taxonomy != "tags" {
			t.Errorf("WXR %s: %+v", v, a)
		}
	}
}

// TestBodies: an empty body and a huge one (generated here, 8 MB).
func TestBodies(t *testing.T) {
	huge := strings.Repeat("A paragraph of harbour news. ", 40) + "\n\n"
	huge = strings.Repeat(huge, 8<<20/len(huge))
	doc := `<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<item><title>Empty</title><content:encoded></content:encoded><wp:post_id>1</wp:post_id><wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>Huge</title><content:encoded><![CDATA[` + huge + `]]></content:encoded><wp:post_id>2</wp:post_id><wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>`
	r, err := convertString(t, "b.xml", doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.article(t, "empty").Body.Source != "" {
		t.Error("empty body is not empty")
	}
	if n := strings.Count(r.article(t, "huge").Body.Source, "A paragraph of harbour news. A paragraph"); n < 8<<20/len("A paragraph of harbour news. ")/40 {
		t.Errorf("huge body lost text: %d paragraphs", n)
	}
}

func TestReader(t *testing.T) {
	f, err := os.Open("testdata/traps.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := NewReader(f, "traps.xml")
	var kinds []string
	var first *Item
	for {
		v, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch v := v.(type) {
		case *Author:
			kinds = append(kinds, "author:"+v.Login)
		case *Term:
			kinds = append(kinds, "term:"+v.Taxonomy+"/"+v.Slug)
		case *Item:
			if first == nil {
				first = v
			}
			kinds = append(kinds, "item")
		}
	}
	if diff := cmp.Diff([]string{"author:ana", "author:lee", "term:category/shipping", "term:category/%e6%b8%af%e5%8f%a3",
		"term:post_tag/cranes", "term:series/dock-diaries", "term:nav_menu/main"}, kinds[:7]); diff != "" {
		t.Errorf("header entries (-want +got):\n%s", diff)
	}
	if want := (Site{Title: "The Harbour Ledger", Link: "https://harbour.example", Description: "Port news", Language: "en-GB",
		BaseSiteURL: "https://harbour.example", BaseBlogURL: "https://harbour.example", Version: "1.2"}); r.Site() != want {
		t.Errorf("site %+v", r.Site())
	}
	if first.Line != 25 || first.Column != 2 || first.ID != 10 || len(first.Comments) != 5 || len(first.Meta) != 4 || len(first.Categories) != 4 {
		t.Errorf("first item at %d:%d, id %d, %d comments, %d meta, %d categories", first.Line, first.Column, first.ID, len(first.Comments), len(first.Meta), len(first.Categories))
	}
	// After the end, Next keeps saying so.
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("Next after the end: %v", err)
	}
}
