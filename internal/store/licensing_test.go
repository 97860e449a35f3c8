package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestLicensingRequests(t *testing.T) {
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		when := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
		pub := press.Article{Slug: "pub", Title: "Pub", Status: press.StatusPublished, PublishedAt: when, Body: press.Markdown{Source: "x"}}
		draft := press.Article{Slug: "draft", Title: "Draft", Status: press.StatusDraft, Body: press.Markdown{Source: "x"}}
		for _, a := range []*press.Article{&pub, &draft} {
			if err := db.CreateArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		req := press.LicensingRequest{ArticleID: pub.ID, Name: " Ana ", Email: "ana@paper.example", Outlet: "The Paper", Use: "print", Message: "Sunday edition"}
		if err := db.CreateLicensingRequest(ctx, &req); err != nil {
			t.Fatal(err)
		}
		second := req
		second.Use = "broadcast"
		if err := db.CreateLicensingRequest(ctx, &second); err != nil {
			t.Fatal(err)
		}
		got, err := db.LicensingRequests(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != second.ID || got[1].Name != "Ana" || got[1].Article != "pub" || got[1].Use != "print" {
			t.Errorf("requests = %+v", got)
		}
		for name, bad := range map[string]press.LicensingRequest{
			"draft":       {ArticleID: draft.ID, Name: "x", Email: "x@y.example", Outlet: "o", Use: "print"},
			"missing":     {ArticleID: 999999, Name: "x", Email: "x@y.example", Outlet: "o", Use: "print"},
			"bad email":   {ArticleID: pub.ID, Name: "x", Email: "not an address", Outlet: "o", Use: "print"},
			"unknown use": {ArticleID: pub.ID, Name: "x", Email: "x@y.example", Outlet: "o", Use: "tattoo"},
		} {
			err := db.CreateLicensingRequest(ctx, &bad)
			want := press.ErrInvalid
			if name == "draft" || name == "missing" {
				want = press.ErrNotFound
			}
			if !errors.Is(err, want) {
				t.Errorf("%s: err = %v, want %v", name, err, want)
			}
		}
		if got, _ := db.LicensingRequests(ctx, 10); len(got) != 2 {
			t.Errorf("failed requests were stored: %d rows", len(got))
		}
	})
}
