-- mtrack schema, version 2: a record of the migrations applied to this database.
--
-- One row per schema version with the time (UTC) this database reached it. mtrack writes the
-- row in the same transaction as the migration. Versions applied before this table existed
-- are listed with no time.
CREATE TABLE schema_history (
  version     INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  applied_at  TEXT
);
INSERT INTO schema_history (version, name, applied_at) VALUES (1, '0001_init.sql', NULL);
