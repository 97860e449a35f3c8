package adminapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

func TestMain(m *testing.M) { presstest.Main(m) }

// client calls the Admin API of a site with one token.
type client struct {
	t     testing.TB
	base  string
	token string
}

// mustToken creates a user with role, writing under their own byline, and
// a token for them.
func mustToken(t testing.TB, s *presstest.Site, name string, role press.Role) (*client, press.User) {
	t.Helper()
	u := presstest.MustWriter(t, s.DB, name, role)
	secret := auth.NewAPIToken()
	if _, err := s.DB.CreateToken(t.Context(), u.ID, "test", auth.HashSecret(secret), secret[:8]); err != nil {
		t.Fatal(err)
	}
	return &client{t: t, base: s.URL, token: secret}, u
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("reply %d is not JSON: %s", r.status, r.body)
	}
	return m
}

// errorField returns the error's code and field.
func (r reply) errorOf(t testing.TB) (code, field string) {
	e, _ := r.json(t)["error"].(map[string]any)
	if e == nil {
		t.Fatalf("no error object in %s", r.body)
	}
	return fmt.Sprint(e["code"]), fmt.Sprint(e["field"])
}

func (c *client) do(method, path, contentType string, body io.Reader) reply {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return reply{status: res.StatusCode, header: res.Header, body: b}
}

func (c *client) call(method, path string, v any) reply {
	c.t.Helper()
	if v == nil {
		return c.do(method, path, "", nil)
	}
	b, _ := json.Marshal(v)
	return c.do(method, path, "application/json", bytes.NewReader(b))
}

// must calls and checks the status.
func (c *client) must(method, path string, v any, want int) map[string]any {
	c.t.Helper()
	r := c.call(method, path, v)
	if r.status != want {
		c.t.Fatalf("%s %s: %d, want %d: %s", method, path, r.status, want, r.body)
	}
	if len(r.body) == 0 {
		return nil
	}
	return r.json(c.t)
}

func idOf(m map[string]any) string { return fmt.Sprint(int64(m["id"].(float64))) }

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	c, _ := mustToken(t, s, "Ed Itor", press.RoleEditor)
	c.must("GET", "/api/admin/v1/me", nil, http.StatusOK)

	for name, token := range map[string]string{"missing": "", "wrong": "pr_nope", "not bearer": "x"} {
		anon := &client{t: t, base: s.URL, token: token}
		if name == "not bearer" {
			anon.token = ""
		}
		r := anon.call("GET", "/api/admin/v1/articles", nil)
		if r.status != http.StatusUnauthorized || !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s token: %d, WWW-Authenticate %q", name, r.status, r.header.Get("WWW-Authenticate"))
		}
		if code, _ := r.errorOf(t); code != "unauthorized" {
			t.Errorf("%s token: code %q", name, code)
		}
	}

	toks, _ := s.DB.Tokens(t.Context(), 0)
	if err := s.DB.RevokeToken(t.Context(), toks[0].ID); err != nil {
		t.Fatal(err)
	}
	if r := c.call("GET", "/api/admin/v1/me", nil); r.status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", r.status)
	}
	// An unknown path is a JSON 404, even without a token.
	anon := &client{t: t, base: s.URL}
	if r := anon.call("GET", "/api/admin/v1/nothing", nil); r.status != http.StatusNotFound || r.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("unknown path: %d %s", r.status, r.header.Get("Content-Type"))
	}
}

// TestPermissions: the API enforces the same rights as the web admin.
func TestPermissions(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	cora, _ := mustToken(t, s, "Cora Contrib", press.RoleContributor)
	aldo, _ := mustToken(t, s, "Aldo Author", press.RoleAuthor)
	edna, _ := mustToken(t, s, "Edna Editor", press.RoleEditor)

	// A contributor writes a draft but cannot publish it.
	d := cora.must("POST", "/api/admin/v1/articles", map[string]any{"title": "Cora's draft", "body": "Words."}, http.StatusCreated)
	if d["status"] != "draft" || d["version"].(float64) != 1 {
		t.Errorf("created %v", d)
	}
	coraID := idOf(d)
	if r := cora.call("PATCH", "/api/admin/v1/articles/"+coraID, map[string]any{"version": 1, "status": "published"}); r.status != http.StatusForbidden {
		t.Errorf("contributor publishing: %d %s", r.status, r.body)
	}
	if r := cora.call("POST", "/api/admin/v1/articles", map[string]any{"title": "Straight out", "status": "published"}); r.status != http.StatusForbidden {
		t.Errorf("contributor creating published: %d", r.status)
	}
	cora.must("PATCH", "/api/admin/v1/articles/"+coraID, map[string]any{"version": 1, "status": "pending"}, http.StatusOK)

	// An author publishes their own, not someone else's.
	a := aldo.must("POST", "/api/admin/v1/articles", map[string]any{"title": "Aldo's piece", "body": "Text."}, http.StatusCreated)
	aldoID := idOf(a)
	p := aldo.must("PATCH", "/api/admin/v1/articles/"+aldoID, map[string]any{"version": 1, "status": "published"}, http.StatusOK)
	if p["status"] != "published" || p["published_at"] == nil {
		t.Errorf("published: %v", p)
	}
	for who, id := range map[*client]string{aldo: coraID, cora: aldoID} {
		r := who.call("PATCH", "/api/admin/v1/articles/"+id, map[string]any{"version": 2, "title": "Mine now"})
		if r.status != http.StatusNotFound && r.status != http.StatusForbidden {
			t.Errorf("editing another's article: %d", r.status)
		}
	}
	if r := cora.call("GET", "/api/admin/v1/articles/"+aldoID, nil); r.status != http.StatusNotFound {
		t.Errorf("contributor reading another's article: %d", r.status)
	}
	list := cora.must("GET", "/api/admin/v1/articles", nil, http.StatusOK)
	if list["total"].(float64) != 1 {
		t.Errorf("contributor's list: %v", list)
	}

	// An editor publishes anyone's, then trashes it.
	e := edna.must("PATCH", "/api/admin/v1/articles/"+coraID, map[string]any{"version": 2, "status": "published"}, http.StatusOK)
	if e["status"] != "published" {
		t.Errorf("editor publishing: %v", e)
	}
	if r := cora.call("DELETE", "/api/admin/v1/articles/"+coraID, nil); r.status != http.StatusForbidden {
		t.Errorf("contributor trashing a published article: %d", r.status)
	}
	edna.must("DELETE", "/api/admin/v1/articles/"+coraID, nil, http.StatusNoContent)
	if got := edna.must("GET", "/api/admin/v1/articles/"+coraID, nil, http.StatusOK); got["status"] != "trash" {
		t.Errorf("after delete: %v", got["status"])
	}

	// Only editors manage authors and terms.
	if r := cora.call("POST", "/api/admin/v1/authors", map[string]any{"name": "New Person"}); r.status != http.StatusForbidden {
		t.Errorf("contributor creating an author: %d", r.status)
	}
	edna.must("POST", "/api/admin/v1/authors", map[string]any{"name": "New Person"}, http.StatusCreated)
	if r := aldo.call("POST", "/api/admin/v1/taxonomies/regions/terms", map[string]any{"name": "Iraq"}); r.status != http.StatusForbidden {
		t.Errorf("author creating a term: %d", r.status)
	}
	edna.must("POST", "/api/admin/v1/taxonomies/regions/terms", map[string]any{"name": "Iraq"}, http.StatusCreated)
}

// TestArticleFields: the JSON round-trips every front-matter field, and
// scheduling needs a future date.
func TestArticleFields(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ed, _ := mustToken(t, s, "Edna Editor", press.RoleEditor)
	ed.must("POST", "/api/admin/v1/authors", map[string]any{"name": "Ana Ruiz"}, http.StatusCreated)
	ed.must("POST", "/api/admin/v1/taxonomies/regions/terms", map[string]any{"name": "Iraq"}, http.StatusCreated)
	in := map[string]any{
		"title": "Water war", "dek": "A river runs dry", "slug": "water-war", "body": "# Heading\n\nText.",
		"authors": []string{"Ana Ruiz"}, "terms": map[string][]string{"regions": {"Iraq"}},
		"source":    map[string]any{"name": "Partner", "url": "https://partner.example.org/a"},
		"copyright": map[string]any{"holder": "Partner", "year": 2025},
		"image":     map[string]any{"src": "/media/x.jpg", "alt": "A river", "credit": "Photo: Ana"},
	}
	r := ed.call("POST", "/api/admin/v1/articles", in)
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	out := r.json(t)
	if loc := r.header.Get("Location"); loc != "/api/admin/v1/articles/"+idOf(out) {
		t.Errorf("Location %q", loc)
	}
	for k, want := range map[string]string{
		"authors": `["ana-ruiz"]`, "terms": `{"regions":["iraq"]}`, "source": `{"name":"Partner","url":"https://partner.example.org/a"}`,
		"copyright": `{"holder":"Partner","year":2025}`, "image": `{"alt":"A river","credit":"Photo: Ana","src":"/media/x.jpg"}`,
		"body": `"# Heading\n\nText."`, "slug": `"water-war"`, "dek": `"A river runs dry"`, "published_at": "null",
	} {
		if got, _ := json.Marshal(out[k]); string(got) != want {
			t.Errorf("%s = %s, want %s", k, got, want)
		}
	}
	id := idOf(out)
	if r := ed.call("PATCH", "/api/admin/v1/articles/"+id, map[string]any{"version": 1, "status": "scheduled", "published_at": "2001-01-01T00:00:00Z"}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("scheduling in the past: %d %s", r.status, r.body)
	}
	p := ed.must("PATCH", "/api/admin/v1/articles/"+id, map[string]any{"version": 1, "status": "scheduled", "published_at": "2099-01-01T09:00:00Z"}, http.StatusOK)
	if p["status"] != "scheduled" || p["published_at"] != "2099-01-01T09:00:00Z" || p["title"] != "Water war" {
		t.Errorf("scheduled: %v", p)
	}
	p = ed.must("PATCH", "/api/admin/v1/articles/"+id, map[string]any{"version": 2, "status": "draft", "source": nil}, http.StatusOK)
	if p["status"] != "draft" || p["source"] != nil || p["image"] == nil {
		t.Errorf("back to draft: %v", p)
	}
	list := ed.must("GET", "/api/admin/v1/articles?status=draft&q=water&term=regions:iraq&author=ana-ruiz&limit=5", nil, http.StatusOK)
	if list["total"].(float64) != 1 {
		t.Errorf("filtered list: %v", list)
	}
}

// TestConflict: a save from a stale version is 409 with the current
// version, and changes nothing.
func TestConflict(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ed, _ := mustToken(t, s, "Edna Editor", press.RoleEditor)
	id := idOf(ed.must("POST", "/api/admin/v1/articles", map[string]any{"title": "First"}, http.StatusCreated))
	ed.must("PATCH", "/api/admin/v1/articles/"+id, map[string]any{"version": 1, "title": "Second"}, http.StatusOK)
	r := ed.call("PATCH", "/api/admin/v1/articles/"+id, map[string]any{"version": 1, "title": "Lost update"})
	if r.status != http.StatusConflict {
		t.Fatalf("stale save: %d %s", r.status, r.body)
	}
	e := r.json(t)["error"].(map[string]any)
	if e["code"] != "conflict" || e["current_version"].(float64) != 2 || !strings.Contains(e["message"].(string), "Edna Editor") {
		t.Errorf("conflict error: %v", e)
	}
	if got := ed.must("GET", "/api/admin/v1/articles/"+id, nil, http.StatusOK); got["title"] != "Second" || got["version"].(float64) != 2 {
		t.Errorf("after the conflict: %v", got)
	}
}

// TestBadRequests: malformed bodies are 400 naming the field, invalid
// values 422 naming it, and oversized bodies 413.
func TestBadRequests(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ed, _ := mustToken(t, s, "Edna Editor", press.RoleEditor)
	id := idOf(ed.must("POST", "/api/admin/v1/articles", map[string]any{"title": "First"}, http.StatusCreated))
	for _, tc := range []struct {
		method, path string
		body         any
		status       int
		field        string
	}{
		{"POST", "/api/admin/v1/articles", map[string]any{"title": "x", "colour": "red"}, 400, "colour"},
		{"POST", "/api/admin/v1/articles", map[string]any{"title": 7}, 400, "title"},
		{"POST", "/api/admin/v1/articles", map[string]any{"title": "x", "source": map[string]any{"nom": "y"}}, 400, "source.nom"},
		{"POST", "/api/admin/v1/articles", map[string]any{"title": ""}, 422, "title"},
		{"POST", "/api/admin/v1/articles", map[string]any{"title": "x", "slug": "Not A Slug"}, 422, "slug"},
		{"POST", "/api/admin/v1/articles", map[string]any{"title": "x", "authors": []string{"nobody"}}, 422, "authors"},
		{"POST", "/api/admin/v1/articles", map[string]any{"title": "x", "terms": map[string]any{"regions": []string{"Atlantis"}}}, 422, "terms.regions"},
		{"POST", "/api/admin/v1/articles", map[string]any{"title": "x", "published_at": "yesterday"}, 400, "published_at"},
		{"PATCH", "/api/admin/v1/articles/" + id, map[string]any{"title": "no version"}, 400, "version"},
		{"GET", "/api/admin/v1/articles?colour=red", nil, 400, "colour"},
		{"GET", "/api/admin/v1/articles?limit=1000", nil, 400, "limit"},
	} {
		r := ed.call(tc.method, tc.path, tc.body)
		if r.status != tc.status {
			t.Errorf("%s %s %v: %d, want %d: %s", tc.method, tc.path, tc.body, r.status, tc.status, r.body)
			continue
		}
		if _, field := r.errorOf(t); field != tc.field {
			t.Errorf("%s %s %v: field %q, want %q", tc.method, tc.path, tc.body, field, tc.field)
		}
	}
	big := `{"title": "big", "body": "` + strings.Repeat("a", 1<<20) + `"}`
	if r := ed.do("POST", "/api/admin/v1/articles", "application/json", strings.NewReader(big)); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB body: %d", r.status)
	}
	if list := ed.must("GET", "/api/admin/v1/articles", nil, http.StatusOK); list["total"].(float64) != 1 {
		t.Errorf("refused requests stored articles: %v", list["total"])
	}
}

func jpegBytes(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 3), uint8(x ^ y), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func multipartBody(t testing.TB, field, name string, data []byte) (string, *bytes.Buffer) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType(), &b
}

func TestMediaUpload(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	s.Newsroom.UseMedia(media.NewDisk(s.MediaDir), 200<<10)
	ed, _ := mustToken(t, s, "Edna Editor", press.RoleEditor)

	ct, body := multipartBody(t, "file", "harbour.jpg", jpegBytes(t, 64, 48))
	r := ed.do("POST", "/api/admin/v1/media", ct, body)
	if r.status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	m := r.json(t)
	if m["mime_type"] != "image/jpeg" || m["width"].(float64) != 64 || !strings.HasPrefix(m["url"].(string), "/media/") {
		t.Errorf("media: %v", m)
	}
	before := countFiles(t, s.MediaDir)

	ct, body = multipartBody(t, "file", "huge.jpg", bytes.Repeat([]byte{0xff}, 300<<10))
	if r := ed.do("POST", "/api/admin/v1/media", ct, body); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized upload: %d %s", r.status, r.body)
	}
	ct, body = multipartBody(t, "file", "notes.jpg", []byte("just text, not an image"))
	if r := ed.do("POST", "/api/admin/v1/media", ct, body); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a lying upload: %d %s", r.status, r.body)
	} else if _, field := r.errorOf(t); field != "file" {
		t.Errorf("a lying upload names %q", field)
	}
	ct, body = multipartBody(t, "image", "harbour.jpg", jpegBytes(t, 8, 8))
	if r := ed.do("POST", "/api/admin/v1/media", ct, body); r.status != http.StatusBadRequest {
		t.Errorf("wrong field: %d", r.status)
	}
	if after := countFiles(t, s.MediaDir); after != before {
		t.Errorf("refused uploads left files: %d → %d", before, after)
	}
	list, _, err := s.DB.MediaList(t.Context(), press.MediaFilter{})
	if err != nil || len(list) != 1 {
		t.Errorf("media rows after refused uploads: %d, %v", len(list), err)
	}
}

func countFiles(t testing.TB, dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// TestPublishQueuesOneDelivery: publishing through the API queues exactly
// one article.published delivery per subscribed webhook; a later edit an
// article.updated.
func TestPublishQueuesOneDelivery(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	h := press.Webhook{URL: "https://hooks.example.org/in", Secret: "s", Events: press.WebhookEvents, Active: true}
	if err := s.DB.CreateWebhook(t.Context(), &h); err != nil {
		t.Fatal(err)
	}
	ed, _ := mustToken(t, s, "Edna Editor", press.RoleEditor)
	id := idOf(ed.must("POST", "/api/admin/v1/articles", map[string]any{"title": "News", "body": "Text."}, http.StatusCreated))
	ed.must("PATCH", "/api/admin/v1/articles/"+id, map[string]any{"version": 1, "status": "published"}, http.StatusOK)
	ed.must("PATCH", "/api/admin/v1/articles/"+id, map[string]any{"version": 1, "title": "Stale"}, http.StatusConflict)
	ed.must("PATCH", "/api/admin/v1/articles/"+id, map[string]any{"version": 2, "title": "News, updated"}, http.StatusOK)
	list, err := s.DB.Deliveries(t.Context(), h.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, d := range list {
		events = append(events, d.Event)
	}
	if strings.Join(events, " ") != "article.updated article.published" {
		t.Errorf("queued %v, want one article.published then one article.updated", events)
	}
}
