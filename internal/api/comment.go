package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/markdown"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// comment is a reader's approved comment. The writer's email and address
// are never shown; their name is plain text and the body sanitised HTML.
type comment struct {
	ID        int64      `json:"id"`
	Article   string     `json:"article"` // the article's slug
	URL       string     `json:"url"`     // the comment on the article's page
	ParentID  *int64     `json:"parent_id"`
	Depth     int        `json:"depth"`
	Removed   bool       `json:"removed"` // a placeholder keeping its replies in place
	Author    string     `json:"author"`
	BodyHTML  string     `json:"body_html"`
	CreatedAt time.Time  `json:"created_at"`
	EditedAt  *time.Time `json:"edited_at"`
}

func (v views) comment(c *press.Comment) comment {
	out := comment{ID: c.ID, Article: c.Article, URL: v.abs(press.ArticlePath(c.Article)) + "#comment-" + strconv.FormatInt(c.ID, 10),
		Depth: max(c.Depth, 1), Author: c.AuthorName, BodyHTML: c.BodyHTML, CreatedAt: c.CreatedAt.UTC()}
	if out.BodyHTML == "" && c.Body != "" {
		// Stored without its HTML (imported): rendered by the same
		// comment sanitiser as the site uses.
		out.BodyHTML = markdown.Comment(c.Body)
	}
	if c.ParentID != 0 {
		p := c.ParentID
		out.ParentID = &p
	}
	if !c.EditedAt.IsZero() {
		e := c.EditedAt.UTC()
		out.EditedAt = &e
	}
	if c.Status != press.CommentApproved {
		out.Removed, out.Author, out.BodyHTML = true, "", ""
	}
	return out
}

// commentCounts fills the approved comment counts of articles; without
// the newsroom every count is 0.
func (a *API) commentCounts(ctx context.Context, articles []press.Article) (map[int64]int, error) {
	if a.comments == nil || len(articles) == 0 {
		return map[int64]int{}, nil
	}
	ids := make([]int64, len(articles))
	for i := range articles {
		ids[i] = articles[i].ID
	}
	return a.comments.CommentCounts(ctx, ids)
}

// handleArticleComments lists an article's approved comments in reading
// order (each parent before its replies, oldest first), with their depth
// and parent, so a client can indent them as the site does. A removed
// comment whose replies remain is a placeholder (removed: true).
func (a *API) handleArticleComments(w http.ResponseWriter, r *http.Request) error {
	p := readParams(r)
	if err := p.err(); err != nil {
		return err
	}
	c, err := a.common(r)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	art, err := a.db.Article(r.Context(), slug)
	if errors.Is(err, press.ErrNotFound) || (err == nil && art.Status != press.StatusPublished) {
		return web.Errorf(http.StatusNotFound, "there is no published article %q", slug)
	}
	if err != nil {
		return err
	}
	var thread []press.Comment
	if a.comments != nil {
		if thread, err = a.comments.Thread(r.Context(), slug); err != nil {
			return err
		}
	}
	last, err := a.db.CommentsModified(r.Context(), art.ID)
	if err != nil {
		return err
	}
	modified := laterOf(c.modified, last)
	for i := range thread {
		thread[i].Article = slug
	}
	return writeData(w, r, listOf(thread, c.views.comment), modified)
}

// handleLatestComments lists the newest approved comments on the site,
// newest first, each with its article's slug.
func (a *API) handleLatestComments(w http.ResponseWriter, r *http.Request) error {
	p := readParams(r, "limit")
	n := p.limit()
	if err := p.err(); err != nil {
		return err
	}
	c, err := a.common(r)
	if err != nil {
		return err
	}
	var latest []press.Comment
	if a.comments != nil {
		if latest, err = a.comments.LatestComments(r.Context(), n); err != nil {
			return err
		}
	}
	modified := c.modified
	for i := range latest {
		modified = laterOf(modified, laterOf(latest[i].CreatedAt, latest[i].EditedAt))
	}
	return writeData(w, r, listOf(latest, c.views.comment), modified)
}

func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
