-- mtrack schema, version 8: the change journal behind `mtrack log` and `mtrack undo`.
--
-- operations: one row per command that changed the database (when, in UTC, and the command
-- line), with the number of rows it changed and the keys of the agreements it touched.
-- journal: for each row an operation inserted, updated or deleted, the statement that puts
-- it back (written by triggers, in the same transaction as the change), and the agreement it
-- belongs to. Only the newest 100 operations are kept.
CREATE TABLE operations (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  command  TEXT NOT NULL,
  changes  INTEGER NOT NULL DEFAULT 0,
  keys     TEXT
);
CREATE TABLE journal (
  seq           INTEGER PRIMARY KEY,
  operation_id  INTEGER NOT NULL,
  agreement_id  INTEGER,
  key           TEXT,
  undo          TEXT NOT NULL
);
CREATE INDEX journal_by_operation ON journal (operation_id, seq);
