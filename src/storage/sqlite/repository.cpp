// The SQLite backend of Repository: opening (connection.cpp, schema.cpp), reading agreements
// (rows.cpp, filter.cpp), organisations (organisations.cpp) and the write session
// (write_session.cpp, writes.cpp). Every SQL statement of mtrack is in this folder and the
// migrations in schema/; values are always bound, never spliced into SQL text.

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstring>

#include "mtrack/domain/history.hpp"
#include "mtrack/storage/repository.hpp"
#include "mtrack/util/error.hpp"
#include "storage/backends.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/filter.hpp"
#include "storage/sqlite/organisations.hpp"
#include "storage/sqlite/rates.hpp"
#include "storage/sqlite/rows.hpp"
#include "storage/sqlite/schema.hpp"
#include "storage/sqlite/spill.hpp"
#include "storage/sqlite/journal.hpp"
#include "storage/sqlite/write_session.hpp"
#include "storage/sqlite/writes.hpp"

namespace mtrack::sqlite {

namespace {

class SqliteRepository final : public Repository {
 public:
  SqliteRepository(const std::filesystem::path& path, Access access, const MineralTable* minerals)
      : m_c(path, access), m_organisations(m_c), m_writer(m_c, m_organisations) {
    // SQLite's exceptions go to open_sqlite (a lock is retried). A writing connection
    // refuses a damaged database there, before its first write (refuse_if_damaged).
    configure(m_c, minerals);
  }

  std::optional<Agreement> get(std::string_view id_or_key) override {
    return guarded(m_c, "read", [&]() -> std::optional<Agreement> {
      ReadSnapshot snapshot(m_c.db());
      const auto id = id_for(m_c, id_or_key);
      if (!id) return std::nullopt;
      return read_agreement_by_id(m_c, *id);
    });
  }

  void find(const Filter& filter, const std::function<void(const Agreement&)>& sink) override {
    guarded(m_c, "read", [&] {
      try {
        if (!filter.as_of.empty()) {
          find_as_of(filter, sink);
        } else if (filter.limit || filter.sort == SortKey::id) {
          // A listing with a limit stops early, and one in id order is in storage order.
          find_in_listing_order(filter, sink);
        } else {
          find_in_storage_order(filter, sink);
        }
      } catch (const SQLite::Exception& e) {
        malformed_search(filter, e);
        throw;
      }
    });
  }

  std::int64_t count(const Filter& filter) override {
    if (!filter.as_of.empty()) {
      std::int64_t n = 0;
      find(filter, [&](const Agreement&) { ++n; });
      return n;
    }
    return guarded(m_c, "read", [&] {
      std::vector<Bind> binds;
      SQLite::Statement q(m_c.db(), "SELECT count(*) FROM agreements a" + where_clause(filter, binds));
      bind_all(q, binds);
      try {
        q.executeStep();
      } catch (const SQLite::Exception& e) {
        malformed_search(filter, e);
        throw;
      }
      const std::int64_t n = q.getColumn(0).getInt64();
      return filter.limit ? std::min(n, *filter.limit) : n;
    });
  }

  std::string explain(const Filter& filter) override {
    return guarded(m_c, "read", [&] {
      std::vector<Bind> binds;
      SQLite::Statement q(m_c.db(), "EXPLAIN QUERY PLAN " + listing_sql(filter, binds));
      bind_all(q, binds);
      std::string out;
      while (q.executeStep()) out += q.getColumn(3).getString() + "\n";
      return out;
    });
  }

  std::vector<Organisation> organisations() override {
    return guarded(m_c, "read", [&] { return m_organisations.list(); });
  }

  std::optional<std::string> resolve_party(std::string_view name) override {
    return guarded(m_c, "read", [&]() -> std::optional<std::string> {
      if (auto found = m_organisations.find(name)) return found->name;
      return std::nullopt;
    });
  }

  std::vector<PartyAliases> learned_aliases(const std::vector<std::string>& names) override {
    return guarded(m_c, "read", [&] { return m_organisations.learned_aliases(names); });
  }

  std::optional<Organisation> organisation(std::string_view name_or_alias) override {
    return guarded(m_c, "read", [&]() -> std::optional<Organisation> {
      const auto found = m_organisations.find(name_or_alias);
      if (!found) return std::nullopt;
      for (auto& o : m_organisations.list()) {
        if (o.id == found->id) return std::move(o);
      }
      return std::nullopt;
    });
  }

  std::vector<PartyUse> party_uses(std::int64_t organisation_id) override {
    return guarded(m_c, "read", [&] { return m_organisations.uses(organisation_id); });
  }

  std::optional<std::string> source_text(const std::string& sha256) override {
    return guarded(m_c, "read", [&]() -> std::optional<std::string> {
      SQLite::Statement q(m_c.db(),
                          "SELECT body FROM sources WHERE sha256 = ? AND body IS NOT NULL "
                          "ORDER BY id LIMIT 1");
      q.bind(1, sha256);
      if (!q.executeStep()) return std::nullopt;
      const auto col = q.getColumn(0);
      return std::string(static_cast<const char*>(col.getBlob()),
                         static_cast<std::size_t>(col.getBytes()));
    });
  }

  std::vector<Rate> rates() override {
    return guarded(m_c, "read", [&] { return read_rates(m_c.db()); });
  }

  int schema_version() override {
    return guarded(m_c, "read",
                   [&] { return m_c.db().execAndGet("PRAGMA user_version").getInt(); });
  }

  // SQLite's full integrity check: besides the structure of every page (the quick check that
  // writers run), every index compared with its table, so a value changed in a table row
  // alone is found too. When it finds anything, the last line says how to recover.
  std::vector<std::string> integrity_problems() override {
    auto problems = guarded(m_c, "read", [&] { return sqlite::integrity_problems(m_c.db(), true); });
    if (!problems.empty()) problems.push_back("the database is damaged: " + damaged_advice(m_c.path()));
    return problems;
  }

  std::unique_ptr<WriteSession> begin_write() override {
    if (!m_c.writable()) {
      throw Error(fmt::format("internal error: '{}' was opened for reading only",
                              m_c.path().string()));
    }
    return begin_write_session(m_c, m_organisations, m_writer, m_label);
  }

  void label_writes(std::string command_line) override {
    if (!m_c.writable() || command_line.empty()) return;
    if (m_label.empty()) guarded(m_c, "write", [&] { install_journal(m_c); });
    m_label = std::move(command_line);
  }

  std::vector<Operation> operations(std::int64_t limit) override {
    return guarded(m_c, "read", [&] { return list_operations(m_c, limit); });
  }

  Operation undo(std::int64_t id) override {
    if (!m_c.writable()) {
      throw Error(fmt::format("internal error: '{}' was opened for reading only",
                              m_c.path().string()));
    }
    return guarded(m_c, "write", [&] {
      WriteTransaction tx(m_c.db());
      Operation op = undo_operation(m_c, id, [&](const std::vector<std::int64_t>& ids) {
        m_writer.reindex(ids);
      });
      tx.commit();
      return op;
    });
  }

 private:
  // FTS5 refuses a query it cannot parse when the listing runs: a usage error, not a failure.
  static void malformed_search(const Filter& filter, const SQLite::Exception& e) {
    if (filter.search.empty()) return;
    const std::string what = e.what();
    // FTS5's messages for a query it cannot parse (NEAR(a b, x): "expected integer, got").
    if (what.starts_with("fts5:") || what.find("unterminated string") != std::string::npos ||
        what.find("syntax error") != std::string::npos ||
        what.find("expected integer, got") != std::string::npos ||
        what.find("no such column") != std::string::npos) {
      throw UsageError(fmt::format("--search: cannot read the query '{}' ({})", filter.search,
                                   what));
    }
  }

  std::string listing_sql(const Filter& filter, std::vector<Bind>& binds) {
    std::string sql = "SELECT " + agreement_select_list() + " FROM agreements a" +
                      where_clause(filter, binds) + order_clause(filter);
    if (filter.limit) {
      sql += " LIMIT ?";
      binds.emplace_back(*filter.limit);
    }
    return sql;
  }

  // Reads each agreement as the listing reaches it (a chunk at a time): what a short listing
  // needs.
  void find_in_listing_order(const Filter& filter,
                             const std::function<void(const Agreement&)>& sink) {
    ReadSnapshot snapshot(m_c.db());
    std::vector<Bind> binds;
    SQLite::Statement q(m_c.db(), listing_sql(filter, binds));
    bind_all(q, binds);
    read_agreements(m_c, q, filter.detail, [&](Agreement& a) { sink(a); });
  }

  // A listing read in the order it is printed visits its agreements' pages at random: at a
  // million agreements nearly every child lookup misses the page cache. So the listing's ids
  // come first (from the index that orders them), then the agreements are read in id order,
  // the order of their pages, and spill::Sorter puts them back in listing order, in temporary
  // files when they outgrow its memory. All reads share one snapshot; the sink runs after it
  // ends.
  void find_in_storage_order(const Filter& filter,
                             const std::function<void(const Agreement&)>& sink) {
    spill::Sorter sorter;
    {
      ReadSnapshot snapshot(m_c.db());
      // Each agreement as (id << 32) | its place in the listing, so that sorting puts them in
      // id order and each still knows its place: 8 bytes an agreement.
      std::vector<std::uint64_t> places;
      {
        std::vector<Bind> binds;
        SQLite::Statement q(m_c.db(), "SELECT a.id FROM agreements a" +
                                          where_clause(filter, binds) + order_clause(filter));
        bind_all(q, binds);
        while (q.executeStep()) {
          const std::int64_t id = q.getColumn(0).getInt64();
          if (id < 0 || id > UINT32_MAX || places.size() > UINT32_MAX) {
            snapshot.end();
            find_in_listing_order(filter, sink);  // ids this large are not seen in practice
            return;
          }
          places.push_back(static_cast<std::uint64_t>(id) << 32 | places.size());
        }
      }
      if (places.empty()) return;
      std::sort(places.begin(), places.end());
      std::vector<std::int64_t> ids;
      std::vector<std::uint32_t> order;
      std::string bytes;
      const auto flush = [&] {
        std::size_t k = 0;
        read_agreements_by_id(m_c, ids, filter.detail, [&](Agreement& a) {
          while (k < ids.size() && ids[k] != *a.id) ++k;
          bytes.clear();
          spill::encode(a, bytes);
          sorter.add(order[k], bytes);
        });
        ids.clear();
        order.clear();
      };
      for (const std::uint64_t place : places) {
        ids.push_back(static_cast<std::int64_t>(place >> 32));
        order.push_back(static_cast<std::uint32_t>(place));
        if (ids.size() == ChildLoader::k_chunk) flush();
      }
      flush();
      snapshot.end();
    }
    sorter.drain([&](std::string_view bytes) { sink(spill::decode(bytes)); });
  }

  // The agreements that the filter's state-independent members select, read in storage
  // order, each taken as it stood on `filter.as_of` (history.hpp: as_of); the states that pass
  // the other members are put in the listing's order by spill::Sorter (bounded memory).
  void find_as_of(const Filter& filter, const std::function<void(const Agreement&)>& sink) {
    AsOfListing listing(filter);
    {
      ReadSnapshot snapshot(m_c.db());
      std::vector<Bind> binds;
      SQLite::Statement q(m_c.db(), listing_sql(state_independent(filter), binds));
      bind_all(q, binds);
      read_agreements(m_c, q, Detail::full, [&](Agreement& a) { listing.add(a); });
      snapshot.end();
    }
    listing.emit(sink);
  }


  Connection m_c;
  Organisations m_organisations;
  AgreementWriter m_writer;
  std::string m_label;  // label_writes: the operation the next write sessions journal
};

}  // namespace

std::unique_ptr<Repository> open_sqlite(const std::filesystem::path& path, Access access,
                                        const MineralTable* minerals) {
  // Opening reads the schema and may create or migrate it; a lock held by another process
  // through the whole busy timeout is retried like any other write.
  const auto open_as = [&](Access a) -> std::unique_ptr<Repository> {
    try {
      return with_lock_retry([&] { return std::make_unique<SqliteRepository>(path, a, minerals); });
    } catch (const SQLite::Exception& e) {
      fail(path, e, "open");
    }
  };
  try {
    return open_as(access);
  } catch (const NeedsUpgrade& e) {
    // A read of an old database upgrades it when the user may write the file.
    if (::access(path.c_str(), W_OK) != 0) throw Error(e.what());
  }
  open_as(Access::read_write);  // migrates (after a backup), then reads go read-only again
  return open_as(Access::read_only);
}

}  // namespace mtrack::sqlite
