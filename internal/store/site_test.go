package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestSite(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		got, err := db.Site(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(press.DefaultSite(), got); diff != "" {
			t.Errorf("site of a new database (-want +got):\n%s", diff)
		}

		want := press.Site{
			Name: "The Outlet", Tagline: "News that matters", BaseURL: "https://outlet.example", Language: "ar",
			Logo:               "/media/logo.svg",
			RepublishingPolicy: md("Republish freely under CC BY-ND."),
			Disclaimer:         md("Views are the authors' own."),
			FairUseNotice:      md("Fair use."),
			Contacts:           md("desk@outlet.example"),
			MembershipCall:     md("Become a member."),
			CommentCall:        md("Tell us what you think."),
			Navigation: press.Navigation{
				Header: []press.Link{{Label: "Regions", URL: "/regions"}, {Label: "About", URL: "/about"}},
				Footer: []press.Link{{Label: "Contact", URL: "/contact"}},
			},
			CanonicalToSource: true,
			Comments: press.CommentPolicy{Mode: press.CommentsMembers, CloseAfterDays: 30, RequireVerification: true,
				MaxLinks: 1, FlagThreshold: 2, BlockedWords: []string{"casino"}, MaxDepth: 2, EditMinutes: 5},
		}
		// Every setting takes part in the round trip, so a field added to
		// press.Site but forgotten by the store fails here.
		v := reflect.ValueOf(want)
		for i := range v.NumField() {
			if name := v.Type().Field(i).Name; name != "UpdatedAt" && v.Field(i).IsZero() {
				t.Fatalf("the round-trip site leaves %s unset", name)
			}
		}
		if err := db.UpdateSite(ctx, want); err != nil {
			t.Fatal(err)
		}
		want.UpdatedAt = stored(t0)
		got, err = db.Site(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("site (-want +got):\n%s", diff)
		}

		// Storing the same settings again changes nothing.
		presstest.ClockOf(t, db).Advance(time.Hour)
		if err := db.UpdateSite(ctx, want); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Site(ctx); !got.UpdatedAt.Equal(stored(t0)) {
			t.Errorf("UpdatedAt after an identical update = %v, want %v", got.UpdatedAt, stored(t0))
		}

		bad := want
		bad.Name = " "
		err = db.UpdateSite(ctx, bad)
		wantErr(t, "UpdateSite without a name", err, press.ErrInvalid)
		if got, _ := db.Site(ctx); got.Name != want.Name {
			t.Errorf("an invalid update was stored: name %q", got.Name)
		}
	}, presstest.WithClock(t0))
}

func TestTaxonomies(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		got, err := db.Taxonomies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := press.DefaultTaxonomies()
		for i := range want {
			want[i].ID = got[min(i, len(got)-1)].ID
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("default taxonomies (-want +got):\n%s", diff)
		}

		formats := press.Taxonomy{Slug: "formats", Name: "Formats", Label: "Format", Position: 0}
		if err := db.SaveTaxonomy(ctx, &formats); err != nil {
			t.Fatal(err)
		}
		themes := press.Taxonomy{Slug: "themes", Name: "Topics", Label: "Topic", Position: 4}
		if err := db.SaveTaxonomy(ctx, &themes); err != nil {
			t.Fatal(err)
		}
		if themes.ID != want[1].ID {
			t.Errorf("saving themes again gave ID %d, want %d (an update)", themes.ID, want[1].ID)
		}
		got, err = db.Taxonomies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]press.Taxonomy{formats, want[0], want[2], themes}, got); diff != "" {
			t.Errorf("taxonomies by position (-want +got):\n%s", diff)
		}
		one, err := db.Taxonomy(ctx, "themes")
		if err != nil || one != themes {
			t.Errorf("Taxonomy(themes) = %+v, %v; want %+v", one, err, themes)
		}
		_, err = db.Taxonomy(ctx, "nope")
		wantErr(t, "Taxonomy(nope)", err, press.ErrNotFound)
		err = db.SaveTaxonomy(ctx, &press.Taxonomy{Slug: "archive", Name: "Archive", Label: "Archive"})
		wantErr(t, "SaveTaxonomy(archive)", err, press.ErrInvalid)
	})
}

func TestLastModified(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		check := func(what string, want time.Time) {
			t.Helper()
			got, err := db.LastModified(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("after %s: LastModified = %v, want %v", what, got, want)
			}
		}
		check("nothing", time.Time{})

		ana := mustAuthor(t, db, press.Author{Slug: "ana", Name: "Ana"})
		check("an author", stored(t0))

		a := mustArticle(t, db, published("a", day(2020, 1, 1, 0), nil))
		check("an article", stored(clock.Now())) // same instant: max is still right

		now := clock.Advance(time.Minute)
		mustTerm(t, db, press.Term{Taxonomy: "themes", Slug: "war", Name: "War"})
		check("a term", stored(now))

		now = clock.Advance(time.Minute)
		if err := db.SavePage(ctx, &press.Page{Slug: "about", Title: "About", Status: press.StatusPublished}); err != nil {
			t.Fatal(err)
		}
		check("a page", stored(now))

		now = clock.Advance(time.Minute)
		if err := db.UpdateSite(ctx, press.Site{Name: "X", Language: "en"}); err != nil {
			t.Fatal(err)
		}
		check("the site", stored(now))

		now = clock.Advance(time.Minute)
		a.Title = "Changed"
		if err := db.UpdateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		check("an article update", stored(now))

		now = clock.Advance(time.Minute)
		if err := db.DeleteArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		check("a deletion", stored(now))

		now = clock.Advance(time.Minute)
		x := press.Taxonomy{Slug: "themes", Name: "Topics", Label: "Topic", Position: 2}
		if err := db.SaveTaxonomy(ctx, &x); err != nil {
			t.Fatal(err)
		}
		check("a taxonomy", stored(now))

		clock.Advance(time.Minute)
		mustAuthor(t, db, ana) // unchanged
		check("saving an unchanged author", stored(now))
	}, presstest.WithClock(t0))
}
