package admin_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestDashboard: the home page puts first what each person has to do: the
// editor's review queue, the writer's own drafts; nobody sees another
// writer's drafts there.
func TestDashboard(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ctx := context.Background()
	cora := presstest.MustWriter(t, s.DB, "Cora Contributor", press.RoleContributor)
	dave := presstest.MustWriter(t, s.DB, "Dave Contributor", press.RoleContributor)
	ed := presstest.MustWriter(t, s.DB, "Eda Editor", press.RoleEditor)
	for _, a := range []press.Article{{Title: "Cora's submission", Status: press.StatusPending}, {Title: "Cora's unfinished draft"}} {
		if err := s.Newsroom.CreateArticle(ctx, &cora, &a); err != nil {
			t.Fatal(err)
		}
	}

	_, page := presstest.MustSignIn(t, s.URL, ed.Email).Get("/admin/")
	queue := between(t, page, `id="pending-title"`, `</section>`)
	if !strings.Contains(queue, "Cora&#39;s submission") {
		t.Errorf("the editor's review queue lacks the submission:\n%s", queue)
	}
	_, page = presstest.MustSignIn(t, s.URL, cora.Email).Get("/admin/")
	if strings.Contains(page, `id="pending-title"`) {
		t.Error("a contributor is shown a review queue")
	}
	if drafts := between(t, page, `id="drafts-title"`, `</section>`); !strings.Contains(drafts, "Cora&#39;s unfinished draft") {
		t.Errorf("the contributor's drafts lack hers:\n%s", drafts)
	}
	_, page = presstest.MustSignIn(t, s.URL, dave.Email).Get("/admin/")
	if strings.Contains(page, "Cora&#39;s") {
		t.Error("another contributor's dashboard shows Cora's articles")
	}
}

func between(t *testing.T, s, from, to string) string {
	t.Helper()
	i := strings.Index(s, from)
	if i < 0 {
		t.Fatalf("no %q in page", from)
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
