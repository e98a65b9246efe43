#pragma once

// Indexes that only reads outside a write session use (listings by type, status, country,
// date, value, mineral, party, source and tag), set aside while a large import runs and
// built again, whole, before it commits.
//
// Each new agreement adds an entry to each of them at a place found by a search from the
// root; CREATE INDEX instead sorts the entries and writes each page once. Importing 100,000
// agreements into an empty database took 6.2-7.2 s of CPU with the entries added one by one
// and 5.3-5.5 s with the indexes built at the end (the build itself about 1 s of it).
// CREATE INDEX reads the whole table, though, so it pays only when the session adds at least
// as many agreements as the table held: an import into a large database keeps its indexes.
// And it sorts in memory (the connection keeps its temporary storage there, journal.cpp): a
// million agreements built at once took 200 MB. So the indexes come back as soon as the
// table holds k_most agreements, and the rest of a larger import adds entries one by one.
//
// What a session reads itself (keys, signatures, sources, organisations, the journal) keeps
// its indexes. Setting the indexes aside is a schema change inside the session's
// transaction: a rolled-back session leaves them as they were, and other connections keep
// reading the committed schema meanwhile.

#include <cstdint>
#include <string>
#include <vector>

#include "storage/sqlite/connection.hpp"

namespace mtrack::sqlite {

// The indexes set aside: each names one in the current schema (a test checks).
extern const std::vector<std::string> k_listing_indexes;

class BulkIndexes {
 public:
  // Sessions adding fewer agreements than this never set their indexes aside.
  static constexpr std::int64_t k_least = 10'000;
  // The indexes are built again once the table holds this many agreements.
  static constexpr std::int64_t k_most = 100'000;

  // `least` and `most`: k_least and k_most, smaller in tests.
  explicit BulkIndexes(Connection& c, std::int64_t least = k_least, std::int64_t most = k_most)
      : m_c(c), m_least(least), m_most(most) {}

  // Counts `id`, a new agreement of the session: drops the indexes once the session has added
  // k_least agreements and as many as the table held when it began, while the table is
  // under k_most; builds them again when it reaches k_most.
  void added(std::int64_t id);
  // Builds again whatever was dropped; call before the session commits.
  void restore();
  // Whether the indexes are set aside now.
  bool aside() const { return !m_dropped.empty(); }

 private:
  Connection& m_c;
  std::int64_t m_least;
  std::int64_t m_most;
  std::int64_t m_added = 0;
  std::int64_t m_held = -1;  // the table's size when the session began, once known
  std::vector<std::string> m_dropped;  // the CREATE INDEX statement of each, in order
};

}  // namespace mtrack::sqlite
