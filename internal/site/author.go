package site

import (
	"net/http"

	"github.com/pressroomhq/pressroom/internal/markdown"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
)

func (s *Site) handleAuthor(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	au, err := s.db.Author(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	list, pager, err := s.listing(ctx, r, press.ArticleFilter{Author: au.Slug})
	if err != nil {
		return err
	}
	l := c.layout(s.theme, r, au.Name, markdown.Plain(au.Bio.Source))
	l.Feeds = append(feedLinks(au.Name, &c.site, press.AuthorPath(au.Slug), true), l.Feeds...)
	l.Meta = c.authorMeta(&l, &au)
	p := &theme.AuthorPage{Layout: l, Author: &au, Articles: list.Articles, Total: list.Total, Pager: pager}
	body, err := s.theme.Author(p)
	return write(w, r, body, err, c.modified)
}

func (s *Site) handleAuthors(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	authors, err := s.db.Authors(ctx)
	if err != nil {
		return err
	}
	l := c.layout(s.theme, r, "", "")
	l.Title = l.T.M("authors")
	body, err := s.theme.Authors(&theme.AuthorsPage{Layout: l, Authors: authors})
	return write(w, r, body, err, c.modified)
}
