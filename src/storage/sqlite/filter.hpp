#pragma once

// A Filter as SQL: the WHERE clause over `agreements a` (fixed fragments, every value bound),
// the listing order, and the full-text query. The members that depend on an agreement's state
// (status, dates, value) are also given as a predicate over an Agreement for --as-of
// (storage/shared.hpp), which must give the same answers.

#include <string>
#include <vector>

#include "mtrack/storage/repository.hpp"
#include "storage/shared.hpp"
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

}  // namespace mtrack::sqlite
