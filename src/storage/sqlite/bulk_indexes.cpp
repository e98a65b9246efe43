#include "storage/sqlite/bulk_indexes.hpp"

#include <algorithm>

namespace mtrack::sqlite {

const std::vector<std::string> k_listing_indexes = {
    "agreements_by_type",          "agreements_by_status",
    "agreements_by_country",       "agreements_by_date_last",
    "agreements_by_value",         "agreements_by_listing_order",
    "agreement_minerals_by_mineral", "agreement_parties_by_organisation",
    "agreement_sources_by_source", "tags_by_tag"};

void BulkIndexes::added(std::int64_t id) {
  ++m_added;
  // The table's size when the session began: the id just handed out less what the session
  // added (ids are never reused, so this counts a removed agreement too, which errs towards
  // keeping the indexes).
  if (m_held < 0) m_held = id - m_added;
  if (aside()) {
    if (m_held + m_added >= m_most) restore();
    return;
  }
  if (m_added != std::max(m_least, m_held) || m_held + m_added >= m_most) return;
  auto& db = m_c.db();
  for (const auto& name : k_listing_indexes) {
    auto& q = m_c.prepared(
        "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ? AND sql IS NOT NULL");
    q.bind(1, name);
    if (!q.executeStep()) {
      q.reset();
      continue;
    }
    std::string sql = q.getColumn(0).getString();
    q.reset();
    // The name is one of ours, quoted for SQL; DROP INDEX takes no bound parameters.
    db.exec("DROP INDEX \"" + name + "\"");
    m_dropped.push_back(std::move(sql));
  }
}

void BulkIndexes::restore() {
  if (m_dropped.empty()) return;
  auto& db = m_c.db();
  // CREATE INDEX sorts every entry in memory (the connection keeps its temporary storage
  // there, journal.cpp): the page cache gives up room for it meanwhile.
  const int cache = db.execAndGet("PRAGMA cache_size").getInt();
  db.exec("PRAGMA cache_size = -8192");
  for (const auto& sql : m_dropped) db.exec(sql);
  db.exec("PRAGMA cache_size = " + std::to_string(cache));
  m_dropped.clear();
}

}  // namespace mtrack::sqlite
