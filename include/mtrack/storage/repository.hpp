#pragma once

// The storage interface. Commands see agreements only through Repository and WriteSession, in
// domain types; a backend owns every statement of its query language: src/storage/sqlite/
// (a file) and src/storage/postgres/ (a shared server). open_repository picks one from the
// database's locator, so commands never depend on which.
//
// A backend implements the pure virtual members of the two classes below and is opened by
// open_repository. The rules every backend keeps:
//  - Reads see one consistent state of the database, and memory does not grow with the number
//    of agreements (find hands them on one at a time).
//  - Every change happens in a WriteSession: one transaction, so that what a command reads
//    there is what it changes (no lost updates), and nothing is visible to others before
//    commit(). Destroying a session rolls it back. SQLite holds the database's write lock
//    from the session's start, so its sessions never conflict; PostgreSQL runs sessions side by
//    side (SERIALIZABLE) and aborts one whose reads another has changed: then it throws
//    WriteConflict, and the command runs its work again in a new session (with_write_retry).
//  - Errors are thrown as mtrack::Error with a complete one-line message naming the database
//    (never its password: display_locator); a malformed Filter::search is a
//    mtrack::UsageError.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtrack/domain/minerals.hpp"
#include "mtrack/domain/model.hpp"
#include "mtrack/domain/rates.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack {

// Thrown by a WriteSession when one record cannot be stored as given (its key, or one of its
// merged keys, names another agreement); the session can go on with other records.
class RecordRefused : public Error {
 public:
  using Error::Error;
};

// Thrown by a WriteSession (by any member, commit() included) when the backend aborted its
// transaction because a concurrent writer changed what it had read (PostgreSQL: a
// serialization failure or a deadlock). Nothing of the session is stored; the session is
// unusable. Running the same work again in a new session is safe and, as the backend lets a
// session that keeps conflicting run alone, eventually succeeds: see with_write_retry.
class WriteConflict : public Error {
 public:
  using Error::Error;
};

enum class SortKey { date, value, id };

// How much of each agreement a query loads. A summary is the agreement's own fields with its
// parties and minerals, without sources, evidence, history, relations, tags or provenance:
// what a report counts.
enum class Detail { full, summary };

// What `list`, `export` and `report` select. Empty members do not filter. Values in one
// vector are alternatives (any of); different members must all hold.
struct Filter {
  std::vector<std::string> minerals;  // canonical names, already expanded (MineralTable::expand)
  std::vector<AgreementType> types;
  std::string party;         // organisation name or alias, case-insensitive
  std::optional<Role> role;  // with `party`: the role it plays; alone: any party in that role
  std::vector<Status> statuses;
  std::string country;
  PartialDate since;               // the agreement's date can fall on or after this
  PartialDate until;               // the agreement's date can fall on or before this
  std::optional<Money> min_value;  // compared within the same currency only
  std::optional<Money> max_value;
  std::vector<std::string> tags;
  // Full-text query over titles, notes, evidence and parties: words (stemmed, so "magnets"
  // finds "magnet"), "quoted phrases", prefixes (mag*), AND, OR, NOT and parentheses.
  std::string search;
  // When set, every agreement is taken as it stood on this date (history.hpp: as_of) and
  // the other members filter and sort that state; agreements not known yet are left out.
  PartialDate as_of;

  SortKey sort = SortKey::date;
  bool reverse = false;
  std::optional<std::int64_t> limit;
  Detail detail = Detail::full;
};

struct Organisation {
  std::int64_t id = 0;
  std::string name;
  std::string country;
  std::string kind;  // agency, government, multilateral, company
  std::vector<std::string> aliases;
  std::int64_t agreements = 0;  // agreements it is a party to
};

// One agreement an organisation is a party to, with the name the agreement used for it.
struct PartyUse {
  std::string key;
  std::string title;
  Role role = Role::other;
  std::string as_written;  // empty when the agreement used the canonical name
};

// One write operation of the change journal (`mtrack log`, `mtrack undo`).
struct Operation {
  std::int64_t id = 0;
  std::string at;                 // when, in UTC: "2026-12-06T05:20:11Z"
  std::string command;            // the command line that made it
  std::int64_t changes = 0;       // rows it changed (a new agreement's own rows count as one)
  std::vector<std::string> keys;  // the agreements it touched, sorted
};

struct WriteStats {
  std::int64_t added = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
};

// read_only: the database must exist; nothing is ever written (no migration, no journal
// files created where the file or its folder is read-only).
// read_write: the database must exist; it is migrated when it is older than this mtrack.
// create: as read_write, but a missing database (and its folder) is created first.
enum class Access { read_only, read_write, create };

// One write transaction. Reads inside it see what was committed before it began and what it
// wrote itself; no other writer changes anything until it ends.
class WriteSession {
 public:
  virtual ~WriteSession() = default;

  // ---- reading, inside the transaction ----
  // The agreement with this id ("12") or key, or the one a merged key names; nullopt if none.
  virtual std::optional<Agreement> get(std::string_view id_or_key) = 0;
  // The agreement stored under `key`, or the one `key` was merged into (with its own key).
  virtual std::optional<Agreement> find_key(const std::string& key) = 0;
  // The canonical organisation name for a name or alias, or nullopt when unknown.
  virtual std::optional<std::string> resolve_party(std::string_view name) = 0;
  // `key` when no agreement has it or merged it, else the first free one of key-2, key-3, ...
  virtual std::string free_key(const std::string& key) = 0;
  // Stored agreements with ids up to `up_to` that have the type of `a` and exactly its set of
  // parties (`a` normalised): the candidates for a duplicate of `a` (reconcile.hpp), by id.
  // Found through an index, whatever the size of the database.
  virtual std::vector<Agreement> candidates(const Agreement& a, std::int64_t up_to) = 0;
  // The largest agreement id stored so far, 0 when there is none.
  virtual std::int64_t last_id() = 0;

  // ---- writing ----
  // Upserts `a` (normalised, see normalise()) by key: an agreement with its key is replaced
  // (or left alone when equal), else `a` is added. Returns the id. Throws RecordRefused when
  // one of its merged keys names another agreement.
  virtual std::int64_t put(const Agreement& a) = 0;
  // Replaces the agreement with id `id` by `a` (normalised; its key may change). Throws
  // RecordRefused when the key names another agreement.
  virtual void replace(std::int64_t id, const Agreement& a) = 0;
  // Removes an agreement and the keys merged into it; false when there is none.
  virtual bool remove(std::int64_t id) = 0;
  // Records other names of an organisation (creating it when new); throws mtrack::Error when
  // one of them already names another organisation.
  virtual void put_aliases(const PartyAliases& p) = 0;
  // Merges organisation `drop` into `keep` (names or aliases): its agreements, aliases and
  // name become `keep`'s, each agreement keeping the name it used.
  virtual void merge_organisations(std::string_view keep, std::string_view drop) = 0;
  // Stores the full text of the source with this sha256 (creating the source when none has
  // that hash); text already stored is kept.
  virtual void store_source_text(const std::string& sha256, std::string_view text) = 0;
  // Stores exchange rates (rates.hpp): a rate with the date, currency and base of a stored one
  // replaces it.
  virtual void put_rates(const std::vector<Rate>& rates) = 0;
  // Notes that this session took `key` from `origin` ("file:line"); returns the origin of an
  // earlier claim of the same key in this session, if any. Kept outside memory, so an import
  // of any size can tell a key it already stored from one it meets twice.
  virtual std::optional<std::string> claim_key(const std::string& key,
                                               const std::string& origin) = 0;

  // What the puts so far did (or would do, before commit).
  virtual WriteStats stats() const = 0;
  virtual WriteStats commit() = 0;

  // The agreement as it would be stored (model.hpp: normalised, with this database's
  // organisations).
  Agreement normalise(Agreement a);
};

class Repository {
 public:
  virtual ~Repository() = default;

  // ---- reading ----
  // The agreement with this id ("12") or key, or nullopt. A key merged into another record
  // (`mtrack merge`, `--link`) gives that record.
  virtual std::optional<Agreement> get(std::string_view id_or_key) = 0;
  // Calls `sink` for each matching agreement in order, one at a time (memory does not grow
  // with the number of rows, --as-of included).
  virtual void find(const Filter& filter, const std::function<void(const Agreement&)>& sink) = 0;
  virtual std::int64_t count(const Filter& filter) = 0;
  // How the backend answers find(filter), for people (`list --explain`): text, one step a line.
  virtual std::string explain(const Filter& filter) = 0;

  // Organisations, with aliases.
  virtual std::vector<Organisation> organisations() = 0;
  // The canonical name for a name or alias, or nullopt when unknown.
  virtual std::optional<std::string> resolve_party(std::string_view name) = 0;
  // Aliases recorded by imports (not the preloaded ones), for these canonical names, sorted.
  virtual std::vector<PartyAliases> learned_aliases(const std::vector<std::string>& names) = 0;
  // The organisation with this name or alias, or nullopt.
  virtual std::optional<Organisation> organisation(std::string_view name_or_alias) = 0;
  // The agreements an organisation is a party to, by key.
  virtual std::vector<PartyUse> party_uses(std::int64_t organisation_id) = 0;
  // The stored text of the source with this sha256, or nullopt.
  virtual std::optional<std::string> source_text(const std::string& sha256) = 0;

  // The schema version of the open database.
  virtual int schema_version() = 0;
  // What the backend finds wrong with its own storage (damaged pages, broken references),
  // one line each; empty when it is sound. Reads the whole database.
  virtual std::vector<std::string> integrity_problems() = 0;

  // Exchange rates (rates.hpp) by currency, base, date.
  virtual std::vector<Rate> rates() = 0;

  // ---- writing ----
  // Starts a write transaction (see WriteSession). Throws mtrack::Error when the database is
  // read-only or damaged.
  virtual std::unique_ptr<WriteSession> begin_write() = 0;

  // ---- the change journal ----
  // Every write session begun after this call is journaled as one operation labelled
  // `command_line`, in the same transaction as its change (one that changes nothing is not
  // kept). Without a label, sessions are not journaled.
  // A backend without a journal ignores the label, lists no operations and refuses undo.
  virtual void label_writes(std::string command_line) { (void)command_line; }
  // The newest operations first, at most `limit`.
  virtual std::vector<Operation> operations(std::int64_t limit) {
    (void)limit;
    return {};
  }
  // Reverts operation `id`, which must be the newest, in one transaction, and forgets it;
  // returns it. Throws mtrack::Error when it is not the newest or the journal is empty.
  virtual Operation undo(std::int64_t id);

  // One-statement writes, each its own session.
  // Stores a new agreement (key generated when empty) and returns its id. Throws
  // mtrack::Error when the key is taken.
  std::int64_t add(const Agreement& a);
  // Replaces the stored agreement with id `a.id`.
  void update(const Agreement& a);
  // Removes an agreement; false when there is none with that id.
  bool remove(std::int64_t id);
};

// ---- naming and opening a database ----

// A database as users name it (--db, MTRACK_DB, the config file's db): a postgresql:// or
// postgres:// URI (libpq's form: postgresql://user@host:port/dbname?sslmode=require) means
// PostgreSQL; anything else is the path of a SQLite file.
bool is_postgres_locator(std::string_view locator);
// The locator as messages show it: a URI's password (user:password@, password=) as "***".
std::string display_locator(std::string_view locator);

// Opens the database `locator` names. Throws mtrack::Error naming the database (without its
// password) when it cannot: a missing file or an empty PostgreSQL database (unless `access`
// is create), not a regular file, a server that cannot be reached or refuses the login, not
// an mtrack database, a newer schema, read-only for a write, damaged, a full disk; a
// postgresql:// URI libpq cannot read is a UsageError. `minerals` is what the database's
// mineral table is refreshed from; without it, MineralTable::builtin(), parsed only when a
// refresh is due.
std::unique_ptr<Repository> open_repository(const std::string& locator, Access access);
std::unique_ptr<Repository> open_repository(const std::string& locator, Access access,
                                            const MineralTable& minerals);

// How many times with_write_retry runs a piece of work in all.
inline constexpr int k_write_attempts = 10;

namespace detail {
// The pause before run `attempt` + 1 of a write that conflicted: random, growing from ~10 ms.
void pause_after_conflict(int attempt);
}  // namespace detail

// Runs `work` -- which begins a WriteSession, uses it and commits it (or returns without
// committing) -- and runs it again from the start when it throws WriteConflict, up to
// k_write_attempts runs in all; then the last conflict is thrown as a plain Error. `work` must
// do nothing a second run would repeat wrongly: print its results after commit().
template <typename Work>
auto with_write_retry(Work&& work) -> decltype(work()) {
  for (int attempt = 1;; ++attempt) {
    try {
      return work();
    } catch (const WriteConflict& e) {
      if (attempt >= k_write_attempts) {
        throw Error(std::string(e.what()) + "; gave up after " + std::to_string(attempt) +
                    " attempts");
      }
    }
    detail::pause_after_conflict(attempt);
  }
}

// The latest schema version this mtrack knows.
int latest_schema_version();

}  // namespace mtrack
