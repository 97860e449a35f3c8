package presstest

import (
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var browser struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	err    string
}

// chromiumPath finds Debian's chromium: PRESSROOM_CHROMIUM, else on PATH.
func chromiumPath() string {
	if p := os.Getenv("PRESSROOM_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// MustBrowser returns a new tab, in a browser context of its own, in the
// one headless Chromium that the test process shares, closed when t ends.
// Call it twice for two people at once (an editor and a contributor). Without chromium installed the test
// skips, except under CI=true, where it fails: CI installs it.
func MustBrowser(t testing.TB) context.Context {
	t.Helper()
	browser.once.Do(startBrowser)
	if browser.err != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser: %s", browser.err)
		}
		t.Skipf("browser: %s", browser.err)
	}
	// Each tab gets a browser context of its own, like a private window:
	// cookies of one test (a signed-in editor) never reach another's, even
	// though every test server is on 127.0.0.1, where cookies ignore ports.
	ctx, cancel := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext())
	// Bound every browser test: a hung page must fail, not stall CI.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	// Open the tab now, with this context: chromedp ties a tab's life to
	// the context of its first Run, and tests derive shorter timeouts for
	// single steps, which must not close the tab when they end.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browser: opening a tab: %v", err)
	}
	return ctx
}

func startBrowser() {
	path := chromiumPath()
	if path == "" {
		browser.err = "chromium not found (apt-get install chromium, or set PRESSROOM_CHROMIUM)"
		return
	}
	dir, err := os.MkdirTemp("", "pressroom-chromium-")
	if err != nil {
		browser.err = err.Error()
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dir),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1366, 900),
		chromedp.WSURLReadTimeout(30 * time.Second),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	// Start the browser now so a broken install is reported once, clearly.
	// The first Run must get the browser's own context, not one with a
	// deadline: chromedp ties the browser's life to it. The start is still
	// bounded, by the allocator's read timeout for the DevTools address.
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(dir)
		browser.err = "starting " + path + ": " + err.Error()
		return
	}
	browser.ctx = bctx
	browser.cancel = func() { cancelBrowser(); cancelAlloc(); os.RemoveAll(dir) }
}

// CloseBrowser stops the shared browser; call it from TestMain after m.Run.
func CloseBrowser() {
	if browser.cancel != nil {
		browser.cancel()
	}
}
