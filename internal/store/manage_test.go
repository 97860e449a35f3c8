package store_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// termSlugs returns the article's terms of tax in stored order.
func termSlugs(t *testing.T, db *store.DB, slug, tax string) []string {
	t.Helper()
	var out []string
	a := mustGet(t, db, slug)
	for _, m := range a.TermsOf(tax) {
		out = append(out, m.Slug)
	}
	return out
}

// wantRedirect fails unless from redirects to to.
func wantRedirect(t *testing.T, db *store.DB, from, to string) {
	t.Helper()
	x, err := db.Redirect(t.Context(), from)
	if err != nil || x.To != to {
		t.Errorf("redirect %s = %q, %v; want %q", from, x.To, err, to)
	}
}

func wantNoRedirect(t *testing.T, db *store.DB, from string) {
	t.Helper()
	if x, err := db.Redirect(t.Context(), from); !errors.Is(err, press.ErrNotFound) {
		t.Errorf("redirect %s = %q, %v; want none", from, x.To, err)
	}
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var ve *press.ValidationError
	if !errors.As(err, &ve) || ve.Message(field) == "" {
		t.Errorf("err = %v, want a validation error on %q", err, field)
	}
}

func manageAudit(t *testing.T, db *store.DB, prefix string) []string {
	t.Helper()
	log, err := db.AuditLog(t.Context(), store.AuditFilter{Action: prefix})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range log {
		out = append(out, e.Action+" "+e.Actor)
	}
	return out
}

func TestMergeTermsStore(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := press.WithActor(t.Context(), press.Actor{UserID: 0, Name: "Ed"})
		for _, m := range []press.Term{{Slug: "war", Name: "War"}, {Slug: "conflict", Name: "Conflictos"},
			{Slug: "sieges", Name: "Sieges", Parent: "war"}, {Slug: "peace", Name: "Peace"}} {
			m.Taxonomy = "themes"
			mustTerm(t, db, m)
		}
		mustArticle(t, db, published("both", day(2026, 1, 1, 0), nil, termRef("themes", "peace"), termRef("themes", "war"), termRef("themes", "conflict")))
		mustArticle(t, db, published("only-war", day(2026, 1, 2, 0), nil, termRef("themes", "war")))
		mustArticle(t, db, published("only-conflict", day(2026, 1, 3, 0), nil, termRef("themes", "conflict")))
		before := mustGet(t, db, "only-war")

		if err := db.MergeTerms(ctx, "themes", "war", "conflict"); err != nil {
			t.Fatal(err)
		}
		for slug, want := range map[string][]string{
			"both": {"peace", "conflict"}, "only-war": {"conflict"}, "only-conflict": {"conflict"},
		} {
			if got := termSlugs(t, db, slug, "themes"); !slices.Equal(got, want) {
				t.Errorf("%s: themes %v, want %v", slug, got, want)
			}
		}
		if after := mustGet(t, db, "only-war"); after.Version != before.Version+1 {
			t.Errorf("a merged article's version %d → %d, want it bumped", before.Version, after.Version)
		}
		if _, err := db.Term(ctx, "themes", "war"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("merged term: %v", err)
		}
		if m, _ := db.Term(ctx, "themes", "sieges"); m.Parent != "conflict" {
			t.Errorf("child of the merged term has parent %q, want conflict", m.Parent)
		}
		wantRedirect(t, db, "/themes/war", "/themes/conflict")
		wantRedirect(t, db, "/themes/war/atom.xml", "/themes/conflict/atom.xml")
		counts, err := db.TermArticleCounts(ctx, "themes")
		if err != nil || counts["conflict"] != 3 || counts["war"] != 0 {
			t.Errorf("counts after merge: %v, %v", counts, err)
		}
		// The search documents carry the survivor's name.
		res, err := db.Search(ctx, press.SearchQuery{Text: "conflictos"})
		if err != nil || res.Total != 3 {
			t.Errorf("search for the survivor's name: %d hits, %v; want 3", res.Total, err)
		}
		if got := manageAudit(t, db, "term."); !slices.Equal(got, []string{"term.merge Ed"}) {
			t.Errorf("audit: %v", got)
		}

		// Into a term below it: the survivor takes the merged term's place.
		mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "sub", Name: "Sub", Parent: "sieges"})
		if err := db.MergeTerms(ctx, "themes", "conflict", "sieges"); err != nil {
			t.Fatal(err)
		}
		if m, _ := db.Term(ctx, "themes", "sieges"); m.Parent != "" {
			t.Errorf("survivor below the merged term has parent %q, want none", m.Parent)
		}
		// The older redirect now leads straight to the survivor.
		wantRedirect(t, db, "/themes/war", "/themes/sieges")
		wantField(t, db.MergeTerms(ctx, "themes", "sieges", "sieges"), "into")
		if err := db.MergeTerms(ctx, "themes", "sieges", "nothing"); !errors.Is(err, press.ErrNotFound) {
			t.Errorf("merge into a missing term: %v", err)
		}
	})
}

func TestRenameAndDeleteTerm(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		mustTerm(t, db, press.Term{Taxonomy: "regions", Slug: "levant", Name: "Levant"})
		mustTerm(t, db, press.Term{Taxonomy: "regions", Slug: "syria", Name: "Syria", Parent: "levant"})
		mustTerm(t, db, press.Term{Taxonomy: "regions", Slug: "aleppo", Name: "Aleppo", Parent: "syria"})
		mustArticle(t, db, published("a", day(2026, 1, 1, 0), nil, termRef("regions", "syria")))

		if err := db.RenameTerm(ctx, "regions", "syria", "sham", "Sham"); err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, db, "/regions/syria", "/regions/sham")
		if m, err := db.Term(ctx, "regions", "sham"); err != nil || m.Name != "Sham" || m.Parent != "levant" {
			t.Errorf("renamed term: %+v, %v", m, err)
		}
		if got := termSlugs(t, db, "a", "regions"); !slices.Equal(got, []string{"sham"}) {
			t.Errorf("article terms after rename: %v", got)
		}
		// Renaming back makes the old address live, with no loop.
		if err := db.RenameTerm(ctx, "regions", "sham", "syria", ""); err != nil {
			t.Fatalf("renaming back: %v", err)
		}
		wantNoRedirect(t, db, "/regions/syria")
		wantRedirect(t, db, "/regions/sham", "/regions/syria")
		wantRedirect(t, db, "/regions/sham/feed.json", "/regions/syria/feed.json")
		// A chain is flattened.
		m, _ := db.Term(ctx, "regions", "syria")
		m.Slug = "syria-2"
		if err := db.UpdateTerm(ctx, "syria", &m); err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, db, "/regions/sham", "/regions/syria-2")
		wantRedirect(t, db, "/regions/syria", "/regions/syria-2")
		// A parent below itself is refused.
		m.Parent = "aleppo"
		wantField(t, db.UpdateTerm(ctx, "syria-2", &m), "parent")
		// Taken slugs conflict.
		if err := db.CreateTerm(ctx, &press.Term{Taxonomy: "regions", Slug: "levant", Name: "Again"}); !errors.Is(err, press.ErrConflict) {
			t.Errorf("create with a taken slug: %v", err)
		}

		// Deleting moves the children up and takes the term off articles.
		if err := db.DeleteTerm(ctx, "regions", "syria-2"); err != nil {
			t.Fatal(err)
		}
		if m, _ := db.Term(ctx, "regions", "aleppo"); m.Parent != "levant" {
			t.Errorf("child of the deleted term has parent %q, want levant", m.Parent)
		}
		if got := termSlugs(t, db, "a", "regions"); len(got) != 0 {
			t.Errorf("article keeps deleted term: %v", got)
		}
		if got := manageAudit(t, db, "term."); !slices.Equal(got, []string{"term.delete Pressroom", "term.rename Pressroom", "term.rename Pressroom", "term.rename Pressroom"}) {
			t.Errorf("audit: %v", got)
		}
	})
}

func TestManageTaxonomies(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "climate", Name: "Climate"})
		x := press.Taxonomy{Slug: "topics", Name: "Topics", Label: "Topic"}
		if err := db.CreateTaxonomy(ctx, &x); err != nil {
			t.Fatal(err)
		}
		if x.Position != 4 {
			t.Errorf("new taxonomy position %d, want last (4)", x.Position)
		}
		for _, slug := range []string{"articles", "regions"} {
			wantField(t, db.CreateTaxonomy(ctx, &press.Taxonomy{Slug: slug, Name: "N", Label: "L"}), "slug")
		}
		if err := db.SavePage(ctx, &press.Page{Slug: "about", Title: "About", Status: press.StatusPublished}); err != nil {
			t.Fatal(err)
		}
		th := press.Taxonomy{Slug: "about", Name: "Themes", Label: "Theme", Position: 2}
		wantField(t, db.UpdateTaxonomy(ctx, "themes", &th), "slug")

		th.Slug = "subjects"
		if err := db.UpdateTaxonomy(ctx, "themes", &th); err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, db, "/themes", "/subjects")
		wantRedirect(t, db, "/themes/climate", "/subjects/climate")
		wantRedirect(t, db, "/themes/climate/feed.xml", "/subjects/climate/feed.xml")
		if _, err := db.Term(ctx, "subjects", "climate"); err != nil {
			t.Errorf("term after the taxonomy's rename: %v", err)
		}

		mustArticle(t, db, published("a", day(2026, 1, 1, 0), nil, termRef("subjects", "climate")))
		if err := db.DeleteTaxonomy(ctx, "subjects"); err != nil {
			t.Fatal(err)
		}
		if got := mustGet(t, db, "a").Terms; len(got) != 0 {
			t.Errorf("article keeps terms of a deleted taxonomy: %v", got)
		}
		if got := manageAudit(t, db, "taxonomy."); !slices.Equal(got, []string{"taxonomy.delete Pressroom", "taxonomy.update Pressroom", "taxonomy.create Pressroom"}) {
			t.Errorf("audit: %v", got)
		}
	})
}

func TestManageAuthors(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ana := press.Author{Slug: "ana", Name: "Ana Ruiz"}
		if err := db.CreateAuthor(ctx, &ana); err != nil {
			t.Fatal(err)
		}
		mustAuthor(t, db, press.Author{Slug: "lee", Name: "Lee Park"})
		mustArticle(t, db, published("solo", day(2026, 1, 1, 0), []press.Author{authorRef("ana")}))
		mustArticle(t, db, published("duo", day(2026, 1, 2, 0), []press.Author{authorRef("ana"), authorRef("lee")}))

		ana.Slug, ana.Name = "ana-ruiz", "Ana María Ruiz"
		if err := db.UpdateAuthor(ctx, "ana", &ana); err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, db, "/authors/ana", "/authors/ana-ruiz")
		if got, err := db.AuthorByID(ctx, ana.ID); err != nil || got.Name != "Ana María Ruiz" {
			t.Errorf("AuthorByID = %+v, %v", got, err)
		}
		if res, err := db.Search(ctx, press.SearchQuery{Text: "maría"}); err != nil || res.Total != 2 {
			t.Errorf("search for the new name: %d, %v; want 2", res.Total, err)
		}

		wantField(t, db.DeleteAuthor(ctx, "ana-ruiz", ""), "reassign")
		wantField(t, db.DeleteAuthor(ctx, "ana-ruiz", "ana-ruiz"), "reassign")
		wantField(t, db.DeleteAuthor(ctx, "ana-ruiz", "nobody"), "reassign")
		if err := db.DeleteAuthor(ctx, "ana-ruiz", "lee"); err != nil {
			t.Fatal(err)
		}
		for _, slug := range []string{"solo", "duo"} {
			a := mustGet(t, db, slug)
			if len(a.Authors) != 1 || a.Authors[0].Slug != "lee" {
				t.Errorf("%s byline after reassignment: %v", slug, a.Authors)
			}
		}
		wantRedirect(t, db, "/authors/ana-ruiz", "/authors/lee")
		wantRedirect(t, db, "/authors/ana", "/authors/lee")
		if got := manageAudit(t, db, "author."); !slices.Equal(got, []string{"author.delete Pressroom", "author.update Pressroom", "author.create Pressroom"}) {
			t.Errorf("audit: %v", got)
		}
	})
}

func TestSaveSettings(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		before, err := db.LastModified(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s := press.DefaultSite()
		s.Disclaimer = md("Ours.")
		s.Navigation.Footer = []press.Link{{Label: "About", URL: "/about"}}
		if err := db.SaveSettings(ctx, s); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveSettings(ctx, s); err != nil { // unchanged: no second line
			t.Fatal(err)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Action: "settings.update"})
		if err != nil || len(log) != 1 || log[0].Summary != "changed disclaimer, footer navigation" {
			t.Errorf("audit: %+v, %v", log, err)
		}
		if after, _ := db.LastModified(ctx); !after.After(before) {
			t.Errorf("LastModified %v → %v, want it to move", before, after)
		}
		s.Name = ""
		wantField(t, db.SaveSettings(ctx, s), "name")
	})
}
