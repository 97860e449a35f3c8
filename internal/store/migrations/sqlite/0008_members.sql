-- 0008_members: readers with accounts (issue 7). They sign in by emailed
-- links, so there is no password: a session is a hashed secret in a
-- cookie, an emailed link a hashed single-use token. Namesakes in
-- migrations/postgres/0008_members.sql. (0007 is taken by another change.)

-- email is stored lower case and is the member's key to the outside
-- world; confirmed_at is NULL until the double opt-in link is opened.
-- updated_at moves with every change, for exports and the staff's list.
CREATE TABLE members (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    email        TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'free' CHECK (status IN ('free', 'paid', 'comped')),
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    confirmed_at TEXT
) STRICT;

CREATE INDEX members_created_at_idx ON members (created_at DESC, id DESC);

-- The staff's labels, lower case.
CREATE TABLE member_labels (
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    label     TEXT NOT NULL,
    PRIMARY KEY (member_id, label)
) STRICT;

CREATE INDEX member_labels_label_idx ON member_labels (label);

-- Signed-in browsers: the SHA-256 of the cookie's secret.
CREATE TABLE member_sessions (
    id_hash    TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX member_sessions_member_id_idx ON member_sessions (member_id);

-- Emailed links: the SHA-256 of the link's secret, what it does, and for
-- an email change the new address. A link is deleted when it is used.
CREATE TABLE member_tokens (
    token_hash TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('confirm', 'signin', 'email_change')),
    email      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX member_tokens_member_id_idx ON member_tokens (member_id);
