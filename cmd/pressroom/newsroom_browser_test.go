package main

import (
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestNewsroomInBrowser runs the newsroom the way an outlet's staff would,
// against the real binary (its scheduler included) in Chromium: the first
// admin sets the site up, writes an article with an uploaded picture,
// previews it, schedules it a few seconds ahead and sees it go live on the
// public site, edits it and restores the earlier revision; a contributor
// added on the command line submits a draft, which the editor publishes.
func TestNewsroomInBrowser(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	s := startServer(t, []string{"PRESSROOM_DATA=" + data}, "--demo")
	dir := screenshotDir(t)
	ed := presstest.MustBrowser(t)
	const password = "a long admin password"

	// First run: the admin is sent to set-up and creates their account.
	do(t, ed, "first-run set-up",
		chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(s.URL+"/admin/"),
		chromedp.WaitVisible(chromedp.ID(`password2`)),
		chromedp.SendKeys(chromedp.ID(`name`), "Ada Admin"),
		chromedp.SendKeys(chromedp.ID(`email`), "ada@example.org"),
		chromedp.SendKeys(chromedp.ID(`password`), password),
		chromedp.SendKeys(chromedp.ID(`password2`), password),
		chromedp.Click(chromedp.CSS(`button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/admin/articles"]`)))
	if got := text(t, ed, `.flash`); !strings.Contains(got, "first admin") {
		t.Errorf("after set-up the flash says %q", got)
	}

	// A new article with a picture uploaded from the editor.
	photo := filepath.Join(t.TempDir(), "harbour-cranes.jpg")
	writeJPEG(t, photo, 1600, 900)
	do(t, ed, "writing an article",
		chromedp.Navigate(s.URL+"/admin/articles/new"),
		chromedp.WaitVisible(chromedp.ID(`f-title`)),
		chromedp.SendKeys(chromedp.ID(`f-title`), "Harbour Cranes Fall Silent"),
		chromedp.SendKeys(chromedp.ID(`f-dek`), "Dockworkers count the cost of a month-long stoppage"),
		chromedp.SendKeys(chromedp.ID(`f-body`), "The cranes at the eastern quay have not moved since the first of the month.\n\n"),
		// The toolbar wraps the selection; with none it inserts a sample.
		chromedp.Click(chromedp.CSS(`[data-md="quote"]`)),
		chromedp.SendKeys(chromedp.ID(`f-body`), "\n\nUnion figures put the lost wages at 40 million."),
		// The admin writes up a colleague's reporting: the byline is hers.
		chromedp.SetValue(chromedp.ID(`f-author-add`), "amira-haddad"),
		chromedp.Click(chromedp.CSS(`.authors-widget .add button`)),
		chromedp.SetUploadFiles(chromedp.CSS(`[data-image-file]`), []string{photo}))
	// Resizing into the srcset variants takes a moment.
	do(t, ed, "uploading the featured image",
		chromedp.WaitVisible(chromedp.CSS(`[data-image-thumb]`)),
		chromedp.SendKeys(chromedp.ID(`f-image-alt`), "Idle cranes over an empty quay"),
		chromedp.Click(chromedp.CSS(`button[name="action"][value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	src := value(t, ed, `#f-image-src`)
	if !strings.HasPrefix(src, "/media/") || !strings.HasSuffix(src, ".jpg") {
		t.Fatalf("featured image after upload = %q, want an uploaded /media/… JPEG", src)
	}
	if got := value(t, ed, `#f-body`); !strings.Contains(got, "> ") {
		t.Errorf("the quote button left no quote in the body:\n%s", got)
	}
	editURL := location(t, ed)
	shot(t, ed, dir, "admin-editor.png")

	// The preview is the public page, drafts and all.
	js(t, ed, `document.getElementById("article-preview").src = "about:blank"`)
	do(t, ed, "previewing", chromedp.Click(chromedp.CSS(`[data-preview-button]`)))
	if _, err := chromedp.Run(ed, chromedp.Poll[bool](`(() => { const d = document.getElementById("article-preview").contentDocument; return !!(d && d.querySelector("h1.headline") && d.readyState == "complete"); })()`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the preview did not show the article: %v", err)
	}
	headline := eval[string](t, ed, `document.getElementById("article-preview").contentDocument.querySelector("h1.headline").textContent.trim()`)
	if headline != "Harbour Cranes Fall Silent" {
		t.Errorf("preview headline = %q", headline)
	}
	if n := eval[int](t, ed, `document.getElementById("article-preview").contentDocument.querySelectorAll("img[srcset]").length`); n == 0 {
		t.Error("the preview's featured image has no srcset")
	}

	// Scheduled eight seconds ahead: not public yet, then public on time.
	public := s.URL + "/articles/harbour-cranes-fall-silent"
	js(t, ed, `(() => { const el = document.querySelector("[data-schedule]"); const d = new Date(Date.now() + 8000);
			const p = n => String(n).padStart(2, "0"); el.step = 1;
			el.value = d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + "T" + p(d.getHours()) + ":" + p(d.getMinutes()) + ":" + p(d.getSeconds());
			el.dispatchEvent(new Event("change")); })()`)
	do(t, ed, "scheduling",
		chromedp.Click(chromedp.CSS(`button[name="action"][value="schedule"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if got := text(t, ed, `.status`); !strings.Contains(strings.ToLower(got), "scheduled") {
		t.Errorf("status after scheduling = %q", got)
	}
	if code, _ := get(t, public); code != 404 {
		t.Fatalf("the scheduled article is public before its time: %d", code)
	}
	deadline := time.Now().Add(25 * time.Second)
	for {
		code, body := get(t, public)
		if code == 200 && strings.Contains(body, "Harbour Cranes Fall Silent") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the scheduled article did not go live (last status %d)\n%s", code, s.log())
		}
		time.Sleep(500 * time.Millisecond)
	}

	// An edit, then back to the first revision.
	do(t, ed, "editing the live article",
		chromedp.Navigate(editURL),
		chromedp.WaitVisible(chromedp.ID(`f-body`)))
	js(t, ed, `document.getElementById("f-body").value = "A rewrite that the desk did not want."; document.getElementById("f-body").dispatchEvent(new Event("input"))`)
	do(t, ed, "saving the edit",
		chromedp.Click(chromedp.CSS(`button[name="action"][value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if _, body := get(t, public); !strings.Contains(body, "A rewrite that the desk did not want.") {
		t.Fatal("the saved edit is not on the public page")
	}
	do(t, ed, "restoring the first revision",
		chromedp.Navigate(editURL+"/revisions"),
		chromedp.WaitVisible(chromedp.CSS(`table.revisions`)))
	js(t, ed, `window.confirm = () => true`)
	do(t, ed, "restoring",
		chromedp.Click(chromedp.CSS(`table.revisions tbody tr:last-child button`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	_, body := get(t, public)
	if strings.Contains(body, "A rewrite that the desk did not want.") || !strings.Contains(body, "have not moved since the first of the month") {
		t.Fatal("after restoring the first revision the public page does not show its text")
	}
	do(t, ed, "the article list",
		chromedp.Navigate(s.URL+"/admin/articles"),
		chromedp.WaitVisible(chromedp.CSS(`table`)))
	shot(t, ed, dir, "admin-articles.png")

	// A contributor, added on the command line as the staff account of a
	// demo author, submits a draft under her byline…
	if out, errOut, code := commandIn(t, "a contributor password\n", "user", "add", "--email", "priya@example.org",
		"--name", "Priya Nair", "--role", "contributor", "--author", "priya-nair", "--password-stdin", "--data", data); code != 0 {
		t.Fatalf("user add: exit %d\n%s%s", code, out, errOut)
	}
	co := presstest.MustBrowser(t)
	do(t, co, "the contributor signs in and submits",
		chromedp.EmulateViewport(1024, 1366), // a tablet, upright
		chromedp.Navigate(s.URL+"/admin/login"),
		chromedp.WaitVisible(chromedp.ID(`email`)),
		chromedp.SendKeys(chromedp.ID(`email`), "priya@example.org"),
		chromedp.SendKeys(chromedp.ID(`password`), "a contributor password"),
		chromedp.Click(chromedp.CSS(`button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/admin/articles"]`)),
		chromedp.Navigate(s.URL+"/admin/articles/new"),
		chromedp.WaitVisible(chromedp.ID(`f-title`)),
		chromedp.SendKeys(chromedp.ID(`f-title`), "Notes From the Night Shift"),
		chromedp.SendKeys(chromedp.ID(`f-body`), "Three hours before dawn the quay belongs to the welders."))
	if n := eval[int](t, co, `document.querySelectorAll('button[name="action"][value="publish"], button[name="action"][value="schedule"]').length`); n != 0 {
		t.Errorf("a contributor is offered %d publish or schedule buttons", n)
	}
	do(t, co, "submitting for review",
		chromedp.Click(chromedp.CSS(`button[name="action"][value="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	shot(t, co, dir, "admin-editor-contributor-tablet.png")
	if code, _ := get(t, s.URL+"/articles/notes-from-the-night-shift"); code != 404 {
		t.Fatalf("a submitted draft is public: %d", code)
	}

	// …and the editor finds it waiting for review and publishes it.
	do(t, ed, "the editor publishes the submission",
		chromedp.Navigate(s.URL+"/admin/articles?status=pending"),
		chromedp.WaitVisible(chromedp.CSS(`table`)),
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Notes From the Night Shift"]`)),
		chromedp.WaitVisible(chromedp.ID(`f-title`)),
		chromedp.Click(chromedp.CSS(`button[name="action"][value="publish"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if code, body := get(t, s.URL+"/articles/notes-from-the-night-shift"); code != 200 || !strings.Contains(body, `href="/authors/priya-nair"`) || !strings.Contains(body, "welders") {
		t.Fatalf("the published submission: %d, want it live under Priya Nair's byline", code)
	}
}

// writeJPEG writes a w×h photograph-like JPEG (a sky-to-sea gradient).
func writeJPEG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(40 + 120*y/h), uint8(90 + 60*x/w), uint8(200 - 100*y/h), 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// js runs JavaScript for its effect.
func js(t *testing.T, ctx context.Context, code string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(() => { "+code+"; return true })()")); err != nil {
		t.Fatalf("running %s: %v", code, err)
	}
}

func value(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return eval[string](t, ctx, `document.querySelector(`+"`"+sel+"`"+`).value`)
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
