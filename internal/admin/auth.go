package admin

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/mail"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// LoginPage is the sign-in form.
type LoginPage struct {
	Layout
	Next    string
	Email   string
	Message string // why the last attempt failed
	Locked  bool   // the account is locked: offer a password reset
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
		// Nobody by that address: spend the time a password check takes
		// and lock out as an account would, so that neither tells.
		auth.CheckNobody(password)
		now := a.db.Now()
		if until := a.phantoms.locked(email, now); !until.IsZero() {
			return a.renderLocked(w, p, until)
		}
		if until := a.phantoms.fail(email, now); !until.IsZero() {
			return a.renderLocked(w, p, until)
		}
		p.Message = errLogin
		return a.renderStatus(w, http.StatusUnauthorized, "login", p)
	case err != nil:
		return err
	}
	// A locked account refuses even the right password, and says so: the
	// owner learns why, and a guesser learns nothing they could use.
	if until, err := a.db.LockedUntil(ctx, u.ID); err != nil {
		return err
	} else if !until.IsZero() {
		auth.CheckNobody(password)
		return a.renderLocked(w, p, until)
	}
	if u.Disabled || hash == "" || auth.CheckPassword(hash, password) != nil {
		if !u.Disabled {
			if until, err := a.db.RecordLoginFailure(ctx, u.ID); err != nil {
				return err
			} else if !until.IsZero() {
				return a.renderLocked(w, p, until)
			}
		}
		p.Message = errLogin
		return a.renderStatus(w, http.StatusUnauthorized, "login", p)
	}
	if u.TOTPEnabled {
		// Half signed in: the session may only finish with a code.
		if err := a.startSession(ctx, w, r, &u, false); err != nil {
			return err
		}
		return a.redirect(w, r, "/admin/login/verify?next="+url.QueryEscape(localPath(p.Next)), "")
	}
	if err := a.db.RecordLogin(ctx, u.ID); err != nil {
		return err
	}
	if err := a.startSession(ctx, w, r, &u, true); err != nil {
		return err
	}
	return a.redirect(w, r, a.afterSignIn(ctx, &u, localPath(p.Next)), "")
}

// afterSignIn is where a verified sign-in goes: next, unless the site
// requires a second factor the user has not set up yet.
func (a *Admin) afterSignIn(ctx context.Context, u *press.User, next string) string {
	if !u.TOTPEnabled {
		if required, err := a.db.RequireTOTP(ctx); err == nil && required {
			return "/admin/account/2fa"
		}
	}
	return next
}

// renderLocked answers a sign-in to a locked account with 423 Locked,
// when it may be tried again, and the way out that does not wait.
func (a *Admin) renderLocked(w http.ResponseWriter, p *LoginPage, until time.Time) error {
	wait := until.Sub(a.db.Now())
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	p.Message = "This account is locked after too many failed sign-in attempts. Try again after " +
		until.UTC().Format("15:04 UTC") + " (in " + minutes(wait) + "), or reset your password."
	p.Locked = true
	return a.renderStatus(w, http.StatusLocked, "login", p)
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

// accounts holds what the account pages need beyond the store: the
// mailer (nil without SMTP settings) and the limits on reset requests.
type accounts struct {
	mailer        mail.Mailer
	forgotByIP    *web.Limiter
	forgotByEmail *web.Limiter
}

func newAccounts(m mail.Mailer) accounts {
	return accounts{mailer: m,
		forgotByIP:    web.NewLimiter(forgotPerIP, time.Hour),
		forgotByEmail: web.NewLimiter(forgotPerEmail, time.Hour)}
}

// Reset requests: per address ten an hour, per account three an hour, so
// that nobody can flood a colleague's inbox.
const (
	forgotPerIP    = 10
	forgotPerEmail = 3
)

// VerifyPage asks for the second factor after the password.
type VerifyPage struct {
	Layout
	Next    string
	Message string
}

// pending wraps the handlers of the second sign-in step: they need a
// session that gave its password but not yet its code. Without one the
// browser goes to sign in; a verified one goes on to the admin. Posts
// carry the session's CSRF token.
func (a *Admin) pending(h handler) http.Handler {
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
		if s.Session.Verified {
			http.Redirect(w, r, localPath(r.FormValue("next")), http.StatusSeeOther)
			return nil
		}
		if !safeMethod(r.Method) {
			if err := a.parseBody(w, r); err != nil {
				return err
			}
			if !validCSRF(r, s.Session.CSRF) {
				return errCSRF
			}
		}
		r = r.WithContext(press.WithActor(r.Context(), press.Actor{UserID: s.User.ID, Name: s.User.Name, IP: web.ClientIP(r)}))
		return h(w, r, s)
	})
}

func (a *Admin) handleVerifyForm(w http.ResponseWriter, r *http.Request, s *staff) error {
	p := &VerifyPage{Layout: Layout{Title: "Two-factor sign-in", CSRF: s.Session.CSRF}, Next: r.URL.Query().Get("next")}
	return a.render(w, "login_verify", p)
}

// handleVerify takes an authenticator code or a recovery code. A right
// one replaces the half-signed-in session with a new, verified one (so
// the id seen before the second factor is worthless after it); a wrong
// one counts towards the account's lock-out like a wrong password.
func (a *Admin) handleVerify(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	p := &VerifyPage{Layout: Layout{Title: "Two-factor sign-in", CSRF: s.Session.CSRF}, Next: r.PostForm.Get("next")}
	// No per-address limit here: only someone who knows the password gets
	// this far, and wrong codes count towards the account's lock-out.
	lp := &LoginPage{Layout: Layout{Title: "Sign in", CSRF: a.formToken(w, r)}, Email: s.User.Email}
	if until, err := a.db.LockedUntil(ctx, s.User.ID); err != nil {
		return err
	} else if !until.IsZero() {
		if err := a.endSession(w, r); err != nil {
			return err
		}
		return a.renderLocked(w, lp, until)
	}
	code := strings.TrimSpace(r.PostForm.Get("code"))
	ok, err := a.checkSecondFactor(ctx, &s.User, code)
	if err != nil {
		return err
	}
	if !ok {
		until, err := a.db.RecordLoginFailure(ctx, s.User.ID)
		if err != nil {
			return err
		}
		if !until.IsZero() {
			if err := a.endSession(w, r); err != nil {
				return err
			}
			return a.renderLocked(w, lp, until)
		}
		p.Message = "That code is not right, or was already used. Enter the current code from your app, or an unused recovery code."
		return a.renderStatus(w, http.StatusUnauthorized, "login_verify", p)
	}
	if err := a.db.RecordLogin(ctx, s.User.ID); err != nil {
		return err
	}
	if err := a.startSession(ctx, w, r, &s.User, true); err != nil {
		return err
	}
	return a.redirect(w, r, localPath(p.Next), "")
}

// checkSecondFactor reports whether code is the user's current
// authenticator code, not used before, or one of their unused recovery
// codes, and spends it.
func (a *Admin) checkSecondFactor(ctx context.Context, u *press.User, code string) (bool, error) {
	if code == "" {
		return false, nil
	}
	if auth.LooksLikeTOTP(code) {
		secret, _, err := a.db.TOTPSecret(ctx, u.ID)
		if err != nil {
			return false, err
		}
		step, ok := auth.CheckTOTP(secret, code, a.now())
		if !ok {
			return false, nil
		}
		err = a.db.UseTOTPStep(ctx, u.ID, step)
		if errors.Is(err, press.ErrConflict) {
			return false, nil // a replayed code
		}
		return err == nil, err
	}
	err := a.db.UseRecoveryCode(ctx, u.ID, auth.HashRecoveryCode(code))
	if errors.Is(err, press.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// ForgotPage asks for the address to send a reset link to.
type ForgotPage struct {
	Layout
	Email   string
	Sent    bool // the request was taken: say the same whatever the address
	NoMail  bool // no SMTP settings: only an admin can reset passwords
	Message string
}

func (a *Admin) handleForgotForm(w http.ResponseWriter, r *http.Request) error {
	p := &ForgotPage{Layout: Layout{Title: "Forgot your password?", CSRF: a.formToken(w, r)}, NoMail: a.accounts.mailer == nil}
	return a.render(w, "password_forgot", p)
}

// handleForgot mails a reset link to the address if it has an enabled
// account, and answers the same either way, so the form does not tell
// who works here.
func (a *Admin) handleForgot(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email := press.NormaliseEmail(r.PostForm.Get("email"))
	p := &ForgotPage{Layout: Layout{Title: "Forgot your password?", CSRF: a.formToken(w, r)}, Email: email, NoMail: a.accounts.mailer == nil}
	if p.NoMail {
		return a.renderStatus(w, http.StatusServiceUnavailable, "password_forgot", p)
	}
	if !press.ValidEmail(email) {
		p.Message = "Enter the email address you sign in with."
		return a.renderStatus(w, http.StatusUnprocessableEntity, "password_forgot", p)
	}
	ok, wait := a.accounts.forgotByIP.Allow(web.ClientIP(r))
	if ok {
		ok, wait = a.accounts.forgotByEmail.Allow(email)
	}
	if !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		p.Message = "Too many reset requests. Try again in " + minutes(wait) + "."
		return a.renderStatus(w, http.StatusTooManyRequests, "password_forgot", p)
	}
	p.Sent = true
	u, _, err := a.db.UserByEmail(ctx, email)
	if errors.Is(err, press.ErrNotFound) || (err == nil && u.Disabled) {
		return a.render(w, "password_forgot", p)
	}
	if err != nil {
		return err
	}
	// The link is made and mailed after the answer, so that neither the
	// answer nor its timing tells an account from no account; a failure
	// is logged, not shown.
	go func(ctx context.Context) {
		if err := a.sendResetLink(ctx, &u, false); err != nil {
			a.logger.Error("admin: password reset mail", "user_id", u.ID, "err", err)
		}
	}(context.WithoutCancel(ctx))
	return a.render(w, "password_forgot", p)
}

// sendResetLink makes a reset token for u and mails its link, built on
// the site's configured address rather than the request's Host header (a
// forged Host would otherwise send the victim a link to the attacker's
// server). welcome words it as an invitation for a new account.
func (a *Admin) sendResetLink(ctx context.Context, u *press.User, welcome bool) error {
	if a.accounts.mailer == nil {
		return errors.New("no SMTP settings")
	}
	site, err := a.db.Site(ctx)
	if err != nil {
		return err
	}
	token := auth.NewSecret()
	if _, err := a.db.CreatePasswordReset(ctx, u.ID, auth.HashSecret(token)); err != nil {
		return err
	}
	link := strings.TrimSuffix(site.BaseURL, "/") + "/admin/password/reset?token=" + url.QueryEscape(token)
	subject := "Reset your password for " + site.Name
	intro := "Someone (we hope you) asked to reset the password of your " + site.Name + " account, " + u.Email + "."
	if welcome {
		subject = "Your " + site.Name + " account"
		intro = "An account was made for you in the " + site.Name + " newsroom (" + u.Email + "). Choose your password to start."
	}
	text := "Hello " + u.Name + ",\n\n" + intro + "\n\nChoose a new password here (the link works once, for an hour):\n\n" + link +
		"\n\nIf you did not ask for this, ignore this message: your password stays as it is.\n"
	html := "<p>Hello " + template.HTMLEscapeString(u.Name) + ",</p><p>" + template.HTMLEscapeString(intro) +
		"</p><p><a href=\"" + template.HTMLEscapeString(link) + "\">Choose a new password</a> (the link works once, for an hour).</p>" +
		"<p>If you did not ask for this, ignore this message: your password stays as it is.</p>"
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	return a.accounts.mailer.Send(ctx, mail.Message{To: []string{u.Email}, Subject: subject, Text: text, HTML: html})
}

// ResetPage sets a new password with a link's token.
type ResetPage struct {
	Layout
	Token  string
	Email  string // whose password, for reassurance
	Errors map[string]string
}

func (a *Admin) handleResetForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	u, err := a.db.PasswordResetUser(r.Context(), auth.HashSecret(token))
	if errors.Is(err, press.ErrNotFound) || token == "" {
		return a.redirect(w, r, "/admin/password/forgot", "That reset link has expired or was already used. Ask for a new one.")
	}
	if err != nil {
		return err
	}
	// The token travels in the form, not the Referer of later requests.
	w.Header().Set("Referrer-Policy", "no-referrer")
	return a.render(w, "password_reset", &ResetPage{Layout: Layout{Title: "Choose a new password", CSRF: a.formToken(w, r)}, Token: token, Email: u.Email})
}

func (a *Admin) handleReset(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := r.PostForm
	p := &ResetPage{Layout: Layout{Title: "Choose a new password", CSRF: a.formToken(w, r)}, Token: f.Get("token"), Errors: map[string]string{}}
	if msg := auth.CheckPasswordPolicy(f.Get("password")); msg != "" {
		p.Errors["password"] = msg
	} else if f.Get("password") != f.Get("password2") {
		p.Errors["password2"] = "does not match the password"
	}
	if len(p.Errors) > 0 {
		if u, err := a.db.PasswordResetUser(ctx, auth.HashSecret(p.Token)); err == nil {
			p.Email = u.Email
		}
		return a.renderStatus(w, http.StatusUnprocessableEntity, "password_reset", p)
	}
	u, err := a.db.ResetPassword(ctx, auth.HashSecret(p.Token), auth.HashPassword(f.Get("password")))
	if errors.Is(err, press.ErrNotFound) {
		return a.redirect(w, r, "/admin/password/forgot", "That reset link has expired or was already used. Ask for a new one.")
	}
	if err != nil {
		return err
	}
	_ = u
	return a.redirect(w, r, "/admin/login", "Your password is changed. Sign in with it.")
}
