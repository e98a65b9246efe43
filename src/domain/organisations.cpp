#include "mtrack/domain/organisations.hpp"

#include "mtrack/util/embedded.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

std::vector<KnownOrganisation> parse_organisations(std::string_view tsv) {
  std::vector<KnownOrganisation> out;
  for (const auto& row : text::tsv_rows(tsv, "organisations.tsv", 4)) {
    KnownOrganisation o;
    o.name = row.cells[0];
    o.country = row.cells[1] == "-" ? "" : row.cells[1];
    o.kind = row.cells[2];
    o.aliases = text::list_cell(row.cells[3]);
    out.push_back(std::move(o));
  }
  return out;
}

const std::vector<KnownOrganisation>& builtin_organisations() {
  static const std::vector<KnownOrganisation> k_list =
      parse_organisations(embedded::file("organisations.tsv"));
  return k_list;
}

bool is_builtin_alias(std::string_view alias) {
  for (const auto& o : builtin_organisations()) {
    for (const auto& a : o.aliases) {
      if (text::iequals(a, alias)) return true;
    }
  }
  return false;
}

}  // namespace mtrack
