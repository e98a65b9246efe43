// The extractor's lexicon (see lexicon.hpp): entries as lemmas, inflected forms generated.
// Each entry stands for a general pattern of deal language; tests/unit/extract_lexicon_test.cpp
// gives every entry at least two invented sentences in different wording.

#include "extract/lexicon.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace mtrack::extract::detail {
namespace {

using T = AgreementType;
using P = PartOfSpeech;
using S = Sense;

LexEntry noun(std::string_view lemma, Sense sense, T type = T::other, std::uint8_t head = 255) {
  LexEntry e;
  e.lemma = lemma;
  e.pos = P::noun;
  e.sense = sense;
  e.type = type;
  // The head of a noun phrase is its last word unless the phrase has "of" ("letter of
  // intent": the first).
  const auto of = lemma.find(" of ");
  if (head != 255)
    e.head = head;
  else if (of != std::string_view::npos)
    e.head = static_cast<std::uint8_t>(std::count(lemma.begin(), lemma.begin() + of, ' '));
  else
    e.head = static_cast<std::uint8_t>(std::count(lemma.begin(), lemma.end(), ' '));
  return e;
}

LexEntry verb(std::string_view lemma, Sense sense, T type = T::other) {
  LexEntry e;
  e.lemma = lemma;
  e.pos = P::verb;
  e.sense = sense;
  e.type = type;
  e.head = 0;  // "enter into", "take over", "walk away": the verb is first
  return e;
}

LexEntry word(std::string_view lemma, Sense sense) {
  LexEntry e;
  e.lemma = lemma;
  e.pos = P::other;
  e.sense = sense;
  return e;
}

LexEntry with_binding(LexEntry e, bool b) {
  e.binding = b;
  return e;
}
LexEntry with_status(LexEntry e, Status s) {
  e.status = s;
  return e;
}
LexEntry funder_typed(LexEntry e) {
  e.by_funder = true;
  return e;
}

std::vector<LexEntry> build_entries() {
  std::vector<LexEntry> v;
  // Letters and memoranda: non-binding by what they are.
  for (auto l : {"letter of interest", "letter of intent", "letter of support", "loi"})
    v.push_back(with_binding(noun(l, S::instrument, T::loi), false));
  for (auto l : {"memorandum of understanding", "memorandum", "mou"})
    v.push_back(with_binding(noun(l, S::instrument, T::mou), false));
  // Supply.
  for (auto l : {"offtake", "off-take"}) v.push_back(noun(l, S::instrument, T::offtake));
  // Joint ventures.
  for (auto l : {"joint venture", "joint-venture", "jv"}) v.push_back(noun(l, S::instrument, T::jv));
  // Debt.
  for (auto l : {"loan", "credit facility", "debt facility", "liquidity facility", "loan facility",
                 "bridge facility", "revolving facility", "debt financing", "financing"})
    v.push_back(noun(l, S::instrument, T::loan));
  v.push_back(with_status(noun("conditional commitment", S::instrument, T::loan), Status::approved));
  // Government funding of a company's own work.
  for (auto l : {"grant", "subsidy"}) v.push_back(noun(l, S::instrument, T::grant));
  // Equity.
  for (auto l : {"investment", "stake", "equity", "preferred share", "convertible note",
                 "placement"})
    v.push_back(noun(l, S::instrument, T::investment));
  v.push_back(with_binding(noun("subscription", S::instrument, T::investment), true));
  // Purchases by government and orders under them.
  v.push_back(noun("contract", S::instrument, T::contract));
  v.push_back(with_binding(noun("task order", S::instrument, T::contract), true));
  // Buying companies.
  for (auto l : {"merger", "acquisition", "takeover"}) v.push_back(noun(l, S::instrument, T::merger));
  // Working together.
  for (auto l : {"partnership", "alliance", "collaboration", "joint development agreement"})
    v.push_back(noun(l, S::instrument, T::partnership));
  v.push_back(noun("framework", S::instrument, T::framework));
  // Instruments of no listed type.
  for (auto l : {"price floor", "prepayment", "stream", "royalty", "cost overrun facility"})
    v.push_back(noun(l, S::instrument, T::other));
  // Money whose kind is the funder's.
  for (auto l : {"funding", "award", "commitment", "backing"})
    v.push_back(funder_typed(noun(l, S::instrument, T::other)));
  // Agreements of no type by their name.
  for (auto l : {"agreement", "deal", "pact", "accord", "arrangement", "term sheet"})
    v.push_back(noun(l, S::generic));
  v.push_back(with_binding(noun("deed", S::generic), true));
  // Premodifiers that type a generic noun (instrument nouns do too).
  for (auto l : {"supply", "sales", "sale", "purchase"}) v.push_back(noun(l, S::modifier, T::offtake));
  for (auto l : {"finance", "credit", "debt"}) v.push_back(noun(l, S::modifier, T::loan));
  v.push_back(noun("cooperation", S::modifier, T::partnership));
  v.push_back(noun("streaming", S::modifier, T::other));
  // Verbs of making a deal.
  for (auto l : {"sign", "ink", "execute", "enter into", "conclude", "finalise", "finalize",
                 "strike", "agree", "seal", "renew", "establish", "form", "reach", "announce",
                 "take", "make"})
    v.push_back(verb(l, S::make));
  for (auto l : {"receive", "secure", "win", "obtain", "land", "raise"})
    v.push_back(verb(l, S::receive));
  for (auto l : {"award", "grant", "provide", "extend", "offer", "issue", "support"})
    v.push_back(verb(l, S::give));
  // Verbs that are a deal by themselves.
  for (auto l : {"acquire", "buy", "purchase", "take over", "merge"})
    v.push_back(verb(l, S::act, T::merger));
  for (auto l : {"invest", "subscribe"}) v.push_back(verb(l, S::act, T::investment));
  for (auto l : {"lend", "finance"}) v.push_back(verb(l, S::act, T::loan));
  v.push_back(verb("prepay", S::act, T::other));
  for (auto l : {"partner", "team up", "team", "collaborate", "cooperate", "co-operate"})
    v.push_back(verb(l, S::act, T::partnership));
  for (auto l : {"supply", "sell"}) v.push_back(verb(l, S::act, T::offtake));
  // Verbs of a deal's course.
  for (auto l : {"complete", "close"}) v.push_back(verb(l, S::complete));
  for (auto l : {"terminate", "cancel", "abandon", "scrap", "withdraw", "walk away"})
    v.push_back(verb(l, S::end));
  // A funder's commitment or choice, short of a closing: "approved", "committed", "was tapped
  // for a loan", "selected for an award".
  for (auto l : {"approve", "commit", "tap", "select"}) v.push_back(verb(l, S::approve));
  v.push_back(noun("approval", S::approve));
  // Intentions ("plans to", "seeks to"): a hedge or a plan, by the verb that follows.
  for (auto l : {"propose", "plan", "intend", "aim", "expect", "hope", "look", "seek", "want",
                 "try", "attempt"})
    v.push_back(verb(l, S::propose));
  // Modality and talk: the deal is not stated as made.
  for (auto l : {"may", "might", "could", "would"}) v.push_back(word(l, S::hedge));
  for (auto l : {"explore", "consider", "evaluate", "discuss", "negotiate", "pursue"})
    v.push_back(verb(l, S::hedge));
  // Talk, and asking for offers: "in talks", "a solicitation to purchase", "a tender for".
  for (auto l : {"talk", "negotiation", "discussion", "opportunity", "solicitation", "tender",
                 "proposal"})
    v.push_back(noun(l, S::hedge));
  for (auto l : {"potential", "possible", "future", "potentially", "possibly"})
    v.push_back(word(l, S::hedge));
  for (auto l : {"not", "no", "never", "yet", "without"}) v.push_back(word(l, S::negation));
  for (auto l : {"fail", "decline"}) v.push_back(verb(l, S::negation));
  for (auto l : {"if", "unless"}) v.push_back(word(l, S::condition));
  return v;
}

bool vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Verbs whose final consonant doubles before -ed and -ing.
bool doubles(std::string_view w) {
  static constexpr std::array<std::string_view, 5> k = {"commit", "plan", "scrap", "tap", "win"};
  return std::find(k.begin(), k.end(), w) != k.end();
}

struct Irregular {
  std::string_view base;
  std::string_view past;
  std::string_view participle;
};
constexpr std::array<Irregular, 10> k_irregular = {{{"strike", "struck", "struck"},
                                                   {"win", "won", "won"},
                                                   {"buy", "bought", "bought"},
                                                   {"sell", "sold", "sold"},
                                                   {"lend", "lent", "lent"},
                                                   {"take", "took", "taken"},
                                                   {"make", "made", "made"},
                                                   {"seek", "sought", "sought"},
                                                   {"prepay", "prepaid", "prepaid"},
                                                   {"withdraw", "withdrew", "withdrawn"}}};

}  // namespace

std::vector<std::pair<std::string, Form>> noun_forms(std::string_view lemma) {
  std::vector<std::pair<std::string, Form>> out = {{std::string(lemma), Form::base}};
  const std::string w(lemma);
  if (w == "memorandum") {
    out.push_back({"memoranda", Form::plural});
    out.push_back({"memorandums", Form::plural});
  } else if (w.ends_with("y") && w.size() > 2 && !vowel(w[w.size() - 2])) {
    out.push_back({w.substr(0, w.size() - 1) + "ies", Form::plural});
  } else if (w.ends_with("s") || w.ends_with("x") || w.ends_with("ch") || w.ends_with("sh")) {
    out.push_back({w + "es", Form::plural});
  } else {
    out.push_back({w + "s", Form::plural});
  }
  return out;
}

std::vector<std::pair<std::string, Form>> verb_forms(std::string_view lemma) {
  std::vector<std::pair<std::string, Form>> out = {{std::string(lemma), Form::base}};
  const std::string w(lemma);
  // Third person.
  if (w.ends_with("y") && !vowel(w[w.size() - 2]))
    out.push_back({w.substr(0, w.size() - 1) + "ies", Form::third_person});
  else if (w.ends_with("s") || w.ends_with("x") || w.ends_with("ch") || w.ends_with("sh"))
    out.push_back({w + "es", Form::third_person});
  else
    out.push_back({w + "s", Form::third_person});
  // Past and participle.
  const auto irr = std::find_if(k_irregular.begin(), k_irregular.end(),
                                [&](const Irregular& i) { return i.base == w; });
  if (irr != k_irregular.end()) {
    out.push_back({std::string(irr->past), Form::past});
    if (irr->participle != irr->past) out.push_back({std::string(irr->participle), Form::past});
  } else if (w.ends_with("e")) {
    out.push_back({w + "d", Form::past});
  } else if (w.ends_with("y") && !vowel(w[w.size() - 2])) {
    out.push_back({w.substr(0, w.size() - 1) + "ied", Form::past});
  } else if (doubles(w)) {
    out.push_back({w + w.back() + "ed", Form::past});
  } else if (w == "cancel") {  // both spellings
    out.push_back({"cancelled", Form::past});
    out.push_back({"canceled", Form::past});
  } else {
    out.push_back({w + "ed", Form::past});
  }
  // Gerund.
  if (w.ends_with("ie"))
    out.push_back({w.substr(0, w.size() - 2) + "ying", Form::gerund});
  else if (w.ends_with("e") && !w.ends_with("ee"))
    out.push_back({w.substr(0, w.size() - 1) + "ing", Form::gerund});
  else if (doubles(w))
    out.push_back({w + w.back() + "ing", Form::gerund});
  else
    out.push_back({w + "ing", Form::gerund});
  return out;
}

Lexicon::Lexicon() : m_entries(build_entries()) {
  for (const auto& e : m_entries) {
    std::vector<std::string> words;
    for (std::size_t b = 0; b <= e.lemma.size();) {
      std::size_t sp = e.lemma.find(' ', b);
      if (sp == std::string_view::npos) sp = e.lemma.size();
      words.emplace_back(e.lemma.substr(b, sp - b));
      b = sp + 1;
    }
    std::vector<std::pair<std::string, Form>> forms;
    if (e.pos == P::noun)
      forms = noun_forms(words[e.head]);
    else if (e.pos == P::verb)
      forms = verb_forms(words[e.head]);
    else
      forms = {{words[e.head], Form::base}};
    for (const auto& [form, kind] : forms) {
      std::vector<std::string> surface = words;
      surface[e.head] = form;
      Variant var;
      var.rest.assign(surface.begin() + 1, surface.end());
      var.entry = &e;
      var.form = kind;
      m_filter.add(surface[0]);
      auto& list = m_by_first[surface[0]];
      const auto at = std::find_if(list.begin(), list.end(), [&](const Variant& q) {
        return q.rest.size() < var.rest.size();
      });
      list.insert(at, std::move(var));
    }
  }
}

const Lexicon& Lexicon::builtin() {
  static const Lexicon k;
  return k;
}

const LexEntry* LexHit::sense(Sense s, PartOfSpeech p) const {
  for (std::uint8_t k = 0; k < count; ++k)
    if (entries[k]->sense == s && (p == PartOfSpeech::other || entries[k]->pos == p))
      return entries[k];
  return nullptr;
}

const LexEntry* LexHit::pos(PartOfSpeech p) const {
  for (std::uint8_t k = 0; k < count; ++k)
    if (entries[k]->pos == p) return entries[k];
  return nullptr;
}

Form LexHit::form_of(const LexEntry* e) const {
  for (std::uint8_t k = 0; k < count; ++k)
    if (entries[k] == e) return forms[k];
  return Form::base;
}

LexHit Lexicon::match(std::string_view s, const std::vector<Token>& t, std::size_t i) const {
  return match(s, t.data(), t.size(), i);
}

LexHit Lexicon::match(std::string_view s, const Token* t, std::size_t n, std::size_t i) const {
  LexHit hit;
  const std::string_view w(s.data() + t[i].begin, t[i].end - t[i].begin);
  if (t[i].kind != TokenKind::word || !m_filter.maybe(w)) return hit;
  std::array<char, 64> buf;
  const std::string_view first = lower_into(w, buf);
  if (first.empty()) return hit;
  const auto* list = m_by_first.find(first);
  if (!list) return hit;
  for (const auto& v : *list) {
    // Variants are longest first: once a match is found only equally long ones can join.
    if (hit.count > 0 && i + 1 + v.rest.size() < hit.last) break;
    if (i + 1 + v.rest.size() > n) continue;
    bool ok = true;
    for (std::size_t k = 0; k < v.rest.size() && ok; ++k) {
      const Token& tk = t[i + 1 + k];
      std::array<char, 64> b2;
      ok = lower_into(s.substr(tk.begin, tk.end - tk.begin), b2) == v.rest[k];
    }
    if (!ok || hit.count == hit.entries.size()) continue;
    hit.first = i;
    hit.last = i + 1 + v.rest.size();
    hit.entries[hit.count] = v.entry;
    hit.forms[hit.count] = v.form;
    ++hit.count;
  }
  return hit;
}

std::vector<LexHit> Lexicon::scan(std::string_view s, const std::vector<Token>& t) const {
  std::vector<LexHit> out;
  for (std::size_t i = 0; i < t.size();) {
    // Most tokens start no entry: the filter turns them away before a hit is built.
    if (t[i].kind != TokenKind::word ||
        !m_filter.maybe(std::string_view(s.data() + t[i].begin, t[i].end - t[i].begin))) {
      ++i;
      continue;
    }
    if (LexHit h = match(s, t, i)) {
      i = h.last;
      out.push_back(h);
    } else {
      ++i;
    }
  }
  return out;
}

bool Lexicon::finite_verb(std::string_view w) const {
  if (!m_filter.maybe(w)) return false;
  std::array<char, 64> buf;
  const std::string_view low = lower_into(w, buf);
  const auto* list = low.empty() ? nullptr : m_by_first.find(low);
  if (!list) return false;
  for (const auto& v : *list)
    if (v.entry->pos == PartOfSpeech::verb && (v.form == Form::past || v.form == Form::third_person))
      return true;
  return false;
}

LexHit Lexicon::word(std::string_view w) const {
  const Token t[1] = {{0, w.size(), TokenKind::word}};
  LexHit h = match(w, t, 1, 0);
  if (h.last != 1) return {};
  return h;
}

}  // namespace mtrack::extract::detail
