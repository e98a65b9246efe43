// Pass 3 of mtrack extract, rows of a table of holdings: under a lead line that ends in a colon
// ("The stakes it has granted so far:"), lines of the form "NAME: 15% in OTHER" or "NAME: up
// to 20% of the Tarn project" each state that NAME holds (or will take) that share of OTHER,
// or of the company the article is about when the row names a project instead: an equity
// investment of NAME in it (see frames.hpp).

#include <array>
#include <cctype>

#include "extract/frame_parts.hpp"

namespace mtrack::extract::detail {
namespace {

// True when sentence `si` opens with a label that a name opens and a colon closes ("Orrin
// Capital: ...", also a name the chunker cut short: "Kell On: ...").
bool labelled(const Document& doc, const EntityTable& et, std::size_t si) {
  const auto& ms = et.mentions[si];
  if (ms.empty() || ms.front().first != 0 || ms.front().form != MentionForm::name) return false;
  const std::string_view s = doc.text(si);
  std::size_t k = ms.front().end;
  for (int words = 0; words < 3; ++words) {
    while (k < s.size() && s[k] == ' ') ++k;
    if (k < s.size() && s[k] == ':') return true;
    if (k >= s.size() || s[k] < 'A' || s[k] > 'Z') return false;
    while (k < s.size() && std::isalpha(static_cast<unsigned char>(s[k]))) ++k;
  }
  return false;
}

// True when sentence `si` hangs under a lead line ending in a colon, over rows like it.
bool under_lead(const Document& doc, const EntityTable& et, std::size_t si) {
  for (std::size_t j = si; j-- > 0 && j + 40 > si;) {
    std::string_view prev = doc.text(j);
    while (!prev.empty() && (prev.back() == ' ' || prev.back() == '\n')) prev.remove_suffix(1);
    if (!prev.empty() && prev.back() == ':') return true;
    if (!doc.sentences[j].line_start || !labelled(doc, et, j)) return false;
  }
  return false;
}

bool is_asset_noun(std::string_view w) {
  static constexpr std::array<std::string_view, 8> k = {
      "project", "projects", "mine", "plant", "refinery", "smelter", "deposit", "operations"};
  return in_list(k, w);
}

bool is_quantifier(std::string_view w) {
  static constexpr std::array<std::string_view, 10> k = {
      "a", "maximum", "minimum", "of", "up", "to", "about", "around", "approximately", "some"};
  return in_list(k, w);
}

bool is_holding_noun(std::string_view w) {
  static constexpr std::array<std::string_view, 6> k = {"stake", "equity", "interest",
                                                        "holding", "shareholding", "share"};
  return in_list(k, w);
}

}  // namespace

void holding_rows(const Document& doc, const EntityTable& et, const SentenceView& v,
                  std::size_t si, std::vector<Frame>& out) {
  if (!doc.sentences[si].line_start || !labelled(doc, et, si) || !under_lead(doc, et, si))
    return;
  const auto& ms = et.mentions[si];
  const auto& t = v.tokens;
  const Mention& holder = ms.front();
  std::size_t k = holder.last;
  while (k < t.size() && v.tok(k) != ":") ++k;
  ++k;
  // "A maximum of 25%", "up to 20%", "10%".
  std::size_t words = 0;
  while (k < t.size() && words < 4 && is_quantifier(v.tok_low(k))) ++k, ++words;
  if (k + 1 >= t.size() || t[k].kind != TokenKind::number || v.tok(k + 1) != "%") return;
  const std::size_t percent = k;
  k += 2;
  if (k < t.size() && is_holding_noun(v.tok_low(k))) ++k;
  if (k >= t.size() || (v.tok_low(k) != "in" && v.tok_low(k) != "of")) return;
  ++k;
  // Its object: a company named there, else (a project, an asset) the company the article is
  // about.
  int target = -1;
  for (const auto& m : ms)
    if ((m.first == k || (m.first == k + 1 && v.tok_low(k) == "the")) &&
        !is_asset_noun(v.tok_low(m.last)))
      target = static_cast<int>(m.entity);
  if (target < 0) target = et.topic;
  const int own = static_cast<int>(holder.entity);
  if (target < 0 || target == own ||
      et.entities[static_cast<std::size_t>(target)].kind != EntityKind::company ||
      et.entities[static_cast<std::size_t>(own)].kind != EntityKind::company)
    return;
  Frame f;
  f.sentence = si;
  f.type = AgreementType::investment;
  f.parties = {own, target};
  f.clause = {0, v.text.size()};
  f.scope = f.clause;
  f.noun = {t[percent].begin, t[percent + 1].end};
  out.push_back(std::move(f));
}

}  // namespace mtrack::extract::detail
