-- 0003_republishing: articles may opt out of the republishing offer, and
-- visitors may ask to license an article for uses the policy does not
-- cover. Namesakes in migrations/postgres/0003_republishing.sql.

ALTER TABLE articles ADD COLUMN no_republish INTEGER NOT NULL DEFAULT 0;

CREATE TABLE licensing_requests (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    outlet     TEXT NOT NULL,
    intended_use TEXT NOT NULL,
    message    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

-- Editors read the newest first.
CREATE INDEX licensing_requests_created_at_idx ON licensing_requests (created_at DESC, id DESC);
