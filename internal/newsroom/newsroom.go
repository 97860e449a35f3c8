// Package newsroom holds the editorial operations that every way of changing
// content shares: the importer, the CLI and (later) the admin and the Admin
// API. It renders Markdown at write time, so readers never pay for it, and
// keeps the stored HTML in step with the renderer's version. It does not
// know about HTTP; it returns press errors.
package newsroom

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/pressroomhq/pressroom/internal/markdown"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// Newsroom performs editorial operations on one store.
type Newsroom struct {
	db     *store.DB
	logger *slog.Logger
	media  mediaConfig // see media.go

	commentRT *commentRuntime // see comments.go
}

// New returns a Newsroom over db.
func New(db *store.DB, logger *slog.Logger) *Newsroom {
	return &Newsroom{db: db, logger: logger, commentRT: newCommentRuntime()}
}

// Import renders every Markdown text of b and stores the whole bundle in
// one transaction: either all of it lands or none.
func (n *Newsroom) Import(ctx context.Context, b press.Bundle) (store.ImportStats, error) {
	Render(&b)
	stats, err := n.db.Import(ctx, b)
	if err != nil {
		return stats, fmt.Errorf("newsroom: import: %w", err)
	}
	return stats, nil
}

// ImportStream stores a stream of bundles in one transaction, as
// store.DB.ImportStream does, rendering every Markdown text of each bundle
// before it is added: fill hands bundles to add one at a time, and
// either the whole stream lands or, on any error, none of it. Nothing of a
// bundle is kept once its add returns.
func (n *Newsroom) ImportStream(ctx context.Context, fill func(add func(press.Bundle) error) error) (store.ImportStats, error) {
	stats, err := n.db.ImportStream(ctx, func(add func(press.Bundle) error) error {
		return fill(func(b press.Bundle) error {
			Render(&b)
			return add(b)
		})
	})
	if err != nil {
		return stats, fmt.Errorf("newsroom: import: %w", err)
	}
	return stats, nil
}

// Render fills the HTML (and derived fields) of every Markdown text in b
// from its source.
func Render(b *press.Bundle) {
	if b.Site != nil {
		for _, m := range siteTexts(b.Site) {
			m.HTML = markdown.Text(m.Source)
		}
	}
	for i := range b.Terms {
		b.Terms[i].Description.HTML = markdown.Text(b.Terms[i].Description.Source)
	}
	for i := range b.Authors {
		b.Authors[i].Bio.HTML = markdown.Text(b.Authors[i].Bio.Source)
	}
	for i := range b.Pages {
		b.Pages[i].Body.HTML = markdown.Text(b.Pages[i].Body.Source)
	}
	for i := range b.Articles {
		RenderArticle(&b.Articles[i])
	}
}

// RenderArticle fills the article's body HTML, excerpt, word count and
// licence HTML from their Markdown.
func RenderArticle(a *press.Article) {
	r := markdown.Article(a.Body.Source)
	a.Body.HTML, a.Excerpt, a.WordCount = r.HTML, r.Excerpt, r.WordCount
	a.License.HTML = markdown.Text(a.License.Source)
}

func siteTexts(s *press.Site) []*press.Markdown {
	return []*press.Markdown{&s.RepublishingPolicy, &s.Disclaimer, &s.FairUseNotice, &s.Contacts, &s.MembershipCall, &s.CommentCall}
}

// RerenderStale re-renders all stored Markdown when the renderer's version
// differs from the one that produced the stored HTML, so a fix to the
// Markdown pipeline (say, a tighter sanitiser) reaches old articles too.
func (n *Newsroom) RerenderStale(ctx context.Context) error {
	count, err := n.db.Rerender(ctx, markdown.Version, markdown.Article, markdown.Text)
	if err != nil {
		return fmt.Errorf("newsroom: re-render: %w", err)
	}
	if count > 0 {
		n.logger.Info("re-rendered stored Markdown", "renderer_version", markdown.Version, "rows", count)
	}
	return nil
}
