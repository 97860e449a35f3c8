package press

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode"
)

// CommentMode says who may comment on an article.
type CommentMode string

// The comment modes. On an article, "" means the site's mode.
const (
	CommentsOpen    CommentMode = "open"    // anyone, guests with name and email
	CommentsMembers CommentMode = "members" // signed-in members only
	CommentsClosed  CommentMode = "closed"  // nobody; existing comments stay visible
)

// Valid reports whether m is a mode (not "").
func (m CommentMode) Valid() bool {
	return m == CommentsOpen || m == CommentsMembers || m == CommentsClosed
}

// CommentPolicy is the site's rules for comments, set by admins.
type CommentPolicy struct {
	Mode CommentMode `json:"mode"`
	// CloseAfterDays closes an article's comments that many days after
	// it was published; 0 never closes them.
	CloseAfterDays int `json:"close_after_days"`
	// RequireVerification holds a guest's comments until they confirm
	// their email address by the link mailed to them (once per address).
	RequireVerification bool `json:"require_verification"`
	// HoldFirst holds the first comment of someone who has no approved
	// comment yet, for a moderator to approve.
	HoldFirst bool `json:"hold_first"`
	// MaxLinks is how many links a comment may carry before it is held.
	MaxLinks int `json:"max_links"`
	// FlagThreshold is how many readers' reports send an approved
	// comment back to the moderation queue.
	FlagThreshold int `json:"flag_threshold"`
	// BlockedWords hold a comment that contains any of them (whole
	// words, any case).
	BlockedWords []string `json:"blocked_words,omitempty"`
	// MaxDepth is how deep replies nest: 1 allows no replies.
	MaxDepth int `json:"max_depth"`
	// EditMinutes is how long a commenter may edit their comment.
	EditMinutes int `json:"edit_minutes"`
}

// DefaultCommentPolicy is the policy of a new site: open, first comments
// held, at most two links, three reports to hold, replies three deep,
// fifteen minutes to edit.
func DefaultCommentPolicy() CommentPolicy {
	return CommentPolicy{Mode: CommentsOpen, HoldFirst: true, MaxLinks: 2, FlagThreshold: 3, MaxDepth: 3, EditMinutes: 15}
}

// Validate checks a policy before it is stored.
func (p *CommentPolicy) Validate() error {
	var v ValidationError
	if !p.Mode.Valid() {
		v.Add("comments.mode", "must be open, members or closed")
	}
	if p.CloseAfterDays < 0 || p.CloseAfterDays > 36500 {
		v.Add("comments.close_after_days", "must be a number of days from 0 (never) up")
	}
	if p.MaxLinks < 0 || p.MaxLinks > 100 {
		v.Add("comments.max_links", "must be from 0 to 100")
	}
	if p.FlagThreshold < 1 || p.FlagThreshold > 1000 {
		v.Add("comments.flag_threshold", "must be from 1 to 1000")
	}
	if p.MaxDepth < 1 || p.MaxDepth > 10 {
		v.Add("comments.max_depth", "must be from 1 (no replies) to 10")
	}
	if p.EditMinutes < 0 || p.EditMinutes > 1440 {
		v.Add("comments.edit_minutes", "must be from 0 to 1440")
	}
	for _, w := range p.BlockedWords {
		if strings.TrimSpace(w) == "" {
			v.Add("comments.blocked_words", "has an empty entry")
			break
		}
	}
	return v.Err()
}

// CommentsFor returns the mode that applies to article a at now: the
// article's own mode, else the site's, and closed once the policy's days
// after publication have passed. Unpublished articles take no comments.
func (p CommentPolicy) CommentsFor(a *Article, now time.Time) CommentMode {
	if a.Status != StatusPublished {
		return CommentsClosed
	}
	mode := a.Comments
	if mode == "" {
		mode = p.Mode
	}
	if mode != CommentsClosed && p.CloseAfterDays > 0 && !a.PublishedAt.IsZero() &&
		now.After(a.PublishedAt.AddDate(0, 0, p.CloseAfterDays)) {
		return CommentsClosed
	}
	if !mode.Valid() {
		return CommentsClosed
	}
	return mode
}

// CommentBanKind says what a ban matches.
type CommentBanKind string

// The kinds of ban: one email address, or one IP address or range.
const (
	BanEmail CommentBanKind = "email"
	BanIP    CommentBanKind = "ip"
)

// CommentBan refuses comments from an email address or an IP address or
// range (CIDR, IPv4 or IPv6), so a moderator does not clean up after the
// same troll every day.
type CommentBan struct {
	ID        int64
	Kind      CommentBanKind
	Value     string // the address (lower case), or an IP or CIDR like 203.0.113.0/24
	Reason    string
	CreatedAt time.Time
	CreatedBy string // the moderator's email
}

// Validate checks a ban and puts its value in canonical form: an email
// address in lower case, an IP address or the network of a CIDR range.
func (b *CommentBan) Validate() error {
	var v ValidationError
	b.Value = strings.TrimSpace(b.Value)
	switch b.Kind {
	case BanEmail:
		b.Value = strings.ToLower(b.Value)
		if at := strings.LastIndexByte(b.Value, '@'); at < 1 || at == len(b.Value)-1 || strings.ContainsAny(b.Value, " \t\r\n") {
			v.Add("value", "must be an email address")
		}
	case BanIP:
		if p, err := netip.ParsePrefix(b.Value); err == nil {
			b.Value = p.Masked().String()
		} else if a, err := netip.ParseAddr(b.Value); err == nil {
			b.Value = a.Unmap().String()
		} else {
			v.Add("value", "must be an IP address or a range like 203.0.113.0/24 or 2001:db8::/32")
		}
	default:
		v.Add("kind", "must be email or ip")
	}
	return v.Err()
}

// Matches reports whether the ban covers a comment from email and ip (ip
// may be "" when unknown).
func (b *CommentBan) Matches(email, ip string) bool {
	switch b.Kind {
	case BanEmail:
		return email != "" && strings.EqualFold(strings.TrimSpace(email), b.Value)
	case BanIP:
		addr, err := netip.ParseAddr(ip)
		if err != nil {
			return false
		}
		addr = addr.Unmap()
		if p, err := netip.ParsePrefix(b.Value); err == nil {
			return p.Contains(addr)
		}
		if a, err := netip.ParseAddr(b.Value); err == nil {
			return a.Unmap() == addr
		}
	}
	return false
}

// MinFormAge is how long a person takes at least to write a comment: a
// form sent back sooner was filled by a program.
const MinFormAge = 3 * time.Second

// Spam scores: a comment scoring SpamScore or more is spam, HoldScore or
// more is held for a moderator.
const (
	SpamScore = 1.0
	HoldScore = 0.5
)

// CommentSignals are what is known of a new comment when deciding where
// it goes.
type CommentSignals struct {
	Honeypot bool          // the hidden field only programs fill was filled
	FormAge  time.Duration // how long the form was open; under MinFormAge (0 too: no signed timestamp) is a program
	// SpamScore and SpamReason come from the spam classifier.
	SpamScore  float64
	SpamReason string
	Links      int    // links in the body
	Blocked    string // a blocked word it contains, or ""
	// FirstComment: the address has no approved comment yet.
	FirstComment bool
	// Unverified: the address has not been confirmed by email.
	Unverified bool
}

// Moderate decides where a new comment goes under policy p, and why when
// it is not shown: spam for what programs do (honeypot, a form sent
// too fast, a spam score of SpamScore or more), else held (pending) for an
// unconfirmed address when the policy requires it, too many links, a
// blocked word, a doubtful score or a first comment when the policy holds
// them, else approved. The first reason found is given.
func (p CommentPolicy) Moderate(s CommentSignals) (CommentStatus, string) {
	switch {
	case s.Honeypot:
		return CommentSpam, "honeypot field filled"
	case s.FormAge < MinFormAge:
		return CommentSpam, fmt.Sprintf("form sent after %s", s.FormAge.Round(100*time.Millisecond))
	case s.SpamScore >= SpamScore:
		return CommentSpam, spamReason(s)
	case p.RequireVerification && s.Unverified:
		return CommentPending, "email address not confirmed yet"
	case s.Links > p.MaxLinks:
		return CommentPending, fmt.Sprintf("%d links", s.Links)
	case s.Blocked != "":
		return CommentPending, "blocked word " + s.Blocked
	case s.SpamScore >= HoldScore:
		return CommentPending, spamReason(s)
	case p.HoldFirst && s.FirstComment:
		return CommentPending, "first comment"
	}
	return CommentApproved, ""
}

func spamReason(s CommentSignals) string {
	r := fmt.Sprintf("spam score %.1f", s.SpamScore)
	if s.SpamReason != "" {
		r += ": " + s.SpamReason
	}
	return r
}

// BlockedWord returns the first of the policy's blocked words that text
// contains as a whole word (or phrase), in any case, or "".
func (p CommentPolicy) BlockedWord(text string) string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	joined := " " + strings.Join(words, " ") + " "
	for _, w := range p.BlockedWords {
		want := strings.FieldsFunc(strings.ToLower(w), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(want) > 0 && strings.Contains(joined, " "+strings.Join(want, " ")+" ") {
			return strings.TrimSpace(w)
		}
	}
	return ""
}
