#include "storage/sqlite/schema.hpp"

#include <SQLiteCpp/Backup.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "mtrack/domain/organisations.hpp"
#include "mtrack/util/error.hpp"
#include "storage/schema_files.hpp"
#include "storage/sqlite/rows.hpp"

namespace mtrack {

int latest_schema_version() {
  const auto all = schema_files::migrations("");
  return all.empty() ? 0 : all.back().version;
}

namespace sqlite {

namespace {

namespace fs = std::filesystem;

bool has_table(SQLite::Database& db, const std::string& name) {
  SQLite::Statement q(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?");
  q.bind(1, name);
  return q.executeStep() && q.getColumn(0).getInt() > 0;
}

// Backups being written are named <backup>.tmp-<pid>; those of a process that no longer runs
// (killed while it copied) are removed before another is written.
void remove_abandoned_backups(const fs::path& db) {
  const fs::path dir = db.has_parent_path() ? db.parent_path() : fs::path(".");
  const std::string prefix = db.filename().string() + ".bak-v";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const auto tmp = name.rfind(".tmp-");
    if (!name.starts_with(prefix) || tmp == std::string::npos) continue;
    const std::string pid = name.substr(tmp + 5);
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto n = static_cast<pid_t>(std::stol(pid.substr(0, 9)));
    if (n == ::getpid() || (::kill(n, 0) != 0 && errno == ESRCH)) {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);
    }
  }
}

// Copies the database (the caller holds the write lock) to <db>.bak-v<version>, or
// <db>.bak-v<version>.<n> when that exists: written to a temporary file, then renamed.
void write_backup(const fs::path& path, int version) {
  remove_abandoned_backups(path);
  const std::string base = fmt::format("{}.bak-v{}", path.string(), version);
  std::string target = base;
  std::error_code ec;
  for (int n = 1; fs::symlink_status(target, ec).type() != fs::file_type::not_found; ++n) {
    target = fmt::format("{}.{}", base, n);
  }
  const std::string temp = fmt::format("{}.tmp-{}", target, ::getpid());
  fs::remove(temp, ec);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) {
    throw Error(fmt::format("cannot back up '{}' before upgrading it: {}: {}",
                            path.string(), temp, std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && (st.st_mode & S_IWOTH) != 0) (void)::fchmod(fd, st.st_mode & 07775);
  ::close(fd);
  try {
    // SQLite cannot back up from a connection inside a write transaction, so a second
    // connection reads the database: it sees exactly what is about to be migrated, and
    // the write lock held here keeps every other writer out until the migration is done.
    SQLite::Database source(path.string(), SQLite::OPEN_READONLY, 5000);
    SQLite::Database out(temp, SQLite::OPEN_READWRITE);
    SQLite::Backup backup(out, source);
    const int rc = backup.executeStep();
    if (rc != SQLITE_DONE) throw SQLite::Exception(sqlite3_errstr(rc), rc);
    out.exec("PRAGMA journal_mode = DELETE");  // one self-contained file
  } catch (const SQLite::Exception& e) {
    fs::remove(temp, ec);
    if (is_busy(e)) throw;
    throw Error(fmt::format("cannot back up '{}' before upgrading it: {}", path.string(),
                            e.what()));
  }
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    throw Error(fmt::format("cannot write backup '{}': {}", target, ec.message()));
  }
}

// Applies the migrations after `from`, each in its own transaction with its user_version.
// Before the first one changes an existing database, a copy of it is written beside it
// (<db>.bak-v<old version>) under the same lock, so the copy is exactly what was migrated.
void migrate(Connection& c, int from) {
  auto& db = c.db();
  bool backed_up = false;
  std::vector<schema_files::Migration> unrecorded;
  for (const auto& m : schema_files::migrations("")) {
    if (m.version <= from) continue;
    WriteTransaction tx(db);
    // Another process may have migrated while we waited for the lock.
    const int current = db.execAndGet("PRAGMA user_version").getInt();
    if (current >= m.version) continue;
    if (from > 0 && !backed_up) {
      write_backup(c.path(), current);
      backed_up = true;
    }
    try {
      db.exec(std::string(m.sql));
    } catch (const SQLite::Exception& e) {
      if (is_busy(e)) throw;
      throw Error(fmt::format("migration {} failed: {}", m.name, e.what()));
    }
    unrecorded.push_back(m);
    if (has_table(db, "schema_history")) {
      SQLite::Statement q(db,
                          "INSERT OR REPLACE INTO schema_history (version, name, applied_at) "
                          "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
      for (const auto& done : unrecorded) {
        q.bind(1, done.version);
        q.bind(2, std::string(done.name));
        q.exec();
        q.reset();
      }
      unrecorded.clear();
    }
    // PRAGMA takes no bound parameters; the version is a number from the file name.
    db.exec(fmt::format("PRAGMA user_version = {}", m.version));
    db.exec(fmt::format("PRAGMA application_id = {}", k_application_id));
    tx.commit();
  }
}

// Loads the mineral and organisation tables when this build's data differs from what the
// database holds. Mineral and organisation ids stay stable (upsert by name).
void refresh_data(SQLite::Database& db, const MineralTable* table) {
  const std::string hash = schema_files::data_hash();
  {
    SQLite::Statement q(db, "SELECT value FROM meta WHERE name = 'data_hash'");
    if (q.executeStep() && q.getColumn(0).getString() == hash) return;
  }
  const MineralTable& minerals = table ? *table : MineralTable::builtin();
  WriteTransaction tx(db);
  SQLite::Statement upsert_mineral(
      db,
      "INSERT INTO minerals (name, symbol, kind, usgs2025, usgs2022, eu2023) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET symbol = excluded.symbol, "
      "kind = excluded.kind, usgs2025 = excluded.usgs2025, usgs2022 = excluded.usgs2022, "
      "eu2023 = excluded.eu2023");
  static constexpr std::array<const char*, 4> k_kinds = {"element", "commodity", "group", "set"};
  for (const auto& m : minerals.all()) {
    upsert_mineral.bind(1, m.name);
    bind_text_or_null(upsert_mineral, 2, m.symbol);
    upsert_mineral.bind(3, k_kinds[static_cast<std::size_t>(m.kind)]);
    upsert_mineral.bind(4, m.usgs2025 ? 1 : 0);
    upsert_mineral.bind(5, m.usgs2022 ? 1 : 0);
    upsert_mineral.bind(6, m.eu2023);
    upsert_mineral.exec();
    upsert_mineral.reset();
  }
  db.exec("DELETE FROM mineral_aliases");
  db.exec("DELETE FROM mineral_groups");
  SQLite::Statement alias(db,
                          "INSERT OR IGNORE INTO mineral_aliases (alias, mineral_id) "
                          "SELECT ?, id FROM minerals WHERE name = ?");
  SQLite::Statement member(db,
                           "INSERT OR IGNORE INTO mineral_groups (group_id, member_id) "
                           "SELECT g.id, m.id FROM minerals g, minerals m "
                           "WHERE g.name = ? AND m.name = ?");
  for (const auto& m : minerals.all()) {
    for (const auto& a : m.aliases) {
      alias.bind(1, a);
      alias.bind(2, m.name);
      alias.exec();
      alias.reset();
    }
    for (const auto& g : m.groups) {
      member.bind(1, g);
      member.bind(2, m.name);
      member.exec();
      member.reset();
    }
  }
  SQLite::Statement upsert_org(
      db,
      "INSERT INTO organisations (name, country, kind) VALUES (?, ?, ?) "
      "ON CONFLICT (name) DO UPDATE SET country = excluded.country, kind = excluded.kind");
  SQLite::Statement org_alias(db,
                              "INSERT OR REPLACE INTO organisation_aliases "
                              "(alias, organisation_id) SELECT ?, id FROM organisations "
                              "WHERE name = ?");
  for (const auto& o : builtin_organisations()) {
    upsert_org.bind(1, o.name);
    bind_text_or_null(upsert_org, 2, o.country);
    upsert_org.bind(3, o.kind);
    upsert_org.exec();
    upsert_org.reset();
    for (const auto& a : o.aliases) {
      org_alias.bind(1, a);
      org_alias.bind(2, o.name);
      org_alias.exec();
      org_alias.reset();
    }
  }
  SQLite::Statement set(db,
                        "INSERT INTO meta (name, value) VALUES ('data_hash', ?) "
                        "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
  set.bind(1, hash);
  set.exec();
  tx.commit();
}

}  // namespace

void configure(Connection& c, const MineralTable* minerals) {
  auto& db = c.db();
  const std::string where = c.path().string();
  int version = 0;
  int app_id = 0;
  bool has_tables = false;
  try {
    // One statement, so one snapshot: read separately, another process's first migration
    // could commit between the reads and make a new database look like a foreign one.
    SQLite::Statement q(db,
                        "SELECT (SELECT user_version FROM pragma_user_version), "
                        "(SELECT application_id FROM pragma_application_id), "
                        "(SELECT count(*) FROM sqlite_schema)");
    q.executeStep();
    version = q.getColumn(0).getInt();
    app_id = q.getColumn(1).getInt();
    has_tables = q.getColumn(2).getInt() > 0;
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xff;
    if (is_busy(e) || code == SQLITE_FULL || code == SQLITE_READONLY || code == SQLITE_IOERR ||
        code == SQLITE_CANTOPEN || code == SQLITE_CORRUPT) {
      throw;
    }
    throw Error(fmt::format("'{}' is not an mtrack database ({})", where, e.what()));
  }
  if (app_id != k_application_id && (app_id != 0 || has_tables || version != 0)) {
    throw Error(fmt::format("'{}' is not an mtrack database", where));
  }
  const int latest = latest_schema_version();
  if (version > latest) {
    throw Error(fmt::format(
        "database '{}' has schema version {}, newer than this mtrack knows ({}); "
        "upgrade mtrack",
        where, version, latest));
  }
  db.exec("PRAGMA foreign_keys = ON");
  db.exec(k_cache_size);
  if (!c.writable()) {
    if (version < latest) {
      throw NeedsUpgrade(
          fmt::format("database '{}' needs an upgrade; run a writing "
                      "command such as 'mtrack init' first",
                      where));
    }
    return;
  }
  // Before anything is written: the journal mode (which changes the file's header), a
  // migration (which, on a damaged file, would commit its first steps and fail in a later
  // one) and the data refresh.
  if (has_tables) refuse_if_damaged(c);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  if (version < latest) migrate(c, version);
  refresh_data(db, minerals);
}

}  // namespace sqlite
}  // namespace mtrack
