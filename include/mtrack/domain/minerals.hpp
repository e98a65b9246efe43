#pragma once

// The mineral table: canonical minerals with symbols, aliases, groups and list flags. The
// data lives in one file, schema/minerals.tsv, compiled into the binary; this module parses
// it once and answers every "what mineral is this?" question in mtrack.

#include <string>
#include <string_view>
#include <vector>

#include "mtrack/util/result.hpp"

namespace mtrack {

enum class MineralKind {
  element,    // a chemical element
  commodity,  // a mineral commodity that is not an element (fluorspar, potash)
  group,      // a named group kept as a mineral of its own (rare earths, PGMs)
  set         // shorthand for its members, never stored itself (NdPr, DyTb)
};

struct Mineral {
  std::string name;    // canonical, lower case except sets ("NdPr")
  std::string symbol;  // element symbol, empty when none
  MineralKind kind = MineralKind::element;
  std::vector<std::string> aliases;
  std::vector<std::string> groups;  // names of the groups and sets it belongs to
  bool usgs2025 = false;
  bool usgs2022 = false;
  std::string eu2023;  // "critical", "strategic" or "no"
};

class MineralTable {
 public:
  // The table compiled into mtrack (schema/minerals.tsv), parsed on first use.
  static const MineralTable& builtin();
  // Parses the TSV text; throws mtrack::Error naming the line of a malformed row.
  static MineralTable parse(std::string_view tsv);

  const std::vector<Mineral>& all() const { return m_minerals; }

  // The mineral called `text` by name, symbol or alias, ignoring case and treating '-',
  // '_' and ' ' alike ("rare-earths" is "rare earths"); nullptr when unknown.
  const Mineral* find(std::string_view text) const;

  // Canonical names a filter on `text` matches: the mineral itself, and for a group or set
  // every member too ("NdPr" → neodymium, praseodymium). Empty when unknown.
  std::vector<std::string> expand(std::string_view text) const;

  // Canonical names to store for `text` in an agreement: the mineral, or a set's members
  // ("NdPr" → neodymium, praseodymium). Empty when unknown.
  std::vector<std::string> canonical(std::string_view text) const;

  // The members of a group or set, in table order.
  std::vector<const Mineral*> members(const Mineral& group) const;

  // Up to `n` known names closest to `text` by edit distance, for "did you mean".
  std::vector<std::string> suggest(std::string_view text, std::size_t n = 3) const;

  // The lookups of flags, files and prompts, with the one message for a name not in the
  // table: "unknown mineral 'cobalts' (did you mean 'cobalt'?)".
  enum class Use { filter, store };  // expand() or canonical()
  Result<std::vector<std::string>> resolve(std::string_view text, Use use) const;
  Result<const Mineral*> lookup(std::string_view text) const;

 private:
  std::vector<Mineral> m_minerals;
  // Normalised lookup key → index into m_minerals, sorted for binary search.
  std::vector<std::pair<std::string, std::size_t>> m_index;
};

}  // namespace mtrack
