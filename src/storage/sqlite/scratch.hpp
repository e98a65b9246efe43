#pragma once

// What a write session must remember about everything it did, kept in a private scratch
// database rather than in memory: the keys an import claimed (and where), and the keys an
// operation touched. The connection's own temporary storage is in memory (journal.cpp), so
// tables there grow with the file being imported (about 150 bytes an agreement, and more
// again for the journal's sorted keys at commit). SQLite writes the scratch database to a
// temporary file of its own only when its small cache overflows, and deletes it on close.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mtrack::sqlite {

class Scratch {
 public:
  Scratch();
  ~Scratch();
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  // Claims `key` for `origin` ("file:line"): the origin that claimed it first when another
  // did, else nullopt (and the claim is kept when it is new).
  std::optional<std::string> claim(const std::string& key, const std::string& origin);

  // The set of touched keys: add one (again is harmless), how many and how many bytes in all,
  // each once in byte order, and forget them.
  void touch(const std::string& key);
  struct Size {
    std::int64_t count = 0;
    std::int64_t bytes = 0;
  };
  Size touched_size();
  void each_touched(const std::function<void(std::string_view)>& f);
  void clear_touched();

 private:
  SQLite::Database m_db;
  SQLite::Statement m_seen, m_claim, m_touch;
};

}  // namespace mtrack::sqlite
