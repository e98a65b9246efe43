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
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A token's text; tokens of `s` lie inside it, so no bounds check (substr's is not inlined).
std::string_view tok(std::string_view s, const Token& t) {
  return std::string_view(s.data() + t.begin, t.end - t.begin);
}

template <std::size_t N>
bool in_list(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
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
  const auto it = m_by_first.find(first);
  if (it == m_by_first.end()) return {i, -1};
  for (const auto& p : it->second) {
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
  const auto it = m_by_first.find(low);
  if (it == m_by_first.end()) return -1;
  for (const auto& p : it->second)
    if (p.rest.empty()) return p.value;
  return -1;
}

int PhraseIndex::exact(std::string_view text) const {
  const auto t = tokenize(text);
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

// ---- word classes -------------------------------------------------------------------------

bool is_corporate_suffix(std::string_view w) {
  static constexpr std::array<std::string_view, 30> k = {
      "Inc",          "Inc.",        "Ltd",  "Ltd.", "Limited", "LLC",  "L.L.C.", "Corp",
      "Corp.",        "Corporation", "Co.",  "plc",  "PLC",     "Pty",  "AG",     "SA",
      "S.A.",         "NV",          "N.V.", "GmbH", "LP",      "L.P.", "Group",  "Holdings",
      "Incorporated", "Company",     "ASA",  "AB",   "SE",      "KK"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0;
}

bool is_org_head(std::string_view w) {
  static constexpr std::array<std::string_view, 64> k = {
      "Resources",      "Mining",     "Minerals",    "Metals",    "Materials",   "Energy",
      "Technologies",   "Technology", "Bank",        "Partners",  "Capital",     "Council",
      "Fund",           "Industries", "Solutions",   "Motors",    "Chemicals",   "Lithium",
      "Zinc",           "Nickel",     "Cobalt",      "Graphite",  "Vanadium",    "Uranium",
      "Antimony",       "Tungsten",   "Fluorspar",   "Earths",    "Exploration", "Ventures",
      "Investments",    "Associates", "Trading",     "Smelting",  "Refining",    "Agency",
      "Administration", "Office",     "Department",  "Ministry",  "Commission",  "Authority",
      "Institute",      "University", "Alloys",      "Steel",     "Electric",    "Systems",
      "Gold",           "Copper",     "Battery",     "Recycling", "Power",       "Titanium",
      "Manganese",      "Silver",     "Rare",        "Magnetics", "Magnets",     "Petroleum",
      "Services",       "Financial",  "Enterprises", "Mines"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0 || is_corporate_suffix(w);
}

bool is_person_title(std::string_view w) {
  static constexpr std::array<std::string_view, 34> k = {
      "CEO",        "Chairman",  "Chairwoman", "Chair",     "President",
      "Minister",   "Secretary", "Senator",    "Senators",  "Representative",
      "Governor",   "Director",  "Mr",         "Mr.",       "Mrs",
      "Mrs.",       "Ms",        "Ms.",        "Dr",        "Dr.",
      "Co-founder", "Founder",   "Officer",    "Executive", "Managing",
      "Chief",      "CFO",       "COO",        "Vice",      "Prime",
      "Premier",    "Treasurer", "Deputy",     "Sen."};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0;
}

bool is_stop_name(std::string_view w) {
  static constexpr std::string_view k_arr[] = {
      "The",        "This",        "These",       "That",
      "Those",      "In",          "On",          "At",
      "As",         "Under",       "Following",   "According",
      "Through",    "With",        "For",         "By",
      "From",       "After",       "Before",      "During",
      "While",      "Since",       "Both",        "Each",
      "Its",        "Their",       "Our",         "We",
      "It",         "He",          "She",         "They",
      "A",          "An",          "And",         "But",
      "Or",         "If",          "When",        "Once",
      "Besides",    "However",     "Meanwhile",   "Additionally",
      "Also",       "Separately",  "Together",    "Now",
      "Today",      "Last",        "Next",        "Read",
      "More",       "Image",       "Photo",       "Source",
      "Latest",     "Related",     "Topics",      "Comments",
      "Contact",    "January",     "February",    "March",
      "April",      "May",         "June",        "July",
      "August",     "September",   "October",     "November",
      "December",   "Monday",      "Tuesday",     "Wednesday",
      "Thursday",   "Friday",      "Saturday",    "Sunday",
      "Jan.",       "Feb.",        "Aug.",        "Sept.",
      "Oct.",       "Nov.",        "Dec.",        "Company",
      "Government", "Governments", "Under",       "Phase",
      "Story",      "Shares",      "Investors",   "Highlights",
      "Loan",       "Grant",       "Agreement",   "MOU",
      "LOI",        "Memorandum",  "Letter",      "Understanding",
      "Interest",   "Program",     "Project",     "Framework",
      "Joint",      "Venture",     "Development", "Executive",
      "Order",      "Act",         "Title",       "Section",
      "Article",    "Federal",     "National",    "RELATED",
      "Click",      "Among",       "Besides",     "Further",
      "Moreover",   "Welcoming",   "Investing",   "Business",
      "World",      "Stocks",      "Mining",      "Home",
      "News",       "Menu"};
  static const WordClass k_set(std::begin(k_arr), std::end(k_arr));
  return k_set.count(w) > 0;
}

bool is_place(std::string_view name) {
  static constexpr std::array<std::string_view, 96> k = {"Alabama",
                                                         "Alaska",
                                                         "Arizona",
                                                         "Arkansas",
                                                         "California",
                                                         "Colorado",
                                                         "Connecticut",
                                                         "Delaware",
                                                         "Florida",
                                                         "Georgia",
                                                         "Hawaii",
                                                         "Idaho",
                                                         "Illinois",
                                                         "Indiana",
                                                         "Iowa",
                                                         "Kansas",
                                                         "Kentucky",
                                                         "Louisiana",
                                                         "Maine",
                                                         "Maryland",
                                                         "Massachusetts",
                                                         "Michigan",
                                                         "Minnesota",
                                                         "Mississippi",
                                                         "Missouri",
                                                         "Montana",
                                                         "Nebraska",
                                                         "Nevada",
                                                         "New Hampshire",
                                                         "New Jersey",
                                                         "New Mexico",
                                                         "New York",
                                                         "North Carolina",
                                                         "North Dakota",
                                                         "Ohio",
                                                         "Oklahoma",
                                                         "Oregon",
                                                         "Pennsylvania",
                                                         "Rhode Island",
                                                         "South Carolina",
                                                         "South Dakota",
                                                         "Tennessee",
                                                         "Texas",
                                                         "Utah",
                                                         "Vermont",
                                                         "Virginia",
                                                         "Washington",
                                                         "West Virginia",
                                                         "Wisconsin",
                                                         "Wyoming",
                                                         "Washington, D.C.",
                                                         "D.C.",
                                                         "Ontario",
                                                         "Quebec",
                                                         "Toronto",
                                                         "British Columbia",
                                                         "Alberta",
                                                         "Saskatchewan",
                                                         "Newfoundland",
                                                         "Nova Scotia",
                                                         "Western Australia",
                                                         "Queensland",
                                                         "New South Wales",
                                                         "Victoria",
                                                         "Perth",
                                                         "Sydney",
                                                         "Melbourne",
                                                         "North America",
                                                         "South America",
                                                         "Latin America",
                                                         "Europe",
                                                         "Asia",
                                                         "Africa",
                                                         "Southeast Asia",
                                                         "Argentina",
                                                         "Chile",
                                                         "Peru",
                                                         "Tanzania",
                                                         "Namibia",
                                                         "Uganda",
                                                         "Congo",
                                                         "Indonesia",
                                                         "Mexico",
                                                         "Russia",
                                                         "Iran",
                                                         "North Korea",
                                                         "Spain",
                                                         "Singapore",
                                                         "Thailand",
                                                         "Vietnam",
                                                         "Kyiv",
                                                         "Beijing",
                                                         "Tokyo",
                                                         "Seoul",
                                                         "London"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(name) > 0;
}

std::string country_of_adjective(std::string_view w) {
  if (w == "U.S." || w == "US" || w == "American" || w == "U.S" || w == "USA")
    return "United States";
  if (w == "Australian" || w == "Australia's") return "Australia";
  if (w == "Japanese") return "Japan";
  if (w == "Canadian") return "Canada";
  if (w == "Korean" || w == "South Korean") return "South Korea";
  if (w == "German") return "Germany";
  if (w == "Ukrainian") return "Ukraine";
  if (w == "Chinese") return "China";
  if (w == "Brazilian") return "Brazil";
  if (w == "Indian") return "India";
  if (w == "British") return "United Kingdom";
  if (w == "Saudi") return "Saudi Arabia";
  return {};
}

// ---- name chunks --------------------------------------------------------------------------

namespace {

bool is_cap_word(std::string_view w) {
  if (w.empty()) return false;
  if (is_upper(w[0])) return true;
  // "enCore", "iPhone": lower-case start with a capital inside.
  if (is_lower(w[0]) && w.size() >= 3) {
    for (std::size_t k = 1; k < w.size(); ++k) {
      if (is_upper(w[k])) return true;
      if (w[k] == '-' || w[k] == '\'') break;
    }
  }
  return false;
}

bool joins_with_and(std::string_view before_w, std::string_view after_w) {
  auto gerundish = [](std::string_view w) {
    return w.ends_with("ing") || w.ends_with("ship") || w.ends_with("tion") ||
           w.ends_with("ment") || w.ends_with("ices");
  };
  return gerundish(before_w) && gerundish(after_w);
}

bool of_joins(std::string_view head) {
  static constexpr std::array<std::string_view, 18> k = {
      "Bank",       "Department",   "Office",        "Organisation", "Organization",
      "Government", "Commonwealth", "University",    "Council",      "Ministry",
      "Republic",   "Kingdom",      "Bureau",        "Institute",    "Corporation",
      "Agency",     "Federation",   "Administration"};
  return in_list(k, head);
}

}  // namespace

std::vector<NameChunk> find_name_chunks(std::string_view s, const std::vector<Token>& t) {
  std::vector<NameChunk> out;
  find_name_chunks(s, t, out);
  return out;
}

void find_name_chunks(std::string_view s, const std::vector<Token>& t,
                      std::vector<NameChunk>& out) {
  out.clear();
  const std::size_t n = t.size();
  std::size_t i = 0;
  while (i < n) {
    const auto w = tok(s, t[i]);
    if (t[i].kind != TokenKind::word || !is_cap_word(w) || is_stop_name(w) || is_person_title(w) ||
        w.ends_with("-based")) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < n) {
      const auto wj = tok(s, t[j]);
      static constexpr std::string_view k_things[] = {
          "Program",     "Project",       "Agreement",  "Framework", "Act",       "Order",
          "Development", "Joint",         "National",   "Federal",   "Executive", "Government",
          "Governments", "Company",       "Loan",       "Grant",     "Venture",   "Interest",
          "Letter",      "Understanding", "Memorandum", "Title",     "Section",   "Phase",
          "Shares",      "Investors",     "Highlights", "Story"};
      static const WordClass k_thing_set(std::begin(k_things), std::end(k_things));
      const bool thing = k_thing_set.count(wj);
      if (t[j].kind == TokenKind::word && is_cap_word(wj) && !is_person_title(wj) &&
          !(is_stop_name(wj) && !is_org_head(wj) && !thing)) {
        ++j;
        continue;
      }
      // Small numbers inside a name: "Element 25", "Fab 3".
      if (t[j].kind == TokenKind::number && wj.size() <= 3 &&
          wj.find_first_of(".,") == std::string_view::npos &&
          (j + 1 >= n || tok(s, t[j + 1]) != "%") &&
          (j + 1 >= n || !is_cap_word(tok(s, t[j + 1])) || true)) {
        // Not "2025" years and not amounts.
        if (j >= 1 && tok(s, t[j - 1]).size() > 1) {
          ++j;
          break;
        }
      }
      if (t[j].kind == TokenKind::word && j + 1 < n && t[j + 1].kind == TokenKind::word &&
          is_cap_word(tok(s, t[j + 1]))) {
        if (wj == "of" && of_joins(tok(s, t[j - 1]))) {
          j += (j + 2 < n && tok(s, t[j + 1]) == "the") ? 1 : 1;
          continue;
        }
        if (((wj == "for" && of_joins(tok(s, t[j - 1]))) ||
             ((wj == "de" || wj == "del" || wj == "du") && is_org_head(tok(s, t[j - 1]))))) {
          ++j;
          continue;
        }
        if (wj == "and" && joins_with_and(tok(s, t[j - 1]), tok(s, t[j + 1]))) {
          ++j;
          continue;
        }
        if (wj == "&") {
          ++j;
          continue;
        }
      }
      if (wj == "of" && j + 2 < n && tok(s, t[j + 1]) == "the" && of_joins(tok(s, t[j - 1])) &&
          is_cap_word(tok(s, t[j + 2]))) {
        j += 2;
        continue;
      }
      if (wj == "&" && j + 1 < n && is_cap_word(tok(s, t[j + 1]))) {
        ++j;
        continue;
      }
      // "(UK)" inside a name: "BHP Billiton (UK) DDS".
      if (wj == "(" && j + 3 < n && tok(s, t[j + 2]) == ")" && tok(s, t[j + 1]).size() <= 3 &&
          is_upper(tok(s, t[j + 1])[0]) && is_cap_word(tok(s, t[j + 3])) &&
          !is_stop_name(tok(s, t[j + 3]))) {
        j += 3;
        continue;
      }
      // ", Inc." / ", Ltd."
      if (wj == "," && j + 1 < n && is_corporate_suffix(tok(s, t[j + 1]))) {
        j += 2;
        continue;
      }
      break;
    }
    // Trim trailing connectors.
    while (j > i + 1 && (tok(s, t[j - 1]) == "of" || tok(s, t[j - 1]) == "and" ||
                         tok(s, t[j - 1]) == "&" || tok(s, t[j - 1]) == "the"))
      --j;
    out.push_back({i, j, s.substr(t[i].begin, t[j - 1].end - t[i].begin)});
    i = j;
  }
}

}  // namespace mtrack::extract::detail
