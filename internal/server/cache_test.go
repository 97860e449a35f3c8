package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/demo"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/server"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/theme"
)

func TestMain(m *testing.M) { presstest.Main(m) }

// cacheSite is the demo site served twice over one store: through the page
// cache, and without it, whose answers are the truth the cached ones are
// held to.
type cacheSite struct {
	db            *store.DB
	cached, fresh string
}

func newCacheSite(t *testing.T, db *store.DB) *cacheSite {
	t.Helper()
	th, err := theme.Load()
	if err != nil {
		t.Fatal(err)
	}
	media := t.TempDir()
	nr := newsroom.New(db, presstest.Logger())
	if _, err := demo.Install(context.Background(), db, nr, media); err != nil {
		t.Fatal(err)
	}
	c := httptest.NewServer(server.Handler(db, th, media, presstest.Logger(), server.Options{Newsroom: nr, CacheSize: 64 << 20}))
	f := httptest.NewServer(server.Handler(db, th, media, presstest.Logger(), server.Options{Newsroom: nr}))
	t.Cleanup(c.Close)
	t.Cleanup(f.Close)
	return &cacheSite{db: db, cached: c.URL, fresh: f.URL}
}

// stamp matches the comment form's signed time, which differs with every
// render by design.
var stamp = regexp.MustCompile(`\d{10}\.[0-9a-f]{32}`)

func get(t *testing.T, url string) (string, *http.Response) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return stamp.ReplaceAllString(string(b), "STAMP"), res
}

// TestPageCacheInvalidation makes each kind of write a newsroom makes and
// holds every page to two rules: after the write returns, the cached page
// is what a fresh render says (nothing stale), and a page whose content
// the write did not change is still served from the cache (only what
// shows the change is dropped).
func TestPageCacheInvalidation(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := newCacheSite(t, db)
		ctx := press.WithActor(context.Background(), press.Actor{Name: "Cache test"})

		// The cast: A, the newest article, in term T by author AU; U, a
		// term of T's taxonomy that A is not in, and B, an article of U's
		// that shares no report or theme with A.
		list, err := db.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		a := mustArticle(t, db, list.Articles[0].Slug)
		if len(a.Terms) == 0 || len(a.Authors) == 0 {
			t.Fatalf("demo article %s has no terms or authors", a.Slug)
		}
		tt := a.Terms[0]
		terms, err := db.Terms(ctx, tt.Taxonomy)
		if err != nil {
			t.Fatal(err)
		}
		var u press.Term
		var b press.Article
	pick:
		for _, m := range terms {
			if m.ID == tt.ID || m.Count == 0 || hasTerm(&a, m.ID) {
				continue
			}
			in, err := db.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Taxonomy: m.Taxonomy, Term: m.Slug})
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range in.Articles {
				if x.ID != a.ID && !sharesRelated(&a, &x) && !hasTerm(&x, tt.ID) {
					u, b = m, mustArticle(t, db, x.Slug)
					break pick
				}
			}
		}
		if b.ID == 0 {
			t.Fatal("the demo has no article unrelated to the newest")
		}
		au := a.Authors[0]
		authors, err := db.Authors(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var other press.Author
		for _, x := range authors {
			if !hasAuthor(&a, x.ID) && !hasAuthor(&b, x.ID) {
				other = x
			}
		}

		pages := []string{
			"/", press.ArticlePath(a.Slug), press.ArticlePath(b.Slug),
			press.TermPath(tt.Taxonomy, tt.Slug), press.TermPath(u.Taxonomy, u.Slug), press.TaxonomyPath(tt.Taxonomy),
			press.AuthorPath(au.Slug), press.AuthorPath(other.Slug), "/authors",
			"/feed.xml", "/archive", "/sitemap.xml",
			"/api/v1/articles", "/api/v1/articles/" + a.Slug, "/api/v1/articles/" + b.Slug,
			"/api/v1/articles/" + b.Slug + "/comments",
		}
		var newID int64
		commentsOfB := "/api/v1/articles/" + b.Slug + "/comments"
		steps := []struct {
			name  string
			write func() error
			// Pages dropped though their bytes did not change, and why.
			spare map[string]string
		}{
			{name: "retitle A", write: func() error {
				a = mustArticle(t, db, a.Slug)
				a.Title += " (updated)"
				return db.UpdateArticle(ctx, &a)
			}},
			{name: "edit B's dek and body", write: func() error {
				b = mustArticle(t, db, b.Slug)
				b.Dek = "A new standfirst."
				b.Body.Source += "\n\nOne more paragraph."
				b.Body.HTML += "<p>One more paragraph.</p>"
				return db.UpdateArticle(ctx, &b)
			}, spare: map[string]string{
				commentsOfB: "reads B to check that it is published",
			}},
			{name: "publish a new article in T by AU", write: func() error {
				n := press.Article{Slug: "cache-test-new", Title: "A brand new piece", Status: press.StatusPublished,
					PublishedAt: time.Now().UTC().Add(-time.Minute), Body: press.Markdown{Source: "New.", HTML: "<p>New.</p>"},
					Authors: []press.Author{{Slug: au.Slug}}, Terms: []press.Term{{Taxonomy: tt.Taxonomy, Slug: tt.Slug}}}
				err := db.CreateArticle(ctx, &n)
				newID = n.ID
				return err
			}},
			{name: "approve a comment on B", write: func() error {
				return db.CreateComment(ctx, store.NewComment{Comment: &press.Comment{ArticleID: b.ID, AuthorName: "Reader",
					AuthorEmail: "reader@example.org", Body: "Thanks.", BodyHTML: "<p>Thanks.</p>", Status: press.CommentApproved}})
			}},
			{name: "hold a comment on B", write: func() error {
				return db.CreateComment(ctx, store.NewComment{Comment: &press.Comment{ArticleID: b.ID, AuthorName: "Reader",
					AuthorEmail: "reader@example.org", Body: "Held.", BodyHTML: "<p>Held.</p>", Status: press.CommentPending}})
			}, spare: map[string]string{
				// The thread changed (its Last-Modified), not its text.
				press.ArticlePath(b.Slug):    "the thread's Last-Modified moved",
				commentsOfB:                  "the thread's Last-Modified moved",
				"/api/v1/articles/" + b.Slug: "its comment count is read, approved or not",
				"/api/v1/articles":           "comment counts are read, approved or not",
			}},
			{name: "rename U", write: func() error {
				u.Name += " (renamed)"
				return db.UpdateTerm(ctx, u.Slug, &u)
			}, spare: map[string]string{
				press.TermPath(tt.Taxonomy, tt.Slug): "its cards depend on every term of their articles, and show one",
				commentsOfB:                          "reads B, whose terms include U",
			}},
			{name: "AU's new bio", write: func() error {
				x, err := db.Author(ctx, au.Slug)
				if err != nil {
					return err
				}
				x.Bio = press.Markdown{Source: "Writes about water.", HTML: "<p>Writes about water.</p>"}
				return db.UpdateAuthor(ctx, x.Slug, &x)
			}, spare: map[string]string{
				"/api/v1/articles/" + a.Slug: "reads A in full, its authors' profiles included",
			}},
			{name: "unpublish the new article", write: func() error {
				n, err := db.ArticleByID(ctx, newID)
				if err != nil {
					return err
				}
				n.Status = press.StatusUnpublished
				return db.UpdateArticle(ctx, &n)
			}},
			{name: "a new tagline", write: func() error {
				site, err := db.Site(ctx)
				if err != nil {
					return err
				}
				site.Tagline = "Reporting that lasts"
				return db.SaveSettings(ctx, site)
			}, spare: map[string]string{
				// Settings changes are rare; the API reads them for
				// absolute URLs, so it depends on all of them.
				"/api/v1/articles":           "reads the settings",
				"/api/v1/articles/" + a.Slug: "reads the settings",
				"/api/v1/articles/" + b.Slug: "reads the settings",
				commentsOfB:                  "reads the settings",
				"/sitemap.xml":               "reads the settings",
			}},
			{name: "delete B", write: func() error { return db.DeleteArticle(ctx, b.ID) }, spare: map[string]string{
				"/feed.xml":        "the newest list depends on every change to the published set, older ones too",
				"/api/v1/articles": "the newest list depends on every change to the published set, older ones too",
			}},
		}
		for _, step := range steps {
			before := map[string]string{}
			for _, p := range pages {
				get(t, s.cached+p)
				body, res := get(t, s.cached+p)
				if res.StatusCode == http.StatusOK && res.Header.Get("X-Cache") != "HIT" {
					t.Fatalf("%s: %s not cached before the write (%s)", step.name, p, res.Header.Get("X-Cache"))
				}
				before[p] = body
			}
			if err := step.write(); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			dropped := 0
			for _, p := range pages {
				got, res := get(t, s.cached+p)
				want, fres := get(t, s.fresh+p)
				if got != want || res.StatusCode != fres.StatusCode {
					t.Errorf("%s: %s is stale: cached %d (%s), fresh %d", step.name, p, res.StatusCode, res.Header.Get("X-Cache"), fres.StatusCode)
					continue
				}
				hit := res.Header.Get("X-Cache") == "HIT"
				if !hit {
					dropped++
				}
				if want == before[p] && !hit && res.StatusCode == http.StatusOK {
					if why, ok := step.spare[p]; ok {
						t.Logf("%s: %s dropped, unchanged: %s", step.name, p, why)
						continue
					}
					t.Errorf("%s: %s dropped though it did not change", step.name, p)
				}
			}
			if dropped == 0 {
				t.Errorf("%s: nothing changed", step.name)
			}
		}
	})
}

// TestNoStaleReadAfterWrite: while readers hammer a page, each retitling
// is on the page for the first request made after the write returns.
func TestNoStaleReadAfterWrite(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := newCacheSite(t, db)
		ctx := press.WithActor(context.Background(), press.Actor{Name: "Cache test"})
		list, err := db.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		path := s.cached + press.ArticlePath(list.Articles[0].Slug)
		var stop atomic.Bool
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for !stop.Load() {
					if res, err := http.Get(path); err == nil {
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
					}
				}
			})
		}
		defer func() { stop.Store(true); wg.Wait() }()
		for i := range 20 {
			a := mustArticle(t, db, list.Articles[0].Slug)
			a.Title = "Version " + strings.Repeat("I", i+1)
			if err := db.UpdateArticle(ctx, &a); err != nil {
				t.Fatal(err)
			}
			body, res := get(t, path)
			if !regexp.MustCompile(`>\s*` + a.Title + `\s*<`).MatchString(body) {
				h1 := body[strings.Index(body, "<h1"):]
				t.Fatalf("write %d: the page after the write does not say %q (X-Cache %s): %.200s", i, a.Title, res.Header.Get("X-Cache"), h1)
			}
		}
	})
}

// Drafts, previews and personal pages never enter the anonymous cache.
func TestPageCacheKeepsNothingPrivate(t *testing.T) {
	db := presstest.MustStore(t, "sqlite")
	s := newCacheSite(t, db)
	ctx := press.WithActor(context.Background(), press.Actor{Name: "Cache test"})
	draft := press.Article{Slug: "secret-draft", Title: "Secret draft", Status: press.StatusDraft,
		Body: press.Markdown{Source: "Not yet.", HTML: "<p>Not yet.</p>"}}
	if err := db.CreateArticle(ctx, &draft); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, res := get(t, s.cached+press.ArticlePath(draft.Slug)); res.StatusCode != http.StatusNotFound || res.Header.Get("X-Cache") == "HIT" {
			t.Fatalf("a draft: %d %s", res.StatusCode, res.Header.Get("X-Cache"))
		}
	}
	// Publishing it makes it readable at once: its 404 was never kept.
	draft.Status, draft.PublishedAt = press.StatusPublished, time.Now().UTC().Add(-time.Minute)
	if err := db.UpdateArticle(ctx, &draft); err != nil {
		t.Fatal(err)
	}
	if body, res := get(t, s.cached+press.ArticlePath(draft.Slug)); res.StatusCode != http.StatusOK || !strings.Contains(body, "Secret draft") {
		t.Fatalf("just published: %d", res.StatusCode)
	}
	// A reader with a comment's edit cookie sees their own page.
	req, _ := http.NewRequest("GET", s.cached+press.ArticlePath(draft.Slug), nil)
	req.AddCookie(&http.Cookie{Name: "pr_comment_1", Value: "x"})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("X-Cache") != "" {
		t.Errorf("a reader with credentials went through the cache: %s", res.Header.Get("X-Cache"))
	}
}

func mustArticle(t *testing.T, db *store.DB, slug string) press.Article {
	t.Helper()
	a, err := db.Article(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func hasTerm(a *press.Article, id int64) bool {
	for _, m := range a.Terms {
		if m.ID == id {
			return true
		}
	}
	return false
}

func hasAuthor(a *press.Article, id int64) bool {
	for _, x := range a.Authors {
		if x.ID == id {
			return true
		}
	}
	return false
}

// sharesRelated reports whether a and b share a report or theme, which
// would make each a related article on the other's page.
func sharesRelated(a, b *press.Article) bool {
	for _, m := range a.Terms {
		if (m.Taxonomy == "reports" || m.Taxonomy == "themes") && hasTerm(b, m.ID) {
			return true
		}
	}
	return false
}
