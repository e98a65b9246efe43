#pragma once

// The static site of `mtrack site OUT/`: a self-contained set of pages built from agreements,
// to publish from CI with no server (docs/ci.md).
//
//   index.html            headline totals (binding and non-binding apart, per currency, and in
//                         one currency with the rates used when asked), charts, the table
//   a/KEY.html            one page per agreement (and a redirect page per merged key)
//   mineral/, org/, country/, year/   one page per mineral or group, organisation, country, year
//   minerals.html, organisations.html, countries.html, years.html   their lists
//   search.html           search in the browser; data/search.js is loaded on the first query
//   data/rows.js          the whole table, loaded by the index when it lists only some rows
//   feed.atom             Atom feed (RFC 4287) of the agreements, newest change first
//   agreements.csv|json|yaml   the data, written by the export writers
//   assets/site.css, assets/site.js
//
// No page refers to anything outside the site. Every text from the data is escaped, links are
// made only of http(s) addresses, and the scripts build their output with textContent. The
// same agreements and options give the same bytes.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "mtrack/domain/minerals.hpp"
#include "mtrack/domain/model.hpp"
#include "mtrack/domain/rates.hpp"
#include "mtrack/storage/repository.hpp"

namespace mtrack::site {

struct SiteInput {
  std::vector<Agreement> agreements;         // full detail, as `list` would select them
  std::vector<Organisation> organisations;   // with aliases; only those party to one are used
  std::vector<PartyAliases> learned_aliases;  // the downloads' organisations (as export writes)
  const MineralTable* minerals = nullptr;     // MineralTable::builtin() when null
  RateTable rates;
};

struct SiteOptions {
  std::string title = "Critical-minerals agreements";
  PartialDate as_of;          // --as-of; empty: the data is as of its latest date
  std::string scope;          // the filters in words ("mineral cobalt"), empty when none
  std::string convert_to;     // ISO code: the headline also in this currency
  std::string base_url;       // where the site is published; the feed's links are absolute then
  std::size_t table_rows = 500;     // rows the index lists itself; the rest load on demand
  std::size_t feed_entries = 1000;  // newest changes in the feed
};

struct SiteStats {
  std::size_t files = 0;
  std::size_t bytes = 0;
  std::size_t index_bytes = 0;
};

// The file name (without ".html") of an agreement's page: the key with every byte other than
// a-z, 0-9, '-' and '_' written as "~XX", so any key gets one stable address.
std::string page_name(std::string_view key);

// The feed's `updated` for an agreement: the day of its latest dated fact (announced, signed,
// an event, a source's publication; 1970-01-01 when it has none), with a time of day taken from
// a SHA-256 of the record as exported. It moves only when the record changes.
std::string feed_updated(const Agreement& a);

// Writes the site into `dir` (created; it should be empty).
SiteStats write_site(const std::filesystem::path& dir, const SiteInput& input,
                     const SiteOptions& options);

}  // namespace mtrack::site
