package newsroom_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// TestNewTermsAndAuthorsNeedTheRight: writing an article may pick existing
// authors and terms, but naming new ones creates them, which only those who
// manage authors and terms (editors, admins) may do — from the editor's
// "new terms" field and the Admin API alike.
func TestNewTermsAndAuthorsNeedTheRight(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n := newsroom.New(db, presstest.Logger())
		europe := press.Term{Taxonomy: "regions", Slug: "europe", Name: "Europe"}
		if err := db.SaveTerm(ctx, &europe); err != nil {
			t.Fatal(err)
		}
		author := presstest.MustWriter(t, db, "Aldo Author", press.RoleAuthor)
		editor := presstest.MustWriter(t, db, "Edna Editor", press.RoleEditor)

		// Existing ones are fine for anyone who may write.
		ok := press.Article{Title: "Picks what exists", Terms: []press.Term{europe}}
		if err := n.CreateArticle(ctx, &author, &ok); err != nil {
			t.Fatalf("author with an existing term: %v", err)
		}
		// New ones are refused, by field, and nothing is created.
		bad := press.Article{Title: "Invents", Terms: []press.Term{{Taxonomy: "regions", Slug: "atlantis", Name: "Atlantis"}},
			Authors: []press.Author{{Slug: "aldo-author", Name: "Aldo Author"}, {Slug: "ghost-writer", Name: "Ghost Writer"}}}
		err := n.CreateArticle(ctx, &author, &bad)
		var ve *press.ValidationError
		if !errors.As(err, &ve) || ve.Message("terms.regions") == "" || ve.Message("authors") == "" {
			t.Fatalf("author inventing a term and an author: %v, want field errors on terms.regions and authors", err)
		}
		if _, err := db.Term(ctx, "regions", "atlantis"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("the refused term exists: %v", err)
		}
		if _, err := db.Author(ctx, "ghost-writer"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("the refused author exists: %v", err)
		}
		// An editor may.
		bad.ID = 0
		if err := n.CreateArticle(ctx, &editor, &bad); err != nil {
			t.Fatalf("editor inventing a term and an author: %v", err)
		}
		if _, err := db.Term(ctx, "regions", "atlantis"); err != nil {
			t.Errorf("the editor's new term: %v", err)
		}
	})
}
