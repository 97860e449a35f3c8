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

// mustUser stores a staff user.
func mustUser(t *testing.T, db *store.DB, name string, role press.Role) press.User {
	t.Helper()
	u := press.User{Email: name + "@example.org", Name: name, Role: role}
	if err := db.CreateUser(t.Context(), &u, ""); err != nil {
		t.Fatal(err)
	}
	return u
}

// mustWebhook subscribes an (active or not) webhook to events.
func mustWebhook(t *testing.T, db *store.DB, active bool, events string) {
	t.Helper()
	err := db.ExecForTest(t.Context(), "INSERT INTO webhooks (url, secret, events, active, created_at) VALUES (?, ?, ?, ?, ?)",
		"https://hooks.example.org/x", "s3cret", events, active, time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil && db.Engine() == store.EnginePostgres {
		err = db.ExecForTest(t.Context(), "INSERT INTO webhooks (url, secret, events, active, created_at) VALUES (?, ?, ?, ?, now())",
			"https://hooks.example.org/x", "s3cret", events, active)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// deliveries returns the events queued in the outbox, in order.
func deliveries(t *testing.T, db *store.DB) []string {
	t.Helper()
	list, err := db.QueryStringsForTest(t.Context(), "SELECT event FROM webhook_deliveries ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// auditActions returns the actions of the article lines of the audit log,
// oldest first.
func auditActions(t *testing.T, db *store.DB) []string {
	t.Helper()
	log, err := db.AuditLog(t.Context(), store.AuditFilter{Action: "article.", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for i := len(log) - 1; i >= 0; i-- {
		out = append(out, log[i].Action)
	}
	return out
}

func draft(slug string, authors ...press.Author) press.Article {
	return press.Article{Slug: slug, Title: "Title of " + slug, Body: md("Body of " + slug), Status: press.StatusDraft, Authors: authors}
}

func TestRevisions(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		clock := presstest.ClockOf(t, db)
		mustAuthor(t, db, press.Author{Slug: "ana", Name: "Ana Ruiz"})
		mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "war", Name: "War"})
		eve := mustUser(t, db, "Eve", press.RoleEditor)
		ctx := press.WithActor(t.Context(), eve.Actor())

		a := draft("water", authorRef("ana"))
		a.Terms = []press.Term{termRef("themes", "war")}
		a.OwnerID = eve.ID
		if err := db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		created := clock.Now()
		clock.Advance(time.Minute)
		a.Title = "Water, revised"
		if err := db.UpdateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		got, err := db.ArticleByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.OwnerID != eve.ID || got.Version != 2 || got.Title != "Water, revised" || len(got.Authors) != 1 || len(got.Terms) != 1 {
			t.Errorf("ArticleByID = owner %d version %d %q %v %v", got.OwnerID, got.Version, got.Title, got.Authors, got.Terms)
		}
		revs, err := db.Revisions(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 2 {
			t.Fatalf("%d revisions, want 2", len(revs))
		}
		if revs[0].Version != 2 || revs[1].Version != 1 || revs[0].Article.Title != "Water, revised" || revs[1].Article.Title != "Title of water" {
			t.Errorf("revisions not newest first: %+v", revs)
		}
		first := revs[1]
		if first.UserID != eve.ID || first.Author != "Eve" || !first.CreatedAt.Equal(stored(created)) || first.Autosave {
			t.Errorf("first revision = %+v", first)
		}
		want := []press.Author{{Slug: "ana", Name: "Ana Ruiz"}}
		if diff := cmp.Diff(want, first.Article.Authors); diff != "" {
			t.Errorf("snapshot authors (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]press.Term{{Taxonomy: "themes", Slug: "war", Name: "War"}}, first.Article.Terms); diff != "" {
			t.Errorf("snapshot terms (-want +got):\n%s", diff)
		}
		if first.Article.Body.Source != "Body of water" || first.Article.Status != press.StatusDraft {
			t.Errorf("snapshot = %+v", first.Article)
		}
		one, err := db.Revision(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, one); diff != "" {
			t.Errorf("Revision (-Revisions +Revision):\n%s", diff)
		}
		_, err = db.Revision(ctx, 1<<40)
		wantErr(t, "Revision of a missing ID", err, press.ErrNotFound)
		_, err = db.ArticleByID(ctx, 1<<40)
		wantErr(t, "ArticleByID of a missing ID", err, press.ErrNotFound)

		// A save from version 1 lost to Eve's save of version 2.
		stale := a
		stale.Version = 1
		stale.Title = "Someone else's"
		err = db.UpdateArticle(ctx, &stale)
		var conflict *press.ConflictError
		if !errors.As(err, &conflict) || !errors.Is(err, press.ErrConflict) {
			t.Fatalf("stale update: err = %v, want a *press.ConflictError", err)
		}
		if conflict.By != "Eve" || !conflict.At.Equal(stored(created.Add(time.Minute))) || conflict.Current.Title != "Water, revised" || conflict.Current.Version != 2 {
			t.Errorf("conflict = %q at %v, current %q v%d", conflict.By, conflict.At, conflict.Current.Title, conflict.Current.Version)
		}
		if diff := cmp.Diff([]string{"article.create"}, auditActions(t, db)); diff != "" {
			t.Errorf("audit (-want +got):\n%s", diff)
		}
	}, presstest.WithClock(t0))
}

// TestImportedRevision checks that an article stored without revisions
// gets its stored state kept before its first edit.
func TestImportedRevision(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		if _, err := db.Import(ctx, press.Bundle{Articles: []press.Article{published("old", day(2020, 1, 1, 0), nil)}}); err != nil {
			t.Fatal(err)
		}
		a := mustGet(t, db, "old")
		if revs, _ := db.Revisions(ctx, a.ID); len(revs) != 0 {
			t.Fatalf("imported article has %d revisions", len(revs))
		}
		a.Title = "Edited"
		if err := db.UpdateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		revs, err := db.Revisions(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 2 || revs[1].Note != "Imported version" || revs[1].Article.Title != "Title of old" || revs[0].Article.Title != "Edited" {
			t.Errorf("revisions = %+v", revs)
		}
		// A stale save of an article whose version has no revision names
		// nobody in particular.
		a.Version = 0
		var conflict *press.ConflictError
		if err := db.UpdateArticle(ctx, &a); !errors.As(err, &conflict) {
			t.Fatalf("stale save: %v", err)
		}
	})
}

func TestAutosave(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		eve := mustUser(t, db, "Eve", press.RoleEditor)
		bob := mustUser(t, db, "Bob", press.RoleEditor)
		ctx := press.WithActor(t.Context(), eve.Actor())
		bctx := press.WithActor(t.Context(), bob.Actor())

		// A draft: autosaves update it, and replace each other.
		d := draft("draft")
		if err := db.CreateArticle(ctx, &d); err != nil {
			t.Fatal(err)
		}
		for _, title := range []string{"Typing", "Typing more"} {
			d.Title = title
			d.Status = press.StatusPublished // ignored: autosave keeps the status
			d.PublishedAt = t0
			if err := db.AutosaveArticle(ctx, &d); err != nil {
				t.Fatal(err)
			}
		}
		got := mustGet(t, db, "draft")
		if got.Title != "Typing more" || got.Version != 3 || got.Status != press.StatusDraft {
			t.Errorf("autosaved draft = %q v%d %s", got.Title, got.Version, got.Status)
		}
		revs, _ := db.Revisions(ctx, d.ID)
		if len(revs) != 2 || !revs[0].Autosave || revs[0].Version != 3 || revs[1].Autosave {
			t.Errorf("draft revisions = %+v", revs)
		}
		_, err := db.LatestAutosave(ctx, d.ID, eve.ID)
		wantErr(t, "LatestAutosave of an autosaved draft", err, press.ErrNotFound)
		// Bob's autosave after Eve's is a revision of its own.
		d.Title = "Bob types"
		if err := db.AutosaveArticle(bctx, &d); err != nil {
			t.Fatal(err)
		}
		if revs, _ := db.Revisions(ctx, d.ID); len(revs) != 3 {
			t.Errorf("%d revisions after another user's autosave, want 3", len(revs))
		}

		// A published article: readers see no autosave.
		p := published("live", day(2026, 1, 1, 0), nil)
		if err := db.CreateArticle(ctx, &p); err != nil {
			t.Fatal(err)
		}
		for _, title := range []string{"Half an edit", "Most of an edit"} {
			edit := p
			edit.Title = title
			if err := db.AutosaveArticle(ctx, &edit); err != nil {
				t.Fatal(err)
			}
		}
		if got := mustGet(t, db, "live"); got.Title != "Title of live" || got.Version != 1 {
			t.Errorf("autosave changed a published article: %q v%d", got.Title, got.Version)
		}
		r, err := db.LatestAutosave(ctx, p.ID, eve.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Article.Title != "Most of an edit" || !r.Autosave || r.Version != 1 {
			t.Errorf("LatestAutosave = %+v", r)
		}
		if revs, _ := db.Revisions(ctx, p.ID); len(revs) != 2 {
			t.Errorf("%d revisions of the published article, want 2 (save, one autosave)", len(revs))
		}
		_, err = db.LatestAutosave(ctx, p.ID, bob.ID)
		wantErr(t, "LatestAutosave of another user", err, press.ErrNotFound)
		if deliveries := deliveries(t, db); len(deliveries) != 0 {
			t.Errorf("deliveries without webhooks: %v", deliveries)
		}
		// A real save moves past the autosave.
		p.Title = "Saved"
		if err := db.UpdateArticle(ctx, &p); err != nil {
			t.Fatal(err)
		}
		_, err = db.LatestAutosave(ctx, p.ID, eve.ID)
		wantErr(t, "LatestAutosave after a save", err, press.ErrNotFound)
		// An autosave from a stale version is a conflict.
		p.Version = 1
		var conflict *press.ConflictError
		if err := db.AutosaveArticle(ctx, &p); !errors.As(err, &conflict) || conflict.By != "Eve" {
			t.Errorf("stale autosave: %v", err)
		}
	})
}

// TestWorkflowEvents follows an article through the workflow and checks
// the audit lines and webhook deliveries each step writes.
func TestWorkflowEvents(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		mustWebhook(t, db, true, `["article.published","article.updated","article.unpublished","article.deleted"]`)
		mustWebhook(t, db, true, `["article.published"]`)
		mustWebhook(t, db, false, `["article.published","article.updated","article.unpublished","article.deleted"]`)

		a := draft("story")
		if err := db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		step := func(status press.Status, title string) {
			t.Helper()
			a.Status, a.Title = status, title
			if status == press.StatusPublished && a.PublishedAt.IsZero() {
				a.PublishedAt = day(2026, 2, 1, 0)
			}
			if err := db.UpdateArticle(ctx, &a); err != nil {
				t.Fatal(err)
			}
		}
		step(press.StatusPending, "Story")
		step(press.StatusPublished, "Story")
		step(press.StatusPublished, "Story, corrected")
		step(press.StatusUnpublished, "Story, corrected")
		step(press.StatusPublished, "Story, corrected")
		if err := db.TrashArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RestoreArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		a = mustGet(t, db, "story")
		a.Status = press.StatusPublished
		if err := db.UpdateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		wantAudit := []string{"article.create", "article.submit", "article.publish", "article.unpublish", "article.publish",
			"article.trash", "article.restore", "article.publish", "article.delete"}
		if diff := cmp.Diff(wantAudit, auditActions(t, db)); diff != "" {
			t.Errorf("audit (-want +got):\n%s", diff)
		}
		wantEvents := []string{"article.published", "article.published", "article.updated", "article.unpublished",
			"article.published", "article.published", "article.deleted", "article.published", "article.published", "article.deleted"}
		if diff := cmp.Diff(wantEvents, deliveries(t, db)); diff != "" {
			t.Errorf("deliveries (-want +got):\n%s", diff)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Action: "article.publish", Limit: 1})
		if err != nil || len(log) != 1 || log[0].Summary != "“Story, corrected”: draft → published" || log[0].Actor != "Pressroom" {
			t.Errorf("audit line = %+v, %v", log, err)
		}
		payloads, err := db.QueryStringsForTest(ctx, "SELECT payload FROM webhook_deliveries WHERE event = ? ORDER BY id LIMIT 1", "article.updated")
		if err != nil || len(payloads) != 1 {
			t.Fatal(payloads, err)
		}
		want := `{"event":"article.updated","occurred_at":"` + stored(time.Now()).Format("2006") // year only: real clock
		if len(payloads[0]) < len(want) || payloads[0][:len(want)] != want {
			t.Errorf("payload = %s", payloads[0])
		}
		for _, part := range []string{`"path":"/articles/story"`, `"status":"published"`, `"title":"Story, corrected"`, `"version":4`,
			`"published_at":"2026-02-01T00:00:00Z"`} {
			if !contains(payloads[0], part) {
				t.Errorf("payload %s lacks %s", payloads[0], part)
			}
		}
	})
}

func contains(s, part string) bool {
	for i := 0; i+len(part) <= len(s); i++ {
		if s[i:i+len(part)] == part {
			return true
		}
	}
	return false
}
