package press

import (
	"testing"
	"time"
)

func TestModerate(t *testing.T) {
	t.Parallel()
	human := 40 * time.Second
	p := DefaultCommentPolicy() // hold first, 2 links
	verify := p
	verify.RequireVerification = true
	lax := p
	lax.HoldFirst = false
	for _, tt := range []struct {
		name   string
		p      CommentPolicy
		s      CommentSignals
		status CommentStatus
		reason string
	}{
		{"returning writer shown at once", p, CommentSignals{FormAge: human}, CommentApproved, ""},
		{"first comment held", p, CommentSignals{FormAge: human, FirstComment: true}, CommentPending, "first comment"},
		{"first comment shown when the policy trusts", lax, CommentSignals{FormAge: human, FirstComment: true}, CommentApproved, ""},
		{"honeypot is spam", p, CommentSignals{FormAge: human, Honeypot: true}, CommentSpam, "honeypot field filled"},
		{"too fast is spam", p, CommentSignals{FormAge: 1200 * time.Millisecond}, CommentSpam, "form sent after 1.2s"},
		{"no timestamp is spam", p, CommentSignals{}, CommentSpam, "form sent after 0s"},
		{"high score is spam", p, CommentSignals{FormAge: human, SpamScore: 1.2, SpamReason: "spam phrase"}, CommentSpam, "spam score 1.2: spam phrase"},
		{"doubtful score held", p, CommentSignals{FormAge: human, SpamScore: 0.6}, CommentPending, "spam score 0.6"},
		{"links held", p, CommentSignals{FormAge: human, Links: 3}, CommentPending, "3 links"},
		{"links within the limit", p, CommentSignals{FormAge: human, Links: 2}, CommentApproved, ""},
		{"blocked word held", p, CommentSignals{FormAge: human, Blocked: "casino"}, CommentPending, "blocked word casino"},
		{"unconfirmed address held first", verify, CommentSignals{FormAge: human, Unverified: true, FirstComment: true}, CommentPending, "email address not confirmed yet"},
		{"unconfirmed ignored without the rule", lax, CommentSignals{FormAge: human, Unverified: true}, CommentApproved, ""},
		{"spam beats verification", verify, CommentSignals{Honeypot: true, Unverified: true, FormAge: human}, CommentSpam, "honeypot field filled"},
	} {
		status, reason := tt.p.Moderate(tt.s)
		if status != tt.status || reason != tt.reason {
			t.Errorf("%s: Moderate = %s %q, want %s %q", tt.name, status, reason, tt.status, tt.reason)
		}
	}
}

func TestBlockedWord(t *testing.T) {
	t.Parallel()
	p := CommentPolicy{BlockedWords: []string{"casino", "cheap pills"}}
	for text, want := range map[string]string{
		"Visit the CASINO tonight!":     "casino",
		"casinos are not the word":      "",
		"buy Cheap   pills, now":        "cheap pills",
		"a fine comment about the town": "",
	} {
		if got := p.BlockedWord(text); got != want {
			t.Errorf("BlockedWord(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestCommentBan(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		ban       CommentBan
		value     string
		email, ip string
		match     bool
	}{
		{CommentBan{Kind: BanEmail, Value: " Troll@Example.org "}, "troll@example.org", "TROLL@example.org", "", true},
		{CommentBan{Kind: BanEmail, Value: "troll@example.org"}, "troll@example.org", "other@example.org", "", false},
		{CommentBan{Kind: BanIP, Value: "203.0.113.7/24"}, "203.0.113.0/24", "", "203.0.113.200", true},
		{CommentBan{Kind: BanIP, Value: "203.0.113.0/24"}, "203.0.113.0/24", "", "::ffff:203.0.113.9", true},
		{CommentBan{Kind: BanIP, Value: "203.0.113.0/24"}, "203.0.113.0/24", "", "203.0.114.1", false},
		{CommentBan{Kind: BanIP, Value: "2001:db8::/32"}, "2001:db8::/32", "", "2001:db8:1::5", true},
		{CommentBan{Kind: BanIP, Value: "2001:db8::/32"}, "2001:db8::/32", "", "2001:db9::5", false},
		{CommentBan{Kind: BanIP, Value: "198.51.100.4"}, "198.51.100.4", "", "198.51.100.4", true},
		{CommentBan{Kind: BanIP, Value: "198.51.100.4"}, "198.51.100.4", "", "not an ip", false},
	} {
		b := tt.ban
		if err := b.Validate(); err != nil {
			t.Fatalf("%+v: %v", tt.ban, err)
		}
		if b.Value != tt.value {
			t.Errorf("%+v: value %q, want %q", tt.ban, b.Value, tt.value)
		}
		if got := b.Matches(tt.email, tt.ip); got != tt.match {
			t.Errorf("%+v matches (%q, %q) = %v, want %v", b, tt.email, tt.ip, got, tt.match)
		}
	}
	for _, bad := range []CommentBan{{Kind: BanEmail, Value: "nobody"}, {Kind: BanIP, Value: "300.1.1.1"}, {Kind: "name", Value: "x"}} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v: valid, want an error", bad)
		}
	}
}
