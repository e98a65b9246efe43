#include "mtrack/organisations.hpp"

#include <fmt/format.h>

#include "mtrack/embedded.hpp"
#include "mtrack/error.hpp"
#include "mtrack/text.hpp"

namespace mtrack {

std::vector<KnownOrganisation> parse_organisations(std::string_view tsv) {
  std::vector<KnownOrganisation> out;
  int line_no = 0;
  for (const auto& raw : text::split(tsv, '\n')) {
    ++line_no;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (text::trim(line).empty() || line.front() == '#') continue;
    const auto cells = text::split(line, '\t');
    if (cells.size() != 4) {
      throw Error(fmt::format("organisations.tsv:{}: expected 4 columns, found {}", line_no,
                              cells.size()));
    }
    KnownOrganisation o;
    o.name = std::string(text::trim(cells[0]));
    o.country = cells[1] == "-" ? "" : std::string(text::trim(cells[1]));
    o.kind = std::string(text::trim(cells[2]));
    if (cells[3] != "-") {
      for (const auto& a : text::split(cells[3], ';')) {
        const auto t = text::trim(a);
        if (!t.empty()) o.aliases.emplace_back(t);
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

const std::vector<KnownOrganisation>& builtin_organisations() {
  static const std::vector<KnownOrganisation> k_list =
      parse_organisations(embedded::file("organisations.tsv"));
  return k_list;
}

}  // namespace mtrack
