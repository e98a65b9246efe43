#pragma once

// Pass 5 of mtrack extract: one agreement per deal. Mentions of one deal across the article
// (its name, an alias or a descriptor for a party, the amount again, a later sentence about
// "the loan") become one agreement:
//   - a draft joins an earlier one of its type whose parties include its own or are included
//     in them, unless their amounts differ (a conversion in another currency does not count);
//   - a draft whose type the text did not name joins an earlier one with the same parties;
//   - an anaphoric draft ("the agreement has a term of ten years") adds what it says to the
//     most recent deal it fits and never stands alone;
//   - a headline adds nothing new when the body states its deal (but its amount, when the
//     body's deal of that type and parties has none), and stands alone only when the body does
//     not;
//   - "each company will get $X", "all the loans run for ten years" add to every deal of the
//     group stated last; "the second LOI, with X" joins the funder's group of letters.

#include <vector>

#include "extract/fields.hpp"

namespace mtrack::extract::detail {

std::vector<Draft> merge_drafts(std::vector<Draft> drafts, const EntityTable& entities);

}  // namespace mtrack::extract::detail
