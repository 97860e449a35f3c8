package site_test

import (
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/site"
	"github.com/pressroomhq/pressroom/internal/theme"
)

// memStorage is a media.Storage in memory, standing for a shared store:
// the site must serve through the interface, not from a folder.
type memStorage map[string]string

var memTime = time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)

func (m memStorage) Put(_ context.Context, key string, r io.Reader) error {
	if _, ok := m[key]; ok {
		return fs.ErrExist
	}
	b, err := io.ReadAll(r)
	m[key] = string(b)
	return err
}

func (m memStorage) Open(_ context.Context, key string) (media.File, error) {
	s, ok := m[key]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return memFile{strings.NewReader(s)}, nil
}

func (m memStorage) Delete(_ context.Context, key string) error { delete(m, key); return nil }

type memFile struct{ *strings.Reader }

func (memFile) Close() error       { return nil }
func (memFile) ModTime() time.Time { return memTime }
func (f memFile) Size() int64      { return f.Reader.Size() }

func TestMediaThroughStorage(t *testing.T) {
	db := presstest.MustStore(t, "sqlite")
	th, err := theme.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := site.New(db, th, t.TempDir(), presstest.Logger())
	s.UseMedia(memStorage{
		"2026/11/harbour.jpg":      "\xff\xd8\xff\xe0 jpeg bytes",
		"2026/11/harbour-320w.png": "\x89PNG\r\n\x1a\n png bytes",
		"demo/logo.svg":            `<svg xmlns="http://www.w3.org/2000/svg"/>`,
	})
	mux := http.NewServeMux()
	s.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		path, wantType string
		wantStatus     int
	}{
		{"/media/2026/11/harbour.jpg", "image/jpeg", 200},
		{"/media/2026/11/harbour-320w.png", "image/png", 200},
		{"/media/demo/logo.svg", "image/svg+xml", 200},
		{"/media/2026/11/missing.jpg", "", 404},
		{"/media/2026/11", "", 404},
		{"/media/2026/11/..%2f..%2fetc", "", 404},
	}
	for _, tt := range tests {
		res, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tt.wantStatus {
			t.Errorf("GET %s: %d, want %d", tt.path, res.StatusCode, tt.wantStatus)
			continue
		}
		if tt.wantStatus != 200 {
			continue
		}
		if got := res.Header.Get("Content-Type"); got != tt.wantType {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.path, got, tt.wantType)
		}
		if res.Header.Get("Last-Modified") != memTime.Format(http.TimeFormat) || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: headers %v", tt.path, res.Header)
		}
	}
	// Conditional and range requests work as for files.
	req, _ := http.NewRequest("GET", srv.URL+"/media/2026/11/harbour.jpg", nil)
	req.Header.Set("If-Modified-Since", memTime.Format(http.TimeFormat))
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %v %v", res.StatusCode, err)
	}
	req.Header.Del("If-Modified-Since")
	req.Header.Set("Range", "bytes=0-2")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusPartialContent {
		t.Errorf("range GET: %v %v", res.StatusCode, err)
	}
}

func TestFeaturedImageSrcset(t *testing.T) {
	s := presstest.MustSite(t)
	m := press.Media{Path: "2026/11/harbour.jpg", Filename: "harbour.jpg", MimeType: "image/jpeg", Size: 10,
		Width: 1600, Height: 900, SHA256: "x", Alt: "Boats",
		Variants: []press.Variant{{Path: "2026/11/harbour-320w.jpg", Width: 320, Height: 180}}}
	if err := s.DB.CreateMedia(t.Context(), &m); err != nil {
		t.Fatal(err)
	}
	b := fixture()
	b.Articles[0].Image.Src = m.URL()
	if _, err := s.Newsroom.Import(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(s.URL + "/articles/water-war")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	want := `<img src="/media/2026/11/harbour.jpg" alt="A dry riverbed" srcset="/media/2026/11/harbour-320w.jpg 320w, /media/2026/11/harbour.jpg 1600w" sizes="(min-width: 56rem) 56rem, 100vw" width="1600" height="900">`
	if !strings.Contains(string(body), want) {
		t.Errorf("article page lacks\n%s", want)
	}
}
