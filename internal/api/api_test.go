package api_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/server"
	"github.com/pressroomhq/pressroom/internal/theme"
)

func TestMain(m *testing.M) { presstest.Main(m) }

func md(s string) press.Markdown { return press.Markdown{Source: s} }

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixture is a small site whose every article, author and term the tests
// can name:
//
//	regions: mena > syria > damascus; europe
//	authors: ana-ruiz (with an email), lee-park
//
//	europe-heat      2026-04-01 00:00   ana       regions/europe, own licence, in German
//	damascus-nights  2026-03-31 23:00   lee       regions/damascus
//	water-war        2026-03-04 09:30 ★ ana lee   regions/syria themes/climate-water reports/the-water-ledger
//	mena-overview    2026-02-10 12:00   lee       regions/mena
//	partner-piece    2026-01-15 08:00   ana       themes/climate-water, not republishable
//	secret-draft     draft              ana       regions/syria
func fixture() press.Bundle {
	site := press.DefaultSite()
	site.Name = "The Test Desk"
	site.BaseURL = "https://desk.example"
	site.Logo = "/media/logo.svg"
	site.Tagline = "Slow news"
	site.RepublishingPolicy = md("Community sites may **republish** with a link back.")
	site.Disclaimer = md("Views are the authors' own.")
	site.Navigation.Header = []press.Link{{Label: "Home", URL: "/"}, {Label: "Syria", URL: "/regions/syria"}}
	site.Navigation.Footer = []press.Link{{Label: "Mastodon", URL: "https://social.example/@desk"}}
	ana := press.Author{Slug: "ana-ruiz", Name: "Ana Ruiz"}
	lee := press.Author{Slug: "lee-park", Name: "Lee Park"}
	term := func(tax, slug string) press.Term { return press.Term{Taxonomy: tax, Slug: slug} }
	published := func(slug string, date string, authors []press.Author, terms ...press.Term) press.Article {
		return press.Article{Slug: slug, Title: "Title of " + slug, Body: md("Body of " + slug + "."),
			Status: press.StatusPublished, PublishedAt: at(date), Authors: authors, Terms: terms}
	}
	war := published("water-war", "2026-03-04T09:30:00Z", []press.Author{ana, lee},
		term("regions", "syria"), term("themes", "climate-water"), term("reports", "the-water-ledger"))
	war.Title, war.Dek, war.Featured = "The water war nobody names", "Dams, drought & a quiet contest.", true
	war.Body = md("Opening with a [source](https://data.example/r).\n\n<script>alert(1)</script>\n\nMore.")
	war.Image = press.Image{Src: "/media/water.svg", Alt: "A dry riverbed", Credit: "Illustration: Test"}
	war.Source = press.Source{Name: "Basin Monitor", URL: "https://basin.example/orig"}
	war.Copyright = press.Copyright{Holder: "Basin Monitor", Year: 2025}
	war.Fields = []press.Field{{Key: "translator", Value: "Sam Haddad"}, {Key: "document_id", Value: "BM-77"}}
	heat := published("europe-heat", "2026-04-01T00:00:00Z", []press.Author{ana}, term("regions", "europe"))
	heat.License, heat.Language = md("CC BY 4.0"), "de"
	partner := published("partner-piece", "2026-01-15T08:00:00Z", []press.Author{ana}, term("themes", "climate-water"))
	partner.NoRepublish = true
	draft := published("secret-draft", "2026-03-20T00:00:00Z", []press.Author{ana}, term("regions", "syria"))
	draft.Status = press.StatusDraft
	return press.Bundle{
		Site: &site,
		Terms: []press.Term{
			{Taxonomy: "regions", Slug: "mena", Name: "Middle East & North Africa", Description: md("The *region*.")},
			{Taxonomy: "regions", Slug: "syria", Name: "Syria", Parent: "mena"},
			{Taxonomy: "regions", Slug: "damascus", Name: "Damascus", Parent: "syria"},
			{Taxonomy: "regions", Slug: "europe", Name: "Europe"},
			{Taxonomy: "themes", Slug: "climate-water", Name: "Climate & Water"},
			{Taxonomy: "reports", Slug: "the-water-ledger", Name: "The Water Ledger"},
		},
		Authors: []press.Author{
			{Slug: "ana-ruiz", Name: "Ana Ruiz", Bio: md("Ana covers **water**."), Photo: "/media/ana.svg",
				Email: "ana@desk.example", Links: []press.Link{{Label: "Site", URL: "https://ana.example"}}},
			{Slug: "lee-park", Name: "Lee Park", Photo: "https://cdn.example/lee.jpg", Email: "lee@desk.example"},
		},
		Articles: []press.Article{
			war, heat, partner, draft,
			published("damascus-nights", "2026-03-31T23:00:00Z", []press.Author{lee}, term("regions", "damascus")),
			published("mena-overview", "2026-02-10T12:00:00Z", []press.Author{lee}, term("regions", "mena")),
		},
	}
}

func mustFixtureSite(t *testing.T) *presstest.Site {
	t.Helper()
	s := presstest.MustSite(t)
	if _, err := s.Newsroom.Import(context.Background(), fixture()); err != nil {
		t.Fatal(err)
	}
	return s
}

// mustServer serves the whole application over s's store with opt, for
// tests of settings MustSite leaves at their defaults.
func mustServer(t *testing.T, s *presstest.Site, opt server.Options) string {
	t.Helper()
	th, err := theme.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.Handler(s.DB, th, s.MediaDir, presstest.Logger(), opt))
	t.Cleanup(srv.Close)
	return srv.URL
}

// getJSON fetches url, fails t unless the status is want, and decodes the
// body into a T.
func getJSON[T any](t *testing.T, url string, want int) T {
	t.Helper()
	d := presstest.MustGet(t, url, want)
	if ct := d.Resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", url, ct)
	}
	var v T
	if err := json.Unmarshal([]byte(d.Body), &v); err != nil {
		t.Fatalf("%s: %v\n%s", url, err, d.Body)
	}
	return v
}

// errorBody is what every failed request answers with.
type errorBody struct {
	Error struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	} `json:"error"`
}

// mustFail fetches url and checks that it fails with status and a JSON
// message containing each of the words.
func mustFail(t *testing.T, url string, status int, words ...string) {
	t.Helper()
	e := getJSON[errorBody](t, url, status)
	if e.Error.Status != status {
		t.Errorf("%s: error.status %d, want %d", url, e.Error.Status, status)
	}
	for _, w := range words {
		if !strings.Contains(e.Error.Message, w) {
			t.Errorf("%s: message %q does not say %q", url, e.Error.Message, w)
		}
	}
	if strings.Contains(e.Error.Message, "store:") {
		t.Errorf("%s: message %q shows internals", url, e.Error.Message)
	}
}

// rate returns a config.Rate or fails.
func rate(t *testing.T, s string) config.Rate {
	t.Helper()
	var r config.Rate
	if err := r.UnmarshalText([]byte(s)); err != nil {
		t.Fatal(err)
	}
	return r
}
