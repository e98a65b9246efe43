// Pass 2 of mtrack extract, first half: the names of the article and what the text says of
// each, judged over the whole article into the table of its companies (see entities.hpp).

#include "extract/entities.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "extract/countries.hpp"
#include "extract/lexicon.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::extract::detail {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

// What the text says of one name, summed over its occurrences.
struct Evidence {
  std::uint32_t count = 0;
  std::uint32_t first = 0;       // sentence
  std::uint16_t words = 0;       // tokens in the name
  std::uint16_t suffix = 0;      // "Acme Ltd"
  std::uint16_t head = 0;        // "Acme Resources"
  std::uint16_t ticker = 0;      // "Acme (ASX: ACM)"
  std::uint16_t defined = 0;     // "Acme Metals (AM)"
  std::uint16_t role = 0;        // "miner Acme", "Acme, a US miner,"
  std::uint16_t subject = 0;     // "Acme signed", "Acme has agreed"
  std::uint16_t slot = 0;        // "with Acme", "from Acme"
  std::uint16_t person = 0;      // "CEO Jane Roe", "Ms Roe", "Jane Roe, chief executive"
  std::uint16_t speaker = 0;     // "Jane Roe said"
  std::uint16_t place = 0;       // "in Acme", a known place
  std::uint16_t thing = 0;       // "Acme Project", "the Acme mine"
  std::uint16_t publisher = 0;   // "according to Acme", "Acme reported"
  std::uint16_t opener = 0;      // only ever the first word of a sentence, alone
  std::uint16_t headline = 0;    // occurrences in headlines (title case makes names of words)
  std::uint16_t portfolio = 0;   // "Minister of X, Y and Z": a title's complement
  std::uint16_t thing_word = 0;  // its last word names a kind of place or thing ("Pass")
  std::uint16_t business = 0;    // "X shares", "X stock", "X's chief executive"
  std::uint16_t term_abbreviation = 0;  // "(EV)" after "electric vehicle"
  std::vector<std::string> roles;
  std::string country;
  std::string parent;
  std::vector<std::string> abbreviations;  // defined by the text: "Acme Metals (AM)"
  std::vector<std::string> tickers;        // "(ASX: ACM)"
};

std::string_view strip_name(std::string_view n) {
  if (n.starts_with("The ")) n.remove_prefix(4);
  if (n.ends_with("'s")) n.remove_suffix(2);
  if (n.ends_with("'")) n.remove_suffix(1);
  return n;
}

bool acronymish(std::string_view w) {
  return std::count_if(w.begin(), w.end(), is_upper) >= 2;
}

// An abbreviation in the plural ("ECAs", "OEMs"): a class of things, not one organisation.
bool plural_abbreviation(std::string_view w) {
  if (w.size() < 3 || w.back() != 's') return false;
  return std::all_of(w.begin(), w.end() - 1, is_upper);
}

// Words after a name that show it to be a person speaking.
bool is_speech_verb(std::string_view w) {
  static constexpr std::array<std::string_view, 12> k = {
      "said",  "says",  "told",      "added",     "noted",  "explained",
      "stated", "commented", "remarked", "stressed", "wrote", "recalled"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0;
}

// Lower-case titles before a person's name ("chief executive Jane Roe").
bool is_lower_title(std::string_view w) {
  static constexpr std::array<std::string_view, 16> k = {
      "executive", "officer", "chairman", "chairwoman", "director", "minister",
      "secretary", "president", "spokesperson", "spokesman", "spokeswoman", "analyst",
      "senator",   "governor", "founder",  "ceo"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0;
}

// Two or three capitalised words, none of which names an organisation or a place: the shape
// of a person's name.
bool looks_personal(const SentenceView& v, const NameChunk& c) {
  const std::size_t n = c.last - c.first;
  if (n < 2 || n > 3) return false;
  for (std::size_t k = c.first; k < c.last; ++k) {
    const auto w = v.tok(k);
    if (v.tokens[k].kind != TokenKind::word || !is_upper(w[0])) return false;
    if (w.size() > 2 && acronymish(w)) return false;
    if (is_org_head(w) || is_corporate_suffix(w) || is_place(w) || country_by_name(w) ||
        country_by_demonym(w) || Gazetteer::builtin().is_mineral_word(w))
      return false;
  }
  return true;
}

class Collector {
 public:
  Collector(const Document& doc, SentenceCache& sentences) : m_doc(doc), m_sentences(sentences) {}

  void run() {
    names.reserve(32);  // most articles name fewer: their evidence is not moved as names come
    // Names and their evidence first; then the words the judgement of names needs: those
    // of the names that the text also writes in lower case, and the names that open
    // sentences that it also capitalises elsewhere. Filters keep other words out.
    for (std::size_t si = 0; si < m_doc.sentences.size(); ++si) {
      if (m_doc.sentences[si].furniture) continue;
      const SentenceView& v = m_sentences.at(si);
      std::size_t person_end = 0;
      for (const auto& c : v.chunks) {
        observe(v, c, si, person_end);
        for (std::size_t k = c.first; k < c.last; ++k) m_name_words.add(v.tok(k));
      }
    }
    for (std::size_t si = 0; si < m_doc.sentences.size(); ++si)
      if (!m_doc.sentences[si].furniture) vocabulary(m_sentences.at(si));
  }

  // The names in the order the text first gives them (views into the document's text, which
  // outlives the collector), with what it says of each.
  std::vector<std::pair<std::string_view, Evidence>> names;
  bool known(std::string_view name) const { return m_index.count(name); }
  // Words the text writes in lower case, and capitalised words it writes after another word
  // (views into the document's text, which outlives the collector).
  ViewSet lower_words;
  ViewSet mid_capitals;

 private:
  void vocabulary(const SentenceView& v) {
    for (std::size_t k = 0; k < v.tokens.size(); ++k) {
      if (v.tokens[k].kind != TokenKind::word) continue;
      const auto w = v.tok(k);
      if (!m_name_words.maybe(w)) continue;  // a word of no name: never asked about
      if (w[0] >= 'a' && w[0] <= 'z') {
        lower_words.insert(w);
      } else if (k > 0 && is_upper(w[0])) {
        mid_capitals.insert(w);
      }
    }
  }

  WordFilter m_name_words;  // (length, first bytes, any case) of the words of names
  FlatMap<std::uint32_t> m_index;  // name -> 1 + its place in `names` (0: not seen yet)

  void observe(const SentenceView& v, const NameChunk& c, std::size_t si,
               std::size_t& person_end);
  void abbreviation(const SentenceView& v, const NameChunk& c, Evidence& e,
                    std::string_view name);
  void appositive(const SentenceView& v, const NameChunk& c, Evidence& e);

  const Document& m_doc;
  SentenceCache& m_sentences;
};

// A role noun just before the name ("Australian miner X", "battery maker X"), with the
// demonym before it.
void role_before(const SentenceView& v, const NameChunk& c, Evidence& e) {
  if (c.first == 0) return;
  const auto w = v.tok_low(c.first - 1);
  if (!is_role_noun(w)) return;
  ++e.role;
  if (std::find(e.roles.begin(), e.roles.end(), w) == e.roles.end()) e.roles.emplace_back(w);
  for (std::size_t k = c.first - 1; k-- > 0 && k + 4 >= c.first;) {
    if (const Country* co = country_by_demonym(v.tok(k))) {
      e.country = std::string(co->name);
      break;
    }
  }
}

// "(EV)" after "electric vehicle": an abbreviation the text defines for words in lower case.
bool abbreviates_words(const SentenceView& v, const NameChunk& c) {
  if (c.first == 0 || c.last >= v.tokens.size() || v.tok(c.first - 1) != "(" ||
      v.tok(c.last) != ")")
    return false;
  const auto ab = c.text;
  std::size_t k = c.first - 1;
  for (std::size_t i = ab.size(); i-- > 0;) {
    if (k == 0) return false;
    --k;
    const auto w = v.tok(k);
    if (w.empty() || (w[0] | 0x20) != (ab[i] | 0x20) || !is_lower(w[0])) return false;
  }
  return true;
}

// "Minister of Mines, Energy and Trade", "Secretary of Commerce": names after a title and
// "of", over a list, are what the title is for.
bool title_complement(const SentenceView& v, const NameChunk& c) {
  std::size_t k = c.first;
  while (k >= 2) {
    const auto p = v.tok_low(k - 1);
    if (p == "of") {
      const auto title = v.tok(k - 2);
      return is_person_title(title) || title == "Ministry" || title == "Minister" ||
             title == "Secretary";
    }
    if (p != "," && p != "and") return false;
    // Over the previous name of the list.
    std::size_t j = k - 1;
    bool found = false;
    for (const auto& d : v.chunks)
      if (d.last == j) j = d.first, found = true;
    if (!found) return false;
    k = j;
  }
  return false;
}

void Collector::appositive(const SentenceView& v, const NameChunk& c, Evidence& e) {
  // "X, a Japanese trading house," / "X, the US automaker," / "X, a unit of Y,"
  const auto& t = v.tokens;
  if (c.last + 2 >= t.size() || v.tok(c.last) != ",") return;
  const auto det = v.tok_low(c.last + 1);
  if (det != "a" && det != "an" && det != "the") return;
  // "A, the local arm of B, C and D": an item of a list, not a description of A.
  if (described_item_follows(v, c.last)) return;
  for (std::size_t k = c.last + 2; k < t.size() && k < c.last + 9; ++k) {
    const auto w = v.tok_low(k);
    if (w == "," || w == "." || w == ";") return;
    if (const Country* co = country_by_demonym(v.tok(k))) e.country = std::string(co->name);
    if (w == "subsidiary" || w == "unit" || w == "division" || w == "affiliate") {
      if (k + 2 < t.size() && v.tok_low(k + 1) == "of") {
        for (const auto& p : v.chunks)
          if (p.first == k + 2) e.parent = std::string(strip_name(p.text));
      }
      return;
    }
    if (is_role_noun(w)) {
      ++e.role;
      if (std::find(e.roles.begin(), e.roles.end(), w) == e.roles.end()) e.roles.emplace_back(w);
      return;
    }
  }
}

void Collector::abbreviation(const SentenceView& v, const NameChunk& c, Evidence& e,
                             std::string_view name) {
  // Name (ABBR) / Name ("Abbr") / Name (ASX: TICK) / Name (ASX: TICK or "Abbr")
  const auto& t = v.tokens;
  std::size_t k = c.last;
  if (k >= t.size() || v.tok(k) != "(") return;
  ++k;
  if (k + 2 < t.size() && v.tok(k + 1) == ":" && acronymish(v.tok(k)) &&
      v.tok(k).size() <= 8) {
    ++e.ticker;
    if (std::find(e.tickers.begin(), e.tickers.end(), v.tok(k + 2)) == e.tickers.end())
      e.tickers.emplace_back(v.tok(k + 2));
    k += 3;
    if (k < t.size() && (v.tok(k) == "or" || v.tok(k) == ";" || v.tok(k) == ",")) ++k;
  }
  const bool quoted = k < t.size() && v.tok(k) == "\"";
  if (quoted) ++k;
  if (k >= t.size() || t[k].kind != TokenKind::word) return;
  std::size_t e2 = k + 1;
  // A quoted short name may have several words ("Haruna Lead").
  while (quoted && e2 < t.size() && t[e2].kind == TokenKind::word && is_upper(v.tok(e2)[0])) ++e2;
  const std::string_view ab = v.text.substr(t[k].begin, t[e2 - 1].end - t[k].begin);
  if (e2 < t.size() && v.tok(e2) == "\"") ++e2;
  const bool closes = e2 < t.size() && (v.tok(e2) == ")" || v.tok(e2) == ";" || v.tok(e2) == ",");
  // "(D-Ohio)": a legislator's party and state.
  const bool affiliation =
      ab.size() > 3 && ab[1] == '-' && (ab[0] == 'D' || ab[0] == 'R' || ab[0] == 'I');
  const bool fits = !ab.empty() && !name.empty() && (ab[0] | 0x20) == (name[0] | 0x20);
  if (!closes || affiliation || !fits || ab == name || is_stop_name(ab)) return;
  if (!acronymish(ab) && !(quoted && name.starts_with(ab))) return;
  ++e.defined;
  if (std::find(e.abbreviations.begin(), e.abbreviations.end(), ab) == e.abbreviations.end())
    e.abbreviations.emplace_back(ab);
}

void Collector::observe(const SentenceView& v, const NameChunk& c, std::size_t si,
                        std::size_t& person_end) {
  const auto& t = v.tokens;
  const std::string_view name = strip_name(c.text);
  if (name.empty()) return;
  // A name that is wholly preloaded bodies is the gazetteer's (mentions pass): "US Department
  // of Energy Loan Programs Office" is two names of one body.
  {
    std::size_t k = c.first;
    for (bool moved = true; moved && k < c.last;) {
      moved = false;
      for (const auto& h : v.orgs)
        if (h.first <= k && h.last > k) k = h.last, moved = true;
    }
    if (k >= c.last) return;
    // The head of a body's name that runs on past the chunk ("Japan's Organisation for
    // Metals" of "... for Metals and Energy Security").
    for (const auto& h : v.orgs)
      if (h.first > c.first && h.first < c.last && h.last > c.last) return;
  }
  // "JPY4,000": a currency code glued to an amount.
  if (c.last - c.first == 1 && name.size() > 3 && name[3] >= '0' && name[3] <= '9' &&
      is_currency_code(name.substr(0, 3)))
    return;
  std::uint32_t& place = m_index[name];
  if (place == 0) {
    names.emplace_back(name, Evidence{});
    place = static_cast<std::uint32_t>(names.size());
  }
  Evidence& e = names[place - 1].second;
  if (e.count++ == 0) e.first = static_cast<std::uint32_t>(si);
  if (title_complement(v, c)) ++e.portfolio;
  e.words = static_cast<std::uint16_t>(c.last - c.first);
  const auto at = [&](std::size_t k) { return k < t.size() ? v.tok_low(k) : std::string_view(); };
  const auto last_word = v.tok(c.last - 1);
  const auto last_classes = name_word_classes(last_word);
  if (last_classes & k_suffix) ++e.suffix;
  if ((last_classes & k_org_head) && c.last - c.first >= 2) ++e.head;
  abbreviation(v, c, e, name);
  role_before(v, c, e);
  appositive(v, c, e);
  // The word before the name, over a possessive country ("arm of South Korea's LG").
  std::size_t before = c.first;
  for (const auto& d : v.chunks)
    if (d.last == before && d.first < before && d.text.ends_with("'s") &&
        country_by_name(d.text.substr(0, d.text.size() - 2)))
      before = d.first;
  const auto prev = before > 0 ? at(before - 1) : std::string_view();
  const auto next = at(c.last);
  // The subject of a verb, alone or as one of a list of names that "and" closes ("A, B and C
  // each signed"; not "To-date, X has ...").
  auto list_subject = [&] {
    std::size_t k = c.last;
    bool closed = false;
    for (int items = 0; items < 8; ++items) {
      if (at(k) != "and" && at(k) != ",") return false;
      closed = closed || at(k) == "and";
      ++k;
      if (at(k) == "and") ++k, closed = true;  // ", and"
      const NameChunk* d = nullptr;
      for (const auto& x : v.chunks)
        if (x.first == k) d = &x;
      if (d == nullptr) return false;
      k = d->last;
      const std::size_t verb = at(k) == "each" || at(k) == "both" || at(k) == "jointly" ? k + 1 : k;
      if (verb < t.size() && v.clause_verb(verb)) return closed;
    }
    return false;
  };
  if (v.clause_verb(c.last) || (c.last + 1 < t.size() && list_subject())) ++e.subject;
  static constexpr std::array<std::string_view, 9> k_slots = {
      "with", "from", "by", "to", "between", "and", "including", "among", "both"};
  // (Not "Measures to Increase ...": a slot word inside a title.)
  const bool title_slot = before >= 2 && is_upper(v.tok(before - 2)[0]) && prev == "to";
  static const WordClass k_slot_set(k_slots.begin(), k_slots.end());
  if (k_slot_set.count(prev) && !title_slot) ++e.slot;
  // "the acquisition of X", "a stake of X": the object of a deal noun.
  if (prev == "of" && c.first >= 2) {
    const LexHit h = Lexicon::builtin().word(v.tok(c.first - 2));
    if (h.sense(Sense::instrument) || h.sense(Sense::generic)) ++e.slot;
  }
  // The object of a deal verb: "will provide X ...", "awarded X a grant", "acquired X".
  if (before > 0) {
    const LexHit h = Lexicon::builtin().word(v.tok(before - 1));
    if (const LexEntry* vb = h.pos(PartOfSpeech::verb);
        vb && (vb->sense == Sense::give || vb->sense == Sense::act || vb->sense == Sense::receive))
      ++e.slot;
  }
  // The next name of a list: "with A, B and C".
  if (prev == "," && std::any_of(v.chunks.begin(), v.chunks.end(),
                                 [&](const NameChunk& d) { return d.last + 1 == before; }))
    ++e.slot;
  // The first name of a list that a copula or "include" opens ("the winners are A, B and C",
  // "backers include A and B"): a slot like the names after it.
  if (prev == "are" || prev == "were" || prev == "include" || prev == "includes" ||
      prev == "included") {
    const std::size_t k = next == "," && at(c.last + 1) == "and" ? c.last + 2 : c.last + 1;
    if ((next == "," || next == "and") &&
        (std::any_of(v.chunks.begin(), v.chunks.end(),
                     [&](const NameChunk& d) { return d.first == k; }) ||
         described_item_follows(v, c.last)))
      ++e.slot;
  }
  // The name that ends a list item written as a description ("A, the local arm of Y's B,
  // C and D"): a member of the list like the names around it.
  if (next == ",")
    for (std::size_t j = c.first; j-- > 0 && j + 18 > c.first;)
      if (v.tok(j) == "," || v.tok(j) == ";") {
        if (v.tok(j) == "," && described_item_follows(v, j)) ++e.slot;
        break;
      }
  // Persons.
  bool person = false;
  if (c.first > 0 && (is_person_title(v.tok(c.first - 1)) || is_lower_title(prev))) person = true;
  // "Jane Roe, chief executive", "Jane Roe, Uzbekistan's Minister of ...", "Jane Roe, who".
  if (next == ",") {
    for (std::size_t k = c.last + 1; k < t.size() && k < c.last + 4; ++k) {
      if (is_person_title(v.tok(k)) || is_lower_title(at(k)) || at(k) == "who") {
        person = true;
        break;
      }
      if (!v.tok(k).ends_with("'s") && at(k) != "the" && at(k) != "a") break;
    }
  }
  if (next == "(" && c.last + 2 < t.size()) {
    auto aff = v.tok(c.last + 1);
    if (aff == "both" && c.last + 3 < t.size()) aff = v.tok(c.last + 2);
    if (aff.size() > 2 && (aff[0] == 'R' || aff[0] == 'D' || aff[0] == 'I') && aff[1] == '-')
      person = true;
  }
  // "the minister of mines and energy, Jane Roe": a title's appositive ends at the name.
  if (!person && prev == "," && looks_personal(v, c))
    for (std::size_t j = c.first - 1; j-- > 0 && j + 12 > c.first;) {
      if (v.tok(j) == "." || v.tok(j) == ";" || v.tok(j) == "(") break;
      if (is_lower_title(at(j))) {
        person = true;
        break;
      }
    }
  if (prev == "and" && person_end != 0 && person_end + 1 == c.first) person = true;
  if (is_speech_verb(next) || (prev == "said" && (next == "," || next == "." || next.empty()))) {
    ++e.speaker;
    if (looks_personal(v, c)) person = true;
  }
  if (person) {
    ++e.person;
    person_end = c.last;
  }
  // Places and things.
  static constexpr std::array<std::string_view, 9> k_locative = {
      "in", "near", "at", "across", "outside", "throughout", "within", "into", "around"};
  // "a stake in X", "an interest in X": X is what is invested in, not a place.
  const auto prev2 = c.first > 1 ? at(c.first - 2) : std::string_view();
  const bool invested = prev == "in" && (prev2 == "stake" || prev2 == "interest" ||
                                         prev2 == "investment" || prev2 == "shareholding" ||
                                         prev2 == "holding" || prev2 == "shares" || prev2 == "equity");
  if (invested) ++e.slot;
  static const WordClass k_locative_set(k_locative.begin(), k_locative.end());
  if ((k_locative_set.count(prev) && !invested) || is_place(name)) ++e.place;
  if (last_classes & k_thing) ++e.thing_word;
  // ("X's Brora project": X owns the project, it is no part of the project's name.)
  const bool possessive = c.text.ends_with("'s");
  if (!possessive && part_of_named_thing(v.text, t, c.last)) ++e.thing;
  // What only companies have: shares, a stock price, a chief executive.
  static constexpr std::array<std::string_view, 8> k_business = {
      "shares", "stock", "shareholders", "ceo", "chief", "chairman", "board", "share"};
  static const WordClass k_business_set(k_business.begin(), k_business.end());
  if (k_business_set.count(next)) ++e.business;
  // Between a determiner and a deal noun written in lower case ("the X agreement", "an X
  // loan"), or after "N% of": a party.
  if (c.last < t.size() && c.first > 0 && is_lower(v.tok(c.last)[0]) &&
      (prev == "the" || prev == "a" || prev == "an" || prev.ends_with("'s"))) {
    const LexHit h = Lexicon::builtin().word(v.tok(c.last));
    if (h.sense(Sense::instrument) || h.sense(Sense::generic)) ++e.slot;
  }
  if (prev == "of" && c.first >= 2 && (at(c.first - 2) == "%" || at(c.first - 2) == "percent"))
    ++e.slot;
  // The label of a row of holdings ("Orrin Capital: 15% in X", "Varden Steel: up to 20% of
  // ..."): a holder, a party of rows.cpp's investments.
  if (c.first == 0 && next == ":")
    for (std::size_t k = c.last + 1; k < t.size() && k < c.last + 6; ++k)
      if (t[k].kind == TokenKind::number) {
        if (at(k + 1) == "%") ++e.slot;
        break;
      }
  // The owner of a project, a mine or a plant ("X's Kestrel project", "X's smelter"): the
  // party its financing or supply is with.
  if (possessive) {
    static constexpr std::array<std::string_view, 9> k_assets = {
        "project", "projects", "mine", "mines", "plant", "refinery", "smelter", "deposit",
        "operations"};
    // Over its own name and up to two words before the noun ("X's Brora nickel smelter").
    std::size_t k = c.last;
    for (const auto& d : v.chunks)
      if (d.first == k) k = d.last;
    for (int words = 0; words < 2 && k < t.size() && t[k].kind == TokenKind::word &&
                        !v.clause_verb(k) && !in_list(k_assets, at(k));
         ++words)
      ++k;
    if (in_list(k_assets, at(k))) ++e.slot;
  }
  // Sources cited: "according to X", "provided by X", "X reported", "X.com".
  if ((c.first >= 2 && at(c.first - 2) == "according" && prev == "to") ||
      (c.first >= 2 && at(c.first - 2) == "provided" && prev == "by") || next == "reported" ||
      next == "reports" || (next == "." && (at(c.last + 1) == "com" || at(c.last + 1) == "net")))
    ++e.publisher;
  if (c.first == 0 && c.last == 1) ++e.opener;
  if (m_doc.sentences[si].headline) ++e.headline;
  if (abbreviates_words(v, c)) ++e.term_abbreviation;
}

bool all_minerals(std::string_view name) {
  const Gazetteer& gaz = Gazetteer::builtin();
  return each_part(name, ' ', [&](std::string_view w) {
    return each_part(w, '-', [&](std::string_view part) {
      return part.empty() || gaz.is_mineral_word(part);
    });
  });
}

// The entity whose name `name` is a short form of: its first words ("Lifezone" for "Lifezone
// Metals") or its name without suffix. -1 when none, -2 when several fit.
int short_form_of(const NameTable& t, const WordMap<std::string, std::vector<int>>& by_first,
                  std::string_view name) {
  const auto sp = name.find(' ');
  const auto it = by_first.find(name.substr(0, sp));
  if (it == by_first.end()) return -1;
  int found = -1;
  for (const int id : it->second) {
    const std::string& full = t.entities[static_cast<std::size_t>(id)].name;
    if (full.size() <= name.size() || !full.starts_with(name)) continue;
    const char after = full[name.size()];
    if (after != ' ' && after != ',') continue;
    if (found >= 0 && found != id) return -2;
    found = id;
  }
  return found;
}

}  // namespace

std::string_view without_suffix(std::string_view name) {
  std::string_view s = name;
  for (;;) {
    while (!s.empty() && (s.back() == ',' || s.back() == ' ')) s.remove_suffix(1);
    const auto sp = s.rfind(' ');
    if (sp == std::string_view::npos) break;
    const std::string_view last = s.substr(sp + 1);
    if (!is_corporate_suffix(last) && last != "Co.,") break;
    s = s.substr(0, sp);
  }
  return s;
}

int inverted_department(std::string_view name) {
  if (!name.ends_with(" Department")) return -1;
  name.remove_suffix(11);
  for (std::string_view prefix : {"U.S. ", "US ", "United States ", "The "})
    if (name.starts_with(prefix)) name.remove_prefix(prefix.size());
  if (name.empty() || name.find(' ') != std::string_view::npos) return -1;
  return Gazetteer::builtin().org_by_name("Department of " + std::string(name));
}

bool lender_name(std::string_view name) {
  return name.find("Bank") != std::string_view::npos ||
         name.find("Export") != std::string_view::npos ||
         name.find("Finance") != std::string_view::npos ||
         name.find("Strategic Capital") != std::string_view::npos || name == "KfW";
}

bool is_role_noun(std::string_view w) {
  // Plurals too: "battery makers A, B and C".
  if (w.size() > 3 && w.back() == 's' && w != "business" && is_role_noun(w.substr(0, w.size() - 1)))
    return true;
  if (w == "companies") return true;
  static constexpr std::array<std::string_view, 36> k = {
      "company",   "firm",       "group",     "miner",      "producer",   "developer",
      "explorer",  "automaker",  "carmaker",  "maker",      "manufacturer", "supplier",
      "buyer",     "trader",     "house",     "refiner",    "smelter",    "processor",
      "recycler",  "utility",    "lender",    "bank",       "investor",   "fund",
      "startup",   "start-up",   "conglomerate", "giant",   "major",      "operator",
      "chipmaker", "business",   "corporation", "multinational", "distributor", "owner"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0;
}

bool is_clause_verb(std::string_view w) {
  // Every verb and auxiliary here is a lower-case word of two letters or more.
  if (w.size() < 2 || w[0] < 'a' || w[0] > 'z') return false;
  static constexpr std::array<std::string_view, 26> k = {
      "is",     "are",       "was",       "were",      "has",       "have",     "had",
      "will",   "would",     "shall",     "can",       "could",     "may",      "might",
      "said",   "says",      "also",      "recently",  "today",     "previously", "earlier",
      "yesterday", "welcomed", "welcomes", "became",   "confirmed"};
  // Common verbs of news prose that are in no deal lexicon ("the package includes ...").
  static constexpr std::array<std::string_view, 52> k_common = {
      "includes", "included", "include",  "follows",  "followed", "covers",  "covered",
      "involves", "involved", "sees",     "saw",      "marks",    "marked",  "represents",
      "supports", "supported", "helps",   "helped",   "uses",     "used",    "becomes",
      "remains",  "remained", "continues", "continued", "builds", "built",   "owns",
      "owned",    "holds",    "held",     "runs",     "ran",      "brings",  "brought",
      "makes",    "made",     "noted",    "added",    "told",     "shows",   "showed",
      "means",    "meant",    "comes",    "came",     "gives",    "gave",    "allows",
      "allowed",  "believes", "stated"};
  static const WordClass k_set(k.begin(), k.end());
  static const WordClass k_common_set(k_common.begin(), k_common.end());
  return k_set.count(w) || k_common_set.count(w) || Lexicon::builtin().finite_verb(w);
}

void read_sentence(const Document& doc, std::size_t i, SentenceView& out) {
  out.text = doc.text(i);
  out.low = doc.lower(i);
  tokenize_into(out.text, out.tokens);
  find_name_chunks(out.text, out.tokens, out.chunks);
  out.orgs = Gazetteer::builtin().find_orgs(out.text, out.tokens);
  out.m_minerals.clear();
  out.m_minerals_read = false;
  out.m_verbs.clear();
}

bool list_goes_on(const SentenceView& v, std::size_t comma) {
  const std::size_t n = v.tokens.size();
  if (v.tok(comma) != "," || comma + 2 >= n) return false;
  // ", and D": the last name of the list.
  if (v.tok_low(comma + 1) == "and" && is_upper(v.tok(comma + 2)[0])) return true;
  if (!is_upper(v.tok(comma + 1)[0])) return false;
  // Over names, commas and a few words of description, to "and" before a name; a verb, a
  // stop or a long stretch ends it.
  for (std::size_t k = comma + 1; k < n && k < comma + 32; ++k) {
    const auto w = v.tok_low(k);
    if (w == "." || w == ";" || w == ":" || v.clause_verb(k)) return false;
    if ((w == "and" || w == "&") && k + 1 < n && is_upper(v.tok(k + 1)[0]))
      return v.tok(k - 1) == "," || is_upper(v.tok(k - 1)[0]);
  }
  return false;
}

bool described_item_follows(const SentenceView& v, std::size_t comma) {
  const auto det = v.tok_low(comma + 1);
  if (v.tok(comma) != "," || (det != "a" && det != "an" && det != "the")) return false;
  for (std::size_t k = comma + 2; k < v.tokens.size() && k < comma + 18; ++k)
    if (v.tok(k) == "," || v.tok(k) == "." || v.tok(k) == ";") return list_goes_on(v, k);
  return false;
}

bool SentenceView::clause_verb(std::size_t k) const {
  if (k >= tokens.size()) return false;
  if (m_verbs.size() != tokens.size()) m_verbs.assign(tokens.size(), -1);
  if (m_verbs[k] < 0) m_verbs[k] = is_clause_verb(tok_low(k)) ? 1 : 0;
  return m_verbs[k] == 1;
}

const std::vector<MineralHit>& SentenceView::minerals() const {
  if (!m_minerals_read) {
    m_minerals = Gazetteer::builtin().find_minerals(text, tokens);
    m_minerals_read = true;
  }
  return m_minerals;
}

namespace {
// The views of the last article read on this thread, kept for their storage (read_sentence
// sets every field of a view again).
thread_local std::vector<SentenceView> t_spare_views;
}  // namespace

SentenceCache::SentenceCache(const Document& doc)
    : m_doc(doc), m_keep(doc.clean.text.size() < k_keep_below) {
  if (m_keep) {
    m_views.swap(t_spare_views);
    m_views.resize(doc.sentences.size());
    m_read.assign(doc.sentences.size(), false);
  }
}

SentenceCache::~SentenceCache() {
  if (m_keep) t_spare_views = std::move(m_views);
}

const SentenceView& SentenceCache::at(std::size_t i) {
  if (!m_keep) {
    read_sentence(m_doc, i, m_scratch);
    return m_scratch;
  }
  if (!m_read[i]) {
    read_sentence(m_doc, i, m_views[i]);
    m_read[i] = true;
  }
  return m_views[i];
}

// ---- the table -------------------------------------------------------------------------------

namespace {

enum class Verdict { none, weak, strong };

// "EU Commission", "Australian Government": a country's governing body (a government, not a
// company).
bool government_body(std::string_view name) {
  const auto sp = name.find(' ');
  if (sp == std::string_view::npos || name.find(' ', sp + 1) != std::string_view::npos) return false;
  const auto who = name.substr(0, sp);
  const std::string head = text::lower(name.substr(sp + 1));
  return (country_by_name(who) || country_by_demonym(who)) &&
         (head == "commission" || head == "government" || head == "council" ||
          head == "cabinet" || head == "parliament" || head == "administration");
}

// What the evidence makes of a name: no company, a company known only from a party slot, or a
// company. `capitalised_elsewhere`: the text also capitalises the name after another word.
Verdict judge(std::string_view name, const Evidence& e, bool common,
              bool capitalised_elsewhere) {
  const bool hard = e.suffix || e.ticker;
  if (hard) return Verdict::strong;
  const bool organised = e.head && e.words >= 2;  // "Palomar Lithium", "Kestrel Resources"
  // A compound whose last part is in lower case is an adjective ("US-sourced", "Korea-made",
  // "Lithium-rich"), and the word "There" of "There are ..." is no name.
  {
    const auto dash = name.rfind('-');
    if (dash != std::string::npos && dash + 1 < name.size() && is_lower(name[dash + 1]))
      return Verdict::none;
    if (name == "There" || name == "Here") return Verdict::none;
  }
  // Title case makes a name of any phrase: a name only headlines give needs a party slot and
  // an organisation's word ("... With Hollis Motors").
  if (e.headline == e.count && !(e.slot && (organised || e.role))) return Verdict::none;
  // A lone word that only names a kind of organisation ("Energy", "Resources").
  if (e.words == 1 && is_org_head(name)) return Verdict::none;
  // Words after a title ("Minister of Mines, Energy and Trade") name a portfolio.
  if (e.portfolio == e.count) return Verdict::none;
  // Mineral names ("Samarium-Cobalt"), known places ("Missouri"), and names of mines and
  // projects ("Thacker Pass", "the Kestrel Project") are not companies.
  if (all_minerals(name)) return Verdict::none;
  // An abbreviation of common words ("electric vehicle (EV)"), wherever it is used once the
  // text has defined it ("EV makers"), and a compound of demonyms ("German-Austrian") are no
  // names.
  if (e.term_abbreviation > 0 && !e.defined) return Verdict::none;
  {
    const auto sp = name.rfind(' ');
    if (plural_abbreviation(sp == std::string::npos ? std::string_view(name)
                                                   : std::string_view(name).substr(sp + 1)) &&
        !e.defined)
      return Verdict::none;
  }
  {
    if (name.find('-') != std::string::npos &&
        each_part(name, '-', [](std::string_view part) { return country_by_demonym(part); }))
      return Verdict::none;
  }
  // A deal word written with a capital ("Equity stakes ...", "Loan Terms") is that word; a
  // currency code ("USD $5.6 million") is no name.
  if (e.words == 1 && (Lexicon::builtin().word(name) || is_currency_code(name)))
    return Verdict::none;
  if (!e.role && (is_place(name) || e.thing_word)) return Verdict::none;
  if (e.thing * 2 > e.count && !e.subject) return Verdict::none;
  if (e.place && !e.subject && !e.role && !e.defined && !organised) return Verdict::none;
  if (e.publisher && !e.subject && !e.role) return Verdict::none;
  // "Department of Commerce", "Ministry of Mines": a public body's name, wherever it stands.
  if (e.words >= 3 && (name.starts_with("Department of ") || name.starts_with("Ministry of ")))
    return Verdict::strong;
  if (common && !e.role) return Verdict::none;
  if (e.defined || e.role || organised || e.business) return Verdict::strong;
  if (!e.subject && !e.slot) return Verdict::none;
  // A capitalised word that only ever opens a sentence, and is no clause's subject there, is
  // an ordinary word ("Owing to ...", "Leading miner X"), unless the text capitalises it
  // elsewhere.
  if ((e.opener == e.count && !e.subject && !capitalised_elsewhere) ||
      (name.size() <= 2 && !acronymish(name)))
    return Verdict::none;
  return Verdict::weak;
}

// The company named most often (first named on a tie).
int topic_of(const NameTable& table) {
  int topic = -1;
  for (std::size_t id = 0; id < table.entities.size(); ++id) {
    const auto& e = table.entities[id];
    if (e.weak) continue;
    const auto* t = topic >= 0 ? &table.entities[static_cast<std::size_t>(topic)] : nullptr;
    if (!t || e.count > t->count || (e.count == t->count && e.first < t->first))
      topic = static_cast<int>(id);
  }
  return topic;
}

}  // namespace

namespace {

// "ACME RARE METALS" as a heading, then "Acme signed ...": the heading, in capitals, gives the
// full name of the company its next sentences call by the first word(s). The entity takes
// the heading's name (in title case), and keeps the short one as an alias. Looks at each
// heading's next two sentences once, and at the entities sharing its first word.
void full_names_from_headings(const Document& doc,
                              const WordMap<std::string, std::vector<int>>& by_first,
                              NameTable& table) {
  for (std::size_t h = 0; h + 1 < doc.sentences.size(); ++h) {
    // (A heading on a line of its own, or one cut off the sentence it heads.)
    const std::string_view head = doc.text(h);
    if (head.size() < 4 || !is_upper(head[0]) || !is_upper(head[1])) continue;
    std::vector<std::string_view> words;
    bool caps = !head.empty();
    each_part(head, ' ', [&](std::string_view w) {
      if (w.empty()) return true;
      caps = caps && std::none_of(w.begin(), w.end(), is_lower) && is_upper(w[0]);
      words.push_back(w);
      return caps;
    });
    if (!caps || words.size() < 2 || words.size() > 6) continue;
    std::string title;  // "Acme Rare Metals"
    for (const auto w : words) {
      if (!title.empty()) title += ' ';
      const bool small = w == "AND" || w == "OF" || w == "THE" || w == "FOR";
      for (std::size_t k = 0; k < w.size(); ++k)
        title += (k == 0 && !small) ? w[k] : static_cast<char>(std::tolower(static_cast<unsigned char>(w[k])));
    }
    const auto first = by_first.find(title.substr(0, title.find(' ')));
    if (first == by_first.end()) continue;
    for (const int id : first->second) {
      Entity& e = table.entities[static_cast<std::size_t>(id)];
      // A shorter name, word for word the heading's first words, used right below it.
      if (e.kind != EntityKind::company || e.name.size() >= title.size() ||
          title.compare(0, e.name.size(), e.name) != 0 || title[e.name.size()] != ' ')
        continue;
      bool below = false;
      for (std::size_t s = h + 1; s < doc.sentences.size() && s <= h + 2 && !below; ++s) {
        const std::string_view t = doc.text(s);
        for (auto at = t.find(e.name); at != std::string_view::npos && !below;
             at = t.find(e.name, at + 1)) {
          const std::size_t end = at + e.name.size();
          below = (at == 0 || !std::isalnum(static_cast<unsigned char>(t[at - 1]))) &&
                  (end == t.size() || !std::isalnum(static_cast<unsigned char>(t[end])));
        }
      }
      if (!below || table.by_name.count(title)) continue;
      e.defined.push_back(e.name);
      e.name = title;
      table.by_name.emplace(title, id);
      break;
    }
  }
}

}  // namespace

NameTable collect_names(const Document& doc, SentenceCache& sentences) {
  Collector col(doc, sentences);
  col.run();
  NameTable table;
  // A name made of words the text also writes in lower case ("Critical Minerals") is common
  // words; an acronym ("US") or a word with a capital inside is never one.
  auto common = [&](std::string_view name) {
    return each_part(name, ' ', [&](std::string_view w) {
      if (w.empty()) return true;
      if (std::any_of(w.begin() + 1, w.end(), is_upper)) return false;
      std::array<char, 64> buf;
      const std::string_view low = lower_into(w, buf);
      return !low.empty() && col.lower_words.count(low);
    });
  };
  // Persons: their names and each word of them ("Roe" after "Jane Roe").
  for (const auto& [name, e] : col.names) {
    if (e.person == 0 || e.suffix || e.ticker || e.role) continue;
    table.persons.insert(name);
    each_part(name, ' ', [&](std::string_view w) {
      if (w.size() > 2) table.persons.insert(w);
      return true;
    });
  }
  // Companies, longest names first so short forms find their full name.
  std::vector<const std::pair<std::string_view, Evidence>*> order;
  for (const auto& kv : col.names) order.push_back(&kv);
  std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    return a->second.words != b->second.words ? a->second.words > b->second.words
                                              : a->first < b->first;
  });
  WordMap<std::string, std::vector<int>> by_first;  // first word of a name -> entities
  WordMap<std::string, int> stems;                   // name without suffix -> entity
  auto alias = [&](std::string_view name, int id, const Evidence& e) {
    table.by_name.emplace(name, id);
    table.entities[static_cast<std::size_t>(id)].count += e.count;
  };
  for (const auto* kv : order) {
    const std::string_view name = kv->first;
    const Evidence& e = kv->second;
    if (table.by_name.count(name) || table.persons.count(name) ||
        Gazetteer::builtin().org_by_name(name) >= 0 || inverted_department(name) >= 0 ||
        government_body(name) || is_country_word(name))
      continue;
    // "REalloys-MCM", "U.S.-Australia": two names joined, not one.
    if (const auto dash = name.find('-'); dash != std::string::npos && e.words == 1) {
      auto known = [&](std::string_view part) {
        return col.known(part) || country_by_name(part) ||
               Gazetteer::builtin().org_by_name(part) >= 0;
      };
      const std::string_view whole(name);
      if (known(whole.substr(0, dash)) && known(whole.substr(dash + 1))) continue;
    }
    // The same name with another suffix ("Acme Ltd" beside "Acme Limited"), or its first
    // words ("Lifezone" for "Lifezone Metals"): one company, whatever this form's own
    // evidence ("For Canmax, ...").
    if (const auto it = stems.find(without_suffix(name)); it != stems.end()) {
      alias(name, it->second, e);
      continue;
    }
    if (!(e.words == 1 && (is_org_head(name) || common(name) || is_place(name)))) {
      const int short_of = short_form_of(table, by_first, name);
      if (short_of == -2) continue;
      if (short_of >= 0) {
        alias(name, short_of, e);
        continue;
      }
    }
    const Verdict verdict = judge(name, e, common(name), col.mid_capitals.count(name));
    if (verdict == Verdict::none) continue;
    Entity ent;
    ent.name = name;
    ent.weak = verdict == Verdict::weak;
    // "Department of Natural Resources Canada", "Ministry of Investment": a public body.
    if (name.starts_with("Department of") || name.starts_with("Ministry of") ||
        name.starts_with("Ministry for") || name.starts_with("Office of") ||
        name.starts_with("Agency for"))
      ent.kind = EntityKind::agency;
    ent.lender = lender_name(name);
    ent.roles = e.roles;
    ent.country = e.country;
    ent.defined = e.abbreviations;
    ent.first = e.first;
    ent.count = e.count;
    const int id = static_cast<int>(table.entities.size());
    table.entities.push_back(std::move(ent));
    table.by_name.emplace(name, id);
    by_first[std::string(name.substr(0, name.find(' ')))].push_back(id);
    if (const std::string_view stem = without_suffix(name); stem != name)
      stems.emplace(stem, id);
    if (!e.parent.empty()) table.parents.emplace_back(id, e.parent);
    // Abbreviations and tickers point at their name.
    for (const auto& ab : e.abbreviations) table.by_name.emplace(ab, id);
    for (const auto& ab : e.tickers) table.by_name.emplace(ab, id);
  }
  full_names_from_headings(doc, by_first, table);
  table.topic = topic_of(table);
  for (const auto& [stem, id] : stems) table.by_name.emplace(stem, id);
  return table;
}

}  // namespace mtrack::extract::detail
