package site

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
	"github.com/pressroomhq/pressroom/internal/web"
)

// Members' pages: joining, signing in by emailed link, the account page
// with its changes, export and deletion, and signing out. The newsroom
// keeps the rules (validation, links, what is mailed); the handlers here
// add the rate limits, the session cookie and the pages.
//
// Forms carry no CSRF tokens: the whole application sits behind
// http.CrossOriginProtection (see server.Handler), which refuses every
// state-changing request a browser sends from another origin, and the
// session cookie is SameSite=Lax on top.

// MemberCookie names the cookie that carries a member's session secret.
// A shared page cache in front of the site bypasses requests that carry
// it; the pages that depend on the member also say private, no-store.
const MemberCookie = "pr_member"

// memberCookieAge is how long the browser keeps the cookie: as long as
// the session lives on the server (store.memberSessionTTL).
const memberCookieAge = 90 * 24 * 60 * 60

// Rate limits of the forms that send mail. Per address, a reader who
// asks again because the mail is slow is let through a few times; per
// IP, a household or an office may share one.
const (
	memberMailsPerEmail = 5
	memberMailsPerIP    = 20
)

// memberState is the members' runtime of the site.
type memberState struct {
	news    *newsroom.Newsroom
	secure  string // cookie policy, as the admin's
	byIP    *web.Limiter
	byEmail *web.Limiter
}

// UseMembers turns on the members' pages, through n, with the cookie
// policy secure ("always", "never", or "" for secure except on loopback
// addresses, as the admin's). Without it their routes are not found.
func (s *Site) UseMembers(n *newsroom.Newsroom, secure string) {
	s.members = &memberState{news: n, secure: secure,
		byIP:    web.NewLimiter(memberMailsPerIP, time.Hour),
		byEmail: web.NewLimiter(memberMailsPerEmail, time.Hour)}
}

// memberHandler is a handler for a signed-in member.
type memberHandler func(w http.ResponseWriter, r *http.Request, m *press.Member) error

// privateNoStore marks a response that depends on who asks.
func privateNoStore(w http.ResponseWriter) { w.Header().Set("Cache-Control", "private, no-store") }

// signedIn wraps h for signed-in members. Someone signed out is sent to
// the sign-in page (GET) or refused with 401.
func (s *Site) signedIn(h memberHandler) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.members == nil {
			return press.ErrNotFound
		}
		privateNoStore(w)
		m, err := s.member(r)
		if errors.Is(err, press.ErrNotFound) {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/signin", http.StatusSeeOther)
				return nil
			}
			return web.Errorf(http.StatusUnauthorized, "you are not signed in (or your session ended); sign in again")
		}
		if err != nil {
			return err
		}
		return h(w, r, &m)
	}
}

// member returns the signed-in member of r, or press.ErrNotFound.
func (s *Site) member(r *http.Request) (press.Member, error) {
	c, err := r.Cookie(MemberCookie)
	if err != nil || c.Value == "" {
		return press.Member{}, press.ErrNotFound
	}
	_, m, err := s.db.MemberSession(r.Context(), auth.HashSecret(c.Value))
	return m, err
}

func (s *Site) setMemberCookie(w http.ResponseWriter, r *http.Request, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: MemberCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: web.SecureCookie(s.members.secure, r)})
}

// endMemberSession ends the session the browser brought, if any, and
// clears its cookie.
func (s *Site) endMemberSession(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(MemberCookie); err == nil && c.Value != "" {
		if err := s.db.DeleteMemberSession(r.Context(), auth.HashSecret(c.Value)); err != nil {
			return err
		}
	}
	s.setMemberCookie(w, r, "", -1)
	return nil
}

// memberLimit takes a token for the client's address and for email;
// past either limit it is a 429 with Retry-After.
func (s *Site) memberLimit(w http.ResponseWriter, r *http.Request, c *chrome, email string) error {
	ok, wait := s.members.byIP.Allow(web.ClientIP(r))
	if ok {
		ok, wait = s.members.byEmail.Allow(press.NormaliseEmail(email))
	}
	if ok {
		return nil
	}
	secs := max(1, int(wait.Round(time.Second).Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return web.Errorf(http.StatusTooManyRequests, "%s", s.theme.Catalog(c.site.Language).M("members.limited", (secs+59)/60))
}

// memberPage fills a member page's layout: not indexed, no canonical
// address (these pages are nobody's landing page).
func (s *Site) memberPage(r *http.Request, c *chrome, titleKey string) theme.Layout {
	l := c.layout(s.theme, r, "", "")
	l.Title = l.T.M(titleKey)
	l.NoIndex = true
	l.Canonical = ""
	l.Meta = theme.Meta{}
	return l
}

// writeMember sends a member page: never stored by any cache.
func writeMember(w http.ResponseWriter, r *http.Request, status int, body []byte, err error) error {
	if err != nil {
		return err
	}
	web.Write(w, r, status, web.Page{ContentType: "text/html; charset=utf-8", Body: body, CacheControl: "private, no-store"})
	return nil
}

// memberNotices are the ?notice= values the member pages show.
var memberNotices = map[string]string{
	"welcome": "members.notice.welcome", "name": "members.notice.name", "email_sent": "members.notice.email_sent",
	"email": "members.notice.email", "signed_out": "members.notice.signed_out", "deleted": "members.notice.deleted",
}

func (s *Site) handleJoinForm(w http.ResponseWriter, r *http.Request) error {
	if s.members == nil {
		return press.ErrNotFound
	}
	c, err := s.chrome(r.Context())
	if err != nil {
		return err
	}
	p := &theme.JoinPage{Layout: s.memberPage(r, c, "members.join.title"), Notice: memberNotices[r.URL.Query().Get("notice")]}
	b, err := s.theme.Join(p)
	return writeMember(w, r, http.StatusOK, b, err)
}

// handleJoin takes the join form. Whatever the address, the answer is
// the same "check your email" page: a new address gets its confirmation
// link, a member's address a sign-in link (see newsroom.Join). A filled
// honeypot gets that page too, and nothing else. Bad input is the form
// again with its errors (422); too many tries 429.
func (s *Site) handleJoin(w http.ResponseWriter, r *http.Request) error {
	if s.members == nil {
		return press.ErrNotFound
	}
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	name, email := r.PostForm.Get("name"), r.PostForm.Get("email")
	sent := &theme.JoinPage{Layout: s.memberPage(r, c, "members.sent.title"), Email: press.NormaliseEmail(email), Sent: true}
	if r.PostForm.Get("website") != "" {
		b, err := s.theme.Join(sent)
		return writeMember(w, r, http.StatusOK, b, err)
	}
	if err := s.memberLimit(w, r, c, email); err != nil {
		return err
	}
	err = s.members.news.Join(ctx, name, email)
	var ve *press.ValidationError
	switch {
	case errors.As(err, &ve):
		p := &theme.JoinPage{Layout: s.memberPage(r, c, "members.join.title"), Name: name, Email: email, Errors: ve}
		b, err := s.theme.Join(p)
		return writeMember(w, r, http.StatusUnprocessableEntity, b, err)
	case errors.Is(err, newsroom.ErrNoMailer):
		// The form again, saying why it cannot work (the error page
		// would hide a 5xx's reason).
		p := &theme.JoinPage{Layout: s.memberPage(r, c, "members.join.title"), Name: name, Email: email, Notice: "members.no_mail"}
		b, err := s.theme.Join(p)
		return writeMember(w, r, http.StatusServiceUnavailable, b, err)
	case err != nil:
		return err
	}
	b, err := s.theme.Join(sent)
	return writeMember(w, r, http.StatusOK, b, err)
}

func (s *Site) handleSignInForm(w http.ResponseWriter, r *http.Request) error {
	if s.members == nil {
		return press.ErrNotFound
	}
	c, err := s.chrome(r.Context())
	if err != nil {
		return err
	}
	p := &theme.SignInPage{Layout: s.memberPage(r, c, "members.signin.title"), Notice: memberNotices[r.URL.Query().Get("notice")]}
	b, err := s.theme.SignIn(p)
	return writeMember(w, r, http.StatusOK, b, err)
}

// handleSignIn takes the sign-in form and answers "check your email"
// whether or not the address has an account. The lookup and the mail
// happen after the answer, so that its timing does not tell either.
func (s *Site) handleSignIn(w http.ResponseWriter, r *http.Request) error {
	if s.members == nil {
		return press.ErrNotFound
	}
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	email := press.NormaliseEmail(r.PostForm.Get("email"))
	if err := s.memberLimit(w, r, c, email); err != nil {
		return err
	}
	if err := press.ValidateMemberEmail(email); err != nil {
		p := &theme.SignInPage{Layout: s.memberPage(r, c, "members.signin.title"), Email: r.PostForm.Get("email"),
			Errors: err.(*press.ValidationError)}
		b, err := s.theme.SignIn(p)
		return writeMember(w, r, http.StatusUnprocessableEntity, b, err)
	}
	if !s.members.news.CanMail() {
		p := &theme.SignInPage{Layout: s.memberPage(r, c, "members.signin.title"), Email: email, Notice: "members.no_mail"}
		b, err := s.theme.SignIn(p)
		return writeMember(w, r, http.StatusServiceUnavailable, b, err)
	}
	bg := context.WithoutCancel(ctx)
	go func() {
		if err := s.members.news.RequestSignIn(bg, email); err != nil {
			s.logger.Error("sign-in link", "err", err)
		}
	}()
	p := &theme.SignInPage{Layout: s.memberPage(r, c, "members.sent.title"), Email: email, Sent: true}
	b, err := s.theme.SignIn(p)
	return writeMember(w, r, http.StatusOK, b, err)
}

// badLink is the clear refusal of an unknown, used or expired link.
func (s *Site) badLink(c *chrome) error {
	return web.Errorf(http.StatusBadRequest, "%s", s.theme.Catalog(c.site.Language).M("members.link.bad"))
}

// handleMemberLinkForm shows the button that uses an emailed link. The
// link itself is not used here: mail scanners fetch links, and would
// spend it.
func (s *Site) handleMemberLinkForm(w http.ResponseWriter, r *http.Request) error {
	if s.members == nil {
		return press.ErrNotFound
	}
	privateNoStore(w)
	// The token is in this page's address: it must not leak to the
	// sites the page links to.
	w.Header().Set("Referrer-Policy", "no-referrer")
	c, err := s.chrome(r.Context())
	if err != nil {
		return err
	}
	token := r.URL.Query().Get("token")
	k, err := s.members.news.MemberLink(r.Context(), token)
	if errors.Is(err, press.ErrNotFound) {
		return s.badLink(c)
	}
	if err != nil {
		return err
	}
	p := &theme.MemberLinkPage{Layout: s.memberPage(r, c, "members.link.title."+string(k.Purpose)), Purpose: k.Purpose, Token: token}
	b, err := s.theme.MemberLink(p)
	return writeMember(w, r, http.StatusOK, b, err)
}

// handleMemberLink uses an emailed link: a confirmation or sign-in
// starts a session (ending any the browser had, so a session planted
// before sign-in is worthless), an email change moves the account.
func (s *Site) handleMemberLink(w http.ResponseWriter, r *http.Request) error {
	if s.members == nil {
		return press.ErrNotFound
	}
	privateNoStore(w)
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	secret := auth.NewSecret()
	k, _, err := s.members.news.UseMemberLink(ctx, r.PostForm.Get("token"), auth.HashSecret(secret))
	switch {
	case errors.Is(err, press.ErrNotFound):
		return s.badLink(c)
	case errors.Is(err, press.ErrConflict):
		return web.Errorf(http.StatusConflict, "%s", s.theme.Catalog(c.site.Language).M("members.link.taken"))
	case err != nil:
		return err
	}
	if k.Purpose == press.TokenEmailChange {
		http.Redirect(w, r, "/account?notice=email", http.StatusSeeOther)
		return nil
	}
	if old, err := r.Cookie(MemberCookie); err == nil && old.Value != "" {
		if err := s.db.DeleteMemberSession(ctx, auth.HashSecret(old.Value)); err != nil {
			return err
		}
	}
	s.setMemberCookie(w, r, secret, memberCookieAge)
	http.Redirect(w, r, "/account?notice=welcome", http.StatusSeeOther)
	return nil
}

// handleSignOut ends the browser's session.
func (s *Site) handleSignOut(w http.ResponseWriter, r *http.Request) error {
	if s.members == nil {
		return press.ErrNotFound
	}
	privateNoStore(w)
	if err := s.endMemberSession(w, r); err != nil {
		return err
	}
	http.Redirect(w, r, "/signin?notice=signed_out", http.StatusSeeOther)
	return nil
}

func (s *Site) renderAccount(w http.ResponseWriter, r *http.Request, m *press.Member, p *theme.AccountPage, status int) error {
	c, err := s.chrome(r.Context())
	if err != nil {
		return err
	}
	p.Layout = s.memberPage(r, c, "members.account.title")
	p.Member = m
	b, err := s.theme.Account(p)
	return writeMember(w, r, status, b, err)
}

func (s *Site) handleAccount(w http.ResponseWriter, r *http.Request, m *press.Member) error {
	return s.renderAccount(w, r, m, &theme.AccountPage{Name: m.Name, Notice: memberNotices[r.URL.Query().Get("notice")]}, http.StatusOK)
}

func (s *Site) handleAccountName(w http.ResponseWriter, r *http.Request, m *press.Member) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	name := r.PostForm.Get("name")
	err := s.members.news.RenameMember(r.Context(), m.ID, name)
	var ve *press.ValidationError
	if errors.As(err, &ve) {
		return s.renderAccount(w, r, m, &theme.AccountPage{Name: name, NameErrors: ve}, http.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/account?notice=name", http.StatusSeeOther)
	return nil
}

// handleAccountEmail mails the link that moves the account to a new
// address; it counts against the same limits as the other forms that
// send mail.
func (s *Site) handleAccountEmail(w http.ResponseWriter, r *http.Request, m *press.Member) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	c, err := s.chrome(r.Context())
	if err != nil {
		return err
	}
	email := r.PostForm.Get("email")
	if err := s.memberLimit(w, r, c, email); err != nil {
		return err
	}
	err = s.members.news.RequestEmailChange(r.Context(), *m, email)
	var ve *press.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.renderAccount(w, r, m, &theme.AccountPage{Name: m.Name, NewEmail: email, EmailErrors: ve}, http.StatusUnprocessableEntity)
	case errors.Is(err, newsroom.ErrNoMailer):
		return s.renderAccount(w, r, m, &theme.AccountPage{Name: m.Name, NewEmail: email, Notice: "members.no_mail"}, http.StatusServiceUnavailable)
	case err != nil:
		return err
	}
	http.Redirect(w, r, "/account?notice=email_sent", http.StatusSeeOther)
	return nil
}

// handleAccountExport downloads the member's data as JSON.
func (s *Site) handleAccountExport(w http.ResponseWriter, r *http.Request, m *press.Member) error {
	x, err := s.members.news.ExportMember(r.Context(), m.ID)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="my-membership-data.json"`)
	w.Write(append(b, '\n'))
	return nil
}

func (s *Site) handleAccountDeleteForm(w http.ResponseWriter, r *http.Request, m *press.Member) error {
	c, err := s.chrome(r.Context())
	if err != nil {
		return err
	}
	b, err := s.theme.AccountDelete(&theme.AccountDeletePage{Layout: s.memberPage(r, c, "members.delete.title"), Member: m})
	return writeMember(w, r, http.StatusOK, b, err)
}

// handleAccountDelete erases the account once the member confirmed on
// the page before (confirm=yes), and signs the browser out.
func (s *Site) handleAccountDelete(w http.ResponseWriter, r *http.Request, m *press.Member) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if r.PostForm.Get("confirm") != "yes" {
		http.Redirect(w, r, "/account/delete", http.StatusSeeOther)
		return nil
	}
	if err := s.members.news.DeleteMember(r.Context(), m.ID); err != nil {
		return err
	}
	s.setMemberCookie(w, r, "", -1)
	http.Redirect(w, r, "/join?notice=deleted", http.StatusSeeOther)
	return nil
}
