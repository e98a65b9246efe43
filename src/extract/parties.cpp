// Pass 3 of mtrack extract, second file: amounts and their owners, each instrument's parties,
// lists split into one frame per party, and the frames themselves (see frames.hpp).

#include <algorithm>
#include <array>

#include "extract/countries.hpp"
#include "extract/frame_parts.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::extract::detail {
namespace {

bool has(std::string_view s, std::string_view w) { return s.find(w) != std::string_view::npos; }

// Nouns that own an amount written before them and are no deal: "a $2bn project".
bool is_foreign_noun(std::string_view w) {
  static constexpr std::array<std::string_view, 22> k = {
      "project", "projects", "plant",    "refinery",  "programme", "program", "initiative",
      "package", "budget",   "pipeline", "expansion", "mine",      "smelter", "factory",
      "hub",     "campus",   "park",     "scheme",    "plan",      "valuation", "market",
      "stockpile"};
  return in_list(k, w);
}

// Words that may link a deal noun to the amount after it: "a loan of up to $X", "a deal
// worth about $X", "the grant, valued at $X", "a contract for $X".
bool links_amount(std::string_view w) {
  static constexpr std::array<std::string_view, 34> k = {
      "of",      "worth",   "valued",    "at",       "totalling", "totaling", "amounting",
      "to",      "for",     ",",         "up",       "as",        "much",     "about",
      "approximately", "around", "nearly", "some",   "an",        "estimated", "with",
      "a",       "value",   "total",     "in",       "the",       "amount",   "initial",
      "initially", "roughly", "is",      "was",      "be",        "valuing"};
  return in_list(k, w);
}

// Words between a verb and its amount: "awarded Acme up to $X", "has received approximately".
bool before_amount(std::string_view w) {
  static constexpr std::array<std::string_view, 12> k = {
      "up", "to", "approximately", "about", "around", "nearly", "some", "an", "additional",
      "a", "further", "another"};
  return in_list(k, w);
}

bool is_party_preposition(std::string_view w) { return w == "from" || w == "by"; }

// The words just before an amount call it a total: "totalling", "a total of", "a combined",
// "an aggregate", over a qualifier ("totalling approximately").
bool says_total(std::string_view pre) {
  auto trim_word = [&](std::string_view w) {
    while (!pre.empty() && pre.back() == ' ') pre.remove_suffix(1);
    if (pre.ends_with(w) && (pre.size() == w.size() || pre[pre.size() - w.size() - 1] == ' ')) {
      pre.remove_suffix(w.size());
      return true;
    }
    return false;
  };
  for (bool more = true; more;) {
    more = false;
    for (std::string_view q : {"approximately", "about", "around", "some", "nearly", "roughly",
                               "up to", "over", "more than", "almost", "an estimated"})
      more = more || trim_word(q);
  }
  for (std::string_view t : {"totalling", "totaling", "total of", "totals", "total", "combined",
                             "aggregate", "aggregate of", "altogether", "overall"})
    if (trim_word(t)) return true;
  return false;
}

// The word before token k, over a determiner ("from the agency" -> "from").
std::string_view word_before(const SentenceWork& w, std::size_t k) {
  if (k == 0) return {};
  const auto p = w.low(k - 1);
  if ((p == "the" || p == "a" || p == "an") && k >= 2) return w.low(k - 2);
  return p;
}

}  // namespace

void find_amounts(SentenceWork& w) {
  const auto& t = w.view.tokens;
  for (const auto& m : find_money(w.view.text, w.doc->bare_currency)) {
    Amount a;
    a.money = m;
    std::size_t k = 0;
    while (k < t.size() && t[k].end <= m.span.begin) ++k;
    a.tokens.first = k;
    while (k < t.size() && t[k].begin < m.span.end) ++k;
    a.tokens.last = std::max(k, a.tokens.first + 1);
    // In parentheses an amount is a conversion of the one before it, unless it follows a
    // name: "grants to A ($5m) and B ($3m)", "(A: $5m, B: $3m)" give each party its own.
    const std::size_t open = a.tokens.first;
    const bool after_name = open >= 2 && (w.low(open - 1) == "(" || w.low(open - 1) == ":") &&
                            w.mention_at[open - 2] >= 0;
    a.excluded = m.per_unit || (m.in_parens && !after_name);
    const std::size_t b = m.span.begin >= 28 ? m.span.begin - 28 : 0;
    const std::string_view pre = w.view.low.substr(b, m.span.begin - b);
    a.total = says_total(pre);
    if (has(pre, "capitali") || has(pre, "market value") || has(pre, "revenue") ||
        has(pre, "trading at") || has(pre, "share price") || has(pre, "costs of") ||
        has(pre, "cost of") || has(pre, "capex"))
      a.excluded = true;
    // "bringing its total funding to $X", "raising the total to $X": a running total, also
    // with a few words between ("raising the total syndicated sum to $X"); a sum over deals,
    // never a deal's own amount.
    {
      const std::size_t b2 = m.span.begin >= 48 ? m.span.begin - 48 : 0;
      std::string_view p = w.view.low.substr(b2, m.span.begin - b2);
      while (!p.empty() && (p.back() == ' ' || p.back() == '$')) p.remove_suffix(1);
      if ((p.ends_with(" to") || p == "to") &&
          (has(p, "total") || has(p, "bringing") || has(p, "brings") || has(p, "raising"))) {
        a.total = true;
        a.excluded = a.excluded || has(p, "total");
      }
    }
    const std::string_view post = w.view.low.substr(m.span.end, 10);
    if (post.starts_with(" in total")) a.total = true;
    // The noun the amount is written before: "a $2bn refinery" is the refinery's.
    for (std::size_t j = a.tokens.last; j < t.size() && j < a.tokens.last + 3; ++j) {
      const auto lw = w.low(j);
      if (w.hit(j) && (w.hit(j)->sense(Sense::instrument) || w.hit(j)->sense(Sense::generic) ||
                       w.hit(j)->sense(Sense::modifier)))
        break;
      if (is_foreign_noun(lw)) {
        a.foreign = true;
        break;
      }
      if (t[j].kind != TokenKind::word || lw == "in" || lw == "of" || lw == "to" || lw == "from")
        break;
    }
    w.amounts.push_back(a);
  }
}

// Owners: the instrument an amount is written against. Then an amount no instrument claims
// goes to the clause's only instrument.
void attach_amounts(SentenceWork& w) {
  auto live = [&](const Instrument& in) { return !in.dropped; };
  for (auto& a : w.amounts) {
    if (a.excluded) continue;
    const std::size_t at = a.tokens.first;
    for (std::size_t i = 0; i < w.instruments.size() && a.owner < 0; ++i) {
      const auto& in = w.instruments[i];
      if (live(in) && !in.verb && in.np.contains(at)) a.owner = static_cast<int>(i);
    }
    // "$50m in funding", "$20m of debt financing" (also the funding a letter is for: the
    // letter's amount, below).
    if (a.owner < 0 && (w.low(a.tokens.last) == "in" || w.low(a.tokens.last) == "of")) {
      for (std::size_t i = 0; i < w.instruments.size() && a.owner < 0; ++i) {
        const auto& in = w.instruments[i];
        if ((live(in) || in.into >= 0) && !in.verb && in.np.first > a.tokens.last &&
            in.np.first <= a.tokens.last + 4)
          a.owner = static_cast<int>(i);
      }
    }
    // "a loan of up to $X", "awarded Acme $X".
    for (std::size_t i = 0; i < w.instruments.size() && a.owner < 0; ++i) {
      const auto& in = w.instruments[i];
      if (!live(in) || in.np.last > at || at > in.np.last + 7) continue;
      if (in.clause < w.clauses.size() && !w.clauses[in.clause].range.contains(at)) continue;
      bool linked = true;
      for (std::size_t k = in.np.last; k < at && linked; ++k)
        linked = in.verb ? (w.mention_at[k] >= 0 || before_amount(w.low(k)))
                         : links_amount(w.low(k));
      if (linked) a.owner = static_cast<int>(i);
    }
  }
  // "awards of $6.4m and $8.3m": an amount joined to an owned one by "and" has its owner.
  for (std::size_t a = 1; a < w.amounts.size(); ++a) {
    auto& cur = w.amounts[a];
    const auto& prev = w.amounts[a - 1];
    if (cur.owner >= 0 || cur.excluded || prev.owner < 0) continue;
    bool joined = cur.tokens.first > prev.tokens.last;
    for (std::size_t k = prev.tokens.last; k < cur.tokens.first && joined; ++k)
      joined = w.low(k) == "and" || w.low(k) == ",";
    if (joined) cur.owner = prev.owner;
  }
  // An amount of a deal written as another's content goes to that other deal ("a letter of
  // interest for up to $200m in funding": the letter's amount).
  for (auto& a : w.amounts) {
    for (int guard = 0; a.owner >= 0 && guard < 4; ++guard) {
      const auto& in = w.instruments[static_cast<std::size_t>(a.owner)];
      if (!in.dropped || in.into < 0) break;
      a.owner = in.into;
    }
  }
  // An amount in a relative clause after a deal's clause ("a stake in a company, which X
  // will set up for $100m") is that deal's when the relative clause has no deal of its own.
  for (auto& a : w.amounts) {
    if (a.excluded || a.owner >= 0 || a.foreign) continue;
    for (std::size_t ci = 1; ci < w.clauses.size(); ++ci) {
      if (!w.clauses[ci].relative || !w.clauses[ci].range.contains(a.tokens.first)) continue;
      int only = -1;
      for (std::size_t i = 0; i < w.instruments.size(); ++i) {
        const auto& in = w.instruments[i];
        if (in.dropped) continue;
        if (in.clause == ci) only = -2;
        if (in.clause == ci - 1 && only == -1) only = static_cast<int>(i);
      }
      if (only >= 0 && std::none_of(w.amounts.begin(), w.amounts.end(), [&](const Amount& o) {
            return o.owner == only;
          }))
        a.owner = only;
    }
  }
  // Leftovers: the clause's only instrument takes them (one named before with "the" does not
  // count: "the deal is conditional on a $100m prepayment").
  for (auto& a : w.amounts) {
    if (a.excluded || a.owner >= 0 || a.foreign) continue;
    for (const bool skip_definite : {true, false}) {
      int only = -1;
      int count = 0;
      for (std::size_t i = 0; i < w.instruments.size(); ++i) {
        const auto& in = w.instruments[i];
        if (!live(in) || !w.clauses[in.clause].range.contains(a.tokens.first)) continue;
        if (skip_definite && in.definite && in.premod_mentions.empty()) continue;
        if (i > 0 && w.instruments[i - 1].head == in.head && !w.instruments[i - 1].dropped) continue;
        ++count;
        only = static_cast<int>(i);
      }
      if (count == 1) a.owner = only;
      if (count > 0) break;
    }
  }
}

namespace {

struct Sides {
  std::vector<int> subjects;  // mention indexes
  std::vector<int> targets;   // "with X", "to X", "X and Y"
  std::vector<int> sources;   // "from X", "by X", "an X loan"
};

// The first token of a clause that is a verb: what comes before it is the subject.
std::size_t first_verb(const SentenceWork& w, const Clause& c) {
  if (c.first_verb != Clause::k_unknown) return c.first_verb;
  std::size_t verb = c.range.last;
  for (std::size_t k = c.range.first; k < c.range.last && verb == c.range.last; ++k) {
    if (c.skipped(k) || w.mention_at[k] >= 0) continue;
    // An adverb that usually comes before a verb ("X yesterday signed") opening the clause
    // ("Yesterday, X signed") stands before the subject.
    if (k == c.range.first && w.low(k + 1) == "," && !verb_reading(w, k)) continue;
    if ((w.view.clause_verb(k) && !names_members(w, k)) || verb_reading(w, k)) verb = k;
  }
  c.first_verb = verb;
  return verb;
}

// "Acme subsidiary Beta", "Acme's unit Beta": Acme only says whose Beta is.
bool names_a_parent(const SentenceWork& w, int m) {
  const auto& men = (*w.mentions)[static_cast<std::size_t>(m)];
  std::size_t k = men.last;
  if (w.low(k) == "'s") ++k;
  const auto nx = w.low(k);
  if (nx != "subsidiary" && nx != "unit" && nx != "affiliate") return false;
  return k + 1 < w.mention_at.size() && w.mention_at[k + 1] >= 0;
}

// Words that open a phrase set before a clause's subject ("Alongside the loan, X ...",
// "In addition to its grants, Y ...").
bool opens_fronted_phrase(std::string_view w) {
  static constexpr std::array<std::string_view, 13> k = {
      "alongside", "besides", "beside", "following", "after",   "in",      "under",
      "with",      "beyond",  "along",  "on",        "through", "together"};
  return in_list(k, w);
}

// A phrase opening the clause up to a comma, followed by a name ("Alongside the federal
// funding, the agency will ..."): the token after that comma, or the clause's start when
// there is none. Its deal nouns and names are not the clause's subject side.
std::size_t after_fronted_phrase(const SentenceWork& w, const Clause& c, std::size_t before) {
  const std::size_t first = c.range.first;
  if (!opens_fronted_phrase(w.low(first))) return first;
  const std::size_t limit = std::min({before, c.range.last, first + 16});
  for (std::size_t k = first + 1; k < limit; ++k) {
    if (w.low(k) != ",") continue;
    std::size_t n = k + 1;
    if (is_determiner(w.low(n))) ++n;
    return n < before && w.mention_at[n] >= 0 && !c.skipped(n) ? k + 1 : first;
  }
  return first;
}

Sides subject_side(const SentenceWork& w, const Instrument& in) {
  Sides s;
  const Clause& c = w.clauses[in.clause];
  // Before the verb and before the clause's first deal noun: what comes after a deal noun is
  // that deal's ("a loan from A and a grant from B": A is no subject of the grant).
  const std::size_t start = after_fronted_phrase(w, c, in.np.first);
  std::size_t verb = in.np.first;
  if (start == c.range.first) {
    verb = std::min(first_verb(w, c), verb);
  } else {
    for (std::size_t k = start; k < verb; ++k)
      if (w.mention_at[k] < 0 && !c.skipped(k) && (w.view.clause_verb(k) || verb_reading(w, k))) {
        verb = k;
        break;
      }
  }
  for (const auto& o : w.instruments)
    if (!o.dropped && o.clause == in.clause && o.np.first >= start && o.np.first < verb &&
        o.head < in.head)
      verb = o.np.first;
  for (std::size_t k = start; k < verb; ++k) {
    const int m = w.mention_at[k];
    if (m < 0 || c.skipped(k) || (*w.mentions)[static_cast<std::size_t>(m)].first != k) continue;
    if (names_a_parent(w, m)) continue;
    const auto prev = word_before(w, k);
    // "According to X, ...": who says it, not a side of the deal.
    if (prev == "to" && k >= 2 && w.low(k - 2) == "according") continue;
    if (is_party_preposition(prev)) {
      s.sources.push_back(m);
    } else if (prev == "with" || prev == "to" || prev == "between") {
      s.targets.push_back(m);
    } else {
      s.subjects.push_back(m);
    }
  }
  if (!s.subjects.empty() || !s.sources.empty() || !s.targets.empty()) return s;
  // A relative clause: the noun before "which"; a coordinated verb: the previous clause's.
  if (c.relative && c.range.first > 0) {
    // The names just before "which": one, or a list of them ("A and B which ...").
    std::size_t k = c.range.first;
    while (k > 0 && (w.low(k - 1) == "," || w.view.tok(k - 1) == ")")) --k;
    while (k > 0 && w.mention_at[k - 1] >= 0) {
      const int m = w.mention_at[k - 1];
      s.subjects.insert(s.subjects.begin(), m);
      k = (*w.mentions)[static_cast<std::size_t>(m)].first;
      if (k >= 2 && (w.low(k - 1) == "and" || w.low(k - 1) == ",") && w.mention_at[k - 2] >= 0)
        --k;
      else
        break;
    }
  } else if (in.clause > 0) {
    Instrument prev = in;
    prev.clause = in.clause - 1;
    prev.np.first = w.clauses[in.clause - 1].range.last;
    const Sides before = subject_side(w, prev);
    s.subjects = before.subjects;
  }
  return s;
}

}  // namespace

namespace {

// Mentions after the instrument, up to the next instrument of the clause (or the end of the
// clause), and between its verb and its noun phrase: "with A", "from B", "awarded A a grant".
// A passive verb after a deal noun ("Task orders were issued to A by B", "The memorandum
// signed by A and B") leaves its parties after the verb.
bool passive_after(const SentenceWork& w, const Clause& c, const Instrument& x, std::size_t verb) {
  const std::size_t from = std::max(x.np.last, verb);
  for (std::size_t k = from; k < c.range.last && k < from + 4; ++k) {
    const LexHit* h = w.hit(k);
    const LexEntry* v = h ? h->pos(PartOfSpeech::verb) : nullptr;
    if (v && h->form_of(v) == Form::past) return true;
    const auto lw = w.low(k);
    if (lw != "was" && lw != "were" && lw != "been" && lw != "is" && lw != "are" && lw != "be" &&
        lw != "has" && lw != "have" && lw != "had" && lw != "also" && lw != "jointly")
      return false;
  }
  return false;
}

// True when a name follows "prep" at comma + 1 and one already followed it between `from` and
// the comma: "letters to A for $X, to B for $Y" lists the parties with their preposition.
bool repeats_party_preposition(const SentenceWork& w, std::size_t from, std::size_t comma,
                               std::string_view prep) {
  auto named_after = [&](std::size_t k) {
    return k + 1 < w.mention_at.size() && w.low(k) == prep && w.mention_at[k + 1] >= 0;
  };
  if (!named_after(comma + 1)) return false;
  for (std::size_t k = from; k < comma; ++k)
    if (named_after(k)) return true;
  return false;
}

// The tokens after a deal noun that hold its parties: to the next deal noun, the end of the
// clause, or a comma that ends its phrase; only to the verb when the deal noun is the subject.
TokenRange window_of(const SentenceWork& w, const Instrument& x) {
  const Clause& c = w.clauses[x.clause];
  const std::size_t verb = first_verb(w, c);
  std::size_t end = c.range.last;
  if (!x.verb && x.np.first < verb && !passive_after(w, c, x, verb)) end = std::min(end, verb);
  for (const auto& o : w.instruments)
    if (!o.dropped && o.clause == x.clause && o.head > x.head && o.np.first < end &&
        o.np.first >= x.np.last)
      end = o.np.first;
  // A comma ends the phrase unless a list of names goes on after it, or more parties ("...,
  // alongside X and Y"), or a phrase closed by another comma (", including lithium
  // hydroxide,"), or its amount (", worth $X").
  for (std::size_t k = x.np.last; k < end; ++k) {
    if (c.skipped(k) || w.view.tok(k) != ",") continue;
    // (Over the words of a list item set aside: "A, the local arm of B, C".)
    std::size_t after = k + 1;
    while (after < end && c.skipped(after)) ++after;
    // (", the Democratic Republic of Congo and ...": the article opens a name of the list.)
    // (", Australia's C and D": a possessive opens the name too.)
    if ((w.low(after) == "the" || w.low(after).ends_with("'s")) && after + 1 < end &&
        w.mention_at[after + 1] >= 0 && k > 0 &&
        (w.mention_at[k - 1] >= 0 || country_by_name(w.view.tok(k - 1))))  // "A in Norway, B"
      ++after;
    const auto nx = w.low(after);
    const bool named = after < w.mention_at.size() && w.mention_at[after] >= 0;
    // (", as well as B" and ", as did B" go on; ", as the ministry widens ..." is another
    // clause.)
    const auto as_next = w.low(after + 1);
    const bool as_goes_on = as_next == "well" || as_next == "did" || as_next == "does" ||
                            as_next == "do" || as_next == "has" || as_next == "have";
    if (named || nx == "and" || (nx == "as" && as_goes_on) ||
        nx == "alongside" || nx == "along" || nx == "together")
      continue;
    // ", to B for $Y": the list goes on with the preposition of a party before it.
    if ((nx == "to" || nx == "with") && repeats_party_preposition(w, x.np.last, k, nx)) continue;
    // (A name counts as one word there: ", with Kell Engenharia e Construção SA,".)
    std::size_t close = k + 1;
    std::size_t words = 1;
    while (close < end && words < 8 && w.view.tok(close) != "," && !verb_reading(w, close) &&
           !w.view.clause_verb(close)) {
      const int m = w.mention_at[close];
      close = m >= 0 ? std::max<std::size_t>(close + 1, (*w.mentions)[static_cast<std::size_t>(m)].last)
                     : close + 1;
      ++words;
    }
    if (close < end && words < 8 && w.view.tok(close) == ",") {
      k = close - 1;  // the loop moves on to the closing comma and past it
      continue;
    }
    const bool amount = std::any_of(w.amounts.begin(), w.amounts.end(), [&](const Amount& a) {
      return a.tokens.first == k + 1 || a.tokens.first == k + 2;
    });
    if (amount && k + 1 < end) continue;
    end = k;
    break;
  }
  return TokenRange{x.np.last, end};
}

// "with the battery unit of X", "A, B and the trading arm of C": the unit, an object or a list
// item itself, is a party, named by its parent (unlike "A, a unit of X"). `head` is the token
// of "unit".
bool unit_is_the_party(const SentenceWork& w, std::size_t head) {
  std::size_t k = head;
  for (int words = 0; k > 0 && words < 4; ++words) {
    --k;
    const auto lw = w.low(k);
    if (lw == "the") {
      if (k == 0) return false;
      const auto before = w.low(k - 1);
      return before == "with" || before == "and" || before == "to" || before == "from";
    }
    if (w.view.tokens[k].kind != TokenKind::word || w.mention_at[k] >= 0 || lw != w.view.tok(k))
      return false;  // only lower-case words of description between
  }
  return false;
}

// The mentions of tokens r of clause c, as counterparties or as funders ("from", "by").
void collect_from(const SentenceWork& w, const Clause& c, TokenRange r, Sides& out) {
  bool source_list = false;  // "from A and B": B is a source too
  for (std::size_t k = r.first; k < r.last; ++k) {
    // "magnets for the motors used in the A, B and C": what follows names the goods' uses
    // (models, plants), not parties.
    if (const auto lw = w.low(k); (lw == "used" || lw == "installed" || lw == "fitted") &&
                                  (w.low(k + 1) == "in" || w.low(k + 1) == "by"))
      break;
    // "... from a country with a free trade agreement with X": X is a side of the trade pact.
    if (w.low(k) == "free-trade" || (w.low(k) == "free" && w.low(k + 1) == "trade")) break;
    const int m = w.mention_at[k];
    if (m < 0 || c.skipped(k) || (*w.mentions)[static_cast<std::size_t>(m)].first != k) continue;
    if (names_a_parent(w, m)) continue;
    const auto prev = word_before(w, k);
    const auto prev2 = k > 1 ? w.low(k - 2) : std::string_view();
    if ((prev == "to" && prev2 == "according") || prev == "said" || prev == "like") continue;
    // "a subsidiary of X", "a unit of X": the owner, not a party.
    if (prev == "of" && (prev2 == "subsidiary" || prev2 == "unit" || prev2 == "division" ||
                         prev2 == "arm") &&
        !c.skipped(k - 1) && !unit_is_the_party(w, k - 2))
      continue;
    // "a ceremony attended by X": the agent of another verb than the deal's; but "mines
    // operated by X", "a company owned by X" say whose the object is.
    if (prev == "by" && k >= 2) {
      const std::size_t b = w.low(k - 1) == "by" ? k - 2 : k - 3;
      const auto part = w.low(b);
      const bool owner = part == "owned" || part == "operated" || part == "run" ||
                         part == "controlled" || part == "held" || part == "managed" ||
                         part == "developed" || part == "established" || part == "built";
      if (part.ends_with("ed") && !w.hit(b) && !owner) continue;
    }
    if (prev != "and" && prev != "," && prev != "&") source_list = is_party_preposition(prev);
    // Every mention that starts here ("the two companies" names both).
    for (std::size_t j = 0; j < w.mentions->size(); ++j) {
      if ((*w.mentions)[j].first != k) continue;
      (source_list ? out.sources : out.targets).push_back(static_cast<int>(j));
    }
  }
}

void object_side(const SentenceWork& w, std::size_t idx, Sides& s) {
  const Instrument& in = w.instruments[idx];
  const Clause& c = w.clauses[in.clause];
  Sides own;
  const TokenRange wr = window_of(w, in);
  collect_from(w, c, wr, own);
  // A deal noun joined to the next one by "and" shares its parties ("a JV and an offtake
  // agreement with X").
  if (own.targets.empty() && own.sources.empty()) {
    for (const auto& o : w.instruments) {
      if (o.dropped || o.clause != in.clause || o.np.first != wr.last) continue;
      bool joined = wr.last > wr.first;
      for (std::size_t k = wr.first; k < wr.last; ++k)
        joined = joined && (w.low(k) == "and" || w.low(k) == "," || w.low(k) == "as" ||
                            w.low(k) == "well" || w.low(k) == "plus");
      if (joined) collect_from(w, c, window_of(w, o), own);
      break;
    }
  }
  // The parties of a generic deal noun this one replaced ("a deal with X to finance ...").
  if (own.targets.empty() && own.sources.empty() && in.container >= 0) {
    const Instrument& box = w.instruments[static_cast<std::size_t>(in.container)];
    collect_from(w, c, window_of(w, box), own);
  }
  // Between the verb and the noun phrase: "awarded Acme a grant", "gave X a loan"; not
  // across another deal noun, whose those are.
  if (!in.verb && in.np.first > c.range.first) {
    for (std::size_t k = in.np.first; k-- > c.range.first;) {
      if (!verb_reading(w, k) && !w.view.clause_verb(k)) continue;
      const bool between = std::any_of(w.instruments.begin(), w.instruments.end(),
                                       [&](const Instrument& o) {
                                         return !o.dropped && o.head > k && o.head < in.np.first;
                                       });
      if (!between) collect_from(w, c, {k + 1, in.np.first}, own);
      break;
    }
  }
  // "a stake in a holding company, which will be established by X": the relative clause
  // after a nameless object says whose it is.
  if (own.targets.empty() && own.sources.empty() && in.clause + 1 < w.clauses.size() &&
      w.clauses[in.clause + 1].relative && wr.last == c.range.last) {
    const Clause& rel = w.clauses[in.clause + 1];
    collect_from(w, rel, rel.range, own);
  }
  for (const int m : in.premod_mentions) own.sources.push_back(m);
  s.targets.insert(s.targets.end(), own.targets.begin(), own.targets.end());
  s.sources.insert(s.sources.end(), own.sources.begin(), own.sources.end());
}

// "A receives $40m and B $25m" and "$40m and $25m to A and B respectively": the amount of each
// party, in order; empty when the clause pairs none.
std::vector<std::pair<int, int>> per_party_amounts(const SentenceWork& w, const Instrument& in,
                                                   const std::vector<int>& many) {
  std::vector<std::pair<int, int>> out;  // mention, amount index
  const Clause& c = w.clauses[in.clause];
  std::vector<int> amounts;
  for (std::size_t a = 0; a < w.amounts.size(); ++a)
    if (!w.amounts[a].excluded && c.range.contains(w.amounts[a].tokens.first))
      amounts.push_back(static_cast<int>(a));
  if (amounts.size() < 2) return out;
  bool respectively = false;
  for (std::size_t k = c.range.first; k < c.range.last; ++k)
    respectively = respectively || w.low(k) == "respectively";
  // "respectively": the amounts go to the last names of the list, in order.
  // A list of amounts and a list of parties of the same length pair up in order too ("awards
  // of $6.4m and $8.3m to A and B").
  if (!respectively && in.plural) {
    std::vector<int> own;
    for (const int a : amounts)
      if (w.amounts[static_cast<std::size_t>(a)].owner >= 0 &&
          &w.instruments[static_cast<std::size_t>(w.amounts[static_cast<std::size_t>(a)].owner)] == &in)
        own.push_back(a);
    std::vector<int> targets;
    for (const int m : many) {
      const auto& men = (*w.mentions)[static_cast<std::size_t>(m)];
      if (men.first > in.np.last) targets.push_back(m);
    }
    if (own.size() >= 2 && own.size() == targets.size()) {
      for (std::size_t k = 0; k < own.size(); ++k) out.emplace_back(targets[k], own[k]);
      return out;
    }
  }
  if (respectively && amounts.size() <= many.size()) {
    const std::size_t skip = many.size() - amounts.size();
    for (std::size_t k = 0; k < amounts.size(); ++k) out.emplace_back(many[skip + k], amounts[k]);
    return out;
  }
  // Gapping: each amount closely after its own party.
  for (const int a : amounts) {
    const std::size_t at = w.amounts[static_cast<std::size_t>(a)].tokens.first;
    int party = -1;
    for (std::size_t k = at; k-- > c.range.first && k + 5 > at;) {
      if (w.mention_at[k] >= 0) {
        party = w.mention_at[k];
        break;
      }
      if (w.amounts.size() > 0 && w.low(k) == "$") continue;
    }
    if (party < 0 || std::find(many.begin(), many.end(), party) == many.end()) return {};
    for (const auto& [p, x] : out)
      if (p == party) return {};
    out.emplace_back(party, a);
  }
  return out.size() >= 2 ? out : std::vector<std::pair<int, int>>{};
}

// A deal stated without its company ("a $5m grant was awarded by the agency", "the offtake
// with X was signed in May", "commitments from A and B which include offtake agreements"): the
// company the sentence, or else the article, is about. Only where a side is missing: a deal
// with one party that is no company, or a deal between two sides with only one named.
void implicit_party(const SentenceWork& w, const Sides& s, Frame& g) {
  // (Nor to "seven letters of interest" to firms it does not name.)
  if (g.anaphoric || g.parties.size() >= 2) return;
  // A government that secures or receives money ("Japan secured a budget of ...", "Canada
  // received $5m in funding") is funding itself: no deal, no company joins it.
  if (g.parties.size() == 1 && g.verb != nullptr && g.verb->sense == Sense::receive &&
      w.entities->entities[static_cast<std::size_t>(g.parties.front())].kind ==
          EntityKind::government &&
      std::any_of(s.subjects.begin(), s.subjects.end(), [&](int m) {
        return static_cast<int>((*w.mentions)[static_cast<std::size_t>(m)].entity) ==
               g.parties.front();
      })) {
    g.parties.clear();
    g.sources.clear();
    return;
  }
  // A deal verb in the simple present with no one named ("the bank offers loans to its
  // clients", "X supplies smelters across Asia") says what a party does, not a deal made.
  if (g.verb != nullptr && g.verb == g.head && g.verb_form == Form::third_person) return;
  const auto& ents = w.entities->entities;
  const bool company = !g.parties.empty() &&
                       ents[static_cast<std::size_t>(g.parties.front())].kind == EntityKind::company;
  if (!company && g.head_form == Form::plural) return;
  const bool two_sided = g.type != AgreementType::grant && g.type != AgreementType::loan &&
                         g.type != AgreementType::contract && !g.by_funder;
  // A company's financing deal named in a clause about another ("commitments from X which
  // include offtake and financing agreements"): the lender is named, the borrower is the
  // company the sentence or the article is about.
  const bool lent_by_company = company && g.type == AgreementType::loan && !g.by_funder &&
                               g.parties.size() == 1 &&
                               w.entities->subject[w.index] != g.parties.front();
  if (company && !two_sided && !lent_by_company) return;
  // A deal of governments names its sides: no company joins it unnamed.
  if (g.type == AgreementType::framework) return;
  for (const int e : g.parties)
    if (ents[static_cast<std::size_t>(e)].kind == EntityKind::government && two_sided) return;
  auto fits = [&](int e) {
    return e >= 0 && ents[static_cast<std::size_t>(e)].kind == EntityKind::company &&
           std::find(g.parties.begin(), g.parties.end(), e) == g.parties.end();
  };
  int who = w.entities->subject[w.index];
  if (!fits(who)) who = w.entities->topic;
  if (!fits(who)) return;
  g.parties.insert(g.parties.begin(), who);
}

// A government funding through its own agency is named by the agency: "a loan from the US
// Department of Energy, the United States said" has one funder, the department, and so has
// "the US has awarded grants to X, the Energy Department said" (the agency of that country
// reports the deal it made). Not in deals between governments, where the country is a side.
void agency_for_its_government(const SentenceWork& w, Frame& g) {
  const auto& ents = w.entities->entities;
  const auto& orgs = Gazetteer::builtin().orgs();
  auto code = [&](int e) -> std::string_view {
    const auto& x = ents[static_cast<std::size_t>(e)];
    return x.org >= 0 ? std::string_view(orgs[static_cast<std::size_t>(x.org)].country)
                      : std::string_view();
  };
  int gov = -1;
  for (const int e : g.parties) {
    if (ents[static_cast<std::size_t>(e)].kind != EntityKind::government) continue;
    if (gov >= 0 || code(e).empty()) return;  // two governments: a deal between them
    gov = e;
  }
  if (gov < 0) return;
  auto same_country_agency = [&](int e) {
    return e != gov && ents[static_cast<std::size_t>(e)].kind == EntityKind::agency &&
           code(e) == code(gov);
  };
  int agency = -1;
  for (const int e : g.parties)
    if (same_country_agency(e)) agency = e;
  // Else the agency that reports the sentence: "..., the Energy Department said".
  if (agency < 0)
    for (const auto& m : *w.mentions) {
      const int e = static_cast<int>(m.entity);
      if (m.form != MentionForm::name || !same_country_agency(e) ||
          m.last >= w.view.tokens.size() || !is_reporting_verb(w.low(m.last)))
        continue;
      std::size_t before = m.first;
      if (before > 0 && w.low(before - 1) == "the") --before;
      if (before > 0 && w.view.tok(before - 1) == ",") agency = e;
    }
  if (agency < 0) return;
  auto swap = [&](std::vector<int>& v) {
    std::vector<int> out;
    for (int e : v) {
      if (e == gov) e = agency;
      if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
    }
    v = std::move(out);
  };
  swap(g.parties);
  swap(g.sources);
}

bool appositive(const SentenceWork& w, const Instrument& in) {
  if (in.verb || in.np.first < 2) return false;
  const auto det = w.low(in.np.first);
  std::size_t comma = in.np.first - 1;
  if (det != "a" && det != "an" && det != "the") return false;
  if (w.view.tok(comma) != ",") return false;
  // Over the name's abbreviation in parentheses: "Kell Metals (KM), a joint venture of ...".
  std::size_t name = comma - 1;
  if (w.view.tok(name) == ")")
    for (std::size_t k = name; k-- > 0 && k + 4 > name;)
      if (w.view.tok(k) == "(") {
        if (k == 0) return false;
        name = k - 1;
        break;
      }
  return w.mention_at[name] >= 0;
}

Span bytes(const SentenceWork& w, std::size_t first, std::size_t last) {
  const auto& t = w.view.tokens;
  if (first >= t.size() || last <= first) return {};
  return {t[first].begin, t[std::min(last, t.size()) - 1].end};
}

bool is_ordinal(std::string_view w) {
  static constexpr std::array<std::string_view, 8> k = {"first", "second", "third", "fourth",
                                                        "fifth", "sixth", "seventh", "final"};
  return in_list(k, w);
}

// "Each company will ...", "Every recipient ...", "All the contracts ...", "Each of the loans
// ...": a clause whose subject is every member of a group (of companies, or of the deals of the
// instrument itself) that no name says.
bool distributive_subject(const SentenceWork& w, const Clause& c, const Instrument& in) {
  std::size_t k = c.range.first;
  const auto q = w.low(k);
  if (q != "each" && q != "every" && q != "all") return false;
  ++k;
  for (int words = 0; words < 2 && (w.low(k) == "of" || w.low(k) == "the" || w.low(k) == "these" ||
                                    w.low(k) == "those");
       ++words)
    ++k;
  if (k >= c.range.last || w.mention_at[k] >= 0) return false;
  if (in.np.contains(k) && k == in.head) return true;  // "all contracts", "each of the loans"
  static constexpr std::array<std::string_view, 12> k_members = {
      "company",   "companies", "firm",     "firms",     "recipient", "recipients",
      "winner",    "winners",   "awardee",  "awardees",  "grantee",   "grantees"};
  return in_list(k_members, w.low(k));
}

}  // namespace

void emit_frames(SentenceWork& w, std::size_t idx, std::vector<Frame>& out) {
  const Instrument& in = w.instruments[idx];
  const Clause& c = w.clauses[in.clause];
  Sides s = subject_side(w, in);
  // "JAGA, a joint venture between A and B, ...": a deal noun in apposition describes the
  // name before it; its own phrase names its parties.
  if (appositive(w, in)) s = Sides{};
  object_side(w, idx, s);
  // "will form a joint venture, Anvil JV, ...": the name in apposition to a venture
  // (or a fund) is the new entity itself, not one of its members.
  if (in.type == AgreementType::jv && in.np.last + 1 < w.view.tokens.size() &&
      w.view.tok(in.np.last) == ",") {
    const int named = w.mention_at[in.np.last + 1];
    if (named >= 0 && (*w.mentions)[static_cast<std::size_t>(named)].first == in.np.last + 1) {
      const auto drop = [&](std::vector<int>& v) {
        v.erase(std::remove(v.begin(), v.end(), named), v.end());
      };
      drop(s.targets);
      drop(s.sources);
    }
  }
  // "X signed an agreement between A and B": the phrase names every side of the deal; the
  // clause's subject (a government, a broker) is none of them.
  if (!in.verb && in.np.last < w.view.tokens.size() && w.low(in.np.last) == "between" &&
      s.targets.size() >= 2)
    s.subjects.clear();
  // "A, B and C have each set up partnerships with several miners": deals of each with
  // others the text does not name, not one deal among them.
  if (in.plural && s.subjects.size() >= 2 && s.targets.empty() && s.sources.empty()) {
    const TokenRange wr = window_of(w, in);
    for (std::size_t k = wr.first; k < wr.last && k < wr.first + 3; ++k)
      if (w.low(k) == "with") return;
  }
  Frame f;
  f.sentence = w.index;
  f.type = in.type;
  f.generic = in.generic;
  f.by_funder = in.by_funder;
  f.head = in.entry;
  f.head_form = in.form;
  f.headline = w.doc->sentences[w.index].headline;
  f.letter = in.letter;
  std::size_t from = c.range.first;
  for (const int m : s.subjects)
    from = std::max<std::size_t>(from, (*w.mentions)[static_cast<std::size_t>(m)].last);
  if (from > in.np.first) from = c.range.first;
  // A deal noun that is its clause's subject reaches into the verb after it ("A loan from X
  // would fund ...", "The offtake was terminated").
  std::size_t to = in.np.last;
  if (const std::size_t verb = first_verb(w, c); !in.verb && in.np.first < verb && verb < c.range.last)
    to = std::min(c.range.last, verb + 3);
  read_scope(w, in, from, to, f);
  f.clause = bytes(w, c.range.first, c.range.last);
  f.scope = bytes(w, from, to);
  f.noun = bytes(w, in.np.first, in.np.last);
  // "Under the agreement, ...", "As part of the deal, ...": the deal named at the front of a
  // clause is one the text has stated; what the clause says are its terms.
  const auto before_np = in.np.first > 0 ? w.low(in.np.first - 1) : std::string_view();
  const bool fronted = in.definite && in.np.first <= c.range.first + 5 &&
                       first_verb(w, c) > in.np.first &&
                       (before_np == "under" || before_np == "of" || before_np == "per" ||
                        before_np == "following" || before_np == "after" || before_np == "through");
  if (fronted) {
    s.subjects.clear();
    s.targets.clear();
    s.sources.clear();
  }
  // "A and B have finalised the offtake": two subjects name the sides of the definite deal
  // that is their verb's object.
  const bool object_of_joint_subjects =
      s.subjects.size() >= 2 && in.np.first > 0 &&
      (verb_reading(w, in.np.first - 1) != nullptr || w.view.clause_verb(in.np.first - 1));
  f.anaphoric = in.definite && s.targets.empty() && s.sources.empty() && !object_of_joint_subjects;
  f.definite = in.definite;
  f.distributive = s.subjects.empty() && s.targets.empty() && s.sources.empty() &&
                   distributive_subject(w, c, in);
  if (f.distributive) f.anaphoric = false;
  // (Of funders' deals only: "the second offtake, with Y" keeps the company the text is about.)
  const bool funded = in.type == AgreementType::loi || in.type == AgreementType::loan ||
                      in.type == AgreementType::grant || in.type == AgreementType::contract;
  f.ordinal = funded && in.definite && !in.plural && in.np.first + 1 < in.head &&
              is_ordinal(w.low(in.np.first + 1));
  if (f.ordinal) f.anaphoric = false;
  // What a clause says of a deal named before is in its predicate: "The agreement is
  // non-binding", "The loan has a term of ten years".
  if (f.anaphoric) f.scope = f.clause;
  for (const bool clause_only : {true, false}) {  // the clause's, else the sentence's
    for (const auto& h : w.view.minerals()) {
      if (clause_only && !c.range.contains(h.first)) continue;
      for (const auto& m : h.names())
        if (std::find(f.minerals.begin(), f.minerals.end(), m) == f.minerals.end())
          f.minerals.push_back(m);
    }
    if (!f.minerals.empty()) break;
  }
  // Amounts this instrument owns.
  std::vector<int> own;
  for (std::size_t a = 0; a < w.amounts.size(); ++a)
    if (w.amounts[a].owner == static_cast<int>(idx)) own.push_back(static_cast<int>(a));
  auto entity = [&](int m) { return static_cast<int>((*w.mentions)[static_cast<std::size_t>(m)].entity); };
  auto add_unique = [](std::vector<int>& v, int e) {
    if (std::find(v.begin(), v.end(), e) == v.end()) v.push_back(e);
  };
  // One frame per party of a list when the instrument is plural or "each" says so; one frame
  // with all of them otherwise, and always for "between A and B" or "jointly".
  // A deal verb with a list of objects is a deal with each ("invested in A and B",
  // "partnered with A, B and C").
  bool each = in.plural || in.verb;
  // "offtake partners A and B": each its own deal (with the company the text is about), unlike
  // "joint-venture partners A and B", the members of one venture.
  if (in.np.last < w.view.tokens.size() && names_members(w, in.np.last) &&
      w.hit(in.np.last)->form_of(w.hit(in.np.last)->pos(PartOfSpeech::verb)) != Form::base &&
      in.type != AgreementType::jv)
    each = true;
  bool joint = false;
  for (std::size_t k = c.range.first; k < c.range.last; ++k) {
    const auto lw = w.low(k);
    if (lw == "each" || lw == "separate" || lw == "separately" || lw == "respectively" ||
        lw == "respective" || lw == "individual")
      each = true;
    if (lw == "each") f.each_stated = true;
    if (lw == "between" || lw == "jointly" || lw == "together" || lw == "consortium" ||
        lw == "among")
      joint = true;
  }
  auto frame_for = [&](const std::vector<int>& party_mentions, const std::vector<int>& amounts,
                       bool shared) {
    Frame g = f;
    for (const int m : party_mentions) add_unique(g.parties, entity(m));
    for (const int m : s.sources) {
      add_unique(g.parties, entity(m));
      add_unique(g.sources, entity(m));
    }
    for (const int a : amounts) {
      g.amounts.push_back(w.amounts[static_cast<std::size_t>(a)].money);
      g.totals.push_back(w.amounts[static_cast<std::size_t>(a)].total);
    }
    g.shared_amount = shared;
    agency_for_its_government(w, g);
    if (!g.distributive && !g.ordinal) implicit_party(w, s, g);
    out.push_back(std::move(g));
  };
  // Pairs of party and amount ("A receives $40m and B $25m"): one frame each, with the
  // parties no pair claims.
  std::vector<int> named = s.subjects;
  named.insert(named.end(), s.targets.begin(), s.targets.end());
  if (const auto pairs = per_party_amounts(w, in, named); !pairs.empty() && !joint) {
    std::vector<int> rest;
    for (const int m : named)
      if (std::none_of(pairs.begin(), pairs.end(), [&](const auto& p) { return p.first == m; }))
        rest.push_back(m);
    for (const auto& [m, a] : pairs) {
      std::vector<int> parties = rest;
      parties.push_back(m);
      frame_for(parties, {a}, false);
    }
    return;
  }
  // The side that lists several: the counterparties ("MoUs with A, B and C"), the funders
  // ("contracts from A and B"), or the subjects ("A and B received awards from C"), which
  // split only when another side is named.
  enum class Many { none, targets, sources, subjects } many = Many::none;
  if (s.targets.size() >= 2)
    many = Many::targets;
  else if (s.sources.size() >= 2)
    many = Many::sources;
  else if (s.subjects.size() >= 2 &&
           (!s.targets.empty() || !s.sources.empty() || w.clauses[in.clause].relative))
    many = Many::subjects;  // ("commitments from A and B, which include offtake agreements")
  if (many == Many::none || !each || joint) {
    frame_for(named, own, false);
    return;
  }
  const std::vector<int>& list =
      many == Many::targets ? s.targets : many == Many::sources ? s.sources : s.subjects;
  Sides rest = s;
  if (many == Many::sources) rest.sources.clear();
  for (const int m : list) {
    std::vector<int> parties;
    if (many == Many::subjects) {
      parties = {m};
      parties.insert(parties.end(), s.targets.begin(), s.targets.end());
    } else {
      parties = s.subjects;
      if (many == Many::targets) parties.push_back(m);
      if (many == Many::sources) parties.insert(parties.end(), s.targets.begin(), s.targets.end());
    }
    Frame g = f;
    for (const int p : parties) add_unique(g.parties, entity(p));
    const std::vector<int> srcs = many == Many::sources ? std::vector<int>{m} : s.sources;
    for (const int p : srcs) {
      add_unique(g.parties, entity(p));
      add_unique(g.sources, entity(p));
    }
    for (const int a : own) {
      g.amounts.push_back(w.amounts[static_cast<std::size_t>(a)].money);
      g.totals.push_back(w.amounts[static_cast<std::size_t>(a)].total);
    }
    g.shared_amount = !own.empty();
    agency_for_its_government(w, g);
    implicit_party(w, s, g);
    out.push_back(std::move(g));
  }
}

// A deal noun whose only amount is a total ("funding totalling $90m: a $60m loan and a $30m
// grant") only adds up the instruments the sentence lists: no agreement of its own.
void drop_totals(SentenceWork& w) {
  std::vector<int> own(w.instruments.size(), 0);    // amounts of each instrument
  std::vector<int> totals(w.instruments.size(), 0);  // of them, totals
  for (const auto& a : w.amounts) {
    if (a.owner < 0 || a.excluded) continue;
    ++own[static_cast<std::size_t>(a.owner)];
    if (a.total) ++totals[static_cast<std::size_t>(a.owner)];
  }
  int itemised = 0;
  for (std::size_t i = 0; i < w.instruments.size(); ++i)
    if (!w.instruments[i].dropped && own[i] > totals[i]) ++itemised;
  for (std::size_t i = 0; i < w.instruments.size(); ++i)
    if (own[i] > 0 && own[i] == totals[i] && itemised >= 2) w.instruments[i].dropped = true;
}

}  // namespace mtrack::extract::detail
