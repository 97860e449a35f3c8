package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// AdminArticleFilter selects articles for the admin's list, where staff
// see every status. Zero fields do not filter.
type AdminArticleFilter struct {
	// Status selects one status; "" selects every status but the trash.
	Status press.Status
	// Owner and AuthorSlug select a user's own articles: those Owner
	// created or AuthorSlug is in the byline of. Given both, an article
	// matching either is selected.
	Owner      int64
	AuthorSlug string
	// Taxonomy and Term select the articles in a term or any term below it.
	Taxonomy, Term string
	// Title selects articles whose title contains it, ignoring case.
	Title string
	// Sort is one of the Sort… orders; "" is SortUpdated.
	Sort   string
	Limit  int // 0 means press.DefaultPageSize
	Offset int
}

// Orders of AdminArticles.
const (
	SortUpdated   = "updated"   // last changed first
	SortPublished = "published" // newest publication date first, undated first
	SortTitle     = "title"     // by title, ignoring case
	SortCreated   = "created"   // newest first
)

// AdminArticles returns one page of the articles f selects, of any status,
// and how many it selects in all. Listed articles carry authors, terms and
// excerpt but no body. An unknown sort, or a taxonomy without a term, is
// invalid.
func (db *DB) AdminArticles(ctx context.Context, f AdminArticleFilter) (press.ArticleList, error) {
	if (f.Taxonomy == "") != (f.Term == "") {
		return press.ArticleList{}, db.fail(invalid("term", "a term filter needs both taxonomy and term"), "admin articles")
	}
	var order string
	switch f.Sort {
	case "", SortUpdated:
		order = " ORDER BY a.updated_at DESC, a.id DESC"
	case SortPublished:
		order = articleOrder
	case SortTitle:
		order = " ORDER BY " + db.d.textOrder("a.title") + ", a.id"
	case SortCreated:
		order = " ORDER BY a.created_at DESC, a.id DESC"
	default:
		return press.ArticleList{}, db.fail(invalid("sort", "must be updated, published, title or created"), "admin articles")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = press.DefaultPageSize
	}
	offset := max(f.Offset, 0)
	with, where, args := articleFilter(db.d, press.ArticleFilter{Status: f.Status, Taxonomy: f.Taxonomy, Term: f.Term})
	var conds []string
	if where != "" {
		conds = append(conds, strings.TrimPrefix(where, " WHERE "))
	}
	if f.Status == "" {
		conds = append(conds, "a.status <> ?")
		args = append(args, string(press.StatusTrash))
	}
	var own []string
	if f.Owner != 0 {
		own = append(own, "a.owner_id = ?")
		args = append(args, f.Owner)
	}
	if f.AuthorSlug != "" {
		own = append(own, `a.id IN (SELECT aa.article_id FROM article_authors aa
			JOIN authors au ON au.id = aa.author_id WHERE au.slug = ?)`)
		args = append(args, f.AuthorSlug)
	}
	if len(own) > 0 {
		conds = append(conds, "("+strings.Join(own, " OR ")+")")
	}
	if f.Title != "" {
		conds = append(conds, `lower(a.title) LIKE ? ESCAPE '\'`)
		args = append(args, "%"+escapeLike(strings.ToLower(f.Title))+"%")
	}
	where = ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var list press.ArticleList
	err := db.read(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, with+"SELECT COUNT(*) FROM articles a"+where, args...).Scan(&list.Total); err != nil {
			return err
		}
		var err error
		list.Articles, err = t.articles(ctx, with+"SELECT "+articleCols+" FROM articles a"+where+order+" LIMIT ? OFFSET ?",
			append(args, limit, offset)...)
		return err
	})
	if err != nil {
		return press.ArticleList{}, db.fail(err, "admin articles")
	}
	return list, nil
}

// escapeLike escapes the wildcards of LIKE (with ESCAPE '\') in s, so that
// it matches only itself.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// TrashArticle moves the article with the given ID to the trash, from
// which RestoreArticle brings it back for press.TrashDays days: its status
// becomes trash and its version increases. Readers no longer see it; if
// they did, the webhooks are told it is gone. Trashing an article already
// in the trash changes nothing. A missing article is press.ErrNotFound.
func (db *DB) TrashArticle(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		return t.setStatus(ctx, db.clock(), id, press.StatusTrash)
	})
	if err != nil {
		return db.fail(err, "trash article %d", id)
	}
	return nil
}

// RestoreArticle brings the article with the given ID back from the trash
// as a draft, as WordPress does: whatever it was before, it must be looked
// at again before readers see it. An article not in the trash is invalid;
// a missing one press.ErrNotFound.
func (db *DB) RestoreArticle(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t *tx) error {
		var status press.Status
		if err := t.queryRow(ctx, "SELECT status FROM articles WHERE id = ?"+t.d.lockRow, id).Scan(&status); err != nil {
			return err
		}
		if status != press.StatusTrash {
			return invalid("status", "the article is not in the trash")
		}
		return t.setStatus(ctx, db.clock(), id, press.StatusDraft)
	})
	if err != nil {
		return db.fail(err, "restore article %d", id)
	}
	return nil
}

// setStatus changes only the status of article id (and its trash time),
// as a save of its own: version, revision, audit line, search catalogue,
// webhook deliveries.
func (t *tx) setStatus(ctx context.Context, now time.Time, id int64, to press.Status) error {
	a, err := t.articleByID(ctx, id, true)
	if err != nil {
		return err
	}
	if a.Status == to {
		return nil
	}
	var trashed any
	if to == press.StatusTrash {
		trashed = t.d.time(now)
	}
	if _, err := t.exec(ctx, "UPDATE articles SET status = ?, trashed_at = ?, updated_at = ?, version = version + 1 WHERE id = ?",
		string(to), trashed, t.d.time(now), id); err != nil {
		return err
	}
	if err := t.searchIndexArticles(ctx, now, id); err != nil {
		return err
	}
	_, err = t.afterSave(ctx, now, &a, id, revisionOpts{})
	return err
}

// PurgeTrash deletes for good the articles that went to the trash before
// before, as DeleteArticle does, and returns how many.
func (db *DB) PurgeTrash(ctx context.Context, before time.Time) (int, error) {
	n := 0
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		ids, err := queryColumn[int64](ctx, t, "SELECT id FROM articles WHERE status = ? AND trashed_at < ? ORDER BY id",
			string(press.StatusTrash), t.d.time(before))
		if err != nil {
			return err
		}
		for _, id := range ids {
			a, err := t.articleByID(ctx, id, true)
			if errors.Is(err, sql.ErrNoRows) {
				continue // another process purged it meanwhile
			}
			if err != nil {
				return err
			}
			if _, err := t.exec(ctx, "DELETE FROM articles WHERE id = ?", id); err != nil {
				return err
			}
			if err := t.deleted(ctx, now, &a); err != nil {
				return err
			}
			n++
		}
		if n == 0 {
			return nil
		}
		if err := t.searchChanged(ctx, now); err != nil {
			return err
		}
		return t.touch(ctx, "trash emptied", now)
	})
	if err != nil {
		return 0, db.fail(err, "purge trash")
	}
	return n, nil
}
