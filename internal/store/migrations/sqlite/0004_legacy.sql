-- 0004_legacy: what a migration from another platform (WordPress) brings
-- besides content: the old addresses to redirect, readers' comments, the
-- media the old site referred to, and the order of pages. Namesakes in
-- migrations/postgres/0004_legacy.sql.

-- Pages nest for menus and order; a deleted parent leaves its children at
-- the top.
ALTER TABLE pages ADD COLUMN parent_id INTEGER REFERENCES pages (id) ON DELETE SET NULL;
ALTER TABLE pages ADD COLUMN position INTEGER NOT NULL DEFAULT 0;

CREATE INDEX pages_parent_id_idx ON pages (parent_id);

-- from_path is stored as press.NormalisePath writes it, so a lookup is one
-- equality.
CREATE TABLE redirects (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    from_path  TEXT NOT NULL UNIQUE,
    to_url     TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- source_id is the comment's id where it came from, '' for comments made
-- here; importing again finds a comment by it.
CREATE TABLE comments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source_id    TEXT NOT NULL DEFAULT '',
    parent_id    INTEGER REFERENCES comments (id) ON DELETE SET NULL,
    author_name  TEXT NOT NULL DEFAULT '',
    author_email TEXT NOT NULL DEFAULT '',
    author_url   TEXT NOT NULL DEFAULT '',
    author_ip    TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('approved', 'pending', 'spam', 'trash')),
    created_at   TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX comments_article_id_source_id_idx ON comments (article_id, source_id) WHERE source_id <> '';
-- An article's thread, oldest first.
CREATE INDEX comments_article_id_created_at_idx ON comments (article_id, created_at, id);
CREATE INDEX comments_parent_id_idx ON comments (parent_id);

-- source_id is the attachment's id where it came from ('' when unknown);
-- path is the file under the media directory once downloaded, else ''.
CREATE TABLE attachments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id  TEXT NOT NULL DEFAULT '',
    url        TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    alt        TEXT NOT NULL DEFAULT '',
    caption    TEXT NOT NULL DEFAULT '',
    mime_type  TEXT NOT NULL DEFAULT '',
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    path       TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE UNIQUE INDEX attachments_source_id_idx ON attachments (source_id) WHERE source_id <> '';
CREATE INDEX attachments_article_id_idx ON attachments (article_id);
