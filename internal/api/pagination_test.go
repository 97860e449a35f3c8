package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

func publish(ctx context.Context, s *presstest.Site, slug string, at time.Time) error {
	a := press.Article{Slug: slug, Title: "Breaking: " + slug, Body: press.Markdown{Source: "News."},
		Status: press.StatusPublished, PublishedAt: at}
	return s.DB.CreateArticle(ctx, &a)
}

// TestPaginationWhilePublishing walks every page of the demo site's
// articles while other goroutines publish: between page fetches, one
// publishes an article newer than all, one older than all and one at the
// very time of the page's last article; all along, another publishes
// articles newer than all and ones tied with articles already there, as
// fast as the store takes them. Every article there at the start must be
// listed exactly once, and nothing twice.
func TestPaginationWhilePublishing(t *testing.T) {
	t.Parallel()
	s := presstest.MustDemoSite(t)
	ctx := context.Background()
	// Ten articles published at the same moment, so that page boundaries
	// fall among ties.
	for i := range 10 {
		if err := publish(ctx, s, fmt.Sprintf("tie-%02d", i), time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	start, err := s.DB.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(start.Articles) < 40 {
		t.Fatalf("the demo has %d published articles; the walk needs many pages", len(start.Articles))
	}

	// Between pages: told the time of a page's last article, publish
	// three articles and answer.
	boundary := make(chan time.Time)
	published := make(chan error)
	go func() {
		n := 0
		for last := range boundary {
			n++
			var err error
			for _, p := range []struct {
				kind string
				at   time.Time
			}{
				{"newer", time.Date(2031, 1, 1, 0, 0, n, 0, time.UTC)},
				{"older", time.Date(1999, 1, 1, -n, 0, 0, 0, time.UTC)}, // older than the last "older"
				{"tied", last},
			} {
				if err == nil {
					err = publish(ctx, s, fmt.Sprintf("%s-%02d", p.kind, n), p.at)
				}
			}
			published <- err
		}
	}()
	// All along: a stream of new articles and of ones tied with existing
	// articles anywhere in the listing. It is bounded, so the walk ends.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var streamed atomic.Int64
	var streamErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 80 {
			select {
			case <-stop:
				return
			default:
			}
			at := time.Date(2032, 1, 1, 0, 0, i, 0, time.UTC)
			if i%2 == 1 {
				at = start.Articles[(i*7)%len(start.Articles)].PublishedAt
			}
			if streamErr = publish(ctx, s, fmt.Sprintf("stream-%03d", i), at); streamErr != nil {
				return
			}
			streamed.Add(1)
			time.Sleep(time.Millisecond)
		}
	}()

	seen := map[string]int{}
	pages := 0
	next := ""
	for {
		u := s.URL + "/api/v1/articles?limit=7&fields=slug,published_at"
		if next != "" {
			u += "&cursor=" + url.QueryEscape(next)
		}
		p := getJSON[page](t, u, http.StatusOK)
		pages++
		for _, it := range p.Data {
			seen[it.Slug]++
			if seen[it.Slug] == 2 {
				t.Errorf("page %d repeats %s", pages, it.Slug)
			}
		}
		if p.NextCursor == nil {
			break
		}
		if len(p.Data) == 0 || pages > 100 {
			t.Fatalf("page %d: %d articles and a next cursor", pages, len(p.Data))
		}
		last, err := time.Parse(time.RFC3339Nano, p.Data[len(p.Data)-1].PublishedAt)
		if err != nil {
			t.Fatal(err)
		}
		boundary <- last
		if err := <-published; err != nil {
			t.Fatal(err)
		}
		next = *p.NextCursor
	}
	close(boundary)
	close(stop)
	wg.Wait()
	if streamErr != nil {
		t.Fatal(streamErr)
	}

	for _, a := range start.Articles {
		if seen[a.Slug] != 1 {
			t.Errorf("%s, published before the walk began, was listed %d times", a.Slug, seen[a.Slug])
		}
	}
	for n := 1; n < pages; n++ {
		// Older ones land ahead of the walk; newer and tied ones behind it.
		for kind, want := range map[string]int{"older": 1, "newer": 0, "tied": 0} {
			if slug := fmt.Sprintf("%s-%02d", kind, n); seen[slug] != want {
				t.Errorf("%s, published after page %d, was listed %d times, want %d", slug, n, seen[slug], want)
			}
		}
	}
	if pages < 8 || streamed.Load() == 0 {
		t.Errorf("%d pages, %d articles streamed: the walk proved little", pages, streamed.Load())
	}

	// The control: paging by offset under the same publishing repeats an
	// article, which is what the cursor is for.
	first, err := s.DB.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Limit: 7})
	if err != nil {
		t.Fatal(err)
	}
	if err := publish(ctx, s, "control-newer", time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	second, err := s.DB.Articles(ctx, press.ArticleFilter{Status: press.StatusPublished, Limit: 7, Offset: 7})
	if err != nil {
		t.Fatal(err)
	}
	if first.Articles[6].Slug != second.Articles[0].Slug {
		t.Error("offset paging did not repeat an article: the publishing in this test does not challenge paging")
	}
}
