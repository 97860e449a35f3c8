package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/press"
)

// UsersPage lists the staff, for admins.
type UsersPage struct {
	Layout
	Users       []press.User
	RequireTOTP bool
}

func (a *Admin) handleUsers(w http.ResponseWriter, r *http.Request, s *staff) error {
	users, err := a.db.Users(r.Context())
	if err != nil {
		return err
	}
	req, err := a.db.RequireTOTP(r.Context())
	if err != nil {
		return err
	}
	return a.render(w, "users", &UsersPage{Layout: a.layout(w, r, s, "Users", "users"), Users: users, RequireTOTP: req})
}

func (a *Admin) handleRequireTOTP(w http.ResponseWriter, r *http.Request, s *staff) error {
	on := r.PostForm.Get("require") == "on"
	if err := a.db.SetRequireTOTP(r.Context(), on); err != nil {
		return err
	}
	msg := "Two-factor sign-in is optional."
	if on {
		msg = "Two-factor sign-in is now required: staff without it set it up at their next page."
	}
	return a.redirect(w, r, "/admin/users", msg)
}

// UserEditPage creates a user (New) or edits one.
type UserEditPage struct {
	Layout
	New     bool
	Edit    press.User
	Authors []press.Author
	Roles   []press.Role
	CanMail bool // SMTP is configured: offer a set-password link
	Invite  bool
	Self    bool // the admin is editing their own account
	Errors  map[string]string
}

func (a *Admin) userEditPage(w http.ResponseWriter, r *http.Request, s *staff, u press.User, isNew bool) (*UserEditPage, error) {
	authors, err := a.db.Authors(r.Context())
	if err != nil {
		return nil, err
	}
	title := "Edit " + u.Name
	if isNew {
		title = "New user"
	}
	return &UserEditPage{Layout: a.layout(w, r, s, title, "users"), New: isNew, Edit: u, Authors: authors,
		Roles: press.Roles, CanMail: a.accounts.mailer != nil, Self: u.ID == s.User.ID, Errors: map[string]string{}}, nil
}

func (a *Admin) handleUserNew(w http.ResponseWriter, r *http.Request, s *staff) error {
	p, err := a.userEditPage(w, r, s, press.User{Role: press.RoleContributor}, true)
	if err != nil {
		return err
	}
	p.Invite = p.CanMail
	return a.render(w, "user_edit", p)
}

// handleUserCreate makes an account with an initial password, or with none
// and a set-password link mailed to the new user (when SMTP is set up).
func (a *Admin) handleUserCreate(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	f := r.PostForm
	u := press.User{Name: strings.TrimSpace(f.Get("name")), Email: press.NormaliseEmail(f.Get("email")),
		Role: press.Role(f.Get("role")), Author: f.Get("author")}
	p, err := a.userEditPage(w, r, s, u, true)
	if err != nil {
		return err
	}
	p.Invite = p.CanMail && f.Get("invite") == "on"
	password := f.Get("password")
	if !p.Invite {
		if msg := auth.CheckPasswordPolicy(password); msg != "" {
			p.Errors["password"] = msg
		}
	}
	var ve *press.ValidationError
	if err := u.Validate(); errors.As(err, &ve) {
		addFieldErrors(p.Errors, ve)
	}
	if len(p.Errors) > 0 {
		return a.renderStatus(w, http.StatusUnprocessableEntity, "user_edit", p)
	}
	hash := ""
	if !p.Invite {
		hash = auth.HashPassword(password)
	}
	err = a.db.CreateUser(ctx, &u, hash)
	switch {
	case errors.As(err, &ve):
		addFieldErrors(p.Errors, ve)
		return a.renderStatus(w, http.StatusUnprocessableEntity, "user_edit", p)
	case errors.Is(err, press.ErrConflict):
		p.Errors["email"] = "already has an account"
		return a.renderStatus(w, http.StatusUnprocessableEntity, "user_edit", p)
	case err != nil:
		return err
	}
	msg := u.Name + " can now sign in."
	if p.Invite {
		if err := a.sendResetLink(ctx, &u, true); err != nil {
			a.logger.Error("admin: invitation mail", "user_id", u.ID, "err", err)
			msg = u.Name + "'s account is made, but the email with their link could not be sent; run `pressroom user passwd --email " + u.Email + "` or try the reset page."
		} else {
			msg = u.Name + "'s account is made; they were sent a link to choose their password."
		}
	}
	return a.redirect(w, r, "/admin/users", msg)
}

func addFieldErrors(m map[string]string, ve *press.ValidationError) {
	for _, fe := range ve.Fields {
		m[fe.Field] = fe.Message
	}
}

func (a *Admin) userFromPath(r *http.Request) (press.User, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return press.User{}, press.ErrNotFound
	}
	return a.db.User(r.Context(), id)
}

func (a *Admin) handleUserEdit(w http.ResponseWriter, r *http.Request, s *staff) error {
	u, err := a.userFromPath(r)
	if err != nil {
		return err
	}
	p, err := a.userEditPage(w, r, s, u, false)
	if err != nil {
		return err
	}
	return a.render(w, "user_edit", p)
}

// handleUserUpdate saves a user's name, role, author profile and whether
// they are disabled, from the version the form was loaded at. The store
// refuses to leave the site without an enabled admin.
func (a *Admin) handleUserUpdate(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	f := r.PostForm
	u, err := a.userFromPath(r)
	if err != nil {
		return err
	}
	u.Name, u.Role, u.Author = strings.TrimSpace(f.Get("name")), press.Role(f.Get("role")), f.Get("author")
	u.Disabled = f.Get("disabled") == "on"
	u.Version, _ = strconv.Atoi(f.Get("version"))
	err = a.db.UpdateUser(ctx, &u)
	var ve *press.ValidationError
	switch {
	case errors.As(err, &ve):
		p, perr := a.userEditPage(w, r, s, u, false)
		if perr != nil {
			return perr
		}
		addFieldErrors(p.Errors, ve)
		return a.renderStatus(w, http.StatusUnprocessableEntity, "user_edit", p)
	case errors.Is(err, press.ErrConflict):
		return a.redirect(w, r, "/admin/users/"+r.PathValue("id"), "Someone changed this user meanwhile; here is the current state. Make your change again.")
	case err != nil:
		return err
	}
	return a.redirect(w, r, "/admin/users", u.Name+" is saved.")
}

// handleUserResetTOTP turns off someone's second factor, for a colleague
// who lost their device and their recovery codes.
func (a *Admin) handleUserResetTOTP(w http.ResponseWriter, r *http.Request, s *staff) error {
	u, err := a.userFromPath(r)
	if err != nil {
		return err
	}
	if err := a.db.DisableTOTP(r.Context(), u.ID); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/users/"+r.PathValue("id"), u.Name+"'s two-factor sign-in is off; they can set it up again from their account.")
}
