#pragma once

// The SQLite connection under a repository: opening a database file safely (a regular file or
// a new one, never a device, a FIFO or another user's file through a link; read-only where the
// file or its folder is), the lock and transaction helpers every write uses, prepared
// statements kept for reuse, and SQLite's failures told in words.

#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "mtrack/storage/repository.hpp"
#include "storage/sqlite/row_queue.hpp"

namespace mtrack::sqlite {

// Another connection holds the lock: SQLITE_BUSY or SQLITE_LOCKED, or an extended code of
// either (BUSY_RECOVERY, BUSY_SNAPSHOT, ...).
bool is_busy(const SQLite::Exception& e);

// Each attempt already waits up to the busy timeout (5 s); between attempts a jittered pause
// that doubles from 20 ms spreads the waiting writers apart.
inline constexpr int k_lock_attempts = 6;

template <typename Step>
auto with_lock_retry(Step&& step) -> decltype(step()) {
  static thread_local std::minstd_rand jitter(static_cast<unsigned>(::getpid()));
  for (int attempt = 1;; ++attempt) {
    try {
      return step();
    } catch (const SQLite::Exception& e) {
      if (!is_busy(e) || attempt >= k_lock_attempts) throw;
      const int base_ms = 20 << (attempt - 1);
      std::this_thread::sleep_for(
          std::chrono::milliseconds(base_ms + static_cast<int>(jitter() % base_ms)));
    }
  }
}

// A write transaction begun IMMEDIATE (so it never has to upgrade a read lock, which can
// deadlock), retried when BEGIN or COMMIT finds the database locked. Rolls back in the
// destructor unless committed.
class WriteTransaction {
 public:
  explicit WriteTransaction(SQLite::Database& db);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  SQLite::Database& m_db;
  bool m_open = true;
};

// A read transaction around several statements (one snapshot), when none is open already.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(SQLite::Database& db);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  void end();

 private:
  SQLite::Database& m_db;
  bool m_open;
};

// A value bound to a statement's next placeholder.
using Bind = std::variant<std::int64_t, std::string>;
void bind_all(SQLite::Statement& q, const std::vector<Bind>& binds);

// An open database with its prepared statements.
class Connection {
 public:
  // Opens `path` as `access` allows (see Access); throws mtrack::Error saying why it cannot.
  Connection(const std::filesystem::path& path, Access access);

  SQLite::Database& db() { return *m_db; }
  const std::filesystem::path& path() const { return m_path; }
  // False when the file, its folder or the file system is read-only to this process.
  bool writable() const { return m_writable; }

  // The prepared statement for `sql` (a string literal: statements are kept by its address),
  // reset, with no values bound.
  SQLite::Statement& prepared(const char* sql);
  // The same for SQL built at run time from fixed fragments.
  SQLite::Statement& prepared(const std::string& sql);

  // A one-line error for a failure of SQLite while `doing` something ("read", "write"):
  // a full disk, a read-only file, a damaged file and a lock held too long each in words.
  [[noreturn]] void fail(const SQLite::Exception& e, std::string_view doing) const;

  // The journal's operation open in the current write transaction (journal.hpp), if any: its
  // id, the first agreement id it hands out, and the journal rows of the rows it inserted
  // that are not written yet (journal_insert queues them; flush_journal writes them).
  struct OpenOperation {
    std::int64_t id;
    std::int64_t first_new;
    RowQueue inserted{"INSERT INTO journal (operation_id, agreement_id, key, undo)", 4};
  };
  std::optional<OpenOperation>& operation() { return m_operation; }

 private:
  std::filesystem::path m_path;
  std::unique_ptr<SQLite::Database> m_db;
  bool m_writable = false;
  std::optional<OpenOperation> m_operation;
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> m_statements;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> m_built;
};

// The one-line mtrack::Error for a failure of SQLite on the database at `path` (see
// Connection::fail).
[[noreturn]] void fail(const std::filesystem::path& path, const SQLite::Exception& e,
                       std::string_view doing);

// Runs `step`, turning SQLite's exceptions into mtrack::Error (Connection::fail).
template <typename Step>
auto guarded(const Connection& c, std::string_view doing, Step&& step) -> decltype(step()) {
  try {
    return step();
  } catch (const SQLite::Exception& e) {
    c.fail(e, doing);
  }
}

// What `PRAGMA quick_check` (or integrity_check, when `full`) and foreign_key_check find,
// one line each; empty when the database is sound.
std::vector<std::string> integrity_problems(SQLite::Database& db, bool full);

// What to do about the damaged database at `path`: the advice every "damaged" message ends with.
std::string damaged_advice(const std::filesystem::path& path);

// Throws mtrack::Error ("damaged ... nothing was written", with damaged_advice) when the
// database fails SQLite's quick check. Every writing connection calls it before its first
// write (the journal mode, a migration, the data refresh): a write into a damaged file makes
// the damage worse.
void refuse_if_damaged(Connection& c);

// Thrown by configure when a read-only connection finds a database that needs migrating.
class NeedsUpgrade : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mtrack::sqlite
