#pragma once

// The storage interface. Commands see agreements only through Repository, in domain types;
// the SQLite implementation (src/storage/sqlite/) owns every SQL statement, so another
// backend can be added without touching the commands.

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

namespace mtrack {

enum class SortKey { date, value, id };

// What `list`, `export` and `report` select. Empty members do not filter. Values in one
// vector are alternatives (any of); different members must all hold.
// How much of each agreement a query loads. A summary is the agreement's own fields with its
// parties and minerals, without sources, evidence, history, relations, tags or provenance:
// what a report counts, at two child queries per agreement instead of eleven.
enum class Detail { full, summary };

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
  std::string search;  // full-text query over titles, notes, evidence, parties
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

struct ImportStats {
  std::int64_t added = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
};

enum class Access { read_only, read_write };
enum class DryRun { no, yes };

// One import: agreements are upserted by key as they are given; nothing is visible to
// other connections until commit(). Destroying an uncommitted session rolls it back.
class ImportSession {
 public:
  virtual ~ImportSession() = default;
  virtual void put(const Agreement& a) = 0;
  // Records other names of an organisation (creating it when new).
  virtual void put_aliases(const PartyAliases& p) = 0;
  // What the puts so far did (or would do, before commit).
  virtual ImportStats stats() const = 0;

  // The agreement stored under `key`, or the one `key` was merged into (with its own key).
  virtual std::optional<Agreement> find_key(const std::string& key) = 0;
  // The agreement as it would be stored (Repository::normalise).
  virtual Agreement normalise(const Agreement& a) = 0;
  // The same, reusing `a`'s storage (no copy of its strings and lists).
  virtual Agreement normalise(Agreement&& a) { return normalise(static_cast<const Agreement&>(a)); }
  // Stored agreements with ids up to `up_to` of the type of `a` (normalised) whose parties
  // include all of its parties: the candidates for a duplicate of `a`, by id.
  virtual std::vector<Agreement> candidates(const Agreement& a, std::int64_t up_to) = 0;
  // The largest agreement id stored so far, 0 when there is none.
  virtual std::int64_t last_id() = 0;
  // Removes an agreement and the keys merged into it.
  virtual void remove(std::int64_t id) = 0;
  virtual ImportStats commit() = 0;
};

class Repository {
 public:
  virtual ~Repository() = default;

  // Stores a new agreement (key generated when empty) and returns its id. Throws
  // mtrack::Error when the key is taken.
  virtual std::int64_t add(const Agreement& a) = 0;
  // Replaces the stored agreement with id `a.id`.
  virtual void update(const Agreement& a) = 0;
  // Adds `e` to the history of the agreement with this id or key (history.hpp:
  // append_event: its status, value and dates follow) in one transaction, and returns the
  // agreement as stored; nullopt when there is none.
  virtual std::optional<Agreement> append_event(std::string_view id_or_key, const Event& e) = 0;
  // Removes an agreement; false when there is none with that id.
  virtual bool remove(std::int64_t id) = 0;
  // The agreement with this id ("12") or key, or nullopt. A key merged into another record
  // (`mtrack merge`, `--link`) gives that record.
  virtual std::optional<Agreement> get(std::string_view id_or_key) = 0;

  // Calls `sink` for each matching agreement in order, one at a time (memory does not grow
  // with the number of rows).
  virtual void find(const Filter& filter, const std::function<void(const Agreement&)>& sink) = 0;
  virtual std::int64_t count(const Filter& filter) = 0;
  // How the backend answers `find(filter)`, one step per line (SQLite's EXPLAIN QUERY PLAN),
  // for tests and `list --explain`.
  virtual std::string query_plan(const Filter& filter) = 0;

  // Starts an all-or-nothing import.
  virtual std::unique_ptr<ImportSession> begin_import() = 0;

  // Organisations, with aliases; `resolve_party` gives the canonical name for a name or
  // alias, or nullopt when unknown.
  virtual std::vector<Organisation> organisations() = 0;
  virtual std::optional<std::string> resolve_party(std::string_view name) = 0;
  // Aliases recorded by imports (not the preloaded ones), for these canonical names, sorted.
  virtual std::vector<PartyAliases> learned_aliases(const std::vector<std::string>& names) = 0;
  // The organisation with this name or alias, or nullopt.
  virtual std::optional<Organisation> organisation(std::string_view name_or_alias) = 0;
  // The agreements an organisation is a party to, by key.
  virtual std::vector<PartyUse> party_uses(std::int64_t organisation_id) = 0;
  // Records other names of an organisation (creating it when new); throws mtrack::Error when
  // one of them already names another organisation. One transaction.
  virtual void add_aliases(const PartyAliases& p) = 0;
  // Merges organisation `drop` into `keep` (names or aliases): its agreements, aliases and name
  // become `keep`'s, each agreement keeping the name it used. One transaction.
  virtual void merge_organisations(std::string_view keep, std::string_view drop) = 0;

  // The agreement as it would be stored: party names resolved to canonical organisations (the
  // name given kept as the party's `as_written`, provenance renamed to match), a generated key
  // when it has none, no id.
  virtual Agreement normalise(const Agreement& a) = 0;

  // The schema version of the open database.
  virtual int schema_version() = 0;

  // Stores the full text of the source with this sha256 (creating the source when none has
  // that hash); text already stored is kept, so storing twice changes nothing.
  virtual void store_source_text(const std::string& sha256, std::string_view text) = 0;
  // The stored text of the source with this sha256, or nullopt.
  virtual std::optional<std::string> source_text(const std::string& sha256) = 0;

  // Exchange rates (rates.hpp), stored in one transaction: a rate with the date, currency and
  // base of a stored one replaces it. `rates` gives every stored rate, by currency, base, date.
  virtual void put_rates(const std::vector<Rate>& rates) = 0;
  virtual std::vector<Rate> rates() = 0;
};

// Opens (creating and migrating when writable) the SQLite database at `path`. Throws
// mtrack::Error with the path in the message when it cannot. `minerals` is what the database's
// mineral table is refreshed from; without it, MineralTable::builtin(), parsed only when a
// refresh is due (a command that resolves no mineral then never parses it).
std::unique_ptr<Repository> open_repository(const std::filesystem::path& path, Access access);
std::unique_ptr<Repository> open_repository(const std::filesystem::path& path, Access access,
                                            const MineralTable& minerals);

// The latest schema version this mtrack knows.
int latest_schema_version();

}  // namespace mtrack
