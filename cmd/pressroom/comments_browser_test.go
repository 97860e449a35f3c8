package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestCommentsInBrowser: a reader comments on an article as a guest, the
// comment is held (a first comment), an editor approves it from the
// moderation queue, and it appears under the article.
func TestCommentsInBrowser(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	s := startServer(t, []string{"PRESSROOM_DATA=" + data}, "--demo")
	dir := screenshotDir(t)
	if out, errOut, code := commandIn(t, "an editor's password\n", "user", "add", "--email", "ed@example.org",
		"--name", "Ed Editor", "--role", "editor", "--password-stdin", "--data", data); code != 0 {
		t.Fatalf("user add: exit %d\n%s%s", code, out, errOut)
	}
	article := s.URL + "/articles/drought-insurance-that-pays-late"

	reader := presstest.MustBrowser(t)
	do(t, reader, "opening the article",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)), // a phone
		chromedp.Navigate(article),
		chromedp.WaitVisible(chromedp.ID(`comment-form`)),
		chromedp.SendKeys(chromedp.ID(`f-name`), "Wanjiru K."),
		chromedp.SendKeys(chromedp.ID(`f-email`), "wanjiru@example.org"),
		chromedp.SendKeys(chromedp.ID(`f-body`), "The payout trigger uses *satellite* pasture data, but the county office never saw it. Who checks the index?"))
	// People take a few seconds to write; a form sent faster is a bot's.
	time.Sleep(3500 * time.Millisecond)
	do(t, reader, "posting the comment",
		chromedp.Click(chromedp.CSS(`#comment-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID(`comment-notice`)))
	if got := text(t, reader, `#comment-notice`); !strings.Contains(strings.ToLower(got), "moderation") {
		t.Errorf("after posting the reader reads %q, want word that it awaits moderation", got)
	}
	if n := eval[int](t, reader, `document.querySelectorAll(".comment-thread .comment").length`); n != 0 {
		t.Fatalf("a held comment is on the page (%d comments shown)", n)
	}

	ed := presstest.MustBrowser(t)
	do(t, ed, "the editor opens the moderation queue",
		chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(s.URL+"/admin/login?next=/admin/comments"),
		chromedp.WaitVisible(chromedp.ID(`email`)),
		chromedp.SendKeys(chromedp.ID(`email`), "ed@example.org"),
		chromedp.SendKeys(chromedp.ID(`password`), "an editor's password"),
		chromedp.Click(chromedp.CSS(`button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`button[name="row"][value^="approve:"]`)))
	if got := text(t, ed, `main table`); !strings.Contains(got, "Wanjiru K.") || !strings.Contains(strings.ToLower(got), "first comment") {
		t.Errorf("the queue row does not show the writer and why it was held:\n%s", got)
	}
	shot(t, ed, dir, "admin-comments-queue.png")
	do(t, ed, "approving",
		chromedp.Click(chromedp.CSS(`button[name="row"][value^="approve:"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)))

	do(t, reader, "reading the article again",
		chromedp.Navigate(article+"#comments"),
		chromedp.WaitVisible(chromedp.CSS(`.comment-thread .comment`)))
	if got := text(t, reader, `.comment-thread .comment .comment-body`); !strings.Contains(got, "satellite pasture data") {
		t.Errorf("the approved comment reads %q", got)
	}
	if n := eval[int](t, reader, `document.querySelectorAll(".comment-thread .comment em").length`); n != 1 {
		t.Errorf("the comment's *emphasis* is rendered %d times, want 1", n)
	}
	overflow := eval[bool](t, reader, `document.documentElement.scrollWidth > window.innerWidth`)
	if overflow {
		t.Error("the article page with comments scrolls sideways on a phone")
	}
	do(t, reader, "scrolling to the comments", chromedp.ScrollIntoView(chromedp.ID(`comments`)))
	png, err := chromedp.Run(reader, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	writeShot(t, dir, "article-comments-phone.png", png)
}

func writeShot(t *testing.T, dir, name string, png []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
