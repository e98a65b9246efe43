// Pass 3 of mtrack extract: what an instrument's own verb phrase says (see frames.hpp).

#include <array>

#include "extract/frame_parts.hpp"

namespace mtrack::extract::detail {

namespace {

// Predicates of a deal's size or length after a modal ("could be worth", "may be extended",
// "might reach").
bool sizes_terms(std::string_view w) {
  static constexpr std::array<std::string_view, 14> k = {
      "worth",  "valued",   "extended", "increased", "expanded", "raised", "renewed",
      "reach",  "exceed",   "total",    "rise",      "grow",     "increase", "extend"};
  return in_list(k, w);
}

// "close to a deal", "nearing an agreement", "on the verge of signing": the deal is near, not
// made. (Not "close to $5 million": an amount after "close to" is an approximation.)
bool near_a_deal(const SentenceWork& w, std::size_t k) {
  const std::size_t n = w.view.tokens.size();
  const auto lw = w.low(k);
  if (lw == "nears" || lw == "nearing" || lw == "neared") return true;
  if (lw == "verge" && k + 1 < n && w.low(k + 1) == "of") return true;
  if (lw != "close" && lw != "closer" && lw != "near" && lw != "nearer") return false;
  if (k + 2 >= n || w.low(k + 1) != "to") return false;
  const auto nx = w.low(k + 2);
  return nx == "a" || nx == "an" || nx == "the" || nx == "its" || nx == "their" ||
         (nx.size() > 4 && nx.ends_with("ing"));
}

}  // namespace

// ---- scope -----------------------------------------------------------------------------------

// What the instrument's own verb phrase says, read over tokens [from, np.last) of its clause:
// the verb that governs it, and whether it is hedged ("may", "seeks to sign", "in talks"),
// negated ("has yet to", "not"), conditional ("if"), planned ("will acquire", "plans to
// invest", "proposed merger") or the terms of another deal ("under the agreement, ...").
void read_scope(const SentenceWork& w, const Instrument& in, std::size_t from, std::size_t to,
                Frame& f) {
  const Clause& c = w.clauses[in.clause];
  const auto& t = w.view.tokens;
  // "Under the agreement, ...", "As part of the deal, ...": the clause states terms.
  for (std::size_t k = c.range.first; k < std::min(c.range.first + 3, t.size()); ++k) {
    const auto lw = w.low(k);
    if (lw != "under" && lw != "per" && lw != "part" && lw != "pursuant") continue;
    for (std::size_t j = k + 1; j < std::min(k + 9, t.size()); ++j) {
      const LexHit* h = w.hit(j);
      if (h && (h->sense(Sense::generic) || h->sense(Sense::instrument)) && j < in.np.first) {
        f.terms = true;
        break;
      }
    }
  }
  if (in.verb) {
    f.verb = in.entry;
    f.verb_form = in.form;
  } else {
    for (std::size_t k = in.np.first; k-- > from;) {
      if (c.skipped(k)) continue;
      const LexEntry* v = verb_reading(w, k);
      if (v == nullptr) continue;
      if (v->sense == Sense::hedge || v->sense == Sense::negation || v->sense == Sense::propose)
        continue;
      f.verb = v;
      f.verb_form = w.hit(k)->form_of(v);
      break;
    }
    // A deal noun that is the subject: its verb follows ("The offtake was terminated").
    for (std::size_t k = in.np.last; f.verb == nullptr && k < to; ++k) {
      const LexEntry* v = verb_reading(w, k);
      if (v && v->sense != Sense::hedge && v->sense != Sense::negation &&
          v->sense != Sense::propose) {
        f.verb = v;
        f.verb_form = w.hit(k)->form_of(v);
      }
    }
  }
  // A condition before the subject rules the whole clause: "If A signs ..., ...".
  for (std::size_t k = c.range.first; k < from && k < t.size(); ++k)
    if (const LexHit* h = w.hit(k); h && h->sense(Sense::condition)) f.hedged = true;
  // A deal verb's object is its deal: "to secure future volumes" is a hedge there.
  if (in.verb)
    for (std::size_t k = in.np.last; k < c.range.last && k < in.np.last + 4; ++k) {
      const auto lw = w.low(k);
      if (lw == "future" || lw == "potential" || lw == "possible") f.hedged = true;
    }
  for (std::size_t k = from; k < to && k < t.size(); ++k) {
    if (c.skipped(k)) continue;
    const auto lw = w.low(k);
    if (lw == "will" || lw == "shall" || lw == "'ll") f.future = true;
    if (k < in.np.first && near_a_deal(w, k)) {
      f.hedged = true;
      continue;
    }
    const LexHit* h = w.hit(k);
    if (h == nullptr || h->first != k) {
      if (w.view.tok(k).ends_with("n't")) f.hedged = true;
      continue;
    }
    if (h->sense(Sense::negation)) {
      // "no longer" and "not only" negate nothing about the deal.
      const auto nx = k + 1 < t.size() ? w.low(k + 1) : std::string_view();
      if (!(lw == "no" && nx == "longer") && !(lw == "not" && nx == "only")) f.hedged = true;
      continue;
    }
    if (h->sense(Sense::condition)) {
      f.hedged = true;
      continue;
    }
    if (const LexEntry* e = h->sense(Sense::hedge)) {
      // "May" written with a capital inside a sentence, or before a number, is the month.
      if (e->lemma == "may" && (w.view.tok(k) == "May" || w.view.tok(k) == "MAY") &&
          (k > 0 || (k + 1 < t.size() && t[k + 1].kind == TokenKind::number)))
        continue;
      if (e->pos == PartOfSpeech::other && e->lemma != "may" && e->lemma != "might" &&
          e->lemma != "could" && e->lemma != "would") {
        // "potential", "future", "potentially": only as the deal noun's own modifier or
        // just before it ("potentially signing a deal").
        if (k + 3 >= in.np.first || in.np.contains(k)) f.hedged = true;
        continue;
      }
      if (f.terms && e->pos == PartOfSpeech::other) continue;  // "X would buy ..."
      // After the deal noun, a modal that speaks of its size or length hedges the terms,
      // not the deal: "the deal could be worth $X", "may be extended", "might reach $Y".
      if (e->pos == PartOfSpeech::other && k >= in.np.last && !in.verb &&
          k + 1 < t.size() && sizes_terms(w.low(k + 1) == "be" ? w.low(k + 2) : w.low(k + 1)))
        continue;
      // "X said it would form a venture": a plan reported, not a hedge.
      if (e->lemma == "would" && k >= 2 && (is_pronoun(w.low(k - 1)) || w.mention_at[k - 1] >= 0) &&
          (is_reporting_verb(w.low(k - 2)) || (k >= 3 && w.low(k - 2) == "that" &&
                                               is_reporting_verb(w.low(k - 3))))) {
        f.future = f.planned = true;
        continue;
      }
      f.hedged = true;
      continue;
    }
    if (const LexEntry* e = h->sense(Sense::propose, PartOfSpeech::verb)) {
      const Form form = h->form_of(e);
      // "planned merger", "proposed loan": a planned deal.
      if (form == Form::past && in.np.contains(k)) {
        f.future = f.planned = true;
        continue;
      }
      const std::size_t after = h->last;
      if (e->lemma == "look" && after < t.size() && w.low(after) == "forward") {
        f.hedged = true;
        continue;
      }
      if (after < t.size() && w.low(after) == "to") {
        const LexEntry* next = after + 1 < t.size() ? verb_reading(w, after + 1) : nullptr;
        const bool making =
            next && (next->sense == Sense::make || next->sense == Sense::receive ||
                     next->sense == Sense::hedge);
        // ("tries to close", "attempted to buy": an attempt, whatever it is at.)
        const bool attempt = e->lemma == "try" || e->lemma == "attempt";
        if ((making || attempt) && e->lemma != "expect")
          f.hedged = true;
        else
          f.future = f.planned = true;
      } else if (e->lemma == "seek" || e->lemma == "look" || e->lemma == "want") {
        f.hedged = true;  // "is seeking a loan": not found yet
      } else {
        f.future = f.planned = true;  // "plans a merger", "proposed a takeover"
      }
    }
  }
}

}  // namespace mtrack::extract::detail
