package newsroom

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pressroomhq/pressroom/internal/mail"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// CommentInput is what a reader's comment form sends.
type CommentInput struct {
	ArticleSlug string
	ParentID    int64
	Name, Email string
	Body        string
	IP          string
	UserAgent   string
	Honeypot    string        // the hidden field only bots fill
	FormAge     time.Duration // how long the form was open, from its signed timestamp
}

// CommentResult is what posting a comment gives back to its writer.
type CommentResult struct {
	Comment    press.Comment
	EditToken  string // secret for the writer's cookie: lets them edit or delete within the window
	VerifySent bool   // held until the email address is confirmed
}

// ErrCommentsClosed is returned when an article takes no comments (closed,
// auto-closed, unpublished, members only) or the writer is banned. It
// matches press.ErrForbidden.
var ErrCommentsClosed = &commentsClosed{msg: "comments are closed"}

type commentsClosed struct{ msg string }

func (e *commentsClosed) Error() string        { return e.msg }
func (e *commentsClosed) Is(target error) bool { return target == press.ErrForbidden || target == ErrCommentsClosed }

// RateLimitError says the writer posted too often; the web layer answers
// 429 with Retry-After.
type RateLimitError struct{ RetryAfter time.Duration }

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("too many comments, try again in %s", e.RetryAfter.Round(time.Second))
}

var errTODO = errors.New("newsroom: comments: not implemented yet")

// PostComment stores a reader's comment.
func (n *Newsroom) PostComment(ctx context.Context, in CommentInput) (CommentResult, error) {
	return CommentResult{}, errTODO
}

// Thread returns the approved comments of an article in display order.
func (n *Newsroom) Thread(ctx context.Context, articleSlug string) ([]press.Comment, error) {
	return nil, errTODO
}

// CommentCount returns the number of approved comments of an article.
func (n *Newsroom) CommentCount(ctx context.Context, articleID int64) (int, error) {
	return 0, errTODO
}

// CommentCounts returns the numbers of approved comments of articles.
func (n *Newsroom) CommentCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	return nil, errTODO
}

// LatestComments returns the newest approved comments.
func (n *Newsroom) LatestComments(ctx context.Context, limit int) ([]press.Comment, error) {
	return nil, errTODO
}

// VerifyCommenter confirms an email address from the mailed link.
func (n *Newsroom) VerifyCommenter(ctx context.Context, token string) (press.Comment, error) {
	return press.Comment{}, errTODO
}

// EditOwnComment lets a writer change their comment within the window.
func (n *Newsroom) EditOwnComment(ctx context.Context, id int64, editToken, body string) (press.Comment, error) {
	return press.Comment{}, errTODO
}

// DeleteOwnComment lets a writer remove their comment.
func (n *Newsroom) DeleteOwnComment(ctx context.Context, id int64, editToken string) error {
	return errTODO
}

// ReportComment records a reader's report.
func (n *Newsroom) ReportComment(ctx context.Context, id int64, reporterKey string) error {
	return errTODO
}

// CommentFormSecret returns the site's key for signing comment forms.
func (n *Newsroom) CommentFormSecret(ctx context.Context) ([]byte, error) {
	return nil, errTODO
}

// Comments lists comments for moderation.
func (n *Newsroom) Comments(ctx context.Context, u *press.User, f store.CommentFilter) ([]press.Comment, int, error) {
	return nil, 0, errTODO
}

// ModerateComments moves comments to another status.
func (n *Newsroom) ModerateComments(ctx context.Context, u *press.User, ids []int64, to press.CommentStatus) (int, error) {
	return 0, errTODO
}

// EditComment changes a comment's body as a moderator.
func (n *Newsroom) EditComment(ctx context.Context, u *press.User, id int64, body string) (press.Comment, error) {
	return press.Comment{}, errTODO
}

// BanCommenter bans an email address or IP range.
func (n *Newsroom) BanCommenter(ctx context.Context, u *press.User, b press.CommentBan) error {
	return errTODO
}

// Unban lifts a ban.
func (n *Newsroom) Unban(ctx context.Context, u *press.User, id int64) error {
	return errTODO
}

// Bans lists the bans.
func (n *Newsroom) Bans(ctx context.Context, u *press.User) ([]press.CommentBan, error) {
	return nil, errTODO
}

// UseMailer sets the mailer for verification and moderator mails.
func (n *Newsroom) UseMailer(m mail.Mailer) {}
