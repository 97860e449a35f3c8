package newsroom

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

// The editorial rules are enforced here, for the web admin and the Admin
// API alike: every method takes the acting user, checks what they may do
// (press.User.Can, press.User.CanArticle, press.Transition), records them
// as the actor of the writes, and returns press errors: press.ErrForbidden
// (a *press.PermissionError naming the action), press.ErrNotFound,
// press.ErrInvalid, press.ErrConflict (a *press.ConflictError for a stale
// save).

// as returns ctx carrying u as the actor, keeping the address of an actor
// ctx already carries (the request's, set by the web layer).
func as(ctx context.Context, u *press.User) context.Context {
	a := u.Actor()
	a.IP = press.ActorFrom(ctx).IP
	return press.WithActor(ctx, a)
}

// active refuses act to a missing or disabled user, or one without a role.
func active(u *press.User, act press.Action) error {
	if u == nil || u.Disabled || !u.Role.Valid() {
		return press.Forbidden(act)
	}
	return nil
}

func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("newsroom: %s: %w", fmt.Sprintf(format, args...), err)
}

// visible returns the stored article id if u may see it: editors and
// admins see every article, others only their own. Another's article is
// press.ErrNotFound, as if it did not exist.
func (n *Newsroom) visible(ctx context.Context, u *press.User, id int64) (press.Article, error) {
	if err := active(u, press.ActViewAll); err != nil {
		return press.Article{}, err
	}
	a, err := n.db.ArticleByID(ctx, id)
	if err != nil {
		return press.Article{}, err
	}
	if !u.Can(press.ActViewAll) && !u.Owns(&a) {
		return press.Article{}, press.ErrNotFound
	}
	return a, nil
}

// Article returns the article id, of any status, if u may see it: editors
// and admins see every article, contributors and authors their own only;
// any other is press.ErrNotFound.
func (n *Newsroom) Article(ctx context.Context, u *press.User, id int64) (press.Article, error) {
	a, err := n.visible(ctx, u, id)
	return a, wrap(err, "article %d", id)
}

// Articles returns one page of the admin's article list. Users who may
// not see everyone's articles (contributors, authors) see only their own,
// whatever f asks for.
func (n *Newsroom) Articles(ctx context.Context, u *press.User, f store.AdminArticleFilter) (press.ArticleList, error) {
	if err := active(u, press.ActViewAll); err != nil {
		return press.ArticleList{}, wrap(err, "articles")
	}
	if !u.Can(press.ActViewAll) {
		f.Owner, f.AuthorSlug = u.ID, u.Author
	}
	list, err := n.db.AdminArticles(ctx, f)
	return list, wrap(err, "articles")
}

// CreateArticle stores a new article written by u: u owns it, and when a
// has no byline, u's author profile (if any) is the byline. An empty slug
// is made from the title, with -2, -3, … added when it is taken. The
// status must be one u may give a new article (contributors: draft or
// pending); publishing without a date dates it now, and scheduling needs
// a date in the future.
func (n *Newsroom) CreateArticle(ctx context.Context, u *press.User, a *press.Article) error {
	if err := active(u, press.ActCreateArticle); err != nil {
		return wrap(err, "create article")
	}
	if !u.Can(press.ActCreateArticle) {
		return wrap(press.Forbidden(press.ActCreateArticle), "create article")
	}
	if a.Status == "" {
		a.Status = press.StatusDraft
	}
	a.ID, a.OwnerID = 0, u.ID
	act, ok := press.Transition("", a.Status)
	if !ok {
		return wrap(statusError("a new article cannot be "+string(a.Status)), "create article")
	}
	if !u.CanArticle(act, a) {
		return wrap(press.Forbidden(act), "create article")
	}
	if len(a.Authors) == 0 && u.Author != "" {
		a.Authors = []press.Author{{Slug: u.Author, Name: u.Name}}
	}
	if err := n.prepare(ctx, u, a); err != nil {
		return wrap(err, "create article")
	}
	ctx = as(ctx, u)
	if a.Slug != "" {
		return wrap(n.db.CreateArticle(ctx, a), "create article %q", a.Slug)
	}
	base := press.Slugify(a.Title)
	if base == "" {
		base = "article"
	}
	for i := 1; ; i++ {
		a.Slug = base
		if i > 1 {
			a.Slug = base + "-" + strconv.Itoa(i)
		}
		err := n.db.CreateArticle(ctx, a)
		if !errors.Is(err, press.ErrConflict) || i == 100 {
			if err != nil {
				a.Slug = ""
			}
			return wrap(err, "create article %q", base)
		}
	}
}

// prepare applies the workflow's rules about dates and bylines to a before
// it is saved, checks that u may create the authors and terms a names that
// do not exist yet, and renders its Markdown.
func (n *Newsroom) prepare(ctx context.Context, u *press.User, a *press.Article) error {
	if err := n.checkNewRefs(ctx, u, a); err != nil {
		return err
	}
	now := n.db.Now()
	if a.Status == press.StatusPublished && a.PublishedAt.IsZero() {
		a.PublishedAt = now
	}
	if err := a.ValidateRelease(now); err != nil {
		return err
	}
	RenderArticle(a)
	return nil
}

// checkNewRefs refuses an article that names authors or terms which do not
// exist yet, unless u may create them: the store would make them on the
// way, and managing authors and terms is an editor's right, whether the
// request comes from the editor's "new terms" field or the Admin API.
func (n *Newsroom) checkNewRefs(ctx context.Context, u *press.User, a *press.Article) error {
	var v press.ValidationError
	if !u.Can(press.ActManageAuthors) {
		for _, au := range a.Authors {
			if _, err := n.db.Author(ctx, au.Slug); errors.Is(err, press.ErrNotFound) {
				v.Add("authors", "there is no author "+strconv.Quote(au.Name)+"; an editor can add one")
			} else if err != nil {
				return err
			}
		}
	}
	if !u.Can(press.ActManageTerms) {
		for _, t := range a.Terms {
			if _, err := n.db.Term(ctx, t.Taxonomy, t.Slug); errors.Is(err, press.ErrNotFound) {
				v.Add("terms."+t.Taxonomy, "there is no "+strconv.Quote(t.Name)+" yet; only editors add new terms")
			} else if err != nil {
				return err
			}
		}
	}
	return v.Err()
}

func statusError(msg string) error {
	var v press.ValidationError
	v.Add("status", msg)
	return &v
}

// UpdateArticle saves u's changes to the article a.ID; a.Version is the
// version u's editor started from. What u may do is decided by the article
// as stored (whose it is, its status) and by the change of status asked
// for (see press.Transition): contributors edit their own drafts and
// pending articles and may only keep them draft or pending; publishing,
// scheduling and unpublishing need the right to publish that article.
// Moving into or out of the trash is not a save: see TrashArticle and
// RestoreArticle. If someone saved the article since a.Version, it fails
// with a *press.ConflictError naming them; a is left as it was given, so
// nothing u wrote is lost.
func (n *Newsroom) UpdateArticle(ctx context.Context, u *press.User, a *press.Article) error {
	return wrap(n.update(ctx, u, a, ""), "update article %d", a.ID)
}

func (n *Newsroom) update(ctx context.Context, u *press.User, a *press.Article, note string) error {
	stored, err := n.editable(ctx, u, a.ID)
	if err != nil {
		return err
	}
	act, ok := press.Transition(stored.Status, a.Status)
	if !ok {
		return statusError("cannot change from " + string(stored.Status) + " to " + string(a.Status) + " by saving")
	}
	if !u.CanArticle(act, &stored) {
		return press.Forbidden(act)
	}
	// On a conflict the caller keeps what it gave, untouched.
	b := *a
	if err := n.prepare(ctx, u, &b); err != nil {
		return err
	}
	b.OwnerID = stored.OwnerID
	if note != "" {
		err = n.db.UpdateArticleWithNote(as(ctx, u), &b, note)
	} else {
		err = n.db.UpdateArticle(as(ctx, u), &b)
	}
	if err != nil {
		return err
	}
	*a = b
	return nil
}

// editable returns the stored article id if u may edit it.
func (n *Newsroom) editable(ctx context.Context, u *press.User, id int64) (press.Article, error) {
	if err := active(u, press.ActEditArticle); err != nil {
		return press.Article{}, err
	}
	stored, err := n.visible(ctx, u, id)
	if err != nil {
		return press.Article{}, err
	}
	if !u.CanArticle(press.ActEditArticle, &stored) {
		return press.Article{}, press.Forbidden(press.ActEditArticle)
	}
	return stored, nil
}

// Autosave keeps u's unsaved work on article a.ID without changing its
// status: a draft or pending article is updated (its revision marked as an
// autosave), while a published or scheduled one is left as readers see it
// and the work kept for LatestAutosave to offer. A stale a.Version is a
// *press.ConflictError.
func (n *Newsroom) Autosave(ctx context.Context, u *press.User, a *press.Article) error {
	stored, err := n.editable(ctx, u, a.ID)
	if err != nil {
		return wrap(err, "autosave article %d", a.ID)
	}
	b := *a
	b.Status, b.OwnerID = stored.Status, stored.OwnerID
	if b.Status == press.StatusPublished && b.PublishedAt.IsZero() {
		b.PublishedAt = stored.PublishedAt
	}
	RenderArticle(&b)
	if err := n.db.AutosaveArticle(as(ctx, u), &b); err != nil {
		return wrap(err, "autosave article %d", a.ID)
	}
	*a = b
	return nil
}

// LatestAutosave returns u's autosave of the article that is newer than
// the article itself, for the editor to offer; press.ErrNotFound if none.
func (n *Newsroom) LatestAutosave(ctx context.Context, u *press.User, articleID int64) (press.Revision, error) {
	if _, err := n.visible(ctx, u, articleID); err != nil {
		return press.Revision{}, wrap(err, "autosave of article %d", articleID)
	}
	r, err := n.db.LatestAutosave(ctx, articleID, u.ID)
	return r, wrap(err, "autosave of article %d", articleID)
}

// TrashArticle moves the article id to the trash; contributors may trash
// only their own drafts and pending articles, authors their own articles.
func (n *Newsroom) TrashArticle(ctx context.Context, u *press.User, id int64) error {
	stored, err := n.visible(ctx, u, id)
	if err != nil {
		return wrap(err, "trash article %d", id)
	}
	if !u.CanArticle(press.ActTrashArticle, &stored) {
		return wrap(press.Forbidden(press.ActTrashArticle), "trash article %d", id)
	}
	return wrap(n.db.TrashArticle(as(ctx, u), id), "trash article %d", id)
}

// RestoreArticle brings the article id back from the trash as a draft
// (editors and admins).
func (n *Newsroom) RestoreArticle(ctx context.Context, u *press.User, id int64) error {
	if err := n.may(u, press.ActRestoreArticle); err != nil {
		return wrap(err, "restore article %d", id)
	}
	return wrap(n.db.RestoreArticle(as(ctx, u), id), "restore article %d", id)
}

// DeleteArticle deletes the article id for good (editors and admins). Only
// an article in the trash can be deleted; any other is invalid.
func (n *Newsroom) DeleteArticle(ctx context.Context, u *press.User, id int64) error {
	if err := n.may(u, press.ActDeleteArticle); err != nil {
		return wrap(err, "delete article %d", id)
	}
	stored, err := n.db.ArticleByID(ctx, id)
	if err != nil {
		return wrap(err, "delete article %d", id)
	}
	if stored.Status != press.StatusTrash {
		return wrap(statusError("only an article in the trash can be deleted"), "delete article %d", id)
	}
	return wrap(n.db.DeleteArticle(as(ctx, u), id), "delete article %d", id)
}

// may refuses u a site-wide action it may not perform.
func (n *Newsroom) may(u *press.User, act press.Action) error {
	if !u.Can(act) {
		return press.Forbidden(act)
	}
	return nil
}

// RestoreRevision saves the content of revision revisionID as a new
// version of the article articleID, with the revision note "Restored
// revision N"; version is the version u's editor shows. The article keeps
// its status and date: restoring old words does not unpublish nor
// republish. u needs the right to edit the article.
func (n *Newsroom) RestoreRevision(ctx context.Context, u *press.User, articleID, revisionID int64, version int) (press.Article, error) {
	stored, err := n.editable(ctx, u, articleID)
	if err != nil {
		return press.Article{}, wrap(err, "restore revision %d", revisionID)
	}
	r, err := n.db.Revision(ctx, revisionID)
	if err == nil && r.ArticleID != articleID {
		err = press.ErrNotFound
	}
	if err != nil {
		return press.Article{}, wrap(err, "restore revision %d", revisionID)
	}
	a := r.Article
	a.ID, a.Version = articleID, version
	a.Status, a.PublishedAt = stored.Status, stored.PublishedAt
	if err := n.update(ctx, u, &a, "Restored revision "+strconv.FormatInt(revisionID, 10)); err != nil {
		return press.Article{}, wrap(err, "restore revision %d", revisionID)
	}
	return a, nil
}

// Revisions returns the revisions of an article u may see, newest first.
func (n *Newsroom) Revisions(ctx context.Context, u *press.User, articleID int64) ([]press.Revision, error) {
	if _, err := n.visible(ctx, u, articleID); err != nil {
		return nil, wrap(err, "revisions of article %d", articleID)
	}
	list, err := n.db.Revisions(ctx, articleID)
	return list, wrap(err, "revisions of article %d", articleID)
}

// Revision returns one revision of an article u may see.
func (n *Newsroom) Revision(ctx context.Context, u *press.User, id int64) (press.Revision, error) {
	r, err := n.db.Revision(ctx, id)
	if err == nil {
		_, err = n.visible(ctx, u, r.ArticleID)
	}
	if err != nil {
		return press.Revision{}, wrap(err, "revision %d", id)
	}
	return r, nil
}

// AddNote leaves an editorial note by u on the article n.ArticleID.
func (n *Newsroom) AddNote(ctx context.Context, u *press.User, note *press.Note) error {
	stored, err := n.visible(ctx, u, note.ArticleID)
	if err != nil {
		return wrap(err, "note on article %d", note.ArticleID)
	}
	if !u.CanArticle(press.ActNote, &stored) {
		return wrap(press.Forbidden(press.ActNote), "note on article %d", note.ArticleID)
	}
	return wrap(n.db.CreateNote(as(ctx, u), note), "note on article %d", note.ArticleID)
}

// ResolveNote marks the note id resolved by u.
func (n *Newsroom) ResolveNote(ctx context.Context, u *press.User, id int64) error {
	note, err := n.db.Note(ctx, id)
	var stored press.Article
	if err == nil {
		stored, err = n.visible(ctx, u, note.ArticleID)
	}
	if err != nil {
		return wrap(err, "resolve note %d", id)
	}
	if !u.CanArticle(press.ActNote, &stored) {
		return wrap(press.Forbidden(press.ActNote), "resolve note %d", id)
	}
	return wrap(n.db.ResolveNote(as(ctx, u), id, u.Name), "resolve note %d", id)
}

// Notes returns the notes on an article u may see, in threads.
func (n *Newsroom) Notes(ctx context.Context, u *press.User, articleID int64) ([]press.Note, error) {
	if _, err := n.visible(ctx, u, articleID); err != nil {
		return nil, wrap(err, "notes on article %d", articleID)
	}
	list, err := n.db.Notes(ctx, articleID)
	return list, wrap(err, "notes on article %d", articleID)
}

// CreatePreviewLink makes a secret link that shows the article to anyone
// who has it until ttl has passed, and returns its token (to put in the
// URL; it is not stored and cannot be shown again).
func (n *Newsroom) CreatePreviewLink(ctx context.Context, u *press.User, articleID int64, ttl time.Duration) (string, error) {
	stored, err := n.visible(ctx, u, articleID)
	if err != nil {
		return "", wrap(err, "preview link to article %d", articleID)
	}
	if !u.CanArticle(press.ActPreviewLink, &stored) {
		return "", wrap(press.Forbidden(press.ActPreviewLink), "preview link to article %d", articleID)
	}
	if ttl <= 0 {
		var v press.ValidationError
		v.Add("ttl", "must be positive")
		return "", wrap(&v, "preview link to article %d", articleID)
	}
	var secret [32]byte
	rand.Read(secret[:]) // never fails
	token := base64.RawURLEncoding.EncodeToString(secret[:])
	_, err = n.db.CreatePreviewLink(as(ctx, u), articleID, tokenHash(token), n.db.Now().Add(ttl))
	if err != nil {
		return "", wrap(err, "preview link to article %d", articleID)
	}
	return token, nil
}

// PreviewArticle returns the article a preview link's token shows;
// press.ErrNotFound for an unknown or expired token.
func (n *Newsroom) PreviewArticle(ctx context.Context, token string) (press.Article, error) {
	a, err := n.db.PreviewArticle(ctx, tokenHash(token), n.db.Now())
	return a, wrap(err, "preview")
}

// tokenHash is what the store keeps of a preview token: its SHA-256.
func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
