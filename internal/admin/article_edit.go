package admin

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/web"
)

// ArticleEditPage is the editor of a new or stored article: the form, the
// workflow buttons the user's rights allow, and beside it the editorial
// notes and preview links.
type ArticleEditPage struct {
	Layout
	New     bool
	Article press.Article // what the form shows: as stored, or as typed
	Stored  press.Article // as stored (zero for a new article): status, version, rights

	Authors    []press.Author
	Taxonomies []TaxonomyTerms

	// Form text that is not a field of the article as typed.
	AuthorSlugs string            // the byline, slugs in order, comma separated
	NewTerms    map[string]string // per taxonomy, names of terms to create
	ScheduleAt  string            // datetime-local value, UTC

	Errors   *press.ValidationError // of the last save, when it was refused
	Conflict *ConflictView          // when the last save lost to someone else's

	// Autosave is the user's newer autosave of a live article, to offer.
	Autosave *press.Revision

	Notes        []NoteView
	ShowResolved bool
	Resolved     int // how many notes are resolved (and hidden unless ShowResolved)
	Quote        string

	Links   []press.PreviewLink
	NewLink string // the address of a preview link just made, shown once
	Now     time.Time

	// What the user may do with this article.
	MayEdit, MayPublish, MaySubmit, MayTrash, MayNote, MayLink bool
}

// ConflictView explains a save that lost: who saved in between, what they
// saved, and how it differs from what the user typed.
type ConflictView struct {
	By      string
	At      time.Time
	Version int    // the stored version, to overwrite deliberately
	Action  string // the action that lost, repeated when overwriting
	Diff    *ArticleDiff
}

// fieldIDs maps the newsroom's field names to the form's controls, for
// the error summary's links and aria-describedby.
var fieldIDs = map[string]string{
	"title": "f-title", "dek": "f-dek", "slug": "f-slug", "body": "f-body", "authors": "authors", "terms": "terms",
	"status": "actions", "date": "f-schedule", "published_at": "f-schedule", "source.url": "f-source-url",
	"source.name": "f-source-name", "copyright.year": "f-copyright-year", "copyright.holder": "f-copyright-holder",
	"image.alt": "f-image-alt", "image.src": "f-image-src", "image.credit": "f-image-credit", "version": "actions",
	"comments": "f-comments",
}

// FieldID returns the id of the control of a newsroom field name.
func (p *ArticleEditPage) FieldID(field string) string {
	if id, ok := fieldIDs[field]; ok {
		return id
	}
	return "actions"
}

// Err returns the error message of field, or "".
func (p *ArticleEditPage) Err(field string) string {
	if p.Errors == nil {
		return ""
	}
	return p.Errors.Message(field)
}

// Checked reports whether the article has the term tax/slug.
func (p *ArticleEditPage) Checked(tax, slug string) bool {
	for _, t := range p.Article.Terms {
		if t.Taxonomy == tax && t.Slug == slug {
			return true
		}
	}
	return false
}

// ReadMinutes is the reading time the public page shows (see the theme's
// readMinutes: 230 words a minute, at least one).
func (p *ArticleEditPage) ReadMinutes() int { return readMinutes(p.Article.WordCount) }

func readMinutes(words int) int { return max(1, (words+229)/230) }

// Action is the form's address.
func (p *ArticleEditPage) Action() string {
	if p.New {
		return "/admin/articles/new"
	}
	return "/admin/articles/" + strconv.FormatInt(p.Stored.ID, 10)
}

// PreviewAction is where the form is posted to be previewed.
func (p *ArticleEditPage) PreviewAction() string {
	if p.New {
		return "/admin/articles/preview"
	}
	return p.Action() + "/preview"
}

// Live reports whether the stored article is published or scheduled.
func (p *ArticleEditPage) Live() bool {
	return p.Stored.Status == press.StatusPublished || p.Stored.Status == press.StatusScheduled
}

// SaveLabel names the button that saves without changing the status.
func (p *ArticleEditPage) SaveLabel() string {
	switch p.Stored.Status {
	case press.StatusPublished, press.StatusScheduled:
		return "Update"
	case "", press.StatusDraft:
		return "Save draft"
	}
	return "Save"
}

// Expired reports whether a preview link no longer works.
func (p *ArticleEditPage) Expired(l press.PreviewLink) bool { return !l.ExpiresAt.After(p.Now) }

// editor returns the editor page for stored (zero for a new article),
// showing shown, with everything the form offers loaded.
func (a *Admin) editor(w http.ResponseWriter, r *http.Request, s *staff, stored, shown press.Article) (*ArticleEditPage, error) {
	ctx := r.Context()
	title := "New article"
	if stored.ID != 0 {
		title = "Edit “" + stored.Title + "”"
	}
	p := &ArticleEditPage{Layout: a.layout(w, r, s, title, "articles"), New: stored.ID == 0, Article: shown, Stored: stored,
		NewTerms: map[string]string{}, Now: a.now()}
	p.Scripts = append(p.Scripts, "editor.js")
	var err error
	if p.Authors, err = a.db.Authors(ctx); err != nil {
		return nil, err
	}
	if p.Taxonomies, err = a.taxonomyTerms(ctx); err != nil {
		return nil, err
	}
	slugs := make([]string, len(shown.Authors))
	for i, au := range shown.Authors {
		slugs[i] = au.Slug
	}
	p.AuthorSlugs = strings.Join(slugs, ", ")
	if shown.Status == press.StatusScheduled && !shown.PublishedAt.IsZero() {
		p.ScheduleAt = shown.PublishedAt.UTC().Format(dateTimeLocal)
	}
	u := &s.User
	check := stored
	if p.New {
		check = press.Article{Status: press.StatusDraft, OwnerID: u.ID}
	}
	p.MayEdit = u.CanArticle(press.ActEditArticle, &check)
	p.MayPublish = u.CanArticle(press.ActPublishArticle, &check)
	p.MaySubmit = u.CanArticle(press.ActSubmitArticle, &check)
	p.MayTrash = !p.New && u.CanArticle(press.ActTrashArticle, &check)
	p.MayNote = !p.New && u.CanArticle(press.ActNote, &check)
	p.MayLink = !p.New && u.CanArticle(press.ActPreviewLink, &check)
	if p.New {
		return p, nil
	}
	if p.Notes, p.Resolved, err = a.notes(r, u, stored.ID, r.URL.Query().Get("resolved") == "1"); err != nil {
		return nil, err
	}
	p.ShowResolved = r.URL.Query().Get("resolved") == "1"
	if p.Links, err = a.previewLinks(r, u, stored.ID); err != nil {
		return nil, err
	}
	if rev, err := a.news.LatestAutosave(ctx, u, stored.ID); err == nil {
		p.Autosave = &rev
	} else if !errors.Is(err, press.ErrNotFound) {
		return nil, err
	}
	return p, nil
}

// dateTimeLocal is the value format of <input type="datetime-local">.
const dateTimeLocal = "2006-01-02T15:04"

func (a *Admin) handleArticleNew(w http.ResponseWriter, r *http.Request, s *staff) error {
	shown := press.Article{Status: press.StatusDraft}
	if s.User.Author != "" {
		if au, err := a.db.Author(r.Context(), s.User.Author); err == nil {
			shown.Authors = []press.Author{au}
		}
	}
	p, err := a.editor(w, r, s, press.Article{}, shown)
	if err != nil {
		return err
	}
	return a.render(w, "article_edit", p)
}

func (a *Admin) handleArticleEdit(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := articleID(r)
	if err != nil {
		return err
	}
	stored, err := a.news.Article(r.Context(), &s.User, id)
	if err != nil {
		return err
	}
	if stored.Status == press.StatusTrash {
		return a.redirect(w, r, "/admin/articles?status=trash", "That article is in the trash; restore it to edit it.")
	}
	shown := stored
	var restored bool
	if rev := r.URL.Query().Get("autosave"); rev != "" {
		// Restore an autosave into the form: its content, the article's
		// status and version, saved only when the user saves.
		if shown, err = a.fromRevision(r, s, stored, rev); err != nil {
			return err
		}
		restored = true
	}
	p, err := a.editor(w, r, s, stored, shown)
	if err != nil {
		return err
	}
	if restored {
		p.Autosave = nil
		p.Flash = "The autosave is in the form below; save to keep it."
	}
	if r.URL.Query().Get("dismiss") == "1" {
		p.Autosave = nil
	}
	return a.render(w, "article_edit", p)
}

// fromRevision returns stored with the content of revision rev.
func (a *Admin) fromRevision(r *http.Request, s *staff, stored press.Article, rev string) (press.Article, error) {
	rid, err := strconv.ParseInt(rev, 10, 64)
	if err != nil {
		return stored, press.ErrNotFound
	}
	rv, err := a.news.Revision(r.Context(), &s.User, rid)
	if err != nil {
		return stored, err
	}
	if rv.ArticleID != stored.ID {
		return stored, press.ErrNotFound
	}
	shown := rv.Article
	shown.ID, shown.Version, shown.Status, shown.PublishedAt = stored.ID, stored.Version, stored.Status, stored.PublishedAt
	shown.OwnerID, shown.CreatedAt, shown.UpdatedAt = stored.OwnerID, stored.CreatedAt, stored.UpdatedAt
	return shown, nil
}

// formArticle is an article read from the editor's form.
type formArticle struct {
	press.Article
	AuthorSlugs string
	NewTerms    map[string]string
	ScheduleAt  string
	Action      string
	Overwrite   int // the version to overwrite deliberately after a conflict, or 0
}

// readArticleForm reads the editor's fields over base (the stored
// article, so that what the form does not show is kept). Mistakes the
// form itself can see (an unknown author, a date that is not one) are
// returned as a *press.ValidationError along with everything read.
func readArticleForm(f url.Values, base press.Article, authors []press.Author, taxes []TaxonomyTerms, now time.Time) (formArticle, error) {
	fa := formArticle{Article: base, NewTerms: map[string]string{}}
	var v press.ValidationError
	a := &fa.Article
	a.Title = strings.TrimSpace(f.Get("title"))
	a.Dek = strings.TrimSpace(f.Get("dek"))
	a.Slug = strings.TrimSpace(f.Get("slug"))
	a.Body = press.Markdown{Source: strings.ReplaceAll(f.Get("body"), "\r\n", "\n")}
	a.Image = press.Image{Src: strings.TrimSpace(f.Get("image_src")), Alt: strings.TrimSpace(f.Get("image_alt")), Credit: strings.TrimSpace(f.Get("image_credit"))}
	a.Source = press.Source{Name: strings.TrimSpace(f.Get("source_name")), URL: strings.TrimSpace(f.Get("source_url"))}
	a.Copyright = press.Copyright{Holder: strings.TrimSpace(f.Get("copyright_holder"))}
	if y := strings.TrimSpace(f.Get("copyright_year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1 || n > 9999 {
			v.Add("copyright.year", "must be a year such as 2026")
		}
		a.Copyright.Year = n
	}
	a.Featured = f.Get("featured") != ""
	if m, ok := f["comments"]; ok { // a form without the select keeps the mode
		a.Comments = press.CommentMode(strings.TrimSpace(m[0]))
		if a.Comments != "" && !a.Comments.Valid() {
			v.Add("comments", "must follow the site, or be open, members or closed")
		}
	}
	a.NoRepublish = f.Get("republish") == ""
	if ver := f.Get("version"); ver != "" {
		n, err := strconv.Atoi(ver)
		if err != nil {
			v.Add("version", "the form is damaged; reload the article")
		}
		a.Version = n
	}
	fa.Overwrite, _ = strconv.Atoi(f.Get("overwrite"))

	// The byline: the ordered field of slugs, then any picked from the list.
	fa.AuthorSlugs = f.Get("authors")
	byName := map[string]press.Author{}
	for _, au := range authors {
		byName[au.Slug] = au
	}
	a.Authors = nil
	seen := map[string]bool{}
	for _, slug := range append(splitList(fa.AuthorSlugs), f["author_pick"]...) {
		slug = strings.TrimSpace(slug)
		if slug == "" || seen[slug] {
			continue
		}
		seen[slug] = true
		au, ok := byName[slug]
		if !ok {
			v.Add("authors", "there is no author "+strconv.Quote(slug)+"; authors are added under Authors")
			continue
		}
		a.Authors = append(a.Authors, au)
	}

	// Terms: those ticked, then the new ones typed, per taxonomy.
	a.Terms = nil
	for _, t := range taxes {
		known := map[string]press.Term{}
		for _, m := range t.Terms {
			known[m.Slug] = m
		}
		for _, slug := range f["terms."+t.Slug] {
			if m, ok := known[slug]; ok {
				a.Terms = append(a.Terms, press.Term{ID: m.ID, Taxonomy: t.Slug, Slug: m.Slug, Name: m.Name, Parent: m.Parent})
			}
		}
		typed := f.Get("newterms." + t.Slug)
		fa.NewTerms[t.Slug] = typed
		for _, name := range splitList(typed) {
			slug := press.Slugify(name)
			if slug == "" {
				v.Add("terms", strconv.Quote(name)+" cannot be a term: it needs letters or digits")
				continue
			}
			if m, ok := known[slug]; ok {
				name = m.Name
			}
			if !hasTerm(a.Terms, t.Slug, slug) {
				a.Terms = append(a.Terms, press.Term{Taxonomy: t.Slug, Slug: slug, Name: name})
			}
		}
	}

	// The status asked for, and the date a schedule needs. Overwriting
	// after a conflict repeats the action that lost.
	fa.Action = f.Get("action")
	if fa.Overwrite > 0 && fa.Action == "" {
		fa.Action = f.Get("retry_action")
	}
	// The form shows the schedule in UTC (the script shows it in local
	// time), so a refused form gets the time back in UTC.
	fa.ScheduleAt = strings.TrimSpace(f.Get("schedule_at"))
	if t, err := time.Parse(time.RFC3339, f.Get("schedule_utc")); err == nil {
		fa.ScheduleAt = t.UTC().Format(dateTimeLocal)
	}
	switch fa.Action {
	case "draft":
		a.Status = press.StatusDraft
	case "submit":
		a.Status = press.StatusPending
	case "publish":
		if base.Status != press.StatusPublished {
			if base.Status == press.StatusScheduled || base.PublishedAt.After(now) {
				a.PublishedAt = time.Time{} // publish now, not at the scheduled time
			}
		}
		a.Status = press.StatusPublished
	case "unpublish":
		a.Status = press.StatusUnpublished
	case "schedule":
		a.Status = press.StatusScheduled
		t, err := scheduleTime(f.Get("schedule_utc"), fa.ScheduleAt)
		if err != nil {
			v.Add("published_at", "must be a date and time such as 2026-12-01T09:30")
		} else {
			a.PublishedAt = t
		}
	default: // "save": keep the status as stored
		fa.Action = "save"
		if a.Status == "" {
			a.Status = press.StatusDraft
		}
	}
	return fa, v.Err()
}

// scheduleTime reads the schedule: the UTC time the editor's script
// computed from the user's local time, or else the datetime-local value
// read as UTC (as the form says when there is no script).
func scheduleTime(utc, local string) (time.Time, error) {
	if utc != "" {
		if t, err := time.Parse(time.RFC3339, utc); err == nil {
			return t.UTC(), nil
		}
	}
	if t, err := time.Parse(dateTimeLocal, local); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02T15:04:05", local)
}

func hasTerm(terms []press.Term, tax, slug string) bool {
	for _, t := range terms {
		if t.Taxonomy == tax && t.Slug == slug {
			return true
		}
	}
	return false
}

// splitList splits a comma-separated field, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (a *Admin) handleArticleCreate(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	authors, taxes, err := a.choices(r)
	if err != nil {
		return err
	}
	fa, ferr := readArticleForm(r.PostForm, press.Article{Status: press.StatusDraft}, authors, taxes, a.now())
	if fa.Action == "save" {
		fa.Status = press.StatusDraft
	}
	art := fa.Article
	art.ID, art.Version = 0, 0
	if ferr == nil {
		ferr = a.news.CreateArticle(ctx, &s.User, &art)
	}
	if ferr != nil {
		return a.refuse(w, r, s, press.Article{}, fa, ferr)
	}
	return a.redirect(w, r, "/admin/articles/"+strconv.FormatInt(art.ID, 10), savedMessage(art.Status, true))
}

func (a *Admin) handleArticleUpdate(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	id, err := articleID(r)
	if err != nil {
		return err
	}
	stored, err := a.news.Article(ctx, &s.User, id)
	if err != nil {
		return err
	}
	authors, taxes, err := a.choices(r)
	if err != nil {
		return err
	}
	fa, ferr := readArticleForm(r.PostForm, stored, authors, taxes, a.now())
	art := fa.Article
	if art.Slug == "" {
		// As for a new article: an emptied slug is made from the title.
		art.Slug = press.Slugify(art.Title)
	}
	if fa.Overwrite > 0 {
		art.Version = fa.Overwrite
	}
	if ferr == nil {
		ferr = a.news.UpdateArticle(ctx, &s.User, &art)
	}
	if ferr != nil {
		return a.refuse(w, r, s, stored, fa, ferr)
	}
	return a.redirect(w, r, "/admin/articles/"+strconv.FormatInt(id, 10), savedMessage(art.Status, false))
}

// refuse answers a save the newsroom refused: a mistake in the form or a
// lost race re-renders the form with everything typed kept (422, 409);
// anything else (no right, not found) is an error page.
func (a *Admin) refuse(w http.ResponseWriter, r *http.Request, s *staff, stored press.Article, fa formArticle, err error) error {
	var ve *press.ValidationError
	var ce *press.ConflictError
	status := http.StatusUnprocessableEntity
	switch {
	case errors.As(err, &ce):
		status = http.StatusConflict
		if fresh, ferr := a.news.Article(r.Context(), &s.User, stored.ID); ferr == nil {
			stored = fresh
		}
	case errors.As(err, &ve):
	case errors.Is(err, press.ErrConflict):
		// A taken slug: a conflict with another article, not a race.
		ve = &press.ValidationError{}
		ve.Add("slug", "is taken by another article; choose another")
	default:
		return err
	}
	shown := fa.Article
	shown.ID, shown.Status, shown.Version = stored.ID, stored.Status, fa.Article.Version
	if stored.ID == 0 {
		shown.Status = press.StatusDraft
	}
	if fa.Action == "schedule" {
		// Keep the date typed, even though the status did not change.
		shown.PublishedAt = fa.PublishedAt
	}
	newsroom.RenderArticle(&shown)
	p, perr := a.editor(w, r, s, stored, shown)
	if perr != nil {
		return perr
	}
	p.Errors = ve
	p.AuthorSlugs, p.NewTerms = fa.AuthorSlugs, fa.NewTerms
	if fa.ScheduleAt != "" {
		p.ScheduleAt = fa.ScheduleAt
	}
	if ce != nil {
		p.Conflict = &ConflictView{By: ce.By, At: ce.At, Version: ce.Current.Version, Action: fa.Action,
			Diff: diffArticles(&ce.Current, &shown, "Stored version", "Your version")}
		p.Conflict.Diff.Nested = true
	}
	p.Autosave = nil
	return a.renderStatus(w, status, "article_edit", p)
}

// choices returns the authors and terms the form offers.
func (a *Admin) choices(r *http.Request) ([]press.Author, []TaxonomyTerms, error) {
	authors, err := a.db.Authors(r.Context())
	if err != nil {
		return nil, nil, err
	}
	taxes, err := a.taxonomyTerms(r.Context())
	return authors, taxes, err
}

func savedMessage(st press.Status, created bool) string {
	switch st {
	case press.StatusPublished:
		return "Published."
	case press.StatusScheduled:
		return "Scheduled."
	case press.StatusPending:
		return "Submitted for review."
	case press.StatusUnpublished:
		return "Unpublished: readers no longer see it."
	}
	if created {
		return "Draft created."
	}
	return "Saved."
}

// AutosaveResult answers the editor's autosave.
type AutosaveResult struct {
	Version int       `json:"version"`
	SavedAt time.Time `json:"saved_at"`
}

// handleArticleAutosave keeps the editor's unsaved work. The script sends
// the form's fields as a JSON object (name → string, or list of strings
// for repeated fields), with the token in the X-CSRF-Token header; a form
// post works too. It answers the new version, or an error as JSON: 409
// with who saved in between, 422 with the fields.
func (a *Admin) handleArticleAutosave(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	id, err := articleID(r)
	if err != nil {
		return err
	}
	form, err := a.jsonForm(w, r)
	if err != nil {
		return err
	}
	stored, err := a.news.Article(ctx, &s.User, id)
	if err != nil {
		return err
	}
	authors, taxes, err := a.choices(r)
	if err != nil {
		return err
	}
	form.Del("action")
	fa, err := readArticleForm(form, stored, authors, taxes, a.now())
	if err == nil {
		art := fa.Article
		if err = a.news.Autosave(ctx, &s.User, &art); err == nil {
			return writeJSON(w, http.StatusOK, AutosaveResult{Version: art.Version, SavedAt: a.now().UTC()})
		}
	}
	var ce *press.ConflictError
	if errors.As(err, &ce) {
		return writeJSON(w, http.StatusConflict, map[string]any{"error": map[string]any{
			"status": http.StatusConflict, "message": "This article was changed by " + ce.By + " at " + ce.At.UTC().Format("15:04 MST") + " while you were editing.",
			"by": ce.By, "at": ce.At.UTC(), "version": ce.Current.Version}})
	}
	return err
}

// jsonForm reads a request body of form fields: a JSON object from the
// editor's script, or an ordinary form.
func (a *Admin) jsonForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return r.PostForm, nil
	}
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(io.LimitReader(r.Body, a.maxBody)).Decode(&raw); err != nil {
		return nil, web.Errorf(http.StatusBadRequest, "the autosave could not be read: %v", err)
	}
	v := url.Values{}
	for k, m := range raw {
		var one string
		var many []string
		switch {
		case json.Unmarshal(m, &one) == nil:
			v.Set(k, one)
		case json.Unmarshal(m, &many) == nil:
			v[k] = many
		default:
			var n json.Number
			if json.Unmarshal(m, &n) == nil {
				v.Set(k, n.String())
			}
		}
	}
	return v, nil
}

// handleArticlePreview renders the form as the public page would show it,
// for the editor's preview frame; nothing is saved. A stored article is
// previewed with what the form does not show kept from it.
func (a *Admin) handleArticlePreview(w http.ResponseWriter, r *http.Request, s *staff) error {
	ctx := r.Context()
	if a.preview == nil {
		return web.Errorf(http.StatusNotImplemented, "previews are not available")
	}
	base := press.Article{Status: press.StatusDraft, OwnerID: s.User.ID, CreatedAt: a.now()}
	if r.PathValue("id") != "" {
		id, err := articleID(r)
		if err != nil {
			return err
		}
		if base, err = a.news.Article(ctx, &s.User, id); err != nil {
			return err
		}
	}
	authors, taxes, err := a.choices(r)
	if err != nil {
		return err
	}
	fa, _ := readArticleForm(r.PostForm, base, authors, taxes, a.now())
	art := fa.Article
	if art.Slug == "" {
		art.Slug = press.Slugify(art.Title)
	}
	if art.PublishedAt.IsZero() {
		art.PublishedAt = a.now() // as publishing now would date it
	}
	newsroom.RenderArticle(&art)
	body, err := a.preview(ctx, r, &art)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err = w.Write(body)
	return err
}
