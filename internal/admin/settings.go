package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// FormErrors are the field errors of a refused save, for a form's error
// summary and for each field's message (linked with aria-describedby).
type FormErrors struct {
	Errors *press.ValidationError
}

// Err returns the message for field, or "".
func (f FormErrors) Err(field string) string {
	if f.Errors == nil {
		return ""
	}
	return f.Errors.Message(field)
}

// fieldErrors turns a refused save into the form's errors: a validation
// error as is, a taken slug (press.ErrConflict) as an error of the slug
// field. Other errors are returned for the error page.
func fieldErrors(err error) (FormErrors, error) {
	var ve *press.ValidationError
	switch {
	case errors.As(err, &ve):
		return FormErrors{Errors: ve}, nil
	case errors.Is(err, press.ErrConflict):
		var v press.ValidationError
		v.Add("slug", "is already taken; choose another")
		return FormErrors{Errors: &v}, nil
	}
	return FormErrors{}, err
}

// linkRows reads label/URL rows posted as repeated fields, leaving out
// rows with neither; a half-filled row is kept for validation to name.
func linkRows(r *http.Request, label, url string) []press.Link {
	labels, urls := r.PostForm[label], r.PostForm[url]
	var out []press.Link
	for i := 0; i < max(len(labels), len(urls)); i++ {
		var l press.Link
		if i < len(labels) {
			l.Label = strings.TrimSpace(labels[i])
		}
		if i < len(urls) {
			l.URL = strings.TrimSpace(urls[i])
		}
		if l.Label != "" || l.URL != "" {
			out = append(out, l)
		}
	}
	return out
}

// withBlankRows returns links followed by n empty rows to fill in: the
// forms add links without a script.
func withBlankRows(links []press.Link, n int) []press.Link {
	return append(append([]press.Link(nil), links...), make([]press.Link, n)...)
}

// SettingsPage is the site settings form.
type SettingsPage struct {
	Layout
	FormErrors
	Site   press.Site
	Texts  []SettingText
	Header []press.Link // with blank rows
	Footer []press.Link
}

// SettingText is one standing text of the site, edited as Markdown.
type SettingText struct {
	Field string // form field and element id
	Label string
	Hint  string // where readers see it
	Value string
}

// settingTexts lists the standing texts of s in the form's order.
func settingTexts(s *press.Site) []SettingText {
	return []SettingText{
		{"republishing_policy", "Republishing policy", "Shown on the licensing page and with the “Republish this article” offer; an article's own licence replaces it.", s.RepublishingPolicy.Source},
		{"disclaimer", "Disclaimer", "Shown at the end of every article.", s.Disclaimer.Source},
		{"fair_use_notice", "Fair use notice", "Shown at the end of every article, after the disclaimer.", s.FairUseNotice.Source},
		{"contacts", "Contacts", "Shown at the end of every article: how readers reach the newsroom.", s.Contacts.Source},
		{"membership_call", "Membership call", "Shown after every article's body, inviting readers to support the outlet.", s.MembershipCall.Source},
		{"comment_call", "Comment call", "Shown after every article's body, inviting readers to respond.", s.CommentCall.Source},
	}
}

func (a *Admin) handleSettings(w http.ResponseWriter, r *http.Request, s *staff) error {
	site, err := a.db.Site(r.Context())
	if err != nil {
		return err
	}
	return a.renderSettings(w, r, s, http.StatusOK, site, FormErrors{})
}

func (a *Admin) renderSettings(w http.ResponseWriter, r *http.Request, s *staff, status int, site press.Site, fe FormErrors) error {
	p := &SettingsPage{Layout: a.layout(w, r, s, "Settings", "settings"), FormErrors: fe, Site: site,
		Texts: settingTexts(&site), Header: withBlankRows(site.Navigation.Header, 3), Footer: withBlankRows(site.Navigation.Footer, 3)}
	return a.renderStatus(w, status, "settings", p)
}

func (a *Admin) handleSettingsUpdate(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	site, err := a.db.Site(ctx)
	if err != nil {
		return err
	}
	f := r.PostForm
	site.Name = strings.TrimSpace(f.Get("name"))
	site.Tagline = strings.TrimSpace(f.Get("tagline"))
	site.BaseURL = strings.TrimRight(strings.TrimSpace(f.Get("base_url")), "/")
	site.Language = strings.TrimSpace(f.Get("language"))
	site.Logo = strings.TrimSpace(f.Get("logo"))
	for field, m := range map[string]*press.Markdown{
		"republishing_policy": &site.RepublishingPolicy, "disclaimer": &site.Disclaimer,
		"fair_use_notice": &site.FairUseNotice, "contacts": &site.Contacts,
		"membership_call": &site.MembershipCall, "comment_call": &site.CommentCall,
	} {
		m.Source = strings.TrimSpace(strings.ReplaceAll(f.Get(field), "\r\n", "\n"))
	}
	site.Navigation = press.Navigation{Header: linkRows(r, "header_label", "header_url"),
		Footer: linkRows(r, "footer_label", "footer_url")}
	site.CanonicalToSource = f.Get("canonical_to_source") == "on"
	if _, ok := f["comments.mode"]; ok { // a form without the fieldset keeps the policy
		policy, err := readCommentPolicy(f)
		site.Comments = policy
		if fe, err := fieldErrors(err); err != nil {
			return err
		} else if fe.Errors != nil {
			return a.renderSettings(w, r, s, http.StatusUnprocessableEntity, site, fe)
		}
	}
	err = a.news.UpdateSettings(ctx, &s.User, site)
	if fe, err := fieldErrors(err); err != nil {
		return err
	} else if fe.Errors != nil {
		return a.renderSettings(w, r, s, http.StatusUnprocessableEntity, site, fe)
	}
	return a.redirect(w, r, "/admin/settings", "Settings saved.")
}

// ErrorLink is one line of a form's error summary, linking to the field.
type ErrorLink struct {
	ID   string // the field's element id
	Text string
}

// Summary lists the errors for the summary at the top of the form, each
// with the field named as people read it ("Base url must be …").
func (f FormErrors) Summary() []ErrorLink {
	if f.Errors == nil {
		return nil
	}
	out := make([]ErrorLink, 0, len(f.Errors.Fields))
	for _, fe := range f.Errors.Fields {
		name := strings.ReplaceAll(fe.Field, "_", " ")
		name = strings.ReplaceAll(name, ".", " ")
		if name != "" {
			name = strings.ToUpper(name[:1]) + name[1:]
		}
		out = append(out, ErrorLink{ID: fe.Field, Text: name + ": " + fe.Message})
	}
	return out
}

// CommentModes are the choices of the site's comment mode, for the
// settings form and the editor's per-article select.
var CommentModes = []struct {
	Mode  press.CommentMode
	Label string
}{
	{press.CommentsOpen, "Open to everyone"},
	{press.CommentsMembers, "Members only"},
	{press.CommentsClosed, "Closed"},
}

// BlockedWords is the policy's blocked words as the form shows them, one
// a line.
func (p *SettingsPage) BlockedWords() string { return strings.Join(p.Site.Comments.BlockedWords, "\n") }

// CommentModes: see the variable.
func (p *SettingsPage) CommentModes() any { return CommentModes }

// readCommentPolicy reads the settings form's comment fields. A number
// that is not one is an error of its field, reported with the policy's
// other errors (by press.CommentPolicy.Validate's field names), so that
// one save shows every mistake.
func readCommentPolicy(f url.Values) (press.CommentPolicy, error) {
	var v press.ValidationError
	p := press.CommentPolicy{Mode: press.CommentMode(f.Get("comments.mode")),
		RequireVerification: f.Get("comments.require_verification") == "on",
		HoldFirst:           f.Get("comments.hold_first") == "on"}
	bad := map[string]bool{}
	for field, into := range map[string]*int{"comments.close_after_days": &p.CloseAfterDays, "comments.max_links": &p.MaxLinks,
		"comments.flag_threshold": &p.FlagThreshold, "comments.max_depth": &p.MaxDepth, "comments.edit_minutes": &p.EditMinutes} {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(field)))
		if err != nil {
			bad[field] = true
			continue
		}
		*into = n
	}
	for _, line := range strings.Split(strings.ReplaceAll(f.Get("comments.blocked_words"), "\r\n", "\n"), "\n") {
		if w := strings.TrimSpace(line); w != "" {
			p.BlockedWords = append(p.BlockedWords, w)
		}
	}
	if err := p.Validate(); err != nil {
		var ve *press.ValidationError
		if !errors.As(err, &ve) {
			return p, err
		}
		for _, fe := range ve.Fields {
			if !bad[fe.Field] {
				v.Add(fe.Field, fe.Message)
			}
		}
	}
	for _, field := range []string{"comments.close_after_days", "comments.max_links", "comments.flag_threshold", "comments.max_depth", "comments.edit_minutes"} {
		if bad[field] {
			v.Add(field, "must be a whole number")
		}
	}
	return p, v.Err()
}

// NumberField is one number of the comment policy, for the form's
// "comment-number" template.
type NumberField struct {
	Field, Label, Hint string
	Value, Min, Max    int
	Err                string
}

// NumberField returns the field's template data with its error, if any.
func (p *SettingsPage) NumberField(field, label, hint string, value, lo, hi int) NumberField {
	return NumberField{Field: field, Label: label, Hint: hint, Value: value, Min: lo, Max: hi, Err: p.Err(field)}
}
