package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// Two versions of a renderer: v1 is what md() produces, v2 shouts.
func renderV1(src string) press.Rendered {
	return press.Rendered{HTML: textV1(src), Excerpt: src, WordCount: len(strings.Fields(src))}
}

func textV1(src string) string {
	if src == "" {
		return ""
	}
	return "<p>" + src + "</p>"
}

func renderV2(src string) press.Rendered {
	return press.Rendered{HTML: textV2(src), Excerpt: strings.ToUpper(src), WordCount: len(strings.Fields(src))}
}

func textV2(src string) string {
	if src == "" {
		return ""
	}
	return "<p>" + strings.ToUpper(src) + "</p>"
}

func TestRerender(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		rerender := func(version int, render func(string) press.Rendered, text func(string) string, want int) {
			t.Helper()
			n, err := db.Rerender(ctx, version, render, text)
			if err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("Rerender(%d) changed %d rows, want %d", version, n, want)
			}
		}
		// A new database only records the version.
		rerender(1, renderV1, textV1, 0)
		rerender(1, renderV2, textV2, 0) // already at 1: not even looked at

		mustAuthor(t, db, press.Author{Slug: "ana", Name: "Ana", Bio: md("bio")})
		mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "war", Name: "War", Description: md("war")})
		mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "peace", Name: "Peace"}) // nothing to render
		if err := db.SavePage(ctx, &press.Page{Slug: "about", Title: "About", Body: md("about"), Status: press.StatusDraft}); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateSite(ctx, press.Site{Name: "S", Language: "en", Contacts: md("contacts")}); err != nil {
			t.Fatal(err)
		}
		a := published("a", day(2026, 1, 1, 0), []press.Author{authorRef("ana")}, termRef("themes", "war"))
		a.Body, a.Excerpt, a.WordCount = md("one two"), "one two", 2
		a.License = md("license")
		a = mustArticle(t, db, a)
		mustArticle(t, db, published("b", day(2026, 1, 2, 0), nil))

		clock.Advance(time.Hour)
		// Articles a and b, the author, one term, the page, the site.
		rerender(2, renderV2, textV2, 6)
		got := mustGet(t, db, "a")
		want := a
		want.Body.HTML, want.Excerpt, want.License.HTML = "<p>ONE TWO</p>", "ONE TWO", "<p>LICENSE</p>"
		want.Authors = got.Authors
		want.Terms = got.Terms
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("re-rendered article (-want +got):\n%s", diff)
		}
		if got.Authors[0].Bio.HTML != "<p>BIO</p>" || got.Terms[0].Description.HTML != "<p>WAR</p>" {
			t.Errorf("author bio %q, term description %q", got.Authors[0].Bio.HTML, got.Terms[0].Description.HTML)
		}
		if p, _ := db.Page(ctx, "about"); p.Body.HTML != "<p>ABOUT</p>" || p.Version != 1 {
			t.Errorf("page %+v", p)
		}
		site, _ := db.Site(ctx)
		if site.Contacts.HTML != "<p>CONTACTS</p>" || !site.UpdatedAt.Equal(stored(t0)) {
			t.Errorf("site contacts %q updated %v", site.Contacts.HTML, site.UpdatedAt)
		}
		if last, _ := db.LastModified(ctx); !last.Equal(stored(clock.Now())) {
			t.Errorf("LastModified after re-rendering = %v, want %v", last, stored(clock.Now()))
		}

		rerender(2, renderV1, textV1, 0) // already at 2
		rerender(3, renderV2, textV2, 0) // new version, same output
		rerender(4, renderV1, textV1, 6) // and back
		if got := mustGet(t, db, "a"); got.Body.HTML != "<p>one two</p>" || got.Version != 1 {
			t.Errorf("article after re-rendering with v1: %q v%d", got.Body.HTML, got.Version)
		}
	}, presstest.WithClock(t0))
}
