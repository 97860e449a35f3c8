package theme

import "github.com/pressroomhq/pressroom/internal/cite"

// Citations is the "Cite this" box of an article page: the reference in
// three styles, ready to copy, and in the two formats reference managers
// import, shown and offered as files.
type Citations struct {
	APA, MLA, Chicago cite.Text
	BibTeX, RIS       string
	BibTeXURL, RISURL string // paths of the downloadable files
}
