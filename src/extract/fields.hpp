#pragma once

// Pass 4 of mtrack extract: the fields of each frame, read within the frame's own scope.
//   - type: the text's word, else settled from context (a generic "agreement" between two
//     governments is a framework; "funding" from a lender is a loan, from a government a grant);
//   - value and ceiling: the instrument's own amount, not the total of a package; an "up to"
//     beside a firm amount is the ceiling;
//   - status: from the frame's verb phrase ("conditional commitment", "will acquire",
//     "terminated"), never from a word elsewhere in the sentence;
//   - binding: from what the text says ("non-binding", "definitive") or from the kind of
//     instrument (a memorandum is not binding; an executed contract, a subscription, a task
//     order, a finalised loan or an established joint venture is);
//   - dates: calendar dates of the clause (not validity or expiry), and a weekday or "today"
//     from the article's own date line;
//   - term and minerals of the clause (terms from a following sentence come with the merge).

#include <optional>
#include <string>
#include <vector>

#include "extract/frames.hpp"

namespace mtrack::extract::detail {

struct Draft {
  Agreement agreement;
  std::vector<int> entities;  // the parties' entities, in the order of agreement.parties
  std::size_t sentence = 0;
  bool anaphoric = false;  // continues an earlier deal
  // "The firms that won the contracts are A and B": names only the company of a deal that
  // an earlier sentence stated with its funder alone; merged into it or dropped.
  bool recipient = false;
  bool plural = false;  // its deal noun is plural ("the contracts"): one deal per company
  bool stands = true;   // a deal of its own when it joins none
  // "Past recipients include A and B": companies only, each given the funder of the funded deal
  // stated just before, or dropped.
  bool listed = false;
  // "X awarded six companies contracts": a funder's deal with no company yet; kept only when a
  // later sentence names its recipients.
  bool awaiting = false;
  // "Each company will get a $2m contract": adds to every deal of the group stated last.
  bool distributive = false;
  bool ordinal = false;  // "the second LOI, with X": X joins a funder's group of deals
  bool headline = false;
  bool generic = false;      // its type was settled from context
  bool status_read = false;  // its status came from a cue, not a default
};

// The draft a frame states, or nothing when it states none (hedged, or too few parties).
std::optional<Draft> read_fields(const Document& doc, const EntityTable& entities,
                                 const Frame& frame, const Options& options);

// The date `weekday` (0 = Monday) on or before `published` (a full date).
PartialDate weekday_before(const PartialDate& published, int weekday);

// Minerals of the article tied to each company (sentences that name it), and of the whole text,
// for agreements whose own sentence names none.
struct MineralContext {
  std::vector<std::vector<std::pair<std::string, int>>> by_entity;  // entity -> mineral counts
  std::vector<std::pair<std::string, int>> document;
  bool document_read = false;
};
MineralContext mineral_context(const Document& doc, const EntityTable& entities);
// The article's minerals: read only when a deal needs them.
void document_minerals(const Document& doc, SentenceCache& sentences, MineralContext& ctx);
// Fills `a.minerals` when its clause named none; false when that needs document_minerals first.
bool fill_minerals(const MineralContext& ctx, const std::vector<int>& entities, Agreement& a);

}  // namespace mtrack::extract::detail
