package site

import (
	"mime"
	"net/http"

	"github.com/pressroomhq/pressroom/internal/cite"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
	"github.com/pressroomhq/pressroom/internal/web"
)

// citeFile is a citation offered as a file under an article's path.
type citeFile struct {
	format      func(cite.Work) string
	contentType string
	ext         string // of the downloaded file's name
}

// citeFiles are the files at /articles/{slug}/{file}. Reference managers
// recognise them by type: BibTeX and RIS have no registered media types,
// so these are the de facto ones.
var citeFiles = map[string]citeFile{
	"cite.bib": {cite.Work.BibTeX, "application/x-bibtex; charset=utf-8", ".bib"},
	"cite.ris": {cite.Work.RIS, "application/x-research-info-systems; charset=utf-8", ".ris"},
}

// citations fills an article page's "Cite this" box.
func citations(a *press.Article, site *press.Site) *theme.Citations {
	w := cite.FromArticle(a, site)
	return &theme.Citations{
		APA: w.APA(), MLA: w.MLA(), Chicago: w.Chicago(),
		BibTeX: w.BibTeX(), RIS: w.RIS(),
		BibTeXURL: press.ArticlePath(a.Slug) + "/cite.bib",
		RISURL:    press.ArticlePath(a.Slug) + "/cite.ris",
	}
}

// handleArticleFile serves the files under a published article: its
// citation as BibTeX (cite.bib) and RIS (cite.ris), downloaded as
// {slug}.bib and {slug}.ris. Any other name is not found.
func (s *Site) handleArticleFile(w http.ResponseWriter, r *http.Request) error {
	f, ok := citeFiles[r.PathValue("file")]
	if !ok {
		return press.ErrNotFound
	}
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	a, err := s.publishedArticle(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Slug + f.ext}))
	body := f.format(cite.FromArticle(&a, &c.site))
	web.Write(w, r, http.StatusOK, web.Page{ContentType: f.contentType, Body: []byte(body), LastModified: c.modified})
	return nil
}
