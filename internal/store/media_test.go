package store_test

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func mustMedia(t *testing.T, db *store.DB, m press.Media) press.Media {
	t.Helper()
	if m.MimeType == "" {
		m.MimeType, m.Size, m.Width, m.Height, m.SHA256 = "image/jpeg", 1234, 1600, 900, "sum-"+m.Path
	}
	if m.Filename == "" {
		m.Filename = "upload.jpg"
	}
	if err := db.CreateMedia(t.Context(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMedia(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ctx = press.WithActor(ctx, press.Actor{Name: "Ana", IP: "192.0.2.1"})
		m := press.Media{Path: "2026/03/harbour.jpg", Filename: "Harbour at Dawn.JPG", MimeType: "image/jpeg", Size: 4321,
			Width: 1600, Height: 900, Alt: "Boats", Caption: "The harbour", Credit: "Ana Ruiz", SHA256: "abc",
			Variants: []press.Variant{{Path: "2026/03/harbour-320w.jpg", Width: 320, Height: 180}}}
		if err := db.CreateMedia(ctx, &m); err != nil {
			t.Fatal(err)
		}
		if m.ID == 0 || !m.CreatedAt.Equal(stored(t0)) {
			t.Errorf("after create: id %d, created %v", m.ID, m.CreatedAt)
		}
		got, err := db.Media(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(m, got); diff != "" {
			t.Errorf("Media (-want +got):\n%s", diff)
		}
		for _, p := range []string{"2026/03/harbour.jpg", "/media/2026/03/harbour.jpg"} {
			if got, err := db.MediaByPath(ctx, p); err != nil || got.ID != m.ID {
				t.Errorf("MediaByPath(%q) = %d, %v", p, got.ID, err)
			}
		}
		if got, err := db.MediaBySHA256(ctx, "abc"); err != nil || got.ID != m.ID {
			t.Errorf("MediaBySHA256 = %d, %v", got.ID, err)
		}
		byPaths, err := db.MediaByPaths(ctx, []string{"/media/2026/03/harbour.jpg", "2026/03/none.jpg"})
		if err != nil || len(byPaths) != 1 || byPaths["2026/03/harbour.jpg"].ID != m.ID {
			t.Errorf("MediaByPaths = %v, %v", byPaths, err)
		}

		// Same path again: conflict.
		dup := m
		wantErr(t, "duplicate path", db.CreateMedia(ctx, &dup), press.ErrConflict)

		_, err = db.Media(ctx, 9999)
		wantErr(t, "missing", err, press.ErrNotFound)
		_, err = db.MediaByPath(ctx, "nope.jpg")
		wantErr(t, "missing path", err, press.ErrNotFound)

		presstest.ClockOf(t, db).Advance(1e9)
		up, err := db.UpdateMedia(ctx, m.ID, press.MediaUpdate{Alt: "  Fishing boats at dawn ", Caption: "c", Credit: ""})
		if err != nil {
			t.Fatal(err)
		}
		if up.Alt != "Fishing boats at dawn" || up.Caption != "c" || up.Credit != "" || !up.UpdatedAt.After(up.CreatedAt) {
			t.Errorf("UpdateMedia = %+v", up)
		}
		_, err = db.UpdateMedia(ctx, 9999, press.MediaUpdate{Alt: "x"})
		wantErr(t, "update missing", err, press.ErrNotFound)

		del, err := db.DeleteMedia(ctx, m.ID)
		if err != nil || del.Path != m.Path || len(del.Variants) != 1 {
			t.Errorf("DeleteMedia = %+v, %v", del, err)
		}
		_, err = db.Media(ctx, m.ID)
		wantErr(t, "after delete", err, press.ErrNotFound)
		_, err = db.DeleteMedia(ctx, m.ID)
		wantErr(t, "delete twice", err, press.ErrNotFound)

		log, err := db.AuditLog(ctx, store.AuditFilter{Action: "media."})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action+" "+e.Target+" "+e.Actor+" "+e.IP)
		}
		target := "media:" + strconv.FormatInt(m.ID, 10)
		want := []string{"media.delete " + target + " Ana 192.0.2.1", "media.update " + target + " Ana 192.0.2.1",
			"media.upload " + target + " Ana 192.0.2.1"}
		if diff := cmp.Diff(want, actions); diff != "" {
			t.Errorf("audit (-want +got):\n%s", diff)
		}
	}, presstest.WithClock(t0))
}

func TestMediaList(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		mustMedia(t, db, press.Media{Path: "2026/03/a.jpg", Filename: "Harbour.jpg", Alt: "Boats at dawn"})
		clock.Advance(1e9)
		mustMedia(t, db, press.Media{Path: "2026/03/b.jpg", Filename: "field.jpg", Caption: "A 100% HARBOUR view"})
		clock.Advance(1e9)
		mustMedia(t, db, press.Media{Path: "2026/03/c.jpg", Filename: "desk_1.jpg", Alt: "Newsroom"})
		mustArticle(t, db, press.Article{Slug: "one", Title: "One", Status: press.StatusDraft,
			Image: press.Image{Src: "/media/2026/03/a.jpg", Alt: "Boats"}, Body: md("Text")})
		mustArticle(t, db, press.Article{Slug: "two", Title: "Two", Status: press.StatusDraft,
			Body: md("![x](/media/2026/03/a.jpg) and ![y](/media/2026/03/c.jpg)")})
		mustArticle(t, db, press.Article{Slug: "three", Title: "Three", Status: press.StatusDraft,
			Image: press.Image{Src: "https://example.org/media/2026/03/a.jpg", Alt: "Boats"}})

		tests := []struct {
			f         press.MediaFilter
			want      []string
			wantTotal int
		}{
			{press.MediaFilter{}, []string{"c.jpg:1", "b.jpg:0", "a.jpg:3"}, 3},
			{press.MediaFilter{Query: "harbour"}, []string{"b.jpg:0", "a.jpg:3"}, 2},
			{press.MediaFilter{Query: "DAWN"}, []string{"a.jpg:3"}, 1},
			{press.MediaFilter{Query: "100%"}, []string{"b.jpg:0"}, 1},
			{press.MediaFilter{Query: "_"}, []string{"c.jpg:1"}, 1},
			{press.MediaFilter{Limit: 1, Offset: 1}, []string{"b.jpg:0"}, 3},
			{press.MediaFilter{Query: "nothing"}, nil, 0},
		}
		for _, tt := range tests {
			list, total, err := db.MediaList(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range list {
				got = append(got, m.Path[len("2026/03/"):]+":"+strconv.Itoa(m.Uses))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" || total != tt.wantTotal {
				t.Errorf("MediaList(%+v): total %d, want %d; (-want +got):\n%s", tt.f, total, tt.wantTotal, diff)
			}
		}

		used, err := db.MediaUsage(ctx, "/media/2026/03/a.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"three", "two", "one"}, slugs(used)); diff != "" {
			t.Errorf("MediaUsage (-want +got):\n%s", diff)
		}
		if used[0].Title != "Three" || used[0].Status != press.StatusDraft || used[0].ID == 0 {
			t.Errorf("usage summary %+v", used[0])
		}
		if used, _ := db.MediaUsage(ctx, "2026/03/b.jpg"); len(used) != 0 {
			t.Errorf("unused image used by %v", slugs(used))
		}
	}, presstest.WithClock(t0))
}

func TestMediaUsageOfVariants(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		mustMedia(t, db, press.Media{Path: "2026/03/v.jpg",
			Variants: []press.Variant{{Path: "2026/03/v-640w.jpg", Width: 640, Height: 360}}})
		mustArticle(t, db, press.Article{Slug: "small", Title: "Small", Status: press.StatusDraft,
			Body: md("![x](/media/2026/03/v-640w.jpg)")})
		used, err := db.MediaUsage(t.Context(), "2026/03/v.jpg")
		if err != nil || len(used) != 1 {
			t.Errorf("MediaUsage = %v, %v; want the article using a variant", slugs(used), err)
		}
	})
}
