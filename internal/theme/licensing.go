package theme

import "github.com/pressroomhq/pressroom/internal/press"

// LicensingPage is the form to ask for a licence to use an article beyond
// the republishing policy, and its thank-you state.
type LicensingPage struct {
	Layout
	Article *press.Article
	Form    press.LicensingRequest
	Errors  *press.ValidationError // nil when the form is fresh
	Uses    []string
	Sent    bool
}

// Licensing renders the licensing request form.
func (t *Theme) Licensing(p *LicensingPage) ([]byte, error) { return t.render("licensing", p) }
