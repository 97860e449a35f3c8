package newsroom_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func jpegOf(t *testing.T, w, h int, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = shade
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustStaff(t *testing.T, db *store.DB, name string, role press.Role) *press.User {
	t.Helper()
	u := press.User{Name: name, Email: press.Slugify(name) + "@example.org", Role: role}
	if err := db.CreateUser(context.Background(), &u, ""); err != nil {
		t.Fatal(err)
	}
	return &u
}

// files lists the files under dir, relative and slash-separated.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

func newRoom(t *testing.T, db *store.DB, max int64) (*newsroom.Newsroom, string) {
	dir := t.TempDir()
	n := newsroom.New(db, presstest.Logger())
	n.UseMedia(media.NewDisk(dir), max)
	return n, dir
}

func TestUploadMedia(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		n, dir := newRoom(t, db, 0)
		ana := mustStaff(t, db, "Ana Ruiz", press.RoleContributor)

		m, err := n.UploadMedia(ctx, ana, `C:\Photos\Harbour at Dawn.JPG`, bytes.NewReader(jpegOf(t, 700, 400, 90)))
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^\d{4}/\d{2}/harbour-at-dawn\.jpg$`).MatchString(m.Path) {
			t.Errorf("path %q, want YYYY/MM/harbour-at-dawn.jpg", m.Path)
		}
		if m.Filename != "Harbour at Dawn.JPG" || m.Width != 700 || m.Height != 400 || m.MimeType != "image/jpeg" ||
			m.UploadedBy != ana.ID || m.ID == 0 {
			t.Errorf("media %+v", m)
		}
		stem := strings.TrimSuffix(m.Path, ".jpg")
		wantFiles := []string{stem + "-320w.jpg", stem + "-640w.jpg", m.Path}
		if got := files(t, dir); strings.Join(got, " ") != strings.Join(wantFiles, " ") {
			t.Errorf("stored files %v, want %v", got, wantFiles)
		}
		if len(m.Variants) != 2 || m.Variants[0].Path != stem+"-320w.jpg" || m.Variants[1].Height != 366 {
			t.Errorf("variants %+v", m.Variants)
		}
		if info, _ := os.Stat(filepath.Join(dir, m.Path)); info == nil || info.Size() != m.Size {
			t.Errorf("stored size differs from %d", m.Size)
		}

		// The same name again takes another; the same bytes again are the same image.
		m2, err := n.UploadMedia(ctx, ana, "harbour at dawn.jpeg", bytes.NewReader(jpegOf(t, 100, 100, 30)))
		if err != nil {
			t.Fatal(err)
		}
		if m2.Path != stem+"-2.jpg" {
			t.Errorf("second path %q, want %s-2.jpg", m2.Path, stem)
		}
		again, err := n.UploadMedia(ctx, ana, "copy.jpg", bytes.NewReader(jpegOf(t, 700, 400, 90)))
		if err != nil || again.ID != m.ID {
			t.Errorf("duplicate upload = %d, %v; want the first image, %d", again.ID, err, m.ID)
		}

		_, total, err := n.MediaList(ctx, ana, press.MediaFilter{Query: "harbour"})
		if err != nil || total != 2 {
			t.Errorf("MediaList total %d, %v; want 2", total, err)
		}
		log, _ := db.AuditLog(ctx, store.AuditFilter{Action: "media.upload"})
		if len(log) != 2 || log[0].UserID != ana.ID {
			t.Errorf("audit %+v, want two uploads by Ana", log)
		}
	})
}

func TestUploadMediaRefuses(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		n, dir := newRoom(t, db, 10_000)
		ana := mustStaff(t, db, "Ana Ruiz", press.RoleContributor)
		tests := []struct {
			name, filename string
			body           io.Reader
			want           error
			message        string
		}{
			{"text renamed .jpg", "photo.jpg", strings.NewReader("not a photo at all\n"), press.ErrInvalid, "plain text"},
			{"SVG", "logo.svg", strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), press.ErrInvalid, "SVG"},
			{"HTML as PNG", "x.png", strings.NewReader("<!doctype html><script>alert(1)</script>"), press.ErrInvalid, "HTML"},
			{"oversized", "big.jpg", io.MultiReader(bytes.NewReader(jpegOf(t, 8, 8, 1)), bytes.NewReader(make([]byte, 20_000))), media.ErrTooLarge, "10000 bytes"},
		}
		for _, tt := range tests {
			_, err := n.UploadMedia(ctx, ana, tt.filename, tt.body)
			if !errors.Is(err, tt.want) {
				t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
				continue
			}
			var v *press.ValidationError
			if errors.As(err, &v) {
				if msg := v.Message("file"); !strings.Contains(msg, tt.message) {
					t.Errorf("%s: message %q does not name %s", tt.name, msg, tt.message)
				}
			}
		}
		if got := files(t, dir); len(got) != 0 {
			t.Errorf("refused uploads left files: %v", got)
		}
		if _, total, _ := db.MediaList(ctx, press.MediaFilter{}); total != 0 {
			t.Errorf("refused uploads left %d records", total)
		}

		// No user, a disabled one, and no storage.
		_, err := n.UploadMedia(ctx, nil, "a.jpg", bytes.NewReader(jpegOf(t, 8, 8, 1)))
		if !errors.Is(err, press.ErrForbidden) {
			t.Errorf("nil user: %v", err)
		}
		off := *ana
		off.Disabled = true
		if _, err := n.UploadMedia(ctx, &off, "a.jpg", bytes.NewReader(jpegOf(t, 8, 8, 1))); !errors.Is(err, press.ErrForbidden) {
			t.Errorf("disabled user: %v", err)
		}
		if _, err := newsroom.New(db, presstest.Logger()).UploadMedia(ctx, ana, "a.jpg", bytes.NewReader(jpegOf(t, 8, 8, 1))); err == nil {
			t.Error("upload without storage succeeded")
		}
	})
}

func TestMediaRights(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		n, dir := newRoom(t, db, 0)
		ana := mustStaff(t, db, "Ana Ruiz", press.RoleContributor)
		lee := mustStaff(t, db, "Lee Park", press.RoleAuthor)
		eve := mustStaff(t, db, "Eve Editor", press.RoleEditor)
		m, err := n.UploadMedia(ctx, ana, "a.jpg", bytes.NewReader(jpegOf(t, 400, 300, 50)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := n.UpdateMedia(ctx, lee, m.ID, press.MediaUpdate{Alt: "x"}); !errors.Is(err, press.ErrForbidden) {
			t.Errorf("author edits another's image: %v", err)
		}
		if err := n.DeleteMedia(ctx, lee, m.ID); !errors.Is(err, press.ErrForbidden) {
			t.Errorf("author deletes another's image: %v", err)
		}
		up, err := n.UpdateMedia(ctx, ana, m.ID, press.MediaUpdate{Alt: "Boats", Caption: "Dawn", Credit: "Ana"})
		if err != nil || up.Alt != "Boats" {
			t.Errorf("owner edits: %+v, %v", up, err)
		}

		// In use: refused, naming the article.
		a := press.Article{Slug: "boats", Title: "Boats", Status: press.StatusDraft,
			Body: press.Markdown{Source: "![Boats](" + m.URL() + ")"}}
		if err := db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		err = n.DeleteMedia(ctx, eve, m.ID)
		var used *newsroom.UsedError
		if !errors.As(err, &used) || !errors.Is(err, press.ErrConflict) || len(used.Articles) != 1 || used.Articles[0].Slug != "boats" {
			t.Errorf("delete of used image: %v", err)
		}
		if err := db.DeleteArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := n.DeleteMedia(ctx, eve, m.ID); err != nil {
			t.Fatalf("editor deletes: %v", err)
		}
		if got := files(t, dir); len(got) != 0 {
			t.Errorf("files left after delete: %v", got)
		}
		if _, err := n.Media(ctx, eve, m.ID); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("after delete: %v", err)
		}
	})
}
