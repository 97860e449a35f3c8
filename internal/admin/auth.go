package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// LoginPage is the sign-in form.
type LoginPage struct {
	Layout
	Next    string
	Email   string
	Message string // why the last attempt failed
}

func (a *Admin) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	if n, err := a.db.CountUsers(r.Context()); err != nil {
		return err
	} else if n == 0 {
		http.Redirect(w, r, "/admin/setup", http.StatusSeeOther)
		return nil
	}
	if s, err := a.session(r); err == nil && s.Session.Verified {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	p := &LoginPage{Layout: Layout{Title: "Sign in", Flash: takeFlash(w, r), CSRF: a.formToken(w, r)}, Next: r.URL.Query().Get("next")}
	return a.render(w, "login", p)
}

// errLogin is the one message for a wrong address or password, so that
// the form does not tell which addresses have accounts.
const errLogin = "The email address or password is not right."

func (a *Admin) handleLogin(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email, password := press.NormaliseEmail(r.PostForm.Get("email")), r.PostForm.Get("password")
	p := &LoginPage{Layout: Layout{Title: "Sign in", CSRF: a.formToken(w, r)}, Next: r.PostForm.Get("next"), Email: email}
	if ok, wait := a.loginLimiter.Allow(web.ClientIP(r)); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		p.Message = "Too many sign-in attempts from your address. Try again in " + minutes(wait) + "."
		return a.renderStatus(w, http.StatusTooManyRequests, "login", p)
	}
	u, hash, err := a.db.UserByEmail(ctx, email)
	switch {
	case errors.Is(err, press.ErrNotFound):
		auth.CheckNobody(password)
		p.Message = errLogin
		return a.renderStatus(w, http.StatusUnauthorized, "login", p)
	case err != nil:
		return err
	}
	if u.Disabled || hash == "" || auth.CheckPassword(hash, password) != nil {
		p.Message = errLogin
		return a.renderStatus(w, http.StatusUnauthorized, "login", p)
	}
	if err := a.db.RecordLogin(ctx, u.ID); err != nil {
		return err
	}
	if err := a.startSession(ctx, w, r, &u, !u.TOTPEnabled); err != nil {
		return err
	}
	return a.redirect(w, r, localPath(p.Next), "")
}

// SetupPage creates the first admin on a new site.
type SetupPage struct {
	Layout
	Name, Email string
	Errors      map[string]string
}

func (a *Admin) handleSetupForm(w http.ResponseWriter, r *http.Request) error {
	if n, err := a.db.CountUsers(r.Context()); err != nil {
		return err
	} else if n > 0 {
		http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
		return nil
	}
	return a.render(w, "setup", &SetupPage{Layout: Layout{Title: "Set up Pressroom", CSRF: a.formToken(w, r)}})
}

func (a *Admin) handleSetup(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := r.PostForm
	p := &SetupPage{Layout: Layout{Title: "Set up Pressroom", CSRF: a.formToken(w, r)},
		Name: strings.TrimSpace(f.Get("name")), Email: press.NormaliseEmail(f.Get("email")), Errors: map[string]string{}}
	u := press.User{Name: p.Name, Email: p.Email, Role: press.RoleAdmin}
	var ve *press.ValidationError
	if err := u.Validate(); errors.As(err, &ve) {
		for _, fe := range ve.Fields {
			p.Errors[fe.Field] = fe.Message
		}
	}
	if msg := auth.CheckPasswordPolicy(f.Get("password")); msg != "" {
		p.Errors["password"] = msg
	} else if f.Get("password") != f.Get("password2") {
		p.Errors["password2"] = "does not match the password"
	}
	if len(p.Errors) > 0 {
		return a.renderStatus(w, http.StatusUnprocessableEntity, "setup", p)
	}
	err := a.db.CreateFirstAdmin(ctx, &u, auth.HashPassword(f.Get("password")))
	if errors.Is(err, press.ErrConflict) {
		// Someone finished set-up first.
		return a.redirect(w, r, "/admin/login", "Pressroom is already set up; sign in.")
	}
	if err != nil {
		return err
	}
	if err := a.startSession(ctx, w, r, &u, true); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/", "Welcome to Pressroom. You are its first admin.")
}

// signedInOrPending is signedIn for the one action a half-signed-in user
// (password given, second factor not yet) may take: signing out.
func (a *Admin) signedInOrPending(h handler) http.Handler {
	return a.web.Handle(func(w http.ResponseWriter, r *http.Request) error {
		noStore(w)
		s, err := a.session(r)
		if errors.Is(err, press.ErrNotFound) {
			http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
			return nil
		}
		if err != nil {
			return err
		}
		if err := a.parseBody(w, r); err != nil {
			return err
		}
		if !validCSRF(r, s.Session.CSRF) {
			return errCSRF
		}
		return h(w, r, s)
	})
}

func (a *Admin) handleLogout(w http.ResponseWriter, r *http.Request, s *staff) error {
	if err := a.endSession(w, r); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/login", "You are signed out.")
}

func minutes(d time.Duration) string {
	m := int(d.Round(time.Minute).Minutes())
	if m <= 1 {
		return "a minute"
	}
	return strconv.Itoa(m) + " minutes"
}
