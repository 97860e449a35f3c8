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

func TestTerms(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		newsroom(t, db)

		got, err := db.Terms(ctx, "regions")
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			Slug, Name, Parent string
			Count              int
		}
		var rows []row
		for _, m := range got {
			rows = append(rows, row{m.Slug, m.Name, m.Parent, m.Count})
			if m.ID == 0 || m.Taxonomy != "regions" {
				t.Errorf("term %s: ID %d, taxonomy %q", m.Slug, m.ID, m.Taxonomy)
			}
		}
		// By name, ignoring case; counts are published articles tagged
		// with the term itself (the draft in Syria does not count, nor
		// does Damascus count for Syria).
		want := []row{
			{"al-raqqa", "al-Raqqa", "syria", 0},
			{"damascus", "Damascus", "syria", 1},
			{"europe", "Europe", "", 1},
			{"middle-east", "Middle East", "", 1},
			{"syria", "Syria", "middle-east", 1},
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("Terms(regions) (-want +got):\n%s", diff)
		}

		m, err := db.Term(ctx, "reports", "water-crisis")
		if err != nil {
			t.Fatal(err)
		}
		wantTerm := press.Term{ID: m.ID, Taxonomy: "reports", Slug: "water-crisis", Name: "The Water Crisis",
			Description: md("Two years of drought.")}
		if diff := cmp.Diff(wantTerm, m); diff != "" {
			t.Errorf("Term (-want +got):\n%s", diff)
		}
		if a := mustGet(t, db, "syria-water"); a.Terms[1].ID != m.ID {
			t.Errorf("the article's term has ID %d, want %d", a.Terms[1].ID, m.ID)
		}

		_, err = db.Term(ctx, "regions", "atlantis")
		wantErr(t, "Term(atlantis)", err, press.ErrNotFound)
		_, err = db.Terms(ctx, "nope")
		wantErr(t, "Terms(nope)", err, press.ErrNotFound)
		err = db.SaveTerm(ctx, &press.Term{Taxonomy: "nope", Slug: "x", Name: "X"})
		wantErr(t, "SaveTerm in an unknown taxonomy", err, press.ErrInvalid)
		err = db.SaveTerm(ctx, &press.Term{Taxonomy: "regions", Slug: "x", Name: "X", Parent: "atlantis"})
		wantErr(t, "SaveTerm under an unknown parent", err, press.ErrInvalid)
		// Middle East under Damascus would make Damascus its own ancestor.
		err = db.SaveTerm(ctx, &press.Term{Taxonomy: "regions", Slug: "middle-east", Name: "Middle East", Parent: "damascus"})
		wantErr(t, "SaveTerm making a cycle", err, press.ErrInvalid)
		if m, _ := db.Term(ctx, "regions", "middle-east"); m.Parent != "" {
			t.Errorf("the cycle was stored: middle-east has parent %q", m.Parent)
		}

		// Moving a term moves its articles in descendant listings.
		mustTerm(t, db, press.Term{Taxonomy: "regions", Slug: "damascus", Name: "Damascus", Parent: "europe"})
		list, err := db.Articles(ctx, press.ArticleFilter{Taxonomy: "regions", Term: "europe"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"europe-heat", "damascus-siege"}, slugs(list.Articles)); diff != "" {
			t.Errorf("europe after moving damascus (-want +got):\n%s", diff)
		}
	})
}

func TestAuthors(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		want := press.Author{
			Slug: "ana-ruiz", Name: "Ana Ruiz", Bio: md("Ana covers *water*."), Photo: "/media/ana.jpg",
			Links: []press.Link{{Label: "Site", URL: "https://ana.example"}, {Label: "Mastodon", URL: "https://social.example/@ana"}},
			Email: "ana@outlet.example",
		}
		saved := mustAuthor(t, db, want)
		want.ID, want.CreatedAt, want.UpdatedAt = saved.ID, stored(t0), stored(t0)
		if diff := cmp.Diff(want, saved); diff != "" {
			t.Errorf("SaveAuthor set (-want +got):\n%s", diff)
		}
		got, err := db.Author(ctx, "ana-ruiz")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Author (-want +got):\n%s", diff)
		}

		// Saving again updates in place, keeping CreatedAt.
		clock.Advance(time.Hour)
		want.Links = nil
		want.Bio = press.Markdown{}
		again := mustAuthor(t, db, want)
		want.UpdatedAt = stored(t0.Add(time.Hour))
		if diff := cmp.Diff(want, again); diff != "" {
			t.Errorf("second SaveAuthor (-want +got):\n%s", diff)
		}
		got, _ = db.Author(ctx, "ana-ruiz")
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Author after update (-want +got):\n%s", diff)
		}

		mustAuthor(t, db, press.Author{Slug: "zed", Name: "zed Hall"})
		mustAuthor(t, db, press.Author{Slug: "bo", Name: "Bo Lind"})
		list, err := db.Authors(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, a := range list {
			names = append(names, a.Name)
		}
		if diff := cmp.Diff([]string{"Ana Ruiz", "Bo Lind", "zed Hall"}, names); diff != "" {
			t.Errorf("Authors by name (-want +got):\n%s", diff)
		}

		_, err = db.Author(ctx, "nobody")
		wantErr(t, "Author(nobody)", err, press.ErrNotFound)
		err = db.SaveAuthor(ctx, &press.Author{Slug: "x", Name: "X", Links: []press.Link{{Label: "bad", URL: "javascript:alert(1)"}}})
		var v *press.ValidationError
		if !errors.As(err, &v) || v.Message("links") == "" {
			t.Errorf("SaveAuthor with a bad link: err = %v, want a validation error on links", err)
		}
	}, presstest.WithClock(t0))
}

func TestPages(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		about := press.Page{Slug: "about", Title: "About us", Body: md("We are *independent*."), Status: press.StatusPublished}
		if err := db.SavePage(ctx, &about); err != nil {
			t.Fatal(err)
		}
		if about.ID == 0 || about.Version != 1 || !about.CreatedAt.Equal(stored(t0)) || !about.UpdatedAt.Equal(stored(t0)) {
			t.Errorf("SavePage set ID %d, version %d, times %v %v", about.ID, about.Version, about.CreatedAt, about.UpdatedAt)
		}
		got, err := db.Page(ctx, "about")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(about, got); diff != "" {
			t.Errorf("Page (-want +got):\n%s", diff)
		}

		// An editor saves with the version read; a second editor with the
		// same, now stale, version conflicts.
		clock.Advance(time.Minute)
		first, second := got, got
		first.Title = "About"
		if err := db.SavePage(ctx, &first); err != nil {
			t.Fatal(err)
		}
		if first.Version != 2 || !first.CreatedAt.Equal(about.CreatedAt) || first.UpdatedAt.Equal(about.UpdatedAt) {
			t.Errorf("after update: version %d, created %v, updated %v", first.Version, first.CreatedAt, first.UpdatedAt)
		}
		second.Title = "Who we are"
		wantErr(t, "SavePage with a stale version", db.SavePage(ctx, &second), press.ErrConflict)

		draft := press.Page{Slug: "contact", Title: "contact", Status: press.StatusDraft}
		if err := db.SavePage(ctx, &draft); err != nil {
			t.Fatal(err)
		}
		list, err := db.Pages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]press.Page{first, draft}, list); diff != "" {
			t.Errorf("Pages (-want +got):\n%s", diff)
		}

		_, err = db.Page(ctx, "nope")
		wantErr(t, "Page(nope)", err, press.ErrNotFound)
		wantErr(t, "SavePage(regions)", db.SavePage(ctx, &press.Page{Slug: "regions", Title: "R", Status: press.StatusDraft}), press.ErrInvalid)
		wantErr(t, "SavePage(admin)", db.SavePage(ctx, &press.Page{Slug: "admin", Title: "A", Status: press.StatusDraft}), press.ErrInvalid)
	}, presstest.WithClock(t0))
}
