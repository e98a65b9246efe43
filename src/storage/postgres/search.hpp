#pragma once

// --search on PostgreSQL: the query language SQLite's FTS5 reads (filter.hpp there), parsed
// here and written as a tsquery for to_tsquery('mtrack_search', ...), which stems each word as
// the index did. Words are ANDed when written side by side ("rare earth"); "quoted phrases"
// match words in that order; a trailing * makes a prefix (mag*); title:, notes:, parties: and
// evidence: look in one field only (the tsvector's weights A, B, C, D); AND, OR, NOT (upper
// case) and parentheses combine them, with FTS5's precedence: side by side, then NOT (binary:
// "a NOT b"), then AND, then OR. A parenthesised group cannot stand side by side with a word,
// as in FTS5.

#include <string>

namespace mtrack::postgres {

// The tsquery text for a --search query. Throws mtrack::UsageError naming what is wrong when
// the query cannot be read (an unterminated quote, an operator with nothing on one side,
// unbalanced parentheses), as SQLite's FTS5 refuses the same queries.
std::string search_tsquery(const std::string& query);

}  // namespace mtrack::postgres
