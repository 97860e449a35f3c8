package theme

import "github.com/pressroomhq/pressroom/internal/press"

// CommentSection is the readers' discussion under an article: its thread,
// and the form when the article takes comments. A nil section (an
// editor's preview) shows neither.
type CommentSection struct {
	// Mode is what applies to the article now: open shows the form,
	// members and closed say why there is none. Existing comments are
	// shown whatever the mode.
	Mode   press.CommentMode
	Thread []CommentItem
	Count  int // approved comments (placeholders of removed ones are not counted)
	// Form is the comment form; nil when the article takes no comments.
	Form *CommentForm
	// Notice is the catalog key of what happened to the reader's last
	// post ("comments.notice.held" …), "" for none.
	Notice string
	Feed   string // path of the article's comment feed (RSS)
	Script string // URL of the script that moves the form under a comment
}

// CommentItem is one comment of a thread as a reader sees it.
type CommentItem struct {
	press.Comment
	// Removed is a placeholder for a comment taken down whose replies
	// are still shown: no name, no body.
	Removed bool
	// Reply is the address of the reply form without scripts, "" when
	// replies may not nest deeper or the article takes no comments.
	Reply string
	// Report is where the report button posts, "" on a removed comment.
	Report string
	// Edit is the writer's own edit page while the window is open, else "".
	Edit string
}

// CommentForm is the comment form, fresh or with what the reader typed
// and what was wrong with it.
type CommentForm struct {
	Action   string // where it posts
	ParentID int64  // the comment replied to, 0 for a new thread
	Parent   string // the replied-to commenter's name, to say so
	Cancel   string // the address that drops the reply, back to a new thread
	Name     string
	Email    string
	Body     string
	// Stamp is the signed time the form was rendered, so the newsroom
	// can tell a person from a bot that posts within a second.
	Stamp  string
	Errors *press.ValidationError // nil when the form is fresh
}

// CommentEditPage is the form on which the writer of a comment changes or
// deletes it within the edit window.
type CommentEditPage struct {
	Layout
	Article *press.Article
	Comment press.Comment
	Action  string // where the edit posts
	Delete  string // where the delete button posts
	Body    string // the text in the box
	Errors  *press.ValidationError
}

// CommentEdit renders the edit page of a reader's comment.
func (t *Theme) CommentEdit(p *CommentEditPage) ([]byte, error) { return t.render("comment_edit", p) }
