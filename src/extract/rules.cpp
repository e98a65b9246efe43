// Rules of mtrack extract: deal-type triggers and status/binding cues, read from lower-case
// sentence text with word boundaries. No regular expressions: a fixed phrase table.

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <unordered_map>

#include "extract/internal.hpp"
#include "extract/rules.hpp"

namespace mtrack::extract::detail {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

struct TriggerPhrase {
  std::string_view phrase;
  AgreementType type;
  int strength;  // higher wins when one segment holds several
  bool generic;  // "agreement", "deal": type settled from context
};

constexpr std::array<TriggerPhrase, 62> k_triggers = {{
    {"letter of interest", AgreementType::loi, 90, false},
    {"letters of interest", AgreementType::loi, 90, false},
    {"letter of intent", AgreementType::loi, 90, false},
    {"loi", AgreementType::loi, 88, false},
    {"memorandum of understanding", AgreementType::mou, 85, false},
    {"mou", AgreementType::mou, 85, false},
    {"prepayment", AgreementType::other, 80, false},
    {"task order", AgreementType::contract, 80, false},
    {"offtake", AgreementType::offtake, 75, false},
    {"off-take", AgreementType::offtake, 75, false},
    {"supply agreement", AgreementType::offtake, 74, false},
    {"supply deal", AgreementType::offtake, 74, false},
    {"sales agreement", AgreementType::offtake, 70, false},
    {"purchase agreement", AgreementType::offtake, 70, false},
    {"will purchase", AgreementType::offtake, 60, false},
    {"joint venture", AgreementType::jv, 72, false},
    {"jv", AgreementType::jv, 70, false},
    {"merger", AgreementType::merger, 72, false},
    {"jointly acquire", AgreementType::merger, 72, false},
    {"will acquire", AgreementType::merger, 55, false},
    {"to acquire", AgreementType::merger, 50, false},
    {"acquisition of", AgreementType::merger, 50, false},
    {"conditional commitment", AgreementType::loan, 70, false},
    {"loan", AgreementType::loan, 68, false},
    {"loans", AgreementType::loan, 60, false},
    {"debt funding", AgreementType::loan, 60, false},
    {"debt financing", AgreementType::loan, 60, false},
    {"financing envelope", AgreementType::loan, 62, false},
    {"credit facility", AgreementType::loan, 62, false},
    {"financing agreements", AgreementType::loan, 58, false},
    {"grant", AgreementType::grant, 66, false},
    {"grants", AgreementType::grant, 66, false},
    {"title iii", AgreementType::grant, 64, false},
    {"convertible note", AgreementType::investment, 67, false},
    {"strategic investment", AgreementType::investment, 66, false},
    {"equity investment", AgreementType::investment, 66, false},
    {"investment", AgreementType::investment, 52, false},
    {"invest", AgreementType::investment, 50, false},
    {"subscribe for", AgreementType::investment, 64, false},
    {"equity stake", AgreementType::investment, 60, false},
    {"minority stake", AgreementType::investment, 60, false},
    {"contract", AgreementType::contract, 58, false},
    {"contracted", AgreementType::contract, 58, false},
    {"awarded", AgreementType::grant, 45, false},
    {"award", AgreementType::grant, 44, false},
    {"awards", AgreementType::grant, 44, false},
    {"granted", AgreementType::grant, 46, false},
    {"funding", AgreementType::grant, 30, false},
    {"joint development agreement", AgreementType::partnership, 73, false},
    {"collaboration agreement", AgreementType::partnership, 56, false},
    {"partnership", AgreementType::partnership, 40, false},
    {"partnered", AgreementType::partnership, 40, false},
    {"partner with", AgreementType::partnership, 38, false},
    {"alliance", AgreementType::partnership, 36, false},
    {"framework", AgreementType::framework, 34, false},
    {"agreement", AgreementType::other, 20, true},
    {"agreements", AgreementType::other, 18, true},
    {"deal", AgreementType::other, 18, true},
    {"pact", AgreementType::other, 18, true},
    {"term sheet", AgreementType::other, 19, true},
    {"arrangement", AgreementType::other, 10, true},
    {"contracts", AgreementType::contract, 50, false},
}};

bool word_at(std::string_view low, std::size_t i, std::string_view w) {
  if (i + w.size() > low.size()) return false;
  if (low.compare(i, w.size(), w) != 0) return false;
  if (i > 0 && is_alnum(low[i - 1])) return false;
  return i + w.size() == low.size() || !is_alnum(low[i + w.size()]);
}

}  // namespace

bool contains_word(std::string_view low, std::string_view w) {
  for (std::size_t at = low.find(w); at != std::string_view::npos; at = low.find(w, at + 1)) {
    if (word_at(low, at, w)) return true;
  }
  return false;
}

namespace {

// Trigger phrases indexed by their first word, built once: a sentence is scanned word by
// word and only the phrases starting with that word are compared.
class TriggerIndex {
 public:
  TriggerIndex() {
    for (const auto& tp : k_triggers) {
      std::size_t e = 0;
      while (e < tp.phrase.size() && is_alnum(tp.phrase[e])) ++e;
      m_by_first[tp.phrase.substr(0, e)].push_back(&tp);
      m_filter.add(tp.phrase.substr(0, e));
    }
  }
  const std::vector<const TriggerPhrase*>* find(std::string_view word) const {
    if (!m_filter.maybe(word)) return nullptr;
    const auto it = m_by_first.find(word);
    return it == m_by_first.end() ? nullptr : &it->second;
  }

 private:
  std::unordered_map<std::string_view, std::vector<const TriggerPhrase*>, WordHash> m_by_first;
  WordFilter m_filter;
};

}  // namespace

std::vector<Trigger> find_triggers(std::string_view low) {
  static const TriggerIndex k_index;
  std::vector<Trigger> out;
  const std::size_t n = low.size();
  std::size_t i = 0;
  while (i < n) {
    if (!is_alnum(low[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && is_alnum(low[j])) ++j;
    if (const auto* cands = k_index.find(low.substr(i, j - i))) {
      for (const TriggerPhrase* tp : *cands) {
        if (!word_at(low, i, tp->phrase)) continue;
        Trigger t;
        t.begin = i;
        t.end = i + tp->phrase.size();
        t.type = tp->type;
        t.strength = tp->strength;
        t.generic = tp->generic;
        t.phrase = tp->phrase;
        out.push_back(t);
      }
    }
    i = j;
  }
  // Longer phrases swallow shorter ones inside them ("loan" in "loan package" is fine, but
  // "agreement" inside "supply agreement" is the same trigger).
  std::sort(out.begin(), out.end(), [](const Trigger& a, const Trigger& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<Trigger> kept;
  for (const auto& t : out) {
    bool inside = false;
    for (const auto& k : kept) {
      if (t.begin >= k.begin && t.end <= k.end) inside = true;
    }
    if (!inside) kept.push_back(t);
  }
  // Triggers that describe intentions or talk, not an agreement.
  std::vector<Trigger> real;
  for (const auto& t : kept) {
    const std::size_t b = t.begin > 70 ? t.begin - 70 : 0;
    const std::string_view prev = low.substr(b, t.begin - b);
    bool intent = false;
    for (std::string_view cue :
         {"pursue",  "negotiat",       "explore",    "seek",        "towards",
          "toward ", "in discussions", "intends to", "intent to",   "opportunit",
          "plan to", "plans to",       "aims to",    "looking for", "considering",
          "could ",  "may ",           "would like", "hopes to",    "future "}) {
      if (prev.find(cue) != std::string_view::npos && prev.size() - prev.rfind(cue) < 64)
        intent = true;
    }
    const std::string_view post = low.substr(t.end, std::min<std::size_t>(16, low.size() - t.end));
    if (post.find("opportunit") != std::string_view::npos) intent = true;
    if (prev.ends_with("its ") || prev.ends_with("their ")) intent = true;
    if (t.phrase == "invest" || t.phrase == "investment") {
      // "will invest" is an intention only without a counterparty; keep and let parties decide.
    }
    if (!intent) real.push_back(t);
  }
  return real;
}

StatusCues read_status(std::string_view low) {
  StatusCues c;
  auto has = [&](std::string_view w) { return low.find(w) != std::string_view::npos; };
  if (has("non-binding") || has("nonbinding") || has("not binding"))
    c.binding = false;
  else if (has("definitive") || contains_word(low, "binding") || has("executed"))
    c.binding = true;
  if (has("terminated") || has("cancelled") || has("canceled") || has("withdrawn"))
    c.status = Status::terminated;
  else if (has("conditional commitment") || has("approval") || contains_word(low, "approved") ||
           has("set to receive") || has("committed to") || has("once finalised") ||
           has("once finalized") || has("contingent") || has("was tapped") ||
           has("preliminary commitment") || has("conditionally"))
    c.status = Status::approved;
  else if (has("planned") || has("proposed") || has("will form") || has("expected to enter") ||
           has("will be undertaken") || has("will own") || has("in principle") ||
           has("can secure") || has("will offer") || has("intends to"))
    c.status = Status::proposed;
  else if (has("welcomed a") || has("made an initial") || has("completed the") || has("closed the"))
    c.status = Status::completed;
  if (has("signed") || has("inked") || has("executed") || has("finalized") || has("finalised") ||
      has("entered into") || has("awarded") || has("received") || has("secured") ||
      has("renewed") || has("agreed") || has("won ") || has("struck"))
    c.signed_cue = true;
  return c;
}

}  // namespace mtrack::extract::detail
