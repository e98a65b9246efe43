-- mtrack schema, version 4: provenance per field and keys of merged records.
--
-- provenance: where the value of one field of an agreement came from (see Provenance in
-- include/mtrack/model.hpp): the field ("value", "parties[<name>]"), the source by label,
-- the rule that read it ("manual", "import", an extraction rule), the quote's byte offsets
-- in the stored article text, and a claim when that source states something else (a
-- conflict kept for review).
CREATE TABLE provenance (
  agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  field         TEXT NOT NULL,
  source        TEXT NOT NULL DEFAULT '',
  rule          TEXT NOT NULL DEFAULT '',
  start_offset  INTEGER,
  end_offset    INTEGER,
  claim         TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;

-- merged_keys: the key of a record merged into another (`mtrack merge`, `--link`) is a
-- duplicate-of that record and still resolves to it. A key names one agreement at most.
CREATE TABLE merged_keys (
  key           TEXT NOT NULL PRIMARY KEY,
  agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX merged_keys_by_agreement ON merged_keys (agreement_id, position);

-- agreement_parties.name_as_written now holds the name the agreement used for a party when
-- it differs from the organisation's canonical name, else NULL. Rows written before this
-- version hold the canonical name, which reads the same.
