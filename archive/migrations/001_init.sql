-- bantin catalog, version 1. Times are INTEGER Unix nanoseconds (UTC); 0 or NULL = unknown.

CREATE TABLE warc_files (
    name       TEXT PRIMARY KEY,          -- base name under <data>/warc/
    site       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    closed_at  INTEGER,                   -- NULL while being written (or after a crash)
    size       INTEGER NOT NULL DEFAULT 0 -- bytes at close
);

CREATE TABLE captures (
    id             INTEGER PRIMARY KEY,
    url            TEXT NOT NULL,
    site           TEXT NOT NULL DEFAULT '',
    fetched_at     INTEGER NOT NULL,
    status         INTEGER NOT NULL,
    content_type   TEXT NOT NULL DEFAULT '',
    payload_digest TEXT NOT NULL DEFAULT '',
    warc_file      TEXT NOT NULL,
    offset         INTEGER NOT NULL,
    length         INTEGER NOT NULL,
    record_type    TEXT NOT NULL,          -- response or revisit
    record_id      TEXT NOT NULL,          -- WARC-Record-ID
    refers_to      INTEGER,                -- for revisits: the capture holding the payload
    run_id         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX captures_url ON captures (url, fetched_at);
CREATE INDEX captures_url_digest ON captures (url, payload_digest) WHERE record_type = 'response';
CREATE UNIQUE INDEX captures_file_offset ON captures (warc_file, offset);
CREATE INDEX captures_site ON captures (site);

CREATE TABLE articles (
    id              TEXT PRIMARY KEY,       -- bantin.ArticleID(canonical_url)
    canonical_url   TEXT NOT NULL UNIQUE,
    site            TEXT NOT NULL,
    first_seen      INTEGER NOT NULL,
    last_seen       INTEGER NOT NULL,
    gone_at         INTEGER,
    current_version INTEGER NOT NULL,
    published_at    INTEGER                 -- of the current version, for date filters
);
CREATE INDEX articles_site ON articles (site, id);

CREATE TABLE versions (
    article_id   TEXT NOT NULL REFERENCES articles (id),
    n            INTEGER NOT NULL,
    capture_id   INTEGER NOT NULL,
    captured_at  INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    title        TEXT NOT NULL,
    published    TEXT NOT NULL,             -- bantin.Timestamp string form
    author       TEXT NOT NULL,
    lead         TEXT NOT NULL,
    text         TEXT NOT NULL,
    images       TEXT NOT NULL,             -- JSON
    attachments  TEXT NOT NULL,             -- JSON
    article_json TEXT NOT NULL,             -- the whole bantin.Article
    PRIMARY KEY (article_id, n)
);

CREATE TABLE runs (
    id        INTEGER PRIMARY KEY,
    site      TEXT NOT NULL,
    started   INTEGER NOT NULL,
    finished  INTEGER,
    status    TEXT NOT NULL,
    fetched   INTEGER NOT NULL DEFAULT 0,
    new       INTEGER NOT NULL DEFAULT 0,
    changed   INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    gone      INTEGER NOT NULL DEFAULT 0,
    errors    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_site ON runs (site, id);

CREATE TABLE frontier (
    url           TEXT PRIMARY KEY,
    site          TEXT NOT NULL,
    depth         INTEGER NOT NULL DEFAULT 0,
    kind          TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL,
    next_due      INTEGER NOT NULL DEFAULT 0,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_status   INTEGER NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0,
    last_fetched  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX frontier_due ON frontier (site, state, depth, next_due);
