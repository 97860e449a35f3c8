package exporter_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pressroomhq/pressroom/internal/demo"
	"github.com/pressroomhq/pressroom/internal/exporter"
	"github.com/pressroomhq/pressroom/internal/importer"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/server"
	"github.com/pressroomhq/pressroom/internal/store"
	"github.com/pressroomhq/pressroom/internal/theme"
)

func TestMain(m *testing.M) { presstest.Main(m) }

var t0 = time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)

// mustDemo returns a store on engine holding the demo site, a few extras
// the demo lacks (a draft, fields, a licence, a dated update), and its
// media folder.
func mustDemo(t *testing.T, engine string) (*store.DB, string) {
	t.Helper()
	ctx := t.Context()
	db := presstest.MustStore(t, engine, presstest.WithClock(t0))
	media := t.TempDir()
	if _, err := demo.Install(ctx, db, newsroom.New(db, presstest.Logger()), media); err != nil {
		t.Fatal(err)
	}
	list, err := db.ArticlesByID(ctx, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	a := list[0]
	a.Fields = []press.Field{{Key: "zeta", Value: "last: but first"}, {Key: "alpha", Value: "yes"}}
	a.License = press.Markdown{Source: "Republish with **care**.\n\nTwo paragraphs."}
	a.Copyright = press.Copyright{Year: 2024}
	a.Language = "fr"
	a.Dek = "A dek: with a colon, and \"quotes\""
	newsroom.RenderArticle(&a)
	if err := db.UpdateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	draft := press.Article{Slug: "draft-piece", Title: "true", Status: press.StatusDraft, Authors: list[1].Authors}
	newsroom.RenderArticle(&draft)
	if err := db.CreateArticle(ctx, &draft); err != nil {
		t.Fatal(err)
	}
	team := press.Page{Slug: "team", Title: "Our team", Parent: "about", Position: 3, Body: press.Markdown{Source: "Who we are."}, Status: press.StatusDraft}
	if _, err := newsroom.New(db, presstest.Logger()).Import(ctx, press.Bundle{Pages: []press.Page{team}}); err != nil {
		t.Fatal(err)
	}
	return db, media
}

// site is everything readers can see of a store, less ids.
type site struct {
	Site       press.Site
	Taxonomies []press.Taxonomy
	Terms      []press.Term
	Authors    []press.Author
	Pages      []press.Page
	Articles   []press.Article
}

func mustRead(t *testing.T, db *store.DB) site {
	t.Helper()
	ctx := t.Context()
	var s site
	var err error
	if s.Site, err = db.Site(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Taxonomies, err = db.Taxonomies(ctx); err != nil {
		t.Fatal(err)
	}
	for _, x := range s.Taxonomies {
		terms, err := db.Terms(ctx, x.Slug)
		if err != nil {
			t.Fatal(err)
		}
		s.Terms = append(s.Terms, terms...)
	}
	if s.Authors, err = db.Authors(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Pages, err = db.Pages(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Articles, err = db.ArticlesByID(ctx, 0, 1000); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(s.Articles, func(a, b press.Article) int { return strings.Compare(a.Slug, b.Slug) })
	return s
}

// ignored are what an export cannot carry: ids, and the stamps of when
// things were made and changed, which the importer sets from the clock
// (both stores here run on the same fixed clock, so only the site's and
// the versions differ: the importer writes each thing once).
var ignored = cmp.Options{
	cmpopts.IgnoreFields(press.Article{}, "ID", "Version"),
	cmpopts.IgnoreFields(press.Author{}, "ID"),
	cmpopts.IgnoreFields(press.Term{}, "ID"),
	cmpopts.IgnoreFields(press.Taxonomy{}, "ID"),
	cmpopts.IgnoreFields(press.Page{}, "ID", "Version"),
	cmpopts.EquateEmpty(),
}

func TestMarkdownRoundTrip(t *testing.T) {
	t.Parallel()
	for _, pair := range [][2]string{
		{store.EngineSQLite, store.EngineSQLite},
		{store.EnginePostgres, store.EngineSQLite},
	} {
		t.Run(pair[0]+"_to_"+pair[1], func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			src, media := mustDemo(t, pair[0])
			dir := filepath.Join(t.TempDir(), "export")
			st, err := exporter.Markdown(ctx, src, dir, exporter.Options{MediaDir: media})
			if err != nil {
				t.Fatal(err)
			}
			want := mustRead(t, src)
			if st.Articles != len(want.Articles) || st.Authors != len(want.Authors) || st.MediaFiles == 0 {
				t.Errorf("stats %+v for %d articles, %d authors", st, len(want.Articles), len(want.Authors))
			}
			if _, err := os.Stat(filepath.Join(dir, "media", "demo", "logo.svg")); err != nil {
				t.Errorf("media not copied: %v", err)
			}

			dst := presstest.MustStore(t, pair[1], presstest.WithClock(t0))
			taxonomies, err := dst.Taxonomies(ctx)
			if err != nil {
				t.Fatal(err)
			}
			b, err := importer.Load([]string{dir}, importer.Options{Taxonomies: taxonomies})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := newsroom.New(dst, presstest.Logger()).Import(ctx, b); err != nil {
				t.Fatal(err)
			}
			got := mustRead(t, dst)
			if diff := cmp.Diff(want, got, ignored); diff != "" {
				t.Errorf("imported export (-exported +imported):\n%s", diff)
			}

			// The pages readers see are the same, byte for byte.
			th, err := theme.Load()
			if err != nil {
				t.Fatal(err)
			}
			hs := server.Handler(src, th, media, presstest.Logger(), server.Options{})
			hd := server.Handler(dst, th, media, presstest.Logger(), server.Options{})
			paths := []string{"/", "/authors", "/regions", "/about", "/archive"}
			for i, a := range want.Articles {
				if i%5 == 0 && a.Status == press.StatusPublished {
					paths = append(paths, press.ArticlePath(a.Slug))
				}
			}
			for _, a := range want.Authors[:3] {
				paths = append(paths, press.AuthorPath(a.Slug))
			}
			for _, p := range paths {
				ws, gs := get(t, hs, p), get(t, hd, p)
				if ws != gs {
					t.Errorf("GET %s differs after the round trip:\n%s", p, cmp.Diff(ws, gs))
				}
			}

			// A second export into the same folder is refused.
			_, err = exporter.Markdown(ctx, src, dir, exporter.Options{})
			if !errors.Is(err, exporter.ErrNotEmpty) || !strings.Contains(err.Error(), "--force") {
				t.Errorf("export into a folder with files: %v", err)
			}
			if _, err := exporter.Markdown(ctx, src, dir, exporter.Options{Force: true}); err != nil {
				t.Errorf("export with Force: %v", err)
			}
		})
	}
}

func get(t *testing.T, h interface {
	ServeHTTP(w http.ResponseWriter, r *http.Request)
}, path string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	if rec.Code != 200 {
		t.Errorf("GET %s: %d", path, rec.Code)
	}
	return presstest.WithoutFormStamp(rec.Body.String())
}

func TestJSON(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		media := t.TempDir()
		if _, err := demo.Install(ctx, db, newsroom.New(db, presstest.Logger()), media); err != nil {
			t.Fatal(err)
		}
		legacy := press.Bundle{
			Redirects: []press.Redirect{{From: "/old/", To: "/about"}},
			Comments: []press.Comment{{Article: "orontes-irrigation-permits", SourceID: "1", AuthorName: "Al", Body: "Hi",
				Status: press.CommentApproved, CreatedAt: t0}},
			Attachments: []press.Attachment{{SourceID: "9", URL: "https://old.example/a.jpg", Article: "orontes-irrigation-permits"}},
		}
		if _, err := db.Import(ctx, legacy); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := exporter.JSON(ctx, db, &buf, t0); err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(&buf)
		dec.DisallowUnknownFields()
		var doc exporter.Document
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		if _, err := dec.Token(); err != io.EOF {
			t.Errorf("more after the document: %v", err)
		}
		want := mustRead(t, db)
		if doc.Format != exporter.JSONFormat || doc.Version != 1 || !doc.ExportedAt.Equal(t0) {
			t.Errorf("header: %q %d %v", doc.Format, doc.Version, doc.ExportedAt)
		}
		if doc.Site.Name != want.Site.Name || doc.Site.RepublishingPolicy.Markdown != want.Site.RepublishingPolicy.Source {
			t.Errorf("site: %+v", doc.Site)
		}
		if len(doc.Taxonomies) != len(want.Taxonomies) || len(doc.Terms) != len(want.Terms) ||
			len(doc.Authors) != len(want.Authors) || len(doc.Pages) != len(want.Pages) || len(doc.Articles) != len(want.Articles) {
			t.Errorf("counts: %d taxonomies, %d terms, %d authors, %d pages, %d articles; want %d, %d, %d, %d, %d",
				len(doc.Taxonomies), len(doc.Terms), len(doc.Authors), len(doc.Pages), len(doc.Articles),
				len(want.Taxonomies), len(want.Terms), len(want.Authors), len(want.Pages), len(want.Articles))
		}
		if len(doc.Comments) != 1 || doc.Comments[0].Body != "Hi" || len(doc.Redirects) != 1 || len(doc.Attach) != 1 ||
			doc.Attach[0].Article != "orontes-irrigation-permits" {
			t.Errorf("comments %+v, redirects %+v, attachments %+v", doc.Comments, doc.Redirects, doc.Attach)
		}
		bySlug := map[string]exporter.Article{}
		for _, a := range doc.Articles {
			bySlug[a.Slug] = a
		}
		for _, a := range want.Articles {
			got, ok := bySlug[a.Slug]
			if !ok {
				t.Errorf("article %s missing", a.Slug)
				continue
			}
			if got.Body.Markdown != a.Body.Source || got.Body.HTML != a.Body.HTML || got.Title != a.Title ||
				len(got.Authors) != len(a.Authors) || len(got.Terms) != len(a.Terms) || got.Republish == a.NoRepublish ||
				!got.UpdatedAt.Equal(a.UpdatedAt) || (got.PublishedAt == nil) != a.PublishedAt.IsZero() {
				t.Errorf("article %s: %+v", a.Slug, got)
			}
		}
	})
}
