#include "storage/sqlite/connection.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::sqlite {

namespace fs = std::filesystem;

bool is_busy(const SQLite::Exception& e) {
  const auto busy = [](int code) {
    const int primary = code & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
  };
  return busy(e.getErrorCode()) || busy(e.getExtendedErrorCode());
}

WriteTransaction::WriteTransaction(SQLite::Database& db) : m_db(db) {
  with_lock_retry([this] { m_db.exec("BEGIN IMMEDIATE"); });
}

WriteTransaction::~WriteTransaction() {
  if (m_open) sqlite3_exec(m_db.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void WriteTransaction::commit() {
  with_lock_retry([this] { m_db.exec("COMMIT"); });
  m_open = false;
}

ReadSnapshot::ReadSnapshot(SQLite::Database& db)
    : m_db(db), m_open(sqlite3_get_autocommit(db.getHandle()) != 0) {
  if (m_open) m_db.exec("BEGIN");
}

ReadSnapshot::~ReadSnapshot() {
  if (m_open) sqlite3_exec(m_db.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void ReadSnapshot::end() {
  if (!m_open) return;
  m_open = false;
  m_db.exec("COMMIT");
}

void bind_all(SQLite::Statement& q, const std::vector<Bind>& binds) {
  for (std::size_t i = 0; i < binds.size(); ++i) {
    const int at = static_cast<int>(i) + 1;
    if (const auto* n = std::get_if<std::int64_t>(&binds[i]))
      q.bind(at, *n);
    else
      q.bind(at, std::get<std::string>(binds[i]));
  }
}

namespace {

// Creates an empty file for a new database with the user's umask, but never world-writable.
// Another process creating it first is fine.
void create_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) {
    if (errno == EEXIST) return;
    throw Error(fmt::format("cannot create database '{}': {}", path.string(),
                            std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && (st.st_mode & S_IWOTH) != 0) {
    (void)::fchmod(fd, st.st_mode & 07775);
  }
  ::close(fd);
}

// A symlinked database path is refused when following it could write into another user's
// file: the link and its target belong to different users, or the link sits in a
// world-writable directory (such as /tmp) and leads to a file that is not the user's.
void check_symlink(const fs::path& path) {
  struct stat link {};
  if (::lstat(path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) return;
  struct stat target {};
  const bool target_exists = ::stat(path.c_str(), &target) == 0;
  const fs::path dir = path.has_parent_path() ? path.parent_path() : ".";
  struct stat dir_st {};
  const bool shared_dir = ::stat(dir.c_str(), &dir_st) == 0 && (dir_st.st_mode & S_IWOTH) != 0;
  const uid_t owner = target_exists ? target.st_uid : link.st_uid;
  std::string why;
  if (target_exists && target.st_uid != link.st_uid) {
    why = "the link and the file it points to belong to different users";
  } else if (shared_dir && owner != ::geteuid()) {
    why = "it is in a world-writable directory and points to another user's file";
  }
  if (why.empty()) return;
  std::error_code ec;
  const auto to = fs::read_symlink(path, ec);
  throw Error(
      fmt::format("refusing to open database '{}': it is a symbolic link to '{}' "
                  "and {}",
                  path.string(), to.string(), why));
}

fs::path folder_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

bool read_only_file_system(const fs::path& path) {
  struct statvfs st {};
  return ::statvfs(path.c_str(), &st) == 0 && (st.f_flag & ST_RDONLY) != 0;
}

// Why this process cannot write the database, or "" when it can: SQLite writes the file and
// creates its journal files (-wal, -shm) beside it. A file with no write permission at all is
// read-only even to root, who could write it: what root creates beside it would be read-only
// too and stop its owner's writes later.
std::string why_read_only(const fs::path& path) {
  if (read_only_file_system(path)) return "the file system is read-only";
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (::access(path.c_str(), W_OK) != 0 || (st.st_mode & 0222) == 0) return "the file is read-only";
  }
  const fs::path wal = path.string() + "-wal";
  if (::access(folder_of(path).c_str(), W_OK) != 0 && ::access(wal.c_str(), F_OK) != 0) {
    return "its folder is read-only (SQLite keeps a journal file beside the database)";
  }
  return "";
}

// "file:" URI for a path (RFC 3986 escapes for what a URI gives a meaning to).
std::string file_uri(const fs::path& path, std::string_view query) {
  std::string out = "file:";
  for (unsigned char c : fs::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7f) {
      out += fmt::format("%{:02X}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '?';
  out += query;
  return out;
}

// Journal files left read-only (by a write as root to a read-only database, say) would make
// every later write fail once the database is writable again: the owner's own ones are given
// the database's mode.
void repair_journal_modes(const fs::path& path) {
  struct stat db {};
  if (::stat(path.c_str(), &db) != 0) return;
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string journal = path.string() + suffix;
    struct stat st {};
    if (::lstat(journal.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (st.st_uid == ::geteuid() && (st.st_mode & S_IWUSR) == 0 && (db.st_mode & S_IWUSR) != 0) {
      (void)::chmod(journal.c_str(), db.st_mode & 0666);
    }
  }
}

}  // namespace

Connection::Connection(const fs::path& path, Access access) : m_path(path) {
  if (path.empty()) throw Error("the database path is empty");
  check_symlink(path);
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    throw Error(
        fmt::format("cannot open database '{}': it is a directory", path.string()));
  }
  if (exists && !S_ISREG(st.st_mode)) {
    throw Error(fmt::format("cannot open database '{}': it is not a regular file",
                            path.string()));
  }
  struct stat link {};
  const bool dangling = !exists && ::lstat(path.c_str(), &link) == 0;
  if (!exists && access != Access::create) {
    throw Error(fmt::format(
        "no database at '{}' (create one with 'mtrack init', or name another with --db "
        "or MTRACK_DB)",
        path.string()));
  }
  std::string read_only = exists ? why_read_only(path) : std::string();
  if (!read_only.empty() && access != Access::read_only) {
    throw Error(fmt::format("cannot write to database '{}': {}", path.string(), read_only));
  }
  if (!exists) {
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    // Created here rather than by SQLite, to control its mode. A dangling symlink (already
    // checked) is left to SQLite.
    if (!dangling) create_file(path);
  }
  if (access != Access::read_only) repair_journal_modes(path);
  // SQLite's memory statistics (which nothing reads) take a global mutex on every
  // allocation: 4% of an import. Set before the library initialises, so once per process.
  static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memstatus_off;  // SQLITE_MISUSE when SQLite was initialised first: statistics stay on
  // A connection is used by one thread only, so SQLite's per-call mutexes are not needed.
  int flags = SQLite::OPEN_NOMUTEX;
  std::string name = path.string();
  if (access == Access::read_only) {
    flags |= SQLite::OPEN_READONLY;
    // Where nothing can be written, a database without a write-ahead log is read as it is:
    // SQLite would otherwise try to create its journal files beside it (and fail, or leave
    // them behind read-only). Nobody can be writing it, so nothing can change under us.
    if (!read_only.empty() && ::access((path.string() + "-wal").c_str(), F_OK) != 0) {
      flags |= SQLite::OPEN_URI;
      name = file_uri(path, "immutable=1");
    }
  } else {
    flags |= SQLite::OPEN_READWRITE | (dangling ? SQLite::OPEN_CREATE : 0);
  }
  m_writable = access != Access::read_only;
  try {
    m_db = std::make_unique<SQLite::Database>(name, flags, 5000);
  } catch (const SQLite::Exception& e) {
    fail(e, "open");
  }
}

SQLite::Statement& Connection::prepared(const char* sql) {
  auto& slot = m_statements[sql];
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(*m_db, sql);
  } else {
    slot->reset();
    slot->clearBindings();
  }
  return *slot;
}

SQLite::Statement& Connection::prepared(const std::string& sql) {
  auto& slot = m_built[sql];
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(*m_db, sql);
  } else {
    slot->reset();
    slot->clearBindings();
  }
  return *slot;
}

void Connection::fail(const SQLite::Exception& e, std::string_view doing) const {
  sqlite::fail(m_path, e, doing);
}

void fail(const fs::path& path, const SQLite::Exception& e, std::string_view doing) {
  const std::string db = path.string();
  const int code = e.getErrorCode() & 0xff;
  const int extended = e.getExtendedErrorCode();
  if (is_busy(e)) {
    throw Error(fmt::format("database '{}' is locked by another process: {}", db,
                            e.what()));
  }
  if (code == SQLITE_FULL) {
    throw Error(fmt::format(
        "cannot write to database '{}': the disk is full; nothing was changed", db));
  }
  if (code == SQLITE_READONLY || (code == SQLITE_CANTOPEN && read_only_file_system(path))) {
    std::string why = why_read_only(path);
    if (why.empty()) why = e.what();
    throw Error(fmt::format("cannot {} database '{}': {}",
                            doing == "read" || doing == "open" ? "open" : "write to", db, why));
  }
  if (code == SQLITE_IOERR && (extended == SQLITE_IOERR_WRITE || extended == SQLITE_IOERR_FSYNC ||
                               extended == SQLITE_IOERR_SHMSIZE || extended == SQLITE_IOERR_TRUNCATE)) {
    throw Error(fmt::format(
        "cannot write to database '{}': {} (is the disk full?); nothing was changed", db,
        e.what()));
  }
  if (code == SQLITE_CORRUPT) {
    throw Error(fmt::format("database '{}' is damaged ({}); {}", db, e.what(), damaged_advice(path)));
  }
  if (code == SQLITE_NOTADB) {
    throw Error(fmt::format("'{}' is not an mtrack database ({})", db, e.what()));
  }
  if (doing == "open") {
    throw Error(fmt::format("cannot open database '{}': {}", db, e.what()));
  }
  throw Error(fmt::format("database '{}': {}", db, e.what()));
}

std::vector<std::string> integrity_problems(SQLite::Database& db, bool full) {
  std::vector<std::string> out;
  try {
    SQLite::Statement q(db, full ? "PRAGMA integrity_check(100)" : "PRAGMA quick_check(100)");
    while (q.executeStep()) {
      std::string line = q.getColumn(0).getString();
      if (line == "ok") continue;
      // SQLite puts "*** in database main ***" and a line break before its first finding.
      constexpr std::string_view k_banner = "*** in database main ***\n";
      if (line.starts_with(k_banner)) line.erase(0, k_banner.size());
      std::replace(line.begin(), line.end(), '\n', ' ');
      out.push_back(std::move(line));
    }
    if (!out.empty()) return out;  // references between damaged pages mean little
    SQLite::Statement fk(db, "PRAGMA foreign_key_check");
    while (fk.executeStep() && out.size() < 100) {
      out.push_back(fmt::format("row {} of table {} refers to a missing row of {}",
                                fk.getColumn(1).getInt64(), fk.getColumn(0).getString(),
                                fk.getColumn(2).getString()));
    }
  } catch (const SQLite::Exception& e) {
    // Damage that stops the check itself (a table whose root page cannot be read) is found
    // all the same.
    if ((e.getErrorCode() & 0xff) != SQLITE_CORRUPT) throw;
    out.push_back(e.what());
  }
  return out;
}

std::string damaged_advice(const fs::path& path) {
  return fmt::format(
      "restore a backup, or recover what can be read with: sqlite3 {} .recover | sqlite3 "
      "recovered.db",
      text::shell_word(path.string()));
}

void refuse_if_damaged(Connection& c) {
  const auto problems = guarded(c, "read", [&] { return integrity_problems(c.db(), false); });
  if (problems.empty()) return;
  throw Error(fmt::format("database '{}' is damaged ({}); nothing was written; {}",
                          c.path().string(), problems.front(), damaged_advice(c.path())));
}

}  // namespace mtrack::sqlite
