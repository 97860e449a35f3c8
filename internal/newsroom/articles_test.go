package newsroom_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestMain(m *testing.M) { presstest.Main(m) }

var start = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

// staff is a newsroom with one user of each role, each with an author
// profile of their own, and Otto, an editor whose articles belong to
// nobody else.
type staff struct {
	n                   *newsroom.Newsroom
	db                  *store.DB
	users               map[press.Role]*press.User
	otto                *press.User
	clock               *presstest.Clock
	contributor, author *press.User
	editor, admin       *press.User
}

func mustNewsroomStaff(t *testing.T, db *store.DB) *staff {
	t.Helper()
	ctx := t.Context()
	s := &staff{n: newsroom.New(db, presstest.Logger()), db: db, users: map[press.Role]*press.User{}, clock: presstest.ClockOf(t, db)}
	for _, r := range append(press.Roles, "otto") {
		name := string(r)
		au := press.Author{Slug: name, Name: "Writer " + name}
		if err := db.SaveAuthor(ctx, &au); err != nil {
			t.Fatal(err)
		}
		u := &press.User{Email: name + "@example.org", Name: "User " + name, Role: r, Author: name}
		if r == "otto" {
			u.Role = press.RoleEditor
		}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		if r == "otto" {
			s.otto = u
		} else {
			s.users[r] = u
		}
	}
	s.contributor, s.author = s.users[press.RoleContributor], s.users[press.RoleAuthor]
	s.editor, s.admin = s.users[press.RoleEditor], s.users[press.RoleAdmin]
	return s
}

func piece(title string) press.Article {
	return press.Article{Title: title, Body: press.Markdown{Source: "Some *words* about " + title + "."}}
}

// mustCreate has u write a draft, then the editor set its status.
func (s *staff) mustCreate(t *testing.T, u *press.User, status press.Status) press.Article {
	t.Helper()
	ctx := t.Context()
	a := piece("A piece by " + u.Name)
	if err := s.n.CreateArticle(ctx, u, &a); err != nil {
		t.Fatal(err)
	}
	switch status {
	case press.StatusDraft:
	case press.StatusTrash:
		if err := s.n.TrashArticle(ctx, s.editor, a.ID); err != nil {
			t.Fatal(err)
		}
		a, _ = s.db.ArticleByID(ctx, a.ID)
	default:
		a.Status = status
		if status == press.StatusScheduled {
			a.PublishedAt = s.clock.Now().Add(time.Hour)
		}
		if err := s.n.UpdateArticle(ctx, s.editor, &a); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// TestPermissions checks every role against every editorial action, on
// their own articles and on someone else's.
func TestPermissions(t *testing.T) {
	t.Parallel()
	var (
		ok        error
		forbidden = press.ErrForbidden
		notFound  = press.ErrNotFound
	)
	type run func(t *testing.T, s *staff, u *press.User) error
	// own makes an article of u with the status, other one of Otto's.
	own := func(s *staff, t *testing.T, u *press.User, st press.Status) press.Article {
		return s.mustCreate(t, u, st)
	}
	other := func(s *staff, t *testing.T, st press.Status) press.Article { return s.mustCreate(t, s.otto, st) }
	set := func(s *staff, t *testing.T, u *press.User, a press.Article, st press.Status) error {
		a.Status = st
		if st == press.StatusScheduled {
			a.PublishedAt = s.clock.Now().Add(time.Hour)
		}
		return s.n.UpdateArticle(t.Context(), u, &a)
	}
	create := func(st press.Status) run {
		return func(t *testing.T, s *staff, u *press.User) error {
			a := piece("New")
			a.Status = st
			if st == press.StatusScheduled {
				a.PublishedAt = s.clock.Now().Add(time.Hour)
			}
			return s.n.CreateArticle(t.Context(), u, &a)
		}
	}
	cases := []struct {
		name string
		run  run
		want [4]error // contributor, author, editor, admin
	}{
		{"create a draft", create(press.StatusDraft), [4]error{ok, ok, ok, ok}},
		{"create pending", create(press.StatusPending), [4]error{ok, ok, ok, ok}},
		{"create published", create(press.StatusPublished), [4]error{forbidden, ok, ok, ok}},
		{"create scheduled", create(press.StatusScheduled), [4]error{forbidden, ok, ok, ok}},
		{"view own draft", func(t *testing.T, s *staff, u *press.User) error {
			_, err := s.n.Article(t.Context(), u, own(s, t, u, press.StatusDraft).ID)
			return err
		}, [4]error{ok, ok, ok, ok}},
		{"view another's draft", func(t *testing.T, s *staff, u *press.User) error {
			_, err := s.n.Article(t.Context(), u, other(s, t, press.StatusDraft).ID)
			return err
		}, [4]error{notFound, notFound, ok, ok}},
		{"edit own draft", func(t *testing.T, s *staff, u *press.User) error {
			return set(s, t, u, own(s, t, u, press.StatusDraft), press.StatusDraft)
		}, [4]error{ok, ok, ok, ok}},
		{"submit own draft", func(t *testing.T, s *staff, u *press.User) error {
			return set(s, t, u, own(s, t, u, press.StatusDraft), press.StatusPending)
		}, [4]error{ok, ok, ok, ok}},
		{"pending back to draft", func(t *testing.T, s *staff, u *press.User) error {
			return set(s, t, u, own(s, t, u, press.StatusPending), press.StatusDraft)
		}, [4]error{ok, ok, ok, ok}},
		{"edit another's draft", func(t *testing.T, s *staff, u *press.User) error {
			return set(s, t, u, other(s, t, press.StatusDraft), press.StatusDraft)
		}, [4]error{notFound, notFound, ok, ok}},
		{"publish own draft", func(t *testing.T, s *staff, u *press.User) error {
			return set(s, t, u, own(s, t, u, press.StatusDraft), press.StatusPublished)
		}, [4]error{forbidden, ok, ok, ok}},
		{"publish own pending", func(t *testing.T, s *staff, u *press.User) error {
			return set(s, t, u, own(s, t, u, press.StatusPending), press.StatusPublished)
		}, [4]error{forbidden, ok, ok, ok}},
		{"publish another's pending", func(t *testing.T, s *staff, u *press.User) error {
			return set(s, t, u, other(s, t, press.StatusPending), press.StatusPublished)
		}, [4]error{notFound, notFound, ok, ok}},
		{"schedule own draft", func(t *testing.T, s *staff, u *press.User) error {
			return set(s, t, u, own(s, t, u, press.StatusDraft), press.StatusScheduled)
		}, [4]error{forbidden, ok, ok, ok}},
		{"edit own published", func(t *testing.T, s *staff, u *press.User) error {
			return set(s, t, u, own(s, t, u, press.StatusPublished), press.StatusPublished)
		}, [4]error{forbidden, ok, ok, ok}},
		{"unpublish own published", func(t *testing.T, s *staff, u *press.User) error {
			return set(s, t, u, own(s, t, u, press.StatusPublished), press.StatusUnpublished)
		}, [4]error{forbidden, ok, ok, ok}},
		{"unschedule own scheduled", func(t *testing.T, s *staff, u *press.User) error {
			return set(s, t, u, own(s, t, u, press.StatusScheduled), press.StatusDraft)
		}, [4]error{forbidden, ok, ok, ok}},
		{"trash own draft", func(t *testing.T, s *staff, u *press.User) error {
			return s.n.TrashArticle(t.Context(), u, own(s, t, u, press.StatusDraft).ID)
		}, [4]error{ok, ok, ok, ok}},
		{"trash own published", func(t *testing.T, s *staff, u *press.User) error {
			return s.n.TrashArticle(t.Context(), u, own(s, t, u, press.StatusPublished).ID)
		}, [4]error{forbidden, ok, ok, ok}},
		{"trash another's draft", func(t *testing.T, s *staff, u *press.User) error {
			return s.n.TrashArticle(t.Context(), u, other(s, t, press.StatusDraft).ID)
		}, [4]error{notFound, notFound, ok, ok}},
		{"restore own from the trash", func(t *testing.T, s *staff, u *press.User) error {
			return s.n.RestoreArticle(t.Context(), u, own(s, t, u, press.StatusTrash).ID)
		}, [4]error{forbidden, forbidden, ok, ok}},
		{"delete own from the trash", func(t *testing.T, s *staff, u *press.User) error {
			return s.n.DeleteArticle(t.Context(), u, own(s, t, u, press.StatusTrash).ID)
		}, [4]error{forbidden, forbidden, ok, ok}},
		{"note on own draft", func(t *testing.T, s *staff, u *press.User) error {
			return s.n.AddNote(t.Context(), u, &press.Note{ArticleID: own(s, t, u, press.StatusDraft).ID, Body: "Hm."})
		}, [4]error{ok, ok, ok, ok}},
		{"note on another's draft", func(t *testing.T, s *staff, u *press.User) error {
			return s.n.AddNote(t.Context(), u, &press.Note{ArticleID: other(s, t, press.StatusDraft).ID, Body: "Hm."})
		}, [4]error{notFound, notFound, ok, ok}},
		{"preview own draft", func(t *testing.T, s *staff, u *press.User) error {
			_, err := s.n.CreatePreviewLink(t.Context(), u, own(s, t, u, press.StatusDraft).ID, time.Hour)
			return err
		}, [4]error{ok, ok, ok, ok}},
		{"revisions of another's draft", func(t *testing.T, s *staff, u *press.User) error {
			_, err := s.n.Revisions(t.Context(), u, other(s, t, press.StatusDraft).ID)
			return err
		}, [4]error{notFound, notFound, ok, ok}},
	}
	// One store per engine: every case makes the articles it needs.
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustNewsroomStaff(t, db)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				for i, r := range press.Roles {
					err := tc.run(t, s, s.users[r])
					if want := tc.want[i]; (want == nil) != (err == nil) || want != nil && !errors.Is(err, want) {
						t.Errorf("%s: err = %v, want %v", r, err, want)
					}
				}
			})
		}
	}, presstest.WithClock(start))
}

func TestBylineOwnership(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustNewsroomStaff(t, db)
		ctx := t.Context()
		// Otto writes a piece bylined to the author: it is the author's own.
		a := piece("Shared")
		a.Authors = []press.Author{{Slug: "author"}}
		if err := s.n.CreateArticle(ctx, s.otto, &a); err != nil {
			t.Fatal(err)
		}
		a.Status = press.StatusPublished
		if err := s.n.UpdateArticle(ctx, s.author, &a); err != nil {
			t.Errorf("the bylined author cannot publish: %v", err)
		}
		list, err := s.n.Articles(ctx, s.author, store.AdminArticleFilter{})
		if err != nil || list.Total != 1 || list.Articles[0].ID != a.ID {
			t.Errorf("author's list = %v, %v", list, err)
		}
		// Contributors see only their own, whatever they ask for.
		mine := s.mustCreate(t, s.contributor, press.StatusDraft)
		list, err = s.n.Articles(ctx, s.contributor, store.AdminArticleFilter{AuthorSlug: "author"})
		if err != nil || list.Total != 1 || list.Articles[0].ID != mine.ID {
			t.Errorf("contributor's list = %v, %v", list, err)
		}
		list, err = s.n.Articles(ctx, s.editor, store.AdminArticleFilter{})
		if err != nil || list.Total != 2 {
			t.Errorf("editor's list = %d, %v", list.Total, err)
		}
		disabled := *s.admin
		disabled.Disabled = true
		_, err = s.n.Article(ctx, &disabled, a.ID)
		wantIs(t, "a disabled user", err, press.ErrForbidden)
		_, err = s.n.Articles(ctx, nil, store.AdminArticleFilter{})
		wantIs(t, "no user", err, press.ErrForbidden)
	}, presstest.WithClock(start))
}

func wantIs(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: err = %v, want %v", what, err, target)
	}
}

func TestCreateArticle(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustNewsroomStaff(t, db)
		ctx := press.WithActor(t.Context(), press.Actor{IP: "192.0.2.7"})
		var slugs []string
		for range 3 {
			a := piece("Water, again!")
			if err := s.n.CreateArticle(ctx, s.contributor, &a); err != nil {
				t.Fatal(err)
			}
			slugs = append(slugs, a.Slug)
			if a.OwnerID != s.contributor.ID || a.Status != press.StatusDraft || len(a.Authors) != 1 || a.Authors[0].Slug != "contributor" {
				t.Errorf("created = owner %d %s %v", a.OwnerID, a.Status, a.Authors)
			}
			if a.Body.HTML == "" || a.WordCount == 0 {
				t.Errorf("body not rendered: %+v", a.Body)
			}
		}
		if want := []string{"water-again", "water-again-2", "water-again-3"}; !sameStrings(slugs, want) {
			t.Errorf("slugs = %v, want %v", slugs, want)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Action: "article.create", Limit: 1})
		if err != nil || len(log) != 1 || log[0].UserID != s.contributor.ID || log[0].IP != "192.0.2.7" || log[0].Actor != "User contributor" {
			t.Errorf("audit = %+v, %v", log, err)
		}
		// Publishing without a date dates the article now.
		p := piece("Now")
		p.Status = press.StatusPublished
		if err := s.n.CreateArticle(ctx, s.author, &p); err != nil {
			t.Fatal(err)
		}
		if !p.PublishedAt.Equal(start) {
			t.Errorf("published at %v, want %v", p.PublishedAt, start)
		}
		// Scheduling needs a future date.
		for _, at := range []time.Time{{}, start, start.Add(-time.Minute)} {
			a := piece("Later")
			a.Status, a.PublishedAt = press.StatusScheduled, at
			err := s.n.CreateArticle(ctx, s.author, &a)
			var v *press.ValidationError
			if !errors.As(err, &v) || v.Message("published_at") == "" {
				t.Errorf("scheduling at %v: err = %v, want a published_at error", at, err)
			}
		}
		// Alt text is required for a featured image.
		a := piece("Picture")
		a.Image.Src = "/media/x.jpg"
		wantIs(t, "image without alt text", s.n.CreateArticle(ctx, s.author, &a), press.ErrInvalid)
		// A chosen slug that is taken is a conflict.
		a = piece("Taken")
		a.Slug = "water-again"
		wantIs(t, "a taken slug", s.n.CreateArticle(ctx, s.author, &a), press.ErrConflict)
		// Nothing can be born in the trash.
		a = piece("Trash")
		a.Status = press.StatusTrash
		wantIs(t, "created in the trash", s.n.CreateArticle(ctx, s.editor, &a), press.ErrInvalid)
	}, presstest.WithClock(start))
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestTwoEditors has two editors save the same version: one wins, the
// other is told who won, and nothing is lost.
func TestTwoEditors(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustNewsroomStaff(t, db)
		ctx := t.Context()
		a := s.mustCreate(t, s.author, press.StatusDraft)
		mine, theirs := a, a
		s.clock.Advance(time.Minute)
		theirs.Title = "The editor's title"
		if err := s.n.UpdateArticle(ctx, s.editor, &theirs); err != nil {
			t.Fatal(err)
		}
		mine.Title = "The author's title"
		mine.Body.Source = "Words only the author wrote."
		err := s.n.UpdateArticle(ctx, s.author, &mine)
		var conflict *press.ConflictError
		if !errors.As(err, &conflict) || !errors.Is(err, press.ErrConflict) {
			t.Fatalf("second save: err = %v, want a *press.ConflictError", err)
		}
		if conflict.By != s.editor.Name || !conflict.At.Equal(start.Add(time.Minute)) || conflict.Current.Title != "The editor's title" {
			t.Errorf("conflict = %q at %v, current %q", conflict.By, conflict.At, conflict.Current.Title)
		}
		if mine.Title != "The author's title" || mine.Body.Source != "Words only the author wrote." || mine.Version != a.Version {
			t.Errorf("the loser's article changed: %q v%d", mine.Title, mine.Version)
		}
		stored, err := s.n.Article(ctx, s.editor, a.ID)
		if err != nil || stored.Title != "The editor's title" || stored.Version != a.Version+1 {
			t.Errorf("stored = %q v%d, %v", stored.Title, stored.Version, err)
		}
		// Saving again from the stored version works.
		mine.Version = conflict.Current.Version
		if err := s.n.UpdateArticle(ctx, s.author, &mine); err != nil {
			t.Errorf("save after reloading: %v", err)
		}
	}, presstest.WithClock(start))
}

func TestRestoreRevision(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustNewsroomStaff(t, db)
		ctx := t.Context()
		a := s.mustCreate(t, s.author, press.StatusPublished) // v2
		original := a.Title
		a.Title, a.Body.Source = "Rewritten", "New words."
		if err := s.n.UpdateArticle(ctx, s.author, &a); err != nil {
			t.Fatal(err)
		}
		revs, err := s.n.Revisions(ctx, s.author, a.ID)
		if err != nil || len(revs) != 3 {
			t.Fatalf("revisions = %d, %v", len(revs), err)
		}
		first := revs[2]
		got, err := s.n.RestoreRevision(ctx, s.author, a.ID, first.ID, a.Version)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != original || got.Status != press.StatusPublished || got.Version != 4 || got.Body.HTML == "" {
			t.Errorf("restored = %q %s v%d", got.Title, got.Status, got.Version)
		}
		revs, _ = s.n.Revisions(ctx, s.author, a.ID)
		if revs[0].Note != "Restored revision "+revNum(first.ID) {
			t.Errorf("note = %q", revs[0].Note)
		}
		r, err := s.n.Revision(ctx, s.author, first.ID)
		if err != nil || r.ID != first.ID {
			t.Errorf("Revision = %+v, %v", r, err)
		}
		_, err = s.n.Revision(ctx, s.contributor, first.ID)
		wantIs(t, "another's revision", err, press.ErrNotFound)
		_, err = s.n.RestoreRevision(ctx, s.author, a.ID, first.ID, a.Version)
		wantIs(t, "restoring from a stale version", err, press.ErrConflict)
		other := s.mustCreate(t, s.author, press.StatusDraft)
		_, err = s.n.RestoreRevision(ctx, s.author, other.ID, first.ID, other.Version)
		wantIs(t, "a revision of another article", err, press.ErrNotFound)
	}, presstest.WithClock(start))
}

func revNum(n int64) string { return strconv.FormatInt(n, 10) }

func TestNotesAndPreview(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustNewsroomStaff(t, db)
		ctx := t.Context()
		a := s.mustCreate(t, s.contributor, press.StatusDraft)
		note := press.Note{ArticleID: a.ID, Body: "Source for the second figure?"}
		if err := s.n.AddNote(ctx, s.editor, &note); err != nil {
			t.Fatal(err)
		}
		reply := press.Note{ArticleID: a.ID, Parent: note.ID, Body: "Added."}
		if err := s.n.AddNote(ctx, s.contributor, &reply); err != nil {
			t.Fatal(err)
		}
		if err := s.n.ResolveNote(ctx, s.contributor, note.ID); err != nil {
			t.Fatal(err)
		}
		notes, err := s.n.Notes(ctx, s.contributor, a.ID)
		if err != nil || len(notes) != 2 || notes[0].ResolvedBy != s.contributor.Name || notes[1].Author != s.contributor.Name {
			t.Errorf("notes = %+v, %v", notes, err)
		}
		wantIs(t, "resolving a note on another's article", s.n.ResolveNote(ctx, s.author, note.ID), press.ErrNotFound)

		token, err := s.n.CreatePreviewLink(ctx, s.contributor, a.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if len(token) != 43 {
			t.Errorf("token %q is not 32 bytes in base64url", token)
		}
		got, err := s.n.PreviewArticle(ctx, token)
		if err != nil || got.ID != a.ID {
			t.Errorf("PreviewArticle = %d, %v", got.ID, err)
		}
		if _, err := db.PreviewArticle(ctx, token, start); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("the token itself is stored: %v", err)
		}
		_, err = s.n.PreviewArticle(ctx, "nope")
		wantIs(t, "an unknown token", err, press.ErrNotFound)
		s.clock.Advance(time.Hour)
		_, err = s.n.PreviewArticle(ctx, token)
		wantIs(t, "an expired token", err, press.ErrNotFound)
	}, presstest.WithClock(start))
}

func TestAutosaveAndTrash(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := mustNewsroomStaff(t, db)
		ctx := context.Background()
		a := s.mustCreate(t, s.author, press.StatusPublished)
		edit := a
		edit.Title = "Half-way"
		edit.Status = press.StatusDraft // an autosave never changes the status
		if err := s.n.Autosave(ctx, s.author, &edit); err != nil {
			t.Fatal(err)
		}
		r, err := s.n.LatestAutosave(ctx, s.author, a.ID)
		if err != nil || r.Article.Title != "Half-way" {
			t.Errorf("LatestAutosave = %+v, %v", r, err)
		}
		if got, _ := s.n.Article(ctx, s.author, a.ID); got.Title == "Half-way" || got.Status != press.StatusPublished {
			t.Errorf("autosave changed the published article: %q %s", got.Title, got.Status)
		}
		wantIs(t, "deleting an article not in the trash", s.n.DeleteArticle(ctx, s.editor, a.ID), press.ErrInvalid)
		if err := s.n.TrashArticle(ctx, s.author, a.ID); err != nil {
			t.Fatal(err)
		}
		a, _ = s.n.Article(ctx, s.author, a.ID)
		a.Status = press.StatusDraft
		wantIs(t, "saving out of the trash", s.n.UpdateArticle(ctx, s.editor, &a), press.ErrInvalid)
		if err := s.n.RestoreArticle(ctx, s.editor, a.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.n.Article(ctx, s.author, a.ID); got.Status != press.StatusDraft {
			t.Errorf("restored as %s", got.Status)
		}
		if err := s.n.TrashArticle(ctx, s.author, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.n.DeleteArticle(ctx, s.editor, a.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.n.Article(ctx, s.editor, a.ID)
		wantIs(t, "a deleted article", err, press.ErrNotFound)
	}, presstest.WithClock(start))
}
