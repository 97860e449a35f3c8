-- 0006_comments: readers' comments written here, and their moderation.
-- Imported comments (0004) keep their rows; the new columns default so
-- that they read as approved-or-whatever-they-were, unedited, unflagged.
-- Namesakes in migrations/postgres/0006_comments.sql.

-- body_html is rendered and sanitised at write time (markdown.Comment);
-- updated_at moves with every change a reader could see, so an article
-- page's Last-Modified can follow its own thread only. edit_token_hash is
-- the SHA-256 of the secret the writer keeps in a cookie to edit or
-- delete their comment for a while; '' for imported comments.
ALTER TABLE comments ADD COLUMN body_html TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN updated_at TEXT;
ALTER TABLE comments ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
ALTER TABLE comments ADD COLUMN edited_at TEXT;
ALTER TABLE comments ADD COLUMN edit_token_hash TEXT NOT NULL DEFAULT '';
UPDATE comments SET updated_at = created_at;

-- The moderation queue, newest first per status.
CREATE INDEX comments_status_created_at_idx ON comments (status, created_at DESC, id DESC);
-- Duplicate checks and "has this address an approved comment".
CREATE INDEX comments_author_email_idx ON comments (author_email);
CREATE INDEX comments_author_ip_idx ON comments (author_ip, created_at);

-- One report per reader (reporter is a hash of their IP) per comment.
CREATE TABLE comment_flags (
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    reporter   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (comment_id, reporter)
) STRICT;

-- Bans: an email address (lower case) or an IP address or CIDR range.
CREATE TABLE comment_bans (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('email', 'ip')),
    value      TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, value)
) STRICT;

-- Guests who confirmed their email address (lower case), once for all
-- their comments.
CREATE TABLE commenters (
    email       TEXT PRIMARY KEY,
    verified_at TEXT,
    created_at  TEXT NOT NULL
) STRICT;

-- Pending confirmations: the SHA-256 of the token mailed to the address.
CREATE TABLE commenter_tokens (
    token_hash TEXT PRIMARY KEY,
    email      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX commenter_tokens_email_idx ON commenter_tokens (email);

-- An article's own comment mode; '' means the site's.
ALTER TABLE articles ADD COLUMN comments_mode TEXT NOT NULL DEFAULT ''
    CHECK (comments_mode IN ('', 'open', 'members', 'closed'));
