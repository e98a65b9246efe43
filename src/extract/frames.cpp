// Pass 3 of mtrack extract: clauses, the instruments in them and the scope of each (see
// frames.hpp). Parties, amounts and the frames themselves are in parties.cpp.

#include <algorithm>
#include <array>

#include "extract/frame_parts.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::extract::detail {
namespace {

bool is_preposition(std::string_view w) {
  static constexpr std::array<std::string_view, 24> k = {
      "with", "from", "to",   "of",      "in",    "for",     "by",      "on",
      "at",   "as",   "into", "under",   "over",  "than",    "between", "about",
      "after", "before", "through", "via", "per", "including", "among", "against"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0;
}

// Nouns a deal noun can modify without being a deal itself: "financing package", "grant
// program", "loan programme", "investment plan", "offtake market".
bool is_aggregate_noun(std::string_view w) {
  static constexpr std::array<std::string_view, 42> k = {
      "package",    "packages",  "program",   "programs",  "programme", "programmes",
      "plan",       "plans",     "scheme",    "schemes",   "market",    "markets",
      "office",     "opportunities", "decision", "decisions", "strategy", "bank",
      "banks",      "target",    "targets",   "mechanism", "mechanisms", "approach",
      "agency",     "agencies",  "model",     "arm",       "sector",    "institution",
      "institutions", "capacity", "team",     "vehicle",   "platform",  "policy",
      "activities", "costs",     "needs",     "structure", "rate",      "rates"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0;
}

}  // namespace

bool is_determiner(std::string_view w) {
  static constexpr std::array<std::string_view, 24> k = {
      "a",     "an",      "the",      "this",     "that",  "these",    "those", "its",
      "their", "his",     "her",      "our",      "two",   "three",    "four",  "several",
      "multiple", "separate", "both", "each",     "any",   "such",     "another", "new"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0;
}

bool names_members(const SentenceWork& w, std::size_t k) {
  const LexHit* h = w.hit(k);
  if (h == nullptr || h->first != k || k == 0 || h->pos(PartOfSpeech::noun)) return false;
  const LexEntry* verb = h->pos(PartOfSpeech::verb);
  const LexHit* before = w.hit(k - 1);
  return verb && verb->lemma == "partner" && h->form_of(verb) != Form::past &&
         h->form_of(verb) != Form::gerund && before &&
         before->sense(Sense::instrument, PartOfSpeech::noun);
}

const LexEntry* verb_reading(const SentenceWork& w, std::size_t k) {
  const LexHit* h = w.hit(k);
  if (h == nullptr || h->first != k) return nullptr;
  const LexEntry* verb = h->pos(PartOfSpeech::verb);
  if (verb == nullptr) return nullptr;
  const LexEntry* noun = h->pos(PartOfSpeech::noun);
  const Form vf = h->form_of(verb);
  // After a determiner a verb form is an adjective or a noun: "a secure supply".
  if (k > 0 && is_determiner(w.low(k - 1)) && vf != Form::gerund) return nullptr;
  // A gerund that is also a noun ("financing", "funding") is the noun unless a verb's marker
  // comes before it ("is financing", "by funding", "after financing the mine").
  if (noun != nullptr && vf == Form::gerund) {
    static constexpr std::array<std::string_view, 10> k_marks = {
        "is", "are", "was", "were", "been", "be", "by", "after", "before", "while"};
    return k > 0 && in_list(k_marks, w.low(k - 1)) ? verb : nullptr;
  }
  if (names_members(w, k)) return nullptr;
  if (noun == nullptr || vf == Form::past || vf == Form::gerund) return verb;
  if (k == 0) return w.doc->sentences[w.index].headline ? verb : nullptr;
  std::size_t p = k - 1;
  // Before a name: what comes before the name decides ("the DOE grant" / "DOE grants $5m").
  if (w.mention_at[p] >= 0) {
    const auto& m = (*w.mentions)[static_cast<std::size_t>(w.mention_at[p])];
    if (m.first == 0) return verb;
    p = m.first - 1;
    if (is_determiner(w.low(p))) return nullptr;
    return verb;
  }
  const auto prev = w.low(p);
  // After a deal word it is a noun: "equity partners", "offtake partners".
  if (const LexHit* ph = w.hit(p); ph && (ph->sense(Sense::instrument) || ph->sense(Sense::modifier)))
    return nullptr;
  static constexpr std::array<std::string_view, 18> k_verbal = {
      "to", "will", "would", "can", "could", "may", "might", "shall", "must",
      "did", "does", "do",  "also", "has", "have", "had",   "jointly", "not"};
  static const WordClass k_verbal_set(k_verbal.begin(), k_verbal.end());
  if (k_verbal_set.count(prev) || is_pronoun(prev)) return verb;
  return nullptr;
}

// ---- instruments -----------------------------------------------------------------------------

namespace {

// The noun reading of the hit at token k, when it is no verb there.
const LexEntry* noun_reading(const SentenceWork& w, std::size_t k) {
  const LexHit* h = w.hit(k);
  if (h == nullptr || h->first != k || verb_reading(w, k)) return nullptr;
  // A bare word of no type after "to" is a verb ("how to deal online", "to contract out").
  if (k > 0 && w.low(k - 1) == "to" && h->last == k + 1) {
    const LexEntry* g = h->sense(Sense::generic, PartOfSpeech::noun);
    if (g && h->form_of(g) == Form::base && !h->sense(Sense::instrument)) return nullptr;
  }
  for (const Sense s : {Sense::instrument, Sense::generic, Sense::modifier})
    if (const LexEntry* e = h->sense(s, PartOfSpeech::noun)) return e;
  return nullptr;
}

// A word that gives a deal noun its type ("loan", "supply"; not "funding", "agreement").
bool typing(const LexEntry* e) {
  return e && ((e->sense == Sense::instrument && !e->by_funder) || e->sense == Sense::modifier);
}

// Adjectives and other premodifiers that may stand between a determiner and a deal noun.
bool premodifier_word(const SentenceWork& w, std::size_t k) {
  const auto& t = w.view.tokens;
  const auto lw = w.low(k);
  if (t[k].kind == TokenKind::number) return true;
  if (t[k].kind == TokenKind::punct) return lw == "%" || lw == "-" || lw == "$";
  if (is_preposition(lw) || is_clause_verb(lw) || lw == "and" || lw == "or" || lw == "that" ||
      lw == "which" || lw == "who" || lw == "said")
    return false;
  if (verb_reading(w, k)) return false;
  return true;
}

}  // namespace

// A deal word written with a capital inside a longer capitalised name, beside words that are
// no deal words ("Minister of Investment, Industry and Trade", "Just Transition Fund"): part
// of that name.
bool inside_proper_name(const SentenceWork& w, std::size_t k) {
  const auto word = w.view.tok(k);
  if (word.empty() || word[0] < 'A' || word[0] > 'Z') return false;
  for (const auto& c : w.view.chunks) {
    if (k < c.first || k >= c.last || c.last - c.first < 2) continue;
    for (std::size_t j = c.first; j < c.last; ++j) {
      const auto wj = w.view.tok(j);
      if (j != k && !w.hit(j) &&
          (is_org_head(wj) || is_corporate_suffix(wj) || is_thing_word(wj) || wj == "Fund" ||
           wj == "Ministry"))
        return true;
    }
    // "the Defense Production Act Investment (DPAI) program": the name of a programme.
    std::size_t after = c.last;
    if (after < w.view.tokens.size() && w.view.tok(after) == "(") {
      while (after < w.view.tokens.size() && w.view.tok(after) != ")") ++after;
      ++after;
    }
    const auto nx = w.low(after);
    if (nx == "program" || nx == "programme" || nx == "fund" || nx == "initiative") return true;
  }
  // "Minister of Investment": a portfolio.
  return k >= 2 && w.low(k - 1) == "of" &&
         (is_person_title(w.view.tok(k - 2)) || w.view.tok(k - 2) == "Ministry");
}

// Deal noun phrases of a clause: the head, its premodifiers back to the determiner, and the
// instruments its coordinated modifiers name ("offtake and financing agreements": two).
void noun_phrases(SentenceWork& w, std::size_t ci) {
  const Clause& c = w.clauses[ci];
  for (std::size_t k = c.range.first; k < c.range.last; ++k) {
    if (c.skipped(k) || w.mention_at[k] >= 0) continue;  // "Pelham Royalties" is a name
    if (inside_proper_name(w, k)) continue;  // "Ministry of Investment", "Transition Fund"
    const LexEntry* head = noun_reading(w, k);
    if (head == nullptr || head->sense == Sense::modifier) continue;
    // "a country with a free trade agreement with the US": a trade pact between states, the
    // background of a deal, never one.
    if (k >= 1 && (w.low(k - 1) == "free-trade" ||
                   (k >= 2 && w.low(k - 1) == "trade" && w.low(k - 2) == "free")))
      continue;
    const LexHit* hit = w.hit(k);
    // A modifier of the next noun is no head: of a deal noun ("loan agreement": the head is
    // "agreement"), or of a noun that is no deal ("a financing package", "the grant program"),
    // also across a coordination ("offtake and financing agreements": "offtake" modifies).
    if (const std::size_t nx = hit->last; nx + 2 < c.range.last &&
        (w.low(nx) == "and" || w.low(nx) == "or" || w.low(nx) == ",")) {
      const LexEntry* mod = noun_reading(w, nx + 1);
      const LexHit* mh = w.hit(nx + 1);
      if (typing(mod) && mh && mh->last < c.range.last) {
        const LexEntry* h2 = noun_reading(w, mh->last);
        if (h2 && h2->sense != Sense::modifier) continue;
      }
    }
    if (const std::size_t nx = hit->last; nx < c.range.last) {
      const LexEntry* next = noun_reading(w, nx);
      if (next && next->sense != Sense::modifier) continue;
      // ("a loan package" is a loan.)
      if (is_aggregate_noun(w.low(nx)) && head->lemma != "loan") continue;
    }
    Instrument in;
    in.head = k;
    in.entry = head;
    in.form = hit->form_of(head);
    in.plural = in.form == Form::plural;
    in.clause = ci;
    in.np = {k, hit->last};
    std::vector<const LexEntry*> mods;  // nearest first
    bool coordinated = false;
    for (std::size_t j = k; j-- > c.range.first && j + 10 > k;) {
      if (c.skipped(j)) break;
      const auto lw = w.low(j);
      if (is_determiner(lw)) {
        in.np.first = j;
        in.definite = lw == "the" || lw == "this" || lw == "that" || lw == "these" || lw == "those";
        if (lw == "two" || lw == "three" || lw == "four" || lw == "several" || lw == "multiple" ||
            lw == "separate" || lw == "both")
          in.plural = true;
        break;
      }
      if (w.mention_at[j] >= 0) {
        const int mi = w.mention_at[j];
        const auto& m = (*w.mentions)[static_cast<std::size_t>(mi)];
        if (m.form != MentionForm::name) break;
        in.premod_mentions.push_back(mi);
        j = m.first;
        in.np.first = j;
        if (w.view.tok(m.last - 1).ends_with("'s")) break;  // "Acme's offtake"
        continue;
      }
      if ((lw == "and" || lw == "," || lw == "&") && j > c.range.first &&
          typing(noun_reading(w, j - 1)) && !mods.empty()) {
        coordinated = true;
        in.np.first = j;
        continue;
      }
      // "total investment", "combined funding": a sum of deals, no deal.
      if (lw == "total" || lw == "overall" || lw == "combined" || lw == "aggregate") {
        in.total = true;
        in.np.first = j;
        continue;
      }
      if (const LexEntry* mod = noun_reading(w, j); typing(mod)) {
        mods.push_back(mod);
        in.np.first = j;
        continue;
      }
      // "a $100m unsecured, interest-free prepayment": a comma between two modifiers.
      if (lw == "," && j > c.range.first && premodifier_word(w, j - 1) &&
          w.mention_at[j - 1] < 0 && w.view.tokens[j - 1].kind == TokenKind::word) {
        in.np.first = j;
        continue;
      }
      if (!premodifier_word(w, j)) break;
      in.np.first = j;
    }
    // "Stream" and "royalty" are deals when the phrase says what in: "a silver stream", "a
    // 2% royalty", "a $60m stream"; not "waste streams" or "revenue streams".
    // "A placement" is of shares: "a $20m placement", "a private placement", "a share
    // placement" (not "the placement of the facility").
    if (head->lemma == "placement") {
      bool shares = false;
      for (std::size_t j = in.np.first; j < k; ++j) {
        const auto lw = w.low(j);
        shares = shares || w.view.tokens[j].kind == TokenKind::number || lw == "private" ||
                 lw == "share" || lw == "equity" || lw == "institutional";
      }
      for (std::size_t j = hit->last; j < hit->last + 4 && j < c.range.last; ++j)
        shares = shares || w.low(j) == "shares" || w.low(j).starts_with("$");
      for (const auto& a : w.amounts)
        shares = shares || (a.tokens.first >= hit->last && a.tokens.first < hit->last + 4);
      // ... or the object of a deal verb: "completed a placement", "raised it in a placement".
      for (std::size_t j = in.np.first; j-- > c.range.first && j + 4 > in.np.first;)
        if (const LexEntry* v = verb_reading(w, j); v && v->sense != Sense::hedge) shares = true;
      if (!shares) continue;
    }
    if (head->lemma == "stream" || head->lemma == "royalty") {
      bool what = false;
      for (std::size_t j = in.np.first; j < k; ++j)
        what = what || w.view.tokens[j].kind == TokenKind::number ||
               Gazetteer::builtin().is_mineral_word(w.view.tok(j));
      if (!what && !(head->lemma == "royalty" && w.low(hit->last) == "agreement")) continue;
    }
    // Type: coordinated modifiers give one instrument each; else the head's own type, or the
    // nearest typing modifier's for a generic or funder-typed head.
    std::vector<AgreementType> types;
    if (coordinated) {
      for (auto it = mods.rbegin(); it != mods.rend(); ++it)
        if (std::find(types.begin(), types.end(), (*it)->type) == types.end())
          types.push_back((*it)->type);
    } else if (typing(head) && !(head->type == AgreementType::contract && !mods.empty() &&
                                 mods.front()->type == AgreementType::offtake)) {
      // ("a supply contract", "sales contracts": the modifier's, an offtake)
      types.push_back(head->type);
    } else if (!mods.empty()) {
      types.push_back(mods.front()->type);
    }
    // A generic noun typed by what follows it: "an agreement for the supply of", "a term
    // sheet with X covering offtake", "a deal on cooperation".
    if (types.empty() && head->sense == Sense::generic) {
      for (std::size_t j = hit->last; j < c.range.last && j < hit->last + 12 && types.empty(); ++j) {
        const auto lw = w.low(j);
        if (verb_reading(w, j) || (noun_reading(w, j) && noun_reading(w, j)->sense != Sense::modifier))
          break;
        if (lw != "for" && lw != "on" && lw != "covering" && lw != "regarding") continue;
        for (std::size_t q = j + 1; q < c.range.last && q < j + 4; ++q) {
          const auto lq = w.low(q);
          if (lq == "the" || lq == "a" || lq == "an" || lq == "future" || lq == "long-term") continue;
          const LexEntry* mod = noun_reading(w, q);
          if (mod && mod->sense == Sense::modifier) types.push_back(mod->type);
          break;
        }
      }
    }
    in.generic = types.empty() && head->sense == Sense::generic;
    in.by_funder = types.empty() && head->by_funder;
    if (types.empty()) types.push_back(head->type);
    // All of a company is the company: "a 100% stake", "the entire stake".
    if (types.size() == 1 && types[0] == AgreementType::investment && head->lemma == "stake") {
      for (std::size_t j = in.np.first; j < k; ++j) {
        const auto lw = w.low(j);
        if (lw == "entire" || lw == "whole" || lw == "full" ||
            (lw == "100" && j + 1 < k && (w.low(j + 1) == "%" || w.low(j + 1) == "percent")))
          types[0] = AgreementType::merger;
      }
    }
    for (const auto type : types) {
      Instrument copy = in;
      copy.type = type;
      copy.dropped = in.total;
      w.instruments.push_back(copy);
    }
    k = hit->last - 1;
  }
}

namespace {

// Words naming goods bought or sold ("tonnes of concentrate", "its output"): a purchase of
// them is an offtake, not an acquisition.
bool is_goods_word(std::string_view w) {
  static constexpr std::array<std::string_view, 30> k = {
      "tonnes",   "tons",      "t",         "concentrate", "concentrates", "output",
      "production", "capacity", "material", "materials",   "product",      "products",
      "cathode",  "cathodes",  "anode",     "anodes",      "ore",          "pounds",
      "metal",    "feedstock", "volumes",   "ingots",      "hydroxide",    "carbonate",
      "sulphate", "sulfate",   "oxide",     "powder",      "alloys",       "tpa"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0;
}

// The tokens a deal verb's object spans: to the next verb, clause boundary or comma.
std::size_t object_end(const SentenceWork& w, std::size_t k) {
  std::size_t e = k + 1;
  const std::size_t limit = std::min(w.view.tokens.size(), k + 14);
  while (e < limit && w.view.tok(e) != "," && w.view.tok(e) != ";" && !verb_reading(w, e)) ++e;
  return e;
}

}  // namespace

// "A and B agreed to merge", "A and B teamed up": a symmetric verb needs no object when
// its subject names both sides.
bool joint_subject(const SentenceWork& w, std::size_t ci, std::size_t verb) {
  int names = 0;
  bool joined = false;
  for (std::size_t k = w.clauses[ci].range.first; k < verb; ++k) {
    if (w.mention_at[k] >= 0 && (k == 0 || w.mention_at[k - 1] != w.mention_at[k])) ++names;
    if (w.low(k) == "and") joined = true;
  }
  return names >= 2 && joined;
}

// "a Chilean company invested in by A and B", "a mine acquired by C in 2015": a participle
// after a common noun describes whose the thing is, not a deal the text states (unlike "was
// invested in by", "has been acquired by").
bool describes_owner(const SentenceWork& w, std::size_t verb) {
  const LexHit* h = w.hit(verb);
  if (h == nullptr || verb == 0 || h->form_of(verb_reading(w, verb)) != Form::past) return false;
  std::size_t k = h->last;
  if (k < w.view.tokens.size() && w.low(k) == "in") ++k;
  if (k >= w.view.tokens.size() || w.low(k) != "by") return false;
  const auto& before = w.view.tokens[verb - 1];
  const auto prev = w.low(verb - 1);
  static constexpr std::array<std::string_view, 10> k_aux = {
      "was", "were", "is", "are", "been", "be", "being", "has", "have", "had"};
  return before.kind == TokenKind::word && w.mention_at[verb - 1] < 0 && !in_list(k_aux, prev) &&
         !w.view.tok(verb - 1).empty() && w.view.tok(verb - 1)[0] >= 'a' &&
         w.view.tok(verb - 1)[0] <= 'z';
}

// "Peru and Japan agreed to expand trade in lithium", "the Korean President and the Chilean
// Prime Minister agreed on Monday to secure supplies": governments (or the leaders standing for
// them) that agree to act together have a framework, though the clause names no deal noun.
bool governments_agree_to_act(const SentenceWork& w, std::size_t ci, std::size_t verb) {
  const Clause& c = w.clauses[ci];
  if (!joint_subject(w, ci, verb)) return false;
  for (const auto& in : w.instruments)
    if (in.clause == ci) return false;
  std::size_t k = w.hit(verb)->last;
  while (k < c.range.last && k < w.hit(verb)->last + 4 && is_time_word(w.low(k))) ++k;
  if (k + 1 >= c.range.last || w.low(k) != "to" || w.mention_at[k + 1] >= 0 ||
      w.view.tokens[k + 1].kind != TokenKind::word)
    return false;
  // "agreed to discuss", "agreed to explore": talk, not a deal.
  if (const LexHit* h = w.hit(k + 1);
      h && (h->sense(Sense::hedge) || h->sense(Sense::negation) || h->sense(Sense::propose)))
    return false;
  int governments = 0;
  for (std::size_t j = c.range.first; j < verb; ++j) {
    const int m = w.mention_at[j];
    if (m < 0 || (j > c.range.first && w.mention_at[j - 1] == m)) continue;
    const auto e = (*w.mentions)[static_cast<std::size_t>(m)].entity;
    if (w.entities->entities[e].kind != EntityKind::government) return false;
    ++governments;
  }
  return governments >= 2;
}

// The deal verb at token k of clause ci (reading v) as an instrument of its own type.
Instrument verb_instrument(const SentenceWork& w, std::size_t ci, std::size_t k, const LexEntry* v) {
  Instrument in;
  in.head = k;
  in.np = {k, w.hit(k)->last};
  in.entry = v;
  in.form = w.hit(k)->form_of(v);
  in.verb = true;
  in.clause = ci;
  in.type = v->type;
  return in;
}

// Deal verbs that are frames by themselves: a verb that is a deal ("acquire", "invest",
// "lend", "partner") whose object holds no deal noun, and a verb of giving or receiving whose
// object is an amount ("awarded $20m", "secured $50m from X").
void verb_frames(SentenceWork& w, std::size_t ci) {
  const Clause& c = w.clauses[ci];
  const Gazetteer& gaz = Gazetteer::builtin();
  for (std::size_t k = c.range.first; k < c.range.last; ++k) {
    if (c.skipped(k)) continue;
    const LexEntry* v = verb_reading(w, k);
    if (v && v->lemma == "agree" && governments_agree_to_act(w, ci, k)) {
      Instrument in = verb_instrument(w, ci, k, v);
      in.type = AgreementType::partnership;  // of governments: a framework (fields)
      w.instruments.push_back(in);
      continue;
    }
    if (v && v->sense == Sense::act && describes_owner(w, k)) continue;
    // ("take" counts here for "take concentrate from X": a purchase.)
    const bool take = v && v->lemma == "take";
    // "committed $400m to", "has committed to providing a further $50m": a funder's
    // commitment of money, a deal by itself like "awarded $20m" (approved, by the verb).
    const bool commit = v && v->lemma == "commit";
    if (v == nullptr || (v->sense != Sense::act && v->sense != Sense::receive &&
                         v->sense != Sense::give && !take && !commit))
      continue;
    const std::size_t end = std::min(object_end(w, k), c.range.last);
    bool noun = false;
    for (const auto& in : w.instruments)
      if (in.clause == ci && in.head > k && in.head < end) noun = true;
    if (noun) continue;
    Instrument in = verb_instrument(w, ci, k, v);
    bool company = false, stake = false, goods = false, money = false;
    for (std::size_t j = k + 1; j < end; ++j) {
      const auto lw = w.low(j);
      if (w.mention_at[j] >= 0) company = true;
      if (lw == "%" || lw == "percent" || lw == "per" || lw == "shares") stake = true;
      if (w.mention_at[j] < 0 && (is_goods_word(lw) || gaz.is_mineral_word(w.view.tok(j))))
        goods = true;
      if (w.view.tokens[j].kind == TokenKind::number && j <= k + 5 &&
          (w.low(j - 1) == "$" || w.view.tok(j - 1).ends_with("$") ||
           is_currency_code(w.view.tok(j - 1))))
        money = true;
    }
    for (const auto& a : w.amounts)
      if (a.tokens.first > k && a.tokens.first <= k + 6 && a.tokens.first < end && !a.excluded)
        money = true;
    if (v->sense == Sense::act) {
      if (v->lemma == "merge") {
        if (!company && !joint_subject(w, ci, k)) continue;
      } else if (v->type == AgreementType::merger) {
        if (goods)
          in.type = AgreementType::offtake;
        else if (stake)
          in.type = AgreementType::investment;
        else if (!company)
          continue;
      } else if (v->type == AgreementType::offtake) {
        if (!goods) continue;  // the buyer may be named elsewhere
      } else if (v->type == AgreementType::partnership && !company && !joint_subject(w, ci, k)) {
        continue;
      }
    } else if (commit) {
      // Not "committed $5m towards a partnership": the amount is that deal's.
      const bool towards_deal = std::any_of(
          w.instruments.begin(), w.instruments.end(),
          [&](const Instrument& o) { return o.clause == ci && o.head > k && !o.verb; });
      if (!money || towards_deal) continue;
      in.by_funder = true;
      // "committed to providing $X": the gerund is part of the commitment.
      if (w.low(k + 1) == "to" && w.low(k + 2).ends_with("ing") && k + 3 <= c.range.last)
        in.np.last = k + 3;
    } else if ((v->sense == Sense::receive || v->sense == Sense::give || take) && goods &&
               !money) {
      // "secure 270,000 tonnes of concentrate from X", "provide X with 170,000 tons of ..."
      in.type = AgreementType::offtake;
    } else if (take) {
      continue;
    } else {
      if (!money) continue;
      if (v->lemma == "grant")
        in.type = AgreementType::grant;
      else
        in.by_funder = true;
    }
    w.instruments.push_back(in);
  }
}

// "on Monday", "in March 2024", "last week": when, not what (internal.hpp).
bool is_time_word(std::string_view w) {
  static constexpr std::array<std::string_view, 25> k = {
      "on",       "monday",  "tuesday", "wednesday", "thursday", "friday", "saturday",
      "sunday",   "last",    "week",    "month",     "year",     "today",  "in",
      "january",  "february", "march",  "april",     "june",     "july",   "august",
      "september", "october", "november", "december"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0 || (!w.empty() && w[0] >= '0' && w[0] <= '9');
}

// The words between two deal nouns make the second the purpose of the first: the last word
// before it, over an amount, a time ("on Monday") and a parenthesis, is "for", "to",
// "covering" ... ("a letter of interest (LOI) on Monday for up to $200m in funding").
bool purpose_link(const SentenceWork& w, std::size_t ci, std::size_t from, std::size_t to) {
  const Clause& c = w.clauses[ci];
  for (std::size_t k = to; k-- > from;) {
    const auto lw = w.low(k);
    const bool amount = std::any_of(w.amounts.begin(), w.amounts.end(),
                                    [&](const Amount& a) { return a.tokens.contains(k); });
    if (c.skipped(k) || amount || is_time_word(lw) || lw == "up" || lw == "of" ||
        lw == "about" || lw == "approximately" || lw == "potential" || lw == "the" || lw == "a" ||
        lw == "an" || lw == "more" || lw == "less" || lw == "than" || lw == "over" ||
        lw == "nearly" || lw == "almost" || lw == "around" || lw == "roughly" ||
        // the other bounds of an amount: "as much as", "a maximum of", "at least", "some"
        lw == "as" || lw == "much" || lw == "maximum" || lw == "minimum" || lw == "at" ||
        lw == "least" || lw == "some")
      continue;
    if (lw == "in" && k > from) continue;  // "$200m in funding"
    return lw == "to" || lw == "for" || lw == "covering" || lw == "regarding" ||
           lw == "including" || lw == "on";
  }
  return false;
}

// A list of deal nouns goes on: only "and", ",", "as well as", "plus" between them.
bool list_link(const SentenceWork& w, std::size_t from, std::size_t to) {
  if (to > from + 4) return false;
  for (std::size_t k = from; k < to; ++k) {
    const auto lw = w.low(k);
    if (lw != "and" && lw != "," && lw != "as" && lw != "well" && lw != "plus" && lw != "a" &&
        lw != "an")
      return false;
  }
  return to > from;
}

// An instrument written as the purpose or content of another ("an agreement to acquire",
// "an MoU to form a joint venture", "a letter of intent for a loan") is one deal: a generic
// container gives way to its content; a typed one keeps it as its purpose. A letter of intent
// that lists several instruments is one agreement per instrument.
void absorb(SentenceWork& w) {
  auto& ins = w.instruments;
  std::sort(ins.begin(), ins.end(),
            [](const Instrument& a, const Instrument& b) { return a.head < b.head; });
  // A deal verb in an infinitive after a deal noun of its clause is that deal's purpose:
  // "awards from the agency to supply uranium", "a grant to partner with universities".
  for (std::size_t j = 0; j < ins.size(); ++j) {
    if (!ins[j].verb || ins[j].head == 0 || w.low(ins[j].head - 1) != "to") continue;
    for (std::size_t i = 0; i < j; ++i) {
      if (ins[i].dropped || ins[i].verb || ins[i].clause != ins[j].clause) continue;
      if (ins[i].generic) {  // "a deal with X to finance its mill": a loan with X
        ins[i].dropped = true;
        ins[j].container = static_cast<int>(i);
        break;
      }
      if (ins[i].by_funder && ins[j].type == AgreementType::offtake) {
        ins[i].by_funder = false;
        ins[i].type = AgreementType::contract;
      }
      ins[j].dropped = true;
      break;
    }
  }
  for (std::size_t i = 0; i < ins.size(); ++i) {
    if (ins[i].dropped) continue;
    // Content instruments: after a purpose word, then joined by "and" / ",".
    std::vector<std::size_t> content;
    std::size_t from = ins[i].np.last;
    for (std::size_t j = i + 1; j < ins.size(); ++j) {
      if (ins[j].clause != ins[i].clause || ins[j].head == ins[i].head || ins[j].dropped) continue;
      // Content follows a purpose word directly ("to form a", "for a", "covering"), a list
      // continues with "and" / ","; a name in between makes it another deal.
      const std::size_t gap_end = ins[j].np.first;
      if (gap_end < from || gap_end > from + 16) break;
      if (!(content.empty() ? purpose_link(w, ins[i].clause, from, gap_end)
                            : list_link(w, from, gap_end)))
        break;
      content.push_back(j);
      from = ins[j].np.last;
    }
    if (content.empty()) continue;
    for (const auto j : content) ins[j].into = static_cast<int>(i);
    const bool letter = ins[i].type == AgreementType::loi || ins[i].type == AgreementType::mou;
    if (ins[i].generic) {
      ins[i].dropped = true;
      for (const auto j : content)
        ins[j].premod_mentions.insert(ins[j].premod_mentions.end(), ins[i].premod_mentions.begin(),
                                      ins[i].premod_mentions.end());
    } else if (letter && content.size() >= 2) {
      ins[i].dropped = true;
      for (const auto j : content) ins[j].letter = true;
    } else if (content.size() == 1 && ins[content[0]].type == ins[i].type) {
      // "a conditional commitment for a loan of $X to Y": one loan, written twice; the
      // content carries the amount and the parties.
      ins[i].dropped = true;
    } else {
      // An award or funding to supply goods is a purchase contract ("awards to supply
      // uranium", "a $5m award to deliver cathode").
      if (ins[i].by_funder && ins[content[0]].type == AgreementType::offtake) {
        ins[i].by_funder = false;
        ins[i].type = AgreementType::contract;
      }
      for (const auto j : content) ins[j].dropped = true;
    }
  }
}

// ---- the pass -------------------------------------------------------------------------------

std::vector<Frame> find_frames(const Document& doc, const EntityTable& entities,
                               const SentenceView& view, std::size_t i) {
  std::vector<Frame> out;
  if (doc.sentences[i].furniture) return out;
  SentenceWork w(view);
  w.doc = &doc;
  w.entities = &entities;
  w.index = i;
  w.mentions = &entities.mentions[i];
  recipient_lists(view, *w.mentions, i, out);
  holding_rows(doc, entities, view, i, out);
  w.hits = Lexicon::builtin().scan(w.view.text, w.view.tokens);
  if (w.hits.empty()) return out;
  const std::size_t n = w.view.tokens.size();
  w.hit_at.assign(n, -1);
  for (std::size_t h = 0; h < w.hits.size(); ++h)
    for (std::size_t k = w.hits[h].first; k < w.hits[h].last; ++k) w.hit_at[k] = static_cast<int>(h);
  w.mention_at.assign(n, -1);
  for (std::size_t m = 0; m < w.mentions->size(); ++m)
    for (std::size_t k = (*w.mentions)[m].first; k < (*w.mentions)[m].last && k < n; ++k) {
      w.mention_at[k] = static_cast<int>(m);
      w.hit_at[k] = -1;  // a word of a name ("Kerrow Partners") is no deal word
    }
  // Only a sentence with a deal noun or a deal verb read as a verb goes on.
  bool any = false;
  for (const auto& h : w.hits) {
    if (w.hit_at[h.first] < 0) continue;
    if (h.sense(Sense::instrument) || h.sense(Sense::generic)) any = true;
    if (const LexEntry* v = verb_reading(w, h.first))
      any = any || v->sense == Sense::act || v->sense == Sense::receive ||
            v->sense == Sense::give || v->lemma == "take" || v->lemma == "agree" ||
            v->lemma == "commit";
    if (any) break;
  }
  if (!any) return out;
  find_amounts(w);
  for (const auto& a : w.amounts)  // "1 trillion won" is money, not a win
    for (std::size_t k = a.tokens.first; k < a.tokens.last && k < n; ++k) w.hit_at[k] = -1;
  w.clauses = split_clauses(w.view, w.hits, *w.mentions);
  for (std::size_t ci = 0; ci < w.clauses.size(); ++ci) noun_phrases(w, ci);
  for (std::size_t ci = 0; ci < w.clauses.size(); ++ci) verb_frames(w, ci);
  absorb(w);
  attach_amounts(w);
  drop_totals(w);
  for (std::size_t k = 0; k < w.instruments.size(); ++k)
    if (!w.instruments[k].dropped) emit_frames(w, k, out);
  return out;
}

}  // namespace mtrack::extract::detail
