package cite

import (
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// APA returns the reference in APA style, 7th edition, as a "webpage on a
// news website": the title in italics and the site's name in roman. An
// unsigned piece has the site as its group author, whose name then is not
// repeated as the site. A cross-posted piece ends with "(Original work
// published by …)", after APA's note for republished works (the original's
// date is not known, so its publisher stands in for it).
func (w Work) APA() Text {
	var t Text
	if len(w.Authors) == 0 {
		if w.Site != "" {
			t.plain(w.Site + stop(w.Site) + " ")
		}
	} else {
		list := make([]string, len(w.Authors))
		for i, n := range w.Authors {
			list[i] = n.Family
			if n.Given != "" {
				list[i] += ", " + initials(n.Given)
			}
		}
		var s string
		if len(list) > 20 {
			// APA lists the first 19, an ellipsis, then the last.
			s = strings.Join(list[:19], ", ") + ", . . . " + list[len(list)-1]
		} else {
			s = names(list, "&")
		}
		t.plain(s + stop(s) + " ")
	}
	if w.Published.IsZero() {
		t.plain("(n.d.). ")
	} else {
		t.plain("(" + strconv.Itoa(w.Published.Year()) + ", " + w.Published.Month().String() + " " + strconv.Itoa(w.Published.Day()) + "). ")
	}
	t.italic(w.Title)
	t.plain(stop(w.Title) + " ")
	if len(w.Authors) > 0 && w.Site != "" {
		t.plain(w.Site + stop(w.Site) + " ")
	}
	t.plain(w.URL)
	if w.Original.Name != "" {
		t.plain(" (Original work published by " + w.Original.Name + ")")
	}
	return t
}

// MLA returns the works-cited entry in MLA style, 9th edition: the site is
// the container, in italics (MLA omits the publisher when it is the
// container), the date abbreviated, the URL without its scheme. Three or
// more authors shorten to the first and "et al."; an unsigned piece begins
// with its title. A cross-posted piece ends with "Originally published
// in …".
func (w Work) MLA() Text {
	var t Text
	var s string
	switch len(w.Authors) {
	case 0:
	case 1:
		s = w.Authors[0].Inverted()
	case 2:
		s = names([]string{w.Authors[0].Inverted(), w.Authors[1].String()}, "and")
	default:
		s = w.Authors[0].Inverted() + ", et al"
	}
	if s != "" {
		t.plain(s + stop(s) + " ")
	}
	t.plain(quoted(w.Title) + " ")
	if w.Site != "" {
		t.italic(w.Site)
		t.plain(", ")
	}
	if !w.Published.IsZero() {
		t.plain(strconv.Itoa(w.Published.Day()) + " " + mlaMonths[w.Published.Month()-1] + " " + strconv.Itoa(w.Published.Year()) + ", ")
	}
	t.plain(withoutScheme(w.URL) + ".")
	w.originally(&t)
	return t
}

// mlaMonths are the month abbreviations MLA uses; the short months are
// written in full.
var mlaMonths = [12]string{"Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

// Chicago returns the bibliography entry in Chicago style, 18th edition,
// notes and bibliography system, treating the site as a periodical (its
// name in italics). Up to six authors are all listed, the first inverted;
// more shorten to the first three and "et al.". An unsigned piece begins
// with its title. A cross-posted piece ends with "Originally published
// in …".
func (w Work) Chicago() Text {
	var t Text
	if n := len(w.Authors); n > 0 {
		list := []string{w.Authors[0].Inverted()}
		for _, a := range w.Authors[1:] {
			list = append(list, a.String())
		}
		var s string
		if n > 6 {
			s = strings.Join(list[:3], ", ") + ", et al."
		} else {
			s = names(list, "and")
		}
		t.plain(s + stop(s) + " ")
	}
	t.plain(quoted(w.Title) + " ")
	if w.Site != "" {
		t.italic(w.Site)
		if w.Published.IsZero() {
			t.plain(". ")
		} else {
			t.plain(", ")
		}
	}
	if !w.Published.IsZero() {
		t.plain(w.Published.Month().String() + " " + strconv.Itoa(w.Published.Day()) + ", " + strconv.Itoa(w.Published.Year()) + ". ")
	}
	t.plain(w.URL + ".")
	w.originally(&t)
	return t
}

// originally closes an MLA or Chicago reference to a cross-posted piece.
func (w Work) originally(t *Text) {
	if w.Original.Name == "" {
		return
	}
	t.plain(" Originally published in ")
	t.italic(w.Original.Name)
	t.plain(stop(w.Original.Name))
}

// BibTeX returns a BibTeX @article entry, which every BibTeX and biblatex
// style and reference manager reads, with the site as the journal. Values
// are escaped for TeX; the title is braced twice so styles keep its case;
// names are written "Family, Given", and a name that cannot be split is
// braced so BibTeX takes it whole. "date" is for biblatex, "year" and
// "month" for BibTeX.
func (w Work) BibTeX() string {
	var b strings.Builder
	b.WriteString("@article{" + w.Key() + ",\n")
	field := func(name, value string) {
		b.WriteString("  " + name + " = " + value + ",\n")
	}
	if len(w.Authors) > 0 {
		list := make([]string, len(w.Authors))
		for i, n := range w.Authors {
			list[i] = bibName(n)
		}
		field("author", "{"+strings.Join(list, " and ")+"}")
	}
	field("title", "{{"+tex(w.Title)+"}}")
	if w.Site != "" {
		field("journal", "{"+tex(w.Site)+"}")
	}
	if !w.Published.IsZero() {
		field("year", "{"+strconv.Itoa(w.Published.Year())+"}")
		field("month", strings.ToLower(w.Published.Month().String()[:3]))
		field("date", "{"+w.Published.Format(time.DateOnly)+"}")
	}
	field("url", "{"+bibURL(w.URL)+"}")
	if w.Original.Name != "" {
		note := "Originally published by " + w.Original.Name
		if w.Original.URL != "" {
			note += ": " + w.Original.URL
		}
		field("note", "{"+tex(note)+"}")
	}
	b.WriteString("}\n")
	return b.String()
}

// bibName writes one author for BibTeX's author list.
func bibName(n Name) string {
	if n.Given == "" {
		return "{" + tex(n.Family) + "}"
	}
	return bibPart(n.Family) + ", " + bibPart(n.Given)
}

// bibPart escapes a name part, bracing it when it holds the word "and",
// which BibTeX would otherwise take as the separator between two authors.
func bibPart(s string) string {
	s = tex(s)
	for _, w := range strings.Fields(s) {
		if strings.EqualFold(w, "and") {
			return "{" + s + "}"
		}
	}
	return s
}

// texEscapes escapes TeX's special characters; a newline would end a
// paragraph inside the field, so it becomes a space.
var texEscapes = strings.NewReplacer(
	`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `&`, `\&`, `%`, `\%`, `$`, `\$`, `#`, `\#`, `_`, `\_`,
	`~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`, "\r\n", " ", "\n", " ", "\r", " ",
)

// tex escapes s for a BibTeX field value. Braces are escaped too, so the
// value's own braces always balance. Other characters, such as letters
// with accents, are left as they are: biber and BibTeX with a UTF-8 input
// encoding read them.
func tex(s string) string { return texEscapes.Replace(s) }

// bibURL keeps a URL verbatim, as biblatex and the url package read it,
// percent-encoding only what would break the field: braces, backslashes
// and spaces.
func bibURL(u string) string {
	return strings.NewReplacer("{", "%7B", "}", "%7D", `\`, "%5C", " ", "%20").Replace(u)
}

// Key returns the BibTeX citation key, in the common "family, year, first
// word of the title" form: ruiz2026water. Only ASCII letters and digits
// are kept (accents are folded), since BibTeX does not read other keys; an
// unsigned piece is keyed by the site's name.
func (w Work) Key() string {
	who := w.Site
	if len(w.Authors) > 0 {
		who = w.Authors[0].Family
	}
	key := keyWord(press.Slugify(who), false)
	if !w.Published.IsZero() {
		key += strconv.Itoa(w.Published.Year())
	}
	key += keyWord(press.Slugify(w.Title), true)
	if key == "" || key[0] >= '0' && key[0] <= '9' {
		key = "article" + key
	}
	return key
}

// keyWord keeps the ASCII letters and digits of a slug: all of it, or
// (first) only its first word that is not an article or preposition.
func keyWord(slug string, first bool) string {
	var out strings.Builder
	for _, word := range strings.Split(slug, "-") {
		if first && keyStopWords[word] {
			continue
		}
		for _, r := range word {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				out.WriteRune(r)
			}
		}
		if first && out.Len() > 0 {
			break
		}
	}
	return out.String()
}

var keyStopWords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "on": true, "in": true, "to": true, "and": true}

// RIS returns the reference in the RIS format of EndNote, Zotero and
// Mendeley, as a newspaper article (TY NEWS) in the site (T2). Lines end
// with CR LF, as the format's specification asks; a value is kept to one
// line.
func (w Work) RIS() string {
	var b strings.Builder
	tag := func(t, v string) {
		if v = strings.Join(strings.Fields(v), " "); v != "" {
			b.WriteString(t + "  - " + v + "\r\n")
		}
	}
	tag("TY", "NEWS")
	for _, n := range w.Authors {
		tag("AU", n.Inverted())
	}
	tag("TI", w.Title)
	tag("T2", w.Site)
	if !w.Published.IsZero() {
		tag("PY", strconv.Itoa(w.Published.Year()))
		tag("DA", w.Published.Format("2006/01/02/"))
	}
	tag("UR", w.URL)
	tag("LA", w.Language)
	tag("AB", w.Abstract)
	if w.Original.Name != "" {
		note := "Originally published by " + w.Original.Name
		if w.Original.URL != "" {
			note += ": " + w.Original.URL
		}
		tag("N1", note)
	}
	b.WriteString("ER  - \r\n")
	return b.String()
}
