package press

import (
	"strings"
	"time"
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
