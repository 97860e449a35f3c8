package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/pressroomhq/pressroom/internal/press"
)

// RevisionsPage lists an article's revisions, to compare and restore.
type RevisionsPage struct {
	Layout
	Article    press.Article
	Revisions  []press.Revision
	From, To   int64 // preselected for comparing
	MayRestore bool
	Conflict   *ConflictView // a restore lost to someone else's save
}

// RevisionDiffPage compares two revisions of an article.
type RevisionDiffPage struct {
	Layout
	Article    press.Article
	From, To   press.Revision
	Diff       *ArticleDiff
	MayRestore bool
}

// ArticleDiff is how two states of an article differ: the Markdown body
// line by line, and the other fields side by side.
type ArticleDiff struct {
	FromLabel, ToLabel string
	Fields             []FieldDiff
	Body               []DiffPart
	BodyChanged        bool
	// Nested puts the body's heading a level down, for a diff shown
	// inside a section (the editor's conflict panel).
	Nested bool
}

// FieldDiff is one field in both states.
type FieldDiff struct {
	Name     string
	From, To string
	Changed  bool
	Parts    []DiffPart // From → To, word by word, when Changed
}

// DiffPart is a run of text that is the same in both ("eq"), only in the
// newer ("ins") or only in the older ("del").
type DiffPart struct {
	Op   string
	Text string
}

// diffArticles compares from with to. The body is compared by lines with
// semantic clean-up, as people read Markdown; each other field by words.
func diffArticles(from, to *press.Article, fromLabel, toLabel string) *ArticleDiff {
	d := &ArticleDiff{FromLabel: fromLabel, ToLabel: toLabel}
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(from.Body.Source, to.Body.Source)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
	diffs = dmp.DiffCleanupSemantic(diffs)
	d.Body = parts(diffs)
	d.BodyChanged = from.Body.Source != to.Body.Source
	ff, tf := diffFields(from), diffFields(to)
	for i := range ff {
		f := FieldDiff{Name: ff[i][0], From: ff[i][1], To: tf[i][1], Changed: ff[i][1] != tf[i][1]}
		if f.Changed {
			f.Parts = parts(dmp.DiffCleanupSemantic(dmp.DiffMain(f.From, f.To, false)))
		}
		d.Fields = append(d.Fields, f)
	}
	return d
}

func parts(diffs []diffmatchpatch.Diff) []DiffPart {
	out := make([]DiffPart, len(diffs))
	for i, d := range diffs {
		op := "eq"
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = "ins"
		case diffmatchpatch.DiffDelete:
			op = "del"
		}
		out[i] = DiffPart{Op: op, Text: d.Text}
	}
	return out
}

// diffFields lists the fields compared beside the body, as text.
func diffFields(a *press.Article) [][2]string {
	names := make([]string, len(a.Authors))
	for i, au := range a.Authors {
		names[i] = au.Name
		if names[i] == "" {
			names[i] = au.Slug
		}
	}
	terms := make([]string, len(a.Terms))
	for i, t := range a.Terms {
		n := t.Name
		if n == "" {
			n = t.Slug
		}
		terms[i] = t.Taxonomy + ": " + n
	}
	year := ""
	if a.Copyright.Year != 0 {
		year = strconv.Itoa(a.Copyright.Year)
	}
	return [][2]string{
		{"Title", a.Title}, {"Dek", a.Dek}, {"Slug", a.Slug}, {"Status", string(a.Status)},
		{"Authors", strings.Join(names, ", ")}, {"Terms", strings.Join(terms, ", ")},
		{"Image", strings.TrimSpace(a.Image.Src + " " + a.Image.Alt + credit(a.Image.Credit))},
		{"Source", strings.TrimSpace(a.Source.Name + " " + a.Source.URL)},
		{"Copyright", strings.TrimSpace(a.Copyright.Holder + " " + year)},
	}
}

func credit(c string) string {
	if c == "" {
		return ""
	}
	return " (" + c + ")"
}

func (a *Admin) handleRevisions(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := articleID(r)
	if err != nil {
		return err
	}
	p, err := a.revisionsPage(w, r, s, id)
	if err != nil {
		return err
	}
	return a.render(w, "revisions", p)
}

func (a *Admin) revisionsPage(w http.ResponseWriter, r *http.Request, s *staff, id int64) (*RevisionsPage, error) {
	ctx := r.Context()
	art, err := a.news.Article(ctx, &s.User, id)
	if err != nil {
		return nil, err
	}
	revs, err := a.news.Revisions(ctx, &s.User, id)
	if err != nil {
		return nil, err
	}
	p := &RevisionsPage{Layout: a.layout(w, r, s, "Revisions of “"+art.Title+"”", "articles"), Article: art, Revisions: revs,
		MayRestore: s.User.CanArticle(press.ActEditArticle, &art) && art.Status != press.StatusTrash}
	if len(revs) > 1 {
		p.To, p.From = revs[0].ID, revs[1].ID
	}
	return p, nil
}

func (a *Admin) handleRevisionDiff(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	id, err := articleID(r)
	if err != nil {
		return err
	}
	art, err := a.news.Article(ctx, &s.User, id)
	if err != nil {
		return err
	}
	rev := func(key string) (press.Revision, error) {
		n, err := strconv.ParseInt(r.URL.Query().Get(key), 10, 64)
		if err != nil {
			return press.Revision{}, press.ErrNotFound
		}
		rv, err := a.news.Revision(ctx, &s.User, n)
		if err == nil && rv.ArticleID != id {
			err = press.ErrNotFound
		}
		return rv, err
	}
	from, err := rev("from")
	if err != nil {
		return err
	}
	to, err := rev("to")
	if err != nil {
		return err
	}
	if from.ID > to.ID {
		from, to = to, from // older on the left, always
	}
	p := &RevisionDiffPage{Layout: a.layout(w, r, s, "Compare revisions of “"+art.Title+"”", "articles"), Article: art, From: from, To: to,
		Diff:       diffArticles(&from.Article, &to.Article, revisionLabel(from), revisionLabel(to)),
		MayRestore: s.User.CanArticle(press.ActEditArticle, &art) && art.Status != press.StatusTrash}
	return a.render(w, "revision_diff", p)
}

func revisionLabel(r press.Revision) string {
	return "Revision " + strconv.FormatInt(r.ID, 10) + " by " + r.Author + ", " + r.CreatedAt.UTC().Format("2 Jan 2006 15:04 UTC")
}

func (a *Admin) handleRevisionRestore(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := articleID(r)
	if err != nil {
		return err
	}
	rid, err := strconv.ParseInt(r.PathValue("rev"), 10, 64)
	if err != nil {
		return press.ErrNotFound
	}
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		var v press.ValidationError
		v.Add("version", "the form is damaged; reload the page")
		return &v
	}
	_, err = a.news.RestoreRevision(r.Context(), &s.User, id, rid, version)
	var ce *press.ConflictError
	if errors.As(err, &ce) {
		p, perr := a.revisionsPage(w, r, s, id)
		if perr != nil {
			return perr
		}
		p.Conflict = &ConflictView{By: ce.By, At: ce.At, Version: ce.Current.Version}
		return a.renderStatus(w, http.StatusConflict, "revisions", p)
	}
	if err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/articles/"+strconv.FormatInt(id, 10), "Revision "+strconv.FormatInt(rid, 10)+" restored.")
}
