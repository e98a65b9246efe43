// Pass 3 of mtrack extract, lists of recipients: "past recipients include A, B and C", "the
// winners were A and B". The sentence names only companies that received a funder's deal; the
// merge pass gives each one the funder and the type of the funded deal the text stated just
// before (see frames.hpp).

#include <array>

#include "extract/frame_parts.hpp"

namespace mtrack::extract::detail {
namespace {

bool is_recipient_noun(std::string_view w) {
  static constexpr std::array<std::string_view, 7> k = {
      "recipients", "winners", "awardees", "grantees", "borrowers", "beneficiaries",
      "recipient"};
  return in_list(k, w);
}

bool opens_list(std::string_view w) {
  return w == "include" || w == "includes" || w == "included" || w == "are" || w == "were";
}

}  // namespace

void recipient_lists(const SentenceView& v, const std::vector<Mention>& mentions, std::size_t si,
                     std::vector<Frame>& out) {
  const std::size_t n = v.tokens.size();
  for (std::size_t k = 0; k + 2 < n; ++k) {
    // (The rarer word first: most tokens are followed by no copula or "include".)
    if (!opens_list(v.tok_low(k + 1)) || !is_recipient_noun(v.tok_low(k))) continue;
    // The names that follow, over "," and "and" only.
    Frame f;
    f.sentence = si;
    f.listed = true;
    f.generic = true;
    f.definite = true;
    f.head_form = Form::plural;
    std::size_t j = k + 2;
    std::size_t end = j;
    std::size_t m = 0;
    while (j < n) {
      const auto w = v.tok_low(j);
      if (w == "," || w == "and") {
        ++j;
        continue;
      }
      while (m < mentions.size() && mentions[m].first < j) ++m;
      if (m == mentions.size() || mentions[m].first != j) break;
      f.parties.push_back(static_cast<int>(mentions[m].entity));
      j = mentions[m].last;
      end = j;
    }
    if (f.parties.empty()) continue;
    f.clause = {v.tokens[k].begin, v.tokens[end - 1].end};
    f.scope = f.clause;
    f.noun = {v.tokens[k].begin, v.tokens[k].end};
    out.push_back(std::move(f));
    k = end;
  }
}

}  // namespace mtrack::extract::detail
