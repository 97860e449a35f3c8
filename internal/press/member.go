package press

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MemberStatus is what a reader's membership is: free, paid through the
// payment provider, or given by the staff (comped).
type MemberStatus string

// The member statuses.
const (
	MemberFree   MemberStatus = "free"
	MemberPaid   MemberStatus = "paid"
	MemberComped MemberStatus = "comped"
)

// MemberStatuses lists the statuses in the order forms show them.
var MemberStatuses = []MemberStatus{MemberFree, MemberPaid, MemberComped}

// Valid reports whether s is a status (not "").
func (s MemberStatus) Valid() bool {
	return s == MemberFree || s == MemberPaid || s == MemberComped
}

// Limits of a member's fields. An address is at most 254 characters
// (RFC 5321's path limit less the brackets); the others are generous but
// finite, so that nobody stores a novel in a name.
const (
	MaxMemberEmail  = 254
	MaxMemberName   = 100
	MaxMemberNote   = 2000
	MaxMemberLabel  = 50
	MaxMemberLabels = 30
)

// Member is a reader with an account: signed up with their email address,
// which they confirmed (double opt-in) before ConfirmedAt was set. Members
// sign in by emailed links; they have no password.
type Member struct {
	ID     int64
	Email  string // lower case
	Name   string
	Status MemberStatus
	// Labels are the staff's tags ("press", "founding-member"), sorted.
	Labels []string
	// Note is the staff's private note, never shown to the member.
	Note        string
	CreatedAt   time.Time
	ConfirmedAt time.Time // zero until the address is confirmed
}

// Confirmed reports whether the member confirmed their address.
func (m *Member) Confirmed() bool { return !m.ConfirmedAt.IsZero() }

// NormalizeMember trims and folds m's fields into their stored form: the
// address in lower case, a name's runs of spaces (and control characters)
// to one space, labels cleaned, deduplicated and sorted, a missing status
// free.
func NormalizeMember(m *Member) {
	m.Email = NormaliseEmail(m.Email)
	m.Name = oneLine(m.Name)
	m.Note = strings.TrimSpace(m.Note)
	if m.Status == "" {
		m.Status = MemberFree
	}
	m.Labels = NormalizeLabels(m.Labels)
}

// NormalizeLabels cleans labels (trimmed, spaces folded, lower case),
// drops empty ones and duplicates, and sorts them.
func NormalizeLabels(in []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, l := range in {
		l = strings.ToLower(oneLine(l))
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// oneLine turns control characters into spaces, folds runs of space and
// trims.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)), " ")
}

// memberEmailProblem reports what is wrong with a normalised address, or
// "" when it is a plain address such as name@example.org.
func memberEmailProblem(email string) string {
	switch {
	case email == "":
		return "is required"
	case len(email) > MaxMemberEmail:
		return fmt.Sprintf("must be at most %d characters", MaxMemberEmail)
	case !ValidEmail(email) || strings.Contains(email, "..") || strings.HasSuffix(email, "."):
		return "must be an email address such as name@example.org"
	}
	return ""
}

// ValidateMemberEmail checks an address a reader typed (normalised), the
// error naming the field "email".
func ValidateMemberEmail(email string) error {
	var v ValidationError
	if msg := memberEmailProblem(email); msg != "" {
		v.Add("email", msg)
	}
	return v.Err()
}

// Validate checks a normalised member before it is stored. The name may
// be empty (imported lists often have none); the fields are named as the
// forms and the CSV columns name them.
func (m *Member) Validate() error {
	var v ValidationError
	if msg := memberEmailProblem(m.Email); msg != "" {
		v.Add("email", msg)
	}
	if utf8.RuneCountInString(m.Name) > MaxMemberName {
		v.Add("name", fmt.Sprintf("must be at most %d characters", MaxMemberName))
	}
	if !m.Status.Valid() {
		v.Add("status", "must be one of free, paid, comped")
	}
	if utf8.RuneCountInString(m.Note) > MaxMemberNote {
		v.Add("note", fmt.Sprintf("must be at most %d characters", MaxMemberNote))
	}
	if msg := validLabels(m.Labels); msg != "" {
		v.Add("labels", msg)
	}
	return v.Err()
}

func validLabels(labels []string) string {
	if len(labels) > MaxMemberLabels {
		return fmt.Sprintf("at most %d labels", MaxMemberLabels)
	}
	for _, l := range labels {
		if utf8.RuneCountInString(l) > MaxMemberLabel {
			return fmt.Sprintf("label %s is longer than %d characters", quote(l), MaxMemberLabel)
		}
		if strings.ContainsAny(l, ",;") {
			return fmt.Sprintf("label %s may not contain a comma or semicolon", quote(l))
		}
	}
	return ""
}

// ValidateLabel checks one label (normalised) before it is added.
func ValidateLabel(label string) error {
	var v ValidationError
	if label == "" {
		v.Add("label", "is required")
	} else if msg := validLabels([]string{label}); msg != "" {
		v.Add("label", msg)
	}
	return v.Err()
}

// ValidateMemberName checks a name a member gives themselves: unlike
// staff imports, a reader who joins must say what to call them.
func ValidateMemberName(name string) error {
	var v ValidationError
	switch {
	case name == "":
		v.Add("name", "is required")
	case utf8.RuneCountInString(name) > MaxMemberName:
		v.Add("name", fmt.Sprintf("must be at most %d characters", MaxMemberName))
	}
	return v.Err()
}

// CleanName is a name as a form gave it, in its stored form.
func CleanName(s string) string { return oneLine(s) }

// MemberFilter selects members for the staff's list.
type MemberFilter struct {
	Query  string       // part of the email address or the name, any case; "" for all
	Status MemberStatus // "" for any
	Label  string       // "" for any
	Limit  int          // 0 for all
	Offset int
}

// MemberSession is a member's signed-in browser. The cookie holds a
// random secret; the store keeps only its hash.
type MemberSession struct {
	IDHash    string
	MemberID  int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// MemberTokenPurpose is what an emailed link does.
type MemberTokenPurpose string

// The purposes of emailed links.
const (
	TokenConfirm     MemberTokenPurpose = "confirm"      // confirm a new member's address, and sign in
	TokenSignIn      MemberTokenPurpose = "signin"       // sign in
	TokenEmailChange MemberTokenPurpose = "email_change" // move the account to a new address
)

// MemberToken is a single-use emailed link of a member. The store keeps
// the hash of its secret only.
type MemberToken struct {
	Hash     string
	MemberID int64
	Purpose  MemberTokenPurpose
	// Email is the new address of an email change; "" otherwise.
	Email     string
	CreatedAt time.Time
	ExpiresAt time.Time
}
