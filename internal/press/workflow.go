package press

import (
	"regexp"
	"strconv"
	"time"
)

// Transition returns the action a user needs, on the article as stored,
// to change its status from from to to by saving it; from is "" for a new
// article. ok is false for a move no save can make: into or out of the
// trash (TrashArticle and RestoreArticle do that), a new article born
// unpublished, or an unknown status. Keeping the status needs the right
// to edit; moving a published or scheduled article back into the
// workflow needs the right to unpublish.
//
//	from \ to        draft      pending    scheduled  published  unpublished
//	new              create     submit     schedule   publish    -
//	draft, pending   edit       submit     schedule   publish    unpublish
//	scheduled        unpublish  unpublish  edit       publish    unpublish
//	published        unpublish  unpublish  schedule   edit       unpublish
//	unpublished      edit       submit     schedule   publish    edit
func Transition(from, to Status) (act Action, ok bool) {
	if !to.Valid() || to == StatusTrash || from == StatusTrash || (from != "" && !from.Valid()) {
		return "", false
	}
	live := from == StatusPublished || from == StatusScheduled
	switch {
	case from == to:
		return ActEditArticle, true
	case to == StatusPublished:
		return ActPublishArticle, true
	case to == StatusScheduled:
		return ActSchedule, true
	case to == StatusUnpublished:
		if from == "" {
			return "", false
		}
		return ActUnpublish, true
	case live:
		return ActUnpublish, true
	case to == StatusPending:
		return ActSubmitArticle, true
	case from == "":
		return ActCreateArticle, true
	}
	return ActEditArticle, true
}

// emptyAlt matches a Markdown image with no alternative text, inline or
// by reference: "![](…)", "![ ][ref]".
var emptyAlt = regexp.MustCompile(`!\[\s*\][(\[]`)

// imagesWithoutAlt counts the images in Markdown source that have no
// alternative text.
func imagesWithoutAlt(src string) int { return len(emptyAlt.FindAllStringIndex(src, -1)) }

// ValidateRelease checks an article about to be saved with its status at
// now, for what readers will see once it goes out: a scheduled article
// must be dated in the future (field "published_at"), and a published or
// scheduled one needs a byline (field "authors"), since every article page
// names and links its authors, and alternative text on every image of its
// body (field "body"). Drafts may lack all of these.
func (a *Article) ValidateRelease(now time.Time) error {
	var v ValidationError
	if a.Status == StatusScheduled {
		if a.PublishedAt.IsZero() {
			v.Add("published_at", "is required to schedule an article")
		} else if !a.PublishedAt.After(now) {
			v.Add("published_at", "must be in the future to schedule an article")
		}
	}
	if a.Status == StatusScheduled || a.Status == StatusPublished {
		if len(a.Authors) == 0 {
			v.Add("authors", "add at least one author before publishing: the byline names them")
		}
		if n := imagesWithoutAlt(a.Body.Source); n > 0 {
			v.Add("body", strconv.Itoa(n)+" image(s) without alternative text (![](…)): describe each for readers who cannot see it before publishing")
		}
	}
	return v.Err()
}
