#pragma once

// Records of one deal from several sources. The one definition of a probable duplicate (used
// by `check` and by the guards of `import`, `add` and `extract --commit`), the merge of two
// records of one deal (a second source for a key, `--link`, `mtrack merge`), which adds and
// never silently overwrites (noting the provenance of each field it takes, fields.hpp).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mtrack/domain/fields.hpp"
#include "mtrack/domain/model.hpp"

namespace mtrack {

class WriteSession;

// The canonical organisation name for a party name or alias (the name itself when unknown).
using PartyResolver = std::function<std::string(const std::string&)>;

// What a probable duplicate must share with its original: the type and the set of parties,
// resolved and compared without regard to case. Agreements with another bucket are never
// duplicates of each other, so callers compare only within a bucket.
std::string duplicate_bucket(const Agreement& a, const PartyResolver& resolve);

// The one definition of a probable duplicate: `a` and `b` have the same type and the same
// parties (aliases resolved), the same amount (value in the same currency) or overlapping
// dates, come from other sources (their sets of sources differ), and neither links to the
// other (a `related` entry or a merged key). Returns the reason people read ("same parties,
// type and value"), or nullopt. Tranches of one package (equity, loan, offtake between the same
// parties) differ in type and are never duplicates.
std::optional<std::string> probable_duplicate(const Agreement& a, const Agreement& b,
                                              const PartyResolver& resolve);

// Two sources disagree on a fact.
struct Conflict {
  std::string key;        // the record kept
  std::string field;      // "value", "signed", ...
  std::string kept;       // the stored value, as people read it ("USD 400,000,000")
  std::string kept_from;  // the sources that state it, by label ("" when none is known)
  std::string other;      // what the other source states
  std::string other_from;
  // "KEY: FIELD: KEPT (KEPT_FROM) conflicts with OTHER (OTHER_FROM); kept the first".
  std::string str() const;
};


// `into` with what `other` adds: its sources, evidence, events, parties, minerals, stages,
// tags, related links and merged keys (unions, in order), the fields `into` leaves empty, a
// more precise date where the two agree, and the provenance of all of it (fields without
// provenance are credited to their record's sources, with `other_rule` for `other`'s). A fact
// the two state differently (type, status, binding, value, ceiling, term, dates, country) keeps
// `into`'s value; `other`'s is recorded as a provenance claim and reported in `conflicts`
// unless that claim was already recorded. `other.key`, when it differs, becomes a merged key.
Agreement merge_agreements(const Agreement& into, const Agreement& other,
                           std::vector<Conflict>& conflicts, const std::string& other_rule = "");

// Manual provenance ("manual", credited to `source` when not empty) for every field that
// differs between `before` and `after`, replacing what those fields had; for `add` (before
// is empty) and `edit`.
void note_manual_changes(const Agreement& before, Agreement& after, const std::string& source);

// ---- the import guard ------------------------------------------------------------------------

enum class OnDuplicate {
  refuse,  // report a probable duplicate and store nothing of it
  link,    // attach it (its sources and facts) to the existing record
  insert,  // store it as a new agreement anyway
};

struct PutOutcome {
  enum class Kind { added, updated, unchanged, merged, duplicate };
  Kind kind = Kind::added;
  std::string key;     // the record stored or matched (the existing one for merged/duplicate)
  std::string reason;  // for a duplicate: why it is one
  std::vector<Conflict> conflicts;
};

// Puts agreements into an import session with the guards of issue 8: a key already stored (or
// merged into another record) gets a second source merged in rather than overwritten, unless
// the incoming record carries every stored source (then it is the whole record, an edit, and
// replaces it); a new key that is a probable duplicate of a stored record is refused, linked
// or inserted as `mode` says.
class Reconciler {
 public:
  Reconciler(WriteSession& session, OnDuplicate mode);
  // Puts after this compare against the records stored before it (and before the session),
  // not against each other: duplicates within one file are `check`'s to report.
  void begin_batch();
  PutOutcome put(const Agreement& a);
  PutOutcome put(Agreement&& a);  // the same, without copying `a`

 private:
  WriteSession& m_session;
  OnDuplicate m_mode;
  std::int64_t m_boundary = 0;
};

}  // namespace mtrack
