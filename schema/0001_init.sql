-- mtrack schema, version 1.
--
-- Migrations are append-only: a released file is never edited; changes go in a new
-- NNNN_name.sql. Each runs in one transaction and sets PRAGMA user_version to its number.
-- The mineral and organisation tables are filled from schema/minerals.tsv and
-- schema/organisations.tsv by the program (refreshed whenever those files change).

-- Minerals: canonical names, symbols, kinds and list flags; aliases and group membership.
CREATE TABLE minerals (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE,
  symbol    TEXT,
  kind      TEXT NOT NULL CHECK (kind IN ('element', 'commodity', 'group', 'set')),
  usgs2025  INTEGER NOT NULL DEFAULT 0,
  usgs2022  INTEGER NOT NULL DEFAULT 0,
  eu2023    TEXT NOT NULL DEFAULT 'no'
);
CREATE TABLE mineral_aliases (
  alias       TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  mineral_id  INTEGER NOT NULL REFERENCES minerals(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE mineral_groups (
  group_id   INTEGER NOT NULL REFERENCES minerals(id) ON DELETE CASCADE,
  member_id  INTEGER NOT NULL REFERENCES minerals(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, member_id)
) WITHOUT ROWID;

-- Organisations (companies, agencies, governments) and the other names they go by.
CREATE TABLE organisations (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
  country  TEXT,
  kind     TEXT NOT NULL DEFAULT 'company'
);
CREATE TABLE organisation_aliases (
  alias            TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  organisation_id  INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE
) WITHOUT ROWID;

-- Agreements. Money is stored exactly as integer hundredths of the major unit. Dates are
-- partial ISO dates as text; date_first/date_last are the yyyymmdd bounds of the filing
-- date (signed, else announced), so partial dates sort and filter by the days they span.
CREATE TABLE agreements (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  key                  TEXT NOT NULL UNIQUE,
  type                 TEXT NOT NULL CHECK (type IN ('mou', 'loan', 'offtake', 'contract', 'loi',
                         'grant', 'investment', 'jv', 'framework', 'partnership', 'merger',
                         'other')),
  title                TEXT NOT NULL DEFAULT '',
  status               TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('proposed', 'signed',
                         'approved', 'completed', 'terminated', 'unknown')),
  binding              INTEGER CHECK (binding IN (0, 1)),
  value_minor          INTEGER,
  value_currency       TEXT,
  value_approximate    INTEGER NOT NULL DEFAULT 0,
  value_as_written     TEXT,
  ceiling_minor        INTEGER,
  ceiling_currency     TEXT,
  ceiling_approximate  INTEGER NOT NULL DEFAULT 0,
  ceiling_as_written   TEXT,
  term                 TEXT,
  announced            TEXT,
  signed               TEXT,
  expires              TEXT,
  date_first           INTEGER,
  date_last            INTEGER,
  site                 TEXT,
  region               TEXT,
  country              TEXT,
  notes                TEXT NOT NULL DEFAULT '',
  created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK ((value_minor IS NULL) = (value_currency IS NULL)),
  CHECK ((ceiling_minor IS NULL) = (ceiling_currency IS NULL))
);
CREATE INDEX agreements_by_date ON agreements (date_first, id);
CREATE INDEX agreements_by_date_last ON agreements (date_last);
CREATE INDEX agreements_by_type ON agreements (type);
CREATE INDEX agreements_by_status ON agreements (status);
CREATE INDEX agreements_by_country ON agreements (country);
CREATE INDEX agreements_by_value ON agreements (value_currency, value_minor);

-- Children of an agreement, kept in the order given (position).
CREATE TABLE agreement_parties (
  agreement_id     INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  organisation_id  INTEGER NOT NULL REFERENCES organisations(id),
  role             TEXT NOT NULL,
  name_as_written  TEXT,
  PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;
CREATE INDEX agreement_parties_by_organisation ON agreement_parties (organisation_id, agreement_id);

CREATE TABLE agreement_minerals (
  agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  mineral_id    INTEGER NOT NULL REFERENCES minerals(id),
  PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;
CREATE INDEX agreement_minerals_by_mineral ON agreement_minerals (mineral_id, agreement_id);

CREATE TABLE agreement_stages (
  agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  stage         TEXT NOT NULL,
  PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;

-- Where facts come from. An article's text is stored (and hashed) when mtrack read it.
CREATE TABLE sources (
  id         INTEGER PRIMARY KEY,
  title      TEXT NOT NULL DEFAULT '',
  publisher  TEXT NOT NULL DEFAULT '',
  url        TEXT NOT NULL DEFAULT '',
  published  TEXT,
  sha256     TEXT NOT NULL DEFAULT '',
  body       TEXT
);
CREATE INDEX sources_by_url ON sources (url);
CREATE INDEX sources_by_sha256 ON sources (sha256);
CREATE INDEX sources_by_title ON sources (title);

CREATE TABLE agreement_sources (
  agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  source_id     INTEGER NOT NULL REFERENCES sources(id),
  PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;
CREATE INDEX agreement_sources_by_source ON agreement_sources (source_id);

CREATE TABLE evidence (
  agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  text          TEXT NOT NULL,
  source        TEXT NOT NULL DEFAULT '',
  start_offset  INTEGER,
  end_offset    INTEGER,
  PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;

-- The dated history of an agreement, oldest first.
CREATE TABLE events (
  agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  date          TEXT,
  status        TEXT,
  note          TEXT NOT NULL DEFAULT '',
  source        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;

CREATE TABLE related (
  agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  key           TEXT NOT NULL,
  relation      TEXT NOT NULL,
  PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;

CREATE TABLE tags (
  agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  tag           TEXT NOT NULL,
  PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;
CREATE INDEX tags_by_tag ON tags (tag, agreement_id);

-- Full-text search over what a person would search for; rowid is the agreement id.
CREATE VIRTUAL TABLE agreement_search USING fts5(
  title, notes, parties, evidence, tokenize = 'unicode61 remove_diacritics 2');

-- Bookkeeping: hashes of the data tables last loaded, and the like.
CREATE TABLE meta (
  name   TEXT NOT NULL PRIMARY KEY,
  value  TEXT NOT NULL
) WITHOUT ROWID;
