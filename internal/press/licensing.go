package press

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// LicensingRequest is a request to use an article beyond what the
// republishing policy allows, such as in print or commercially. Editors
// answer it; the site only records it.
type LicensingRequest struct {
	ID        int64
	ArticleID int64  // the article asked about
	Article   string // its slug, for listing requests
	Name      string
	Email     string
	Outlet    string // the publication or organisation asking
	Use       string // what they intend: print, commercial web, broadcast …
	Message   string
	CreatedAt time.Time
}

// Limits on a licensing request's fields, so a form cannot be used to
// store arbitrary amounts of text.
const (
	maxShortField = 200
	maxMessage    = 5000
)

// LicensingUses are the intended uses a request may name.
var LicensingUses = []string{"print", "commercial-web", "broadcast", "syndication", "other"}

// Validate checks a licensing request as submitted by a visitor.
func (l *LicensingRequest) Validate() error {
	var v ValidationError
	l.Name, l.Email, l.Outlet = strings.TrimSpace(l.Name), strings.TrimSpace(l.Email), strings.TrimSpace(l.Outlet)
	l.Message = strings.TrimSpace(l.Message)
	if l.Name == "" {
		v.Add("name", "is required")
	}
	if a, err := mail.ParseAddress(l.Email); err != nil || a.Address != l.Email {
		v.Add("email", "must be an email address such as editor@example.org")
	}
	if l.Outlet == "" {
		v.Add("outlet", "is required: name the publication or organisation")
	}
	known := false
	for _, u := range LicensingUses {
		known = known || u == l.Use
	}
	if !known {
		v.Add("use", "must be one of "+strings.Join(LicensingUses, ", "))
	}
	for _, f := range []struct{ name, value string }{{"name", l.Name}, {"email", l.Email}, {"outlet", l.Outlet}} {
		if utf8.RuneCountInString(f.value) > maxShortField {
			v.Add(f.name, "is too long")
		}
	}
	if utf8.RuneCountInString(l.Message) > maxMessage {
		v.Add("message", "is too long (5,000 characters at most)")
	}
	if l.ArticleID == 0 {
		v.Add("article", "is required")
	}
	return v.Err()
}
