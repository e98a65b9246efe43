-- mtrack schema, version 9: nothing changes in a SQLite database.
--
-- Version 9 is the version at which the PostgreSQL backend writes the change journal too
-- (schema/postgres/0009_journal_on_postgres.sql: its triggers and the shape of its journal
-- rows). SQLite's journal triggers are temporary, made by each connection that writes
-- (src/storage/sqlite/journal.cpp), so this file only keeps the two kinds of database at one
-- version number.
SELECT 1;
