-- Listings without the articles table. A term's or an author's page, its
-- count and an article's related articles need, for each article linked,
-- whether it is published and when; read from articles, that is a lookup
-- per linked article into rows that keep status and dates after their
-- bodies, thousands per page on a large site (random heap reads here).
-- live_at is the article's published_at while it is published and NULL
-- otherwise, kept by the store on every save, status change and import,
-- so that these listings read an index alone.
ALTER TABLE article_authors ADD COLUMN live_at TIMESTAMPTZ;
ALTER TABLE article_terms ADD COLUMN live_at TIMESTAMPTZ;

UPDATE article_authors SET live_at = (SELECT CASE WHEN a.status = 'published' THEN a.published_at END
    FROM articles a WHERE a.id = article_authors.article_id);
UPDATE article_terms SET live_at = (SELECT CASE WHEN a.status = 'published' THEN a.published_at END
    FROM articles a WHERE a.id = article_terms.article_id);

CREATE INDEX article_authors_live_idx ON article_authors (author_id, live_at DESC, article_id DESC) WHERE live_at IS NOT NULL;
CREATE INDEX article_terms_live_idx ON article_terms (term_id, live_at DESC, article_id DESC) WHERE live_at IS NOT NULL;

-- The front page's featured articles and their count, off an index.
CREATE INDEX articles_featured_idx ON articles (featured, status, published_at DESC, id DESC);
