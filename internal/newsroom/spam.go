package newsroom

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// SpamInput is what a spam classifier sees of a new or edited comment.
type SpamInput struct {
	Name, Email, Body string
	IP, UserAgent     string
	Links             int           // links in the rendered body
	FormAge           time.Duration // how long the form was open (0: unknown)
	FirstTime         bool          // the address has no approved comment yet
	BlockedWord       string        // a blocked word of the site's policy it contains, or ""
}

// Classifier scores comments for spam: 0 is clean, press.HoldScore or
// more holds the comment for a moderator, press.SpamScore or more files
// it as spam. The reason names what counted, for the moderator. It is an
// interface so that a site may plug in a service (Akismet and the like)
// without the newsroom knowing it; an error from it is logged and the
// built-in score used instead.
type Classifier interface {
	Classify(ctx context.Context, in SpamInput) (score float64, reason string, err error)
}

// ScoringClassifier is the built-in classifier: a handful of weighted
// signs that programs leave and people rarely do. No single mild sign
// holds a comment; two or three together do, a known spam phrase with a
// few more files it as spam.
type ScoringClassifier struct {
	// Phrases are known spam phrases (lower case); nil means
	// DefaultSpamPhrases.
	Phrases []string
}

// DefaultSpamPhrases are phrases of the usual comment spam.
var DefaultSpamPhrases = []string{
	"buy now", "click here", "free money", "work from home", "make money fast", "earn money online",
	"viagra", "cialis", "casino online", "online casino", "payday loan", "seo services", "backlinks",
	"crypto investment", "bitcoin investment", "guaranteed profit", "weight loss pills", "cheap replica",
}

// Weights of the built-in classifier's signs.
const (
	spamPerLink       = 0.15 // each link after the first
	spamPhrase        = 0.5  // each known phrase
	spamBlockedWord   = 0.3
	spamShouting      = 0.3 // mostly capitals
	spamRepeats       = 0.2 // a character six times or more in a row
	spamLinkInName    = 0.4 // a web address for a name
	spamFirstTime     = 0.1
	spamQuick         = 0.2 // sent within ten seconds
	spamQuickFormTime = 10 * time.Second
)

// Classify implements Classifier.
func (s ScoringClassifier) Classify(_ context.Context, in SpamInput) (float64, string, error) {
	var score float64
	var why []string
	add := func(w float64, reason string) {
		score += w
		why = append(why, reason)
	}
	if in.Links > 1 {
		add(spamPerLink*float64(in.Links-1), fmt.Sprintf("%d links", in.Links))
	}
	phrases := s.Phrases
	if phrases == nil {
		phrases = DefaultSpamPhrases
	}
	text := strings.ToLower(in.Name + " " + in.Body)
	for _, p := range phrases {
		if strings.Contains(text, p) {
			add(spamPhrase, "phrase "+fmt.Sprintf("%q", p))
		}
	}
	if in.BlockedWord != "" {
		add(spamBlockedWord, "blocked word")
	}
	if shouting(in.Body) {
		add(spamShouting, "all capitals")
	}
	if repeats(in.Body, 6) {
		add(spamRepeats, "repeated characters")
	}
	if n := strings.ToLower(in.Name); strings.Contains(n, "http") || strings.Contains(n, "www.") {
		add(spamLinkInName, "web address as name")
	}
	if in.FirstTime {
		add(spamFirstTime, "first comment")
	}
	if in.FormAge > 0 && in.FormAge < spamQuickFormTime {
		add(spamQuick, "written in "+in.FormAge.Round(time.Second).String())
	}
	return score, strings.Join(why, ", "), nil
}

// shouting reports whether s has at least twenty letters, over 70% of
// them capitals.
func shouting(s string) bool {
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 20 && upper*10 > letters*7
}

// repeats reports whether a letter or punctuation mark (not a digit or
// space) occurs n times or more in a row.
func repeats(s string, n int) bool {
	var last rune
	run := 0
	for _, r := range s {
		if r == last && !unicode.IsSpace(r) && !unicode.IsDigit(r) {
			run++
			if run >= n {
				return true
			}
		} else {
			last, run = r, 1
		}
	}
	return false
}
