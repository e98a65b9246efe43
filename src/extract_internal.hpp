#pragma once

// Internal interfaces between the stages of mtrack extract (not installed, not public).

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mtrack/extract.hpp"

namespace mtrack::extract::detail {

struct OrgInfo {
  std::string name;     // canonical
  std::string country;  // ISO code or empty
  std::string kind;     // agency | government | multilateral
};

// A gazetteer hit: tokens [first, last) of a sentence's token list.
struct MineralHit {
  std::size_t first = 0;
  std::size_t last = 0;
  std::vector<std::string> names;  // canonical
};
struct OrgHit {
  std::size_t first = 0;
  std::size_t last = 0;
  int org = -1;  // index into Gazetteer::orgs()
};

// Minerals (from MineralTable::builtin) and preloaded organisations (organisations.tsv),
// as lower-case token-sequence phrases. Built once; thread-safe to read.
class Gazetteer {
 public:
  static const Gazetteer& builtin();
  const std::vector<OrgInfo>& orgs() const { return m_orgs; }
  // Hits in a tokenized sentence `s`, longest match first, non-overlapping.
  std::vector<MineralHit> find_minerals(std::string_view s, const std::vector<Token>& t) const;
  std::vector<OrgHit> find_orgs(std::string_view s, const std::vector<Token>& t) const;
  // Index of the organisation called exactly `name` (any case), or -1.
  int org_by_name(std::string_view name) const;

 private:
  Gazetteer();
  std::vector<OrgInfo> m_orgs;
  std::unordered_map<std::string, std::vector<std::string>> m_minerals;  // phrase → names
  std::unordered_map<std::string, int> m_symbols;   // "Dy" → 1 (exact case)
  std::unordered_map<std::string, std::vector<std::string>> m_symbol_names;
  std::unordered_map<std::string, int> m_org_phrases;  // phrase → org index
  std::size_t m_max_tokens = 1;
};

// Lower-case key of a token run, tokens joined by single spaces.
std::string phrase_key(std::string_view s, const std::vector<Token>& t, std::size_t first,
                       std::size_t last);

// A capitalised name in a sentence: tokens [first, last), text = the name as written
// (suffixes such as ", Inc." included).
struct NameChunk {
  std::size_t first = 0;
  std::size_t last = 0;
  std::string text;
};
// Capitalised name runs of a sentence (with "of", "and", "&" inside where they belong to one
// name, and corporate suffixes), minus leading sentence openers and titles.
std::vector<NameChunk> find_name_chunks(std::string_view s, const std::vector<Token>& t);

// Word classes used by the rules.
bool is_corporate_suffix(std::string_view word);
bool is_org_head(std::string_view word);
bool is_place(std::string_view name);
bool is_person_title(std::string_view word);
bool is_stop_name(std::string_view word);
// "Australian" → "Australia", "U.S." → "United States"; empty when not a demonym.
std::string country_of_adjective(std::string_view word);

}  // namespace mtrack::extract::detail
