#include "storage/sqlite/write_session.hpp"

#include <fmt/format.h>

#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"
#include "storage/sqlite/bulk_indexes.hpp"
#include "storage/sqlite/journal.hpp"
#include "storage/sqlite/rates.hpp"
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/schema.hpp"
#include "storage/sqlite/scratch.hpp"

namespace mtrack::sqlite {

namespace {

// The page cache while a session writes. An import touches index pages all over the file
// (keys, names, URLs, the search index); SQLite's default 2 MB would reread them from the
// operating system's cache all the time, and more than this would make a large import's
// memory grow with the database.
constexpr const char* k_session_cache_size = "PRAGMA cache_size = -24576";

class SqliteWriteSession final : public WriteSession {
 public:
  SqliteWriteSession(Connection& c, Organisations& organisations, AgreementWriter& writer,
                     const std::string& label)
      : m_c(c), m_organisations(organisations), m_writer(writer), m_tx(begin(c)) {
    guarded(m_c, "write", [&] {
      if (!label.empty()) {
        begin_operation(m_c, label);
        m_journaled = true;
      }
      m_c.db().exec(k_session_cache_size);
      // The CHECKs on agreements.type and .status are IN lists, which SQLite evaluates by
      // building two temporary b-trees per inserted row (13% of an import). A session binds
      // those columns only from the enums' names (and both money columns or neither), so the
      // checks cannot fail here.
      m_c.db().exec("PRAGMA ignore_check_constraints = ON");
      m_organisations.remember(true);
    });
  }

  ~SqliteWriteSession() override {
    m_writer.discard();  // what a rolled-back session queued (nothing after a commit)
    m_tx.reset();        // rolls back unless committed
    m_c.operation().reset();  // rolled back with it, if it was not finished
    try {
      m_organisations.remember(false);
      m_c.db().exec(k_cache_size);
      m_c.db().exec("PRAGMA ignore_check_constraints = OFF");
    } catch (...) {  // NOLINT(bugprone-empty-catch): only settings are left as they were
    }
  }

  SqliteWriteSession(const SqliteWriteSession&) = delete;
  SqliteWriteSession& operator=(const SqliteWriteSession&) = delete;

  std::optional<Agreement> get(std::string_view id_or_key) override {
    return guarded(m_c, "read", [&]() -> std::optional<Agreement> {
      const auto id = id_for(m_c, id_or_key);
      if (!id) return std::nullopt;
      return stored(*id);
    });
  }

  std::optional<Agreement> find_key(const std::string& key) override {
    return guarded(m_c, "read", [&]() -> std::optional<Agreement> {
      auto id = id_for_key(m_c, key);
      if (!id) id = id_for_merged_key(m_c, key);
      if (!id) {
        m_absent_key = key;
        return std::nullopt;
      }
      m_absent_key.clear();
      return stored(*id);
    });
  }

  std::optional<std::string> resolve_party(std::string_view name) override {
    return guarded(m_c, "read", [&]() -> std::optional<std::string> {
      if (auto found = m_organisations.find(name)) return found->name;
      return std::nullopt;
    });
  }

  std::string free_key(const std::string& key) override {
    return guarded(m_c, "read", [&] {
      std::string candidate = key;
      for (int n = 2; id_for_key(m_c, candidate) || id_for_merged_key(m_c, candidate); ++n) {
        candidate = fmt::format("{}-{}", key, n);
      }
      return candidate;
    });
  }

  // A narrowing of the candidates by what probable_duplicate (reconcile.hpp) requires, so
  // that only records it could accept are loaded: the same signature (type and parties), the
  // same value or an overlapping date, and a source when `a` has none.
  std::vector<Agreement> candidates(const Agreement& a, std::int64_t up_to) override {
    return guarded(m_c, "read", [&] {
      std::vector<Agreement> out;
      if (up_to <= 0 || a.parties.empty()) return out;
      std::vector<std::string> alternatives;
      std::vector<std::int64_t> organisations;
      for (const auto& p : a.parties) {
        const auto found = m_organisations.find(p.name);
        if (!found) return out;  // a new organisation: nothing stored can share its parties
        organisations.push_back(found->id);
      }
      std::vector<Bind> binds = {duplicate_signature(a.type, organisations), up_to};
      if (a.value) {
        alternatives.emplace_back("(a.value_currency = ? AND a.value_minor = ?)");
        binds.emplace_back(a.value->currency);
        binds.emplace_back(a.value->minor);
      }
      if (!a.date().empty()) {
        alternatives.emplace_back("(a.date_first <= ? AND a.date_last >= ?)");
        binds.emplace_back(static_cast<std::int64_t>(a.date().last_day()));
        binds.emplace_back(static_cast<std::int64_t>(a.date().first_day()));
      }
      if (alternatives.empty()) return out;
      // Fixed fragments; every value is bound.
      std::string sql = "SELECT a.id FROM agreements a WHERE a.signature = ? AND a.id <= ? AND (" +
                        text::join(alternatives, " OR ") + ")";
      if (a.sources.empty()) {
        sql += " AND EXISTS (SELECT 1 FROM agreement_sources s WHERE s.agreement_id = a.id)";
      }
      auto& q = m_c.prepared(sql);
      bind_all(q, binds);
      std::vector<std::int64_t> ids;
      while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
      q.reset();
      if (ids.empty()) return out;
      m_writer.flush();  // the rows of agreements this session stored
      read_agreements_by_id(m_c, ids, Detail::full,
                            [&](Agreement& x) { out.push_back(std::move(x)); });
      return out;
    });
  }

  std::int64_t last_id() override {
    return guarded(m_c, "read", [&] {
      auto& q = m_c.prepared("SELECT coalesce(max(id), 0) FROM agreements");
      q.executeStep();
      const std::int64_t id = q.getColumn(0).getInt64();
      q.reset();
      return id;
    });
  }

  std::int64_t put(const Agreement& a) override {
    return guarded(m_c, "write", [&] {
      if (!m_absent_key.empty() && a.key == m_absent_key) {
        // find_key just looked this key up and found nothing: a new agreement.
        m_absent_key.clear();
        return added(m_writer.insert(a, KeyChecked::yes));
      }
      m_absent_key.clear();
      if (auto id = id_for_key(m_c, a.key)) {
        Agreement before = *stored(*id);
        before.id.reset();
        if (before == a) {
          ++m_stats.unchanged;
          return *id;
        }
        m_writer.replace(*id, a);
        ++m_stats.updated;
        return *id;
      }
      return added(m_writer.insert(a));
    });
  }

  void replace(std::int64_t id, const Agreement& a) override {
    guarded(m_c, "write", [&] {
      m_absent_key.clear();
      m_writer.replace(id, a);
      ++m_stats.updated;
    });
  }

  bool remove(std::int64_t id) override {
    return guarded(m_c, "write", [&] {
      m_absent_key.clear();
      return m_writer.remove(id);
    });
  }

  void put_aliases(const PartyAliases& p) override {
    guarded(m_c, "write", [&] {
      m_absent_key.clear();
      m_writer.flush();  // organisations' changes reach the parties' rows
      m_organisations.put_aliases(p);
    });
  }

  void merge_organisations(std::string_view keep, std::string_view drop) override {
    guarded(m_c, "write", [&] {
      m_absent_key.clear();
      m_writer.flush();  // the merge moves the parties' rows
      m_writer.refresh(m_organisations.merge(keep, drop));
    });
  }

  void put_rates(const std::vector<Rate>& rates) override {
    guarded(m_c, "write", [&] { sqlite::put_rates(m_c.db(), rates); });
  }

  void store_source_text(const std::string& sha256, std::string_view text) override {
    guarded(m_c, "write", [&] {
      auto& upd = m_c.prepared("UPDATE sources SET body = ?2 WHERE sha256 = ?1 AND body IS NULL");
      upd.bind(1, sha256);
      upd.bind(2, std::string(text));
      upd.exec();
      auto& ins = m_c.prepared(
          "INSERT INTO sources (sha256, body) SELECT ?1, ?2 WHERE NOT EXISTS "
          "(SELECT 1 FROM sources WHERE sha256 = ?1)");
      ins.bind(1, sha256);
      ins.bind(2, std::string(text));
      if (ins.exec() > 0) {
        journal_insert(m_c, {"sources", {{"id", m_c.db().getLastInsertRowid()}}, std::nullopt,
                             std::nullopt});
      }
    });
  }

  std::optional<std::string> claim_key(const std::string& key, const std::string& origin) override {
    return guarded(m_c, "write", [&] { return scratch().claim(key, origin); });
  }

  WriteStats stats() const override { return m_stats; }

  WriteStats commit() override {
    guarded(m_c, "write", [&] {
      m_writer.write_search_rows();
      m_bulk.restore();
      if (m_journaled) finish_operation(m_c, scratch());
      m_tx->commit();
    });
    return m_stats;
  }

 private:
  std::int64_t added(std::int64_t id) {
    ++m_stats.added;
    m_bulk.added(id);
    return id;
  }

  // An agreement as stored, with the rows this session still holds in its queue.
  std::optional<Agreement> stored(std::int64_t id) {
    m_writer.flush();
    return read_agreement_by_id(m_c, id);
  }

  Scratch& scratch() {
    if (!m_scratch) m_scratch = std::make_unique<Scratch>();
    return *m_scratch;
  }

  static std::unique_ptr<WriteTransaction> begin(Connection& c) {
    return guarded(c, "write", [&] { return std::make_unique<WriteTransaction>(c.db()); });
  }

  Connection& m_c;
  Organisations& m_organisations;
  AgreementWriter& m_writer;
  std::unique_ptr<WriteTransaction> m_tx;
  WriteStats m_stats;
  // The key the last find_key found no agreement for, while nothing has been written since
  // (so put() need not look it up again); empty otherwise.
  std::string m_absent_key;
  // The keys claimed and touched (scratch.hpp); opened when first needed.
  std::unique_ptr<Scratch> m_scratch;
  bool m_journaled = false;
  // The listing indexes, set aside during a large import (bulk_indexes.hpp).
  BulkIndexes m_bulk{m_c};
};

}  // namespace

std::unique_ptr<WriteSession> begin_write_session(Connection& c, Organisations& organisations,
                                                  AgreementWriter& writer,
                                                  const std::string& label) {
  return std::make_unique<SqliteWriteSession>(c, organisations, writer, label);
}

}  // namespace mtrack::sqlite
