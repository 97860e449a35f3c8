package press

import (
	"errors"
	"testing"
	"time"
)

func TestTransition(t *testing.T) {
	t.Parallel()
	const no = Action("-")
	S := []Status{"", StatusDraft, StatusPending, StatusScheduled, StatusPublished, StatusUnpublished, StatusTrash}
	// want[from][to], in the order of S (to skips "").
	want := map[Status][]Action{
		"":                {ActCreateArticle, ActSubmitArticle, ActSchedule, ActPublishArticle, no, no},
		StatusDraft:       {ActEditArticle, ActSubmitArticle, ActSchedule, ActPublishArticle, ActUnpublish, no},
		StatusPending:     {ActEditArticle, ActEditArticle, ActSchedule, ActPublishArticle, ActUnpublish, no},
		StatusScheduled:   {ActUnpublish, ActUnpublish, ActEditArticle, ActPublishArticle, ActUnpublish, no},
		StatusPublished:   {ActUnpublish, ActUnpublish, ActSchedule, ActEditArticle, ActUnpublish, no},
		StatusUnpublished: {ActEditArticle, ActSubmitArticle, ActSchedule, ActPublishArticle, ActEditArticle, no},
		StatusTrash:       {no, no, no, no, no, no},
	}
	for _, from := range S {
		for i, to := range S[1:] {
			act, ok := Transition(from, to)
			if !ok {
				act = no
			}
			if act != want[from][i] {
				t.Errorf("Transition(%q, %q) = %q, want %q", from, to, act, want[from][i])
			}
		}
	}
	if _, ok := Transition(StatusDraft, "bogus"); ok {
		t.Error("Transition to an unknown status is allowed")
	}
}

// TestWorkflowPermissions checks, for every role, which status changes a
// user may make to their own and to someone else's article.
func TestWorkflowPermissions(t *testing.T) {
	t.Parallel()
	type key struct {
		role     Role
		own      bool
		from, to Status
	}
	users := map[Role]*User{}
	for i, r := range Roles {
		users[r] = &User{ID: int64(i + 1), Role: r, Author: "writer-" + string(r)}
	}
	tos := []Status{StatusDraft, StatusPending, StatusScheduled, StatusPublished, StatusUnpublished}
	froms := append([]Status{""}, tos...)
	// allowed lists what may be done; everything else is refused.
	allowed := func(k key) bool {
		act, ok := Transition(k.from, k.to)
		if !ok {
			return false
		}
		switch k.role {
		case RoleEditor, RoleAdmin:
			return true
		case RoleAuthor:
			return k.own || k.from == ""
		}
		// Contributors: their own drafts and pending articles, into draft
		// or pending only.
		if act == ActPublishArticle || act == ActSchedule || act == ActUnpublish {
			return false
		}
		return (k.own || k.from == "") && (k.from == "" || k.from == StatusDraft || k.from == StatusPending)
	}
	for _, r := range Roles {
		u := users[r]
		for _, own := range []bool{true, false} {
			for _, from := range froms {
				for _, to := range tos {
					k := key{r, own, from, to}
					a := &Article{ID: 7, Status: from, OwnerID: 99}
					if from == "" {
						a.ID, a.Status, a.OwnerID = 0, to, u.ID
					} else if own {
						a.OwnerID = u.ID
					}
					act, ok := Transition(from, to)
					got := ok && (from == "" || u.CanArticle(ActEditArticle, a)) && u.CanArticle(act, a)
					if from == "" {
						got = ok && u.Can(ActCreateArticle) && u.CanArticle(act, a)
					}
					if want := allowed(k); got != want {
						t.Errorf("%s, own %v: %q → %q allowed %v, want %v", r, own, from, to, got, want)
					}
				}
			}
		}
	}
	disabled := &User{ID: 1, Role: RoleAdmin, Disabled: true}
	if disabled.CanArticle(ActEditArticle, &Article{OwnerID: 1}) || disabled.Can(ActCreateArticle) {
		t.Error("a disabled user may act")
	}
}

func TestImagesNeedAltText(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for src, bad := range map[string]bool{
		"![A dry riverbed](/m/a.jpg)":         false,
		"![](/m/a.jpg)":                       true,
		"Before ![ ][fig] after\n\n[fig]: /x": true,
		"Two: ![](a.png) and ![](b.png)":      true,
		"[link](x) and ![alt][ref]":           false,
	} {
		a := Article{Status: StatusPublished, PublishedAt: now, Authors: []Author{{Slug: "a", Name: "A"}}, Body: Markdown{Source: src}}
		err := a.ValidateRelease(now)
		var v *ValidationError
		if got := errors.As(err, &v) && v.Message("body") != ""; got != bad {
			t.Errorf("%q: body error = %v, want %v (%v)", src, got, bad, err)
		}
		a.Status = StatusDraft
		if err := a.ValidateRelease(now); err != nil {
			t.Errorf("%q as a draft: %v", src, err)
		}
	}
}

func TestValidateRelease(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	byline := []Author{{Slug: "ana", Name: "Ana"}}
	for _, tc := range []struct {
		status  Status
		at      time.Time
		authors []Author
		field   string // "" when valid
	}{
		{StatusScheduled, now.Add(time.Minute), byline, ""},
		{StatusScheduled, now, byline, "published_at"},
		{StatusScheduled, now.Add(-time.Hour), byline, "published_at"},
		{StatusScheduled, time.Time{}, byline, "published_at"},
		{StatusScheduled, now.Add(time.Minute), nil, "authors"},
		{StatusPublished, now.Add(-time.Hour), byline, ""},
		{StatusPublished, now.Add(-time.Hour), nil, "authors"},
		{StatusDraft, time.Time{}, nil, ""},
		{StatusPending, time.Time{}, nil, ""},
	} {
		a := Article{Status: tc.status, PublishedAt: tc.at, Authors: tc.authors,
			Body: Markdown{Source: "A chart: ![Rainfall by month, 2025](/media/2026/11/rain.png)"}}
		err := a.ValidateRelease(now)
		if (err == nil) != (tc.field == "") {
			t.Errorf("%s at %v with %d authors: err = %v, want an error on %q", tc.status, tc.at, len(tc.authors), err, tc.field)
		}
		if err != nil {
			if v, _ := err.(*ValidationError); v == nil || v.Message(tc.field) == "" {
				t.Errorf("%s at %v: err = %v, want a %s field error", tc.status, tc.at, err, tc.field)
			}
		}
	}
}
