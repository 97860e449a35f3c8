package newsroom_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

func TestImportStreamRenders(t *testing.T) {
	t.Parallel()
	db := presstest.MustStore(t, "sqlite")
	n := newsroom.New(db, presstest.Logger())
	ctx := t.Context()
	stats, err := n.ImportStream(ctx, func(add func(press.Bundle) error) error {
		for i, slug := range []string{"one", "two"} {
			err := add(press.Bundle{Articles: []press.Article{{
				Slug: slug, Title: "Title " + slug, Body: press.Markdown{Source: "Some **bold** text."},
				Status: press.StatusPublished, PublishedAt: time.Date(2020, 1, i+1, 0, 0, 0, 0, time.UTC),
				Authors: []press.Author{{Slug: "ana", Name: "Ana"}},
			}}})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != 2 || stats.Authors != 1 {
		t.Errorf("stats = %+v", stats)
	}
	a, err := db.Article(ctx, "two")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Body.HTML, "<strong>bold</strong>") || a.WordCount != 3 {
		t.Errorf("article two was not rendered: %q, %d words", a.Body.HTML, a.WordCount)
	}
}
