#pragma once

// The extractor's lexicon: deal nouns, verbs and cue words written once as lemmas. Inflected
// forms are generated from the lemma (plurals, -s, -ed, -ing, a short list of irregular verbs),
// so "MoUs", "task orders", "letters of intent", "signed", "struck" and "acquiring" all match
// their entries without being listed. Matching is on tokens, case-insensitive.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include <optional>

#include "extract/internal.hpp"
#include "mtrack/domain/model.hpp"

namespace mtrack::extract::detail {

// What an entry means to the rules.
enum class Sense : std::uint8_t {
  instrument,  // noun naming an agreement of a type: "loan", "letter of intent", "price floor"
  generic,     // noun naming an agreement of no type: "agreement", "deal", "term sheet"
  modifier,    // premodifier that types a generic noun: "supply", "financing", "cooperation"
  make,        // verb of making or holding a deal: "sign", "ink", "enter into", "strike"
  receive,     // verb of receiving money or a deal: "secure", "receive", "win", "land"
  give,        // verb of giving money or a deal: "award", "grant", "provide", "extend"
  act,         // verb that is a deal by itself: "acquire", "invest", "lend", "prepay"
  complete,    // verb of a transaction that has happened: "complete", "close"
  end,         // verb of ending a deal: "terminate", "abandon", "scrap"
  approve,     // verb or noun of a funder's commitment: "approve", "conditional commitment"
  propose,     // verb or adjective of a planned deal: "propose", "plan" (as in "planned merger")
  hedge,       // modality, intention and talk: "may", "seek", "explore", "talks"
  negation,    // "not", "never", "yet", "without"
  condition,   // "if", "unless", "should"
};

enum class PartOfSpeech : std::uint8_t { noun, verb, other };

struct LexEntry {
  std::string_view lemma;  // words separated by single spaces, lower case
  PartOfSpeech pos = PartOfSpeech::other;
  Sense sense = Sense::generic;
  AgreementType type = AgreementType::other;
  std::uint8_t head = 0;  // index of the word that inflects ("letter" in "letter of intent")
  std::optional<bool> binding;   // what the word itself says ("memorandum", "task order")
  std::optional<Status> status;  // likewise ("conditional commitment": approved)
  // A noun whose type is the funder's ("funding", "award", "commitment"): a loan from a
  // lender, a grant from a government, an investment from a company.
  bool by_funder = false;
};

// How a matched form relates to its lemma.
enum class Form : std::uint8_t { base, plural, third_person, past, gerund };

// A match: tokens [first, last) and every reading of that surface ("awards": the noun
// and the verb), the longest readings only.
struct LexHit {
  std::size_t first = 0;
  std::size_t last = 0;
  std::array<const LexEntry*, 4> entries{};
  std::array<Form, 4> forms{};
  std::uint8_t count = 0;
  explicit operator bool() const { return count > 0; }
  // The reading with `sense` (and `pos` unless other), or null.
  const LexEntry* sense(Sense s, PartOfSpeech pos = PartOfSpeech::other) const;
  // The first reading of part of speech `pos`, or null.
  const LexEntry* pos(PartOfSpeech pos) const;
  // The form of `e` in this match.
  Form form_of(const LexEntry* e) const;
};

class Lexicon {
 public:
  static const Lexicon& builtin();
  // The longest entry starting at token `i` of `s`, or an empty hit.
  LexHit match(std::string_view s, const std::vector<Token>& t, std::size_t i) const;
  LexHit match(std::string_view s, const Token* t, std::size_t n, std::size_t i) const;
  // Every hit of `s` in text order, longest first at each position, not overlapping.
  std::vector<LexHit> scan(std::string_view s, const std::vector<Token>& t) const;
  // The readings of one word (any case, any inflection).
  LexHit word(std::string_view w) const;
  // True when `w` is a finite form (past or third person) of the first word of a verb entry
  // ("walks" of "walk away", "signed" of "sign").
  bool finite_verb(std::string_view w) const;
  const std::vector<LexEntry>& entries() const { return m_entries; }

 private:
  Lexicon();
  struct Variant {
    std::vector<std::string> rest;  // lower-case surface words after the first
    const LexEntry* entry = nullptr;
    Form form = Form::base;
  };
  std::vector<LexEntry> m_entries;
  // First surface word → variants starting with it, longest first.
  FlatMap<std::vector<Variant>> m_by_first;
  WordFilter m_filter;
};

// Inflected forms of a lemma word, with the form each is (the lemma itself first).
std::vector<std::pair<std::string, Form>> noun_forms(std::string_view lemma);
std::vector<std::pair<std::string, Form>> verb_forms(std::string_view lemma);

}  // namespace mtrack::extract::detail
