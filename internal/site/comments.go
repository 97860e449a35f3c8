package site

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/feed"
	"github.com/pressroomhq/pressroom/internal/markdown"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
	"github.com/pressroomhq/pressroom/internal/web"
)

// Readers' comments: the thread and form under an article, posting,
// replying, editing or deleting one's own comment within the edit window,
// reporting, confirming an address, and the comment feeds. The newsroom
// keeps every rule (who may comment, moderation, spam, rate limits); the
// handlers here only translate between forms and its calls.

// UseComments makes the site show and take comments through n. Without
// it articles show only the site's comment call and the comment routes
// are not found.
func (s *Site) UseComments(n *newsroom.Newsroom) { s.comments = n }

// commentCookie names the cookie that carries the edit token of comment
// id to its writer's browser. One cookie per comment keeps them
// independent: each expires with its own edit window.
func commentCookie(id int64) string { return "pr_comment_" + strconv.FormatInt(id, 10) }

// stampSlot stands in the rendered page for the form's signed timestamp
// while the page's ETag is computed, so that the page's validators change
// with its content, not with the clock. It is plain ASCII that the
// template's attribute escaping leaves as it is (a control character would
// come out as U+FFFD, and the stamp would never be filled in).
const stampSlot = "pressroom-form-stamp-slot"

// notices are the ?comment= flags a post redirects with, and their
// messages.
var notices = map[string]string{
	"held": "comments.notice.held", "verify": "comments.notice.verify", "published": "comments.notice.published",
	"verified": "comments.notice.verified", "edited": "comments.notice.edited", "deleted": "comments.notice.deleted",
	"reported": "comments.notice.reported",
}

// policy returns the site's comment policy with a usable depth and edit
// window even if the settings predate them.
func policy(site *press.Site) press.CommentPolicy {
	p := site.Comments
	if p.MaxDepth < 1 {
		p.MaxDepth = press.DefaultCommentPolicy().MaxDepth
	}
	if !p.Mode.Valid() {
		p.Mode = press.DefaultCommentPolicy().Mode
	}
	return p
}

// commentSection builds the comments of article a's page. form is the
// form as posted (with its errors) or nil for a fresh one. A site without
// comments gives nil.
func (s *Site) commentSection(ctx context.Context, r *http.Request, c *chrome, a *press.Article, form *theme.CommentForm) (*theme.CommentSection, error) {
	if s.comments == nil {
		return nil, nil
	}
	thread, err := s.comments.Thread(ctx, a.Slug)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	pol := policy(&c.site)
	path := press.ArticlePath(a.Slug)
	cs := &theme.CommentSection{
		Mode:   pol.CommentsFor(a, now),
		Feed:   path + "/comments.xml",
		Script: s.theme.Asset("comments.js"),
		Notice: notices[r.URL.Query().Get("comment")],
	}
	byID := map[int64]press.Comment{}
	for _, cm := range thread {
		cm.BodyHTML = bodyHTML(&cm)
		byID[cm.ID] = cm
		it := theme.CommentItem{Comment: cm, Removed: cm.Status != press.CommentApproved}
		if it.Removed {
			it.AuthorName, it.BodyHTML = "", ""
		} else {
			cs.Count++
			it.Report = "/comments/" + strconv.FormatInt(cm.ID, 10) + "/report?article=" + url.QueryEscape(a.Slug)
			if cs.Mode == press.CommentsOpen && max(cm.Depth, 1) < pol.MaxDepth {
				it.Reply = path + "?reply=" + strconv.FormatInt(cm.ID, 10) + "#comment-form"
			}
			if s.canEdit(r, &cm, pol, now) {
				it.Edit = editPath(cm.ID, a.Slug)
			}
		}
		cs.Thread = append(cs.Thread, it)
	}
	if cs.Mode != press.CommentsOpen {
		return cs, nil
	}
	if form == nil {
		form = &theme.CommentForm{}
		if id, err := strconv.ParseInt(r.URL.Query().Get("reply"), 10, 64); err == nil {
			if p, ok := byID[id]; ok && p.Status == press.CommentApproved && max(p.Depth, 1) < pol.MaxDepth {
				form.ParentID = id
			}
		}
	}
	if p, ok := byID[form.ParentID]; ok {
		form.Parent = p.AuthorName
	}
	form.Action = path + "/comments"
	form.Cancel = path + "#comment-form"
	form.Stamp = stampSlot
	cs.Form = form
	return cs, nil
}

// canEdit reports whether the reader holds cm's edit token and its window
// is open. The newsroom checks the token itself; this only decides
// whether to offer the link.
func (s *Site) canEdit(r *http.Request, cm *press.Comment, pol press.CommentPolicy, now time.Time) bool {
	ck, err := r.Cookie(commentCookie(cm.ID))
	if err != nil || ck.Value == "" {
		return false
	}
	return now.Before(cm.CreatedAt.Add(time.Duration(pol.EditMinutes) * time.Minute))
}

// bodyHTML is cm's body as HTML: as rendered when it was written, or, for
// a comment stored without it (imported), rendered now by the same
// comment sanitiser.
func bodyHTML(cm *press.Comment) string {
	if cm.BodyHTML == "" && cm.Body != "" {
		return markdown.Comment(cm.Body)
	}
	return cm.BodyHTML
}

func editPath(id int64, slug string) string {
	return "/comments/" + strconv.FormatInt(id, 10) + "/edit?article=" + url.QueryEscape(slug)
}

// writeArticle renders the article page p with its comments cs and sends
// it. The page's Last-Modified is the later of the site's and the
// thread's last change, so a comment changes this page only. The
// form's timestamp is signed into the page after its ETag is computed:
// the ETag follows what the page says, and a revalidating reader keeps an
// older stamp, which only makes their form look older.
func (s *Site) writeArticle(w http.ResponseWriter, r *http.Request, c *chrome, p *theme.ArticlePage, cs *theme.CommentSection, status int) error {
	p.Comments = cs
	body, err := s.theme.Article(p)
	if err != nil {
		return err
	}
	modified := c.modified
	personal := false
	if cs != nil {
		// Approving or removing a comment changes the thread without a
		// new comment time: the store knows when anything in it changed.
		last, err := s.db.CommentsModified(r.Context(), p.Article.ID)
		if err != nil {
			return err
		}
		modified = later(modified, last)
		for _, it := range cs.Thread {
			personal = personal || it.Edit != ""
		}
	}
	sum := sha256.Sum256(body)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	if cs != nil && cs.Form != nil {
		stamp, err := s.stamp(r.Context(), time.Now())
		if err != nil {
			return err
		}
		body = bytes.Replace(body, []byte(stampSlot), []byte(stamp), 1)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	switch {
	case status != http.StatusOK || (cs != nil && cs.Notice != ""):
		// A form with what someone typed, or a notice meant for them.
		h.Set("Cache-Control", "no-store")
	case personal:
		// Edit links are for the writer's eyes only.
		h.Set("Cache-Control", "private, no-cache")
	default:
		h.Set("Cache-Control", "public, no-cache")
	}
	if status != http.StatusOK {
		w.WriteHeader(status)
		w.Write(body)
		return nil
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
	return nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// stamp signs the time a form is shown, "unix.mac", with the site's
// comment form key.
func (s *Site) stamp(ctx context.Context, now time.Time) (string, error) {
	key, err := s.comments.CommentFormSecret(ctx)
	if err != nil {
		return "", err
	}
	return signStamp(key, now), nil
}

// signStamp is the stamp of a form shown at t.
func signStamp(key []byte, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return ts + "." + stampMAC(key, ts)
}

func stampMAC(key []byte, ts string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("comment-form\x00" + ts))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// formAge reads a posted stamp: how long ago the form was shown. A
// missing, forged or future stamp gives 0, which the newsroom takes for a
// bot's speed.
func (s *Site) formAge(ctx context.Context, stamp string, now time.Time) time.Duration {
	ts, mac, ok := strings.Cut(stamp, ".")
	if !ok {
		return 0
	}
	key, err := s.comments.CommentFormSecret(ctx)
	if err != nil || !hmac.Equal([]byte(mac), []byte(stampMAC(key, ts))) {
		return 0
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return 0
	}
	age := now.Sub(time.Unix(sec, 0))
	if age < 0 {
		return 0
	}
	return age
}

// handleCommentPost takes a reader's comment. Success redirects (303) to
// the article with a notice: awaiting moderation, check your email, or
// published and anchored at the comment. Problems with the input re-render
// the article with the form as typed (422); a closed article is 403, too
// many posts 429 with Retry-After.
func (s *Site) handleCommentPost(w http.ResponseWriter, r *http.Request) error {
	if s.comments == nil {
		return press.ErrNotFound
	}
	ctx := r.Context()
	a, err := s.publishedArticle(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	parent, _ := strconv.ParseInt(f.Get("parent"), 10, 64)
	in := newsroom.CommentInput{
		ArticleSlug: a.Slug, ParentID: parent,
		Name: f.Get("name"), Email: f.Get("email"), Body: f.Get("body"),
		IP: web.ClientIP(r), UserAgent: r.UserAgent(), Honeypot: f.Get("website"),
		FormAge: s.formAge(ctx, f.Get("stamp"), time.Now()),
	}
	res, err := s.comments.PostComment(ctx, in)
	var ve *press.ValidationError
	switch {
	case errors.As(err, &ve):
		form := &theme.CommentForm{ParentID: max(parent, 0), Name: in.Name, Email: in.Email, Body: in.Body, Errors: ve}
		p, err := s.articlePage(ctx, c, r, &a, false)
		if err != nil {
			return err
		}
		cs, err := s.commentSection(ctx, r, c, &a, form)
		if err != nil {
			return err
		}
		if cs.Form == nil {
			// Closed while the reader was typing.
			return s.commentsRefused(c, &a)
		}
		return s.writeArticle(w, r, c, p, cs, http.StatusUnprocessableEntity)
	case err != nil:
		return s.commentError(w, c, &a, err)
	}
	if res.EditToken != "" {
		s.setEditCookie(w, r, res.Comment.ID, res.EditToken, policy(&c.site))
	}
	to := press.ArticlePath(a.Slug)
	switch {
	case res.VerifySent:
		to += "?comment=verify#comment-notice"
	case res.Comment.Status == press.CommentApproved:
		to += "?comment=published#comment-" + strconv.FormatInt(res.Comment.ID, 10)
	default:
		// Held, or (silently) taken for spam: the writer cannot tell.
		to += "?comment=held#comment-notice"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// parseForm reads a posted form of reasonable size.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return web.Errorf(http.StatusBadRequest, "the form could not be read: %v", err)
	}
	return nil
}

// commentError turns the newsroom's refusals into readable pages: too
// many posts (429, with Retry-After) and comments closed (403). Anything
// else goes to the adapter.
func (s *Site) commentError(w http.ResponseWriter, c *chrome, a *press.Article, err error) error {
	var rl *newsroom.RateLimitError
	if errors.As(err, &rl) {
		secs := int(rl.RetryAfter.Round(time.Second).Seconds())
		if secs < 1 {
			secs = 1
		}
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		t := s.theme.Catalog(c.site.Language)
		return web.Errorf(http.StatusTooManyRequests, "%s", t.M("comments.rate_limited", (secs+59)/60))
	}
	if errors.Is(err, newsroom.ErrCommentsClosed) && a != nil {
		return s.commentsRefused(c, a)
	}
	return err
}

// commentsRefused is the 403 for a comment on an article that takes none
// from this reader, saying whether it is closed or for members only.
func (s *Site) commentsRefused(c *chrome, a *press.Article) error {
	t := s.theme.Catalog(c.site.Language)
	key := "comments.closed"
	if policy(&c.site).CommentsFor(a, time.Now()) == press.CommentsMembers {
		key = "comments.members_only"
	}
	return web.Errorf(http.StatusForbidden, "%s", t.M(key))
}

// setEditCookie gives the writer the edit token of comment id for as long
// as the edit window lasts. HttpOnly: no script needs it; Path=/ because
// the edit and delete addresses are under /comments/.
func (s *Site) setEditCookie(w http.ResponseWriter, r *http.Request, id int64, token string, pol press.CommentPolicy) {
	age := pol.EditMinutes * 60
	if age <= 0 {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: commentCookie(id), Value: token, Path: "/", MaxAge: age,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// commentID reads {id}; anything but a positive number is not found.
func commentID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, press.ErrNotFound
	}
	return id, nil
}

// ownComment finds the comment {id} of the article ?article= for its
// writer, with the edit token from their cookie. A reader without the
// cookie, or past the window, is refused (403) with a page that says so.
func (s *Site) ownComment(r *http.Request, c *chrome) (press.Comment, press.Article, string, error) {
	if s.comments == nil {
		return press.Comment{}, press.Article{}, "", press.ErrNotFound
	}
	id, err := commentID(r)
	if err != nil {
		return press.Comment{}, press.Article{}, "", err
	}
	ctx := r.Context()
	a, err := s.publishedArticle(ctx, r.URL.Query().Get("article"))
	if err != nil {
		return press.Comment{}, a, "", err
	}
	expired := web.Errorf(http.StatusForbidden, "%s", s.theme.Catalog(c.site.Language).M("comments.edit_expired"))
	ck, err := r.Cookie(commentCookie(id))
	if err != nil || ck.Value == "" {
		return press.Comment{}, a, "", expired
	}
	list, err := s.db.Comments(ctx, a.Slug)
	if err != nil {
		return press.Comment{}, a, "", err
	}
	for _, cm := range list {
		if cm.ID != id {
			continue
		}
		if cm.Status == press.CommentTrash || cm.Status == press.CommentSpam ||
			!time.Now().Before(cm.CreatedAt.Add(time.Duration(policy(&c.site).EditMinutes)*time.Minute)) {
			return cm, a, "", expired
		}
		return cm, a, ck.Value, nil
	}
	return press.Comment{}, a, "", press.ErrNotFound
}

func (s *Site) handleCommentEditForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.chrome(r.Context())
	if err != nil {
		return err
	}
	cm, a, _, err := s.ownComment(r, c)
	if err != nil {
		return err
	}
	return s.renderCommentEdit(w, r, c, &a, cm, cm.Body, nil, http.StatusOK)
}

// handleCommentEdit saves the writer's change; the newsroom moderates the
// new text again, so the comment may go back to the queue.
func (s *Site) handleCommentEdit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.chrome(r.Context())
	if err != nil {
		return err
	}
	cm, a, token, err := s.ownComment(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	body := r.PostForm.Get("body")
	got, err := s.comments.EditOwnComment(r.Context(), cm.ID, token, body)
	var ve *press.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.renderCommentEdit(w, r, c, &a, cm, body, ve, http.StatusUnprocessableEntity)
	case errors.Is(err, press.ErrForbidden) && !errors.Is(err, newsroom.ErrCommentsClosed):
		return web.Errorf(http.StatusForbidden, "%s", s.theme.Catalog(c.site.Language).M("comments.edit_expired"))
	case err != nil:
		return s.commentError(w, c, &a, err)
	}
	to := press.ArticlePath(a.Slug) + "?comment=edited#comment-notice"
	if got.Status == press.CommentApproved {
		to = press.ArticlePath(a.Slug) + "?comment=edited#comment-" + strconv.FormatInt(got.ID, 10)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// handleCommentDelete removes the writer's own comment and forgets its
// token.
func (s *Site) handleCommentDelete(w http.ResponseWriter, r *http.Request) error {
	c, err := s.chrome(r.Context())
	if err != nil {
		return err
	}
	cm, a, token, err := s.ownComment(r, c)
	if err != nil {
		return err
	}
	if err := s.comments.DeleteOwnComment(r.Context(), cm.ID, token); err != nil {
		if errors.Is(err, press.ErrForbidden) {
			return web.Errorf(http.StatusForbidden, "%s", s.theme.Catalog(c.site.Language).M("comments.edit_expired"))
		}
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: commentCookie(cm.ID), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, press.ArticlePath(a.Slug)+"?comment=deleted#comment-notice", http.StatusSeeOther)
	return nil
}

func (s *Site) renderCommentEdit(w http.ResponseWriter, r *http.Request, c *chrome, a *press.Article, cm press.Comment, body string, errs *press.ValidationError, status int) error {
	p := &theme.CommentEditPage{Layout: c.layout(s.theme, r, "", ""), Article: a, Comment: cm, Body: body, Errors: errs,
		Action: editPath(cm.ID, a.Slug),
		Delete: "/comments/" + strconv.FormatInt(cm.ID, 10) + "/delete?article=" + url.QueryEscape(a.Slug)}
	p.Title = p.T.M("comments.edit_title")
	p.NoIndex = true
	p.Canonical = ""
	b, err := s.theme.CommentEdit(p)
	if err != nil {
		return err
	}
	web.Write(w, r, status, web.Page{ContentType: "text/html; charset=utf-8", Body: b, CacheControl: "no-store"})
	return nil
}

// handleCommentReport records a reader's report, one per address: the key
// is a hash of the address, so the address itself is not kept for it.
func (s *Site) handleCommentReport(w http.ResponseWriter, r *http.Request) error {
	if s.comments == nil {
		return press.ErrNotFound
	}
	id, err := commentID(r)
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte("comment-report\x00" + web.ClientIP(r)))
	if err := s.comments.ReportComment(r.Context(), id, hex.EncodeToString(sum[:16])); err != nil {
		return err
	}
	to := "/"
	if slug := r.URL.Query().Get("article"); slug != "" {
		to = press.ArticlePath(slug) + "?comment=reported#comment-notice"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// handleCommentVerify confirms a commenter's address from the emailed
// link and shows the article the comment is on.
func (s *Site) handleCommentVerify(w http.ResponseWriter, r *http.Request) error {
	if s.comments == nil {
		return press.ErrNotFound
	}
	cm, err := s.comments.VerifyCommenter(r.Context(), r.URL.Query().Get("token"))
	if errors.Is(err, press.ErrNotFound) || errors.Is(err, press.ErrInvalid) || errors.Is(err, press.ErrForbidden) {
		c, cerr := s.chrome(r.Context())
		if cerr != nil {
			return cerr
		}
		return web.Errorf(http.StatusBadRequest, "%s", s.theme.Catalog(c.site.Language).M("comments.bad_link"))
	}
	if err != nil {
		return err
	}
	to := press.ArticlePath(cm.Article) + "?comment=verified#comment-notice"
	if cm.Status == press.CommentApproved {
		to = press.ArticlePath(cm.Article) + "?comment=verified#comment-" + strconv.FormatInt(cm.ID, 10)
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// handleCommentFeed serves an article's comment feeds: comments.xml (RSS
// 2.0) and comments.atom (Atom), the newest approved comments first.
func (s *Site) handleCommentFeed(w http.ResponseWriter, r *http.Request) error {
	if s.comments == nil {
		return press.ErrNotFound
	}
	f := feed.RSS
	if strings.HasSuffix(r.URL.Path, ".atom") {
		f = feed.Atom
	}
	ctx := r.Context()
	a, err := s.publishedArticle(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	thread, err := s.comments.Thread(ctx, a.Slug)
	if err != nil {
		return err
	}
	last, err := s.db.CommentsModified(ctx, a.ID)
	if err != nil {
		return err
	}
	modified := later(c.modified, last)
	list := make([]press.Comment, 0, len(thread))
	for _, cm := range thread {
		if cm.Status == press.CommentApproved {
			cm.BodyHTML = bodyHTML(&cm)
			list = append(list, cm)
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].CreatedAt.After(list[j].CreatedAt) })
	if len(list) > feed.CommentFeedSize {
		list = list[:feed.CommentFeedSize]
	}
	t := s.theme.Catalog(c.site.Language)
	cf := &feed.CommentFeed{Site: &c.site, Article: &a, Title: t.M("comments.feed_title", a.Title),
		Comments: list, Updated: modified}
	body, err := cf.Render(f)
	if err != nil {
		return err
	}
	web.Write(w, r, http.StatusOK, web.Page{ContentType: f.ContentType(), Body: body, LastModified: modified})
	return nil
}
