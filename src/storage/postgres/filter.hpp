#pragma once

// A Filter as PostgreSQL SQL: the WHERE clause over `agreements a` (fixed fragments, every
// value bound, each member answered by an index) and the listing order (term for term the
// indexes agreements_by_listing_order and _desc).

#include <string>

#include "mtrack/storage/repository.hpp"
#include "storage/postgres/connection.hpp"

namespace mtrack::postgres {

// " WHERE ..." (or "") for `f`, its values appended to `params` ($n numbered after those
// already there). Throws UsageError for a --search query that cannot be read.
std::string where_clause(const Filter& f, Params& params);
// " ORDER BY ..." for f.sort and f.reverse.
std::string order_clause(const Filter& f);

}  // namespace mtrack::postgres
