-- Every committed write that readers can see counts here (seq), so that
-- each process serving the site can tell, by polling, that a write it did
-- not make itself (a command run beside it, another node) has changed
-- pages it keeps in its cache. One row, made by the first such write.
CREATE TABLE changes (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);
