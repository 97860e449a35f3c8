package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// wxrCounts reads back what an import stored.
type wxrCounts struct {
	articles, published, pages, authors, themes, tags, redirects, comments, attachments int
}

func countWXR(t *testing.T, data string) wxrCounts {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(data, "pressroom.db"), store.Options{Logger: presstest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var c wxrCounts
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	all, err := db.Articles(ctx, press.ArticleFilter{Limit: 1000})
	must(err)
	c.articles = all.Total
	pub, err := db.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Limit: 1000})
	must(err)
	c.published = pub.Total
	pages, err := db.Pages(ctx)
	must(err)
	c.pages = len(pages)
	authors, err := db.Authors(ctx)
	must(err)
	c.authors = len(authors)
	themes, err := db.Terms(ctx, "themes")
	must(err)
	c.themes = len(themes)
	tags, err := db.Terms(ctx, "tags")
	if !errors.Is(err, press.ErrNotFound) {
		must(err)
	}
	c.tags = len(tags)
	redirects, err := db.Redirects(ctx)
	must(err)
	c.redirects = len(redirects)
	for _, a := range all.Articles {
		cs, err := db.Comments(ctx, a.Slug)
		must(err)
		c.comments += len(cs)
	}
	atts, err := db.Attachments(ctx)
	must(err)
	c.attachments = len(atts)
	return c
}

func TestImportWXR(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	src := filepath.Join("..", "..", "..", "shared", "testdata", "wxr", "small-export.xml")
	want := wxrCounts{articles: 6, published: 5, pages: 5, authors: 3, themes: 30, tags: 3, redirects: 11, comments: 1}
	for i := 0; i < 2; i++ {
		out, errOut, code := command(t, nil, "import", "wxr", src, "--data", data)
		if code != 0 || !strings.Contains(out, "imported 6 articles, 5 pages") {
			t.Fatalf("import run %d: exit %d\n%s%s", i+1, code, out, errOut)
		}
		if got := countWXR(t, data); got != want {
			t.Errorf("after run %d: %+v, want %+v", i+1, got, want)
		}
	}

	// A malformed file: file:line:column, exit 1, nothing written.
	good, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(bad, []byte(strings.Replace(string(good), "<wp:post_id>13</wp:post_id>", "<wp:post_id>13</wp:postid>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := t.TempDir()
	_, errOut, code := command(t, nil, "import", "wxr", "--data", fresh, bad)
	if code != 1 {
		t.Errorf("malformed import exit %d, want 1", code)
	}
	if !regexp.MustCompile(regexp.QuoteMeta(bad) + `:\d+:\d+: element <post_id> closed by </postid>`).MatchString(errOut) {
		t.Errorf("stderr %q does not name file:line:column", errOut)
	}
	if got := countWXR(t, fresh); got != (wxrCounts{}) {
		t.Errorf("a malformed file wrote %+v", got)
	}
	// The same file over an existing site changes nothing.
	if _, _, code := command(t, nil, "import", "wxr", "--data", data, bad); code != 1 {
		t.Errorf("exit %d", code)
	}
	if got := countWXR(t, data); got != want {
		t.Errorf("after a failed import: %+v, want %+v", got, want)
	}

	if _, errOut, code := command(t, nil, "import", "wxr", "--data", fresh); code != 2 || !strings.Contains(errOut, "usage") {
		t.Errorf("import wxr without a file: exit %d, %q", code, errOut)
	}
	if _, errOut, code := command(t, nil, "import", "wxr", src, "--map", "category=Not A Slug", "--data", fresh); code != 2 || !strings.Contains(errOut, "map") {
		t.Errorf("bad --map: exit %d, %q", code, errOut)
	}
}

func TestImportWXRMapAndMedia(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/uploads/crane.jpg" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("JPEG"))
	}))
	defer srv.Close()
	doc := `<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<item><title>Cranes</title><link>https://old.example/2019/cranes/</link><dc:creator>ana</dc:creator><content:encoded>Body</content:encoded><wp:post_id>1</wp:post_id><wp:post_date_gmt>2019-01-01 00:00:00</wp:post_date_gmt><wp:post_name>cranes</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="east-africa">East Africa</category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>2</wp:meta_value></wp:postmeta></item>
<item><title>crane</title><wp:post_id>2</wp:post_id><wp:status>inherit</wp:status><wp:post_parent>1</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:attachment_url>` + srv.URL + `/uploads/crane.jpg</wp:attachment_url></item>
<item><title>gone</title><wp:post_id>3</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type><wp:attachment_url>` + srv.URL + `/uploads/gone.jpg</wp:attachment_url></item>
</channel></rss>`
	src := filepath.Join(t.TempDir(), "site.xml")
	if err := os.WriteFile(src, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	mapFile := filepath.Join(t.TempDir(), "map.txt")
	if err := os.WriteFile(mapFile, []byte("# WordPress = Pressroom\ncategory = regions\n\npost_tag = themes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := command(t, nil, "import", "wxr", src, "--data", data, "--map", mapFile, "--download-media")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(data, "pressroom.db"), store.Options{Logger: presstest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Article(ctx, "cranes")
	if err != nil {
		t.Fatal(err)
	}
	host := strings.ReplaceAll(strings.TrimPrefix(srv.URL, "http://"), ":", "_")
	if want := "/media/wordpress/" + host + "/uploads/crane.jpg"; a.Image.Src != want {
		t.Errorf("image %q, want %q", a.Image.Src, want)
	}
	if b, err := os.ReadFile(filepath.Join(data, "media", "wordpress", host, "uploads", "crane.jpg")); err != nil || string(b) != "JPEG" {
		t.Errorf("downloaded file: %q, %v", b, err)
	}
	if len(a.Terms) != 1 || a.Terms[0].Taxonomy != "regions" || a.Terms[0].Slug != "east-africa" {
		t.Errorf("terms %+v", a.Terms)
	}
	rd, err := db.Redirect(ctx, "/2019/cranes/")
	if err != nil || rd.To != "/articles/cranes" {
		t.Errorf("redirect %+v, %v", rd, err)
	}
	atts, err := db.Attachments(ctx)
	if err != nil || len(atts) != 2 {
		t.Fatalf("attachments %+v, %v", atts, err)
	}

	// The old addresses answer 301 with the new one.
	srvp := startServer(t, nil, "--data", data)
	defer srvp.stop(t)
	c := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, old := range []string{"/2019/cranes/", "/?p=1"} {
		resp, err := c.Get(strings.TrimSuffix(srvp.URL, "/") + old)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusMovedPermanently || !strings.HasSuffix(loc, "/articles/cranes") {
			t.Errorf("GET %s = %d, Location %q; want 301 to /articles/cranes", old, resp.StatusCode, loc)
		}
	}
}

func TestWXRProgress(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b, 1000)
	p.interval = 0
	p.items(50)
	p.bytes(1000, 2000)
	p.finish()
	if !regexp.MustCompile(`(?m)^import wxr: 50% read, 50 items, \d+ items/s, ETA \S+\n`).MatchString(b.String()) {
		t.Errorf("progress lines:\n%s", b.String())
	}
	var tty strings.Builder
	p = newProgress(&tty, 1000)
	p.tty, p.interval = true, 0
	p.items(7)
	p.bytes(2000, 2000)
	p.finish()
	if !strings.Contains(tty.String(), "\r[==============================] 100%  7 items") || !strings.Contains(tty.String(), "ETA 0s") {
		t.Errorf("progress bar: %q", tty.String())
	}
}
