package admin

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// Cookie names. The session cookie holds the session's secret; the form
// cookie holds the CSRF token of forms shown before there is a session
// (sign-in, set-up, password reset), checked double-submit style.
const (
	sessionCookie = "pressroom_session"
	formCookie    = "pressroom_form"
)

// staff is the signed-in user of a request and their session.
type staff struct {
	User    press.User
	Session press.Session
}

// handler is an admin handler for signed-in staff.
type handler func(w http.ResponseWriter, r *http.Request, s *staff) error

// signedIn wraps h for signed-in, verified staff who may perform act (""
// for any signed-in user): it loads the session, refuses a state-changing
// request without the session's CSRF token, checks the role, and puts the
// actor (with the client's address) in the request's context for the
// audit log. Someone not signed in is sent to the sign-in page (GET) or
// refused with 401.
func (a *Admin) signedIn(act press.Action, h handler) http.Handler {
	return a.web.Handle(func(w http.ResponseWriter, r *http.Request) error {
		noStore(w)
		s, err := a.session(r)
		if errors.Is(err, press.ErrNotFound) || (err == nil && !s.Session.Verified) {
			if err == nil && !s.Session.Verified {
				// Password given, second factor not yet.
				http.Redirect(w, r, "/admin/login/verify", http.StatusSeeOther)
				return nil
			}
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return nil
			}
			return web.Errorf(http.StatusUnauthorized, "you are not signed in (or your session ended); sign in again")
		}
		if err != nil {
			return err
		}
		if !safeMethod(r.Method) {
			if err := a.parseBody(w, r); err != nil {
				return err
			}
			if !validCSRF(r, s.Session.CSRF) {
				return errCSRF
			}
		}
		if act != "" && !s.User.Can(act) {
			return press.Forbidden(act)
		}
		if done, err := a.enrolmentGate(w, r, s); done || err != nil {
			return err // sent to set up the required second factor
		}
		r = r.WithContext(press.WithActor(r.Context(), press.Actor{UserID: s.User.ID, Name: s.User.Name, IP: web.ClientIP(r)}))
		return h(w, r, s)
	})
}

// public wraps a handler of a page shown without a session (sign-in,
// set-up, password reset): its forms carry the form cookie's token.
func (a *Admin) public(h web.HandlerFunc) http.Handler {
	return a.web.Handle(func(w http.ResponseWriter, r *http.Request) error {
		noStore(w)
		if !safeMethod(r.Method) {
			if err := a.parseBody(w, r); err != nil {
				return err
			}
			c, err := r.Cookie(formCookie)
			if err != nil || !validCSRF(r, c.Value) {
				return errCSRF
			}
		}
		r = r.WithContext(press.WithActor(r.Context(), press.Actor{Name: "anonymous", IP: web.ClientIP(r)}))
		return h(w, r)
	})
}

// parseBody reads a form body (URL-encoded or multipart) within the size
// limit, before the CSRF check needs its token: a body over the limit is
// refused with 413 while it is read, and nothing of it is kept. Other
// bodies (JSON from scripts) are left to the handler.
func (a *Admin) parseBody(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, a.maxBody)
	var err error
	if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "multipart/form-data") {
		err = r.ParseMultipartForm(8 << 20) // beyond 8 MB, parts spill to temporary files
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return web.Errorf(http.StatusRequestEntityTooLarge, "the request is larger than the limit of %d MB", a.maxBody>>20)
	case err != nil:
		return web.Errorf(http.StatusBadRequest, "the form could not be read: %v", err)
	}
	return nil
}

var errCSRF = web.Errorf(http.StatusForbidden, "the form's security token is missing or out of date; reload the page and try again")

// session returns the request's signed-in staff, or press.ErrNotFound.
func (a *Admin) session(r *http.Request) (*staff, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, press.ErrNotFound
	}
	s, u, err := a.db.Session(r.Context(), auth.HashSecret(c.Value))
	if err != nil {
		return nil, err
	}
	return &staff{User: u, Session: s}, nil
}

// startSession signs u in: any session the browser brought is ended (so a
// session fixed by an attacker before sign-in is worthless), a new one is
// made with a fresh secret and CSRF token, and its cookie set. verified is
// false while a second factor is still to come.
func (a *Admin) startSession(ctx context.Context, w http.ResponseWriter, r *http.Request, u *press.User, verified bool) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := a.db.DeleteSession(ctx, auth.HashSecret(c.Value)); err != nil {
			return err
		}
	}
	secret := auth.NewSecret()
	s := press.Session{IDHash: auth.HashSecret(secret), UserID: u.ID, CSRF: auth.NewSecret(), Verified: verified,
		IP: web.ClientIP(r), UserAgent: truncate(r.UserAgent(), 200)}
	if err := a.db.CreateSession(ctx, &s); err != nil {
		return err
	}
	a.setCookie(w, r, sessionCookie, secret, 0)
	return nil
}

// endSession signs the browser out.
func (a *Admin) endSession(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := a.db.DeleteSession(r.Context(), auth.HashSecret(c.Value)); err != nil {
			return err
		}
	}
	a.setCookie(w, r, sessionCookie, "", -1)
	return nil
}

// formToken returns the CSRF token for a page without a session, setting
// the form cookie when the browser has none.
func (a *Admin) formToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(formCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	token := auth.NewSecret()
	a.setCookie(w, r, formCookie, token, 0)
	return token
}

// setCookie sets an admin cookie: HttpOnly, SameSite=Lax, limited to
// /admin, and Secure as configured. maxAge 0 is a browser-session cookie,
// negative deletes it. Sessions end on the server; the cookie only carries
// the secret.
func (a *Admin) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/admin", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: a.secureCookie(r)})
}

func (a *Admin) secureCookie(r *http.Request) bool { return web.SecureCookie(a.secure, r) }

// validCSRF reports whether the request carries token, in the form field
// "csrf" or the X-CSRF-Token header (for scripts).
func validCSRF(r *http.Request, token string) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.FormValue("csrf") // parses the body (multipart too) once
	}
	return token != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

func safeMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

// noStore keeps admin pages out of every cache and search engine.
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
}

// localPath returns next when it is a path on this site under /admin/,
// else /admin/: a sign-in link must not send anyone elsewhere.
func localPath(next string) string {
	if strings.HasPrefix(next, "/admin/") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/admin/"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
