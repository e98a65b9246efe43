// The pipeline of mtrack extract: clean → sentences → names and gazetteer hits → deal triggers
// per clause → attributes tied to each deal → continuation sentences → de-duplication.

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "extract/internal.hpp"
#include "extract/rules.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/extract/extract.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::extract {
namespace {

using detail::Gazetteer;
using detail::lower_into;
using detail::NameChunk;

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// A token's text; tokens of `s` lie inside it, so no bounds check (substr's is not inlined).
std::string_view tok(std::string_view s, const Token& t) {
  return std::string_view(s.data() + t.begin, t.end - t.begin);
}

bool has(std::string_view low, std::string_view w) { return low.find(w) != std::string_view::npos; }

enum class OrgKind { company, agency, government };

struct Mention {
  std::string name;
  OrgKind kind = OrgKind::company;
  std::size_t pos = 0;  // byte offset in the sentence
  bool weak = false;    // unknown capitalised name, accepted from its slot only
};

struct Sentence {
  Span span;
  std::string_view text;
  std::string_view low;  // view into the lower-cased document
  std::vector<Token> tokens;
  std::vector<NameChunk> chunks;
  std::vector<detail::OrgHit> org_hits;
  std::vector<detail::MineralHit> mineral_hits;
  std::vector<Mention> orgs;
  std::vector<std::string> minerals;
  bool headline = false;
  bool refers_to_company = false;
};

// A set of words (views into the text) in one open-addressed table: no allocation per word,
// unlike a node-based set, for the thousands of words a text inserts. Lookups by value.
class ViewSet {
 public:
  // Inserts `w` (non-empty) when absent.
  void insert(std::string_view w) {
    if ((m_size + 1) * 2 > m_slots.size()) grow();
    std::string_view& slot = m_slots[slot_of(w)];
    if (slot.data() == nullptr) {
      slot = w;
      ++m_size;
    }
  }
  std::size_t count(std::string_view w) const {
    return !m_slots.empty() && m_slots[slot_of(w)].data() != nullptr ? 1 : 0;
  }
  // Calls f(word) for each word, in no particular order.
  template <class F>
  void for_each(F f) const {
    for (const auto& v : m_slots)
      if (v.data() != nullptr) f(v);
  }

 private:
  // The slot holding `w`, or the empty slot where it would go (the table is never full).
  std::size_t slot_of(std::string_view w) const {
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = detail::WordHash{}(w)&mask;
    while (m_slots[i].data() != nullptr && m_slots[i] != w) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<std::string_view> old(m_slots.empty() ? 128 : m_slots.size() * 2);
    old.swap(m_slots);
    for (const auto& v : old)
      if (v.data() != nullptr) m_slots[slot_of(v)] = v;
  }
  std::vector<std::string_view> m_slots;  // power-of-two size; null data = empty
  std::size_t m_size = 0;
};

// Inserts words into a set, skipping the hash lookup for a word equal to the last one seen
// in its slot (length and first bytes): running text repeats its common words constantly.
class RecentWords {
 public:
  void insert(ViewSet& set, std::string_view w) {
    const std::size_t c0 = static_cast<unsigned char>(w[0]) & 0x1F;
    const std::size_t c1 = static_cast<unsigned char>(w.size() > 1 ? w[1] : 0) & 0x1F;
    const std::size_t key = ((w.size() & 7) << 6 | c0 << 1 | (c1 & 1)) ^ (c1 >> 1);
    if (m_last[key] == w) return;
    m_last[key] = w;
    set.insert(w);
  }

 private:
  static constexpr std::size_t k_slots = 512;
  std::array<std::string_view, k_slots> m_last{};
};

// The party lists of the deals a trigger states: one per recipient when awards, grants, loans
// or contracts (plural, or "each") from one official body go to several companies named
// together ("A and B received awards from the agency"), else the segment's parties as they
// are. A parent named only to introduce its subsidiary ("A subsidiary B") is no recipient.
std::vector<std::vector<Mention>> recipient_groups(const std::vector<Mention>& parties,
                                                   const detail::Trigger& tr,
                                                   std::string_view sentence_low) {
  const bool funding = tr.type == AgreementType::grant || tr.type == AgreementType::contract ||
                       tr.type == AgreementType::loan;
  const bool several = tr.phrase.ends_with('s') || has(sentence_low, " each ");
  std::vector<Mention> officials;
  std::vector<Mention> companies;
  for (const auto& p : parties) {
    if (p.kind != OrgKind::company) {
      officials.push_back(p);
      continue;
    }
    const std::string_view after =
        sentence_low.substr(std::min(sentence_low.size(), p.pos + p.name.size()));
    if (!after.starts_with(" subsidiary ") && !after.starts_with("'s subsidiary ") &&
        !after.starts_with(" unit "))
      companies.push_back(p);
  }
  if (!funding || !several || officials.size() != 1 || companies.size() < 2) return {parties};
  std::vector<std::vector<Mention>> groups;
  for (const auto& c : companies) groups.push_back({c, officials.front()});
  return groups;
}

// An abbreviation a text defines for a name of its own starts with the name's first letter:
// "Filo del Sol (FDS)" does not define FDS for "Sol".
bool initials_fit(std::string_view abbreviation, std::string_view name) {
  auto up = [](char ch) { return ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch; };
  return !abbreviation.empty() && !name.empty() && up(abbreviation[0]) == up(name[0]);
}

// True when the name ending before token `after` is part of the name of a project, a mine or
// a programme: what follows, over joining words, capitalised words, mineral words and a
// parenthesis, reaches such a word ("Clean Lithium for Battery Cell Production (LBP)
// project", "Temporary Crisis and Transition Framework", "Josemaria copper-gold project").
bool part_of_named_thing(std::string_view s, const std::vector<Token>& tk, std::size_t after,
                         const Gazetteer& gaz) {
  static const detail::WordSet<std::string_view> k_thing_words = {
      "project",  "projects",  "mine",     "mines",     "deposit",
      "deposits", "framework", "program",  "programme", "initiative",
      "facility", "plant",     "refinery", "prospect",  "hub"};
  std::array<char, 64> buf;
  for (std::size_t k = after; k < tk.size() && k < after + 12; ++k) {
    const std::string_view w = tok(s, tk[k]);
    const std::string_view low = lower_into(w, buf);
    if (k_thing_words.count(low)) return true;
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

struct Draft {
  Agreement a;
  std::size_t sentence = 0;
  bool generic = false;
  bool status_set = false;
  int strength = 0;
};

// True when `low` holds a numeric date such as "10.11.2025" or "30/09/24", the only dates
// whose reading depends on the order.
bool has_numeric_date(std::string_view low) {
  auto digits = [&](std::size_t p, std::size_t& len) {
    len = 0;
    while (p + len < low.size() && low[p + len] >= '0' && low[p + len] <= '9') ++len;
    return len;
  };
  // Each separator is tried in turn (memchr finds the candidates); any hit answers.
  for (const char sep : {'.', '/'}) {
    for (std::size_t p = 1; p < low.size(); ++p) {
      const void* at = std::memchr(low.data() + p, sep, low.size() - p);
      if (at == nullptr) break;
      p = static_cast<std::size_t>(static_cast<const char*>(at) - low.data());
      if (low[p - 1] < '0' || low[p - 1] > '9') continue;
      std::size_t b = p;
      while (b > 0 && low[b - 1] >= '0' && low[b - 1] <= '9') --b;
      std::size_t l2 = 0;
      std::size_t l3 = 0;
      if (p - b > 2 || digits(p + 1, l2) == 0 || l2 > 2) continue;
      const std::size_t q = p + 1 + l2;
      if (q < low.size() && low[q] == low[p] && (digits(q + 1, l3) == 2 || l3 == 4)) return true;
    }
  }
  return false;
}

DateOrder decide_order(std::string_view low) {
  if (!has_numeric_date(low)) return DateOrder::unknown;
  // German page furniture ("Dieser Artikel", "Datenschutz", ".de/" links, function words)
  // says numeric dates are day first. One pass over the words.
  static constexpr std::string_view k_cue_words[] = {"dieser",     "und",         "der", "die",
                                                     "f\xC3\xBCr", "datenschutz", "von"};
  auto is_cue = [](std::string_view w) {
    // All cue words start with d, u, f or v and are 3 to 11 bytes long.
    if (w.size() < 3 || w.size() > 11 || (w[0] != 'd' && w[0] != 'u' && w[0] != 'f' && w[0] != 'v'))
      return false;
    return std::find(std::begin(k_cue_words), std::end(k_cue_words), w) != std::end(k_cue_words);
  };
  std::vector<std::string_view> seen;
  auto first_time = [&](std::string_view w) {
    if (std::find(seen.begin(), seen.end(), w) != seen.end()) return false;
    seen.push_back(w);
    return true;
  };
  int european = 0;
  for (std::size_t i = 0; i < low.size();) {
    const auto u = static_cast<unsigned char>(low[i]);
    if (!((low[i] >= 'a' && low[i] <= 'z') || u >= 0x80)) {
      if (low[i] == '.' && low.compare(i, 4, ".de/") == 0 && first_time(".de/")) ++european;
      if (low[i] == '.' && low.compare(i, 4, ".de)") == 0 && first_time(".de)")) ++european;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < low.size() &&
           ((low[j] >= 'a' && low[j] <= 'z') || static_cast<unsigned char>(low[j]) >= 0x80))
      ++j;
    const std::string_view w = low.substr(i, j - i);
    if (is_cue(w) && first_time(w)) {
      // "dieser" counts only as "dieser artikel".
      if (w != "dieser" || low.compare(j, 8, " artikel") == 0) ++european;
    }
    i = j;
  }
  if (european >= 2) return DateOrder::day_first;
  int dm = 0;
  int md = 0;
  for (const auto& d : find_dates(low, DateOrder::unknown)) {
    const std::string_view w = std::string_view(low).substr(d.span.begin, d.span.size());
    if (d.date.day == 0 || w.empty()) continue;
    if (w[0] >= '0' && w[0] <= '9') {
      if (w.find_first_of("./") == std::string_view::npos) ++dm;
    } else {
      ++md;
    }
  }
  if (dm > md) return DateOrder::day_first;
  if (md > dm) return DateOrder::month_first;
  return DateOrder::unknown;
}

std::string bare_dollar_currency(std::string_view t) {
  const bool asx = has(t, "ASX:") || has(t, "ASX :") || has(t, "(ASX ") || has(t, "ASX-listed");
  const bool tsx = has(t, "TSX") || has(t, "CSE:") || has(t, "TSXV");
  const bool explicit_usd = has(t, "US$") || has(t, "USD") || has(t, "$US") || has(t, "U.S.$");
  if (asx && !tsx && !has(t, "A$") && !has(t, "AU$") && !has(t, "AUD") && !explicit_usd)
    return "AUD";
  if (tsx && !asx && !has(t, "C$") && !has(t, "CA$") && !has(t, "CAD") && !explicit_usd &&
      !has(t, "Canadian"))
    return "CAD";
  return "USD";
}

int word_count(std::string_view s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    const bool w = c != ' ' && c != '\t';
    if (w && !in) ++n;
    in = w;
  }
  return n;
}

bool looks_like_headline(std::string_view s) {
  if (s.empty()) return true;
  const char last = s.back();
  if (last == '.' || last == '"' || last == ':' || last == ';') return false;
  return true;
}

Role role_for(AgreementType type, OrgKind kind, bool first) {
  const bool official = kind != OrgKind::company;
  switch (type) {
    case AgreementType::loan:
      return official ? Role::lender : Role::borrower;
    case AgreementType::grant:
      return official ? Role::grantor : Role::grantee;
    case AgreementType::contract:
      return official ? Role::buyer : Role::seller;
    case AgreementType::investment:
    case AgreementType::merger:
      return first ? Role::investor : Role::investee;
    case AgreementType::framework:
      return Role::government;
    case AgreementType::offtake:
    case AgreementType::other:
      return Role::other;
    default:
      return official && kind == OrgKind::government ? Role::government : Role::partner;
  }
}

}  // namespace

ExtractResult extract(std::string_view input, const Options& options) {
  ExtractResult result;
  const Gazetteer& gaz = Gazetteer::builtin();
  const CleanText ct = clean(input);
  const std::string& t = ct.text;
  const std::string low_all = text::lower(t);
  const DateOrder order = decide_order(low_all);
  const std::string bare =
      options.default_currency.empty() ? bare_dollar_currency(t) : options.default_currency;

  // Only the sentence spans are kept for the whole text; each pass below rebuilds a sentence's
  // tokens and hits and drops them after use, so memory does not grow with the text's size
  // beyond the text itself and what it says about its names.
  const std::vector<Span> spans = split_sentences(t);
  auto sentence_text = [&](std::size_t i) {
    return std::string_view(t).substr(spans[i].begin, spans[i].size());
  };
  // Fills `s` for sentence `i` (reusing its buffers); minerals only when asked for.
  auto load = [&](Sentence& s, std::size_t i, bool minerals) {
    s.span = spans[i];
    s.text = sentence_text(i);
    s.low = std::string_view(low_all).substr(s.span.begin, s.span.size());
    detail::tokenize_into(s.text, s.tokens);
    s.org_hits = gaz.find_orgs(s.text, s.tokens);
    detail::find_name_chunks(s.text, s.tokens, s.chunks);
    s.orgs.clear();
    s.minerals.clear();
    s.mineral_hits.clear();
    if (minerals) s.mineral_hits = gaz.find_minerals(s.text, s.tokens);
    s.headline = looks_like_headline(s.text) && word_count(s.text) <= 25;
    s.refers_to_company = false;
  };

  // ---- document: title and date line ----
  for (std::size_t i = 0; i < spans.size() && i < 80; ++i) {
    const std::string_view st = sentence_text(i);
    const int wc = word_count(st);
    if (wc >= 5 && wc <= 30 && looks_like_headline(st) && st.find('|') == std::string_view::npos) {
      result.title = std::string(st);
      break;
    }
  }
  for (std::size_t i = 0; i < spans.size() && i < 40; ++i) {
    if (word_count(sentence_text(i)) > 14 && i > 2) continue;
    for (const auto& d : find_dates(sentence_text(i), order)) {
      if (!d.ambiguous && d.date.day != 0) {
        result.published = d.date;
        break;
      }
    }
    if (!result.published.empty()) break;
  }

  // ---- pass 1: tokens, gazetteer hits, names, abbreviations, tickers, persons ----
  std::unordered_map<std::string, std::string> abbrev;  // "USSM" → "US Strategic Metals"
  std::unordered_map<std::string, int> abbrev_org;      // "JOGMEC" → org index
  std::unordered_set<std::string> registry;             // known company names
  detail::WordSet<std::string> person_words;
  // Names a text cites as its source ("according to X", "X reported", "Story provided by
  // X.com"): publishers, not parties, wherever the text names them.
  detail::WordSet<std::string> publishers;
  // Capitalised words the text writes after another word of a sentence: capitals that are
  // not just the first word of a sentence (filled after this pass, for sentence openers).
  detail::WordSet<std::string_view> mid_caps;
  detail::WordMap<std::string_view, int> initial_caps;  // capitalised first words → sentences
  // Words the text writes in lower case (views into `t`): a name made of such words is
  // common words, not a name.
  ViewSet lower_vocab;
  // Capitalised words written after a word or a comma: of these, the ones that also open a
  // sentence make mid_caps below.
  ViewSet caps_after_word;
  RecentWords vocab_cache;
  RecentWords caps_cache;
  // A short text keeps each sentence's tokens and hits from pass 1 for pass 2; a long one
  // re-reads them into one reused sentence, so its memory stays bounded.
  constexpr std::size_t k_keep_sentences_below = std::size_t{1} << 20;  // bytes of text
  const bool keep = t.size() < k_keep_sentences_below;
  std::vector<Sentence> kept(keep ? spans.size() : 0);
  Sentence scratch;
  auto sentence_at = [&](std::size_t i, bool second_pass) -> Sentence& {
    Sentence& at = keep ? kept[i] : scratch;
    if (!keep || !second_pass)
      load(at, i, second_pass);
    else
      at.mineral_hits = gaz.find_minerals(at.text, at.tokens);
    return at;
  };
  for (std::size_t si = 0; si < spans.size(); ++si) {
    Sentence& s = sentence_at(si, false);
    const auto& tk = s.tokens;
    if (!tk.empty() && tk[0].kind == TokenKind::word && is_upper(s.text[tk[0].begin]))
      ++initial_caps[tok(s.text, tk[0])];
    for (std::size_t k = 0; k < tk.size(); ++k) {
      if (tk[k].kind != TokenKind::word) continue;
      const auto w = tok(s.text, tk[k]);
      if (w[0] >= 'a' && w[0] <= 'z')
        vocab_cache.insert(lower_vocab, w);
      else if (k > 0 && is_upper(w[0]) &&
               (tk[k - 1].kind == TokenKind::word || tok(s.text, tk[k - 1]) == ","))
        caps_cache.insert(caps_after_word, w);
    }
    std::size_t person_end = 0;  // token after the last person named in this sentence
    for (const auto& c : s.chunks) {
      const std::size_t j = c.last;
      // Name ( "Abbr" ) / Name (ABBR) / Name (ASX: IXR or IonicRE)
      if (j < tk.size() && tok(s.text, tk[j]) == "(") {
        std::size_t k = j + 1;
        bool ticker = false;
        if (k + 2 < tk.size() && tok(s.text, tk[k + 1]) == ":" &&
            std::all_of(tok(s.text, tk[k]).begin(), tok(s.text, tk[k]).end(),
                        [](char ch) { return is_upper(ch) || ch == '-'; })) {
          ticker = true;
          k += 3;  // exchange, ':', symbol
          if (k < tk.size() && tok(s.text, tk[k]) == "or") ++k;
        }
        if (k < tk.size() && tok(s.text, tk[k]) == "\"") ++k;
        if (k < tk.size() && tk[k].kind == TokenKind::word) {
          const std::string ab(tok(s.text, tk[k]));
          std::size_t e = k + 1;
          if (e < tk.size() && tok(s.text, tk[e]) == "\"") ++e;
          const bool closes =
              e < tk.size() && (tok(s.text, tk[e]) == ")" || tok(s.text, tk[e]) == "or");
          const bool acronymish =
              std::count_if(ab.begin(), ab.end(), [](char ch) { return is_upper(ch); }) >= 2;
          // "(D-Ohio)" after a name is a legislator's party and state, not an abbreviation.
          const bool affiliation = ab.size() > 2 && ab[1] == '-';
          if (closes && acronymish && !affiliation && !detail::is_stop_name(ab) && ab != c.text) {
            int known = -1;
            for (const auto& h : s.org_hits) {
              if (h.first <= c.first && h.last >= c.last) known = h.org;
            }
            std::string full(c.text);
            if (full.starts_with("The ")) full = full.substr(4);
            if (known >= 0)
              abbrev_org[ab] = known;
            else if (gaz.org_by_name(ab) < 0 && initials_fit(ab, full)) {
              abbrev.emplace(ab, full);
              registry.insert(full);
            }
          }
          if (ticker) {
            std::string full(c.text);
            if (full.starts_with("The ")) full = full.substr(4);
            registry.insert(full);
          }
        } else if (ticker) {
          registry.emplace(c.text);
        }
      }
      // Persons: "CEO Stacy W. Hastie", "Justin Brown welcomed", "X said".
      bool person = false;
      if (c.first > 0 && detail::is_person_title(tok(s.text, tk[c.first - 1]))) person = true;
      if (c.first > 1 && tok(s.text, tk[c.first - 1]) == "director") person = true;
      if (c.last < tk.size()) {
        const auto nx = tok(s.text, tk[c.last]);
        if (nx == "said" || nx == "says" || nx == "added" || nx == "told") person = true;
        if (nx == "," && c.last + 1 < tk.size() &&
            detail::is_person_title(tok(s.text, tk[c.last + 1])))
          person = true;
      }
      // '"...," said Jane Roe, CEO': the speaker ends the clause. "said X has ..." reports
      // what X did; X may be a company.
      if (c.first > 0 &&
          (tok(s.text, tk[c.first - 1]) == "said" || tok(s.text, tk[c.first - 1]) == "says")) {
        const auto nx = c.last < tk.size() ? tok(s.text, tk[c.last]) : std::string_view(".");
        if (nx == "," || nx == "." || nx == "(" || nx == ";") person = true;
      }
      // "Senators A B and C D": a name joined by "and" to a person is a person too.
      if (c.first >= 1 && person_end != 0 && person_end + 1 == c.first &&
          tok(s.text, tk[c.first - 1]) == "and")
        person = true;
      // A legislator's party and state after the name: "Jane Roe (D-Ohio)", "(both R-Utah)".
      if (c.last + 2 < tk.size() && tok(s.text, tk[c.last]) == "(") {
        std::size_t k = c.last + 1;
        if (tok(s.text, tk[k]) == "both") ++k;
        const auto aff = tok(s.text, tk[k]);
        if (aff.size() > 2 && (aff[0] == 'R' || aff[0] == 'D' || aff[0] == 'I') && aff[1] == '-')
          person = true;
      }
      if (person) person_end = c.last;
      // Sources: "according to X", "X reported", "provided by X.com", "X.com - ...".
      {
        const auto at = [&](std::size_t k) {
          return k < tk.size() ? tok(s.text, tk[k]) : std::string_view();
        };
        const bool cited =
            (c.first >= 2 && text::iequals(at(c.first - 2), "according") &&
             at(c.first - 1) == "to") ||
            (c.first >= 2 && text::iequals(at(c.first - 2), "provided") &&
             at(c.first - 1) == "by") ||
            at(c.last) == "reported" || at(c.last) == "reports" ||
            (at(c.last) == "." && (at(c.last + 1) == "com" || at(c.last + 1) == "net"));
        if (cited) {
          std::string name(c.text);
          if (name.starts_with("The ")) name = name.substr(4);
          publishers.insert(name);
        }
      }
      const auto last_word = tok(s.text, tk[c.last - 1]);
      if (person && !detail::is_org_head(last_word) && c.last - c.first <= 4) {
        for (std::size_t k = c.first; k < c.last; ++k)
          person_words.insert(std::string(tok(s.text, tk[k])));
      }
      if (detail::is_corporate_suffix(last_word) ||
          (detail::is_org_head(last_word) && c.last - c.first >= 2)) {
        std::string full(c.text);
        if (full.starts_with("The ")) full = full.substr(4);
        if (gaz.org_by_name(full) < 0) registry.insert(full);
      }
    }
  }
  // Of the words that open a sentence, those the text also capitalises after another word.
  caps_after_word.for_each([&](std::string_view w) {
    if (initial_caps.count(w)) mid_caps.insert(w);
  });
  auto in_vocab = [&](std::string_view w) {
    std::array<char, 64> buf;
    if (w.size() > buf.size()) return lower_vocab.count(text::lower(w)) > 0;
    return lower_vocab.count(lower_into(w, buf)) > 0;
  };
  std::erase_if(registry, [&](const std::string& r) {
    for (const auto& w : text::split(r, ' '))
      if (!lower_vocab.count(text::lower(w))) return false;
    return true;
  });
  // A registered name without its suffix is the same company ("Ares Strategic Mining").
  std::unordered_map<std::string, std::string> by_stem;
  for (const auto& r : registry) {
    std::string stem = r;
    // Longer suffixes first: "Co., Ltd." before "Ltd.".
    for (std::string_view suf : {" Co., Ltd.", " Pty Ltd", ", Inc.", " Inc.", " Inc", " Ltd.",
                                 " Ltd", " Limited", " LLC", " Corp.", " Corporation", " plc"}) {
      if (stem.ends_with(suf)) {
        stem.resize(stem.size() - suf.size());
        break;
      }
    }
    if (stem == r || stem.empty()) continue;
    auto it = by_stem.find(stem);
    if (it == by_stem.end() || r.size() > it->second.size()) by_stem[stem] = r;
  }
  for (const auto& [stem, full] : by_stem) registry.insert(stem);

  // First word → registered name ("Lifezone" → "Lifezone Metals").
  std::unordered_map<std::string, std::string> by_first;
  for (const auto& r : registry) {
    const auto sp = r.find(' ');
    if (sp == std::string::npos) continue;
    const std::string first = r.substr(0, sp);
    if (detail::is_org_head(first) || detail::country_of_adjective(first).size() ||
        first.size() < 3 || detail::is_place(first))
      continue;
    auto it = by_first.find(first);
    if (it == by_first.end() || r.size() > it->second.size()) by_first[first] = r;
  }

  // ---- pass 2: organisations per sentence ----
  auto org_kind = [&](int idx) {
    const auto& k = gaz.orgs()[static_cast<std::size_t>(idx)].kind;
    return k == "government" ? OrgKind::government : OrgKind::agency;
  };
  // Minerals tied to each company: sentences that name it or refer to it.
  std::unordered_map<std::string, std::map<std::string, int>> org_minerals;
  std::map<std::string, int> doc_minerals;
  std::string tied_company;  // the company a sentence that says "it" or "the company" means
  std::vector<Draft> drafts;
  std::string last_company;
  // The last two companies a sentence joined with "and" ("the two companies").
  std::vector<std::string> last_pair;
  std::size_t last_pair_at = 0;
  // Per-token flags of the sentence at hand, reused from sentence to sentence.
  std::vector<bool> covered;
  std::vector<bool> owned;
  for (std::size_t si = 0; si < spans.size(); ++si) {
    Sentence& s = sentence_at(si, true);
    const auto& tk = s.tokens;
    covered.assign(tk.size(), false);
    auto add = [&](Mention m) {
      for (const auto& o : s.orgs)
        if (o.name == m.name) return;
      s.orgs.push_back(std::move(m));
    };
    // Names that contain a gazetteer hit but are names of their own ("US Strategic Metals").
    owned.assign(tk.size(), false);
    for (const auto& c : s.chunks) {
      std::size_t in_hits = 0;
      for (std::size_t k = c.first; k < c.last; ++k)
        for (const auto& h : s.org_hits)
          if (k >= h.first && k < h.last) ++in_hits;
      if (in_hits == 0 || in_hits == c.last - c.first) continue;
      std::string name(c.text);
      if (name.starts_with("The ")) name = name.substr(4);
      const auto last_word = tok(s.text, tk[c.last - 1]);
      if (registry.count(name) || detail::is_corporate_suffix(last_word)) {
        for (std::size_t k = c.first; k < c.last; ++k) owned[k] = true;
        add({name, OrgKind::company, tk[c.first].begin, false});
      }
    }
    for (const auto& h : s.org_hits) {
      if (owned[h.first]) continue;
      for (std::size_t k = h.first; k < h.last; ++k) covered[k] = true;
      const OrgKind kind = org_kind(h.org);
      const auto& name = gaz.orgs()[static_cast<std::size_t>(h.org)].name;
      if (kind == OrgKind::government) {
        // A country is a party only as a government: "US government", "U.S. and Ukraine
        // announced", "Canada announced its own award".
        bool gov = false;
        const std::string hit_low = detail::phrase_key(s.text, tk, h.first, h.last);
        if (has(hit_low, "government") || has(hit_low, "commonwealth")) gov = true;
        for (std::size_t k = h.last; k < tk.size() && k < h.last + 4; ++k) {
          std::array<char, 64> w_buf;
          const std::string_view w = lower_into(tok(s.text, tk[k]), w_buf);
          if (w == "government" || w == "governments" || w == "president" || w == "prime" ||
              w == "administration")
            gov = true;
        }
        if (h.last < tk.size()) {
          std::array<char, 64> w_buf;
          const std::string_view w = lower_into(tok(s.text, tk[h.last]), w_buf);
          if (w == "announced" || w == "signed" || w == "agreed" || w == "awarded" ||
              w == "granted" || w == "has" || w == "have")
            gov = true;
          if (w == "and" && h.last + 1 < tk.size()) {
            for (const auto& h2 : s.org_hits)
              if (h2.first == h.last + 1 && org_kind(h2.org) == OrgKind::government) gov = true;
          }
        }
        if (h.first > 0) {
          std::array<char, 64> pw_buf;
          const std::string_view pw = lower_into(tok(s.text, tk[h.first - 1]), pw_buf);
          if (pw == "between") gov = true;
          if (pw == "and" && h.first >= 2) {
            for (const auto& h2 : s.org_hits)
              if (h2.last == h.first - 1 && org_kind(h2.org) == OrgKind::government) {
                // "The U.S. and Ukraine announced": both count when the pair is a subject.
                if (h.last < tk.size()) {
                  std::array<char, 64> w_buf;
                  const std::string_view w = lower_into(tok(s.text, tk[h.last]), w_buf);
                  if (w == "announced" || w == "signed" || w == "have" || w == "agreed") gov = true;
                }
              }
          }
        }
        if (!gov) continue;
      }
      add({name, kind, tk[h.first].begin, false});
    }
    // Demonyms before government words: "Australian Prime Minister", "Japanese Government".
    for (std::size_t k = 0; k + 1 < tk.size(); ++k) {
      const auto nx = tok(s.text, tk[k + 1]);
      // All four words start with 'g' or 'p' (any case): most tokens stop here.
      if (nx.empty() || ((nx[0] | 0x20) != 'g' && (nx[0] | 0x20) != 'p')) continue;
      if (!text::iequals(nx, "government") && !text::iequals(nx, "governments") &&
          !text::iequals(nx, "prime") && !text::iequals(nx, "president"))
        continue;
      const std::string country = detail::country_of_adjective(tok(s.text, tk[k]));
      if (country.empty()) continue;
      {
        const int idx = gaz.org_by_name(country);
        if (idx >= 0)
          add({gaz.orgs()[static_cast<std::size_t>(idx)].name, OrgKind::government, tk[k].begin,
               false});
      }
    }
    for (const auto& c : s.chunks) {
      // Parts of the chunk not covered by a gazetteer hit.
      bool any_cov = false;
      for (std::size_t k = c.first; k < c.last; ++k) any_cov = any_cov || covered[k] || owned[k];
      if (any_cov) continue;
      std::string name(c.text);
      std::size_t first = c.first;
      if (name.starts_with("The ")) name = name.substr(4), ++first;
      if (name.ends_with("'s")) name.resize(name.size() - 2);
      if (name.empty()) continue;
      bool mineral_name = false;
      for (const auto& h : s.mineral_hits)
        if (h.first <= first && h.last >= c.last) mineral_name = true;
      if (mineral_name) continue;
      if (publishers.count(name) && !registry.count(name)) continue;
      // "JPY2,500 million": a currency code glued to its amount, not a name.
      if (c.last - first == 1 && name.size() > 3 && name[3] >= '0' && name[3] <= '9' &&
          is_currency_code(std::string_view(name).substr(0, 3)))
        continue;
      if (auto it = abbrev.find(name); it != abbrev.end()) {
        add({it->second, OrgKind::company, tk[c.first].begin, false});
        continue;
      }
      if (auto it = abbrev_org.find(name); it != abbrev_org.end()) {
        add({gaz.orgs()[static_cast<std::size_t>(it->second)].name, org_kind(it->second),
             tk[c.first].begin, false});
        continue;
      }
      if (!detail::is_corporate_suffix(tok(s.text, tk[c.last - 1])) &&
          part_of_named_thing(s.text, tk, c.last, gaz))
        continue;
      if (registry.count(name)) {
        if (auto it = by_stem.find(name); it != by_stem.end()) name = it->second;
        add({name, OrgKind::company, tk[c.first].begin, false});
        continue;
      }
      if (c.last - first == 1) {
        if (auto it = by_first.find(name); it != by_first.end()) {
          add({it->second, OrgKind::company, tk[c.first].begin, false});
          continue;
        }
      }
      // Rejections: places, persons, adjectives, things.
      if (detail::is_place(name) || !detail::country_of_adjective(name).empty()) continue;
      if (gaz.org_by_name(name) >= 0) continue;
      bool person = true;
      for (std::size_t k = first; k < c.last; ++k)
        if (!person_words.count(tok(s.text, tk[k]))) person = false;
      if (person) continue;
      const auto last_word = tok(s.text, tk[c.last - 1]);
      static const std::set<std::string_view> k_things = {
          "Project",   "Projects",   "Mine",      "Mines",    "Deposit",    "Plant",    "Facility",
          "Refinery",  "Program",    "Programme", "Act",      "Initiative", "Reserve",  "Framework",
          "Agreement", "Dialogue",   "Order",     "Index",    "Exchange",   "District", "Operation",
          "Lake",      "Ridge",      "Campus",    "Terminal", "Bay",        "Embassy",  "House",
          "Report",    "Statements", "Rules",     "Study",    "Process",    "Phase",    "Prize",
          "Summit",    "Policy"};
      if (k_things.count(last_word)) continue;
      if (c.first > 0) {
        std::array<char, 64> pw_buf;
        const std::string_view pw = lower_into(tok(s.text, tk[c.first - 1]), pw_buf);
        if (pw == "in" || pw == "near" || pw == "at" || pw == "across" || pw == "of" ||
            pw == "outside")
          continue;
      }
      const bool strong = detail::is_corporate_suffix(last_word) || detail::is_org_head(last_word);
      bool all_common = true;
      for (std::size_t k = first; k < c.last; ++k)
        if (!in_vocab(tok(s.text, tk[k]))) all_common = false;
      if (all_common) continue;
      if (strong && c.last - first >= 2) {
        add({name, OrgKind::company, tk[c.first].begin, false});
        continue;
      }
      // Unknown capitalised name: a party only from a party slot, and not common words.
      {
        std::size_t common = 0;
        for (std::size_t k = first; k < c.last; ++k) {
          if (in_vocab(tok(s.text, tk[k]))) ++common;
        }
        if (common * 2 > c.last - first) continue;
      }
      bool slot = false;
      if (c.first > 0) {
        std::array<char, 64> pw_buf;
        const std::string_view pw = lower_into(tok(s.text, tk[c.first - 1]), pw_buf);
        slot = pw == "with" || pw == "from" || pw == "to" || pw == "by" || pw == "and" ||
               pw == "between" || pw == "maker" || pw == "miner" || pw == "producer" ||
               pw == "firm" || pw == "company" || pw == "giant" || pw == "processor" ||
               pw == "developer" || pw == "recycler" || pw == "group";
      } else {
        slot = true;  // sentence subject
      }
      if (c.last < tk.size()) {
        std::array<char, 64> nw_buf;
        const std::string_view nw = lower_into(tok(s.text, tk[c.last]), nw_buf);
        if (nw == "and" || nw == "has" || nw == "have" || nw == "will" || nw == "signed" ||
            nw == "announced" || nw == "inked" || nw == "is" || nw == "made" || nw == "agreed")
          slot = slot || c.first <= 3;
        if (nw == "and" || nw == "will") slot = true;
        // The subject of a deal verb: "as Acme finalized a loan with ...".
        static const detail::WordSet<std::string_view> k_deal_verbs = {
            "finalized", "finalised", "secured",  "signed",    "inked",  "received", "won",
            "obtained",  "struck",    "clinched", "completed", "closed", "entered",  "agreed"};
        if (k_deal_verbs.count(nw)) slot = true;
      }
      if (first + 1 == c.last && name.size() > 4 &&
          std::all_of(name.begin(), name.end(), [](char ch) { return is_upper(ch); }) &&
          c.last < tk.size() && (tok(s.text, tk[c.last]) == "-" || tok(s.text, tk[c.last]) == ","))
        continue;  // a dateline ("WASHINGTON -")
      if (first + 1 == c.last) {
        // One-word names: not all-capital words of 1-2 letters, not common words.
        if (name.size() <= 2) slot = false;
      }
      // A single capitalised word that opens its sentence and is never written with a
      // capital elsewhere is an ordinary word ("Due to ...", "Major miner X ...").
      // It reads as an ordinary word when what follows could not follow a name that is the
      // subject: a preposition or a role noun ("Due to ...", "Major miner X ..."). Words that
      // open two sentences or more, or have a capital inside ("IonicRE"), stay.
      if (c.first == 0 && first == 0 && c.last == 1 && c.last < tk.size()) {
        static const detail::WordSet<std::string_view> k_not_after_subject = {
            "to",    "of",    "for",       "in",     "on",       "at",      "from",
            "with",  "by",    "as",        "miner",  "producer", "company", "firm",
            "group", "maker", "developer", "player", "owner"};
        const auto w = tok(s.text, tk[first]);
        const auto ic = initial_caps.find(w);
        const bool inner_cap = std::any_of(w.begin() + 1, w.end(), is_upper);
        if (!mid_caps.count(w) && !inner_cap && (ic == initial_caps.end() || ic->second < 2) &&
            k_not_after_subject.count(tok(s.text, tk[c.last])))
          slot = false;
      }
      if (slot) add({name, OrgKind::company, tk[c.first].begin, true});
    }
    std::sort(s.orgs.begin(), s.orgs.end(),
              [](const Mention& a, const Mention& b) { return a.pos < b.pos; });
    // Minerals of the sentence.
    for (const auto& h : s.mineral_hits)
      for (const auto& m : h.names())
        if (std::find(s.minerals.begin(), s.minerals.end(), m) == s.minerals.end())
          s.minerals.push_back(m);
    s.refers_to_company = s.low.starts_with("it ") || has(s.low, "the company") ||
                          s.low.starts_with("the company") || has(s.low, " its ");
    {
      std::vector<std::string> named;
      for (const auto& o : s.orgs)
        if (o.kind == OrgKind::company) named.push_back(o.name);
      if (named.empty() && s.refers_to_company && !tied_company.empty())
        named.push_back(tied_company);
      for (const auto& m : s.minerals) {
        doc_minerals[m]++;
        for (const auto& n : named) org_minerals[n][m]++;
      }
      if (!named.empty()) tied_company = named.front();
    }

    // ---- pass 3: deals ----
    std::string prev_company = last_company;
    const std::vector<std::string> prev_pair =
        si <= last_pair_at + 4 ? last_pair : std::vector<std::string>{};
    if (!s.headline) {
      for (const auto& o : s.orgs)
        if (o.kind == OrgKind::company && !o.weak) {
          last_company = o.name;
          break;
        }
      // Two companies joined by "and" ("A and B said ..."): the pair a later "the two
      // companies" means.
      for (std::size_t k = 0; k + 1 < s.orgs.size(); ++k) {
        const Mention& a = s.orgs[k];
        const Mention& b = s.orgs[k + 1];
        if (a.kind != OrgKind::company || b.kind != OrgKind::company) continue;
        const std::string_view between = s.low.substr(a.pos, b.pos - a.pos);
        if (between.ends_with(" and ") && between.find(',') == std::string_view::npos) {
          last_pair = {a.name, b.name};
          last_pair_at = si;
          break;
        }
      }
    }
    if (s.headline || s.text.size() < 20) continue;
    if (s.text[0] == '"') continue;  // quoted speech states views, not agreements
    auto triggers = detail::find_triggers(s.low);
    if (triggers.empty()) continue;
    // Continuation sentence: no new party, an anaphoric "the/this ... deal".
    const bool anaphoric_start = s.low.starts_with("the ") || s.low.starts_with("this ") ||
                                 s.low.starts_with("under the") ||
                                 s.low.starts_with("as per the") || s.low.starts_with("that ");
    // Segments: split at "; " and ", and " and ", while ".
    std::vector<std::pair<std::size_t, std::size_t>> segs;
    {
      std::size_t b = 0;
      const std::string_view l = s.low;
      int depth = 0;  // inside parentheses nothing is cut: "(JBIC; Governor: ...)"
      for (std::size_t k = 0; k < l.size(); ++k) {
        if (l[k] == '(') ++depth;
        if (l[k] == ')' && depth > 0) --depth;
        if ((l[k] != ';' && l[k] != ',') || depth > 0) continue;
        std::size_t cut = 0;
        if (l.compare(k, 2, "; ") == 0)
          cut = 2;
        else if (l.compare(k, 6, ", and ") == 0) {
          for (std::string_view w :
               {"in ", "was ", "is ", "has ", "have ", "will ", "also ", "it ", "its ", "the ",
                "on ", "at ", "later ", "then ", "which ", "signed ", "secured ", "received "})
            if (l.compare(k + 6, w.size(), w) == 0) cut = 6;
        } else if (l.compare(k, 8, ", while ") == 0)
          cut = 8;
        if (cut) {
          segs.emplace_back(b, k);
          b = k + cut;
          k += cut - 1;
        }
      }
      segs.emplace_back(b, l.size());
    }
    const detail::StatusCues sentence_cues = detail::read_status(s.low);
    for (const auto& [sb, se] : segs) {
      std::vector<detail::Trigger> in_seg;
      for (const auto& tr : triggers)
        if (tr.begin >= sb && tr.begin < se) in_seg.push_back(tr);
      if (in_seg.empty()) continue;
      const std::string_view seg_low = std::string_view(s.low).substr(sb, se - sb);
      // Anaphoric mention of an earlier deal ("The partnership comes as", "This MOU").
      std::vector<detail::Trigger> fresh;
      for (const auto& tr : in_seg) {
        const std::size_t b = tr.begin >= 14 ? tr.begin - 14 : 0;
        const std::string_view pre = std::string_view(s.low).substr(b, tr.begin - b);
        const bool anaphor =
            pre.ends_with("this ") ||
            (tr.begin <= 24 && anaphoric_start &&
             (pre.ends_with("the ") || pre.ends_with("this ") || pre.ends_with("that ") ||
              pre.ends_with("under the ") || pre.ends_with("per the ")));
        if (!anaphor) fresh.push_back(tr);
      }
      // Best trigger; a second one of another type joined by "and" ("offtake and financing
      // agreements") is a second instrument.
      std::vector<detail::Trigger> chosen;
      if (!fresh.empty()) {
        auto best = *std::max_element(fresh.begin(), fresh.end(), [](const auto& a, const auto& b) {
          return a.strength < b.strength;
        });
        chosen.push_back(best);
        for (const auto& tr : fresh) {
          if (tr.type == best.type || tr.generic || tr.strength < 55) continue;
          const std::size_t lo = std::min(tr.end, best.end);
          const std::size_t hi = std::max(tr.begin, best.begin);
          if (hi > lo && hi - lo < 12 && has(std::string_view(s.low).substr(lo, hi - lo), "and"))
            chosen.push_back(tr);
        }
      }
      // Parties of the segment.
      std::vector<Mention> seg_parties;
      for (const auto& o : s.orgs)
        if (o.pos >= sb && o.pos < se) seg_parties.push_back(o);
      const bool weak_only =
          std::all_of(chosen.begin(), chosen.end(),
                      [](const detail::Trigger& tr) { return tr.generic || tr.strength < 40; });
      if (chosen.empty() || (weak_only && seg_parties.empty() && anaphoric_start)) {
        // Continuation: attach cues to the previous deal.
        if (!drafts.empty() && drafts.back().sentence + 3 >= si && anaphoric_start) {
          bool new_party = false;
          for (const auto& p : seg_parties) {
            bool known = false;
            for (const auto& q : drafts.back().a.parties) known = known || q.name == p.name;
            if (!known && !p.weak) new_party = true;
          }
          if (new_party) continue;
          Draft& d = drafts.back();
          const auto money = find_money(s.text.substr(sb, se - sb), bare);
          for (const auto& m : money) {
            if (m.per_unit || m.in_parens) continue;
            const std::size_t b = m.span.begin >= 20 ? m.span.begin - 20 : 0;
            const auto pre = seg_low.substr(b, m.span.begin - b);
            if (has(pre, "larger") || has(pre, "total")) continue;
            if (!d.a.value)
              d.a.value = m.money;
            else if (m.up_to && !d.a.ceiling && m.money.minor > d.a.value->minor &&
                     m.money.currency == d.a.value->currency)
              d.a.ceiling = m.money;
          }
          if (d.a.term.empty()) {
            const auto terms = find_terms(seg_low);
            if (!terms.empty()) d.a.term = terms.front().iso;
          }
          const auto cues = detail::read_status(seg_low);
          if (cues.binding && !d.a.binding) d.a.binding = cues.binding;
          if (cues.status && !d.status_set &&
              (*cues.status == Status::approved || *cues.status == Status::proposed)) {
            d.a.status = *cues.status;
            d.status_set = true;
          }
        }
        continue;
      }
      // Add the sentence subject and the company the text is about.
      if (seg_parties.size() < 2 && !s.orgs.empty()) {
        std::vector<Mention> subjects = {s.orgs.front()};
        if (s.orgs.size() >= 2 && s.orgs[1].pos < sb) {
          const std::size_t gap_b = s.orgs[0].pos;
          const std::string_view between =
              std::string_view(s.low).substr(gap_b, s.orgs[1].pos - gap_b);
          const auto close = between.find(')');
          if (between.ends_with(" and ") && between.find(',') == std::string_view::npos &&
              (close == std::string_view::npos || between.size() < 40))
            subjects.push_back(s.orgs[1]);
        }
        for (const auto& subj : subjects) {
          bool present = false;
          for (const auto& p : seg_parties) present = present || p.name == subj.name;
          if (!present && subj.pos < sb) seg_parties.insert(seg_parties.begin(), subj);
        }
      }
      const bool coref =
          has(seg_low, "the company") || has(s.low, "the company") || seg_low.starts_with("it ") ||
          s.low.starts_with("it ") || has(seg_low, "the miner") || has(seg_low, "the firm") ||
          has(s.low, " was tapped") || has(seg_low, " our ") || has(seg_low, "the deal");
      // "the two companies", "both companies": the two companies the text last joined with
      // "and", in place of weak names the segment offers.
      if (!prev_pair.empty() && (has(seg_low, "the two companies") ||
                                 has(seg_low, "both companies") || has(seg_low, "the two firms") ||
                                 has(seg_low, "both firms") || has(seg_low, "the two groups"))) {
        std::erase_if(seg_parties, [](const Mention& p) { return p.weak; });
        for (auto k = prev_pair.size(); k-- > 0;) {
          bool present = false;
          for (const auto& q : seg_parties) present = present || q.name == prev_pair[k];
          if (!present)
            seg_parties.insert(seg_parties.begin(), {prev_pair[k], OrgKind::company, 0, false});
        }
      }
      if (seg_parties.size() < 2 && coref) {
        std::string who = prev_company;
        if (has(seg_low, "the deal") && !drafts.empty() && drafts.back().sentence + 2 >= si) {
          for (const auto& p : drafts.back().a.parties) {
            bool present = false;
            for (const auto& q : seg_parties) present = present || q.name == p.name;
            if (!present) seg_parties.push_back({p.name, OrgKind::company, 0, false});
          }
        } else if (!who.empty()) {
          bool present = false;
          for (const auto& q : seg_parties) present = present || q.name == who;
          if (!present) seg_parties.insert(seg_parties.begin(), {who, OrgKind::company, 0, false});
        }
      }
      if (seg_parties.empty()) continue;

      // Money of the segment.
      std::optional<Money> value;
      std::optional<Money> ceiling;
      std::optional<Money> up_to_only;
      for (const auto& m : find_money(s.text.substr(sb, se - sb), bare)) {
        if (m.per_unit || m.in_parens) continue;
        const std::size_t b = m.span.begin >= 24 ? m.span.begin - 24 : 0;
        const auto pre = seg_low.substr(b, m.span.begin - b);
        if (has(pre, "larger") || has(pre, "total") || has(pre, "capitali") ||
            has(pre, "trading at") || has(pre, "shares"))
          continue;
        const auto post =
            seg_low.substr(m.span.end, std::min<std::size_t>(12, se - sb - m.span.end));
        if (has(post, "pipeline") || has(post, "refinery") || has(post, "project")) continue;
        // Money in a sentence uses the original case for currency markers: re-read from text.
        Money money = m.money;
        if (m.up_to) {
          if (!up_to_only)
            up_to_only = money;
          else if (!ceiling)
            ceiling = money;
          continue;
        }
        if (!value) value = money;
      }
      if (!value && up_to_only) {
        value = up_to_only;
      } else if (value && up_to_only && !ceiling) {
        if (up_to_only->minor > value->minor && up_to_only->currency == value->currency)
          ceiling = up_to_only;
      }
      if (ceiling && (!value || ceiling->minor <= value->minor)) ceiling.reset();

      const auto terms = find_terms(seg_low);
      const auto cues = segs.size() == 1 ? sentence_cues : detail::read_status(seg_low);

      for (const auto& tr : chosen)
        for (const auto& parties : recipient_groups(seg_parties, tr, s.low)) {
          Draft d;
          d.sentence = si;
          d.strength = tr.strength;
          d.generic = tr.generic;
          AgreementType type = tr.type;
          const bool any_official =
              std::any_of(parties.begin(), parties.end(),
                          [](const Mention& p) { return p.kind != OrgKind::company; });
          const bool all_gov = std::all_of(parties.begin(), parties.end(), [](const Mention& p) {
            return p.kind == OrgKind::government;
          });
          if (type == AgreementType::framework && !all_gov) d.generic = true;
          if (tr.phrase == "award" || tr.phrase == "awards" || tr.phrase == "awarded" ||
              tr.phrase == "granted" || tr.phrase == "funding") {
            if (has(seg_low, "to supply") || has(seg_low, "to sell") || has(seg_low, "contract"))
              type = AgreementType::contract;
            else if (!any_official)
              continue;
          }
          if (tr.phrase == "to acquire" || tr.phrase == "will acquire" ||
              tr.phrase == "acquisition of") {
            // A stake short of the whole company is an investment.
            for (std::size_t p = seg_low.find('%'); p != std::string_view::npos;
                 p = seg_low.find('%', p + 1)) {
              std::size_t b = p;
              while (b > 0 && seg_low[b - 1] >= '0' && seg_low[b - 1] <= '9') --b;
              if (b < p && std::stoi(std::string(seg_low.substr(b, p - b))) < 100)
                type = AgreementType::investment;
            }
            const auto pc = seg_low.find(" percent");
            if (pc != std::string_view::npos) {
              std::size_t b = pc;
              while (b > 0 && seg_low[b - 1] >= '0' && seg_low[b - 1] <= '9') --b;
              if (b < pc && std::stoi(std::string(seg_low.substr(b, pc - b))) < 100)
                type = AgreementType::investment;
            }
          }
          if (tr.phrase == "invest" || tr.phrase == "investment") {
            if (any_official && has(seg_low, "award")) type = AgreementType::grant;
          }
          if (d.generic) {
            std::string sup(seg_low);
            for (auto at = sup.find("supply chain"); at != std::string::npos;
                 at = sup.find("supply chain"))
              sup.replace(at, 12, "chain");
            if (has(sup, "suppl") || has(seg_low, "purchase") || has(seg_low, "offtake") ||
                has(seg_low, "buy "))
              type = AgreementType::offtake;
            else if (has(seg_low, " fund") || has(seg_low, "invest"))
              type = AgreementType::investment;
            else if (all_gov && parties.size() >= 2)
              type = AgreementType::framework;
            else
              type = AgreementType::other;
          }
          if (parties.size() < 2 && !value) continue;
          if (parties.size() < 2 &&
              (type == AgreementType::mou || type == AgreementType::loi ||
               type == AgreementType::partnership || type == AgreementType::jv ||
               type == AgreementType::other || type == AgreementType::framework ||
               type == AgreementType::offtake))
            continue;
          Agreement& a = d.a;
          a.type = type;
          for (std::size_t k = 0; k < parties.size(); ++k)
            a.parties.push_back({parties[k].name, role_for(type, parties[k].kind, k == 0)});
          a.value = value;
          a.ceiling = ceiling;
          if (!terms.empty()) a.term = terms.front().iso;
          // Status and binding.
          a.status = Status::signed_;
          if (cues.status) {
            a.status = *cues.status;
            d.status_set = true;
          } else if (type == AgreementType::loan && any_official && !cues.signed_cue) {
            a.status = Status::approved;
          }
          if (has(seg_low, "planned merger") || has(seg_low, "proposed merger"))
            a.status = Status::proposed;
          a.binding = cues.binding;
          if (!a.binding && sentence_cues.binding && segs.size() == 1)
            a.binding = sentence_cues.binding;
          if (type == AgreementType::mou || type == AgreementType::loi) a.binding = false;
          if (!a.binding && a.status == Status::signed_ && (type == AgreementType::contract))
            a.binding = true;
          if (!a.binding && a.status == Status::completed && type == AgreementType::investment)
            a.binding = true;
          if (!a.binding && type == AgreementType::investment && has(seg_low, "subscribe"))
            a.binding = true;
          // Dates of the segment (not expiries or deadlines).
          for (const auto& dm : find_dates(seg_low, order)) {
            if (dm.ambiguous) continue;
            const std::size_t b = dm.span.begin >= 12 ? dm.span.begin - 12 : 0;
            const auto pre = seg_low.substr(b, dm.span.begin - b);
            if (has(pre, "until") || has(pre, "valid") || has(pre, "by ") || has(pre, "from ") ||
                has(pre, "commenc") || has(pre, "start") || has(pre, "since"))
              continue;
            a.signed_on = dm.date;
            break;
          }
          if (a.signed_on.empty() && !result.published.empty()) {
            for (const auto& dm : find_dates(seg_low, order, result.published.year)) {
              if (dm.date.year == result.published.year &&
                  dm.date.first_day() <= result.published.first_day() &&
                  result.published.first_day() - dm.date.first_day() < 100) {
                a.signed_on = dm.date;
                break;
              }
            }
          }
          if (a.signed_on.empty() && !result.published.empty()) {
            for (std::string_view w :
                 {"today", "on monday", "on tuesday", "on wednesday", "on thursday", "on friday",
                  "announced monday", "announced tuesday", "announced wednesday",
                  "announced thursday", "announced friday"}) {
              if (detail::contains_word(s.low, w)) a.signed_on = result.published;
            }
          }
          // Minerals: the segment's, else the sentence's.
          for (const auto& h : s.mineral_hits) {
            const std::size_t pos = s.tokens[h.first].begin;
            if (pos < sb || pos >= se) continue;
            for (const auto& m : h.names())
              if (std::find(a.minerals.begin(), a.minerals.end(), m) == a.minerals.end())
                a.minerals.push_back(m);
          }
          if (a.minerals.empty()) a.minerals = s.minerals;
          Evidence ev;
          ev.text = std::string(s.text);
          ev.source = options.source_name;
          ev.start = ct.origin[s.span.begin];
          ev.end = ct.origin[s.span.end];
          a.evidence.push_back(std::move(ev));
          double conf = 0.45;
          if (a.value) conf += 0.15;
          if (a.parties.size() >= 2) conf += 0.15;
          if (cues.signed_cue || sentence_cues.signed_cue) conf += 0.1;
          if (!tr.generic) conf += 0.05;
          if (std::any_of(parties.begin(), parties.end(), [](const Mention& p) { return p.weak; }))
            conf -= 0.1;
          a.confidence = std::clamp(conf, 0.05, 0.95);
          drafts.push_back(std::move(d));
        }
    }
  }

  // ---- pass 4: resolve, fill minerals, merge duplicates ----
  for (auto& d : drafts) {
    Agreement& a = d.a;
    if (a.type == AgreementType::other && d.generic) {
      if (a.binding == false)
        a.type = AgreementType::mou;
      else
        a.type = AgreementType::partnership;
    }
    if (a.minerals.empty()) {
      std::map<std::string, int> counts;
      for (const auto& p : a.parties) {
        auto it = org_minerals.find(p.name);
        if (it == org_minerals.end()) continue;
        for (const auto& [m, c] : it->second) counts[m] += c;
      }
      if (counts.empty()) counts = doc_minerals;
      int top = 0;
      for (const auto& [m, c] : counts) top = std::max(top, c);
      for (const auto& [m, c] : counts)
        if (top > 0 && c * 3 >= top) a.minerals.push_back(m);
    }
    // A group only when no member is named.
    const bool has_ree =
        std::any_of(a.minerals.begin(), a.minerals.end(), [](const std::string& m) {
          static const std::set<std::string> k = {
              "lanthanum",  "cerium",   "praseodymium", "neodymium", "samarium", "europium",
              "gadolinium", "terbium",  "dysprosium",   "holmium",   "erbium",   "thulium",
              "ytterbium",  "lutetium", "yttrium",      "scandium"};
          return k.count(m) > 0;
        });
    if (has_ree) std::erase(a.minerals, std::string("rare earths"));
    std::erase_if(a.minerals, [](const std::string& m) {
      return m == "light rare earths" || m == "heavy rare earths" || m == "magnet rare earths";
    });
  }
  // An agreement's party names, sorted and unique (for std::includes).
  auto party_names = [](const Agreement& a) {
    std::vector<std::string> names;
    names.reserve(a.parties.size());
    for (const auto& p : a.parties) names.push_back(p.name);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
  };
  // A draft merges into an earlier agreement of its type that shares a party or its amount.
  // Candidates come from an index by (type, party) and (type, amount), each list bounded to
  // its most recent entries, so merging stays linear in the number of drafts.
  constexpr std::size_t k_merge_window = 64;
  std::vector<Draft> merged;
  // party_names() of each merged agreement, kept in step with its parties: a draft is compared
  // with up to a window of candidates, which must not rebuild the names every time.
  std::vector<std::vector<std::string>> merged_names;
  std::unordered_map<std::string, std::vector<std::size_t>> merge_index;
  auto index_keys = [](const Agreement& a) {
    std::vector<std::string> keys;
    const std::string type(to_string(a.type));
    for (const auto& p : a.parties) keys.push_back(type + '\x1f' + p.name);
    if (a.value) keys.push_back(type + "\x1f$" + std::to_string(a.value->minor));
    return keys;
  };
  auto index = [&](std::size_t at) {
    for (auto& k : index_keys(merged[at].a)) {
      auto& list = merge_index[std::move(k)];
      if (list.empty() || list.back() != at) list.push_back(at);
    }
  };
  std::vector<std::size_t> cands;
  for (auto& d : drafts) {
    bool done = false;
    const auto pn = party_names(d.a);
    cands.clear();
    for (const auto& k : index_keys(d.a)) {
      const auto it = merge_index.find(k);
      if (it == merge_index.end()) continue;
      const auto& list = it->second;
      const std::size_t from = list.size() > k_merge_window ? list.size() - k_merge_window : 0;
      cands.insert(cands.end(), list.begin() + static_cast<std::ptrdiff_t>(from), list.end());
    }
    std::sort(cands.begin(), cands.end());
    cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
    for (const std::size_t at : cands) {
      Draft& m = merged[at];
      if (m.a.type != d.a.type) continue;
      const auto& mn = merged_names[at];
      const bool subset = std::includes(mn.begin(), mn.end(), pn.begin(), pn.end()) ||
                          std::includes(pn.begin(), pn.end(), mn.begin(), mn.end());
      const bool same_value = m.a.value && d.a.value && m.a.value->minor == d.a.value->minor;
      const bool value_conflict = m.a.value && d.a.value && !same_value;
      if (!(subset && !value_conflict) && !same_value) continue;
      if (value_conflict) continue;
      Agreement& a = m.a;
      if (pn.size() > mn.size() && std::includes(pn.begin(), pn.end(), mn.begin(), mn.end())) {
        a.parties = d.a.parties;
        merged_names[at] = pn;
      }
      if (!a.value) a.value = d.a.value;
      if (!a.ceiling) a.ceiling = d.a.ceiling;
      if (a.term.empty()) a.term = d.a.term;
      if (a.signed_on.empty()) a.signed_on = d.a.signed_on;
      if (!a.binding) a.binding = d.a.binding;
      if (!m.status_set && d.status_set) a.status = d.a.status, m.status_set = true;
      a.evidence.push_back(d.a.evidence.front());
      a.confidence = std::min(0.95, a.confidence.value_or(0.5) + 0.05);
      index(at);
      done = true;
      break;
    }
    if (!done) {
      merged.push_back(std::move(d));
      merged_names.push_back(pn);
      index(merged.size() - 1);
    }
  }
  for (auto& m : merged) {
    Agreement& a = m.a;
    if (a.parties.size() >= 1) {
      std::string title = std::string(to_string(a.type));
      title += ": ";
      for (std::size_t k = 0; k < a.parties.size(); ++k) {
        if (k) title += " / ";
        title += a.parties[k].name;
      }
      a.title = title;
    }
    result.agreements.push_back(std::move(a));
  }
  std::map<std::string, std::set<std::string>> aliases;
  for (const auto& [ab, full] : abbrev) {
    for (const auto& a : result.agreements)
      for (const auto& p : a.parties)
        if (p.name == full && ab != full) aliases[full].insert(ab);
  }
  for (auto& [name, set] : aliases)
    result.aliases.push_back({name, std::vector<std::string>(set.begin(), set.end())});
  return result;
}

}  // namespace mtrack::extract
