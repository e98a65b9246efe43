#pragma once

// Pass 3 of mtrack extract: frames. Each sentence is cut into clauses; each clause into frames,
// one per (instrument, counterparties, amount):
//   - an instrument is a deal noun with its premodifiers ("a binding US$40 million offtake
//     agreement"), coordinated modifiers giving one each ("offtake and financing agreements"),
//     or a verb that is a deal by itself ("will acquire", "invest $5m in");
//   - its parties are the clause's subject and the entities its noun phrase reaches ("with A",
//     "from B", "between A and B"); a plural instrument or "each" gives one frame per party of a
//     list ("MoUs with A, B and C"), a singular one a single frame with all of them;
//   - amounts go to the instrument they are written against ("a $40m loan", "a loan of $40m",
//     "$40m in funding"), pairs of party and amount ("A receives $40m and B $25m") and
//     "respectively" lists in order;
//   - the frame's scope is its own verb phrase and noun phrase: hedges, negation, conditions and
//     status words count there only, not anywhere in the sentence.

#include <cstdint>
#include <optional>
#include <vector>

#include "extract/entities.hpp"
#include "extract/lexicon.hpp"

namespace mtrack::extract::detail {

// A range of tokens [first, last) of a sentence.
struct TokenRange {
  std::size_t first = 0;
  std::size_t last = 0;
  bool contains(std::size_t k) const { return k >= first && k < last; }
};

struct Frame {
  std::size_t sentence = 0;
  AgreementType type = AgreementType::other;
  bool generic = false;          // the text names no type: settled from context later
  bool by_funder = false;        // typed by who gives the money (a loan from a lender, ...)
  const LexEntry* head = nullptr;  // the instrument word (a noun, or a deal verb)
  Form head_form = Form::base;
  const LexEntry* verb = nullptr;  // the verb that governs the instrument, if any
  Form verb_form = Form::base;
  // Byte ranges of the sentence: the clause, the scope (from the clause's start to the end of
  // the noun phrase) and the noun phrase.
  Span clause;
  Span scope;
  Span noun;
  bool anaphoric = false;  // "the agreement", naming no party of its own: an earlier deal
  bool definite = false;   // "the contracts", "these loans": a deal the text may have stated
  bool hedged = false;     // "may", "seeks to sign", "not", "if", "in talks"
  bool future = false;     // "will acquire", "is expected to form": to come
  bool planned = false;    // of which a plan: "plans to", "expects to", "proposed"
  bool terms = false;      // "under the agreement, X would buy ...": the terms of a deal
  bool headline = false;
  bool letter = false;         // one of several instruments a letter of intent lists
  bool listed = false;  // "past recipients include A and B": companies that received a deal
  bool shared_amount = false;  // the amount is shared by several frames ("up to $X each")
  bool each_stated = false;    // "each" says every one of them has that amount
  // "Each company will get a contract of $2m", "All the loans run for ten years": a clause
  // whose subject is every member of a group of deals stated before; it adds to each of them.
  bool distributive = false;
  // "The second LOI, with X, ...": one of a group of deals a funder was said to have made
  // ("announced two letters of interest"); X joins that funder's deal.
  bool ordinal = false;
  std::vector<int> parties;           // entities, subject side first
  std::vector<int> sources;           // of them, those the money comes from ("from X", "by X")
  std::vector<MoneyMention> amounts;  // spans in the sentence, in text order
  std::vector<bool> totals;           // per amount: a total ("totalling $X")
  std::vector<std::string> minerals;  // named in the clause, else in the sentence
};

// The frames of sentence `i` (read as `view`), in text order.
std::vector<Frame> find_frames(const Document& doc, const EntityTable& entities,
                               const SentenceView& view, std::size_t i);

// "Past recipients include A, B and C", "the winners were A and B": one frame of sentence `si`
// naming the listed companies only (`listed`); the merge pass gives them the funder and type of
// the funded deal stated just before. Linear in the sentence's tokens.
void recipient_lists(const SentenceView& view, const std::vector<Mention>& mentions,
                     std::size_t si, std::vector<Frame>& out);

// Rows of a table of holdings under a lead line ending in a colon ("Orrin Capital: 15% in
// Pella"): one equity-investment frame of sentence `si` per row, its holder and the company it
// holds a share of (rows.cpp).
void holding_rows(const Document& doc, const EntityTable& entities, const SentenceView& view,
                  std::size_t si, std::vector<Frame>& out);

// ---- parts of the pass, for its tests ----

// Clauses of a sentence: cut at ";", dashes, ", while", ", but", a coordinated verb ("signed A
// and secured B") and ", and" before a new subject; parentheses, appositions ("X, a unit of Y,")
// and relative clauses closed by a comma are set aside as skips inside their clause.
struct Clause {
  TokenRange range;
  std::vector<TokenRange> skips;
  bool skipped(std::size_t k) const {
    for (const auto& s : skips)
      if (s.contains(k)) return true;
    return false;
  }
  bool relative = false;  // opens with "which" / "who": its subject is the noun before it
  // Its first verb, once looked for (the parties pass asks often).
  static constexpr std::size_t k_unknown = static_cast<std::size_t>(-1);
  mutable std::size_t first_verb = k_unknown;
};
std::vector<Clause> split_clauses(const SentenceView& v, const std::vector<LexHit>& hits,
                                  const std::vector<Mention>& mentions);

}  // namespace mtrack::extract::detail
