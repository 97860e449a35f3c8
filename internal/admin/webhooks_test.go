package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

func TestWebhooksAdmin(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	admin := presstest.MustUser(t, s.DB, "Ada Admin", press.RoleAdmin, "")
	editor := presstest.MustUser(t, s.DB, "Ed Editor", press.RoleEditor, "")
	a := presstest.MustSignIn(t, s.URL, admin.Email)

	res, body := a.Post("/admin/webhooks", url.Values{"url": {"not a url"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="url-error"`) || !strings.Contains(body, `id="events-error"`) {
		t.Fatalf("bad webhook: %d\n%s", res.StatusCode, body)
	}
	if list, _ := s.DB.Webhooks(t.Context()); len(list) != 0 {
		t.Fatalf("a refused form stored %d webhooks", len(list))
	}
	res, _ = a.Post("/admin/webhooks", url.Values{"url": {"https://hooks.example.org/in"}, "events": {press.EventArticlePublished, press.EventArticleDeleted}, "active": {"on"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	list, _ := s.DB.Webhooks(t.Context())
	if len(list) != 1 || !list[0].Active || len(list[0].Events) != 2 || len(list[0].Secret) < 32 {
		t.Fatalf("stored %+v", list)
	}
	h := list[0]
	edit := "/admin/webhooks/" + strconv.FormatInt(h.ID, 10)
	if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, edit) {
		t.Errorf("create went to %q", loc)
	}
	res, body = a.Get(edit)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, h.Secret) || !strings.Contains(body, "No deliveries yet") {
		t.Errorf("edit page: %d", res.StatusCode)
	}

	// A test event shows in the deliveries.
	if res, _ := a.Post(edit+"/test", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("test event: %d", res.StatusCode)
	}
	if _, body = a.Get(edit); !strings.Contains(body, "ping") || !strings.Contains(body, "queued") {
		t.Errorf("the test delivery is not listed")
	}
	if _, body = a.Get("/admin/webhooks"); !strings.Contains(body, "https://hooks.example.org/in") || !strings.Contains(body, "article.published, article.deleted") {
		t.Errorf("list lacks the webhook")
	}

	// Pause it; a new secret replaces the old.
	a.Post(edit, url.Values{"url": {"https://hooks.example.org/in"}, "events": {press.EventArticleUpdated}})
	a.Post(edit+"/secret", url.Values{})
	got, _ := s.DB.Webhook(t.Context(), h.ID)
	if got.Active || len(got.Events) != 1 || got.Secret == h.Secret {
		t.Errorf("after edit: %+v", got)
	}
	res, body = a.Post(edit, url.Values{"url": {"ftp://x"}, "events": {press.EventArticleUpdated}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "url-error") {
		t.Errorf("bad edit: %d", res.StatusCode)
	}

	// Editors may not manage webhooks.
	e := presstest.MustSignIn(t, s.URL, editor.Email)
	if res, _ := e.Get("/admin/webhooks"); res.StatusCode != http.StatusForbidden {
		t.Errorf("editor listing webhooks: %d", res.StatusCode)
	}
	if res, _ := e.Post(edit+"/delete", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("editor deleting a webhook: %d", res.StatusCode)
	}

	if res, _ := a.Post(edit+"/delete", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("delete: %d", res.StatusCode)
	}
	if res, _ := a.Get(edit); res.StatusCode != http.StatusNotFound {
		t.Errorf("deleted webhook's page: %d", res.StatusCode)
	}
}
