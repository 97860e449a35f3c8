package demo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
)

// TestBundle checks the demo is the full site a newcomer is promised.
func TestBundle(t *testing.T) {
	b, err := Bundle(press.DefaultTaxonomies())
	if err != nil {
		t.Fatal(err)
	}
	if b.Site == nil || b.Site.Name != "The Meridian Desk" {
		t.Fatal("demo site settings missing")
	}
	for name, m := range map[string]press.Markdown{"republishing policy": b.Site.RepublishingPolicy, "disclaimer": b.Site.Disclaimer,
		"fair use": b.Site.FairUseNotice, "contacts": b.Site.Contacts, "membership": b.Site.MembershipCall, "comments": b.Site.CommentCall} {
		if m.IsZero() {
			t.Errorf("demo %s text is empty", name)
		}
	}
	if len(b.Authors) != 12 || len(b.Articles) < 55 || len(b.Pages) < 4 {
		t.Errorf("demo has %d authors, %d articles, %d pages", len(b.Authors), len(b.Articles), len(b.Pages))
	}
	var crossPosted, drafts, coAuthored int
	reports := map[string]int{}
	for _, a := range b.Articles {
		if a.Source.URL != "" {
			crossPosted++
		}
		if a.Status == press.StatusDraft {
			drafts++
		}
		if len(a.Authors) > 1 {
			coAuthored++
		}
		for _, r := range a.TermsOf("reports") {
			reports[r.Slug]++
		}
		if len(a.TermsOf("regions")) == 0 {
			t.Errorf("%s has no region", a.Slug)
		}
	}
	if crossPosted < 5 || drafts == 0 || coAuthored < 5 || len(reports) != 2 {
		t.Errorf("demo: %d cross-posted, %d drafts, %d co-authored, reports %v", crossPosted, drafts, coAuthored, reports)
	}
}

// TestImagesDrawn: every demo image the content refers to is drawn.
func TestImagesDrawn(t *testing.T) {
	b, err := Bundle(press.DefaultTaxonomies())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := writeImages(b, dir); err != nil {
		t.Fatal(err)
	}
	want := []string{b.Site.Logo}
	for _, a := range b.Authors {
		want = append(want, a.Photo)
	}
	for _, a := range b.Articles {
		if a.Image.Src != "" {
			want = append(want, a.Image.Src)
		}
	}
	for _, src := range want {
		name, ok := strings.CutPrefix(src, mediaPrefix)
		if !ok {
			t.Errorf("demo image %q is not under %s", src, mediaPrefix)
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, "demo", name))
		if err != nil || !strings.HasPrefix(string(data), "<svg") {
			t.Errorf("%s not drawn: %v", src, err)
		}
	}
}
