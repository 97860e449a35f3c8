package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func comment(article, id, parent string, at time.Time) press.Comment {
	return press.Comment{Article: article, SourceID: id, ParentSourceID: parent, AuthorName: "Reader " + id,
		AuthorEmail: id + "@example.org", AuthorIP: "192.0.2.1", Body: "Comment " + id, Status: press.CommentApproved, CreatedAt: at}
}

// migration is a stream as a WordPress import sends it: one article per
// add with its comments, references to what earlier adds stored, and
// forward references (a page's parent, a reply's parent, an
// attachment's article) that later adds fill.
func migration() []press.Bundle {
	ana := []press.Author{{Slug: "ana"}} // no name: only an earlier add makes this valid
	return []press.Bundle{
		{
			Authors: []press.Author{{Slug: "ana", Name: "Ana Ruiz"}},
			Terms:   []press.Term{{Taxonomy: "regions", Slug: "syria", Name: "Syria"}},
			Pages:   []press.Page{{Slug: "team", Parent: "about", Position: 2, Title: "Team", Body: md("Us."), Status: press.StatusPublished}},
			Articles: []press.Article{published("first", day(2019, 5, 1, 0),
				[]press.Author{{Slug: "ana", Name: "Ana Ruiz"}}, press.Term{Taxonomy: "regions", Slug: "syria"})},
			Comments: []press.Comment{
				comment("first", "12", "11", day(2019, 5, 2, 0)), // a reply before its parent
				comment("first", "11", "", day(2019, 5, 1, 12)),
			},
			Attachments: []press.Attachment{{SourceID: "90", URL: "https://old.example/wp-content/uploads/map.png",
				Title: "Map", Alt: "A map", MimeType: "image/png", Article: "second"}},
			Redirects: []press.Redirect{{From: "/2019/05/first/", To: "/articles/first"}},
		},
		{
			Pages: []press.Page{{Slug: "about", Position: 1, Title: "About", Body: md("About us."), Status: press.StatusPublished}},
			Articles: []press.Article{published("second", day(2019, 6, 1, 0), ana,
				press.Term{Taxonomy: "regions", Slug: "syria"})},
			Redirects: []press.Redirect{{From: "/?p=12", To: "/articles/second"}},
		},
		{
			Comments:    []press.Comment{comment("first", "13", "12", day(2019, 5, 3, 0))},
			Attachments: []press.Attachment{{URL: "https://old.example/wp-content/uploads/logo.svg", Title: "Logo"}},
			Redirects:   []press.Redirect{{From: "/2019/06/second", To: "/articles/second"}},
		},
	}
}

func importAll(t *testing.T, db *store.DB, bundles []press.Bundle) (store.ImportStats, error) {
	t.Helper()
	return db.ImportStream(t.Context(), func(add func(press.Bundle) error) error {
		for _, b := range bundles {
			if err := add(b); err != nil {
				return err
			}
		}
		return nil
	})
}

// legacyState is what a stream leaves that tests compare.
type legacyState struct {
	Articles    []string
	Pages       []press.Page
	Comments    []press.Comment
	Attachments []press.Attachment
	Redirects   []press.Redirect
}

func mustLegacyState(t *testing.T, db *store.DB) legacyState {
	t.Helper()
	ctx := t.Context()
	var s legacyState
	list, err := db.Articles(ctx, press.ArticleFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	s.Articles = slugs(list.Articles)
	if s.Pages, err = db.Pages(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Comments, err = db.Comments(ctx, "first"); errors.Is(err, press.ErrNotFound) {
		s.Comments = nil
	} else if err != nil {
		t.Fatal(err)
	}
	if s.Attachments, err = db.Attachments(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Redirects, err = db.Redirects(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestImportStream(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		stats, err := importAll(t, db, migration())
		if err != nil {
			t.Fatal(err)
		}
		want := store.ImportStats{Terms: 1, Authors: 1, Pages: 2, Articles: 2, Redirects: 3, Comments: 3, Attachments: 2, Created: 14}
		if diff := cmp.Diff(want, stats); diff != "" {
			t.Errorf("first run (-want +got):\n%s", diff)
		}
		first := mustLegacyState(t, db)

		var threads []string
		for _, c := range first.Comments {
			threads = append(threads, c.SourceID+"<"+c.ParentSourceID)
		}
		if diff := cmp.Diff([]string{"11<", "12<11", "13<12"}, threads); diff != "" {
			t.Errorf("comments in thread order, with parents (-want +got):\n%s", diff)
		}
		if c := first.Comments[1]; c.AuthorEmail != "12@example.org" || c.AuthorIP != "192.0.2.1" || c.Status != press.CommentApproved ||
			!c.CreatedAt.Equal(day(2019, 5, 2, 0)) || c.Article != "first" || c.Body != "Comment 12" {
			t.Errorf("comment 12 = %+v", c)
		}
		team, err := db.Page(ctx, "team")
		if err != nil {
			t.Fatal(err)
		}
		if team.Parent != "about" || team.Position != 2 {
			t.Errorf("team: parent %q, position %d; want about, 2", team.Parent, team.Position)
		}
		wantAtt := []press.Attachment{
			{SourceID: "90", URL: "https://old.example/wp-content/uploads/map.png", Title: "Map", Alt: "A map", MimeType: "image/png", Article: "second"},
			{URL: "https://old.example/wp-content/uploads/logo.svg", Title: "Logo"},
		}
		if diff := cmp.Diff(wantAtt, first.Attachments); diff != "" {
			t.Errorf("attachments (-want +got):\n%s", diff)
		}
		second := mustGet(t, db, "second")
		if len(second.Authors) != 1 || second.Authors[0].Name != "Ana Ruiz" {
			t.Errorf("second's byline = %+v; want Ana Ruiz from the first add", second.Authors)
		}
		if x, err := db.Redirect(ctx, "/?utm_source=x&p=12"); err != nil || x.To != "/articles/second" {
			t.Errorf("Redirect(/?p=12) = %+v, %v", x, err)
		}

		// The same stream again changes nothing.
		clock.Advance(time.Hour)
		stats, err = importAll(t, db, migration())
		if err != nil {
			t.Fatal(err)
		}
		want = store.ImportStats{Terms: 1, Authors: 1, Pages: 2, Articles: 2, Redirects: 3, Comments: 3, Attachments: 2, Unchanged: 14}
		if diff := cmp.Diff(want, stats); diff != "" {
			t.Errorf("second run (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(first, mustLegacyState(t, db)); diff != "" {
			t.Errorf("second run changed the store (-first +second):\n%s", diff)
		}

		// A change to a comment updates it, in place.
		changed := migration()
		changed[2].Comments[0].Status = press.CommentSpam
		stats, err = importAll(t, db, changed)
		if err != nil {
			t.Fatal(err)
		}
		if stats.Updated != 1 || stats.Created != 0 {
			t.Errorf("changed comment: stats %+v; want one update", stats)
		}
		if got, _ := db.Comments(ctx, "first"); len(got) != 3 || got[2].Status != press.CommentSpam {
			t.Errorf("comments after the change: %+v", got)
		}
	}, presstest.WithClock(t0))
}

func TestImportStreamRollsBack(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		empty := mustLegacyState(t, db)
		bad := migration()
		bad[2].Comments[0].Status = "deleted"
		_, err := importAll(t, db, bad)
		wantErr(t, "a bad comment in the third add", err, press.ErrInvalid)
		if diff := cmp.Diff(empty, mustLegacyState(t, db)); diff != "" {
			t.Errorf("a failed stream left (-before +after):\n%s", diff)
		}

		// fill failing after good adds rolls them back too.
		boom := errors.New("reader failed")
		_, err = db.ImportStream(ctx, func(add func(press.Bundle) error) error {
			if err := add(migration()[0]); err != nil {
				return err
			}
			return boom
		})
		wantErr(t, "fill's own error", err, boom)

		// fill ignoring add's error does not save the stream, and later
		// adds fail at once.
		var later error
		_, err = db.ImportStream(ctx, func(add func(press.Bundle) error) error {
			add(press.Bundle{Pages: []press.Page{{Slug: "x"}}}) // no title
			later = add(migration()[0])
			return nil
		})
		wantErr(t, "an ignored failed add", err, press.ErrInvalid)
		if later == nil {
			t.Error("an add after a failed one succeeded")
		}
		if diff := cmp.Diff(empty, mustLegacyState(t, db)); diff != "" {
			t.Errorf("failed streams left (-before +after):\n%s", diff)
		}

		// Forward references still missing at the end are invalid.
		for name, b := range map[string]press.Bundle{
			"page parent": {Pages: []press.Page{{Slug: "team", Parent: "nowhere", Title: "Team", Status: press.StatusDraft}}},
			"comment parent": {Articles: []press.Article{published("first", day(2019, 5, 1, 0), nil)},
				Comments: []press.Comment{comment("first", "2", "1", day(2019, 5, 1, 0))}},
			"attachment article": {Attachments: []press.Attachment{{SourceID: "9", URL: "https://old.example/a.png", Article: "nowhere"}}},
			"comment parent on another article": {Articles: []press.Article{
				published("first", day(2019, 5, 1, 0), nil), published("second", day(2019, 5, 1, 0), nil)},
				Comments: []press.Comment{comment("first", "1", "", day(2019, 5, 1, 0)), comment("second", "2", "1", day(2019, 5, 1, 0))}},
			"comment article":   {Comments: []press.Comment{comment("nowhere", "2", "", day(2019, 5, 1, 0))}},
			"comment source id": {Articles: []press.Article{published("first", day(2019, 5, 1, 0), nil)}, Comments: []press.Comment{comment("first", "", "", day(2019, 5, 1, 0))}},
			"comment cycle": {Articles: []press.Article{published("first", day(2019, 5, 1, 0), nil)},
				Comments: []press.Comment{comment("first", "1", "2", day(2019, 5, 1, 0)), comment("first", "2", "1", day(2019, 5, 1, 0))}},
			"page cycle": {Pages: []press.Page{
				{Slug: "a", Parent: "b", Title: "A", Status: press.StatusDraft},
				{Slug: "b", Parent: "a", Title: "B", Status: press.StatusDraft}}},
			"redirect loop": {Redirects: []press.Redirect{{From: "/a", To: "/b"}, {From: "/b", To: "/a/"}}},
		} {
			_, err := db.Import(ctx, b)
			wantErr(t, name, err, press.ErrInvalid)
		}
		if diff := cmp.Diff(empty, mustLegacyState(t, db)); diff != "" {
			t.Errorf("invalid imports left (-before +after):\n%s", diff)
		}
	})
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		x := press.Redirect{From: "https://old.example/2019/05/old-slug/?utm_source=feed", To: "/articles/new"}
		if err := db.SaveRedirect(ctx, &x); err != nil {
			t.Fatal(err)
		}
		if x.From != "/2019/05/old-slug" || x.ID == 0 || !x.CreatedAt.Equal(stored(t0)) {
			t.Errorf("saved %+v", x)
		}
		// Saving the same From again changes its target, not the row.
		again := press.Redirect{From: "/2019/05/old-slug", To: "https://elsewhere.example/x"}
		if err := db.SaveRedirect(ctx, &again); err != nil {
			t.Fatal(err)
		}
		if again.ID != x.ID || !again.CreatedAt.Equal(x.CreatedAt) {
			t.Errorf("re-saved %+v; want the row of %+v", again, x)
		}
		if err := db.SaveRedirect(ctx, &press.Redirect{From: "/?page_id=7&x=1", To: "/about"}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Redirect(ctx, "/2019/05/old-slug/")
		if err != nil || got.To != "https://elsewhere.example/x" {
			t.Errorf("Redirect = %+v, %v", got, err)
		}
		list, err := db.Redirects(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var froms []string
		for _, r := range list {
			froms = append(froms, r.From+" "+r.To)
		}
		if diff := cmp.Diff([]string{"/2019/05/old-slug https://elsewhere.example/x", "/?page_id=7 /about"}, froms); diff != "" {
			t.Errorf("Redirects (-want +got):\n%s", diff)
		}

		for name, r := range map[string]press.Redirect{
			"to itself":   {From: "/old", To: "/old/"},
			"front page":  {From: "/", To: "/about"},
			"no target":   {From: "/old"},
			"other site":  {From: "/old", To: "ftp://x.example/"},
			"loop":        {From: "/about", To: "/?page_id=7"},
			"bad to path": {From: "/old", To: "about"},
		} {
			wantErr(t, name, db.SaveRedirect(ctx, &r), press.ErrInvalid)
		}

		if err := db.DeleteRedirect(ctx, "/?page_id=7"); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "deleting again", db.DeleteRedirect(ctx, "/?page_id=7"), press.ErrNotFound)
		_, err = db.Redirect(ctx, "/?page_id=7")
		wantErr(t, "a deleted redirect", err, press.ErrNotFound)
	}, presstest.WithClock(t0))
}

func TestPageParent(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		page := func(slug, parent string) *press.Page {
			return &press.Page{Slug: slug, Parent: parent, Title: slug, Status: press.StatusPublished}
		}
		wantErr(t, "missing parent", db.SavePage(ctx, page("team", "about")), press.ErrInvalid)
		if err := db.SavePage(ctx, page("about", "")); err != nil {
			t.Fatal(err)
		}
		team := page("team", "about")
		team.Position = 3
		if err := db.SavePage(ctx, team); err != nil {
			t.Fatal(err)
		}
		got, err := db.Page(ctx, "team")
		if err != nil || got.Parent != "about" || got.Position != 3 {
			t.Errorf("Page(team) = %+v, %v", got, err)
		}
		wantErr(t, "own parent", db.SavePage(ctx, page("about", "about")), press.ErrInvalid)
		wantErr(t, "cycle", db.SavePage(ctx, page("about", "team")), press.ErrInvalid)
		if got, _ := db.Page(ctx, "about"); got.Parent != "" {
			t.Errorf("a refused save changed about: %+v", got)
		}
	})
}
