package admin_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/jpeg"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/admin"
	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

func testJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts a multipart form with the file (and csrf, unless empty)
// to /admin/media, asking for JSON when asJSON.
func upload(t *testing.T, c *presstest.Staff, csrf, filename string, data []byte, asJSON bool) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if csrf != "" {
		mw.WriteField("csrf", csrf)
	}
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.Base+"/admin/media", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.Base)
	if asJSON {
		req.Header.Set("Accept", "application/json")
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func countFiles(t *testing.T, dir string) int {
	n := 0
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

func TestMediaUpload(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	s.Newsroom.UseMedia(media.NewDisk(s.MediaDir), 200_000)
	presstest.MustUser(t, s.DB, "Cam Contributor", press.RoleContributor, "")
	c := presstest.MustSignIn(t, s.URL, "cam-contributor@example.org")

	// The editor's drag and drop: JSON in, JSON out.
	res, body := upload(t, c, c.CSRF, "Harbour at Dawn.jpg", testJPEG(t, 800, 450), true)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("JSON upload: %d %s", res.StatusCode, body)
	}
	var got admin.MediaJSON
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID == 0 || !strings.HasSuffix(got.Path, "/harbour-at-dawn.jpg") || got.URL != "/media/"+got.Path ||
		got.Width != 800 || got.Height != 450 || !strings.Contains(got.Srcset, "-640w.jpg 640w") || got.Alt != "" {
		t.Errorf("JSON answer %+v", got)
	}
	for _, key := range []string{"id", "path", "url", "width", "height", "srcset", "alt"} {
		if !strings.Contains(body, `"`+key+`":`) {
			t.Errorf("JSON answer lacks %q: %s", key, body)
		}
	}
	// The public site serves it.
	pub, err := http.Get(s.URL + got.URL)
	if err != nil {
		t.Fatal(err)
	}
	pub.Body.Close()
	if pub.StatusCode != 200 || pub.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("GET %s: %d %s", got.URL, pub.StatusCode, pub.Header.Get("Content-Type"))
	}
	stored := countFiles(t, s.MediaDir)

	// Refusals store nothing.
	res, body = upload(t, c, "", "x.jpg", testJPEG(t, 10, 10), true)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("upload without CSRF token: %d, want 403", res.StatusCode)
	}
	res, body = upload(t, c, "wrong-token", "x.jpg", testJPEG(t, 10, 10), true)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("upload with a wrong CSRF token: %d, want 403", res.StatusCode)
	}
	res, body = upload(t, c, c.CSRF, "notes.jpg", []byte("Just some notes, not a photo.\n"), true)
	if res.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(body, "plain text") || !strings.Contains(body, "notes.jpg") {
		t.Errorf("text named .jpg: %d %s, want 415 naming plain text", res.StatusCode, body)
	}
	res, body = upload(t, c, c.CSRF, "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), false)
	if res.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(body, "SVG") {
		t.Errorf("SVG: %d, want 415 naming SVG:\n%s", res.StatusCode, body)
	}
	big := append(testJPEG(t, 10, 10), make([]byte, 300_000)...)
	res, body = upload(t, c, c.CSRF, "big.jpg", big, true)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "195 KB") {
		t.Errorf("oversized: %d %s, want 413 naming the limit", res.StatusCode, body)
	}
	if n := countFiles(t, s.MediaDir); n != stored {
		t.Errorf("refused uploads changed the stored files: %d, want %d", n, stored)
	}
	if _, total, _ := s.DB.MediaList(t.Context(), press.MediaFilter{}); total != 1 {
		t.Errorf("%d images stored, want 1", total)
	}
}

func TestMediaPages(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	s.Newsroom.UseMedia(media.NewDisk(s.MediaDir), 0)
	presstest.MustUser(t, s.DB, "Ed Editor", press.RoleEditor, "")
	c := presstest.MustSignIn(t, s.URL, "ed-editor@example.org")

	// A plain form upload goes to the image's page.
	res, _ := upload(t, c, c.CSRF, "river.jpg", testJPEG(t, 400, 300), false)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/media/") {
		t.Fatalf("form upload: %d %q", res.StatusCode, loc)
	}
	res, body := c.Get(loc)
	if res.StatusCode != 200 || !strings.Contains(body, "river.jpg") || !strings.Contains(body, "400 × 300") ||
		!strings.Contains(body, "No article uses this image") {
		t.Fatalf("image page: %d\n%s", res.StatusCode, body)
	}
	id := strings.TrimPrefix(loc, "/admin/media/")

	res, _ = c.Post(loc, url.Values{"alt": {"A dry riverbed"}, "caption": {"The Orontes in August"}, "credit": {"Ed"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", res.StatusCode)
	}
	res, body = c.Post(loc, url.Values{"alt": {strings.Repeat("x", 1001)}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "alt-error") {
		t.Errorf("too long alt: %d", res.StatusCode)
	}

	// The library finds it by caption and shows its use.
	m, err := s.DB.MediaByPath(t.Context(), "/media/"+mustPath(t, s, id))
	if err != nil || m.Alt != "A dry riverbed" {
		t.Fatalf("stored %+v, %v", m, err)
	}
	a := press.Article{Slug: "orontes", Title: "The Orontes", Status: press.StatusDraft,
		Image: press.Image{Src: m.URL(), Alt: m.Alt}}
	if err := s.DB.CreateArticle(t.Context(), &a); err != nil {
		t.Fatal(err)
	}
	res, body = c.Get("/admin/media?q=orontes")
	if res.StatusCode != 200 || !strings.Contains(body, `href="/admin/media/`+id+`"`) || !strings.Contains(body, "used in 1 article") {
		t.Errorf("library search: %d\n%s", res.StatusCode, body)
	}
	_, body = c.Get("/admin/media?q=nothing-like-it")
	if strings.Contains(body, `href="/admin/media/`+id+`"`) {
		t.Error("search for something else lists the image")
	}
	_, body = c.Get(loc)
	if !strings.Contains(body, `href="/admin/articles/`+strconv.FormatInt(a.ID, 10)+`"`) {
		t.Errorf("image page does not link the article using it:\n%s", body)
	}

	// In use: not deleted.
	res, _ = c.Post(loc+"/delete", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != loc {
		t.Errorf("delete of a used image: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := s.DB.Media(t.Context(), m.ID); err != nil {
		t.Fatalf("used image deleted: %v", err)
	}
	if err := s.DB.DeleteArticle(t.Context(), a.ID); err != nil {
		t.Fatal(err)
	}
	res, _ = c.Post(loc+"/delete", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/media" {
		t.Errorf("delete: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if n := countFiles(t, s.MediaDir); n != 0 {
		t.Errorf("%d files left after delete", n)
	}
	if res, _ := c.Get(loc); res.StatusCode != http.StatusNotFound {
		t.Errorf("deleted image page: %d", res.StatusCode)
	}
}

func mustPath(t *testing.T, s *presstest.Site, id string) string {
	t.Helper()
	list, _, err := s.DB.MediaList(t.Context(), press.MediaFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if strconv.FormatInt(m.ID, 10) == id {
			return m.Path
		}
	}
	t.Fatalf("no image %s", id)
	return ""
}
