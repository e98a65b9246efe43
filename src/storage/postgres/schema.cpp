#include "storage/postgres/schema.hpp"

#include <fmt/format.h>

#include <array>

#include "mtrack/domain/organisations.hpp"
#include "mtrack/util/error.hpp"
#include "storage/schema_files.hpp"

namespace mtrack::postgres {

namespace {

struct State {
  bool mtrack = false;  // meta says application = mtrack
  bool empty = false;   // no table or view at all in the current schema
  int version = 0;      // meta's schema_version, for an mtrack database
  std::string others;   // a few of the relations found, for a database of another program
  std::string schema;   // the schema mtrack works in
};

// What the database holds in the connection's current schema.
State inspect(Connection& c) {
  State s;
  auto r = c.exec(
      "SELECT current_schema(), to_regclass('meta') IS NOT NULL, (SELECT string_agg(relname, "
      "', ') FROM (SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
      "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', "
      "'p', 'v', 'm', 'f') ORDER BY c.relname LIMIT 5) x)");
  if (r.null(0, 0)) {
    throw Error(fmt::format(
        "{} has no schema to work in (search_path names none that exists); nothing "
        "was written",
        c.display()));
  }
  s.schema = r.text(0, 0);
  const bool has_meta = r.boolean(0, 1);
  s.others = r.opt_text(0, 2).value_or("");
  s.empty = s.others.empty();
  if (!has_meta) return s;
  try {
    auto m = c.exec(
        "SELECT (SELECT value FROM meta WHERE name = 'application'), (SELECT value FROM meta "
        "WHERE name = 'schema_version')");
    s.mtrack = !m.null(0, 0) && m.view(0, 0) == "mtrack";
    if (s.mtrack && !m.null(0, 1)) s.version = std::stoi(m.text(0, 1));
  } catch (const ServerError& e) {
    if (e.state() == sqlstate::insufficient_privilege) {
      throw Error(fmt::format(
          "permission denied: role '{}' may not read the tables of {} (GRANT SELECT ON "
          "ALL TABLES IN SCHEMA {} TO {})",
          c.role(), c.display(), s.schema, c.role()));
    }
    s.mtrack = false;  // a table called meta of another shape: another program's
  } catch (const std::logic_error&) {
    s.mtrack = false;  // a schema_version that is not a number
  }
  return s;
}

void refuse_foreign(const Connection& c, const State& s) {
  if (s.mtrack || s.empty) return;
  throw Error(fmt::format(
      "{} is not an mtrack database: its schema '{}' holds another program's tables "
      "({}); nothing was written. Give mtrack a database (or a schema, with "
      "?options=-csearch_path%3Dname) of its own",
      c.display(), s.schema, s.others));
}

void refuse_newer(const Connection& c, const State& s) {
  const int latest = latest_schema_version();
  if (s.version <= latest) return;
  throw Error(fmt::format(
      "database {} has schema version {}, newer than this mtrack knows ({}); upgrade "
      "mtrack",
      c.display(), s.version, latest));
}

void lock_schema(Connection& c) {
  c.exec(fmt::format("SELECT pg_advisory_xact_lock({}, {})", k_lock_space, k_schema_lock));
}

// A transaction rolled back unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& c) : m_c(c) {
    m_c.exec("BEGIN");
    m_c.writing(true);
  }
  ~Transaction() {
    m_c.writing(false);
    if (!m_open) return;
    try {
      m_c.exec("ROLLBACK");
    } catch (...) {  // NOLINT(bugprone-empty-catch): a lost connection has nothing to roll back
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    m_c.committing(true);
    m_c.exec("COMMIT");
    m_c.committing(false);
    m_open = false;
  }

 private:
  Connection& m_c;
  bool m_open = true;
};

// Applies the migrations after the database's version, each in its own transaction under the
// schema lock, re-reading the version once the lock is held (another process may have
// migrated meanwhile).
void migrate(Connection& c) {
  for (const auto& m : schema_files::migrations("postgres/")) {
    Transaction tx(c);
    lock_schema(c);
    const State s = inspect(c);
    refuse_foreign(c, s);
    refuse_newer(c, s);
    if (s.version >= m.version) continue;
    try {
      c.exec(std::string(m.sql));
    } catch (const ServerError& e) {
      if (e.state() == sqlstate::insufficient_privilege) throw;
      throw Error(
          fmt::format("migration {} of {} failed: {}", m.name, c.display(), e.what()));
    }
    c.query("INSERT INTO schema_history (version, name, applied_at) VALUES ($1, $2, now())",
            Params().add(std::int64_t{m.version}).add(m.name));
    c.query(
        "INSERT INTO meta (name, value) VALUES ('application', 'mtrack'), ('schema_version', $1) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        Params().add(std::to_string(m.version)));
    tx.commit();
  }
}

bool data_current(Connection& c, const std::string& hash) {
  auto r = c.query("SELECT value FROM meta WHERE name = 'data_hash'");
  return r.rows() == 1 && r.view(0, 0) == hash;
}

// Loads the mineral and organisation tables, upserting by name so that ids stay stable.
void refresh_data(Connection& c, const MineralTable* table) {
  const std::string hash = schema_files::data_hash();
  if (data_current(c, hash)) return;
  Transaction tx(c);
  lock_schema(c);
  if (data_current(c, hash)) return;
  const MineralTable& minerals = table ? *table : MineralTable::builtin();
  static constexpr std::array<const char*, 4> k_kinds = {"element", "commodity", "group", "set"};
  std::vector<std::pair<std::string, Params>> batch;
  for (const auto& m : minerals.all()) {
    batch.emplace_back(
        "INSERT INTO minerals (name, symbol, kind, usgs2025, usgs2022, eu2023) VALUES ($1, $2, "
        "$3, $4, $5, $6) ON CONFLICT (name) DO UPDATE SET symbol = excluded.symbol, kind = "
        "excluded.kind, usgs2025 = excluded.usgs2025, usgs2022 = excluded.usgs2022, eu2023 = "
        "excluded.eu2023",
        Params()
            .add(m.name)
            .text_or_null(m.symbol)
            .add(k_kinds[static_cast<std::size_t>(m.kind)])
            .add(m.usgs2025)
            .add(m.usgs2022)
            .add(m.eu2023));
  }
  batch.emplace_back("DELETE FROM mineral_aliases", Params());
  batch.emplace_back("DELETE FROM mineral_groups", Params());
  for (const auto& m : minerals.all()) {
    for (const auto& a : m.aliases) {
      batch.emplace_back(
          "INSERT INTO mineral_aliases (alias, mineral_id) SELECT $1, id FROM minerals WHERE "
          "name = $2 ON CONFLICT DO NOTHING",
          Params().add(a).add(m.name));
    }
    for (const auto& g : m.groups) {
      batch.emplace_back(
          "INSERT INTO mineral_groups (group_id, member_id) SELECT g.id, m.id FROM minerals g, "
          "minerals m WHERE g.name = $1 AND m.name = $2 ON CONFLICT DO NOTHING",
          Params().add(g).add(m.name));
    }
  }
  for (const auto& o : builtin_organisations()) {
    batch.emplace_back(
        "INSERT INTO organisations (name, country, kind) VALUES ($1, $2, $3) ON CONFLICT "
        "(mtrack_nocase(name)) DO UPDATE SET country = excluded.country, kind = excluded.kind",
        Params().add(o.name).text_or_null(o.country).add(o.kind));
    for (const auto& a : o.aliases) {
      // As SQLite's INSERT OR REPLACE: the alias names this organisation from now on.
      batch.emplace_back(
          "INSERT INTO organisation_aliases (alias, organisation_id) SELECT $1, id FROM "
          "organisations WHERE mtrack_nocase(name) = mtrack_nocase($2) ON CONFLICT "
          "(mtrack_nocase(alias)) DO UPDATE SET alias = excluded.alias, organisation_id = "
          "excluded.organisation_id",
          Params().add(a).add(o.name));
    }
  }
  batch.emplace_back(
      "INSERT INTO meta (name, value) VALUES ('data_hash', $1) ON CONFLICT (name) DO UPDATE SET "
      "value = excluded.value",
      Params().add(hash));
  c.pipeline(batch);
  tx.commit();
}

}  // namespace

void configure(Connection& c, Access access, const MineralTable* minerals) {
  State s = inspect(c);
  refuse_foreign(c, s);
  refuse_newer(c, s);
  if (s.empty && access == Access::read_only) {
    throw Error(fmt::format(
        "no mtrack database at {} yet (it is empty); create one with 'mtrack init'",
        c.display()));
  }
  if (s.version < latest_schema_version()) {
    try {
      migrate(c);
    } catch (const ServerError& e) {
      if (e.state() != sqlstate::insufficient_privilege) throw;
      throw Error(fmt::format(
          "database {} needs {} to schema version {}, which role '{}' may not do; run "
          "'mtrack init' as a role that may change its schema (its owner)",
          c.display(), s.empty ? "creating" : "an upgrade", latest_schema_version(), c.role()));
    }
  }
  if (access != Access::read_only) refresh_data(c, minerals);
}

int schema_version(Connection& c) {
  auto r = c.query("SELECT value FROM meta WHERE name = 'schema_version'");
  return r.rows() == 1 ? std::stoi(r.text(0, 0)) : 0;
}

}  // namespace mtrack::postgres
