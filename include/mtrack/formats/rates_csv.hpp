#pragma once

// Files of exchange rates for `mtrack rates import`, in two forms:
//  - the ECB's euro reference-rate CSV (eurofxref.csv, eurofxref-hist.csv): a header
//    "Date,USD,JPY,..." and one row per day ("2024-12-31" or "31 December 2024"), each cell the
//    units of that currency per euro, "N/A" where there is none;
//  - a plain CSV with a header naming the columns date, currency, rate and, optionally, base
//    (default EUR) and source: one rate per row.

#include <string>
#include <string_view>
#include <vector>

#include "mtrack/domain/rates.hpp"

namespace mtrack {

// The rates in `text`; throws mtrack::Error "FILE:LINE: FIELD: message" at the first bad cell,
// so nothing is stored from a bad file.
std::vector<Rate> read_rates_csv(std::string_view text, const std::string& file);

}  // namespace mtrack
