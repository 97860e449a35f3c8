package newsroom

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"html"
	netmail "net/mail"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pressroomhq/pressroom/internal/mail"
	"github.com/pressroomhq/pressroom/internal/markdown"
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
	Honeypot    string // the hidden field only programs fill
	// FormAge is how long the form was open, from its signed timestamp
	// (see CommentFormSecret). Zero, for a form without a valid
	// timestamp, counts as sent too fast: spam.
	FormAge time.Duration
}

// CommentResult is what posting a comment gives back to its writer.
type CommentResult struct {
	// Comment is the stored comment. A comment filed as spam comes back
	// as pending without a reason, like any held comment, so that a
	// program learns nothing from the answer.
	Comment    press.Comment
	EditToken  string // secret for the writer's cookie: lets them edit (for EditMinutes) or delete
	VerifySent bool   // held until the email address is confirmed; the mail went out
}

// Limits of what a reader may write.
const (
	maxCommentName  = 80
	maxCommentEmail = 254
	maxCommentBody  = 5000
	// Rate limits per IP address and per email address.
	commentBurst  = 5
	commentWindow = 10 * time.Minute
	// duplicateWindow refuses the same words twice from one writer.
	duplicateWindow = 24 * time.Hour
	// verifyTTL is how long an emailed confirmation link works.
	verifyTTL = 7 * 24 * time.Hour
	// noticeEvery throttles the mail to moderators about held comments.
	noticeEvery = 10 * time.Minute
)

// CommentVerifyPath is the public page that confirms an address: the
// mailed link is the site's base URL, this path and ?token=….
const CommentVerifyPath = "/comments/verify"

// ModerationQueuePath is where the mail to moderators points.
const ModerationQueuePath = "/admin/comments?status=pending"

// ErrCommentsClosed is returned when an article takes no comments: closed
// by its mode, auto-closed after the policy's days, or not published. It
// matches press.ErrForbidden; the web layer shows its message.
var ErrCommentsClosed error = &commentsRefused{msg: "comments are closed on this article", closed: true}

// ErrMembersOnly is returned to guests on an article whose comments are
// for members. It matches ErrCommentsClosed and press.ErrForbidden.
var ErrMembersOnly error = &commentsRefused{msg: "only members can comment on this article", closed: true}

// ErrCommentRefused is the generic answer to a banned writer (by email
// or IP range): it matches press.ErrForbidden but not ErrCommentsClosed,
// and says nothing of why, so that a ban is not an invitation to try
// another address.
var ErrCommentRefused error = &commentsRefused{msg: "your comment cannot be accepted"}

// errNotYourComment answers an edit or delete without the right token;
// errEditWindow one after EditMinutes. Both match press.ErrForbidden.
var (
	errNotYourComment error = &commentsRefused{msg: "this comment can only be changed from the browser that wrote it"}
	errEditWindow     error = &commentsRefused{msg: "the time to edit this comment has passed"}
)

type commentsRefused struct {
	msg    string
	closed bool // also matches ErrCommentsClosed
}

func (e *commentsRefused) Error() string { return e.msg }
func (e *commentsRefused) Is(target error) bool {
	return target == press.ErrForbidden || (e.closed && target == ErrCommentsClosed)
}

// RateLimitError says the writer posted too often; the web layer answers
// 429 with Retry-After.
type RateLimitError struct{ RetryAfter time.Duration }

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("too many comments, try again in %s", e.RetryAfter.Round(time.Second))
}

// commentRuntime is the newsroom's comment state kept in memory: mailer,
// classifier, rate limits and the moderators' mail throttle.
type commentRuntime struct {
	mu         sync.Mutex
	mailer     mail.Mailer
	classifier Classifier
	lastNotice time.Time
	limits     *windowLimiter // keys "ip …" and "email …"
	formSecret []byte         // see CommentFormSecret
}

func newCommentRuntime() *commentRuntime {
	return &commentRuntime{classifier: ScoringClassifier{}, limits: newWindowLimiter(commentBurst, commentWindow)}
}

func (n *Newsroom) comments() *commentRuntime { return n.commentRT }

// UseMailer sets the mailer for confirmation links and for the mail to
// editors and admins about held comments (at most one per ten minutes,
// listing what waits). Without one nothing is sent: comments that need a
// confirmed address wait for a moderator instead.
func (n *Newsroom) UseMailer(m mail.Mailer) {
	rt := n.comments()
	rt.mu.Lock()
	rt.mailer = m
	rt.mu.Unlock()
}

// UseClassifier replaces the built-in spam scoring (ScoringClassifier).
func (n *Newsroom) UseClassifier(c Classifier) {
	rt := n.comments()
	rt.mu.Lock()
	rt.classifier = c
	rt.mu.Unlock()
}

func (rt *commentRuntime) get() (mail.Mailer, Classifier) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.mailer, rt.classifier
}

// PostComment stores a reader's comment on a published article and
// decides where it goes (see press.CommentPolicy.Moderate). The refusals:
// press.ErrNotFound for no such article; ErrCommentsClosed (closed,
// auto-closed, unpublished) or ErrMembersOnly; ErrCommentRefused for a
// banned email or IP; *RateLimitError past five comments in ten minutes
// per IP or per email; *press.ValidationError on name, email, body
// (also a duplicate within a day) or parent (another article's comment,
// or deeper than MaxDepth: replies are refused, not moved up). Spam
// (honeypot filled, form sent within three seconds, a high spam score)
// is stored as spam, never shown, and answered like any held comment.
func (n *Newsroom) PostComment(ctx context.Context, in CommentInput) (CommentResult, error) {
	site, err := n.db.Site(ctx)
	if err != nil {
		return CommentResult{}, wrap(err, "comment")
	}
	policy := site.Comments
	a, err := n.db.Article(ctx, in.ArticleSlug)
	if err != nil {
		return CommentResult{}, wrap(err, "comment on %q", in.ArticleSlug)
	}
	now := n.db.Now()
	switch policy.CommentsFor(&a, now) {
	case press.CommentsOpen:
	case press.CommentsMembers:
		return CommentResult{}, ErrMembersOnly // members do not exist yet: everyone is a guest
	default:
		return CommentResult{}, ErrCommentsClosed
	}
	c, err := commentFromInput(in)
	if err != nil {
		return CommentResult{}, err
	}
	c.ArticleID, c.Article = a.ID, a.Slug

	bans, err := n.db.CommentBans(ctx)
	if err != nil {
		return CommentResult{}, wrap(err, "comment")
	}
	for _, b := range bans {
		if b.Matches(c.AuthorEmail, c.AuthorIP) {
			return CommentResult{}, ErrCommentRefused
		}
	}
	rt := n.comments()
	if err := rt.limit(c.AuthorIP, c.AuthorEmail, now); err != nil {
		return CommentResult{}, err
	}

	standing, err := n.db.Commenter(ctx, c.AuthorEmail)
	if err != nil {
		return CommentResult{}, wrap(err, "comment")
	}
	signals := n.signals(ctx, policy, &c, in.FormAge, !standing.Approved)
	signals.Honeypot = strings.TrimSpace(in.Honeypot) != ""
	signals.Unverified = !standing.Verified
	c.Verified = standing.Verified
	c.Status, c.Reason = policy.Moderate(signals)

	token := randomToken()
	err = n.db.CreateComment(ctx, store.NewComment{Comment: &c, EditTokenHash: tokenHash(token),
		MaxDepth: policy.MaxDepth, DuplicateSince: now.Add(-duplicateWindow)})
	if err != nil {
		return CommentResult{}, wrap(err, "comment on %q", in.ArticleSlug)
	}
	res := CommentResult{Comment: c, EditToken: token}
	if c.Status == press.CommentSpam {
		res.Comment.Status, res.Comment.Reason = press.CommentPending, ""
		n.logger.Info("comment filed as spam", "comment_id", c.ID, "article", c.Article, "reason", c.Reason)
		return res, nil
	}
	if c.Status == press.CommentPending {
		if policy.RequireVerification && !standing.Verified {
			res.VerifySent = n.sendVerification(ctx, site, c)
		}
		n.noticeModerators(ctx, site)
	}
	return res, nil
}

// commentFromInput validates and cleans what the form sent.
func commentFromInput(in CommentInput) (press.Comment, error) {
	var v press.ValidationError
	name := strings.Join(strings.Fields(strings.Map(dropControl, in.Name)), " ")
	switch {
	case name == "":
		v.Add("name", "is required")
	case utf8.RuneCountInString(name) > maxCommentName:
		v.Add("name", fmt.Sprintf("must be at most %d characters", maxCommentName))
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if email == "" {
		v.Add("email", "is required (it is not shown)")
	} else if a, err := netmail.ParseAddress(email); err != nil || a.Address != email || len(email) > maxCommentEmail {
		v.Add("email", "must be an email address such as name@example.org")
	}
	body := strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n"))
	switch {
	case body == "":
		v.Add("body", "is required")
	case utf8.RuneCountInString(body) > maxCommentBody:
		v.Add("body", fmt.Sprintf("must be at most %d characters", maxCommentBody))
	}
	if in.ParentID < 0 {
		v.Add("parent", "is not a comment on this article")
	}
	if err := v.Err(); err != nil {
		return press.Comment{}, err
	}
	ua := in.UserAgent
	if len(ua) > 500 {
		ua = ua[:500]
	}
	return press.Comment{ParentID: in.ParentID, AuthorName: name, AuthorEmail: email, AuthorIP: strings.TrimSpace(in.IP),
		Body: body, BodyHTML: markdown.Comment(body), UserAgent: strings.ToValidUTF8(ua, "")}, nil
}

func dropControl(r rune) rune {
	if unicode.IsControl(r) {
		return ' '
	}
	return r
}

// limit refuses a comment past the rate limits (per IP address, per
// email address), and counts it otherwise.
func (rt *commentRuntime) limit(ip, email string, now time.Time) error {
	keys := []string{"email " + email}
	if ip != "" {
		keys = append(keys, ipKey(ip))
	}
	if wait := rt.limits.allow(now, keys...); wait > 0 {
		return &RateLimitError{RetryAfter: wait}
	}
	return nil
}

// signals gathers what the policy decides on from a comment's content.
func (n *Newsroom) signals(ctx context.Context, policy press.CommentPolicy, c *press.Comment, formAge time.Duration, firstTime bool) press.CommentSignals {
	s := press.CommentSignals{
		FormAge:      formAge,
		Links:        strings.Count(c.BodyHTML, "<a "),
		Blocked:      policy.BlockedWord(c.AuthorName + "\n" + c.Body),
		FirstComment: firstTime,
	}
	_, classifier := n.comments().get()
	in := SpamInput{Name: c.AuthorName, Email: c.AuthorEmail, Body: c.Body, IP: c.AuthorIP, UserAgent: c.UserAgent,
		Links: s.Links, FormAge: formAge, FirstTime: firstTime, BlockedWord: s.Blocked}
	score, reason, err := classifier.Classify(ctx, in)
	if err != nil {
		n.logger.Warn("spam classifier failed; using the built-in score", "err", err)
		score, reason, _ = ScoringClassifier{}.Classify(ctx, in)
	}
	s.SpamScore, s.SpamReason = score, reason
	return s
}

// sendVerification mails c's writer a link that confirms their address,
// and reports whether it went out.
func (n *Newsroom) sendVerification(ctx context.Context, site press.Site, c press.Comment) bool {
	mailer, _ := n.comments().get()
	if mailer == nil {
		return false
	}
	token := randomToken()
	if err := n.db.CreateCommenterToken(ctx, tokenHash(token), c.AuthorEmail, n.db.Now().Add(verifyTTL)); err != nil {
		n.logger.Error("comment verification token", "err", err)
		return false
	}
	link := strings.TrimRight(site.BaseURL, "/") + CommentVerifyPath + "?token=" + token
	text := fmt.Sprintf("Hello %s,\n\nyou commented on %s. To publish your comment, confirm your email address by opening this link within seven days:\n\n%s\n\nYou need to do this once. If you did not write a comment, ignore this mail.\n",
		c.AuthorName, site.Name, link)
	err := mailer.Send(ctx, mail.Message{To: []string{c.AuthorEmail}, Subject: "Confirm your email address to publish your comment",
		Text: text, HTML: textHTML(text)})
	if err != nil {
		n.logger.Error("comment verification mail", "err", err, "comment_id", c.ID)
		return false
	}
	return true
}

// noticeModerators mails editors and admins that comments wait, at most
// once per noticeEvery: a held comment within that time is listed in the
// next mail (the list is read afresh each time).
func (n *Newsroom) noticeModerators(ctx context.Context, site press.Site) {
	rt := n.comments()
	now := n.db.Now()
	rt.mu.Lock()
	mailer := rt.mailer
	due := mailer != nil && (rt.lastNotice.IsZero() || !now.Before(rt.lastNotice.Add(noticeEvery)))
	if due {
		rt.lastNotice = now
	}
	rt.mu.Unlock()
	if !due {
		return
	}
	users, err := n.db.Users(ctx)
	if err != nil {
		n.logger.Error("comment notice: users", "err", err)
		return
	}
	var to []string
	for _, u := range users {
		if !u.Disabled && u.Email != "" && u.Can(press.ActModerate) {
			to = append(to, u.Email)
		}
	}
	if len(to) == 0 {
		return
	}
	waiting, total, err := n.db.ModerationComments(ctx, store.CommentFilter{Status: press.CommentPending, Limit: 10})
	if err != nil {
		n.logger.Error("comment notice: queue", "err", err)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d comment(s) on %s wait for moderation:\n\n", total, site.Name)
	for _, c := range waiting {
		fmt.Fprintf(&b, "- %s on %q (%s): %s\n", c.AuthorName, c.Article, c.Reason, excerpt(c.Body, 120))
	}
	fmt.Fprintf(&b, "\nModerate them at %s%s\n", strings.TrimRight(site.BaseURL, "/"), ModerationQueuePath)
	subject := fmt.Sprintf("%d comment(s) wait for moderation", total)
	for _, addr := range to {
		if err := mailer.Send(ctx, mail.Message{To: []string{addr}, Subject: subject, Text: b.String(), HTML: textHTML(b.String())}); err != nil {
			n.logger.Error("comment notice mail", "err", err, "to", addr)
		}
	}
}

// textHTML is the HTML version of a plain mail: paragraphs, addresses as
// links. Mails go out with both, which every reader shows well (and
// which the SMTP mailer's multipart path carries whole).
func textHTML(text string) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			for j, word := range strings.Split(line, " ") {
				if j > 0 {
					b.WriteByte(' ')
				}
				if strings.HasPrefix(word, "https://") || strings.HasPrefix(word, "http://") {
					u := html.EscapeString(word)
					b.WriteString(`<a href="` + u + `">` + u + `</a>`)
				} else {
					b.WriteString(html.EscapeString(word))
				}
			}
		}
		b.WriteString("</p>\n")
	}
	return b.String()
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// sameToken compares a token with a stored hash in constant time.
func sameToken(token, hash string) bool {
	if token == "" || hash == "" {
		return false
	}
	h := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare([]byte(hex.EncodeToString(h[:])), []byte(hash)) == 1
}

// Thread returns the approved comments of an article in display order:
// each top-level comment oldest first, followed by its replies (and
// theirs), Depth set. A comment not shown (held, spam, trash or deleted)
// that has shown replies stays as a placeholder: Status trash, no author,
// no body. Public reads carry no email, IP, user agent or reason.
func (n *Newsroom) Thread(ctx context.Context, articleSlug string) ([]press.Comment, error) {
	a, err := n.db.Article(ctx, articleSlug)
	if err != nil {
		return nil, wrap(err, "thread of %q", articleSlug)
	}
	all, err := n.db.ArticleComments(ctx, a.ID)
	if err != nil {
		return nil, wrap(err, "thread of %q", articleSlug)
	}
	known := map[int64]bool{}
	for _, c := range all {
		known[c.ID] = true
	}
	children := map[int64][]press.Comment{}
	for _, c := range all {
		parent := c.ParentID
		if !known[parent] {
			parent = 0 // its parent was deleted for good: it starts a thread
		}
		children[parent] = append(children[parent], c)
	}
	// shown reports whether c or any reply below it is approved.
	memo := map[int64]bool{}
	var shown func(c press.Comment) bool
	shown = func(c press.Comment) bool {
		if v, ok := memo[c.ID]; ok {
			return v
		}
		memo[c.ID] = false // a cycle shows nothing
		v := c.Status == press.CommentApproved
		for _, r := range children[c.ID] {
			v = shown(r) || v
		}
		memo[c.ID] = v
		return v
	}
	out := []press.Comment{}
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, c := range children[parent] {
			if !shown(c) {
				continue
			}
			c.Depth = depth
			if c.Status != press.CommentApproved {
				c = press.Comment{ID: c.ID, ArticleID: c.ArticleID, Article: c.Article, ParentID: c.ParentID,
					Status: press.CommentTrash, CreatedAt: c.CreatedAt, Depth: depth}
			}
			out = append(out, public(c))
			walk(c.ID, depth+1)
		}
	}
	walk(0, 1)
	return out, nil
}

// public strips what readers must not see and renders the body of an
// imported comment, stored without HTML.
func public(c press.Comment) press.Comment {
	c.AuthorEmail, c.AuthorIP, c.UserAgent, c.Reason, c.Flags = "", "", "", "", 0
	return rendered(c)
}

func rendered(c press.Comment) press.Comment {
	if c.BodyHTML == "" && c.Body != "" {
		c.BodyHTML = markdown.Comment(c.Body)
	}
	return c
}

// CommentCount returns the number of approved comments of an article.
func (n *Newsroom) CommentCount(ctx context.Context, articleID int64) (int, error) {
	counts, err := n.CommentCounts(ctx, []int64{articleID})
	return counts[articleID], err
}

// CommentCounts returns the numbers of approved comments of articles;
// articles without any are absent (zero).
func (n *Newsroom) CommentCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	counts, err := n.db.CommentCounts(ctx, ids)
	return counts, wrap(err, "comment counts")
}

// CommentsModified returns when article id's thread last changed, for
// its page's Last-Modified beside the article's own UpdatedAt.
func (n *Newsroom) CommentsModified(ctx context.Context, articleID int64) (time.Time, error) {
	t, err := n.db.CommentsModified(ctx, articleID)
	return t, wrap(err, "comments modified")
}

// LatestComments returns the newest approved comments on published
// articles, newest first, each with its article's slug (public fields
// only, as Thread).
func (n *Newsroom) LatestComments(ctx context.Context, limit int) ([]press.Comment, error) {
	list, err := n.db.LatestComments(ctx, limit)
	if err != nil {
		return nil, wrap(err, "latest comments")
	}
	for i := range list {
		list[i] = public(list[i])
	}
	return list, nil
}

// VerifyCommenter confirms an email address from the mailed link and
// passes its held comments through moderation again, now as confirmed
// (a first comment may still wait for a moderator when the policy holds
// first comments). It returns the address's newest such comment (to show
// its article), or an empty comment when none was waiting; an unknown,
// used or expired token is press.ErrNotFound.
func (n *Newsroom) VerifyCommenter(ctx context.Context, token string) (press.Comment, error) {
	_, held, err := n.db.VerifyCommenter(ctx, tokenHash(token))
	if err != nil {
		return press.Comment{}, wrap(err, "confirm address")
	}
	site, err := n.db.Site(ctx)
	if err != nil {
		return press.Comment{}, wrap(err, "confirm address")
	}
	var last press.Comment
	for _, c := range held {
		if c.Reason == unconfirmedReason {
			s := n.signals(ctx, site.Comments, &c, time.Hour, true)
			standing, err := n.db.Commenter(ctx, c.AuthorEmail)
			if err != nil {
				return press.Comment{}, wrap(err, "confirm address")
			}
			s.FirstComment = !standing.Approved
			status, reason := site.Comments.Moderate(s)
			if status == press.CommentSpam {
				status = press.CommentPending // a person confirmed it: let a moderator judge
			}
			if _, err := n.db.SetCommentStatus(ctx, []int64{c.ID}, status, reason, ""); err != nil {
				return press.Comment{}, wrap(err, "confirm address")
			}
			c.Status, c.Reason = status, reason
		}
		last = c
	}
	return last, nil
}

// unconfirmedReason is press.CommentPolicy.Moderate's reason for a held
// comment of an unconfirmed address.
const unconfirmedReason = "email address not confirmed yet"

// ownComment returns comment id when editToken is its writer's.
func (n *Newsroom) ownComment(ctx context.Context, id int64, editToken string) (press.Comment, error) {
	hash, err := n.db.CommentEditToken(ctx, id)
	if err != nil {
		return press.Comment{}, err
	}
	if !sameToken(editToken, hash) {
		return press.Comment{}, errNotYourComment
	}
	return n.db.Comment(ctx, id)
}

// EditOwnComment lets a writer change their comment, with the token from
// posting it, within the policy's EditMinutes. The new words are moderated
// again: a shown comment that now breaks a rule goes back to the queue.
// A wrong token or a closed window match press.ErrForbidden.
func (n *Newsroom) EditOwnComment(ctx context.Context, id int64, editToken, body string) (press.Comment, error) {
	c, err := n.ownComment(ctx, id, editToken)
	if err != nil {
		return press.Comment{}, wrap(err, "edit comment %d", id)
	}
	site, err := n.db.Site(ctx)
	if err != nil {
		return press.Comment{}, wrap(err, "edit comment %d", id)
	}
	policy := site.Comments
	if c.Status == press.CommentTrash {
		return press.Comment{}, wrap(press.ErrNotFound, "edit comment %d", id)
	}
	if !n.db.Now().Before(c.CreatedAt.Add(time.Duration(policy.EditMinutes) * time.Minute)) {
		return press.Comment{}, errEditWindow
	}
	in := CommentInput{Name: c.AuthorName, Email: c.AuthorEmail, Body: body}
	edited, err := commentFromInput(in)
	if err != nil {
		return press.Comment{}, err
	}
	e := store.CommentEdit{Body: edited.Body, BodyHTML: edited.BodyHTML}
	if c.Status != press.CommentSpam {
		s := n.signals(ctx, policy, &edited, time.Hour, false)
		s.Unverified = false
		if status, reason := policy.Moderate(s); status != press.CommentApproved && c.Status == press.CommentApproved {
			e.Status, e.Reason = status, "edited: "+reason
		}
	}
	out, err := n.db.EditComment(ctx, id, e)
	if err != nil {
		return press.Comment{}, wrap(err, "edit comment %d", id)
	}
	if out.Status == press.CommentSpam {
		out.Status, out.Reason = press.CommentPending, ""
	}
	return out, nil
}

// DeleteOwnComment lets a writer remove their comment with the token
// from posting it, at any time: its words are erased, and a placeholder
// keeps its shown replies in place. A wrong token matches
// press.ErrForbidden.
func (n *Newsroom) DeleteOwnComment(ctx context.Context, id int64, editToken string) error {
	if _, err := n.ownComment(ctx, id, editToken); err != nil {
		return wrap(err, "delete comment %d", id)
	}
	return wrap(n.db.RemoveOwnComment(ctx, id), "delete comment %d", id)
}

// ReportComment records a reader's report of a shown comment, once per
// reporterKey (a hash of their IP address, made by the web layer); at the
// policy's FlagThreshold the comment goes back to the queue with the
// reason "reported N times". A comment not shown is press.ErrNotFound.
func (n *Newsroom) ReportComment(ctx context.Context, id int64, reporterKey string) error {
	if reporterKey == "" {
		return wrap(&press.ValidationError{Fields: []press.FieldError{{Field: "reporter", Message: "is required"}}}, "report comment %d", id)
	}
	site, err := n.db.Site(ctx)
	if err != nil {
		return wrap(err, "report comment %d", id)
	}
	_, err = n.db.FlagComment(ctx, id, reporterKey, site.Comments.FlagThreshold)
	return wrap(err, "report comment %d", id)
}

// CommentFormSecret returns the site's random key (made once, kept in
// the settings) for signing the comment form's timestamp, from which the
// web layer computes CommentInput.FormAge.
func (n *Newsroom) CommentFormSecret(ctx context.Context) ([]byte, error) {
	rt := n.comments()
	rt.mu.Lock()
	key := rt.formSecret
	rt.mu.Unlock()
	if key != nil {
		return key, nil
	}
	// Once made, the secret never changes: read it (or make it, which
	// takes the write lock) once per process, not on every article page.
	s, err := n.db.CommentFormSecret(ctx, randomToken)
	if err != nil {
		return nil, wrap(err, "comment form secret")
	}
	if key, err = hex.DecodeString(s); err != nil {
		return nil, wrap(err, "comment form secret")
	}
	rt.mu.Lock()
	rt.formSecret = key
	rt.mu.Unlock()
	return key, nil
}

// moderator refuses u unless it may moderate comments.
func moderator(u *press.User) error {
	if err := active(u, press.ActModerate); err != nil {
		return err
	}
	if !u.Can(press.ActModerate) {
		return press.Forbidden(press.ActModerate)
	}
	return nil
}

// Comments lists comments for moderation, newest first, with every field
// (email, IP, reason, reports), and how many f selects in all.
func (n *Newsroom) Comments(ctx context.Context, u *press.User, f store.CommentFilter) ([]press.Comment, int, error) {
	if err := moderator(u); err != nil {
		return nil, 0, err
	}
	list, total, err := n.db.ModerationComments(ctx, f)
	if err != nil {
		return nil, 0, wrap(err, "comments")
	}
	for i := range list {
		list[i] = rendered(list[i])
	}
	return list, total, nil
}

// CommentStatusCounts returns how many comments have each status, for
// the moderation queue's tabs.
func (n *Newsroom) CommentStatusCounts(ctx context.Context, u *press.User) (map[press.CommentStatus]int, error) {
	if err := moderator(u); err != nil {
		return nil, err
	}
	counts, err := n.db.CommentStatusCounts(ctx)
	return counts, wrap(err, "comment counts")
}

// moderationAudit names the audit action of moving a comment to a status.
var moderationAudit = map[press.CommentStatus]string{
	press.CommentApproved: "comment.approve",
	press.CommentPending:  "comment.unapprove",
	press.CommentSpam:     "comment.spam",
	press.CommentTrash:    "comment.trash",
}

// ModerateComments moves comments to a status (approve, back to pending,
// spam, trash) and returns how many changed, each with an audit line
// (comment.approve, comment.unapprove, comment.spam, comment.trash).
// Approving clears the readers' reports.
func (n *Newsroom) ModerateComments(ctx context.Context, u *press.User, ids []int64, to press.CommentStatus) (int, error) {
	if err := moderator(u); err != nil {
		return 0, err
	}
	action, ok := moderationAudit[to]
	if !ok {
		return 0, &press.ValidationError{Fields: []press.FieldError{{Field: "status", Message: "must be approved, pending, spam or trash"}}}
	}
	reason := ""
	if to != press.CommentApproved {
		reason = "by " + u.Name
	}
	changed, err := n.db.SetCommentStatus(as(ctx, u), ids, to, reason, action)
	return changed, wrap(err, "moderate comments")
}

// EditComment changes a comment's words as a moderator (to remove a
// slur, say), keeping its status; audited as comment.edit.
func (n *Newsroom) EditComment(ctx context.Context, u *press.User, id int64, body string) (press.Comment, error) {
	if err := moderator(u); err != nil {
		return press.Comment{}, err
	}
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if body == "" {
		return press.Comment{}, &press.ValidationError{Fields: []press.FieldError{{Field: "body", Message: "is required"}}}
	}
	c, err := n.db.EditComment(as(ctx, u), id, store.CommentEdit{Body: body, BodyHTML: markdown.Comment(body), Audit: "comment.edit"})
	return c, wrap(err, "edit comment %d", id)
}

// BanCommenter refuses further comments from an email address or an IP
// address or range (b.Kind, b.Value); audited as comment.ban. Existing
// comments stay where they are: moderate them apart.
func (n *Newsroom) BanCommenter(ctx context.Context, u *press.User, b press.CommentBan) error {
	if err := moderator(u); err != nil {
		return err
	}
	if err := b.Validate(); err != nil {
		return err
	}
	b.CreatedBy = u.Email
	return wrap(n.db.CreateCommentBan(as(ctx, u), &b), "ban")
}

// Unban lifts ban id; audited as comment.unban.
func (n *Newsroom) Unban(ctx context.Context, u *press.User, id int64) error {
	if err := moderator(u); err != nil {
		return err
	}
	return wrap(n.db.DeleteCommentBan(as(ctx, u), id), "unban")
}

// Bans lists the bans, newest first.
func (n *Newsroom) Bans(ctx context.Context, u *press.User) ([]press.CommentBan, error) {
	if err := moderator(u); err != nil {
		return nil, err
	}
	list, err := n.db.CommentBans(ctx)
	return list, wrap(err, "bans")
}
