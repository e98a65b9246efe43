#pragma once

// A record's fields as people read them, under the names its provenance uses ("value",
// "parties[EXIM]"): what `show --sources` lists, what a merge compares, what an edit notes as
// changed by hand. Model code only, so that the renderers and the reconciler both use it
// without needing each other.

#include <optional>
#include <string>
#include <vector>

#include "mtrack/domain/model.hpp"

namespace mtrack {

// The fields whose values have provenance, with the value as people read it, in display
// order: type, title, status, binding, parties[<name>] (one per party), minerals[<name>],
// value, ceiling, term, announced, signed, expires, location, stage, notes. Empty fields are
// left out.
struct FieldValue {
  std::string field;
  std::string value;
};
std::vector<FieldValue> field_values(const Agreement& a);

// The provenance entries of `a` for one field.
std::vector<const Provenance*> provenance_of(const Agreement& a, const std::string& field);

// Field names and value texts, one rule for each kind of field.
std::string party_field(const std::string& name);    // "parties[NAME]"
std::string mineral_field(const std::string& name);  // "minerals[NAME]"
std::string money_text(const std::optional<Money>& m);
std::string binding_text(const std::optional<bool>& b);
std::string location_text(const Location& l);
std::string stage_text(const std::vector<Stage>& stages);

}  // namespace mtrack
