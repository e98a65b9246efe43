#pragma once

// `mtrack check`: every problem in a set of agreements, not just the first. The reader
// (interchange.hpp) already reports schema, type, enum, mineral and currency problems; this
// module adds the checks that need a whole agreement or the whole set:
//  - ceiling below value (same currency only);
//  - impossible dates: expiry before signing or announcement, events out of order, dates
//    after `today` (announced, signed, events, source dates), expiry more than a century on;
//  - duplicate keys across files (within one file the reader reports them);
//  - probable duplicates (reconcile.hpp): same parties (aliases resolved), same type, same
//    value or overlapping dates, from different sources, unless one links to the other;
//  - related keys that name no agreement of the set;
//  - with `stale`, open agreements with nothing dated for that long (history.hpp).

#include <string>
#include <vector>

#include "mtrack/domain/model.hpp"
#include "mtrack/formats/inputs.hpp"
#include "mtrack/util/diagnostic.hpp"

namespace mtrack {

// One agreement to check and where it came from. `node` (the agreement's tree, may be
// null) gives each problem its line and column; without it the agreement's `line` is used,
// and without a line the field names the agreement by key.
struct CheckedAgreement {
  const Agreement* agreement = nullptr;
  std::string file;
  int line = 0;
  const Node* node = nullptr;
};

struct CheckOptions {
  PartialDate today;  // dates after it are in the future; empty: no such check
  // An ISO 8601 duration ("P730D"): agreements still open (not completed or terminated)
  // whose last event, signing or announcement lies longer than this before `today` are
  // stale. Empty: no such check. Undated agreements are never stale.
  std::string stale;
  // Extra name → canonical organisation pairs (from a database); the built-in
  // organisations and their aliases are always used.
  std::vector<std::pair<std::string, std::string>> aliases;
};

// The semantic checks over a whole set. Diagnostics come sorted (sort_diagnostics).
std::vector<Diagnostic> check_agreements(const std::vector<CheckedAgreement>& set,
                                         const CheckOptions& options);

// Reader diagnostics of every file plus check_agreements over all of them together.
std::vector<Diagnostic> check_files(const std::vector<InputFile>& files,
                                    const CheckOptions& options);

// Today's date in UTC.
PartialDate today_utc();

}  // namespace mtrack
