package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/pressroomhq/pressroom/internal/press"
)

// errStreamClosed is what add returns when called after its ImportStream
// has returned.
var errStreamClosed = errors.New("import stream is closed")

// ImportStream stores a stream of bundles in one transaction: fill is
// called once and hands each bundle to add, which stores it as Import
// stores a bundle. When fill returns an error, or any add fails, nothing
// of the whole stream is written and ImportStream returns that error; an
// add that failed returns the error to fill too, and every later add
// fails at once with the same error. add must be called from one
// goroutine at a time, and fails once fill has returned.
//
// References resolve across adds: an article may name an author, term or
// taxonomy created or stored by an earlier add. Forward references, a
// thing named before it is stored, are allowed where a migration needs
// them: a page's parent page, a comment's parent comment (by source id,
// on the same article) and an attachment's article may come in any later
// add; they are linked when the stream ends, and one still missing then
// is invalid input. A term's parent must be in the same add or before it,
// and a comment's article in the same add or before it.
//
// Memory: ImportStream keeps nothing of a bundle once its add returns,
// except the resolver's maps of author, term and taxonomy ids (a slug and
// an id each) and the forward references still waiting for their target
// (two ids and a slug each), so a stream of any length, one article with
// its comments per add, imports in little memory; the transaction's size
// is the database's affair.
//
// Counts add up over the stream. Redirects are created or updated by
// their normalised From, comments by article and SourceID (which an
// import requires), attachments by SourceID, or by URL when they have
// none; importing the same stream again changes nothing.
func (db *DB) ImportStream(ctx context.Context, fill func(add func(press.Bundle) error) error) (ImportStats, error) {
	var stats ImportStats
	var s *stream
	err := db.write(ctx, func(t *tx) error {
		stats = ImportStats{}
		s = &stream{db: db, t: t, ctx: ctx, r: newRefs(db.clock(), &stats)}
		err := fill(s.add)
		s.closed = true
		switch {
		case err != nil:
			return err
		case s.err != nil:
			// fill swallowed the error of an add; the stream still fails.
			return s.err
		}
		if err := s.finish(ctx); err != nil {
			return err
		}
		if stats.Created+stats.Updated > 0 {
			// An import touches too much to list; every page goes.
			t.changed(press.KeyAll)
		}
		return nil
	})
	switch {
	case err == nil:
		return stats, nil
	case s != nil && s.err != nil && errors.Is(err, s.err):
		// add's error, already wrapped, perhaps with fill's context.
		return ImportStats{}, err
	}
	return ImportStats{}, db.fail(err, "import")
}

// stream is what one ImportStream carries from one add to the next.
type stream struct {
	db     *DB
	t      *tx
	r      *refs
	ctx    context.Context
	err    error // of the first add that failed
	closed bool

	backdated bool // an article took a date of change earlier than now
	pages     bool // a page was written: check the tree at the end
	comments  bool // a comment's parent may have changed: check the threads

	// article caches the last article a comment or attachment named, as
	// an article's comments come together.
	article struct {
		slug string
		id   int64
	}

	// Forward references waiting for the end of the stream.
	pageParents    []waiting
	commentParents []waiting
	attachArticles []waiting
}

// waiting is a row stored before the row it refers to.
type waiting struct {
	id     int64
	scope  int64  // the comment's article, for comment parents
	target string // what it refers to: a slug or a source id
	name   string // the row's own name, for error messages
	what   outcome
}

func (s *stream) add(b press.Bundle) error {
	switch {
	case s.err != nil:
		return s.err
	case s.closed:
		return errStreamClosed
	}
	if err := s.store(&b); err != nil {
		s.err = s.db.fail(err, "import")
		return s.err
	}
	return nil
}

// store writes one bundle, in the order that lets it refer to itself:
// site, taxonomies, terms, authors, pages, articles, then what refers to
// articles.
func (s *stream) store(b *press.Bundle) error {
	ctx, t, r := s.ctx, s.t, s.r
	stats := r.stats
	if err := ctx.Err(); err != nil {
		return err
	}
	if b.Site != nil {
		site := *b.Site
		if err := site.Validate(); err != nil {
			return fmt.Errorf("site: %w", err)
		}
		wrote, err := t.saveSite(ctx, &site, r.now)
		if err != nil {
			return fmt.Errorf("site: %w", err)
		}
		stats.Site = stats.Site || wrote
	}
	for _, x := range b.Taxonomies {
		if err := x.Validate(); err != nil {
			return fmt.Errorf("taxonomy %q: %w", x.Slug, err)
		}
		what, err := t.saveTaxonomy(ctx, &x, r.now)
		if err != nil {
			return fmt.Errorf("taxonomy %q: %w", x.Slug, err)
		}
		r.taxonomies[x.Slug] = x.ID
		stats.count(&stats.Taxonomies, what)
	}
	if err := t.importTerms(ctx, b.Terms, r); err != nil {
		return err
	}
	for _, a := range b.Authors {
		if err := a.Validate(); err != nil {
			return fmt.Errorf("author %q: %w", a.Slug, err)
		}
		what, err := t.saveAuthor(ctx, &a, r.now)
		if err != nil {
			return fmt.Errorf("author %q: %w", a.Slug, err)
		}
		r.authors[a.Slug] = a.ID
		stats.count(&stats.Authors, what)
	}
	for _, p := range b.Pages {
		p.Version = 0
		what, err := t.savePage(ctx, &p, r.now, s)
		if err != nil {
			return fmt.Errorf("page %q: %w", p.Slug, err)
		}
		s.pages = true
		stats.count(&stats.Pages, what)
	}
	for _, a := range b.Articles {
		what, err := t.importArticle(ctx, &a, r)
		if err != nil {
			return fmt.Errorf("article %q: %w", a.Slug, err)
		}
		stats.count(&stats.Articles, what)
		s.backdated = s.backdated || (what != unchanged && a.UpdatedAt.Before(r.now))
	}
	for _, x := range b.Redirects {
		what, err := t.saveRedirect(ctx, &x, r.now)
		if err != nil {
			return fmt.Errorf("redirect %q: %w", x.From, err)
		}
		stats.count(&stats.Redirects, what)
	}
	for _, c := range b.Comments {
		what, err := s.comment(ctx, &c)
		if err != nil {
			return fmt.Errorf("comment %q on %q: %w", c.SourceID, c.Article, err)
		}
		stats.count(&stats.Comments, what)
	}
	for _, x := range b.Attachments {
		what, err := s.attachment(ctx, &x)
		if err != nil {
			return fmt.Errorf("attachment %q: %w", attachmentName(&x), err)
		}
		stats.count(&stats.Attachments, what)
	}
	return nil
}

// articleID returns the id of the article slug, or 0 when there is none.
func (s *stream) articleID(ctx context.Context, slug string) (int64, error) {
	if s.article.slug == slug && s.article.id != 0 {
		return s.article.id, nil
	}
	id, err := s.t.articleID(ctx, slug)
	if err != nil || id == 0 {
		return 0, err
	}
	s.article.slug, s.article.id = slug, id
	return id, nil
}

// finish links the forward references and checks what the stream as a
// whole must satisfy.
func (s *stream) finish(ctx context.Context) error {
	t, r := s.t, s.r
	for _, w := range s.pageParents {
		parent, err := t.pageID(ctx, w.target)
		if err != nil {
			return err
		}
		if parent == 0 {
			return fmt.Errorf("page %q: %w", w.name, invalid("parent", "page "+quote(w.target)+" does not exist"))
		}
		if err := s.link(ctx, "pages", w, parent, true); err != nil {
			return fmt.Errorf("page %q: %w", w.name, err)
		}
	}
	if s.pages {
		if err := t.checkPageTree(ctx); err != nil {
			return err
		}
	}
	for _, w := range s.commentParents {
		parent, err := t.commentID(ctx, w.scope, w.target)
		if err != nil {
			return err
		}
		if parent == 0 {
			return fmt.Errorf("comment %q: %w", w.name,
				invalid("parent", "comment "+quote(w.target)+" is not on the same article, in the import or stored"))
		}
		if err := s.link(ctx, "comments", w, parent, false); err != nil {
			return fmt.Errorf("comment %q: %w", w.name, err)
		}
		s.comments = true
	}
	if s.comments {
		if err := t.checkCommentThreads(ctx); err != nil {
			return err
		}
	}
	for _, w := range s.attachArticles {
		article, err := t.articleID(ctx, w.target)
		if err != nil {
			return err
		}
		if article == 0 {
			return fmt.Errorf("attachment %q: %w", w.name, invalid("article", "article "+quote(w.target)+" does not exist"))
		}
		if err := s.link(ctx, "attachments", w, article, false); err != nil {
			return fmt.Errorf("attachment %q: %w", w.name, err)
		}
	}
	if s.backdated {
		// Articles took their own dates of change, earlier than now;
		// LastModified must still move, or caches keep old pages.
		return t.touch(ctx, "import", r.now)
	}
	return nil
}

// link sets the reference column of a row stored before its target: a
// page's or comment's parent_id, an attachment's article_id. A change to
// a row counted as unchanged recounts it as updated.
func (s *stream) link(ctx context.Context, table string, w waiting, target int64, stamped bool) error {
	col := "parent_id"
	if table == "attachments" {
		col = "article_id"
	}
	q := "UPDATE " + table + " SET " + col + " = ?"
	args := []any{target}
	if stamped {
		q += ", updated_at = ?, version = version + 1"
		args = append(args, s.t.d.time(s.r.now))
	}
	args = append(args, w.id, target)
	res, err := s.t.exec(ctx, q+" WHERE id = ? AND "+col+" IS DISTINCT FROM ?", args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n > 0 && w.what == unchanged {
		s.r.stats.Unchanged--
		s.r.stats.Updated++
	}
	return err
}
