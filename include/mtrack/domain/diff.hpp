#pragma once

// `mtrack diff`: what changed between two sets of agreements, as a reviewer wants to see
// it in a pull request. Agreements are matched by key (a generated key when none is given);
// a changed agreement lists each changed field of the interchange format with its old and
// new value. The database id is never compared.

#include <ostream>
#include <string>
#include <vector>

#include "mtrack/domain/model.hpp"

namespace mtrack {

struct FieldChange {
  std::string field;     // interchange name: "value", "parties", "signed"
  std::string old_text;  // for people: "USD 400,000,000", "[cobalt, nickel]"; "" when absent
  std::string new_text;
  std::string old_json;  // the same value as JSON; "null" when absent
  std::string new_json;
};

struct AgreementChange {
  std::string key;
  std::string title;                // the new title
  std::vector<FieldChange> fields;  // in interchange field order
};

struct DiffResult {
  std::vector<Agreement> added;          // by key
  std::vector<Agreement> removed;        // by key
  std::vector<AgreementChange> changed;  // by key
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

DiffResult diff_agreements(const std::vector<Agreement>& old_set,
                           const std::vector<Agreement>& new_set);

// Writers; each ends with a one-line summary ("2 added, 1 removed, 3 changed").
void write_diff_text(std::ostream& out, const DiffResult& d);
void write_diff_markdown(std::ostream& out, const DiffResult& d);
void write_diff_json(std::ostream& out, const DiffResult& d);

}  // namespace mtrack
