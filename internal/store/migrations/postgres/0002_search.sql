-- 0002_search: full-text search, PostgreSQL edition. search_documents has a
-- namesake in migrations/sqlite/0002_search.sql; the index over it is each
-- engine's own (here tsvector and GIN, there FTS5), which the schema parity
-- test knows.

-- unaccent is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Text search configurations, one per language Pressroom knows, each
-- removing diacritics (São = Sao) before its dictionary. English stems
-- (running = run) and drops the Snowball stop words, the list press
-- keeps for queries too; simple, for every other language, does neither.
CREATE TEXT SEARCH CONFIGURATION pressroom_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION pressroom_english
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION pressroom_simple (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION pressroom_simple
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- pressroom_search_text is the plain text of the sanitised HTML the
-- Markdown pipeline writes: tags become spaces, the entities it writes are
-- decoded, and control characters and runs of white space (Unicode's, as
-- Go's unicode.IsSpace and IsControl have them) become single spaces.
-- SQLite's is the store's searchText, in Go; a test holds them equal.
CREATE FUNCTION pressroom_search_text(html text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN btrim(regexp_replace(
        replace(replace(replace(replace(replace(replace(replace(
            regexp_replace(html,
                '<[^>]*>|[\x01-\x20\x7f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]', ' ', 'g'),
            '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#34;', '"'), '&#39;', ''''), '&nbsp;', ' '),
            '&amp;', '&'),
        ' {2,}', ' ', 'g'));

-- search_documents holds, for every article of any status, the text search
-- reads: title, dek, the names of its authors and terms ("people"), and its
-- body as plain text. config is the text search configuration of the site's
-- language when the row was written. The store rewrites a row in the same
-- transaction as every change to its article, byline or terms, or to the
-- name of one of its authors or terms, so an article is findable, or not,
-- the moment the change commits.
--
-- document weighs title and dek A, authors and terms B, body C, for
-- matching and ranking; head is the title (A), dek (B) and names (C) alone,
-- for the first tier of results and for suggestions. Both are computed by
-- PostgreSQL whenever the row changes and indexed with GIN.
CREATE TABLE search_documents (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    config     regconfig NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    dek        TEXT NOT NULL DEFAULT '',
    people     TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL DEFAULT '',
    document   tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(config, title), 'A') ||
        setweight(to_tsvector(config, dek), 'A') ||
        setweight(to_tsvector(config, people), 'B') ||
        setweight(to_tsvector(config, body), 'C')
    ) STORED,
    head       tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(config, title), 'A') ||
        setweight(to_tsvector(config, dek), 'B') ||
        setweight(to_tsvector(config, people), 'C')
    ) STORED
);

CREATE INDEX search_documents_document_idx ON search_documents USING gin (document);
CREATE INDEX search_documents_head_idx ON search_documents USING gin (head);

-- Index the articles there are: the statement the store runs for each
-- change (store.searchIndex), for all of them, in the site's language.
INSERT INTO search_documents (article_id, config, title, dek, people, body)
SELECT a.id,
    CASE WHEN lower(COALESCE((SELECT value::json ->> 'language' FROM settings WHERE key = 'site'), 'en')) ~ '^en([-_]|$)'
        THEN 'pressroom_english'::regconfig ELSE 'pressroom_simple'::regconfig END,
    a.title, a.dek, trim(
    COALESCE((SELECT string_agg(au.name, ' ' ORDER BY aa.position) FROM article_authors aa
        JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id), '') || ' ' ||
    COALESCE((SELECT string_agg(m.name, ' ' ORDER BY at.position) FROM article_terms at
        JOIN terms m ON m.id = at.term_id WHERE at.article_id = a.id), '')),
    substr(pressroom_search_text(a.body_html), 1, 100000)
FROM articles a;
