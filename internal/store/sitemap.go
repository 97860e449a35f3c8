package store

// Listings for syndication: the articles of feeds (with their bodies), the
// entries of sitemaps and the articles of the news sitemap. They are read
// by crawlers and feed readers rather than people, so they are shaped for
// many rows and few columns.

import (
	"context"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// FeedArticles returns the newest published articles f selects, with their
// bodies, for a feed: at most f.Limit (press.DefaultPageSize when zero),
// newest first as listings are, each with its authors (ID, slug, name and
// photo) and terms. Drafts are never returned, whatever f.Status says, and
// f.Offset is ignored: a feed is always the newest articles. A taxonomy
// without a term, or a term without a taxonomy, is invalid; an unknown
// author or term selects nothing.
func (db *DB) FeedArticles(ctx context.Context, f press.ArticleFilter) ([]press.Article, error) {
	if (f.Taxonomy == "") != (f.Term == "") {
		return nil, db.fail(invalid("term", "a term filter needs both taxonomy and term"), "feed articles")
	}
	f.Status = press.StatusPublished
	limit := f.Limit
	if limit <= 0 {
		limit = press.DefaultPageSize
	}
	var list []press.Article
	err := db.read(ctx, func(t *tx) error {
		l, err := t.filter(ctx, f)
		if err != nil {
			return err
		}
		q, args := l.with+"SELECT "+articleCols+articleBodyCols+" FROM articles a"+l.where+publishedOrder+" LIMIT ?", l.args
		if l.link != "" {
			q, args = l.linkWith+"SELECT "+articleCols+articleBodyCols+" FROM ("+l.link+linkedOrder+" LIMIT ?) l JOIN articles a ON a.id = l.id"+publishedOrder, l.linkArgs
		}
		rows, err := t.query(ctx, q, append(args, limit)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		list = []press.Article{}
		for rows.Next() {
			a, err := scanArticle(rows, true)
			if err != nil {
				return err
			}
			list = append(list, a)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return t.loadJoins(ctx, list, false)
	})
	if err != nil {
		return nil, db.fail(err, "feed articles")
	}
	return list, nil
}

// NewsArticles returns the published articles dated within window before
// now (by the store's clock), and not after now, newest first, at most
// limit of them, as listings carry them (no body). They are what a news
// sitemap lists: Google News takes the last two days and 1,000 URLs.
func (db *DB) NewsArticles(ctx context.Context, window time.Duration, limit int) ([]press.Article, error) {
	if limit <= 0 {
		return []press.Article{}, nil
	}
	// The window moves with the clock, not only with writes; the
	// handler's Cache-Control bounds how long a copy may be kept.
	press.Depend(ctx, press.KeyPublished)
	now := db.clock()
	var list []press.Article
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = t.articles(ctx, "SELECT "+articleCols+` FROM articles a
			WHERE a.status = ? AND a.published_at >= ? AND a.published_at <= ?`+publishedOrder+" LIMIT ?",
			string(press.StatusPublished), t.d.time(now.Add(-window)), t.d.time(now), limit)
		return err
	})
	if err != nil {
		return nil, db.fail(err, "news articles")
	}
	return list, nil
}

// SitemapEntry is one page of the public site as a sitemap lists it.
type SitemapEntry struct {
	Path string // e.g. /articles/water-war, escaped as press's path functions escape
	// Modified is when what the page shows last changed, as far as the
	// store can tell: the page's own update, or the latest update of an
	// article it lists.
	Modified time.Time
}

// Sitemap calls f with every page of the site that a sitemap should list
// and that the store knows of, in an order that changes little as content
// is added: published standalone pages; authors with at least one
// published article; terms with published articles of their own or of a
// term below them (their listing shows both); the archive months; then
// every published article, oldest first, so that new articles go at the
// end. The site's fixed pages (the front page, the indexes) are the
// caller's to add.
//
// It reads in one read transaction and streams the articles, so memory
// stays the same for a hundred thousand of them; every kind is one query
// (terms two), whatever the number of rows. The latest updates of authors'
// and terms' articles are grouped from articles CROSS JOIN the join
// table: to SQLite, CROSS JOIN means "in this order", a sequential scan of
// articles with an index lookup per row, four times faster at 100,000
// articles than the random lookups into articles it picks otherwise;
// PostgreSQL plans it as the inner join it is. f runs inside that
// transaction: it must not call the store. An error from f stops the walk
// and is returned as it is.
func (db *DB) Sitemap(ctx context.Context, f func(SitemapEntry) error) error {
	// Every published article, page, author and term, by date.
	press.Depend(ctx, press.KeyPublishedAny, press.KeyPages, press.KeyAuthors, press.KeyTerms)
	var stop error // f's error, passed through unwrapped
	emit := func(e SitemapEntry) error {
		if err := f(e); err != nil {
			stop = err
			return err
		}
		return nil
	}
	err := db.read(ctx, func(t *tx) error {
		published := string(press.StatusPublished)
		err := t.each(ctx, "SELECT slug, updated_at FROM pages WHERE status = ? ORDER BY id", []any{published},
			func(s scanner) error {
				var slug string
				var e SitemapEntry
				if err := s.Scan(&slug, scanTime(&e.Modified)); err != nil {
					return err
				}
				e.Path = press.PagePath(slug)
				return emit(e)
			})
		if err != nil {
			return err
		}
		err = t.each(ctx, `SELECT au.slug, au.updated_at, x.latest FROM authors au JOIN (
				SELECT aa.author_id, MAX(a.updated_at) AS latest
				FROM articles a CROSS JOIN article_authors aa
				WHERE aa.article_id = a.id AND a.status = ? GROUP BY aa.author_id
			) x ON x.author_id = au.id ORDER BY au.id`, []any{published},
			func(s scanner) error {
				var slug string
				var own, latest time.Time
				if err := s.Scan(&slug, scanTime(&own), scanTime(&latest)); err != nil {
					return err
				}
				return emit(SitemapEntry{Path: press.AuthorPath(slug), Modified: later(own, latest)})
			})
		if err != nil {
			return err
		}
		if err := t.sitemapTerms(ctx, emit); err != nil {
			return err
		}
		year, month := t.d.yearMonth("published_at")
		err = t.each(ctx, `SELECT y, m, MAX(u) FROM (
				SELECT `+year+` AS y, `+month+` AS m, updated_at AS u FROM articles
				WHERE status = ? AND published_at IS NOT NULL
			) p GROUP BY y, m ORDER BY y, m`, []any{published},
			func(s scanner) error {
				var m press.Month
				var e SitemapEntry
				if err := s.Scan(&m.Year, &m.Month, scanTime(&e.Modified)); err != nil {
					return err
				}
				e.Path = press.ArchivePath(m)
				return emit(e)
			})
		if err != nil {
			return err
		}
		// Backwards along articles_status_published_at_idx: no sort.
		return t.each(ctx, `SELECT slug, updated_at FROM articles WHERE status = ?
			ORDER BY published_at, id`, []any{published},
			func(s scanner) error {
				var slug string
				var e SitemapEntry
				if err := s.Scan(&slug, scanTime(&e.Modified)); err != nil {
					return err
				}
				e.Path = press.ArticlePath(slug)
				return emit(e)
			})
	})
	if stop != nil {
		return stop
	}
	if err != nil {
		return db.fail(err, "sitemap")
	}
	return nil
}

// sitemapTerms emits the terms whose listing shows at least one published
// article. A listing shows a term's articles and those of every term below
// it, so the latest update of each term's own articles (one grouped query)
// is carried up to its ancestors here; the terms themselves are few enough
// to hold.
func (t *tx) sitemapTerms(ctx context.Context, emit func(SitemapEntry) error) error {
	type node struct {
		taxonomy, slug string
		parent         int64 // 0 for none
		own, latest    time.Time
		used           bool
	}
	nodes := map[int64]*node{}
	var order []int64
	err := t.each(ctx, `SELECT t.id, x.slug, t.slug, COALESCE(t.parent_id, 0), t.updated_at
		FROM terms t JOIN taxonomies x ON x.id = t.taxonomy_id ORDER BY x.position, x.id, t.id`, nil,
		func(s scanner) error {
			var id int64
			n := &node{}
			if err := s.Scan(&id, &n.taxonomy, &n.slug, &n.parent, scanTime(&n.own)); err != nil {
				return err
			}
			nodes[id] = n
			order = append(order, id)
			return nil
		})
	if err != nil {
		return err
	}
	err = t.each(ctx, `SELECT at.term_id, MAX(a.updated_at) FROM articles a CROSS JOIN article_terms at
		WHERE at.article_id = a.id AND a.status = ? GROUP BY at.term_id`, []any{string(press.StatusPublished)},
		func(s scanner) error {
			var id int64
			var latest time.Time
			if err := s.Scan(&id, scanTime(&latest)); err != nil {
				return err
			}
			// Up the tree; the step bound ends a corrupt cycle.
			for steps := 0; id != 0 && steps <= len(nodes); steps++ {
				n := nodes[id]
				if n == nil {
					break
				}
				n.used = true
				n.latest = later(n.latest, latest)
				id = n.parent
			}
			return nil
		})
	if err != nil {
		return err
	}
	for _, id := range order {
		if n := nodes[id]; n.used {
			if err := emit(SitemapEntry{Path: press.TermPath(n.taxonomy, n.slug), Modified: later(n.own, n.latest)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// each runs a query and calls f for each row, stopping at f's first error.
func (t *tx) each(ctx context.Context, q string, args []any, f func(scanner) error) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
