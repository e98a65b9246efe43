-- mtrack schema, version 7: an index for the duplicate guard, and search by word stems.
--
-- signature: what a probable duplicate must share with its original (reconcile.hpp), the type
-- and the set of parties, as "type:id,id,..." with the organisation ids ascending. The guard
-- of import, add and extract --commit looks candidates up by it instead of scanning every
-- agreement of the type. mtrack writes it with every agreement (and rewrites it when two
-- organisations are merged); here it is computed for the agreements already stored.
ALTER TABLE agreements ADD COLUMN signature TEXT NOT NULL DEFAULT '';
UPDATE agreements SET signature = type || ':' || coalesce((
  SELECT group_concat(organisation_id, ',') FROM (
    SELECT DISTINCT p.organisation_id FROM agreement_parties p
    WHERE p.agreement_id = agreements.id ORDER BY p.organisation_id)), '');
CREATE INDEX agreements_by_signature ON agreements (signature, id);

-- The search index stems English words (Porter's algorithm), so that "magnets" finds
-- "magnet" and "financing" finds "finance"; rebuilt from the rows of the old one.
CREATE VIRTUAL TABLE agreement_search_stemmed USING fts5(
  title, notes, parties, evidence, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO agreement_search_stemmed (rowid, title, notes, parties, evidence)
  SELECT rowid, title, notes, parties, evidence FROM agreement_search;
DROP TABLE agreement_search;
ALTER TABLE agreement_search_stemmed RENAME TO agreement_search;
