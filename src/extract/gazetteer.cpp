// Gazetteers of mtrack extract: minerals from the mineral table, organisations from
// the preloaded organisations table, and the capitalised-name chunker with its word classes.

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <unordered_set>

#include "extract/internal.hpp"
#include "mtrack/domain/minerals.hpp"
#include "mtrack/domain/organisations.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::extract::detail {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A token's text; tokens of `s` lie inside it, so no bounds check (substr's is not inlined).
std::string_view tok(std::string_view s, const Token& t) {
  return std::string_view(s.data() + t.begin, t.end - t.begin);
}

// Words that collide with English: only minerals next to a mineral context.
bool is_ambiguous_mineral_word(std::string_view key) {
  return key == "lead" || key == "tin" || key == "silver" || key == "in" || key == "as" ||
         key == "be" || key == "apt" || key == "mop" || key == "sop" || key == "emm" ||
         key == "edf" || key == "leu" || key == "goes" || key == "npi" || key == "lce" ||
         key == "fev" || key == "sic" || key == "reo" || key == "chrome" || key == "red metal";
}

constexpr std::array<std::string_view, 30> k_mineral_context = {
    "concentrate", "concentrates", "mine",     "mines",     "mining",    "ore",
    "production",  "project",      "smelter",  "metal",     "deposit",   "prices",
    "price",       "producer",     "output",   "reserves",  "resources", "refinery",
    "smelting",    "ingot",        "ingots",   "sulphide",  "sulfide",   "oxide",
    "market",      "supply",       "deposits", "producers", "cathode",   "bullion"};

}  // namespace

std::string phrase_key(std::string_view s, const std::vector<Token>& t, std::size_t first,
                       std::size_t last) {
  std::string key;
  for (std::size_t k = first; k < last; ++k) {
    if (k > first) key.push_back(' ');
    for (char c : tok(s, t[k])) key.push_back(static_cast<char>(is_upper(c) ? c + 32 : c));
  }
  return key;
}

std::string_view lower_into(std::string_view w, std::array<char, 64>& buf) {
  if (w.size() > buf.size()) return {};
  for (std::size_t k = 0; k < w.size(); ++k)
    buf[k] = static_cast<char>(is_upper(w[k]) ? w[k] + 32 : w[k]);
  return {buf.data(), w.size()};
}

namespace {

constexpr std::size_t k_max_phrase_tokens = 10;

bool token_equals(std::string_view w, std::string_view low) {
  if (w.size() != low.size()) return false;
  for (std::size_t k = 0; k < w.size(); ++k) {
    const char c = is_upper(w[k]) ? static_cast<char>(w[k] + 32) : w[k];
    if (c != low[k]) return false;
  }
  return true;
}

}  // namespace

void PhraseIndex::add(std::string_view phrase, int value) {
  const auto t = tokenize(phrase);
  if (t.empty() || t.size() > k_max_phrase_tokens) return;
  Phrase p;
  p.value = value;
  for (std::size_t k = 1; k < t.size(); ++k) p.rest.push_back(phrase_key(phrase, t, k, k + 1));
  const std::string first = phrase_key(phrase, t, 0, 1);
  m_filter.add(first);
  auto& list = m_by_first[first];
  for (const auto& q : list)
    if (q.rest == p.rest) return;
  // Longest first, so the first full match is the longest.
  auto at = std::find_if(list.begin(), list.end(),
                         [&](const Phrase& q) { return q.rest.size() < p.rest.size(); });
  list.insert(at, std::move(p));
}

std::pair<std::size_t, int> PhraseIndex::longest(std::string_view s, const std::vector<Token>& t,
                                                 std::size_t i) const {
  if (!m_filter.maybe(tok(s, t[i]))) return {i, -1};
  std::array<char, 64> buf;
  const std::string_view first = lower_into(tok(s, t[i]), buf);
  if (first.empty()) return {i, -1};
  const auto* list = m_by_first.find(first);
  if (!list) return {i, -1};
  for (const auto& p : *list) {
    if (i + 1 + p.rest.size() > t.size()) continue;
    bool ok = true;
    for (std::size_t k = 0; k < p.rest.size() && ok; ++k)
      ok = token_equals(tok(s, t[i + 1 + k]), p.rest[k]);
    if (ok) return {i + 1 + p.rest.size(), p.value};
  }
  return {i, -1};
}

int PhraseIndex::single(std::string_view word) const {
  if (!m_filter.maybe(word)) return -1;
  std::array<char, 64> buf;
  const std::string_view low = lower_into(word, buf);
  if (low.empty()) return -1;
  const auto* list = m_by_first.find(low);
  if (!list) return -1;
  for (const auto& p : *list)
    if (p.rest.empty()) return p.value;
  return -1;
}

int PhraseIndex::exact(std::string_view text) const {
  thread_local std::vector<Token> t;  // reused: names are looked up by the thousand
  tokenize_into(text, t);
  if (t.empty()) return -1;
  const auto [end, value] = longest(text, t, 0);
  return end == t.size() ? value : -1;
}

Gazetteer::Gazetteer() {
  const auto& table = MineralTable::builtin();
  auto add_mineral = [&](std::string_view phrase, const std::vector<std::string>& names) {
    m_minerals.add(phrase, static_cast<int>(m_mineral_names.size()));
    m_mineral_names.push_back(names);
  };
  for (const auto& m : table.all()) {
    std::vector<std::string> names;
    if (m.kind == MineralKind::set) {
      names = table.canonical(m.name);
    } else if (m.kind == MineralKind::group) {
      // Rare-earth subgroups are stored as the group "rare earths"; sets as their members;
      // informal groups (battery metals) are not minerals of an agreement.
      if (m.name == "battery metals") continue;
      if (m.name.find("rare earth") != std::string::npos)
        names = {"rare earths"};
      else if (m.name == "NdPr" || m.name == "DyTb" || m.name == "SEG")
        names = table.canonical(m.name);
      else
        names = {m.name};
      if (names.empty()) {
        for (const auto* member : table.members(m)) names.push_back(member->name);
      }
    } else {
      names = {m.name};
    }
    if (names.empty()) continue;
    add_mineral(m.name, names);
    for (const auto& a : m.aliases) add_mineral(a, names);
    if (!m.symbol.empty() && m.kind == MineralKind::element)
      m_symbol_names.emplace(m.symbol, names);
  }
  // Common spellings the table leaves to prose.
  add_mineral("rare earth minerals", {"rare earths"});
  add_mineral("rare-earth minerals", {"rare earths"});

  // Organisations: the one preloaded table, with its aliases.
  for (const auto& o : builtin_organisations()) {
    const int idx = static_cast<int>(m_orgs.size());
    m_orgs.push_back({o.name, o.country, o.kind});
    m_org_phrases.add(o.name, idx);
    for (const auto& a : o.aliases) m_org_phrases.add(a, idx);
  }
}

const Gazetteer& Gazetteer::builtin() {
  static const Gazetteer g;
  return g;
}

std::vector<MineralHit> Gazetteer::find_minerals(std::string_view s,
                                                 const std::vector<Token>& t) const {
  std::vector<MineralHit> out;
  std::array<char, 64> buf;
  std::size_t i = 0;
  while (i < t.size()) {
    if (t[i].kind != TokenKind::word) {
      // "(Dy)": a symbol in parentheses.
      if (s[t[i].begin] == '(' && i + 2 < t.size() && tok(s, t[i + 2]) == ")") {
        const auto sym = tok(s, t[i + 1]);
        if (sym.size() <= 2) {
          const auto it = m_symbol_names.find(std::string(sym));
          if (it != m_symbol_names.end()) {
            out.push_back({i + 1, i + 2, &it->second, {}});
            i += 3;
            continue;
          }
        }
      }
      ++i;
      continue;
    }
    const auto [best, payload] = m_minerals.longest(s, t, i);
    if (payload >= 0) {
      const auto& names = m_mineral_names[static_cast<std::size_t>(payload)];
      const std::string first_key = phrase_key(s, t, i, best);
      bool ok = true;
      if (is_ambiguous_mineral_word(first_key)) {
        ok = false;
        auto ctx = [&](std::size_t k) {
          if (k >= t.size()) return false;
          const std::string_view w = lower_into(tok(s, t[k]), buf);
          return !w.empty() && (in_list(k_mineral_context, w) || m_minerals.single(w) >= 0);
        };
        if (ctx(best) || (i > 0 && ctx(i - 1))) ok = true;
        // Upper-case acronyms (APT, LCE) count as written.
        const auto w = tok(s, t[i]);
        if (first_key != "lead" && first_key != "tin" && first_key != "silver" &&
            first_key != "in" && first_key != "as" && first_key != "be" && w.size() >= 3 &&
            std::all_of(w.begin(), w.end(), [](char c) { return is_upper(c) || is_digit(c); }))
          ok = first_key != "edf" && first_key != "goes";
        if (first_key == "in" || first_key == "as" || first_key == "be") ok = false;
      }
      // Lone mineral words inside proper names are kept (they name the project).
      if (ok) out.push_back({i, best, &names, {}});
      i = best;
      continue;
    }
    // Hyphenated compounds: "copper-gold-silver", "Lithium-Boron".
    const auto w = tok(s, t[i]);
    if (w.find('-') != std::string_view::npos) {
      std::vector<std::pair<std::string_view, int>> parts;
      std::size_t b = 0;
      while (b <= w.size()) {
        std::size_t e = w.find('-', b);
        if (e == std::string_view::npos) e = w.size();
        const std::string_view part = w.substr(b, e - b);
        const int v = m_minerals.single(part);
        if (v >= 0) parts.emplace_back(part, v);
        b = e + 1;
      }
      bool any_plain = false;
      for (const auto& [p, v] : parts)
        if (!is_ambiguous_mineral_word(lower_into(p, buf))) any_plain = true;
      if (any_plain && parts.size() >= 2) {
        std::vector<std::string> all;
        for (const auto& [p, v] : parts) {
          const auto lp = lower_into(p, buf);
          if (lp == "in" || lp == "as" || lp == "be") continue;
          const auto& nm = m_mineral_names[static_cast<std::size_t>(v)];
          all.insert(all.end(), nm.begin(), nm.end());
        }
        out.push_back({i, i + 1, nullptr, std::move(all)});
      }
    }
    ++i;
  }
  return out;
}

std::vector<OrgHit> Gazetteer::find_orgs(std::string_view s, const std::vector<Token>& t) const {
  std::vector<OrgHit> out;
  std::size_t i = 0;
  while (i < t.size()) {
    const auto w = tok(s, t[i]);
    if (t[i].kind != TokenKind::word || !is_upper(w[0])) {
      ++i;
      continue;
    }
    const auto [best, org] = m_org_phrases.longest(s, t, i);
    if (org >= 0) {
      // Short aliases must be written as acronyms ("EU", "US", "DOE"), not as words ("us").
      const bool acronym_ok =
          best - i > 1 || w.size() >= 3 ||
          std::any_of(w.begin() + 1, w.end(), [](char c) { return is_upper(c); });
      if (acronym_ok) {
        out.push_back({i, best, org});
        i = best;
        continue;
      }
    }
    ++i;
  }
  return out;
}

}  // namespace mtrack::extract::detail
