package newsroom

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/mail"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// Members: readers who join with their name and email address, confirm
// it (double opt-in), and sign in by emailed links. The rules here keep
// the answers the same whether or not an address has an account, so the
// forms cannot be used to find out who is a member; the web layer adds
// rate limits.

// How long emailed links work. A confirmation may wait in an inbox for a
// day; a sign-in link is used at once, and is worth less to whoever reads
// the mailbox later.
const (
	MemberConfirmTTL = 24 * time.Hour
	MemberSignInTTL  = 15 * time.Minute
)

// MemberLinkPath is the public page an emailed link opens: the site's
// base URL, this path and ?token=….
const MemberLinkPath = "/members/link"

// ErrNoMailer means the site has no way to send mail, so nobody can join
// or sign in.
var ErrNoMailer = errors.New("this site cannot send email, so joining and signing in are not available")

// Join starts a reader's membership: a new address gets an unconfirmed
// member and a confirmation link (24 hours). An address that has an
// unconfirmed account gets a new confirmation link, and one that has a
// confirmed account a sign-in link instead, so that the caller's answer
// (and the mail's existence) says nothing about who is a member. A bad
// name or address is a *press.ValidationError naming "name" or "email".
func (n *Newsroom) Join(ctx context.Context, name, email string) error {
	name, email = press.CleanName(name), press.NormaliseEmail(email)
	var v press.ValidationError
	if err := press.ValidateMemberName(name); err != nil {
		v.Fields = append(v.Fields, err.(*press.ValidationError).Fields...)
	}
	if err := press.ValidateMemberEmail(email); err != nil {
		v.Fields = append(v.Fields, err.(*press.ValidationError).Fields...)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if n.memberMailer() == nil {
		return ErrNoMailer
	}
	m, err := n.db.MemberByEmail(ctx, email)
	if errors.Is(err, press.ErrNotFound) {
		m = press.Member{Email: email, Name: name}
		err = n.db.CreateMember(ctx, &m)
		if errors.Is(err, press.ErrConflict) {
			// Joined twice at once: the other request made the account.
			m, err = n.db.MemberByEmail(ctx, email)
		}
	}
	if err != nil {
		return wrap(err, "join")
	}
	return n.sendMemberLink(ctx, m, press.TokenSignIn)
}

// RequestSignIn mails a sign-in link (15 minutes) to a confirmed
// member's address, or a new confirmation link to an unconfirmed one.
// An address without an account gets no mail at all: a "no account,
// join?" mail would let anyone send our mail to any address. The result
// is the same either way; only a malformed address is an error
// (*press.ValidationError on "email").
func (n *Newsroom) RequestSignIn(ctx context.Context, email string) error {
	email = press.NormaliseEmail(email)
	if err := press.ValidateMemberEmail(email); err != nil {
		return err
	}
	if n.memberMailer() == nil {
		return ErrNoMailer
	}
	m, err := n.db.MemberByEmail(ctx, email)
	if errors.Is(err, press.ErrNotFound) {
		n.logger.Debug("sign-in asked for an address without an account")
		return nil
	}
	if err != nil {
		return wrap(err, "sign in")
	}
	return n.sendMemberLink(ctx, m, press.TokenSignIn)
}

// sendMemberLink mails m a link: for an unconfirmed member always the
// confirmation (which also signs in), else one of purpose.
func (n *Newsroom) sendMemberLink(ctx context.Context, m press.Member, purpose press.MemberTokenPurpose) error {
	if !m.Confirmed() {
		purpose = press.TokenConfirm
	}
	site, err := n.db.Site(ctx)
	if err != nil {
		return wrap(err, "member link")
	}
	ttl := MemberSignInTTL
	if purpose == press.TokenConfirm {
		ttl = MemberConfirmTTL
	}
	link, err := n.memberLink(ctx, &site, press.MemberToken{MemberID: m.ID, Purpose: purpose}, ttl)
	if err != nil {
		return err
	}
	hello := "Hello"
	if m.Name != "" {
		hello += " " + m.Name
	}
	var subject, text string
	switch purpose {
	case press.TokenConfirm:
		subject = "Confirm your email address for " + site.Name
		text = fmt.Sprintf("%s,\n\nthank you for joining %s. Please confirm your email address by opening this link within 24 hours; it also signs you in:\n\n%s\n\nIf you did not ask to join, ignore this mail: without the confirmation nothing more will be sent to you.\n",
			hello, site.Name, link)
	default:
		subject = "Your sign-in link for " + site.Name
		text = fmt.Sprintf("%s,\n\nopen this link within 15 minutes to sign in to %s:\n\n%s\n\nThe link works once. If you did not ask to sign in, ignore this mail; nobody can sign in without the link.\n",
			hello, site.Name, link)
	}
	return n.sendMemberMail(ctx, m.Email, subject, text)
}

// memberLink stores a new link k (its secret made here) and returns its
// address.
func (n *Newsroom) memberLink(ctx context.Context, site *press.Site, k press.MemberToken, ttl time.Duration) (string, error) {
	secret := randomToken()
	k.Hash = tokenHash(secret)
	k.ExpiresAt = n.db.Now().Add(ttl)
	if err := n.db.CreateMemberToken(ctx, &k); err != nil {
		return "", wrap(err, "member link")
	}
	return strings.TrimRight(site.BaseURL, "/") + MemberLinkPath + "?token=" + secret, nil
}

// CanMail reports whether the newsroom has a mailer, without which
// nobody can join or sign in.
func (n *Newsroom) CanMail() bool { return n.memberMailer() != nil }

func (n *Newsroom) memberMailer() mail.Mailer {
	m, _ := n.comments().get()
	return m
}

// sendMemberMail sends a plain-text mail: readers' mail clients all show
// it, and a link in plain text is the link, with nothing hidden behind it.
func (n *Newsroom) sendMemberMail(ctx context.Context, to, subject, text string) error {
	mailer := n.memberMailer()
	if mailer == nil {
		return ErrNoMailer
	}
	if err := mailer.Send(ctx, mail.Message{To: []string{to}, Subject: subject, Text: text}); err != nil {
		return wrap(err, "member mail")
	}
	return nil
}

// MemberLink returns what the emailed link token does, without using it:
// the page it opens asks the reader to press a button, because mail
// scanners open links too and must not spend them. An unknown, used or
// expired link is press.ErrNotFound.
func (n *Newsroom) MemberLink(ctx context.Context, token string) (press.MemberToken, error) {
	k, err := n.db.MemberToken(ctx, tokenHash(token))
	return k, wrap(err, "member link")
}

// UseMemberLink uses the emailed link token, once (see
// store.DB.RedeemMemberToken): a confirmation or sign-in stores a session
// with sessionHash, an email change moves the account. An unknown, used
// or expired link is press.ErrNotFound; an address taken meanwhile
// press.ErrConflict.
func (n *Newsroom) UseMemberLink(ctx context.Context, token, sessionHash string) (press.MemberToken, press.Member, error) {
	k, m, _, err := n.db.RedeemMemberToken(ctx, tokenHash(token), sessionHash)
	if err != nil {
		return k, m, wrap(err, "member link")
	}
	return k, m, nil
}

// RequestEmailChange mails a link to the new address that moves m's
// account there when opened (24 hours). The old address keeps working
// until then. The link goes out even when the new address has an account
// of its own (opening it then says so), so the answer tells the member
// nothing about other people's addresses.
func (n *Newsroom) RequestEmailChange(ctx context.Context, m press.Member, email string) error {
	email = press.NormaliseEmail(email)
	if err := press.ValidateMemberEmail(email); err != nil {
		return err
	}
	if email == m.Email {
		var v press.ValidationError
		v.Add("email", "is your address already")
		return &v
	}
	site, err := n.db.Site(ctx)
	if err != nil {
		return wrap(err, "email change")
	}
	link, err := n.memberLink(ctx, &site, press.MemberToken{MemberID: m.ID, Purpose: press.TokenEmailChange, Email: email}, MemberConfirmTTL)
	if err != nil {
		return err
	}
	text := fmt.Sprintf("Hello %s,\n\nyou asked to move your %s account to this address. Open this link within 24 hours to confirm it:\n\n%s\n\nUntil then your account stays at your old address. If you did not ask for this, ignore this mail.\n",
		m.Name, site.Name, link)
	return n.sendMemberMail(ctx, email, "Confirm your new email address for "+site.Name, text)
}

// MemberExport is everything the site keeps about a member, as they
// download it.
type MemberExport struct {
	Profile  MemberProfile   `json:"profile"`
	Labels   []string        `json:"labels"`
	Comments []MemberComment `json:"comments"`
	Exported time.Time       `json:"exported_at"`
}

// MemberProfile is a member's own data.
type MemberProfile struct {
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Status      string     `json:"status"`
	CreatedAt   time.Time  `json:"created_at"`
	ConfirmedAt *time.Time `json:"confirmed_at"`
}

// MemberComment is a comment written with the member's address.
type MemberComment struct {
	Article   string    `json:"article"`
	Name      string    `json:"name"`
	Body      string    `json:"body"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportMember gathers member id's data: the profile, the labels the
// staff gave them (they are about the member, so they are the member's
// to see) and the comments written with their address. The staff's
// private note is left out: it is the newsroom's working note, like an
// editor's notes on an article.
func (n *Newsroom) ExportMember(ctx context.Context, id int64) (MemberExport, error) {
	m, err := n.db.Member(ctx, id)
	if err != nil {
		return MemberExport{}, wrap(err, "export")
	}
	list, err := n.db.CommentsByEmail(ctx, m.Email)
	if err != nil {
		return MemberExport{}, wrap(err, "export")
	}
	x := MemberExport{Profile: MemberProfile{Email: m.Email, Name: m.Name, Status: string(m.Status), CreatedAt: m.CreatedAt},
		Labels: m.Labels, Comments: []MemberComment{}, Exported: n.db.Now()}
	if m.Confirmed() {
		x.Profile.ConfirmedAt = &m.ConfirmedAt
	}
	for _, c := range list {
		x.Comments = append(x.Comments, MemberComment{Article: c.Article, Name: c.AuthorName, Body: c.Body,
			Status: string(c.Status), CreatedAt: c.CreatedAt})
	}
	return x, nil
}

// RenameMember changes a member's name (*press.ValidationError on
// "name" when empty or too long).
func (n *Newsroom) RenameMember(ctx context.Context, id int64, name string) error {
	return wrap(n.db.UpdateMemberName(ctx, id, name), "rename member")
}

// DeleteMember erases a member at their own request: profile, labels,
// sessions and links. Their published comments stay, as the site's
// record of a public conversation.
func (n *Newsroom) DeleteMember(ctx context.Context, id int64) error {
	if err := n.db.DeleteMember(ctx, id); err != nil {
		return wrap(err, "delete member")
	}
	n.logger.Info("member deleted their account", "member_id", id)
	return nil
}

// --- the staff's side: every call checks press.ActManageMembers.

// Members returns the members f selects for the staff, and their total.
func (n *Newsroom) Members(ctx context.Context, u *press.User, f press.MemberFilter) ([]press.Member, int, error) {
	if !u.Can(press.ActManageMembers) {
		return nil, 0, press.Forbidden(press.ActManageMembers)
	}
	list, total, err := n.db.Members(ctx, f)
	return list, total, wrap(err, "members")
}

// MemberLabels returns the labels in use.
func (n *Newsroom) MemberLabels(ctx context.Context, u *press.User) ([]string, error) {
	if !u.Can(press.ActManageMembers) {
		return nil, press.Forbidden(press.ActManageMembers)
	}
	list, err := n.db.MemberLabels(ctx)
	return list, wrap(err, "member labels")
}

// LabelMembers adds label to (or, add false, removes it from) members ids.
func (n *Newsroom) LabelMembers(ctx context.Context, u *press.User, ids []int64, label string, add bool) error {
	if !u.Can(press.ActManageMembers) {
		return press.Forbidden(press.ActManageMembers)
	}
	return wrap(n.db.ChangeMemberLabels(ctx, ids, label, add), "label members")
}

// ImportMembers stores a list of members all at once or not at all (see
// store.DB.ImportMembers); lines are the members' lines in the staff's
// file, for the errors.
func (n *Newsroom) ImportMembers(ctx context.Context, u *press.User, list []press.Member, lines []int) (store.ImportResult, error) {
	if !u.Can(press.ActManageMembers) {
		return store.ImportResult{}, press.Forbidden(press.ActManageMembers)
	}
	res, err := n.db.ImportMembers(ctx, list, lines)
	return res, wrap(err, "import members")
}
