#pragma once

// The organisations mtrack knows before any agreement is recorded: agencies, development
// banks and governments, with the other names they go by. The data lives in
// schema/organisations.tsv, compiled into the binary.

#include <string>
#include <string_view>
#include <vector>

namespace mtrack {

struct KnownOrganisation {
  std::string name;     // canonical
  std::string country;  // ISO 3166-1 alpha-2, empty for multilateral bodies
  std::string kind;     // agency, government, multilateral
  std::vector<std::string> aliases;
};

// The preloaded organisations, parsed once from the embedded table.
const std::vector<KnownOrganisation>& builtin_organisations();
// True when `alias` (in any ASCII case) is another name the preloaded table gives an organisation.
bool is_builtin_alias(std::string_view alias);
// Parses the TSV text; throws mtrack::Error naming the line of a malformed row.
std::vector<KnownOrganisation> parse_organisations(std::string_view tsv);

}  // namespace mtrack
