package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/pressroomhq/pressroom/internal/presstest"
)

// screenshotDir is where the browser test leaves its screenshots for people
// to look at: PRESSROOM_SCREENSHOTS, or screenshots/ at the repository root.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("PRESSROOM_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// text reads the text of the first element matching a CSS selector.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// do runs steps, each group bounded on its own so that a step that hangs
// fails with time left to save a picture of the page it hung on.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		name := "failed-" + strings.ReplaceAll(t.Name(), "/", "-") + ".png"
		if png, serr := chromedp.Run(ctx, chromedp.FullScreenshot(100)); serr == nil {
			os.WriteFile(filepath.Join(screenshotDir(t), name), png, 0o644)
		}
		t.Fatalf("%s: %v (page saved as %s)", what, err, name)
	}
}

func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	// Scroll through the page first so lazily loaded images are in the
	// picture, as they would be for a reader who scrolls.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(async () => {
		for (let y = 0; y < document.body.scrollHeight; y += 600) { window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30)); }
		window.scrollTo(0, 0);
		await Promise.all([...document.images].map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })));
		return true;
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("scrolling before %s: %v", name, err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if len(png) < 10000 {
		t.Errorf("%s is only %d bytes", name, len(png))
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowseDemo reads the demo site as a visitor would: from the front
// page to an article, then to its author and to one of its terms, in a
// real browser, and keeps screenshots of the article page at phone and
// desktop widths.
func TestBrowseDemo(t *testing.T) {
	t.Parallel()
	ctx := presstest.MustBrowser(t)
	s := startServer(t, []string{"PRESSROOM_DATA=" + t.TempDir()}, "--demo")
	dir := screenshotDir(t)

	do(t, ctx, "opening the front page",
		chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(s.URL),
		chromedp.WaitVisible(chromedp.CSS(`.featured-block`)))
	shot(t, ctx, dir, "home-desktop.png")

	lead := text(t, ctx, `.featured-block .card-title a`)
	do(t, ctx, "following a lead story",
		chromedp.Click(chromedp.CSS(`.featured-block .card-title a`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`h1.headline`)))
	if got := text(t, ctx, `h1.headline`); got != lead {
		t.Errorf("followed %q, landed on %q", lead, got)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "/articles/") {
		t.Errorf("article URL = %q (%v)", loc, err)
	}
	shot(t, ctx, dir, "article-desktop.png")
	do(t, ctx, "phone width",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`h1.headline`)))
	shot(t, ctx, dir, "article-phone.png")
	// Nothing may overflow sideways on a phone.
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil || overflow {
		t.Errorf("article page scrolls sideways at 390px (%v)", err)
	}

	do(t, ctx, "desktop width", chromedp.EmulateViewport(1366, 900))
	author := text(t, ctx, `.byline-authors a`)
	do(t, ctx, "following the byline",
		chromedp.Click(chromedp.CSS(`.byline-authors a`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.ID(`articles-by`)))
	// The heading is styled in capitals; compare the words, not the case.
	if got := text(t, ctx, `#articles-by`); !strings.HasPrefix(strings.ToLower(got), strings.ToLower("Articles by "+author)) {
		t.Errorf("author page heading = %q, want Articles by %s", got, author)
	}
	shot(t, ctx, dir, "author-desktop.png")

	do(t, ctx, "back to the article", chromedp.Navigate(loc), chromedp.WaitVisible(chromedp.CSS(`h1.headline`)))
	if got := text(t, ctx, `.taxonomy-links .tax-label`); !strings.EqualFold(got, "Region:") {
		t.Errorf("first taxonomy label = %q, want Region:", got)
	}
	term := text(t, ctx, `.taxonomy-links a`)
	do(t, ctx, "following a term",
		chromedp.Click(chromedp.CSS(`.taxonomy-links a`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`.listing-header h1`)))
	if got := text(t, ctx, `.listing-header h1`); got != term {
		t.Errorf("followed term %q, landed on %q", term, got)
	}
	shot(t, ctx, dir, "term-desktop.png")

	// Keyboard: the first Tab reaches the skip link, which leads to the
	// content.
	do(t, ctx, "tabbing to the skip link", chromedp.KeyEvent("\t"))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className + " " + document.activeElement.getAttribute("href")`))
	if err != nil || focused != "skip-link #main" {
		t.Errorf("first Tab focuses %q (%v), want the skip link", focused, err)
	}

	// Dark mode follows the system setting.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "dark article", chromedp.Navigate(loc), chromedp.WaitVisible(chromedp.CSS(`h1.headline`)))
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	if err != nil || bg != "rgb(20, 20, 19)" {
		t.Errorf("dark mode body background = %q (%v)", bg, err)
	}
	shot(t, ctx, dir, "article-dark.png")
}

// TestLicensingInBrowser asks for a licence the way a publisher would:
// from an article's republish panel to the form, a mistake shown next to
// its field, then the thank-you, and the request is there for editors.
func TestLicensingInBrowser(t *testing.T) {
	t.Parallel()
	ctx := presstest.MustBrowser(t)
	data := t.TempDir()
	s := startServer(t, []string{"PRESSROOM_DATA=" + data}, "--demo")

	do(t, ctx, "opening an article",
		chromedp.Navigate(s.URL+"articles/amazon-river-drought-ports"),
		chromedp.WaitVisible(chromedp.CSS(`h1.headline`)))
	do(t, ctx, "following the licence link",
		chromedp.Click(chromedp.CSS(`.republish-box a[href^="/licensing/"]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`form input[name=name]`)))
	do(t, ctx, "filling the form",
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "Ana Ruiz"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "ana at paper"),
		chromedp.SendKeys(chromedp.CSS(`input[name=outlet]`), "The Weekend Paper"),
		chromedp.SetValue(chromedp.CSS(`select[name=use]`), "print"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`.form-errors`)),
	)
	if got := text(t, ctx, `.field.has-error .field-error`); !strings.Contains(got, "email address") {
		t.Errorf("email error shown as %q", got)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name=outlet]`))); got != "The Weekend Paper" {
		t.Errorf("outlet not kept after the error: %q", got)
	}
	shot(t, ctx, screenshotDir(t), "licensing-error.png")
	do(t, ctx, "correcting the email",
		chromedp.Clear(chromedp.CSS(`input[name=email]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "ana@paper.example"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`[role=status]`)),
	)
	if out, _, code := command(t, nil, "licensing", "list", "--data", data); code != 0 || !strings.Contains(out, "The Weekend Paper") || !strings.Contains(out, "ana@paper.example") {
		t.Errorf("licensing list after the browser's request (exit %d):\n%s", code, out)
	}
}
