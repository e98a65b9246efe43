#pragma once

// What mtrack accepts in an agreement, whichever way it comes in (add, edit, import, extract):
// one set of rules, so that whatever is stored exports, and whatever is exported imports back.
//
//  - every text field is valid UTF-8;
//  - amounts are not negative and below Money::k_limit (16 digits before the point), the limit
//    parse_money and parse_amount apply;
//  - the country is an ISO 3166-1 alpha-2 code (parse_country);
//  - names (of parties, as written, of organisations and their aliases) are cleaned:
//    clean_name below.
//
// admit() is called per record: by the interchange reader (import, check, diff), by add and
// edit after their flags are applied, and by extract on each proposal.

#include <string>
#include <string_view>
#include <vector>

#include "mtrack/domain/model.hpp"

namespace mtrack {

struct FieldProblem {
  std::string field;  // as the interchange format names it ("parties[2].name", "value")
  std::string message;
};

// Cleans the names of `a` in place (clean_name) and returns every field that breaks a rule
// above; empty when the record is admitted.
std::vector<FieldProblem> admit(Agreement& a);

// A name as mtrack stores it: Unicode NFC (one encoding for "é"), without invisible characters
// (zero-width spaces and joiners, soft hyphens, byte-order marks) and bidi controls, control
// characters and runs of spaces as one space, trimmed. So a zero-width space cannot make a
// second organisation that prints like the first. `name` must be valid UTF-8 (else it is
// returned unchanged, for admit to refuse).
std::string clean_name(std::string_view name);
void clean_names(PartyAliases& p);

// How a name looks: clean_name in compatibility form (NFKC: "ﬁ" is "fi", a full-width "Ｅ" is
// "E"), with letters of other scripts that print like Latin ones (Cyrillic "Е", Greek "Ο")
// taken as those. Two different names with one skeleton are look-alikes (`check` reports
// them).
std::string name_skeleton(std::string_view name);

}  // namespace mtrack
