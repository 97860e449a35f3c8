package store_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// fillForBackup writes a row to every table the store has: the newsroom,
// the site, a page and a licensing request.
func fillForBackup(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := t.Context()
	newsroom(t, db)
	site := press.Site{
		Name: "The Outlet", Language: "en", BaseURL: "https://outlet.example",
		RepublishingPolicy: md("Republish freely."),
		Navigation:         press.Navigation{Header: []press.Link{{Label: "About", URL: "/about"}}},
		CanonicalToSource:  true,
	}
	if err := db.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	if err := db.SavePage(ctx, &press.Page{Slug: "about", Title: "About", Body: md("About us."), Status: press.StatusPublished}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveTaxonomy(ctx, &press.Taxonomy{Slug: "formats", Name: "Formats", Label: "Format", Position: 4}); err != nil {
		t.Fatal(err)
	}
	a := mustGet(t, db, "europe-heat")
	a.Featured, a.NoRepublish = true, true
	a.Copyright = press.Copyright{Holder: "Basin Monitor", Year: 2025}
	a.Fields = []press.Field{{Key: "translator", Value: "Sam"}, {Key: "doc", Value: "BM-77"}}
	a.Source = press.Source{Name: "Basin Monitor", URL: "https://basin.example/x"}
	if err := db.UpdateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	// The rows a migration from another platform brings: redirects,
	// threaded comments (a table referring to itself), attachments, and
	// nested pages.
	legacy := press.Bundle{
		Pages:     []press.Page{{Slug: "team", Title: "Team", Parent: "about", Position: 2, Body: md("The team."), Status: press.StatusPublished}},
		Redirects: []press.Redirect{{From: "/2019/05/heat/", To: "/articles/europe-heat"}},
		Comments: []press.Comment{
			{Article: "europe-heat", SourceID: "12", ParentSourceID: "11", AuthorName: "Bo", Body: "A reply.", Status: press.CommentApproved, CreatedAt: day(2026, 2, 22, 0)},
			{Article: "europe-heat", SourceID: "11", AuthorName: "Al", AuthorEmail: "al@example.org", Body: "First.", Status: press.CommentPending, CreatedAt: day(2026, 2, 21, 0)},
		},
		Attachments: []press.Attachment{{SourceID: "9", URL: "https://old.example/heat.jpg", Title: "Heat", Article: "europe-heat", MimeType: "image/jpeg"}},
	}
	if _, err := db.Import(ctx, legacy); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportMembers(ctx, []press.Member{
		{Email: "al@example.org", Name: "Al", Status: press.MemberPaid, Labels: []string{"donor"}, ConfirmedAt: day(2026, 2, 1, 0)},
		{Email: "bo@example.org", Note: "unconfirmed"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	err := db.CreateLicensingRequest(ctx, &press.LicensingRequest{ArticleID: a.ID, Name: "Rosa", Email: "rosa@print.example",
		Outlet: "Print Weekly", Use: "print", Message: "May we?"})
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot is everything the store's read methods return.
type snapshot struct {
	Site       press.Site
	Taxonomies []press.Taxonomy
	Terms      map[string][]press.Term
	Authors    []press.Author
	Pages      []press.Page
	Listing    press.ArticleList
	Articles   []press.Article
	Licensing  []press.LicensingRequest
	Months     []press.Month
	Last       time.Time
	Redirects  []press.Redirect
	Comments   []press.Comment
	Attach     []press.Attachment
	Members    []press.Member
}

func mustSnapshot(t *testing.T, db *store.DB) snapshot {
	t.Helper()
	ctx := t.Context()
	var s snapshot
	var err error
	check := func() {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s.Site, err = db.Site(ctx)
	check()
	s.Taxonomies, err = db.Taxonomies(ctx)
	check()
	s.Terms = map[string][]press.Term{}
	for _, x := range s.Taxonomies {
		s.Terms[x.Slug], err = db.Terms(ctx, x.Slug)
		check()
	}
	s.Authors, err = db.Authors(ctx)
	check()
	s.Pages, err = db.Pages(ctx)
	check()
	s.Listing, err = db.Articles(ctx, press.ArticleFilter{Limit: 100})
	check()
	for _, a := range s.Listing.Articles {
		full, err := db.Article(ctx, a.Slug)
		if err != nil {
			t.Fatal(err)
		}
		s.Articles = append(s.Articles, full)
	}
	s.Licensing, err = db.LicensingRequests(ctx, 100)
	check()
	s.Months, err = db.Months(ctx)
	check()
	s.Last, err = db.LastModified(ctx)
	check()
	s.Redirects, err = db.Redirects(ctx)
	check()
	s.Comments, err = db.Comments(ctx, "europe-heat")
	check()
	s.Attach, err = db.Attachments(ctx)
	check()
	s.Members, _, err = db.Members(ctx, press.MemberFilter{})
	check()
	return s
}

func mustBackup(t *testing.T, db *store.DB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := db.Backup(t.Context(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBackupRestoreAcrossEngines(t *testing.T) {
	t.Parallel()
	for _, pair := range [][2]string{
		{store.EngineSQLite, store.EngineSQLite},
		{store.EngineSQLite, store.EnginePostgres},
		{store.EnginePostgres, store.EngineSQLite},
		{store.EnginePostgres, store.EnginePostgres},
	} {
		t.Run(pair[0]+"_to_"+pair[1], func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			src := presstest.MustStore(t, pair[0], presstest.WithClock(t0))
			fillForBackup(t, src)
			want := mustSnapshot(t, src)
			backup := mustBackup(t, src)

			dst := presstest.MustStore(t, pair[1], presstest.WithClock(t0.Add(time.Hour)))
			if err := dst.Restore(ctx, bytes.NewReader(backup)); err != nil {
				t.Fatal(err)
			}
			got := mustSnapshot(t, dst)
			if len(want.Comments) != 2 || len(want.Redirects) != 1 || len(want.Attach) != 1 || len(want.Pages) != 2 {
				t.Errorf("the store to back up lacks rows: %d comments, %d redirects, %d attachments, %d pages",
					len(want.Comments), len(want.Redirects), len(want.Attach), len(want.Pages))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("restored store (-backed up +restored):\n%s", diff)
			}
			if again := mustBackup(t, dst); rows(t, again) != rows(t, backup) {
				t.Errorf("a backup of the restored store differs from the backup restored:\n%s", cmp.Diff(rows(t, backup), rows(t, again)))
			}

			// Search was rebuilt, and new rows get new ids.
			res, err := dst.Search(ctx, press.SearchQuery{Text: "Europe"})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				t.Error("search finds nothing after a restore")
			}
			a := mustArticle(t, dst, published("after-restore", day(2026, 3, 10, 0), nil))
			if a.ID <= int64(len(want.Articles)) {
				t.Errorf("a new article got id %d, taken by a restored one", a.ID)
			}
			if err := dst.SaveTerm(ctx, &press.Term{Taxonomy: "regions", Slug: "new-region", Name: "New"}); err != nil {
				t.Errorf("a new term after a restore: %v", err)
			}

			// A store with content is refused, and left as it was.
			err = dst.Restore(ctx, bytes.NewReader(backup))
			if !errors.Is(err, store.ErrNotEmpty) || !strings.Contains(err.Error(), "empty database") {
				t.Errorf("restore into a store with content: %v, want ErrNotEmpty", err)
			}
		})
	}
}

func TestRestoreRefusesBadInput(t *testing.T) {
	t.Parallel()
	src := presstest.MustStore(t, store.EngineSQLite, presstest.WithClock(t0))
	newsroom(t, src)
	backup := mustBackup(t, src)
	plain, _ := io.ReadAll(must(gzip.NewReader(bytes.NewReader(backup))))
	cut := gzipOf(plain[:len(plain)*2/3])
	lines := bytes.Split(bytes.TrimSpace(plain), []byte("\n"))
	var h map[string]any
	json.Unmarshal(lines[0], &h)
	h["migrations"] = append(h["migrations"].([]any), "9999_future")
	future, _ := json.Marshal(h)
	futureBackup := gzipOf(bytes.Join(append([][]byte{future}, lines[1:]...), []byte("\n")))
	for _, tt := range []struct {
		name string
		in   []byte
		want string
	}{
		{"not gzip", []byte("hello"), "not gzip"},
		{"not a backup", gzipOf([]byte(`{"a": 1}`)), "no pressroom-backup header"},
		{"cut short", cut, ""},
		{"newer schema", futureBackup, "9999_future"},
	} {
		dst := presstest.MustStore(t, store.EngineSQLite)
		err := dst.Restore(t.Context(), bytes.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one mentioning %q", tt.name, err, tt.want)
		}
		if list, _ := dst.Articles(t.Context(), press.ArticleFilter{}); list.Total != 0 {
			t.Errorf("%s: a failed restore left %d articles", tt.name, list.Total)
		}
	}
}

// TestBackupWhileWriting takes backups while another goroutine keeps
// adding articles: each must be one committed state, in which every
// article has both of its bylines.
func TestBackupWhileWriting(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		mustAuthor(t, db, press.Author{Slug: "ana", Name: "Ana"})
		mustAuthor(t, db, press.Author{Slug: "lee", Name: "Lee"})
		var stop atomic.Bool
		var wg sync.WaitGroup
		var written atomic.Int64
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				a := published(fmt.Sprintf("piece-%d", i), day(2026, 1, 1, 0).Add(time.Duration(i)*time.Minute),
					[]press.Author{authorRef("ana"), authorRef("lee")})
				if err := db.CreateArticle(context.Background(), &a); err != nil {
					t.Error(err)
					return
				}
				written.Add(1)
			}
		}()
		for written.Load() < 3 {
			time.Sleep(time.Millisecond)
		}
		var last int
		for range 5 {
			counts := tableRows(t, mustBackup(t, db))
			if counts["article_authors"] != 2*counts["articles"] {
				t.Errorf("backup has %d articles but %d bylines", counts["articles"], counts["article_authors"])
			}
			if counts["articles"] < last {
				t.Errorf("a later backup has fewer articles: %d < %d", counts["articles"], last)
			}
			last = counts["articles"]
		}
		stop.Store(true)
		wg.Wait()
		if last == 0 {
			t.Error("no backup saw an article")
		}
		_ = ctx
	})
}

// tableRows counts the rows of each table in a backup.
func tableRows(t *testing.T, backup []byte) map[string]int {
	t.Helper()
	counts := map[string]int{}
	table := ""
	for _, line := range bytes.Split(bytes.TrimSpace(plainBackup(t, backup)), []byte("\n"))[1:] {
		if line[0] == '[' {
			counts[table]++
			continue
		}
		var v struct{ Table string }
		if err := json.Unmarshal(line, &v); err != nil {
			t.Fatal(err)
		}
		table = v.Table
	}
	return counts
}

// rows is a backup less what may differ between a backup and the backup
// of its restoration: the header (the engine and a time), the search
// catalogue's generation, which a restore moves on, and booleans, which
// SQLite writes as 0 and 1.
func rows(t *testing.T, backup []byte) string {
	_, rest, _ := strings.Cut(string(plainBackup(t, backup)), "\n")
	var out []string
	for _, line := range strings.Split(rest, "\n") {
		if !strings.HasPrefix(line, `["search_generation",`) {
			line = strings.NewReplacer(",false", ",0", ",true", ",1").Replace(line)
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

func plainBackup(t *testing.T, backup []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(backup))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipOf(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestArticlesByID(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		newsroom(t, db)
		var got []press.Article
		var after int64
		for {
			page, err := db.ArticlesByID(ctx, after, 3)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			got = append(got, page...)
			after = page[len(page)-1].ID
		}
		if len(got) != 7 {
			t.Fatalf("paged through %d articles, want 7", len(got))
		}
		for i, a := range got {
			if i > 0 && a.ID <= got[i-1].ID {
				t.Errorf("article %s out of id order", a.Slug)
			}
			if diff := cmp.Diff(mustGet(t, db, a.Slug), a); diff != "" {
				t.Errorf("ArticlesByID's %s differs from Article's (-Article +ArticlesByID):\n%s", a.Slug, diff)
			}
		}
	})
}
