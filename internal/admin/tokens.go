package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/press"
)

// TokensPage lists every Admin API token, for admins, and makes new ones.
type TokensPage struct {
	Layout
	Tokens []TokenRow
	Users  []press.User
	Form   struct {
		UserID int64
		Name   string
	}
	Errors  map[string]string
	Created *TokenRow // just made: its secret is shown this once
	Secret  string
}

// TokenRow is a token with its owner's name.
type TokenRow struct {
	press.APIToken
	User string
}

func (a *Admin) tokensPage(w http.ResponseWriter, r *http.Request, s *staff) (*TokensPage, error) {
	ctx := r.Context()
	p := &TokensPage{Layout: a.layout(w, r, s, "API tokens", "tokens"), Errors: map[string]string{}}
	users, err := a.db.Users(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.Name
		if !u.Disabled {
			p.Users = append(p.Users, u)
		}
	}
	tokens, err := a.db.Tokens(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, k := range tokens {
		p.Tokens = append(p.Tokens, TokenRow{APIToken: k, User: names[k.UserID]})
	}
	p.Form.UserID = s.User.ID
	return p, nil
}

func (a *Admin) handleTokens(w http.ResponseWriter, r *http.Request, s *staff) error {
	p, err := a.tokensPage(w, r, s)
	if err != nil {
		return err
	}
	return a.render(w, "tokens", p)
}

// handleTokenCreate makes a token for a user and shows its secret on the
// answer itself, never again: only its hash is stored. The page is not
// a redirect target, so reloading it cannot show the secret twice.
func (a *Admin) handleTokenCreate(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	uid, _ := strconv.ParseInt(r.PostForm.Get("user"), 10, 64)
	name := strings.TrimSpace(r.PostForm.Get("name"))
	u, err := a.db.User(ctx, uid)
	if errors.Is(err, press.ErrNotFound) {
		return badForm(w, r, a, s, "user", "choose a user", name, uid)
	}
	if err != nil {
		return err
	}
	if name == "" {
		return badForm(w, r, a, s, "name", "is required: say what the token is for, e.g. “WordPress importer”", name, uid)
	}
	if u.Disabled {
		return badForm(w, r, a, s, "user", "is disabled", name, uid)
	}
	secret := auth.NewAPIToken()
	k, err := a.db.CreateToken(ctx, u.ID, name, auth.HashSecret(secret), secret[:8])
	if err != nil {
		return err
	}
	p, err := a.tokensPage(w, r, s)
	if err != nil {
		return err
	}
	p.Created, p.Secret = &TokenRow{APIToken: k, User: u.Name}, secret
	return a.renderStatus(w, http.StatusCreated, "tokens", p)
}

func badForm(w http.ResponseWriter, r *http.Request, a *Admin, s *staff, field, msg, name string, uid int64) error {
	p, err := a.tokensPage(w, r, s)
	if err != nil {
		return err
	}
	p.Errors[field] = msg
	p.Form.Name, p.Form.UserID = name, uid
	return a.renderStatus(w, http.StatusUnprocessableEntity, "tokens", p)
}

func (a *Admin) handleTokenRevoke(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return press.ErrNotFound
	}
	if err := a.db.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/tokens", "The token is revoked: it no longer works.")
}
