package theme

import "github.com/pressroomhq/pressroom/internal/press"

// JoinPage is the form on which a reader joins, and its "check your
// email" state.
type JoinPage struct {
	Layout
	Name, Email string
	Errors      *press.ValidationError // nil when the form is fresh
	Sent        bool                   // the form was taken: check your email
	Notice      string                 // catalog key of a notice above the form, "" for none
}

// SignInPage is the form that mails a member a sign-in link, and its
// "check your email" state, which reads the same whether or not the
// address has an account.
type SignInPage struct {
	Layout
	Email  string
	Errors *press.ValidationError
	Sent   bool
	Notice string
}

// MemberLinkPage is what an emailed link opens: a button that uses it.
// Mail scanners open links but do not press buttons, so they cannot spend
// a single-use link before its reader does.
type MemberLinkPage struct {
	Layout
	Purpose press.MemberTokenPurpose
	Token   string
}

// AccountPage is a member's own page: name, address, their data and the
// way out.
type AccountPage struct {
	Layout
	Member      *press.Member
	Notice      string // catalog key, "" for none
	Name        string // the name box, as typed after a refused change
	NewEmail    string
	NameErrors  *press.ValidationError
	EmailErrors *press.ValidationError
}

// AccountDeletePage asks a member to confirm the deletion of their account.
type AccountDeletePage struct {
	Layout
	Member *press.Member
}

// Join renders the join form.
func (t *Theme) Join(p *JoinPage) ([]byte, error) { return t.render("join", p) }

// SignIn renders the sign-in form.
func (t *Theme) SignIn(p *SignInPage) ([]byte, error) { return t.render("signin", p) }

// MemberLink renders the page of an emailed link.
func (t *Theme) MemberLink(p *MemberLinkPage) ([]byte, error) { return t.render("member_link", p) }

// Account renders a member's account page.
func (t *Theme) Account(p *AccountPage) ([]byte, error) { return t.render("account", p) }

// AccountDelete renders the confirmation of an account's deletion.
func (t *Theme) AccountDelete(p *AccountDeletePage) ([]byte, error) {
	return t.render("account_delete", p)
}
