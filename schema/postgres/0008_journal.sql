-- mtrack schema for PostgreSQL, version 8: the tables of the change journal (schema/0008 for
-- SQLite), so that both kinds stay at one version. The PostgreSQL backend does not journal
-- yet: `mtrack log` lists nothing there and `mtrack undo` says it cannot; the tables are
-- here so that a later mtrack can start writing them without another version.
CREATE TABLE operations (
  id       BIGINT PRIMARY KEY,
  at       TEXT NOT NULL,
  command  TEXT NOT NULL,
  changes  BIGINT NOT NULL DEFAULT 0,
  keys     TEXT
);
CREATE TABLE journal (
  seq           BIGSERIAL PRIMARY KEY,
  operation_id  BIGINT NOT NULL,
  agreement_id  BIGINT,
  key           TEXT,
  undo          TEXT NOT NULL
);
CREATE INDEX journal_by_operation ON journal (operation_id, seq);
