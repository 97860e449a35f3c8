-- 0002_search: full-text search, SQLite edition. search_documents has a
-- namesake in migrations/postgres/0002_search.sql; the index over it is
-- each engine's own (here FTS5, there tsvector and GIN), which the schema
-- parity test knows.
--
-- search_documents holds, for every article of any status, the text search
-- reads: title, dek, the names of its authors and terms ("people"), and its
-- body as plain text (tags dropped, entities decoded, control characters
-- removed, by pressroom_search_text, a function the store registers on
-- every connection). config names the analyzer. The store rewrites a row in
-- the same transaction as every change to its article, byline or terms, or
-- to the name of one of its authors or terms, so an article is findable, or
-- not, the moment the change commits.
CREATE TABLE search_documents (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    config     TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL DEFAULT '',
    dek        TEXT NOT NULL DEFAULT '',
    people     TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL DEFAULT ''
) STRICT;

-- search_fts indexes search_documents as "external content": FTS5 keeps the
-- index only and reads the text back from search_documents for snippets.
-- Tokens are Unicode words with diacritics removed (São = Sao) and stemmed
-- by the Porter stemmer (English: running = run). Prefix indexes on the
-- first two and three characters keep search as you type fast.
CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, dek, people, body,
    content = 'search_documents', content_rowid = 'article_id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- search_head indexes the same rows' title, dek and names alone: the
-- first tier of results and suggestions read it, which is a small fraction
-- of the work of reading search_fts when a common word matches half the
-- archive. (PostgreSQL keeps a head vector for the same reasons.)
CREATE VIRTUAL TABLE search_head USING fts5 (
    title, dek, people,
    content = 'search_documents', content_rowid = 'article_id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- The triggers keep the indexes in step with their content table, in the
-- same transaction. An external-content index removes a row by being told
-- the text it indexed, which the old row still has. A change of config
-- alone leaves the indexes alone: SQLite has a single analyzer.
CREATE TRIGGER search_documents_insert AFTER INSERT ON search_documents BEGIN
    INSERT INTO search_fts (rowid, title, dek, people, body)
    VALUES (new.article_id, new.title, new.dek, new.people, new.body);
    INSERT INTO search_head (rowid, title, dek, people)
    VALUES (new.article_id, new.title, new.dek, new.people);
END;

CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, dek, people, body)
    VALUES ('delete', old.article_id, old.title, old.dek, old.people, old.body);
    INSERT INTO search_head (search_head, rowid, title, dek, people)
    VALUES ('delete', old.article_id, old.title, old.dek, old.people);
END;

CREATE TRIGGER search_documents_update AFTER UPDATE OF article_id, title, dek, people, body ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, dek, people, body)
    VALUES ('delete', old.article_id, old.title, old.dek, old.people, old.body);
    INSERT INTO search_fts (rowid, title, dek, people, body)
    VALUES (new.article_id, new.title, new.dek, new.people, new.body);
    INSERT INTO search_head (search_head, rowid, title, dek, people)
    VALUES ('delete', old.article_id, old.title, old.dek, old.people);
    INSERT INTO search_head (rowid, title, dek, people)
    VALUES (new.article_id, new.title, new.dek, new.people);
END;

-- Index the articles there are: the statement the store runs for each
-- change (store.searchIndex), for all of them.
INSERT INTO search_documents (article_id, config, title, dek, people, body)
SELECT a.id, 'porter', a.title, a.dek, trim(
    COALESCE((SELECT group_concat(au.name, ' ' ORDER BY aa.position) FROM article_authors aa
        JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id), '') || ' ' ||
    COALESCE((SELECT group_concat(m.name, ' ' ORDER BY at.position) FROM article_terms at
        JOIN terms m ON m.id = at.term_id WHERE at.article_id = a.id), '')),
    substr(pressroom_search_text(a.body_html), 1, 100000)
FROM articles a;
