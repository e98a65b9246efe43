// Gazetteers of mtrack extract: minerals from the mineral table, organisations from
// organisations.tsv, and the capitalised-name chunker with its word classes.

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "extract_internal.hpp"
#include "mtrack/embedded.hpp"
#include "mtrack/minerals.hpp"
#include "mtrack/text.hpp"

namespace mtrack::extract::detail {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view tok(std::string_view s, const Token& t) { return s.substr(t.begin, t.end - t.begin); }

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
    "concentrate", "concentrates", "mine",     "mines",     "mining",   "ore",
    "production",  "project",      "smelter",  "metal",     "deposit",  "prices",
    "price",       "producer",     "output",   "reserves",  "resources", "refinery",
    "smelting",    "ingot",        "ingots",   "sulphide",  "sulfide",  "oxide",
    "market",      "supply",       "deposits", "producers", "cathode",  "bullion"};

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

namespace {
std::string key_of(std::string_view phrase) {
  const auto t = tokenize(phrase);
  return phrase_key(phrase, t, 0, t.size());
}
}  // namespace

Gazetteer::Gazetteer() {
  const auto& table = MineralTable::builtin();
  auto add_mineral = [&](std::string_view phrase, std::vector<std::string> names) {
    const auto t = tokenize(phrase);
    if (t.empty()) return;
    m_max_tokens = std::max(m_max_tokens, t.size());
    m_minerals.emplace(phrase_key(phrase, t, 0, t.size()), std::move(names));
  };
  for (const auto& m : table.all()) {
    std::vector<std::string> names;
    if (m.kind == MineralKind::set) {
      names = table.canonical(m.name);
    } else if (m.kind == MineralKind::group) {
      // Rare-earth subgroups are stored as the group "rare earths"; sets as their members;
      // informal groups (battery metals) are not minerals of an agreement.
      if (m.name == "battery metals") continue;
      if (m.name.find("rare earth") != std::string::npos) names = {"rare earths"};
      else if (m.name == "NdPr" || m.name == "DyTb" || m.name == "SEG") names = table.canonical(m.name);
      else names = {m.name};
      if (names.empty()) {
        for (const auto* member : table.members(m)) names.push_back(member->name);
      }
    } else {
      names = {m.name};
    }
    if (names.empty()) continue;
    add_mineral(m.name, names);
    for (const auto& a : m.aliases) add_mineral(a, names);
    if (!m.symbol.empty() && m.kind == MineralKind::element) {
      m_symbols.emplace(m.symbol, 1);
      m_symbol_names.emplace(m.symbol, names);
    }
  }
  // Common spellings the table leaves to prose.
  add_mineral("rare earth minerals", {"rare earths"});
  add_mineral("rare-earth minerals", {"rare earths"});

  // Organisations.
  std::string_view tsv;
  try {
    tsv = embedded::file("organisations.tsv");
  } catch (...) {
    tsv = {};
  }
  for (const auto& line_s : text::split(tsv, '\n')) {
    std::string_view line = line_s;
    if (line.empty() || line[0] == '#') continue;
    const auto cols = text::split(line, '\t');
    if (cols.size() < 3) continue;
    OrgInfo info{std::string(text::trim(cols[0])), cols[1] == "-" ? "" : cols[1],
                 std::string(text::trim(cols[2]))};
    const int idx = static_cast<int>(m_orgs.size());
    m_orgs.push_back(info);
    auto add = [&](std::string_view phrase) {
      const auto t = tokenize(phrase);
      if (t.empty()) return;
      m_max_tokens = std::max(m_max_tokens, t.size());
      m_org_phrases.emplace(phrase_key(phrase, t, 0, t.size()), idx);
    };
    add(info.name);
    if (cols.size() >= 4 && cols[3] != "-") {
      for (const auto& a : text::split(cols[3], ';')) {
        const auto al = text::trim(a);
        if (!al.empty()) add(al);
      }
    }
  }
  m_max_tokens = std::min<std::size_t>(m_max_tokens, 10);
}

const Gazetteer& Gazetteer::builtin() {
  static const Gazetteer g;
  return g;
}

int Gazetteer::org_by_name(std::string_view name) const {
  const auto it = m_org_phrases.find(key_of(name));
  return it == m_org_phrases.end() ? -1 : it->second;
}

std::vector<MineralHit> Gazetteer::find_minerals(std::string_view s,
                                                 const std::vector<Token>& t) const {
  std::vector<MineralHit> out;
  std::string key;
  std::size_t i = 0;
  while (i < t.size()) {
    if (t[i].kind != TokenKind::word) {
      // "(Dy)": a symbol in parentheses.
      if (tok(s, t[i]) == "(" && i + 2 < t.size() && tok(s, t[i + 2]) == ")") {
        const auto sym = tok(s, t[i + 1]);
        const auto it = m_symbol_names.find(std::string(sym));
        if (it != m_symbol_names.end() && sym.size() <= 2) {
          out.push_back({i + 1, i + 2, it->second});
          i += 3;
          continue;
        }
      }
      ++i;
      continue;
    }
    std::size_t best = 0;
    const std::vector<std::string>* names = nullptr;
    key.clear();
    for (std::size_t k = i; k < t.size() && k - i < m_max_tokens; ++k) {
      if (k > i) key.push_back(' ');
      for (char c : tok(s, t[k])) key.push_back(static_cast<char>(is_upper(c) ? c + 32 : c));
      const auto it = m_minerals.find(key);
      if (it != m_minerals.end()) {
        best = k + 1;
        names = &it->second;
      }
    }
    if (names != nullptr) {
      const std::string first_key = phrase_key(s, t, i, best);
      bool ok = true;
      if (is_ambiguous_mineral_word(first_key)) {
        ok = false;
        auto ctx = [&](std::size_t k) {
          if (k >= t.size()) return false;
          std::string w = text::lower(tok(s, t[k]));
          return in_list(k_mineral_context, w) || m_minerals.count(w) > 0;
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
      // Lower-case-only words written in capitals in a name ("Lead" as a title word) still
      // count; lone mineral words inside proper names are kept (they name the project).
      if (ok) out.push_back({i, best, *names});
      i = best;
      continue;
    }
    // Hyphenated compounds: "copper-gold-silver", "Lithium-Boron".
    const auto w = tok(s, t[i]);
    if (w.find('-') != std::string_view::npos) {
      std::vector<std::string> all;
      bool any_plain = false;
      std::vector<std::pair<std::string, const std::vector<std::string>*>> parts;
      for (const auto& part : text::split(w, '-')) {
        const auto it = m_minerals.find(text::lower(part));
        if (it != m_minerals.end()) parts.emplace_back(text::lower(part), &it->second);
      }
      for (const auto& [p, nm] : parts) {
        if (!is_ambiguous_mineral_word(p)) any_plain = true;
      }
      if (any_plain && parts.size() >= 2) {
        for (const auto& [p, nm] : parts) {
          if (p == "in" || p == "as" || p == "be") continue;
          all.insert(all.end(), nm->begin(), nm->end());
        }
        out.push_back({i, i + 1, all});
      }
    }
    ++i;
  }
  return out;
}

std::vector<OrgHit> Gazetteer::find_orgs(std::string_view s, const std::vector<Token>& t) const {
  std::vector<OrgHit> out;
  std::string key;
  std::size_t i = 0;
  while (i < t.size()) {
    if (t[i].kind != TokenKind::word) {
      ++i;
      continue;
    }
    const auto w0 = tok(s, t[i]);
    if (!is_upper(w0[0]) && w0 != "the") {
      ++i;
      continue;
    }
    std::size_t best = 0;
    int org = -1;
    key.clear();
    for (std::size_t k = i; k < t.size() && k - i < m_max_tokens; ++k) {
      if (k > i) key.push_back(' ');
      for (char c : tok(s, t[k])) key.push_back(static_cast<char>(is_upper(c) ? c + 32 : c));
      const auto it = m_org_phrases.find(key);
      if (it != m_org_phrases.end()) {
        best = k + 1;
        org = it->second;
      }
    }
    if (org >= 0) {
      // Short aliases must be written as acronyms ("EU", "US", "DOE"), not as words ("us").
      const auto w = tok(s, t[i]);
      const bool acronym_ok = best - i > 1 || w.size() > 4 ||
                              std::any_of(w.begin() + 1, w.end(), [](char c) { return is_upper(c); }) ||
                              w.size() >= 3;
      if (acronym_ok && is_upper(w[0])) {
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
      "Inc",  "Inc.", "Ltd", "Ltd.", "Limited", "LLC", "L.L.C.", "Corp", "Corp.", "Corporation",
      "Co.",  "plc",  "PLC", "Pty", "AG",      "SA",  "S.A.",   "NV",   "N.V.",  "GmbH",
      "LP",   "L.P.", "Group", "Holdings", "Incorporated", "Company", "ASA", "AB", "SE", "KK"};
  return in_list(k, w);
}

bool is_org_head(std::string_view w) {
  static constexpr std::array<std::string_view, 64> k = {
      "Resources", "Mining",     "Minerals",    "Metals",      "Materials",  "Energy",
      "Technologies", "Technology", "Bank",     "Partners",    "Capital",    "Council",
      "Fund",      "Industries", "Solutions",   "Motors",      "Chemicals",  "Lithium",
      "Zinc",      "Nickel",     "Cobalt",      "Graphite",    "Vanadium",   "Uranium",
      "Antimony",  "Tungsten",   "Fluorspar",   "Earths",      "Exploration", "Ventures",
      "Investments", "Associates", "Trading",   "Smelting",    "Refining",   "Agency",
      "Administration", "Office", "Department", "Ministry",   "Commission", "Authority",
      "Institute", "University", "Alloys",      "Steel",       "Electric",   "Systems",
      "Gold",      "Copper",     "Battery",     "Recycling",   "Power",      "Titanium",
      "Manganese", "Silver",     "Rare",        "Magnetics",   "Magnets",    "Petroleum",
      "Services",  "Financial",  "Enterprises", "Mines"};
  return in_list(k, w) || is_corporate_suffix(w);
}

bool is_person_title(std::string_view w) {
  static constexpr std::array<std::string_view, 34> k = {
      "CEO",       "Chairman",  "Chairwoman", "Chair",    "President", "Minister", "Secretary",
      "Senator",   "Senators",  "Representative", "Governor", "Director", "Mr",     "Mr.",
      "Mrs",       "Mrs.",      "Ms",        "Ms.",      "Dr",        "Dr.",      "Co-founder",
      "Founder",   "Officer",   "Executive", "Managing", "Chief",     "CFO",      "COO",
      "Vice",      "Prime",     "Premier",   "Treasurer", "Deputy",   "Sen."};
  return in_list(k, w);
}

bool is_stop_name(std::string_view w) {
  static constexpr std::string_view k_arr[] = {
      "The",      "This",      "These",     "That",      "Those",     "In",        "On",
      "At",       "As",        "Under",     "Following", "According", "Through",   "With",
      "For",      "By",        "From",      "After",     "Before",    "During",    "While",
      "Since",    "Both",      "Each",      "Its",       "Their",     "Our",       "We",
      "It",       "He",        "She",       "They",      "A",         "An",        "And",
      "But",      "Or",        "If",        "When",      "Once",      "Besides",   "However",
      "Meanwhile", "Additionally", "Also",  "Separately", "Together", "Now",       "Today",
      "Last",     "Next",      "Read",      "More",      "Image",     "Photo",     "Source",
      "Latest",   "Related",   "Topics",    "Comments",  "Contact",   "January",   "February",
      "March",    "April",     "May",       "June",      "July",      "August",    "September",
      "October",  "November",  "December",  "Monday",    "Tuesday",   "Wednesday", "Thursday",
      "Friday",   "Saturday",  "Sunday",    "Jan.",      "Feb.",      "Aug.",      "Sept.",
      "Oct.",     "Nov.",      "Dec.",      "Company",   "Government", "Governments", "Under",
      "Phase",    "Story",     "Shares",    "Investors", "Highlights", "Loan",     "Grant",
      "Agreement", "MOU",      "LOI",       "Memorandum", "Letter",   "Understanding", "Interest",
      "Program",  "Project",   "Framework", "Joint",     "Venture",   "Development", "Executive",
      "Order",    "Act",       "Title",     "Section",   "Article",   "Federal",   "National",
      "RELATED",  "Click", "Among", "Besides", "Further", "Moreover", "Welcoming",
      "Investing", "Business", "World", "Stocks", "Mining", "Home", "News", "Menu"};
  return std::find(std::begin(k_arr), std::end(k_arr), w) != std::end(k_arr);
}

bool is_place(std::string_view name) {
  static constexpr std::array<std::string_view, 96> k = {
      "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
      "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
      "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
      "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
      "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
      "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
      "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia",
      "Wisconsin", "Wyoming", "Washington, D.C.", "D.C.", "Ontario", "Quebec", "Toronto",
      "British Columbia", "Alberta", "Saskatchewan", "Newfoundland", "Nova Scotia",
      "Western Australia", "Queensland", "New South Wales", "Victoria", "Perth", "Sydney",
      "Melbourne", "North America", "South America", "Latin America", "Europe", "Asia",
      "Africa", "Southeast Asia", "Argentina", "Chile", "Peru", "Tanzania", "Namibia",
      "Uganda", "Congo", "Indonesia", "Mexico", "Russia", "Iran", "North Korea", "Spain",
      "Singapore", "Thailand", "Vietnam", "Kyiv", "Beijing", "Tokyo", "Seoul", "London"};
  return in_list(k, name);
}

std::string country_of_adjective(std::string_view w) {
  if (w == "U.S." || w == "US" || w == "American" || w == "U.S" || w == "USA") return "United States";
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
      "Bank",   "Department", "Office",   "Organisation", "Organization", "Government",
      "Commonwealth", "University", "Council", "Ministry", "Republic", "Kingdom",
      "Bureau", "Institute", "Corporation", "Agency", "Federation", "Administration"};
  return in_list(k, head);
}

}  // namespace

std::vector<NameChunk> find_name_chunks(std::string_view s, const std::vector<Token>& t) {
  std::vector<NameChunk> out;
  const std::size_t n = t.size();
  std::size_t i = 0;
  while (i < n) {
    const auto w = tok(s, t[i]);
    if (t[i].kind != TokenKind::word || !is_cap_word(w) || is_stop_name(w) ||
        is_person_title(w) || w.ends_with("-based")) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < n) {
      const auto wj = tok(s, t[j]);
      static constexpr std::string_view k_things[] = {
          "Program", "Project", "Agreement", "Framework", "Act", "Order", "Development",
          "Joint", "National", "Federal", "Executive", "Government", "Governments", "Company",
          "Loan", "Grant", "Venture", "Interest", "Letter", "Understanding", "Memorandum",
          "Title", "Section", "Phase", "Shares", "Investors", "Highlights", "Story"};
      const bool thing = std::find(std::begin(k_things), std::end(k_things), wj) != std::end(k_things);
      if (t[j].kind == TokenKind::word && is_cap_word(wj) && !is_person_title(wj) &&
          !(is_stop_name(wj) && !is_org_head(wj) && !thing)) {
        ++j;
        continue;
      }
      // Small numbers inside a name: "Element 25", "Fab 3".
      if (t[j].kind == TokenKind::number && wj.size() <= 3 && wj.find_first_of(".,") == std::string_view::npos &&
          (j + 1 >= n || tok(s, t[j + 1]) != "%") && (j + 1 >= n || !is_cap_word(tok(s, t[j + 1])) || true)) {
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
    NameChunk c{i, j, std::string(s.substr(t[i].begin, t[j - 1].end - t[i].begin))};
    out.push_back(std::move(c));
    i = j;
  }
  return out;
}

}  // namespace mtrack::extract::detail
