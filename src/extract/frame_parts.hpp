#pragma once

// Parts shared by the two files of the frames pass (frames.cpp reads clauses into instruments
// and their scope; parties.cpp finds each instrument's parties and amounts and emits frames).

#include <vector>

#include "extract/frames.hpp"

namespace mtrack::extract::detail {

// An amount of money in a sentence, with the tokens it covers and what it belongs to.
struct Amount {
  MoneyMention money;
  TokenRange tokens;
  int owner = -1;        // instrument index, or -1
  bool foreign = false;  // belongs to a noun that is no instrument ("a $2bn project")
  bool total = false;    // "totalling", "a combined", "in total"
  bool excluded = false; // a price, a conversion in parentheses, a share price
};

// A deal noun phrase or deal verb in a clause.
struct Instrument {
  TokenRange np;         // noun phrase (determiner .. head) or the verb's tokens
  std::size_t head = 0;  // first token of the head word
  const LexEntry* entry = nullptr;
  Form form = Form::base;
  AgreementType type = AgreementType::other;
  bool generic = false;
  bool by_funder = false;
  bool plural = false;
  bool definite = false;  // "the", "this", "these"
  bool verb = false;      // a deal verb ("acquire", "awarded $20m")
  bool dropped = false;   // absorbed by another instrument
  bool letter = false;    // one of several instruments a letter of intent lists
  bool total = false;     // "total investment": a sum of deals
  int into = -1;          // the instrument this one is the purpose or content of
  int container = -1;     // a generic deal noun this one replaced ("a deal ... to finance")
  std::size_t clause = 0;
  std::vector<int> premod_mentions;  // "an EXIM loan", "Acme's offtake": mention indexes
};

// One sentence under analysis.
struct SentenceWork {
  explicit SentenceWork(const SentenceView& v) : view(v) {}
  const Document* doc = nullptr;
  const EntityTable* entities = nullptr;
  std::size_t index = 0;
  const SentenceView& view;
  std::vector<LexHit> hits;
  std::vector<int> hit_at;  // token -> index into hits, or -1
  std::vector<int> mention_at;  // token -> index into mentions, or -1
  const std::vector<Mention>* mentions = nullptr;
  std::vector<Amount> amounts;
  std::vector<Clause> clauses;
  std::vector<Instrument> instruments;
  std::vector<int> clause_subject;  // per clause: first subject mention index, or -1

  std::string_view low(std::size_t k) const {
    return k < view.tokens.size() ? view.tok_low(k) : std::string_view();
  }
  const LexHit* hit(std::size_t k) const {
    return k < hit_at.size() && hit_at[k] >= 0 ? &hits[static_cast<std::size_t>(hit_at[k])]
                                                : nullptr;
  }
  const Entity& entity_of(int mention) const {
    return entities->entities[(*mentions)[static_cast<std::size_t>(mention)].entity];
  }
};

// The verb reading of the hit at token k when the context makes it a verb, else null.
const LexEntry* verb_reading(const SentenceWork& w, std::size_t k);
// "joint-venture partners", "offtake partner": the verb-only word "partner" right after a
// deal noun names the deal's members; it is no verb and no deal of its own.
bool names_members(const SentenceWork& w, std::size_t k);
// Determiners and quantifiers that open a noun phrase.
bool is_determiner(std::string_view low_word);
// Personal pronouns that can be a clause's subject.
bool is_pronoun(std::string_view low_word);
// Verbs that report speech ("said", "announced"), in the past or present.
bool is_reporting_verb(std::string_view low_word);

// frames.cpp: the parts of a clause.
void noun_phrases(SentenceWork& w, std::size_t clause);
void verb_frames(SentenceWork& w, std::size_t clause);
void absorb(SentenceWork& w);
void drop_totals(SentenceWork& w);
// Reads tokens [from, to) of the instrument's clause: its scope.
void read_scope(const SentenceWork& w, const Instrument& in, std::size_t from, std::size_t to,
                Frame& f);

// parties.cpp: amounts of the sentence and their owners, then the frames of one instrument.
void find_amounts(SentenceWork& w);
void attach_amounts(SentenceWork& w);
void emit_frames(SentenceWork& w, std::size_t instrument, std::vector<Frame>& out);

}  // namespace mtrack::extract::detail
