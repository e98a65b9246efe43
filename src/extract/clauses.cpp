// Pass 3 of mtrack extract: a sentence cut into clauses (see frames.hpp).

#include <algorithm>
#include <array>

#include "extract/frame_parts.hpp"

namespace mtrack::extract::detail {
namespace {

// Words that start a new clause after a comma.
bool opens_clause(std::string_view w) {
  static constexpr std::array<std::string_view, 10> k = {
      "while", "whereas", "but", "although", "though", "however", "meanwhile", "which", "who",
      "whose"};
  return in_list(k, w);
}

// Participles that open a description of a name: "X, owned by Y, ...".
bool is_descriptive_participle(std::string_view w) {
  static constexpr std::array<std::string_view, 9> k = {
      "owned", "based", "headquartered", "listed", "backed", "controlled", "led", "founded",
      "formerly"};
  return in_list(k, w);
}



// True when a mention covers token `k`.
bool mention_at_token(const std::vector<Mention>& mentions, std::size_t k) {
  for (const auto& m : mentions)
    if (k >= m.first && k < m.last) return true;
  return false;
}

// True when a mention ends just before token `k`.
bool mention_starts_before(const std::vector<Mention>& mentions, std::size_t k) {
  for (const auto& m : mentions)
    if (m.last == k) return true;
  return false;
}

}  // namespace

bool is_pronoun(std::string_view w) {
  return w == "it" || w == "they" || w == "he" || w == "she" || w == "we";
}

// ---- clauses ---------------------------------------------------------------------------------

bool is_reporting_verb(std::string_view w) {
  static constexpr std::array<std::string_view, 12> k = {
      "said", "says", "announced", "announces", "confirmed", "confirms", "stated", "noted",
      "reported", "added", "told", "disclosed"};
  return in_list(k, w);
}

std::vector<Clause> split_clauses(const SentenceView& v, const std::vector<LexHit>& hits,
                                  const std::vector<Mention>& mentions) {
  const auto& t = v.tokens;
  const std::size_t n = t.size();
  std::vector<bool> verb_at(n, false);
  for (const auto& h : hits) {
    const LexEntry* e = h.pos(PartOfSpeech::verb);
    if (e && (h.form_of(e) == Form::past || h.form_of(e) == Form::third_person)) verb_at[h.first] = true;
  }
  auto mention_starts = [&](std::size_t k) {
    for (const auto& m : mentions)
      if (m.first == k) return true;
    return false;
  };
  // "(A: $5m, B: $3m)": a parenthesis pairing names with amounts is part of its clause.
  auto lists_amounts = [&](std::size_t open, std::size_t close) {
    for (std::size_t k = open + 1; k + 1 < close; ++k) {
      if (v.tok(k) != ":") continue;
      const bool named = std::any_of(mentions.begin(), mentions.end(),
                                     [&](const Mention& m) { return m.last == k; });
      bool money = false;  // a number over a currency sign or code ("$5m", "US$ 5m")
      for (std::size_t j = k + 1; j < close && j <= k + 3 && !money; ++j)
        money = t[j].kind == TokenKind::number;
      if (named && money) return true;
    }
    return false;
  };
  std::vector<Clause> out;
  Clause cur;
  cur.range.first = 0;
  auto cut = [&](std::size_t end, std::size_t next) {
    cur.range.last = end;
    if (cur.range.last > cur.range.first) out.push_back(cur);
    cur = Clause{};
    cur.range.first = next;
  };
  int depth = 0;
  std::size_t paren_open = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const auto w = v.tok(k);
    const auto lw = v.tok_low(k);
    if (w == "(") {
      if (depth++ == 0) paren_open = k;
      continue;
    }
    if (w == ")" && depth > 0) {
      if (--depth == 0 && !lists_amounts(paren_open, k)) cur.skips.push_back({paren_open, k + 1});
      continue;
    }
    if (depth > 0) continue;
    const bool colon = w == ":" && k > 0 && k + 2 < n && t[k - 1].kind != TokenKind::number &&
                       t[k + 1].kind != TokenKind::number;  // not "50:50"
    const bool dash = w == "-" && k > 0 && k + 1 < n && t[k].begin > t[k - 1].end &&
                      t[k + 1].begin > t[k].end;
    // "partners - A and B, account for ...": a dash that opens a list of names is no break.
    if (dash) {
      std::size_t j = k + 1;
      bool names = false;
      while (j < n && (mention_at_token(mentions, j) || v.tok_low(j) == "and" ||
                       v.tok(j).ends_with("'s"))) {
        names = names || mention_at_token(mentions, j);
        ++j;
      }
      if (names && (j >= n || v.tok(j) == "," || v.tok(j) == ".")) continue;
    }
    if (dash) {
      // " - which owns the mine - ": a remark between two dashes is set aside.
      std::size_t close = k + 1;
      while (close < n && close < k + 24 && !(v.tok(close) == "-" && t[close].begin > t[close - 1].end))
        ++close;
      if (close < n && close < k + 24 && close + 1 < n) {
        cur.skips.push_back({k, close + 1});
        k = close;
        continue;
      }
    }
    if (w == ";" || colon || dash) {
      cut(k, k + 1);
      continue;
    }
    if (w == "," && k + 1 < n) {
      const auto nx = v.tok_low(k + 1);
      // ", which ... ," or ", a unit of Y," closed by a comma: set aside.
      std::size_t close = k + 1;
      while (close < n && v.tok(close) != "," && v.tok(close) != ";" && close < k + 16) ++close;
      const bool closed = close < n && v.tok(close) == ",";
      // ", a unit of Y,", ", the US automaker,", ", owned by Y,", ", based in Z,"
      // (Over the name's abbreviation or ticker in parentheses: "X (XM), a unit of Y,".)
      std::size_t name_end = k;
      if (k > 0 && v.tok(k - 1) == ")")
        for (std::size_t j = k - 1; j-- > 0 && j + 8 > k;)
          if (v.tok(j) == "(") {
            name_end = j;
            break;
          }
      const bool apposition =
          k > 0 && mention_starts_before(mentions, name_end) &&
          (nx == "a" || nx == "an" || nx == "the" || is_descriptive_participle(nx));
      // (An apposition that calls the name a deal stays: "X, a joint venture between A and
      // B, ...".)
      // Only when it names the deal's members: "X, a joint venture of three state firms," only
      // describes X.
      bool deal = false;
      for (std::size_t j = k + 1; apposition && j < close; ++j)
        for (const auto& h : hits)
          if (h.first == j && (h.sense(Sense::instrument) || h.sense(Sense::generic))) deal = true;
      if (deal && closed &&
          std::none_of(mentions.begin(), mentions.end(),
                       [&](const Mention& m) { return m.first > k + 1 && m.first < close; }))
        deal = false;
      // "A, the local arm of B, C and D": the phrase is an item of the list naming B; only
      // its words of description are set aside.
      if (apposition && !deal && closed && list_goes_on(v, close)) {
        std::size_t item = close;
        for (const auto& m : mentions)
          if (m.last == close && m.first > k + 1) item = std::min<std::size_t>(item, m.first);
        if (item < close) {
          cur.skips.push_back({k + 1, item});
          k = close - 1;
          continue;
        }
      }
      if ((nx == "which" || nx == "who" || (apposition && !deal)) && closed) {
        cur.skips.push_back({k, close + 1});
        k = close;
        continue;
      }
      if (opens_clause(nx)) {
        cut(k, k + 1);
        cur.relative = nx == "which" || nx == "who" || nx == "whose";
        continue;
      }
      // ", and" before a new clause: a subject with its verb ("..., and Beta signed ..."), or
      // a verb or an adverbial of the same subject ("..., and in May was tapped by ...").
      if (nx == "and" && k + 3 < n) {
        const auto n2 = v.tok_low(k + 2);
        bool verb_follows = false;
        for (std::size_t j = k + 2; j < n && j < k + 8 && v.tok(j) != ","; ++j)
          verb_follows = verb_follows || verb_at[j] || v.clause_verb(j);
        const bool subject = mention_starts(k + 2) || is_pronoun(n2) || n2 == "the";
        const bool adverbial = n2 == "in" || n2 == "on" || n2 == "last" || n2 == "later" ||
                               n2 == "then" || n2 == "also" || n2 == "earlier";
        if ((subject && verb_follows) || adverbial || verb_at[k + 2] || v.clause_verb(k + 2)) {
          cut(k, k + 2);
          continue;
        }
      }
    }
    // A reported clause: "X said on Monday that Y approved ...".
    if (lw == "that" && k + 2 < n) {
      bool reported = false;
      for (std::size_t j = k; j-- > cur.range.first && j + 9 > k;)
        reported = reported || is_reporting_verb(v.tok_low(j));
      if (reported) {
        cut(k, k + 1);
        continue;
      }
    }
    // A reported clause without "that": "Officials said Acme signed ...": the name after the
    // reporting verb is the subject of the next verb.
    if (is_reporting_verb(lw) && k + 2 < n) {
      // ("told reporters X ...": over the one the verb tells.)
      const std::size_t subject = lw == "told" && v.tok(k + 1)[0] >= 'a' ? k + 2 : k + 1;
      std::size_t end = 0;
      for (const auto& m : mentions)
        if (m.first == subject) end = std::max<std::size_t>(end, m.last);
      if (end > 0 && end < n && (verb_at[end] || v.clause_verb(end))) {
        cut(subject, subject);
        continue;
      }
    }
    // "while" and "whereas" open a clause with or without a comma.
    if ((lw == "while" || lw == "whereas") && k > cur.range.first + 2) {
      cut(k, k + 1);
      continue;
    }
    // A relative clause after a name, without a comma: "... from A and B which include ...".
    if ((lw == "which" || lw == "who") && k > cur.range.first + 1 && mention_starts_before(mentions, k)) {
      cut(k, k);
      cur.relative = true;
      continue;
    }
    // A coordinated verb ("signed A with B and secured C from D") or a new subject without a
    // comma ("... the market and we are delighted to ...").
    if (lw == "and" && k + 1 < n && k > cur.range.first + 2 &&
        (verb_at[k + 1] ||
         (k + 2 < n && is_pronoun(v.tok_low(k + 1)) && v.clause_verb(k + 2)))) {
      cut(k, k + 1);
      continue;
    }
  }
  cut(n, n);
  return out;
}

}  // namespace mtrack::extract::detail
