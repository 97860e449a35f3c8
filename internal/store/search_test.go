package store_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/demo"
	"github.com/pressroomhq/pressroom/internal/markdown"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// searchDesk is the fixed corpus of the search conformance tests:
//
//	regions: middle-east > syria > damascus; europe
//	themes: water, war; reports: water-ledger ("The Water Ledger")
//	authors: ana (Ana Ruiz), lee (Lee Park), zoe (Zoë Ångström)
//
//	aquifer-body   2026-03-01  lee   europe            "aquifer" twice, in the body only
//	aquifer-title  2026-01-01  ana   damascus water water-ledger   "aquifer" in the title
//	aquifer-dek    2025-06-01  lee   syria             "aquifer" in the dek
//	joint-chiefs   2025-05-01  zoe   war               "the joint chiefs met in Zürich … running water"
//	chiefs-joint   2025-04-01  -     war syria         "the chiefs met at a joint session in Russia"
//	sao-paulo      2025-03-01  ana   water             "São Paulo runs dry"
//	twin-new       2024-02-01  -     -                 "Dam twins", identical to twin-old
//	twin-old       2024-01-01  -     -
//	dam-once       2023-01-01  -     -                 "dam" once in the body
//	dam-thrice     2022-01-01  -     -                 "dam" three times in the body
//	draft-aquifer  draft       ana   syria             "Secret aquifer plans"
func searchDesk(t testing.TB, db *store.DB) map[string]press.Article {
	t.Helper()
	ctx := context.Background()
	for _, a := range []press.Author{{Slug: "ana", Name: "Ana Ruiz"}, {Slug: "lee", Name: "Lee Park"},
		{Slug: "zoe", Name: "Zoë Ångström"}} {
		if err := db.SaveAuthor(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []press.Term{
		{Taxonomy: "regions", Slug: "middle-east", Name: "Middle East"},
		{Taxonomy: "regions", Slug: "syria", Name: "Syria", Parent: "middle-east"},
		{Taxonomy: "regions", Slug: "damascus", Name: "Damascus", Parent: "syria"},
		{Taxonomy: "regions", Slug: "europe", Name: "Europe"},
		{Taxonomy: "themes", Slug: "water", Name: "Water"},
		{Taxonomy: "themes", Slug: "war", Name: "War"},
		{Taxonomy: "reports", Slug: "water-ledger", Name: "The Water Ledger"},
	} {
		if err := db.SaveTerm(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	by := func(slugs ...string) []press.Author {
		var out []press.Author
		for _, s := range slugs {
			out = append(out, authorRef(s))
		}
		return out
	}
	art := func(slug, title, dek, body string, at time.Time, authors []press.Author, terms ...press.Term) press.Article {
		return press.Article{Slug: slug, Title: title, Dek: dek, Body: md(body), Status: press.StatusPublished,
			PublishedAt: at, Authors: authors, Terms: terms}
	}
	draft := art("draft-aquifer", "Secret aquifer plans", "", "The aquifer, the aquifer.", time.Time{}, by("ana"),
		termRef("regions", "syria"))
	draft.Status = press.StatusDraft
	out := map[string]press.Article{}
	for _, a := range []press.Article{
		art("aquifer-body", "Notes from the field", "", "The aquifer is shrinking. Every aquifer here is shared by three towns.",
			day(2026, 3, 1, 0), by("lee"), termRef("regions", "europe")),
		art("aquifer-title", "The aquifer under Damascus", "", "A city drinks from below.", day(2026, 1, 1, 0), by("ana"),
			termRef("regions", "damascus"), termRef("themes", "water"), termRef("reports", "water-ledger")),
		art("aquifer-dek", "Wells", "Who owns the aquifer?", "Nothing is settled.", day(2025, 6, 1, 0), by("lee"),
			termRef("regions", "syria")),
		art("joint-chiefs", "A meeting", "", "The joint chiefs met in Zürich to discuss running water.", day(2025, 5, 1, 0), by("zoe"),
			termRef("themes", "war")),
		art("chiefs-joint", "Another meeting", "", "The chiefs met at a joint session in Russia.", day(2025, 4, 1, 0), nil,
			termRef("themes", "war"), termRef("regions", "syria")),
		art("sao-paulo", "São Paulo runs dry", "", "Reservoirs in Sao Paulo fell to a tenth.", day(2025, 3, 1, 0), by("ana"),
			termRef("themes", "water")),
		art("twin-new", "Dam twins", "", "A story of a river.", day(2024, 2, 1, 0), nil),
		art("twin-old", "Dam twins", "", "A story of a river.", day(2024, 1, 1, 0), nil),
		art("dam-once", "Valleys", "", "One dam and many other words about rivers and valleys.", day(2023, 1, 1, 0), nil),
		art("dam-thrice", "Rivers", "", "Dam here, dam there, dam everywhere in rivers and valleys.", day(2022, 1, 1, 0), nil),
		draft,
	} {
		if err := db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		out[a.Slug] = a
	}
	return out
}

func mustSearch(t *testing.T, db *store.DB, q press.SearchQuery) press.SearchResults {
	t.Helper()
	res, err := db.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func hitSlugs(res press.SearchResults) []string {
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Article.Slug)
	}
	return out
}

// TestSearchRanking: title and dek matches come before body matches, even
// newer ones; among body matches the more mentions the better, even if
// older; equal articles go newest first.
func TestSearchRanking(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		searchDesk(t, db)
		res := mustSearch(t, db, press.SearchQuery{Text: "aquifer"})
		got := hitSlugs(res)
		if len(got) != 3 || res.Total != 3 {
			t.Fatalf("aquifer: %v (total %d), want the three published aquifer articles", got, res.Total)
		}
		if first := got[:2]; !slices.Contains(first, "aquifer-title") || !slices.Contains(first, "aquifer-dek") || got[2] != "aquifer-body" {
			t.Errorf("aquifer: %v, want the title and dek matches above the (newer) body match", got)
		}
		for _, h := range res.Hits {
			if h.Rank <= 0 {
				t.Errorf("aquifer: %s has no rank", h.Article.Slug)
			}
		}
		if diff := cmp.Diff([]string{"twin-new", "twin-old", "dam-thrice", "dam-once"},
			hitSlugs(mustSearch(t, db, press.SearchQuery{Text: "dam"}))); diff != "" {
			t.Errorf("dam: (-want +got):\n%s", diff)
		}
		// The body snippet marks the match, escaped, nothing else.
		for _, h := range res.Hits {
			// (Engines differ about the punctuation at a snippet's end.)
			if h.Article.Slug == "aquifer-body" && !strings.HasPrefix(h.Snippet, "The <mark>aquifer</mark> is shrinking. Every <mark>aquifer</mark> here is shared by three towns") {
				t.Errorf("snippet = %q", h.Snippet)
			}
			if h.Article.Body.Source != "" || len(h.Article.Authors) != 1 {
				t.Errorf("hits are listed as in listings: %+v", h.Article)
			}
		}
	})
}

// TestSearchSyntax: phrases, exclusion, OR, prefixes, stemming, diacritics,
// and names of authors and terms.
func TestSearchSyntax(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		searchDesk(t, db)
		for _, tt := range []struct {
			text   string
			prefix bool
			want   []string // in any order
		}{
			{text: `"joint chiefs"`, want: []string{"joint-chiefs"}},
			{text: `chiefs joint`, want: []string{"joint-chiefs", "chiefs-joint"}},
			{text: `chiefs -russia`, want: []string{"joint-chiefs"}},
			{text: `chiefs -"joint session"`, want: []string{"joint-chiefs"}},
			{text: `zurich OR russia`, want: []string{"joint-chiefs", "chiefs-joint"}},
			{text: `run`, want: []string{"joint-chiefs", "sao-paulo"}},
			{text: `runs`, want: []string{"joint-chiefs", "sao-paulo"}},
			{text: `ZÜRICH`, want: []string{"joint-chiefs"}},
			{text: `zurich`, want: []string{"joint-chiefs"}},
			{text: `sao paulo`, want: []string{"sao-paulo"}},
			{text: `"são paulo" dry`, want: []string{"sao-paulo"}},
			{text: `angstrom`, want: []string{"joint-chiefs"}},
			{text: `lee park`, want: []string{"aquifer-body", "aquifer-dek"}},
			{text: `ledger`, want: []string{"aquifer-title"}},
			{text: `aqui*`, want: []string{"aquifer-title", "aquifer-dek", "aquifer-body"}},
			{text: `aqui`, prefix: true, want: []string{"aquifer-title", "aquifer-dek", "aquifer-body"}},
			{text: `aquifer`, prefix: true, want: []string{"aquifer-title", "aquifer-dek", "aquifer-body"}},
			{text: `aqui`, want: []string{}},
			{text: `"joint chie`, prefix: true, want: []string{"joint-chiefs"}},
			{text: `aquifer -aquifer`, want: []string{}},
		} {
			got := hitSlugs(mustSearch(t, db, press.SearchQuery{Text: tt.text, Prefix: tt.prefix}))
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%q (prefix %v): (-want +got):\n%s", tt.text, tt.prefix, diff)
			}
		}
		res := mustSearch(t, db, press.SearchQuery{Text: "running"})
		snippets := map[string]string{}
		for _, h := range res.Hits {
			snippets[h.Article.Slug] = h.Snippet
		}
		if want := "The joint chiefs met in Zürich to discuss <mark>running</mark> water"; len(res.Hits) != 2 ||
			!strings.HasPrefix(snippets["joint-chiefs"], want) {
			t.Errorf("running: %q, want two hits (running and runs), and %q", snippets, want)
		}
	})
}

// TestSearchFilters: author, term (with the terms below it) and dates
// narrow; date order; pages; facets count every match, not the page.
func TestSearchFilters(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		searchDesk(t, db)
		for _, tt := range []struct {
			name string
			q    press.SearchQuery
			want []string // in order
		}{
			{"by date", press.SearchQuery{Text: "aquifer", Sort: press.SortDate},
				[]string{"aquifer-body", "aquifer-title", "aquifer-dek"}},
			{"author", press.SearchQuery{Text: "aquifer", Author: "lee", Sort: press.SortDate},
				[]string{"aquifer-body", "aquifer-dek"}},
			{"term and below", press.SearchQuery{Text: "aquifer", Terms: []press.TermRef{{Taxonomy: "regions", Slug: "syria"}}, Sort: press.SortDate},
				[]string{"aquifer-title", "aquifer-dek"}},
			{"two terms", press.SearchQuery{Text: "aquifer", Terms: []press.TermRef{{Taxonomy: "regions", Slug: "middle-east"}, {Taxonomy: "themes", Slug: "water"}}},
				[]string{"aquifer-title"}},
			{"from", press.SearchQuery{Text: "aquifer", From: day(2025, 12, 1, 0), Sort: press.SortDate},
				[]string{"aquifer-body", "aquifer-title"}},
			{"until", press.SearchQuery{Text: "aquifer", Until: day(2026, 1, 1, 0)}, []string{"aquifer-dek"}},
			{"unknown author", press.SearchQuery{Text: "aquifer", Author: "nobody"}, []string{}},
			{"unknown term", press.SearchQuery{Text: "aquifer", Terms: []press.TermRef{{Taxonomy: "regions", Slug: "mars"}}}, []string{}},
			{"filters alone list newest first", press.SearchQuery{Terms: []press.TermRef{{Taxonomy: "themes", Slug: "war"}}},
				[]string{"joint-chiefs", "chiefs-joint"}},
			{"page 2", press.SearchQuery{Text: "aquifer", Sort: press.SortDate, PerPage: 2, Page: 2}, []string{"aquifer-dek"}},
			{"past the end", press.SearchQuery{Text: "aquifer", Page: 9}, []string{}},
		} {
			if diff := cmp.Diff(tt.want, hitSlugs(mustSearch(t, db, tt.q))); diff != "" {
				t.Errorf("%s: (-want +got):\n%s", tt.name, diff)
			}
		}

		res := mustSearch(t, db, press.SearchQuery{Text: "aquifer", PerPage: 1})
		if res.Total != 3 || len(res.Hits) != 1 || res.Pages() != 3 {
			t.Errorf("one per page: total %d, %d hits, %d pages", res.Total, len(res.Hits), res.Pages())
		}
		type count struct {
			Slug  string
			Count int
		}
		facet := func(list []press.FacetCount) []count {
			var out []count
			for _, c := range list {
				out = append(out, count{c.Slug, c.Count})
			}
			return out
		}
		got := map[string][]count{"authors": facet(res.Facets.Authors)}
		var order []string
		for _, x := range res.Facets.Taxonomies {
			got[x.Taxonomy.Slug] = facet(x.Terms)
			order = append(order, x.Taxonomy.Slug)
		}
		want := map[string][]count{
			"authors": {{"lee", 2}, {"ana", 1}},
			// Damascus counts for Syria and the Middle East too.
			"regions": {{"middle-east", 2}, {"syria", 2}, {"damascus", 1}, {"europe", 1}},
			"themes":  {{"water", 1}},
			"reports": {{"water-ledger", 1}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("facets (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"regions", "themes", "reports"}, order); diff != "" {
			t.Errorf("facet taxonomies in display order (-want +got):\n%s", diff)
		}
		if names := res.Facets.Authors; names[0].Name != "Lee Park" {
			t.Errorf("facet names: %+v", names)
		}
	})
}

// TestSearchDrafts: drafts are never in public results, nor in their
// counts; staff can search every status.
func TestSearchDrafts(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		searchDesk(t, db)
		for _, text := range []string{"secret", `"secret aquifer plans"`, "aquifer", "secr*"} {
			res := mustSearch(t, db, press.SearchQuery{Text: text})
			if slices.Contains(hitSlugs(res), "draft-aquifer") {
				t.Errorf("%q: a draft in public results", text)
			}
			for _, x := range res.Facets.Taxonomies {
				for _, c := range x.Terms {
					if x.Taxonomy.Slug == "regions" && c.Slug == "syria" && text == "aquifer" && c.Count != 2 {
						t.Errorf("aquifer: the draft counts in Syria's facet: %d", c.Count)
					}
				}
			}
		}
		if got := hitSlugs(mustSearch(t, db, press.SearchQuery{Text: "secret", Status: press.StatusAny})); !slices.Equal(got, []string{"draft-aquifer"}) {
			t.Errorf("staff search for secret = %v", got)
		}
		if got := hitSlugs(mustSearch(t, db, press.SearchQuery{Text: "aquifer", Status: press.StatusDraft})); !slices.Equal(got, []string{"draft-aquifer"}) {
			t.Errorf("drafts only = %v", got)
		}
		if got := mustSearch(t, db, press.SearchQuery{Text: "aquifer", Status: press.StatusAny}); got.Total != 4 {
			t.Errorf("every status: %d", got.Total)
		}
		if got, _ := db.Suggest(t.Context(), "secr", 8); len(got) != 0 {
			t.Errorf("a draft suggested: %v", got)
		}
	})
}

// TestSearchInstant: every write is searchable the moment it commits, and
// what it removed is gone as fast.
func TestSearchInstant(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		all := searchDesk(t, db)
		find := func(text string, q ...press.SearchQuery) []string {
			t.Helper()
			var query press.SearchQuery
			if len(q) > 0 {
				query = q[0]
			}
			query.Text = text
			return hitSlugs(mustSearch(t, db, query))
		}
		want := func(what string, got []string, slugs ...string) {
			t.Helper()
			slices.Sort(got)
			slices.Sort(slugs)
			if slugs == nil {
				slugs = []string{}
			}
			if diff := cmp.Diff(slugs, got); diff != "" {
				t.Errorf("%s: (-want +got):\n%s", what, diff)
			}
		}
		// Warm the catalogue, so that the changes below must move it.
		want("before", find("zephyrine"))

		a := mustArticle(t, db, press.Article{Slug: "flash", Title: "Zephyrine winds", Body: md("Gusts."),
			Status: press.StatusPublished, PublishedAt: day(2026, 4, 1, 0), Authors: []press.Author{authorRef("ana")}})
		want("published", find("zephyrine"), "flash")
		a.Status, a.PublishedAt = press.StatusDraft, time.Time{}
		if err := db.UpdateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		want("unpublished", find("zephyrine"))
		a.Status, a.PublishedAt, a.Title = press.StatusPublished, day(2026, 4, 2, 0), "Quokka winds"
		if err := db.UpdateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		want("published again, retitled", find("quokka"), "flash")
		want("the old title", find("zephyrine"))
		a.Authors = []press.Author{authorRef("lee")}
		if err := db.UpdateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		want("new byline", find("quokka", press.SearchQuery{Author: "lee"}), "flash")
		want("new byline, old author", find("quokka", press.SearchQuery{Author: "ana"}))

		// Renaming an author or a term re-indexes their articles.
		mustAuthor(t, db, press.Author{Slug: "ana", Name: "Ana Quetzal"})
		want("author renamed", find("quetzal"), "aquifer-title", "sao-paulo")
		want("author's old name", find("ruiz"))
		mustTerm(t, db, press.Term{Taxonomy: "regions", Slug: "europe", Name: "Continental Europe"})
		want("term renamed", find("continental"), "aquifer-body")
		// Moving a term moves its articles' facets and filters.
		mustTerm(t, db, press.Term{Taxonomy: "regions", Slug: "damascus", Name: "Damascus", Parent: "europe"})
		want("term moved", find("aquifer", press.SearchQuery{Terms: []press.TermRef{{Taxonomy: "regions", Slug: "europe"}}}),
			"aquifer-body", "aquifer-title")

		// An import indexes what it writes, in its one transaction.
		if _, err := db.Import(ctx, press.Bundle{Articles: []press.Article{{Slug: "imported", Title: "Imported xylograph",
			Body: md("x"), Status: press.StatusPublished, PublishedAt: day(2026, 5, 1, 0)}}}); err != nil {
			t.Fatal(err)
		}
		want("imported", find("xylograph"), "imported")

		if err := db.DeleteArticle(ctx, all["sao-paulo"].ID); err != nil {
			t.Fatal(err)
		}
		want("deleted", find("paulo"))

		// Re-rendering bodies re-indexes them.
		if _, err := db.Rerender(ctx, 99, func(string) press.Rendered {
			return press.Rendered{HTML: "<p>rerendered <b>pangolin</b> &amp; co</p>"}
		}, func(s string) string { return s }); err != nil {
			t.Fatal(err)
		}
		res := mustSearch(t, db, press.SearchQuery{Text: "pangolin", PerPage: 1})
		if res.Total != 11 || len(res.Hits) != 1 || !strings.HasPrefix(res.Hits[0].Snippet, "rerendered <mark>pangolin</mark> &amp; co") {
			t.Errorf("after re-rendering: total %d, %+v", res.Total, res.Hits)
		}
		if n, err := db.RebuildSearch(ctx); err != nil || n != 12 {
			t.Errorf("RebuildSearch = %d, %v; want 12 (11 published and a draft)", n, err)
		}
		want("after a rebuild", find("quokka"), "flash")
	}, presstest.WithClock(t0))
}

// TestSearchHostile: odd and hostile text never fails a search; it finds
// what its words find, or nothing, with a notice when it was not read as
// typed.
func TestSearchHostile(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		searchDesk(t, db)
		for _, tt := range []struct {
			text   string
			total  int
			notice press.SearchNotice
		}{
			{`"`, 0, press.NoticeNothing},
			{`""`, 0, press.NoticeNothing},
			{`"joint chiefs`, 1, ""},
			{`-`, 0, press.NoticeNothing},
			{`- -- ---`, 0, press.NoticeNothing},
			{`OR`, 0, press.NoticeNothing},
			{`AND OR NOT`, 0, press.NoticeCommonWords},
			{`the of`, 0, press.NoticeCommonWords},
			{`* *** :`, 0, press.NoticeNothing},
			{`-aquifer`, 0, press.NoticeOnlyExcluded},
			{`NEAR(joint chiefs)`, 0, ""}, // "near joint" chiefs
			{`title:aquifer`, 0, ""},
			{`{title}: aquifer`, 0, ""}, // title aquifer
			{`aquifer'; DROP TABLE articles; --`, 0, ""},
			{`aquifer" OR "1"="1`, 0, ""},
			{`aquifer OR 1=1`, 3, ""},
			{"\x00\x01aquifer\x7f\u202e", 3, ""},
			{"aquifer\xff\xfe", 3, ""},
			{`((((( aquifer`, 3, ""},
			{`aquifer )))))`, 3, ""},
			{`^aquifer$ %_\ ? $1 :: '`, 0, ""},
			{`💧 aquifer`, 3, ""},
			{`aqui* -* "*"`, 3, ""},
			{strings.Repeat("aquifer ", 2000), 3, press.NoticeTruncated},
			{strings.Repeat("x", 10000), 0, press.NoticeTruncated},
			{strings.Repeat(`"a" -b OR `, 500), 0, press.NoticeCommonWords},
		} {
			res, err := db.Search(t.Context(), press.SearchQuery{Text: tt.text})
			if err != nil {
				t.Errorf("%.40q: %v", tt.text, err)
				continue
			}
			if res.Total != tt.total || res.Notice != tt.notice {
				t.Errorf("%.40q: total %d, notice %q; want %d, %q", tt.text, res.Total, res.Notice, tt.total, tt.notice)
			}
			if _, err := db.Suggest(t.Context(), tt.text, 8); err != nil {
				t.Errorf("Suggest(%.40q): %v", tt.text, err)
			}
		}
	})
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		searchDesk(t, db)
		for _, tt := range []struct {
			text string
			n    int
			want []string
		}{
			// Titles only: "aquifer" is in bodies and a dek too.
			{"aqu", 8, []string{"The aquifer under Damascus"}},
			// Newest first; "Damascus" begins with "dam".
			{"dam", 8, []string{"The aquifer under Damascus", "Dam twins", "Dam twins"}},
			{"dam", 2, []string{"The aquifer under Damascus", "Dam twins"}},
			{"dam twi", 8, []string{"Dam twins", "Dam twins"}},
			{"sao", 8, []string{"São Paulo runs dry"}},
			{"d", 8, []string{}},
			{"the", 8, []string{}},
			{"", 8, []string{}},
		} {
			got, err := db.Suggest(t.Context(), tt.text, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			titles := []string{}
			for _, s := range got {
				titles = append(titles, s.Title)
				if s.Slug == "" || s.PublishedAt.IsZero() {
					t.Errorf("suggestion %+v lacks its slug or date", s)
				}
			}
			if diff := cmp.Diff(tt.want, titles); diff != "" {
				t.Errorf("Suggest(%q, %d) (-want +got):\n%s", tt.text, tt.n, diff)
			}
		}
	})
}

// TestRelatedBySearch: an article no report or theme relates gets the
// articles whose titles, deks or names best match its title.
func TestRelatedBySearch(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		searchDesk(t, db)
		a := mustArticle(t, db, press.Article{Slug: "desert-wells", Title: "Desert wells", Body: md("x"),
			Status: press.StatusPublished, PublishedAt: day(2026, 6, 1, 0)})
		mustArticle(t, db, press.Article{Slug: "wells-of-the-desert", Title: "The wells of the desert", Body: md("y"),
			Status: press.StatusPublished, PublishedAt: day(2020, 1, 1, 0)})
		got, err := db.Related(t.Context(), &a, 3)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"wells-of-the-desert", "aquifer-dek"}, slugs(got)); diff != "" {
			t.Errorf("Related (-want +got):\n%s", diff)
		}
		// Shared themes still decide when there are any.
		sp := mustGet(t, db, "sao-paulo")
		if got, _ := db.Related(t.Context(), &sp, 3); !slices.Equal(slugs(got), []string{"aquifer-title"}) {
			t.Errorf("Related(sao-paulo) = %v, want the article sharing its theme", slugs(got))
		}
	})
}

// TestSearchMigration: migration 0002 indexes the articles already there.
func TestSearchMigration(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		searchDesk(t, db)
		// Take the database back to before 0002, articles and all.
		undo := []string{"DROP TABLE search_fts", "DROP TABLE search_head", "DROP TABLE search_documents"}
		if db.Engine() == store.EnginePostgres {
			undo = []string{"DROP TABLE search_documents", "DROP FUNCTION pressroom_search_text",
				"DROP TEXT SEARCH CONFIGURATION pressroom_english", "DROP TEXT SEARCH CONFIGURATION pressroom_simple"}
		}
		for _, q := range append(undo, "DELETE FROM schema_migrations WHERE name = '0002_search'") {
			if _, err := store.SQLDB(db).ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		applied, err := db.Migrate(ctx)
		if err != nil || !slices.Equal(applied, []string{"0002_search"}) {
			t.Fatalf("Migrate = %v, %v", applied, err)
		}
		res := mustSearch(t, db, press.SearchQuery{Text: "aquifer"})
		if res.Total != 3 {
			t.Errorf("after the migration, aquifer finds %d", res.Total)
		}
		for _, h := range res.Hits {
			if h.Article.Slug == "aquifer-body" && !strings.HasPrefix(h.Snippet, "The <mark>aquifer</mark> is shrinking.") {
				t.Errorf("migrated snippet = %q", h.Snippet)
			}
		}
		if got := hitSlugs(mustSearch(t, db, press.SearchQuery{Text: "angstrom"})); !slices.Equal(got, []string{"joint-chiefs"}) {
			t.Errorf("authors' names after the migration: %v", got)
		}
	})
}

// TestSearchTextParity: both engines turn the HTML the Markdown pipeline
// writes into the same plain text.
func TestSearchTextParity(t *testing.T) {
	t.Parallel()
	inputs := []string{
		"<p>Tom &amp; Jerry &lt;said&gt; “hi” it’s 5 &gt; 3 ©\u00a0x</p>\n<h2 id=\"x\">Head <a class=\"anchor\" href=\"#x\">#</a></h2>",
		"<p>a&#39;b &#34;c&#34; &quot;d&quot; &amp;lt;</p><ul>\n<li>one</li><li>two</li></ul>",
		"<p>marks \x02 and \x03 and\ttabs\r\n</p>",
		"<table><tr><td>1</td><td>2</td></tr></table><p><code>x &lt;y&gt;</code></p>",
		"",
	}
	var out [2][]string
	for i, engine := range presstest.Engines {
		db := presstest.MustStore(t, engine)
		q := "SELECT pressroom_search_text(?)"
		if engine == store.EnginePostgres {
			q = "SELECT pressroom_search_text($1)"
		}
		for _, in := range inputs {
			var s string
			if err := store.SQLDB(db).QueryRowContext(t.Context(), q, in).Scan(&s); err != nil {
				t.Fatal(err)
			}
			out[i] = append(out[i], s)
		}
	}
	want := []string{
		"Tom & Jerry <said> “hi” it’s 5 > 3 © x Head #",
		`a'b "c" "d" &lt; one two`,
		"marks and and tabs",
		"1 2 x <y>",
		"",
	}
	for i, engine := range presstest.Engines {
		if diff := cmp.Diff(want, out[i]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", engine, diff)
		}
	}
}

// TestSearchStopwords: the words press drops from English queries are the
// words PostgreSQL's English configuration drops, so that both engines
// find the same.
func TestSearchStopwords(t *testing.T) {
	t.Parallel()
	db := presstest.MustStore(t, store.EnginePostgres)
	words := strings.Fields(`i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
		she her hers herself it its itself they them their theirs themselves what which who whom this that these
		those am is are was were be been being have has had having do does did doing a an the and but if or because
		as until while of at by for with about against between into through during before after above below to from
		up down in out on off over under again further then once here there when where why how all any both each
		few more most other some such no nor not only own same so than too very s t can will just don should now
		water war aquifer also would could said one two new year people say get make`)
	for _, w := range words {
		var lexemes int
		err := store.SQLDB(db).QueryRowContext(context.Background(),
			"SELECT length(to_tsvector('pressroom_english', $1))", w).Scan(&lexemes)
		if err != nil {
			t.Fatal(err)
		}
		e := press.ParseSearch(w, "en", false)
		if pg, ours := lexemes == 0, e.Empty(); pg != ours {
			t.Errorf("%q: PostgreSQL drops it: %v; press drops it: %v", w, pg, ours)
		}
	}
}

// TestSnippetHTML: whatever an engine sends, a snippet is escaped text with
// balanced marks.
func TestSnippetHTML(t *testing.T) {
	for in, want := range map[string]string{
		"a \x02b\x03 c":              "a <mark>b</mark> c",
		"<script>\x02x\x03</script>": "&lt;script&gt;<mark>x</mark>&lt;/script&gt;",
		"\x02open":                   "<mark>open</mark>",
		"close\x03 \x03\x02\x02x":    "close <mark>x</mark>",
		`"q" & 'a'`:                  "&#34;q&#34; &amp; &#39;a&#39;",
	} {
		if got := store.SnippetHTML(in); got != want {
			t.Errorf("SnippetHTML(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSearchEngines: whatever the text, the query the parser makes is one
// each engine accepts, in every scope, ranked and cut into snippets. The
// PostgreSQL half runs when PRESSROOM_TEST_POSTGRES is set.
func FuzzSearchEngines(f *testing.F) {
	for _, s := range []string{"aquifer", `"joint chiefs" -russia`, "zurich OR russia", "aqui*", `"joint chie`,
		`NEAR(a b) title:x {a}: b ^c * "" -`, "\x00\xff💧", "women's covid-19 U.S.", "the of", "-x -y",
		strings.Repeat("a OR ", 40), `a"b"c"d`, "\u0301\u0301", "ǅemal İstanbul ß"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	var dbs []*store.DB
	for _, engine := range presstest.Engines {
		if engine == store.EnginePostgres && os.Getenv(presstest.PostgresEnv) == "" {
			continue
		}
		db := presstest.MustStore(f, engine)
		searchDesk(f, db)
		dbs = append(dbs, db)
	}
	f.Fuzz(func(t *testing.T, s string, prefix bool) {
		e := press.ParseSearch(s, "en", prefix)
		if e.Empty() {
			return
		}
		for _, db := range dbs {
			if err := store.SearchMatchAll(context.Background(), db, &e); err != nil {
				t.Fatalf("%s: %q (read as %q): %v", db.Engine(), s, e.String(), err)
			}
		}
	})
}

// TestSnippet: the passage shown is the one with the most matches, begun
// where its sentence begins, with ellipses where the body goes on.
func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler ", 40)
	for _, tt := range []struct{ in, want string }{
		{"short [match] here.", "short [match] here."},
		{"No match at all. " + long, "No match at all." + strings.Repeat(" filler", 4) + "…"},
		{long + "The river. It ran [dry] in [May] and then " + long, "…It ran [dry] in [May] and then filler…"},
		{long + "one two three four five six seven eight nine ten eleven twelve [late] match " + long,
			"…nine ten eleven twelve [late] match filler filler…"},
		{long + "a [joint chiefs] meeting", "…filler filler filler filler a [joint chiefs] meeting"},
		{"[a] " + long + "[b] x [c] y [d] " + long, "…filler filler filler [b] x [c] y [d]…"},
		{long + "[a phrase that runs on and on and on past the end] of it", "…[a phrase that runs on and on and…"},
	} {
		if got := store.Snippet(tt.in, 8); got != tt.want {
			t.Errorf("Snippet(%.40q…) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPorterMatchesFTS5: the highlighter's stemmer is the one FTS5
// indexes with, word for word, over the demo's whole vocabulary.
func TestPorterMatchesFTS5(t *testing.T) {
	t.Parallel()
	b, err := demo.Bundle(press.DefaultTaxonomies())
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	for _, a := range b.Articles {
		for _, w := range strings.FieldsFunc(strings.ToLower(a.Title+" "+a.Dek+" "+markdown.Plain(a.Body.Source)), func(r rune) bool {
			return r > 'z' || r < 'a'
		}) {
			words[w] = true
		}
	}
	for _, w := range strings.Fields(`caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated
		troubled sized hopping tanned falling hissing fizzed failing filing happy sky relational conditional rational
		valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization predication
		operator feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative
		formalize electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable
		defensible irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous
		effective bowdlerize probate rate cease controll roll generously archaeology logi`) {
		words[w] = true
	}
	db := presstest.MustStore(t, store.EngineSQLite)
	conn := store.SQLDB(db)
	ctx := t.Context()
	for _, q := range []string{
		"CREATE VIRTUAL TABLE temp.words USING fts5 (w, tokenize = 'porter unicode61 remove_diacritics 2')",
		"CREATE VIRTUAL TABLE temp.stems USING fts5vocab (temp, words, 'instance')",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var list []string
	for w := range words {
		list = append(list, w)
	}
	for i, w := range list {
		if _, err := conn.ExecContext(ctx, "INSERT INTO temp.words (rowid, w) VALUES (?, ?)", i+1, w); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := conn.QueryContext(ctx, "SELECT doc, term FROM temp.stems")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	checked, wrong := 0, 0
	for rows.Next() {
		var doc int
		var stem string
		if err := rows.Scan(&doc, &stem); err != nil {
			t.Fatal(err)
		}
		checked++
		if got := store.SearchStem(list[doc-1]); got != stem && wrong < 20 {
			wrong++
			t.Errorf("stem(%q) = %q, FTS5 says %q", list[doc-1], got, stem)
		}
	}
	if checked < 3000 {
		t.Errorf("only %d words checked", checked)
	}
}

// TestHighlight: the highlighter marks what the index matched: stems,
// prefixes, phrases, words with diacritics; not exclusions.
func TestHighlight(t *testing.T) {
	for _, tt := range []struct {
		text, query string
		prefix      bool
		want        string
	}{
		{"Running water runs; the runner ran.", "run", false, "[Running] water [runs]; the runner ran."},
		{"The joint chiefs met; chiefs joint.", `"joint chiefs"`, false, "The [joint chiefs] met; chiefs joint."},
		{"Climate and climbing in Zürich", "clim* zurich", false, "[Climate] and [climbing] in [Zürich]"},
		{"São Paulo, Sao Paulo", `"sao paulo"`, false, "[São Paulo], [Sao Paulo]"},
		{"water without russia", "water -russia", false, "[water] without russia"},
		{"iran and iraq", "iran OR iraq", false, "[iran] and [iraq]"},
		{"a desert of wells", "well des", true, "a [desert] of [wells]"},
		{"women's rights", "women's", false, "[women's] rights"},
		{"no match here", "aquifer", false, "no match here"},
	} {
		e := press.ParseSearch(tt.query, "en", tt.prefix)
		if got, more := store.Highlight(tt.text, &e, true); got != tt.want || more {
			t.Errorf("Highlight(%q, %q) = %q, %v; want %q", tt.text, tt.query, got, more, tt.want)
		}
	}
	e := press.ParseSearch("runs", "fr", false)
	if got, _ := store.Highlight("runs running", &e, false); got != "[runs] running" {
		t.Errorf("without stemming: %q", got)
	}
	// It stops reading a while after the third match.
	e = press.ParseSearch("dam", "en", false)
	long := strings.Repeat("dam and river ", 200)
	if got, more := store.Highlight(long, &e, true); !more || strings.Count(got, "[") < 3 || len(got) > 600 {
		t.Errorf("a long text: %d marks, %d bytes, more %v", strings.Count(got, "["), len(got), more)
	}
}
