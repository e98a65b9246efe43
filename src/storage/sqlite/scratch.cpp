#include "storage/sqlite/scratch.hpp"

namespace mtrack::sqlite {

namespace {

// An empty name is a private temporary database on disk (this connection keeps SQLite's
// default temporary storage, a file); 4 MiB of cache, then the file.
SQLite::Database open_scratch() {
  SQLite::Database db("", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
  db.exec("PRAGMA cache_size = -4096");
  // Nothing here outlives the session or needs to survive a failure: no rollback journal,
  // and one transaction for the session's life, so that pages reach the file only when the
  // cache overflows (never committed: the file is deleted on close).
  db.exec("PRAGMA journal_mode = OFF");
  db.exec("PRAGMA locking_mode = EXCLUSIVE");
  db.exec(
      "CREATE TABLE claimed (key TEXT PRIMARY KEY, origin TEXT NOT NULL) WITHOUT ROWID;"
      "CREATE TABLE touched (key TEXT PRIMARY KEY) WITHOUT ROWID");
  db.exec("BEGIN");
  return db;
}

}  // namespace

Scratch::Scratch()
    : m_db(open_scratch()),
      m_seen(m_db, "SELECT origin FROM claimed WHERE key = ?"),
      m_claim(m_db, "INSERT INTO claimed (key, origin) VALUES (?, ?) ON CONFLICT DO NOTHING"),
      m_touch(m_db, "INSERT OR IGNORE INTO touched (key) VALUES (?)") {}

Scratch::~Scratch() = default;

std::optional<std::string> Scratch::claim(const std::string& key, const std::string& origin) {
  // The usual key is new: one insert. A key claimed before is looked up only then.
  m_claim.bind(1, key);
  m_claim.bind(2, origin);
  const bool claimed = m_claim.exec() > 0;
  m_claim.reset();
  if (claimed) return std::nullopt;
  m_seen.bind(1, key);
  std::optional<std::string> earlier;
  if (m_seen.executeStep()) {
    std::string was = m_seen.getColumn(0).getString();
    if (was != origin) earlier = std::move(was);
  }
  m_seen.reset();
  return earlier;
}

void Scratch::touch(const std::string& key) {
  m_touch.bind(1, key);
  m_touch.exec();
  m_touch.reset();
}

Scratch::Size Scratch::touched_size() {
  SQLite::Statement q(m_db,
                      "SELECT count(*), coalesce(sum(length(CAST(key AS BLOB))), 0) FROM touched");
  q.executeStep();
  return {q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
}

void Scratch::each_touched(const std::function<void(std::string_view)>& f) {
  SQLite::Statement q(m_db, "SELECT key FROM touched ORDER BY key");
  while (q.executeStep()) {
    const auto col = q.getColumn(0);
    f(std::string_view(static_cast<const char*>(col.getBlob()),
                       static_cast<std::size_t>(col.getBytes())));
  }
}

void Scratch::clear_touched() { m_db.exec("DELETE FROM touched"); }

}  // namespace mtrack::sqlite
