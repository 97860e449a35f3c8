package admin

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// AccountPage is everyone's own account: name, password, second factor.
type AccountPage struct {
	Layout
	Name          string
	RecoveryLeft  int
	RequireTOTP   bool
	Errors        map[string]string
	PasswordSaved bool
}

func (a *Admin) accountPage(w http.ResponseWriter, r *http.Request, s *staff) (*AccountPage, error) {
	p := &AccountPage{Layout: a.layout(w, r, s, "Your account", "account"), Name: s.User.Name, Errors: map[string]string{}}
	var err error
	if s.User.TOTPEnabled {
		if p.RecoveryLeft, err = a.db.RecoveryCodesLeft(r.Context(), s.User.ID); err != nil {
			return nil, err
		}
	}
	p.RequireTOTP, err = a.db.RequireTOTP(r.Context())
	return p, err
}

func (a *Admin) handleAccount(w http.ResponseWriter, r *http.Request, s *staff) error {
	p, err := a.accountPage(w, r, s)
	if err != nil {
		return err
	}
	return a.render(w, "account", p)
}

func (a *Admin) handleAccountName(w http.ResponseWriter, r *http.Request, s *staff) error {
	u := s.User
	u.Name = strings.TrimSpace(r.PostForm.Get("name"))
	err := a.db.UpdateUser(r.Context(), &u)
	var ve *press.ValidationError
	if errors.As(err, &ve) {
		p, perr := a.accountPage(w, r, s)
		if perr != nil {
			return perr
		}
		p.Name = u.Name
		for _, fe := range ve.Fields {
			p.Errors[fe.Field] = fe.Message
		}
		return a.renderStatus(w, http.StatusUnprocessableEntity, "account", p)
	}
	if err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/account", "Your name is saved.")
}

// handleAccountPassword changes one's own password, which needs the
// current one: a browser left signed in must not let a passer-by take
// the account. Every session ends (store.SetPassword) and this browser
// gets a new one.
func (a *Admin) handleAccountPassword(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	f := r.PostForm
	p, err := a.accountPage(w, r, s)
	if err != nil {
		return err
	}
	_, hash, err := a.db.UserByEmail(ctx, s.User.Email)
	if err != nil {
		return err
	}
	if auth.CheckPassword(hash, f.Get("current")) != nil {
		p.Errors["current"] = "is not your current password"
	} else if msg := auth.CheckPasswordPolicy(f.Get("password")); msg != "" {
		p.Errors["password"] = msg
	} else if f.Get("password") != f.Get("password2") {
		p.Errors["password2"] = "does not match the new password"
	}
	if len(p.Errors) > 0 {
		return a.renderStatus(w, http.StatusUnprocessableEntity, "account", p)
	}
	if err := a.db.SetPassword(ctx, s.User.ID, auth.HashPassword(f.Get("password"))); err != nil {
		return err
	}
	if err := a.startSession(ctx, w, r, &s.User, true); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/account", "Your password is changed. You were signed out everywhere else.")
}

// TOTPSetupPage enrols or manages the second factor.
type TOTPSetupPage struct {
	Layout
	Enabled       bool
	Required      bool // the site requires it and the user has none yet
	Key           auth.TOTPKey
	RecoveryCodes []string // shown once, right after they are made
	RecoveryLeft  int
	Errors        map[string]string
}

// handleTOTPSetup shows the QR code and secret of a fresh pending
// second factor (or, when one is on, the ways to manage it).
func (a *Admin) handleTOTPSetup(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	p := &TOTPSetupPage{Layout: a.layout(w, r, s, "Two-factor sign-in", "account"), Enabled: s.User.TOTPEnabled, Errors: map[string]string{}}
	if p.Enabled {
		var err error
		if p.RecoveryLeft, err = a.db.RecoveryCodesLeft(ctx, s.User.ID); err != nil {
			return err
		}
		return a.render(w, "totp_setup", p)
	}
	site, err := a.db.Site(ctx)
	if err != nil {
		return err
	}
	if p.Key, err = auth.NewTOTPKey(site.Name, s.User.Email); err != nil {
		return err
	}
	if err := a.db.BeginTOTP(ctx, s.User.ID, p.Key.Secret); err != nil {
		return err
	}
	p.Required, err = a.db.RequireTOTP(ctx)
	if err != nil {
		return err
	}
	return a.render(w, "totp_setup", p)
}

// handleTOTPConfirm turns the pending second factor on once the user
// proves their app has it, and shows the recovery codes, once.
func (a *Admin) handleTOTPConfirm(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	p := &TOTPSetupPage{Layout: a.layout(w, r, s, "Two-factor sign-in", "account"), Errors: map[string]string{}}
	if s.User.TOTPEnabled {
		return a.redirect(w, r, "/admin/account/2fa", "Two-factor sign-in is already on.")
	}
	secret, _, err := a.db.TOTPSecret(ctx, s.User.ID)
	if err != nil {
		return err
	}
	if secret == "" {
		return a.redirect(w, r, "/admin/account/2fa", "Scan the code below, then enter the code your app shows.")
	}
	step, ok := auth.CheckTOTP(secret, r.PostForm.Get("code"), a.now())
	if !ok {
		site, err := a.db.Site(ctx)
		if err != nil {
			return err
		}
		if p.Key, err = auth.TOTPKeyFor(secret, site.Name, s.User.Email); err != nil {
			return err
		}
		p.Errors["code"] = "is not the code your app shows now; check the app has this site's newest QR code and the device's clock is right"
		return a.renderStatus(w, http.StatusUnprocessableEntity, "totp_setup", p)
	}
	codes := auth.NewRecoveryCodes(auth.RecoveryCodeCount)
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashRecoveryCode(c)
	}
	err = a.db.EnableTOTP(ctx, s.User.ID, secret, step, hashes)
	if errors.Is(err, press.ErrConflict) {
		return a.redirect(w, r, "/admin/account/2fa", "The set-up changed in another window; scan the code shown now.")
	}
	if err != nil {
		return err
	}
	p.Enabled, p.RecoveryCodes, p.RecoveryLeft = true, codes, len(codes)
	p.User.TOTPEnabled = true
	p.Flash = "Two-factor sign-in is on."
	return a.render(w, "totp_setup", p)
}

// handleTOTPDisable turns one's own second factor off, with the password:
// a session left open must not be enough. A site that requires two
// factors sends the user straight back to enrol.
func (a *Admin) handleTOTPDisable(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	if err := a.checkOwnPassword(r, s); err != nil {
		return err
	}
	if err := a.db.DisableTOTP(ctx, s.User.ID); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/account", "Two-factor sign-in is off.")
}

// handleRecoveryCodes replaces one's recovery codes (after the password)
// and shows the new ones once.
func (a *Admin) handleRecoveryCodes(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	if err := a.checkOwnPassword(r, s); err != nil {
		return err
	}
	codes := auth.NewRecoveryCodes(auth.RecoveryCodeCount)
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashRecoveryCode(c)
	}
	if err := a.db.ReplaceRecoveryCodes(ctx, s.User.ID, hashes); err != nil {
		return err
	}
	p := &TOTPSetupPage{Layout: a.layout(w, r, s, "Two-factor sign-in", "account"), Enabled: true,
		RecoveryCodes: codes, RecoveryLeft: len(codes), Errors: map[string]string{}}
	p.Flash = "New recovery codes: the old ones no longer work."
	return a.render(w, "totp_setup", p)
}

func (a *Admin) checkOwnPassword(r *http.Request, s *staff) error {
	_, hash, err := a.db.UserByEmail(r.Context(), s.User.Email)
	if err != nil {
		return err
	}
	if auth.CheckPassword(hash, r.PostForm.Get("password")) != nil {
		return web.Errorf(http.StatusUnprocessableEntity, "That is not your password; nothing was changed.")
	}
	return nil
}

// enrolmentGate sends a user without a second factor to set one up, before
// anything else, when the site requires it; it reports whether it did.
func (a *Admin) enrolmentGate(w http.ResponseWriter, r *http.Request, s *staff) (bool, error) {
	if s.User.TOTPEnabled || strings.HasPrefix(r.URL.Path, "/admin/account/2fa") {
		return false, nil
	}
	required, err := a.db.RequireTOTP(r.Context())
	if err != nil || !required {
		return false, err
	}
	if safeMethod(r.Method) {
		return true, a.redirect(w, r, "/admin/account/2fa", "This site requires two-factor sign-in: set it up to continue.")
	}
	return true, web.Errorf(http.StatusForbidden, "this site requires two-factor sign-in: set it up at /admin/account/2fa first")
}

// QR is the key's QR code as an image URL. html/template refuses data:
// URLs from strings; this one is a PNG the server encoded itself.
func (p *TOTPSetupPage) QR() template.URL {
	if !strings.HasPrefix(p.Key.QR, "data:image/png;base64,") {
		return ""
	}
	return template.URL(p.Key.QR)
}
