// Names for mtrack extract: the capitalised-name chunker and the word classes it and the
// entity pass use (corporate suffixes, organisation heads, person titles, places).

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "extract/internal.hpp"

namespace mtrack::extract::detail {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

std::string_view tok(std::string_view s, const Token& t) {
  return std::string_view(s.data() + t.begin, t.end - t.begin);
}

}  // namespace

// ---- word classes -------------------------------------------------------------------------

namespace {

constexpr std::array<std::string_view, 30> k_corporate_suffix_words = {
    "Inc",          "Inc.",        "Ltd",  "Ltd.", "Limited", "LLC",  "L.L.C.", "Corp",
    "Corp.",        "Corporation", "Co.",  "plc",  "PLC",     "Pty",  "AG",     "SA",
    "S.A.",         "NV",          "N.V.", "GmbH", "LP",      "L.P.", "Group",  "Holdings",
    "Incorporated", "Company",     "ASA",  "AB",   "SE",      "KK"};


constexpr std::array<std::string_view, 64> k_org_head_words = {
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


constexpr std::array<std::string_view, 37> k_person_title_words = {
    "CEO",        "Chairman",  "Chairwoman", "Chair",     "President",
    "Minister",   "Secretary", "Senator",    "Senators",  "Representative",
    "Governor",   "Director",  "Mr",         "Mr.",       "Mrs",
    "Mrs.",       "Ms",        "Ms.",        "Dr",        "Dr.",
    "Co-founder", "Founder",   "Officer",    "Executive", "Managing",
    "Chief",      "CFO",       "COO",        "Vice",      "Prime",
    "Premier",    "Treasurer", "Deputy",     "Sen.",      "Assistant",
    "Honourable", "Honorable"};


constexpr std::string_view k_stop_name_words[] = {
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
    "News",       "Menu",        "About",       "SOURCE",
    "If",         "Unless",      "Whether",     "Although",
    "Though",     "Because",     "Should",      "Until",
    "Jan",        "Feb",         "Apr",         "Jun",
    "Jul",        "Aug",         "Sep",         "Sept",
    "Oct",        "Nov",         "Dec",         "TLDR",
    "Yesterday",  "Tomorrow",    "Earlier",     "Later",
    "Previously", "Recently",    "Currently",   "Finally",
    "Elsewhere",  "Furthermore", "Officials",   "Analysts",
    "Executives", "Sources",     "Authorities", "Regulators",
    "Lawmakers",  "Experts",     "Traders"};


constexpr std::array<std::string_view, 96> k_place_words = {"Alabama",
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

// Also the features mines and projects are named after ("Thacker Pass", "Bear Creek").
constexpr std::array<std::string_view, 52> k_thing_word_words = {
    "Pass",      "Creek",    "Hill",    "Hills",     "Valley",    "River",      "Basin",
    "Range",     "Peak",     "Mountain", "Springs",  "Flats",     "Canyon",     "Island",
    "Project",   "Projects", "Mine",    "Deposits",  "Deposit",   "Plant",      "Facility",
    "Refinery",  "Program",  "Programme", "Act",     "Initiative", "Reserve",   "Framework",
    "Agreement", "Dialogue", "Order",   "Index",     "Exchange",  "District",   "Operation",
    "Lake",      "Ridge",    "Campus",  "Terminal",  "Bay",       "Embassy",    "House",
    "Report",    "Statements", "Rules", "Study",     "Process",   "Phase",      "Prize",
    "Summit",    "Policy",   "Hub"};

// One table for all the classes above: a word is looked up once, whatever it is asked about.
class NameWords {
 public:
  static const NameWords& get() {
    static const NameWords k;
    return k;
  }
  std::uint8_t classes(std::string_view w) const {
    if (!m_filter.maybe(w)) return 0;
    const auto* c = m_table.find(w);
    return c ? *c : 0;
  }

 private:
  NameWords() {
    add(k_corporate_suffix_words, k_suffix | k_org_head);
    add(k_org_head_words, k_org_head);
    add(k_person_title_words, k_title);
    add(k_stop_name_words, k_stop);
    add(k_place_words, k_place);
    add(k_thing_word_words, k_thing);
  }
  template <class List>
  void add(const List& list, std::uint8_t bits) {
    for (const auto w : list) {
      m_filter.add(w);
      m_table[w] |= bits;
    }
  }
  WordFilter m_filter;
  FlatMap<std::uint8_t> m_table;
};

}  // namespace

std::uint8_t name_word_classes(std::string_view w) { return NameWords::get().classes(w); }
bool is_corporate_suffix(std::string_view w) { return name_word_classes(w) & k_suffix; }
bool is_org_head(std::string_view w) { return name_word_classes(w) & k_org_head; }
bool is_person_title(std::string_view w) { return name_word_classes(w) & k_title; }
bool is_stop_name(std::string_view w) { return name_word_classes(w) & k_stop; }
bool is_place(std::string_view name) { return name_word_classes(name) & k_place; }
bool is_thing_word(std::string_view w) { return name_word_classes(w) & k_thing; }

bool part_of_named_thing(std::string_view s, const std::vector<Token>& tk, std::size_t after) {
  static constexpr std::array<std::string_view, 15> k_thing_words = {
      "project",  "projects",  "mine",     "mines",     "deposit",
      "deposits", "framework", "program",  "programme", "initiative",
      "facility", "plant",     "refinery", "prospect",  "hub"};
  const Gazetteer& gaz = Gazetteer::builtin();
  std::array<char, 64> buf;
  for (std::size_t k = after; k < tk.size() && k < after + 12; ++k) {
    const std::string_view w = tok(s, tk[k]);
    const std::string_view low = lower_into(w, buf);
    static const WordClass k_thing_set(k_thing_words.begin(), k_thing_words.end());
    if (k_thing_set.count(low)) return true;
    if (low == "for" || low == "and" || low == "of" || low == "&" || low == "-") continue;
    if (w == "(") {
      while (k < tk.size() && tok(s, tk[k]) != ")") ++k;
      continue;
    }
    if (tk[k].kind != TokenKind::word) return false;
    if (is_upper(w[0])) continue;
    // A mineral word, alone or first of a hyphenated run ("copper-gold-silver").
    if (!gaz.is_mineral_word(w.substr(0, w.find('-')))) return false;
  }
  return false;
}

// ---- name chunks --------------------------------------------------------------------------

namespace {

bool is_cap_word(std::string_view w) {
  if (w.empty()) return false;
  if (is_upper(w[0])) return true;
  // A Latin-1 capital in UTF-8 ("África", "Électricité"): 0xC3 then 0x80..0x9E, not the
  // multiplication sign 0x97.
  if (w.size() >= 2 && static_cast<unsigned char>(w[0]) == 0xC3) {
    const auto c1 = static_cast<unsigned char>(w[1]);
    if (c1 >= 0x80 && c1 <= 0x9E && c1 != 0x97) return true;
  }
  // "enCore", "iPhone": lower-case start with a capital inside (before any '-' or '\'').
  if (is_lower(w[0]) && w.size() >= 3) {
    static constexpr auto k_capital_or_break = byte_table(
        [](unsigned char c) { return (c >= 'A' && c <= 'Z') || c == '-' || c == '\''; });
    std::size_t k = 1;
    while (k < w.size() && !k_capital_or_break[static_cast<unsigned char>(w[k])]) ++k;
    return k < w.size() && is_upper(w[k]);
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

// The fields a ministry or department answers for, as its title writes them.
bool is_portfolio(std::string_view w) {
  static constexpr std::array<std::string_view, 28> k = {
      "Economy",     "Trade",       "Industry",   "Energy",      "Mines",       "Mining",
      "Resources",   "Environment", "Finance",    "Commerce",    "Innovation",  "Science",
      "Technology",  "Infrastructure", "Transport", "Water",     "Agriculture", "Planning",
      "Development", "Investment",  "Tourism",    "Labour",      "Employment",  "Industries",
      "Petroleum",   "Climate",     "Fisheries",  "Forestry"};
  return in_list(k, w);
}

bool of_joins(std::string_view head) {
  static constexpr std::array<std::string_view, 19> k = {
      "Bank",       "Department",   "Office",        "Organisation", "Organization",
      "Government", "Commonwealth", "University",    "Council",      "Ministry",
      "Republic",   "Kingdom",      "Bureau",        "Institute",    "Corporation",
      "Agency",     "Federation",   "Administration", "Company"};
  return in_list(k, head);
}

}  // namespace

std::vector<NameChunk> find_name_chunks(std::string_view s, const std::vector<Token>& t) {
  std::vector<NameChunk> out;
  find_name_chunks(s, t, out);
  return out;
}

namespace {

// Words that say where or how a company is, written onto a place name: "Toronto-based".
bool is_attached_place(std::string_view w) {
  return w.ends_with("-based") || w.ends_with("-listed") || w.ends_with("-headquartered") ||
         w.ends_with("-owned");
}

// The token after the chunk [i, j) that continues it, or j when none does. Returns the new end.
std::size_t extend(std::string_view s, const std::vector<Token>& t, std::size_t i, std::size_t j) {
  static constexpr std::string_view k_things[] = {
      "Program",     "Project",       "Agreement",  "Framework", "Act",       "Order",
      "Development", "Joint",         "National",   "Federal",   "Executive", "Government",
      "Governments", "Company",       "Loan",       "Grant",     "Venture",   "Interest",
      "Letter",      "Understanding", "Memorandum", "Title",     "Section",   "Phase",
      "Shares",      "Investors",     "Highlights", "Story"};
  static const WordClass k_thing_set(std::begin(k_things), std::end(k_things));
  const std::size_t n = t.size();
  const auto wj = tok(s, t[j]);
  const auto prev = tok(s, t[j - 1]);
  // A possessive ends the name it closes: "Chile's SQM" is two names.
  if (prev.ends_with("'s") || prev.ends_with("'")) return j;
  if (t[j].kind == TokenKind::word && is_cap_word(wj)) {
    const auto cls = name_word_classes(wj);
    // A short capitalised word after an acronym, before no further capital, ends the name it
    // is part of ("SK On", "LG In"), though it is a function word elsewhere.
    if ((cls & k_stop) && wj.size() <= 3 && prev.size() >= 2 && prev.size() <= 4 &&
        std::all_of(prev.begin(), prev.end(), [](char ch) { return is_upper(ch); }) &&
        !(j + 1 < n && t[j + 1].kind == TokenKind::word && is_cap_word(tok(s, t[j + 1]))))
      return j + 1;
    if (!(cls & k_title) && !is_attached_place(wj) &&
        !((cls & k_stop) && !(cls & k_org_head) && !k_thing_set.count(wj)))
      return j + 1;
  }
  // Small numbers inside a name: "Element 25", "Fab 3" (not years, not amounts).
  if (t[j].kind == TokenKind::number && wj.size() <= 3 &&
      wj.find_first_of(".,") == std::string_view::npos && (j + 1 >= n || tok(s, t[j + 1]) != "%") &&
      prev.size() > 1)
    return j + 1;  // and the name stops after it
  const bool cap_next = j + 1 < n && t[j + 1].kind == TokenKind::word && is_cap_word(tok(s, t[j + 1]));
  // "of" and "for" inside names of bodies: "Bank of X", "Ministry of Investment of Y",
  // "Company for Mining".
  const auto body = [&] { return of_joins(prev) || of_joins(tok(s, t[i])); };
  if (cap_next && t[j].kind == TokenKind::word) {
    if ((wj == "of" || wj == "for") && body()) return j + 1;
    if ((wj == "de" || wj == "del" || wj == "du") && is_org_head(prev)) return j + 1;
    // Romance "and" and "of" inside a long name: "Mota Engenharia e Construção", "Banco do
    // Brasil" (after two words of it, so "X e Y" of two short names stays two).
    if ((wj == "e" || wj == "y" || wj == "do" || wj == "da" || wj == "dos" || wj == "das") &&
        j - i >= 2)
      return j + 1;
    if (wj == "and" && joins_with_and(prev, tok(s, t[j + 1]))) return j + 1;
  }
  if (wj == "of" && j + 2 < n && tok(s, t[j + 1]) == "the" && is_cap_word(tok(s, t[j + 2])) &&
      body())
    return j + 2;
  if (wj == "&" && cap_next) return j + 1;
  // "Ministry of Economy, Trade and Industry": a body's title listing its portfolios, the list
  // closed by "and" (not a list of banks: "Bank of Montreal, Scotiabank and RBC").
  if (wj == "," && of_joins(tok(s, t[i])) && is_portfolio(prev)) {
    bool of = false;
    for (std::size_t k = i; k < j; ++k) of = of || tok(s, t[k]) == "of";
    std::size_t k = j;
    while (of && k + 1 < n && tok(s, t[k]) == "," && is_portfolio(tok(s, t[k + 1]))) k += 2;
    if (of && k > j && k + 1 < n && tok(s, t[k]) == "and" && is_portfolio(tok(s, t[k + 1])))
      return k + 2;
  }
  // "(UK)" inside a name: "BHP Billiton (UK) DDS".
  if (wj == "(" && j + 3 < n && tok(s, t[j + 2]) == ")" && tok(s, t[j + 1]).size() <= 3 &&
      is_upper(tok(s, t[j + 1])[0]) && is_cap_word(tok(s, t[j + 3])) &&
      !is_stop_name(tok(s, t[j + 3])))
    return j + 3;
  // ", Inc." / ", Ltd."
  if (wj == "," && j + 1 < n && is_corporate_suffix(tok(s, t[j + 1]))) return j + 2;
  return j;
}

bool same_words(std::string_view s, const std::vector<Token>& t, std::size_t a, std::size_t b,
                std::size_t len) {
  for (std::size_t k = 0; k < len; ++k) {
    const auto x = tok(s, t[a + k]);
    const auto y = tok(s, t[b + k]);
    if (x.size() != y.size()) return false;
    for (std::size_t c = 0; c < x.size(); ++c)
      if ((x[c] | 0x20) != (y[c] | 0x20)) return false;
  }
  return true;
}

}  // namespace

void find_name_chunks(std::string_view s, const std::vector<Token>& t,
                      std::vector<NameChunk>& out) {
  out.clear();
  const std::size_t n = t.size();
  std::size_t i = 0;
  while (i < n) {
    const auto w = tok(s, t[i]);
    if (t[i].kind != TokenKind::word || !is_cap_word(w) ||
        (name_word_classes(w) & (k_stop | k_title)) || is_attached_place(w)) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    for (std::size_t next; j < n && (next = extend(s, t, i, j)) != j;) {
      const bool number = t[j].kind == TokenKind::number;
      j = next;
      if (number) break;
    }
    // Trim trailing connectors.
    while (j > i + 1 && (tok(s, t[j - 1]) == "of" || tok(s, t[j - 1]) == "and" ||
                         tok(s, t[j - 1]) == "&" || tok(s, t[j - 1]) == "the" ||
                         tok(s, t[j - 1]) == "for"))
      --j;
    // A heading run into the name it heads ("LATROBE MAGNESIUM Latrobe Magnesium", "VHM VHM"):
    // the name as the prose writes it, the second half.
    std::size_t first = i;
    for (std::size_t half = (j - i) / 2; half >= 1; --half) {
      if (same_words(s, t, j - 2 * half, j - half, half)) {
        first = j - half;
        break;
      }
    }
    // A name written onto "-based" is a place: "North Carolina-based Albemarle".
    if (j < n && is_attached_place(tok(s, t[j]))) {
      i = j;
      continue;
    }
    out.push_back({first, j, s.substr(t[first].begin, t[j - 1].end - t[first].begin)});
    i = j;
  }
}

}  // namespace mtrack::extract::detail
