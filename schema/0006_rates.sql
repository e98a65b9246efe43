-- mtrack schema, version 6: dated exchange rates, for totals converted into one currency
-- (`report --in USD`, the site's headline). `mtrack rates import` fills it; a small table of
-- annual averages is compiled in (schema/rates.tsv) and used where this one has no rate.
--
-- One row says: on `date` (a partial ISO date: "2024" for an annual average, "2024-03-15"
-- for a daily reference rate), one unit of `base` was worth `rate` units of `currency`. The
-- rate is kept as the decimal text it was given, so nothing is lost to binary floats.
CREATE TABLE rates (
  date     TEXT NOT NULL,
  currency TEXT NOT NULL,
  base     TEXT NOT NULL,
  rate     TEXT NOT NULL,
  source   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (currency, base, date)
) WITHOUT ROWID;
