package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestMain(m *testing.M) { presstest.Main(m) }

// t0 is when the test clocks start. It has nanoseconds, which the store
// must drop.
var t0 = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)

// stored is t as the store keeps it.
func stored(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// day returns midnight UTC of a date plus an hour offset.
func day(year int, month time.Month, d, hour int) time.Time {
	return time.Date(year, month, d, hour, 0, 0, 0, time.UTC)
}

func md(src string) press.Markdown { return press.Markdown{Source: src, HTML: "<p>" + src + "</p>"} }

func mustAuthor(t *testing.T, db *store.DB, a press.Author) press.Author {
	t.Helper()
	if err := db.SaveAuthor(t.Context(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func mustTerm(t *testing.T, db *store.DB, m press.Term) press.Term {
	t.Helper()
	if err := db.SaveTerm(t.Context(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func mustArticle(t *testing.T, db *store.DB, a press.Article) press.Article {
	t.Helper()
	if err := db.CreateArticle(t.Context(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func mustGet(t *testing.T, db *store.DB, slug string) press.Article {
	t.Helper()
	a, err := db.Article(t.Context(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// wantErr fails t unless err matches target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: err = %v, want %v", what, err, target)
	}
}

func slugs(list []press.Article) []string {
	out := []string{}
	for _, a := range list {
		out = append(out, a.Slug)
	}
	return out
}

func authorRef(slug string) press.Author { return press.Author{Slug: slug} }

func termRef(tax, slug string) press.Term { return press.Term{Taxonomy: tax, Slug: slug} }

// published returns a published article dated at.
func published(slug string, at time.Time, authors []press.Author, terms ...press.Term) press.Article {
	return press.Article{
		Slug: slug, Title: "Title of " + slug, Body: md("Body of " + slug), Excerpt: "Excerpt of " + slug,
		WordCount: 3, Status: press.StatusPublished, PublishedAt: at, Authors: authors, Terms: terms,
	}
}

// newsroom is a small site many tests share:
//
//	regions: middle-east > syria > damascus, syria > al-raqqa; europe
//	themes: war, climate; reports: water-crisis
//	authors: ana, lee
//
// and seven articles, one a draft, in the order listings show them:
//
//	draft-piece          draft            ana  regions/syria reports/water-crisis
//	new-climate          2026-03-01       ana  themes/climate
//	europe-heat          2026-02-20       ana lee  regions/europe themes/climate reports/water-crisis
//	damascus-siege       2026-02-05 ★     lee  regions/damascus themes/war
//	syria-water          2026-01-10 12h   ana  regions/syria reports/water-crisis themes/climate
//	middle-east-overview 2025-12-31 23:59:59.999999  lee  regions/middle-east themes/war
//	old-climate          2025-11-01       -    themes/climate
func newsroom(t *testing.T, db *store.DB) map[string]press.Article {
	t.Helper()
	mustAuthor(t, db, press.Author{Slug: "ana", Name: "Ana Ruiz", Bio: md("Ana writes."), Photo: "/media/ana.jpg"})
	mustAuthor(t, db, press.Author{Slug: "lee", Name: "Lee Park", Bio: md("Lee reports.")})
	for _, m := range []press.Term{
		{Taxonomy: "regions", Slug: "middle-east", Name: "Middle East"},
		{Taxonomy: "regions", Slug: "syria", Name: "Syria", Parent: "middle-east"},
		{Taxonomy: "regions", Slug: "damascus", Name: "Damascus", Parent: "syria"},
		{Taxonomy: "regions", Slug: "al-raqqa", Name: "al-Raqqa", Parent: "syria"},
		{Taxonomy: "regions", Slug: "europe", Name: "Europe"},
		{Taxonomy: "themes", Slug: "war", Name: "War"},
		{Taxonomy: "themes", Slug: "climate", Name: "Climate"},
		{Taxonomy: "reports", Slug: "water-crisis", Name: "The Water Crisis", Description: md("Two years of drought.")},
	} {
		mustTerm(t, db, m)
	}
	ana, lee := []press.Author{authorRef("ana")}, []press.Author{authorRef("lee")}
	draft := published("draft-piece", time.Time{}, ana, termRef("regions", "syria"), termRef("reports", "water-crisis"))
	draft.Status = press.StatusDraft
	siege := published("damascus-siege", day(2026, 2, 5, 0), lee, termRef("regions", "damascus"), termRef("themes", "war"))
	siege.Featured = true
	list := []press.Article{
		published("syria-water", day(2026, 1, 10, 12), ana,
			termRef("regions", "syria"), termRef("reports", "water-crisis"), termRef("themes", "climate")),
		siege,
		published("europe-heat", day(2026, 2, 20, 0), []press.Author{authorRef("ana"), authorRef("lee")},
			termRef("regions", "europe"), termRef("themes", "climate"), termRef("reports", "water-crisis")),
		draft,
		published("middle-east-overview", time.Date(2025, 12, 31, 23, 59, 59, 999999000, time.UTC), lee,
			termRef("regions", "middle-east"), termRef("themes", "war")),
		published("old-climate", day(2025, 11, 1, 0), nil, termRef("themes", "climate")),
		published("new-climate", day(2026, 3, 1, 0), ana, termRef("themes", "climate")),
	}
	out := map[string]press.Article{}
	for _, a := range list {
		out[a.Slug] = mustArticle(t, db, a)
	}
	return out
}
