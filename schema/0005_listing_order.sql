-- mtrack schema, version 5: an index in the order agreements are listed.
--
-- list and export print agreements by filing date, undated ones last, then by id. Without an
-- index in exactly that order SQLite reads every row and sorts them before printing the
-- first, so `list --limit 1` grew with the database (35 ms at 20,000 agreements) and an
-- export of a million rows built a temporary sorter. The expression must match the ORDER BY
-- of the repository's listing query term for term.
CREATE INDEX agreements_by_listing_order
  ON agreements (date_first IS NULL, date_first, date_last, id);

-- A date range is a range of that index's second column once "dated" is said, so the index
-- on (date_first, id) has no use left.
DROP INDEX agreements_by_date;
