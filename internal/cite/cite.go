// Package cite formats references to an article in the citation styles
// researchers use: APA (7th edition), MLA (9th edition), Chicago (18th
// edition, notes and bibliography: the bibliography entry), BibTeX and RIS.
//
// The styles treat an outlet as a news website: the article is cited as
// read on the site, at its URL and date there. A cross-posted piece says
// where it first appeared, in each style's idiom. Titles keep the case the
// outlet gave them: turning them into sentence or title case by rule would
// mangle proper nouns, which news headlines are full of. Dates are in UTC,
// like every date the site shows, and written in English, the language of
// these styles.
package cite

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Work is what a reference names: one article as published on a site.
type Work struct {
	Title     string
	Abstract  string // the dek; RIS carries it
	Authors   []Name // in byline order; none means an unsigned piece
	Site      string // the outlet: where the article appears and its publisher
	Published time.Time
	URL       string // the article's address on the site
	Language  string // BCP 47 tag
	Original  press.Source
}

// FromArticle describes a as published on site, at the article's address
// under the site's base URL.
func FromArticle(a *press.Article, site *press.Site) Work {
	w := Work{
		Title:     a.Title,
		Abstract:  a.Dek,
		Site:      site.Name,
		Published: a.PublishedAt.UTC(),
		URL:       strings.TrimSuffix(site.BaseURL, "/") + press.ArticlePath(a.Slug),
		Language:  a.Language,
		Original:  a.Source,
	}
	if w.Language == "" {
		w.Language = site.Language
	}
	for _, au := range a.Authors {
		w.Authors = append(w.Authors, SplitName(au.Name))
	}
	return w
}

// Name is a person's name split into the parts citation styles order and
// abbreviate. Family alone (Given "") is a name that cannot be split: one
// word, such as a mononym, a name written without spaces, or an
// organisation.
type Name struct {
	Given, Family string
}

// SplitName splits a display name as written ("Ana María Ruiz") into given
// names and family name. Bylines hold one string per person, so this is a
// heuristic: the family name is the last word together with the
// lower-case particles before it ("Ludwig van Beethoven" → "van
// Beethoven", "Ana de la Cruz" → "de la Cruz"), the first word always
// being a given name. A name already written "Family, Given" is taken as
// it stands.
func SplitName(full string) Name {
	full = strings.Join(strings.Fields(full), " ")
	if family, given, ok := strings.Cut(full, ","); ok {
		return Name{Given: strings.TrimSpace(given), Family: strings.TrimSpace(family)}
	}
	words := strings.Fields(full)
	if len(words) < 2 {
		return Name{Family: full}
	}
	i := len(words) - 1
	for i > 1 && startsLower(words[i-1]) {
		i--
	}
	return Name{Given: strings.Join(words[:i], " "), Family: strings.Join(words[i:], " ")}
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// String writes the name in reading order.
func (n Name) String() string {
	if n.Given == "" {
		return n.Family
	}
	return n.Given + " " + n.Family
}

// Inverted writes the name family first, "Ruiz, Ana María", as
// bibliographies and reference managers list the first author.
func (n Name) Inverted() string {
	if n.Given == "" {
		return n.Family
	}
	return n.Family + ", " + n.Given
}

// initials abbreviates given names as APA does: "Ana María" → "A. M.",
// "Jean-Paul" → "J.-P.".
func initials(given string) string {
	var words []string
	for _, w := range strings.Fields(given) {
		var parts []string
		for _, p := range strings.Split(w, "-") {
			if r, _ := utf8.DecodeRuneInString(p); r != utf8.RuneError {
				parts = append(parts, string(unicode.ToUpper(r))+".")
			}
		}
		if len(parts) > 0 {
			words = append(words, strings.Join(parts, "-"))
		}
	}
	return strings.Join(words, " ")
}

// Span is a run of citation text, in italics or not.
type Span struct {
	Text   string
	Italic bool
}

// Text is a formatted reference: plain runs and italic runs, so a page can
// set the italics the style asks for while String gives text to copy.
type Text []Span

// String returns the reference without formatting.
func (t Text) String() string {
	var b strings.Builder
	for _, s := range t {
		b.WriteString(s.Text)
	}
	return b.String()
}

// add appends plain text, merging it into the run before when that is
// plain too, so a reference is as few runs as its italics need.
func (t *Text) add(s string, italic bool) {
	if s == "" {
		return
	}
	if n := len(*t); n > 0 && (*t)[n-1].Italic == italic {
		(*t)[n-1].Text += s
		return
	}
	*t = append(*t, Span{Text: s, Italic: italic})
}

func (t *Text) plain(s string)  { t.add(s, false) }
func (t *Text) italic(s string) { t.add(s, true) }

// stop returns the punctuation that closes an element ending in s: none
// when it already ends with a full stop, question or exclamation mark.
func stop(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return ""
	}
	return "."
}

// quoted puts a title in double quotation marks as MLA and Chicago do,
// closing with stop inside the marks (“Title.”), and turns double quotes
// inside the title into single ones so the marks still nest.
func quoted(title string) string {
	var b strings.Builder
	prev := ' '
	for _, r := range title {
		switch r {
		case '“':
			r = '‘'
		case '”':
			r = '’'
		case '"':
			if unicode.IsSpace(prev) || strings.ContainsRune("([{‘—–-/", prev) {
				r = '‘'
			} else {
				r = '’'
			}
		}
		b.WriteRune(r)
		prev = r
	}
	return "“" + b.String() + stop(title) + "”"
}

// names lists names in prose with a serial comma before the conjunction:
// "A", "A and B", "A, B, and C". conj is "and" or "&".
func names(list []string, conj string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	case 2:
		// The comma before the conjunction stays when the first name is
		// inverted ("Ruiz, Ana, and Lee Park") and always before APA's &.
		sep := " " + conj + " "
		if conj == "&" || strings.Contains(list[0], ",") {
			sep = "," + sep
		}
		return list[0] + sep + list[1]
	}
	return strings.Join(list[:len(list)-1], ", ") + ", " + conj + " " + list[len(list)-1]
}

// withoutScheme drops "https://" and "http://", as MLA prints web
// addresses.
func withoutScheme(u string) string {
	for _, p := range []string{"https://", "http://"} {
		if strings.HasPrefix(u, p) {
			return u[len(p):]
		}
	}
	return u
}
