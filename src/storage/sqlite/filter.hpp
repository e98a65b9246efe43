#pragma once

// A Filter as SQL: the WHERE clause over `agreements a` (fixed fragments, every value bound),
// the listing order, and the full-text query. The members that depend on an agreement's state
// (status, dates, value) are also given as a predicate over an Agreement, for --as-of, where
// the state is computed (history.hpp: as_of) rather than stored; the two forms sit together
// here, and a test holds them to the same answers.

#include <string>
#include <vector>

#include "mtrack/storage/repository.hpp"
#include "storage/sqlite/connection.hpp"

namespace mtrack::sqlite {

// " WHERE ..." (or "") for `f`, its values appended to `binds`.
std::string where_clause(const Filter& f, std::vector<Bind>& binds);
// " ORDER BY ..." for f.sort and f.reverse: the listing order, term for term the index
// agreements_by_listing_order for SortKey::date.
std::string order_clause(const Filter& f);

// The FTS5 query for a --search text: words, "phrases", prefixes (mag*), AND/OR/NOT,
// parentheses and column filters (title:) as FTS5 reads them; a word FTS5 would not take as
// one (co-op, US$400) is searched as the phrase of its parts.
std::string search_query(const std::string& text);

// The filter without the members that depend on the state (statuses, since, until,
// min_value, max_value), the limit and the order: what selects the candidates for --as-of.
Filter state_independent(const Filter& f);
// Whether `state` passes the state-dependent members of `f`, as where_clause would decide
// for an agreement stored so.
bool state_matches(const Filter& f, const Agreement& state);
// A key whose byte order is order_clause's order for `a`.
std::string order_key(const Filter& f, const Agreement& a);

}  // namespace mtrack::sqlite
