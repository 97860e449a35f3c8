package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestPreviewLink: /preview/{token} shows an unpublished article as it
// will be published, never cached or indexed, while the link is valid;
// an unknown or expired token looks like any missing page.
func TestPreviewLink(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	ctx := context.Background()
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	a := press.Article{Title: "Embargoed <findings>", Body: press.Markdown{Source: "The *numbers* are in."}, Status: press.StatusDraft}
	if err := s.Newsroom.CreateArticle(ctx, &ed, &a); err != nil {
		t.Fatal(err)
	}
	token, err := s.Newsroom.CreatePreviewLink(ctx, &ed, a.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	doc := presstest.MustGet(t, s.URL+"/preview/"+token, http.StatusOK)
	if !strings.Contains(doc.Body, "Embargoed &lt;findings&gt;") || len(doc.All("article.article")) != 1 {
		t.Error("the preview does not show the article, escaped")
	}
	if !strings.Contains(doc.Body, "<em>numbers</em>") {
		t.Error("the preview does not render the body")
	}
	if !strings.Contains(doc.Body, `<meta name="robots" content="noindex">`) {
		t.Error("the preview page may be indexed")
	}
	for h, want := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow"} {
		if got := doc.Resp.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	// The draft itself stays invisible at its address.
	presstest.MustGet(t, s.URL+"/articles/"+a.Slug, http.StatusNotFound)
	presstest.MustGet(t, s.URL+"/preview/not-a-token", http.StatusNotFound)

	short, err := s.Newsroom.CreatePreviewLink(ctx, &ed, a.ID, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	presstest.MustGet(t, s.URL+"/preview/"+short, http.StatusNotFound)
}

// TestRenderArticleIsThePublicPage: the one rendering serves the public
// page; with preview set only the robots line differs.
func TestRenderArticleIsThePublicPage(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	list, err := s.DB.Articles(context.Background(), press.ArticleFilter{Status: press.StatusPublished, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	a := list.Articles[0]
	ed := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	token, err := s.Newsroom.CreatePreviewLink(context.Background(), &ed, a.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	public := presstest.MustGet(t, s.URL+"/articles/"+a.Slug, http.StatusOK)
	preview := presstest.MustGet(t, s.URL+"/preview/"+token, http.StatusOK)
	got := strings.Replace(preview.Body, "\n"+`<meta name="robots" content="noindex">`, "", 1)
	// Readers' comments (and the comment call shown with them) are the
	// public page's alone: a preview has no thread and takes no comments.
	if got, want := withoutComments(t, got), withoutComments(t, public.Body); got != want {
		t.Error("a preview link's page differs from the public page by more than the robots line")
	}
	if strings.Contains(public.Body, `content="noindex"`) {
		t.Error("the public page asks not to be indexed")
	}
}

// withoutComments cuts an article page's comment section, or the comment
// call standing in its place.
func withoutComments(t *testing.T, page string) string {
	// The layout's white space around the cut differs; what it says does not.
	return strings.Join(strings.Fields(presstest.Without(t, page, commentSections)), " ")
}

const commentSections = "section.comments, section.standing-comments"
