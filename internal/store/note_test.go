package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestNotes(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		clock := presstest.ClockOf(t, db)
		eve := mustUser(t, db, "Eve", press.RoleEditor)
		ctx := press.WithActor(t.Context(), eve.Actor())
		a := mustArticle(t, db, draft("story"))
		other := mustArticle(t, db, draft("other"))
		add := func(parent int64, body string) press.Note {
			t.Helper()
			clock.Advance(time.Second)
			n := press.Note{ArticleID: a.ID, Parent: parent, Body: body, Anchor: "a passage"}
			if err := db.CreateNote(ctx, &n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		root := add(0, "Check the figures")
		reply := add(root.ID, "Done")
		second := add(0, "Headline too long")
		add(reply.ID, "Thanks")
		add(root.ID, "One more")
		if root.UserID != eve.ID || root.Author != "Eve" || !root.CreatedAt.Equal(stored(t0.Add(time.Second))) {
			t.Errorf("note = %+v", root)
		}
		notes, err := db.Notes(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var bodies []string
		for _, n := range notes {
			bodies = append(bodies, n.Body)
		}
		if diff := cmp.Diff([]string{"Check the figures", "Done", "Thanks", "One more", "Headline too long"}, bodies); diff != "" {
			t.Errorf("threads (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(root, notes[0]); diff != "" {
			t.Errorf("stored note (-created +read):\n%s", diff)
		}
		if err := db.ResolveNote(ctx, second.ID, "Eve"); err != nil {
			t.Fatal(err)
		}
		got, err := db.Note(ctx, second.ID)
		if err != nil || got.ResolvedBy != "Eve" || !got.ResolvedAt.Equal(stored(clock.Now())) {
			t.Errorf("resolved note = %+v, %v", got, err)
		}
		wantErr(t, "ResolveNote of a missing note", db.ResolveNote(ctx, 1<<40, "Eve"), press.ErrNotFound)
		wantErr(t, "an empty note", db.CreateNote(ctx, &press.Note{ArticleID: a.ID, Body: " "}), press.ErrInvalid)
		wantErr(t, "a reply on another article", db.CreateNote(ctx, &press.Note{ArticleID: other.ID, Parent: root.ID, Body: "x"}), press.ErrInvalid)
		wantErr(t, "a note on a missing article", db.CreateNote(ctx, &press.Note{ArticleID: 1 << 40, Body: "x"}), press.ErrInvalid)
		if err := db.DeleteNote(ctx, root.ID); err != nil {
			t.Fatal(err)
		}
		if notes, _ := db.Notes(ctx, a.ID); len(notes) != 1 || notes[0].ID != second.ID {
			t.Errorf("after deleting a thread: %+v", notes)
		}
		wantErr(t, "DeleteNote of a missing note", db.DeleteNote(ctx, root.ID), press.ErrNotFound)
	}, presstest.WithClock(t0))
}
