package admin

import (
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// DashboardPage is the admin's home: what needs doing first. Editors see
// what waits for review; everyone sees their drafts, what is scheduled
// and what went out last, as the newsroom lets them see it.
type DashboardPage struct {
	Layout
	Counts    []StatusCount
	Pending   []press.Article // waiting for review
	Drafts    []press.Article // the user's own drafts
	Scheduled []press.Article
	Published []press.Article
	Reviewer  bool // may publish others' work: the review queue is theirs

	// Moderator: the user moderates comments; Held are the newest held
	// comments and HeldTotal how many wait.
	Moderator bool
	Held      []press.Comment
	HeldTotal int
}

// dashboardRows is how many articles each list shows.
const dashboardRows = 5

func (a *Admin) handleDashboard(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	p := &DashboardPage{Layout: a.layout(w, r, s, "Dashboard", "dashboard"), Reviewer: s.User.Can(press.ActEditAny)}
	var err error
	if p.Counts, err = a.statusCounts(ctx, &s.User, store.AdminArticleFilter{}); err != nil {
		return err
	}
	lists := []struct {
		into *[]press.Article
		f    store.AdminArticleFilter
	}{
		{&p.Pending, store.AdminArticleFilter{Status: press.StatusPending}},
		{&p.Drafts, store.AdminArticleFilter{Status: press.StatusDraft, Owner: s.User.ID, AuthorSlug: s.User.Author}},
		{&p.Scheduled, store.AdminArticleFilter{Status: press.StatusScheduled, Sort: store.SortPublished}},
		{&p.Published, store.AdminArticleFilter{Status: press.StatusPublished, Sort: store.SortPublished}},
	}
	for _, l := range lists {
		l.f.Limit = dashboardRows
		list, err := a.news.Articles(ctx, &s.User, l.f)
		if err != nil {
			return err
		}
		*l.into = list.Articles
	}
	if p.Moderator = s.User.Can(press.ActModerate); p.Moderator {
		f := store.CommentFilter{Status: press.CommentPending, Limit: dashboardRows}
		if p.Held, p.HeldTotal, err = a.news.Comments(ctx, &s.User, f); err != nil {
			return err
		}
	}
	return a.render(w, "dashboard", p)
}
