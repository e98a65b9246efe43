#pragma once

// What every storage backend decides the same way, whatever its query language:
//  - listing agreements --as-of a date: the state of an agreement on a date is computed
//    (history.hpp: as_of), not stored, so the members of a Filter that depend on it (status,
//    dates, value) are decided here over the computed state, and the listing order is a byte
//    key (for spill::Sorter). A backend's SQL for the same members must give the same
//    answers; the conformance suite holds both to them.
//  - the duplicate signature stored with each agreement, and the rules for its keys.
//  - the change journal's rules: how many operations it keeps, which one undo may revert.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mtrack/domain/reconcile.hpp"
#include "mtrack/storage/repository.hpp"

namespace mtrack {

// The filter without the members that depend on the state (statuses, since, until,
// min_value, max_value), the limit and the order: what selects the candidates for --as-of.
Filter state_independent(const Filter& f);
// Whether `state` passes the state-dependent members of `f`: a date bound leaves out undated
// agreements; a value bound compares within its currency only.
bool state_matches(const Filter& f, const Agreement& state);
// A key whose byte order is the listing order of f.sort and f.reverse for `a` (undated and
// valueless agreements last in either direction, then by id).
std::string order_key(const Filter& f, const Agreement& a);

// A listing --as-of: fed the candidates (state_independent's rows, in any order, with full
// detail), it keeps each one's state on the date when it passes the filter, in the listing
// order (spill::Sorter: bounded memory), and gives them to a sink at the end, up to the limit.
class AsOfListing {
 public:
  explicit AsOfListing(const Filter& filter);
  ~AsOfListing();
  AsOfListing(const AsOfListing&) = delete;
  AsOfListing& operator=(const AsOfListing&) = delete;
  void add(const Agreement& a);
  void emit(const std::function<void(const Agreement&)>& sink);

 private:
  struct Sorted;
  const Filter& m_filter;
  std::unique_ptr<Sorted> m_sorted;
  std::string m_bytes;
};

// What a probable duplicate must share with its original (reconcile.hpp): the type and the
// set of organisations, as "type:id,id,..." with the ids ascending. Stored and indexed, so the
// duplicate guard finds its candidates without a scan. SQLite's migration 0007 computes the
// same in SQL.
std::string duplicate_signature(AgreementType type, std::vector<std::int64_t> organisation_ids);

// Keys in a database: KeyLookup (reconcile.hpp) over its ids.
// Throws RecordRefused when `key` names an agreement other than `self` (as its key or a key
// merged into it).
void check_key_free(const KeyLookup& lookup, const std::string& key,
                    std::optional<std::int64_t> self);
// The same for the merged keys of `a` (and its key, unless `key_checked`), before anything of
// it is written: a merged key named twice, or naming another agreement, is refused.
void check_keys_free(const KeyLookup& lookup, const Agreement& a, std::optional<std::int64_t> self,
                     bool key_checked);

// The change journal (`mtrack log`, `mtrack undo`): the operations kept, newest first; older
// ones are dropped as new ones are recorded.
inline constexpr std::int64_t k_journal_operations = 100;

// An operation as a journal stores it: `keys` are the agreements' keys, one space between.
Operation journal_operation(std::int64_t id, std::string at, std::string command,
                            std::int64_t changes, const std::string& keys);

// The operation undo may revert, when it is operation `id`: `newest` is the journal's newest
// operation (empty when the journal is). Throws mtrack::Error (one line, "nothing undone")
// otherwise.
Operation check_undoable(const std::vector<Operation>& newest, std::int64_t id);

}  // namespace mtrack
