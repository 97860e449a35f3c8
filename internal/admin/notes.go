package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// NoteView is an editorial note placed in its thread.
type NoteView struct {
	press.Note
	Depth int // 0 starts a thread; replies are 1, 2, 3 (deeper ones show as 3)
}

// notes returns the notes on an article in threads, and how many are
// resolved. Unless all is set, resolved notes and the replies under them
// are left out, as a resolved thread is done with.
func (a *Admin) notes(r *http.Request, u *press.User, articleID int64, all bool) ([]NoteView, int, error) {
	list, err := a.news.Notes(r.Context(), u, articleID)
	if err != nil {
		return nil, 0, err
	}
	depth := map[int64]int{}
	hidden := map[int64]bool{}
	resolved := 0
	out := make([]NoteView, 0, len(list))
	for _, n := range list {
		d := 0
		if n.Parent != 0 {
			d = min(depth[n.Parent]+1, 3)
		}
		depth[n.ID] = d
		if !n.ResolvedAt.IsZero() {
			resolved++
		}
		if !all && (!n.ResolvedAt.IsZero() || hidden[n.Parent]) {
			hidden[n.ID] = true
			continue
		}
		out = append(out, NoteView{Note: n, Depth: d})
	}
	return out, resolved, nil
}

func (a *Admin) handleNoteCreate(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := articleID(r)
	if err != nil {
		return err
	}
	n := press.Note{ArticleID: id, Body: strings.TrimSpace(r.PostFormValue("body")), Anchor: strings.TrimSpace(r.PostFormValue("anchor"))}
	n.Parent, _ = strconv.ParseInt(r.PostFormValue("parent"), 10, 64)
	if err := a.news.AddNote(r.Context(), &s.User, &n); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/articles/"+strconv.FormatInt(id, 10)+"#notes", "Note added.")
}

func (a *Admin) handleNoteResolve(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := articleID(r)
	if err != nil {
		return err
	}
	nid, err := strconv.ParseInt(r.PathValue("note"), 10, 64)
	if err != nil {
		return press.ErrNotFound
	}
	if err := a.news.ResolveNote(r.Context(), &s.User, nid); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/articles/"+strconv.FormatInt(id, 10)+"#notes", "Note resolved.")
}
