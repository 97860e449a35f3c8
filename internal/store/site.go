package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Keys of the settings table.
const (
	settingSite          = "site"
	settingRenderVersion = "render_version"
	// settingChanged records, in its updated_at, changes that leave no
	// newer updated_at behind (a deleted article, a renamed taxonomy), so
	// that LastModified still moves; its value says what changed last.
	settingChanged = "content_changed"
)

// siteJSON is how the site is stored: a JSON document with its own stable
// names, so that renaming a Go field never loses settings.
type siteJSON struct {
	Name               string           `json:"name"`
	Tagline            string           `json:"tagline,omitempty"`
	BaseURL            string           `json:"base_url,omitempty"`
	Language           string           `json:"language"`
	Logo               string           `json:"logo,omitempty"`
	RepublishingPolicy markdownJSON     `json:"republishing_policy"`
	Disclaimer         markdownJSON     `json:"disclaimer"`
	FairUseNotice      markdownJSON     `json:"fair_use_notice"`
	Contacts           markdownJSON     `json:"contacts"`
	MembershipCall     markdownJSON     `json:"membership_call"`
	CommentCall        markdownJSON     `json:"comment_call"`
	Navigation         press.Navigation `json:"navigation"`
	CanonicalToSource  bool             `json:"canonical_to_source,omitempty"`
	// Comments is nil in settings written before comments existed, which
	// then get the default policy.
	Comments *press.CommentPolicy `json:"comments,omitempty"`
}

type markdownJSON struct {
	Source string `json:"source,omitempty"`
	HTML   string `json:"html,omitempty"`
}

func encodeSite(s *press.Site) (string, error) {
	md := func(m press.Markdown) markdownJSON { return markdownJSON{m.Source, m.HTML} }
	b, err := json.Marshal(siteJSON{
		Name: s.Name, Tagline: s.Tagline, BaseURL: s.BaseURL, Language: s.Language, Logo: s.Logo,
		RepublishingPolicy: md(s.RepublishingPolicy), Disclaimer: md(s.Disclaimer),
		FairUseNotice: md(s.FairUseNotice), Contacts: md(s.Contacts),
		MembershipCall: md(s.MembershipCall), CommentCall: md(s.CommentCall),
		Navigation: s.Navigation, CanonicalToSource: s.CanonicalToSource,
		Comments: commentPolicy(s.Comments),
	})
	return string(b), err
}

// commentPolicy is what is stored of p: nothing for the zero policy (a
// site written without comment settings, as by an import), which then
// reads back as the default.
func commentPolicy(p press.CommentPolicy) *press.CommentPolicy {
	if p.Mode == "" {
		return nil
	}
	return &p
}

func decodeSite(value string) (press.Site, error) {
	var j siteJSON
	if err := json.Unmarshal([]byte(value), &j); err != nil {
		return press.Site{}, err
	}
	md := func(m markdownJSON) press.Markdown { return press.Markdown{Source: m.Source, HTML: m.HTML} }
	s := press.Site{
		Name: j.Name, Tagline: j.Tagline, BaseURL: j.BaseURL, Language: j.Language, Logo: j.Logo,
		RepublishingPolicy: md(j.RepublishingPolicy), Disclaimer: md(j.Disclaimer),
		FairUseNotice: md(j.FairUseNotice), Contacts: md(j.Contacts),
		MembershipCall: md(j.MembershipCall), CommentCall: md(j.CommentCall),
		Navigation: j.Navigation, CanonicalToSource: j.CanonicalToSource,
		Comments: press.DefaultCommentPolicy(),
	}
	if j.Comments != nil {
		s.Comments = *j.Comments
	}
	// An empty menu reads back as no menu, whichever was stored.
	if len(s.Navigation.Header) == 0 {
		s.Navigation.Header = nil
	}
	if len(s.Navigation.Footer) == 0 {
		s.Navigation.Footer = nil
	}
	return s, nil
}

// Site returns the site settings, or press.DefaultSite() (with a zero
// UpdatedAt) when none have been stored yet.
func (db *DB) Site(ctx context.Context) (press.Site, error) {
	var s press.Site
	err := db.read(ctx, func(t *tx) error {
		var err error
		s, err = t.site(ctx)
		return err
	})
	if err != nil {
		return press.Site{}, db.fail(err, "site")
	}
	return s, nil
}

func (t *tx) site(ctx context.Context) (press.Site, error) {
	press.Depend(ctx, press.KeySite)
	var value string
	var updated time.Time
	err := t.queryRow(ctx, "SELECT value, updated_at FROM settings WHERE key = ?", settingSite).
		Scan(&value, scanTime(&updated))
	if errors.Is(err, sql.ErrNoRows) {
		return press.DefaultSite(), nil
	}
	if err != nil {
		return press.Site{}, err
	}
	s, err := decodeSite(value)
	s.UpdatedAt = updated
	return s, err
}

// UpdateSite validates and stores the site settings, replacing the stored
// ones entirely; its UpdatedAt is set from the clock.
func (db *DB) UpdateSite(ctx context.Context, s press.Site) error {
	if err := s.Validate(); err != nil {
		return db.fail(err, "site")
	}
	err := db.write(ctx, func(t *tx) error {
		_, err := t.saveSite(ctx, &s, db.clock())
		return err
	})
	if err != nil {
		return db.fail(err, "site")
	}
	return nil
}

// saveSite stores s unless it is already stored as it is, and reports
// whether it wrote.
func (t *tx) saveSite(ctx context.Context, s *press.Site, now time.Time) (bool, error) {
	var old string
	err := t.queryRow(ctx, "SELECT value FROM settings WHERE key = ?", settingSite).Scan(&old)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	value, err := encodeSite(s)
	if err != nil {
		return false, err
	}
	if s.Comments.Mode == "" && old != "" {
		// Settings that say nothing of comments (a site.yaml import) keep
		// the policy the admins set, exactly as stored.
		var prev, next siteJSON
		if err := json.Unmarshal([]byte(old), &prev); err != nil {
			return false, err
		}
		if err := json.Unmarshal([]byte(value), &next); err != nil {
			return false, err
		}
		next.Comments = prev.Comments
		b, err := json.Marshal(next)
		if err != nil {
			return false, err
		}
		value = string(b)
	}
	if old == value {
		return false, nil
	}
	// The site's language chooses the search analyzer.
	if err := t.searchSetLanguage(ctx, s.Language); err != nil {
		return false, err
	}
	t.changed(press.KeySite)
	return true, t.setSetting(ctx, settingSite, value, now)
}

func (t *tx) setSetting(ctx context.Context, key, value string, now time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, value, t.d.time(now))
	return err
}

// touch records that something changed which LastModified could not see
// otherwise; what says what, for whoever reads the table.
func (t *tx) touch(ctx context.Context, what string, now time.Time) error {
	return t.setSetting(ctx, settingChanged, what, now)
}

// LastModified returns the latest time anything readers can see may have
// changed: the newest updated_at of articles, authors, pages, terms and
// settings (which also records deletions and taxonomy changes; not the
// comment forms' key, made by the first article page served, which would
// change that page's Last-Modified under its first reader). It is
// the zero time for a database without content. HTTP handlers use it for
// Last-Modified and conditional requests.
func (db *DB) LastModified(ctx context.Context) (time.Time, error) {
	var last time.Time
	err := db.read(ctx, func(t *tx) error {
		var err error
		last, err = t.lastModified(ctx)
		return err
	})
	if err != nil {
		return time.Time{}, db.fail(err, "last modified")
	}
	return last, nil
}

func (t *tx) lastModified(ctx context.Context) (time.Time, error) {
	var last time.Time
	err := t.queryRow(ctx, `SELECT MAX(m) FROM (
			SELECT MAX(updated_at) AS m FROM articles
			UNION ALL SELECT MAX(updated_at) FROM authors
			UNION ALL SELECT MAX(updated_at) FROM pages
			UNION ALL SELECT MAX(updated_at) FROM terms
			UNION ALL SELECT MAX(updated_at) FROM settings WHERE key <> ?
		) latest`, settingCommentSecret).Scan(scanTime(&last))
	return last, err
}

// Chrome is what every public page reads before its own content.
type Chrome struct {
	Site       press.Site
	Taxonomies []press.Taxonomy
	Modified   time.Time // LastModified
}

// Chrome returns the site settings, the taxonomies and LastModified in
// one read transaction: three of them cost PostgreSQL six more round
// trips (BEGIN and COMMIT) on every page.
func (db *DB) Chrome(ctx context.Context) (Chrome, error) {
	var c Chrome
	err := db.read(ctx, func(t *tx) error {
		var err error
		if c.Site, err = t.site(ctx); err != nil {
			return err
		}
		if c.Taxonomies, err = t.taxonomies(ctx); err != nil {
			return err
		}
		c.Modified, err = t.lastModified(ctx)
		return err
	})
	if err != nil {
		return Chrome{}, db.fail(err, "chrome")
	}
	return c, nil
}
