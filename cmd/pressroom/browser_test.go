package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// TestBrowseDemo reads the demo site as a visitor would: from the front
// page to an article, then to its author and to one of its terms, in a
// real browser, and keeps screenshots of the article page at phone and
// desktop widths.
func TestBrowseDemo(t *testing.T) {
	t.Parallel()
	ctx := presstest.MustBrowser(t)
	s := startServer(t, []string{"PRESSROOM_DATA=" + t.TempDir()}, "--demo")
	dir := screenshotDir(t)

	var headline, articleURL, authorHeading, termHeading, label string
	var articleShot, phoneShot, homeShot []byte
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(s.URL),
		chromedp.WaitVisible(`.featured-block`),
		chromedp.FullScreenshot(&homeShot, 100),
		// Follow the first lead story.
		chromedp.Click(`.featured-block .card-title a`, chromedp.NodeVisible),
		chromedp.WaitVisible(`h1.headline`),
		chromedp.Text(`h1.headline`, &headline),
		chromedp.Location(&articleURL),
		chromedp.FullScreenshot(&articleShot, 100),
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Reload(),
		chromedp.WaitVisible(`h1.headline`),
		chromedp.FullScreenshot(&phoneShot, 100),
		chromedp.EmulateViewport(1366, 900),
		// To the author's page.
		chromedp.Click(`.byline-authors a`, chromedp.NodeVisible),
		chromedp.WaitVisible(`#articles-by`),
		chromedp.Text(`#articles-by`, &authorHeading),
		chromedp.NavigateBack(),
		chromedp.WaitVisible(`h1.headline`),
		// To the first taxonomy term above the headline.
		chromedp.Text(`.taxonomy-links .tax-label`, &label),
		chromedp.Click(`.taxonomy-links a`, chromedp.NodeVisible),
		chromedp.WaitVisible(`.listing-header h1`),
		chromedp.Text(`.listing-header h1`, &termHeading),
	)
	if err != nil {
		t.Fatalf("browsing the demo: %v\n%s", err, s.log())
	}
	if !strings.Contains(articleURL, "/articles/") || headline == "" {
		t.Errorf("following a lead story led to %s with headline %q", articleURL, headline)
	}
	if !strings.HasPrefix(authorHeading, "Articles by ") {
		t.Errorf("author page heading = %q", authorHeading)
	}
	if label != "Region:" || termHeading == "" {
		t.Errorf("term link labelled %q led to heading %q", label, termHeading)
	}
	for name, png := range map[string][]byte{"home-desktop.png": homeShot, "article-desktop.png": articleShot, "article-phone.png": phoneShot} {
		if len(png) < 10000 {
			t.Errorf("%s is only %d bytes", name, len(png))
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
