-- 0005_newsroom: the staff and their work. Accounts, sessions, Admin API
-- tokens and the audit log; the editorial workflow's statuses, revisions,
-- notes and preview links; uploaded media; webhooks and their deliveries.
-- Namesakes in migrations/postgres/0005_newsroom.sql.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
    author_id     INTEGER REFERENCES authors (id) ON DELETE SET NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    totp_secret   TEXT NOT NULL DEFAULT '',
    -- The last TOTP time step a code was accepted for: a code is good once.
    totp_step     INTEGER NOT NULL DEFAULT 0,
    totp_enabled  INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,
    last_login_at TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;

-- One-time codes that stand in for a lost second factor; hashed.
CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TEXT,
    UNIQUE (user_id, code_hash)
) STRICT;

-- Server-side sessions. The cookie holds a random secret; only its hash is
-- stored, so a copy of the database signs nobody in. A session is
-- verified once every factor the user has was given.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    verified     INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
) STRICT;

CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
) STRICT;

CREATE INDEX password_resets_user_id_idx ON password_resets (user_id);

-- The actor's name is kept as it was, so the log still reads true after
-- the user is renamed or deleted.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    ip      TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);

-- The workflow's statuses. SQLite cannot change a CHECK constraint in
-- place, so articles is rebuilt (foreign keys are off during migrations,
-- see migrate.go). owner_id is the user who created the article, for
-- "own article" rights; trashed_at starts the 30 days of the trash.
CREATE TABLE articles_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    slug             TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    dek              TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL DEFAULT '',
    body_html        TEXT NOT NULL DEFAULT '',
    excerpt          TEXT NOT NULL DEFAULT '',
    word_count       INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'scheduled', 'published', 'unpublished', 'trash')),
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
    version          INTEGER NOT NULL DEFAULT 1,
    no_republish     INTEGER NOT NULL DEFAULT 0,
    owner_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    trashed_at       TEXT
) STRICT;

INSERT INTO articles_new (id, slug, title, dek, body, body_html, excerpt, word_count, status, featured,
    language, published_at, created_at, updated_at, image_src, image_alt, image_credit, source_name,
    source_url, copyright_holder, copyright_year, license, license_html, fields, version, no_republish)
SELECT id, slug, title, dek, body, body_html, excerpt, word_count, status, featured,
    language, published_at, created_at, updated_at, image_src, image_alt, image_credit, source_name,
    source_url, copyright_holder, copyright_year, license, license_html, fields, version, no_republish
FROM articles;

DROP TABLE articles;
ALTER TABLE articles_new RENAME TO articles;

CREATE INDEX articles_status_published_at_idx ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_updated_at_idx ON articles (updated_at);
CREATE INDEX articles_owner_id_idx ON articles (owner_id);

-- Every save of an article keeps its content as JSON (press.Revision).
CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author     TEXT NOT NULL,
    autosave   INTEGER NOT NULL DEFAULT 0 CHECK (autosave IN (0, 1)),
    note       TEXT NOT NULL DEFAULT '',
    snapshot   TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX revisions_article_id_idx ON revisions (article_id, id DESC);

CREATE TABLE editorial_notes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id   INTEGER REFERENCES editorial_notes (id) ON DELETE CASCADE,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author      TEXT NOT NULL,
    body        TEXT NOT NULL,
    anchor      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX editorial_notes_article_id_idx ON editorial_notes (article_id, id);

CREATE TABLE preview_links (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX preview_links_article_id_idx ON preview_links (article_id);

-- Uploaded images. path is the original's key in the media storage;
-- variants (resized copies for srcset) are JSON: [{"path","width","height"}].
CREATE TABLE media (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    path        TEXT NOT NULL UNIQUE,
    filename    TEXT NOT NULL,
    mime_type   TEXT NOT NULL,
    size        INTEGER NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    alt         TEXT NOT NULL DEFAULT '',
    caption     TEXT NOT NULL DEFAULT '',
    credit      TEXT NOT NULL DEFAULT '',
    variants    TEXT NOT NULL DEFAULT '[]',
    sha256      TEXT NOT NULL,
    uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX media_created_at_idx ON media (created_at DESC, id DESC);
CREATE INDEX media_sha256_idx ON media (sha256);

CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    events     TEXT NOT NULL DEFAULT '[]',
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

-- The outbox: a delivery row is written in the same transaction as the
-- change it reports, so an event is never lost nor invented; a worker sends
-- due rows and reschedules failures with backoff.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_status     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    delivered_at    TEXT,
    failed          INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1))
) STRICT;

CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at);
CREATE INDEX webhook_deliveries_webhook_id_idx ON webhook_deliveries (webhook_id, id DESC);
