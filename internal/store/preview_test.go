package store_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestPreviewLinks(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		eve := mustUser(t, db, "Eve", press.RoleEditor)
		ctx := press.WithActor(t.Context(), eve.Actor())
		a := mustArticle(t, db, draft("secret"))
		l, err := db.CreatePreviewLink(ctx, a.ID, "hash-1", t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if l.ArticleID != a.ID || l.CreatedBy != eve.ID || !l.CreatedAt.Equal(stored(t0)) || !l.ExpiresAt.Equal(stored(t0.Add(time.Hour))) {
			t.Errorf("link = %+v", l)
		}
		got, err := db.PreviewArticle(ctx, "hash-1", t0.Add(59*time.Minute))
		if err != nil || got.Slug != "secret" || got.Body.Source == "" {
			t.Errorf("PreviewArticle = %q, %v", got.Slug, err)
		}
		_, err = db.PreviewArticle(ctx, "hash-1", t0.Add(time.Hour))
		wantErr(t, "an expired preview", err, press.ErrNotFound)
		_, err = db.PreviewArticle(ctx, "hash-2", t0)
		wantErr(t, "an unknown preview", err, press.ErrNotFound)
		_, err = db.CreatePreviewLink(ctx, a.ID, "hash-1", t0.Add(time.Hour))
		wantErr(t, "a taken token", err, press.ErrConflict)
		_, err = db.CreatePreviewLink(ctx, 1<<40, "hash-3", t0.Add(time.Hour))
		wantErr(t, "a link to a missing article", err, press.ErrInvalid)
		links, err := db.PreviewLinks(ctx, a.ID)
		if err != nil || len(links) != 1 || links[0] != l {
			t.Errorf("PreviewLinks = %+v, %v", links, err)
		}
		if err := db.DeletePreviewLink(ctx, l.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.PreviewArticle(ctx, "hash-1", t0)
		wantErr(t, "a deleted preview", err, press.ErrNotFound)
		wantErr(t, "deleting a deleted link", db.DeletePreviewLink(ctx, l.ID), press.ErrNotFound)
		// Making and ending a link are in the audit log, against the article.
		lines, err := db.AuditLog(ctx, store.AuditFilter{Action: "article.preview_link", Target: "article:" + strconv.FormatInt(a.ID, 10)})
		if err != nil || len(lines) != 1 {
			t.Errorf("audit lines for the new link: %d, %v", len(lines), err)
		}
		lines, err = db.AuditLog(ctx, store.AuditFilter{Action: "article.preview_link.delete"})
		if err != nil || len(lines) != 1 {
			t.Errorf("audit lines for the ended link: %d, %v", len(lines), err)
		}
	}, presstest.WithClock(t0))
}
