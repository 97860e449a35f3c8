package site

import (
	"net/http"

	"github.com/pressroomhq/pressroom/internal/feed"
	"github.com/pressroomhq/pressroom/internal/markdown"
	"github.com/pressroomhq/pressroom/internal/press"
)

// handleTermFile serves the files under a term's listing: the term's
// feeds, e.g. /regions/syria/feed.xml, atom.xml and feed.json. Like the
// listing, a term's feed carries the articles of the terms below it too.
func (s *Site) handleTermFile(w http.ResponseWriter, r *http.Request) error {
	f, ok := feed.FormatOf(r.PathValue("file"))
	if !ok {
		return press.ErrNotFound
	}
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	tax, ok := c.taxonomy(r.PathValue("taxonomy"))
	if !ok {
		return press.ErrNotFound
	}
	term, err := s.db.Term(ctx, tax.Slug, r.PathValue("term"))
	if err != nil {
		return err
	}
	return s.serveFeed(w, r, c, f, term.Name, markdown.Plain(term.Description.Source),
		press.TermPath(tax.Slug, term.Slug), press.ArticleFilter{Taxonomy: tax.Slug, Term: term.Slug})
}
