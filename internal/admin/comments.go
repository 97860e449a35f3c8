package admin

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// CommentsPage is the moderation queue: comments of one status (held ones
// first of all), filtered by article and words, a page at a time, with
// bulk and per-row actions.
type CommentsPage struct {
	Layout
	Comments []press.Comment
	Paging

	// The filters as asked, for the form and for every link.
	Status       press.CommentStatus
	ArticleID    int64
	ArticleTitle string // of the article filter, when there is one
	Q            string

	Counts []CommentCount // for the status tabs, "Pending (3)"
}

// CommentCount is one tab of the queue.
type CommentCount struct {
	Status press.CommentStatus
	Label  string
	Count  int
}

// commentTabs are the queue's tabs in order, held comments first: they
// are what a moderator comes for.
var commentTabs = []CommentCount{
	{Status: press.CommentPending, Label: "Pending"},
	{Status: press.CommentApproved, Label: "Approved"},
	{Status: press.CommentSpam, Label: "Spam"},
	{Status: press.CommentTrash, Label: "Trash"},
}

// commentsPerPage is the queue's page size.
const commentsPerPage = 25

// Link returns the queue's address with the current filters and the given
// changes ("key", "value", …), dropping empty values; changing a filter
// goes back to page 1 unless a page is named.
func (p *CommentsPage) Link(changes ...string) string {
	v := url.Values{}
	set := func(k, val string) {
		if val == "" {
			v.Del(k)
		} else {
			v.Set(k, val)
		}
	}
	if p.Status != press.CommentPending {
		set("status", string(p.Status))
	}
	if p.ArticleID != 0 {
		set("article", strconv.FormatInt(p.ArticleID, 10))
	}
	set("q", p.Q)
	for i := 0; i+1 < len(changes); i += 2 {
		set(changes[i], changes[i+1])
	}
	if v.Get("status") == string(press.CommentPending) {
		v.Del("status") // the default tab
	}
	if q := v.Encode(); q != "" {
		return "/admin/comments?" + q
	}
	return "/admin/comments"
}

// PageLink is Link to page n.
func (p *CommentsPage) PageLink(n int) string {
	if n <= 1 {
		return p.Link()
	}
	return p.Link("page", strconv.Itoa(n))
}

// Back is the address of this very page of the queue, for forms to come
// back to.
func (p *CommentsPage) Back() string { return p.PageLink(p.Page) }

// Actions are the moves a row offers from the current tab: every status
// but the one it is in.
func (p *CommentsPage) Actions() []CommentAction {
	out := make([]CommentAction, 0, len(commentActions))
	for _, a := range commentActions {
		if a.To != p.Status {
			out = append(out, a)
		}
	}
	return out
}

// CommentAction is a moderation move: a button, and an entry of the bulk
// menu.
type CommentAction struct {
	Name  string // the form value
	Label string // the button
	To    press.CommentStatus
	Done  string // the flash message's verb: "3 comments approved"
}

var commentActions = []CommentAction{
	{"approve", "Approve", press.CommentApproved, "approved"},
	{"pending", "Back to pending", press.CommentPending, "sent back to pending"},
	{"spam", "Spam", press.CommentSpam, "marked as spam"},
	{"trash", "Trash", press.CommentTrash, "moved to the trash"},
}

func commentAction(name string) (CommentAction, bool) {
	for _, a := range commentActions {
		if a.Name == name {
			return a, true
		}
	}
	return CommentAction{}, false
}

func (a *Admin) handleComments(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := &CommentsPage{Layout: a.layout(w, r, s, "Comments", "comments"), Status: press.CommentStatus(q.Get("status")),
		Q: strings.TrimSpace(q.Get("q"))}
	switch p.Status {
	case press.CommentApproved, press.CommentSpam, press.CommentTrash:
	default:
		p.Status = press.CommentPending
	}
	p.Page, _ = strconv.Atoi(q.Get("page"))
	p.Page = max(p.Page, 1)
	if id, err := strconv.ParseInt(q.Get("article"), 10, 64); err == nil && id > 0 {
		art, err := a.news.Article(ctx, &s.User, id)
		switch {
		case err == nil:
			p.ArticleID, p.ArticleTitle = id, art.Title
		case !errors.Is(err, press.ErrNotFound):
			return err
		}
	}
	f := store.CommentFilter{Status: p.Status, ArticleID: p.ArticleID, Query: p.Q,
		Limit: commentsPerPage, Offset: (p.Page - 1) * commentsPerPage}
	var err error
	if p.Comments, p.Total, err = a.news.Comments(ctx, &s.User, f); err != nil {
		return err
	}
	p.Pages = max(1, (p.Total+commentsPerPage-1)/commentsPerPage)
	if p.Counts, err = a.commentCounts(ctx, &s.User, f); err != nil {
		return err
	}
	if p.Status != press.CommentPending {
		p.Title = "Comments: " + string(p.Status)
	}
	return a.render(w, "comments", p)
}

// commentCounts counts each tab with the other filters kept, by asking
// for one-row pages.
func (a *Admin) commentCounts(ctx context.Context, u *press.User, f store.CommentFilter) ([]CommentCount, error) {
	f.Limit, f.Offset = 1, 0
	out := append([]CommentCount(nil), commentTabs...)
	for i := range out {
		f.Status = out[i].Status
		_, n, err := a.news.Comments(ctx, u, f)
		if err != nil {
			return nil, err
		}
		out[i].Count = n
	}
	return out, nil
}

// commentsBack returns the queue address a form came from (its "back"
// field), or the queue.
func commentsBack(r *http.Request) string {
	if b := r.PostFormValue("back"); strings.HasPrefix(b, "/admin/comments") && !strings.ContainsAny(b, "\\\r\n") {
		return b
	}
	return "/admin/comments"
}

// handleCommentsModerate moves comments to another status: the ticked
// rows with the bulk menu's action, or one row by its own button (the
// button's value is "action:id").
func (a *Admin) handleCommentsModerate(w http.ResponseWriter, r *http.Request, s *staff) error {
	f := r.PostForm
	name, ids := f.Get("action"), f["ids"]
	if one := f.Get("row"); one != "" {
		act, id, _ := strings.Cut(one, ":")
		name, ids = act, []string{id}
	}
	act, ok := commentAction(name)
	if !ok {
		return a.redirect(w, r, commentsBack(r), "Choose an action to apply.")
	}
	var list []int64
	for _, v := range ids {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			list = append(list, id)
		}
	}
	if len(list) == 0 {
		return a.redirect(w, r, commentsBack(r), "Tick the comments to "+strings.ToLower(act.Label)+" first.")
	}
	n, err := a.news.ModerateComments(r.Context(), &s.User, list, act.To)
	if err != nil {
		return err
	}
	return a.redirect(w, r, commentsBack(r), countComments(n)+" "+act.Done+".")
}

// countComments says "1 comment" or "3 comments".
func countComments(n int) string {
	if n == 1 {
		return "1 comment"
	}
	return strconv.Itoa(n) + " comments"
}

// CommentEditPage is a moderator's edit of one comment's body.
type CommentEditPage struct {
	Layout
	FormErrors
	Comment press.Comment
	Body    string // as typed
	Back    string
}

func commentID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, press.ErrNotFound
	}
	return id, nil
}

func (a *Admin) handleCommentEdit(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := commentID(r)
	if err != nil {
		return err
	}
	c, err := a.db.Comment(r.Context(), id) // moderators (the route's role) may read any comment
	if err != nil {
		return err
	}
	back := r.URL.Query().Get("back")
	if !strings.HasPrefix(back, "/admin/comments") || strings.ContainsAny(back, "\\\r\n") {
		back = "/admin/comments"
	}
	p := &CommentEditPage{Layout: a.layout(w, r, s, "Edit comment", "comments"), Comment: c, Body: c.Body, Back: back}
	return a.render(w, "comment_edit", p)
}

func (a *Admin) handleCommentUpdate(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	id, err := commentID(r)
	if err != nil {
		return err
	}
	body := strings.ReplaceAll(r.PostForm.Get("body"), "\r\n", "\n")
	if _, err := a.news.EditComment(ctx, &s.User, id, body); err != nil {
		fe, err := fieldErrors(err)
		if err != nil {
			return err
		}
		c, err := a.db.Comment(ctx, id)
		if err != nil {
			return err
		}
		p := &CommentEditPage{Layout: a.layout(w, r, s, "Edit comment", "comments"), FormErrors: fe, Comment: c, Body: body,
			Back: commentsBack(r)}
		return a.renderStatus(w, http.StatusUnprocessableEntity, "comment_edit", p)
	}
	return a.redirect(w, r, commentsBack(r), "Comment saved.")
}

// HTML returns a comment's body for the moderator to read: its HTML,
// rendered and sanitised by the comment policy when it was written (or
// imported); "" when there is none, and the template shows the text.
func (p *CommentsPage) HTML(c press.Comment) template.HTML { return commentHTML(c) }

// HTML: see CommentsPage.HTML.
func (p *CommentEditPage) HTML(c press.Comment) template.HTML { return commentHTML(c) }

func commentHTML(c press.Comment) template.HTML {
	return template.HTML(c.BodyHTML) // sanitised at write time (markdown.Comment)
}
