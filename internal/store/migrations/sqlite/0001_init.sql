-- 0001_init: Pressroom's first schema, SQLite edition. Every table and column
-- here has a namesake in migrations/postgres/0001_init.sql; a test checks it.
--
-- Times are TEXT in UTC, fixed width (2006-01-02T15:04:05.000000Z), so that
-- comparing and sorting the text compares and sorts the times. Lists (author
-- links, article fields) are JSON in TEXT: they are always read and written
-- whole, never queried into. Tables are STRICT so that a value of the wrong
-- type is an error rather than silently stored. AUTOINCREMENT keeps ids of
-- deleted rows from being handed out again, as PostgreSQL identities do.

-- settings holds the site (as JSON under "site") and the store's own
-- bookkeeping, such as the Markdown renderer version of the stored HTML.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE taxonomies (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    slug     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    label    TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE terms (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    taxonomy_id      INTEGER NOT NULL REFERENCES taxonomies (id) ON DELETE CASCADE,
    slug             TEXT NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    parent_id        INTEGER REFERENCES terms (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (taxonomy_id, slug)
) STRICT;

CREATE INDEX terms_parent_id_idx ON terms (parent_id);

CREATE TABLE authors (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    bio        TEXT NOT NULL DEFAULT '',
    bio_html   TEXT NOT NULL DEFAULT '',
    photo      TEXT NOT NULL DEFAULT '',
    links      TEXT NOT NULL DEFAULT '[]',
    email      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE pages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    body_html  TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE articles (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    slug             TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    dek              TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL DEFAULT '',
    body_html        TEXT NOT NULL DEFAULT '',
    excerpt          TEXT NOT NULL DEFAULT '',
    word_count       INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    featured         INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
    language         TEXT NOT NULL DEFAULT '',
    published_at     TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    image_src        TEXT NOT NULL DEFAULT '',
    image_alt        TEXT NOT NULL DEFAULT '',
    image_credit     TEXT NOT NULL DEFAULT '',
    source_name      TEXT NOT NULL DEFAULT '',
    source_url       TEXT NOT NULL DEFAULT '',
    copyright_holder TEXT NOT NULL DEFAULT '',
    copyright_year   INTEGER NOT NULL DEFAULT 0,
    license          TEXT NOT NULL DEFAULT '',
    license_html     TEXT NOT NULL DEFAULT '',
    fields           TEXT NOT NULL DEFAULT '[]',
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Listings: published articles, newest first.
CREATE INDEX articles_status_published_at_idx ON articles (status, published_at DESC, id DESC);
-- LastModified.
CREATE INDEX articles_updated_at_idx ON articles (updated_at);

CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, author_id)
) STRICT;

-- An author's articles.
CREATE INDEX article_authors_author_id_idx ON article_authors (author_id, article_id);

CREATE TABLE article_terms (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    term_id    INTEGER NOT NULL REFERENCES terms (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, term_id)
) STRICT;

-- A term's articles.
CREATE INDEX article_terms_term_id_idx ON article_terms (term_id, article_id);

INSERT INTO taxonomies (slug, name, label, position) VALUES
    ('regions', 'Regions', 'Region', 1),
    ('themes', 'Themes', 'Theme', 2),
    ('reports', 'In-depth Reports', 'In-depth Report', 3);
