// The PostgreSQL backend of Repository: connecting (connection.cpp), the schema and its
// migrations (schema.cpp, schema/postgres/), reading agreements (rows.cpp, filter.cpp,
// search.cpp), organisations (organisations.cpp) and the write session (write_session.cpp,
// writes.cpp). Values are always bound, never spliced into SQL text.

#include <fmt/format.h>

#include <algorithm>

#include "mtrack/domain/history.hpp"
#include "mtrack/storage/repository.hpp"
#include "mtrack/util/error.hpp"
#include "storage/backends.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/filter.hpp"
#include "storage/postgres/journal.hpp"
#include "storage/postgres/organisations.hpp"
#include "storage/postgres/rates.hpp"
#include "storage/postgres/rows.hpp"
#include "storage/postgres/schema.hpp"
#include "storage/postgres/write_session.hpp"
#include "storage/postgres/writes.hpp"
#include "storage/shared.hpp"
#include "storage/sqlite/spill.hpp"

namespace mtrack::postgres {

namespace {

class PgRepository final : public Repository {
 public:
  PgRepository(const std::string& locator, Access access, const MineralTable* minerals)
      : m_c(locator), m_access(access), m_organisations(m_c), m_writer(m_c, m_organisations) {
    configure(m_c, access, minerals);
  }

  std::optional<Agreement> get(std::string_view id_or_key) override {
    ReadTransaction tx(m_c);
    const auto id = id_for(m_c, id_or_key);
    if (!id) return std::nullopt;
    return read_agreement_by_id(m_c, *id);
  }

  void find(const Filter& filter, const std::function<void(const Agreement&)>& sink) override {
    searching(filter, [&] {
      if (!filter.as_of.empty()) {
        find_as_of(filter, sink);
        return;
      }
      ReadTransaction tx(m_c);
      Params params;
      const std::string sql = listing_sql(filter, params);
      stream_agreements(m_c, sql, params, filter.detail, [&](Agreement& a) { sink(a); });
    });
  }

  std::int64_t count(const Filter& filter) override {
    if (!filter.as_of.empty()) {
      std::int64_t n = 0;
      find(filter, [&](const Agreement&) { ++n; });
      return n;
    }
    std::int64_t n = 0;
    searching(filter, [&] {
      Params params;
      const std::string where = where_clause(filter, params);
      n = m_c.query_once("SELECT count(*) FROM agreements a" + where, params).int64(0, 0);
    });
    return filter.limit ? std::min(n, *filter.limit) : n;
  }

  std::string explain(const Filter& filter) override {
    std::string out;
    searching(filter, [&] {
      Params params;
      const std::string sql = listing_sql(filter, params);
      auto r = m_c.query_once("EXPLAIN " + sql, params);
      for (int i = 0; i < r.rows(); ++i) out += r.text(i, 0) + "\n";
    });
    return out;
  }

  std::vector<Organisation> organisations() override { return m_organisations.list(); }

  std::optional<std::string> resolve_party(std::string_view name) override {
    if (auto found = m_organisations.find(name)) return found->name;
    return std::nullopt;
  }

  std::vector<PartyAliases> learned_aliases(const std::vector<std::string>& names) override {
    return m_organisations.learned_aliases(names);
  }

  std::optional<Organisation> organisation(std::string_view name_or_alias) override {
    ReadTransaction tx(m_c);
    const auto found = m_organisations.find(name_or_alias);
    if (!found) return std::nullopt;
    for (auto& o : m_organisations.list()) {
      if (o.id == found->id) return std::move(o);
    }
    return std::nullopt;
  }

  std::vector<PartyUse> party_uses(std::int64_t organisation_id) override {
    return m_organisations.uses(organisation_id);
  }

  std::optional<std::string> source_text(const std::string& sha256) override {
    auto r = m_c.query(
        "SELECT body FROM sources WHERE sha256 = $1 AND body IS NOT NULL ORDER BY id LIMIT 1",
        Params().add(sha256));
    if (r.rows() == 0) return std::nullopt;
    return r.bytes(0, 0);
  }

  std::vector<Rate> rates() override {
    ReadTransaction tx(m_c);
    return read_rates(m_c);
  }

  int schema_version() override { return postgres::schema_version(m_c); }

  // The server keeps its own pages sound (checksums, WAL); what mtrack can check is that
  // its rows agree with each other.
  std::vector<std::string> integrity_problems() override {
    std::vector<std::string> out;
    auto r = m_c.query(
        "SELECT (SELECT count(*) FROM agreements a WHERE NOT EXISTS (SELECT 1 FROM "
        "agreement_search s WHERE s.agreement_id = a.id)), (SELECT count(*) FROM agreements a "
        "WHERE a.signature NOT LIKE a.type || ':%')");
    if (r.int64(0, 0) > 0) {
      out.push_back(fmt::format("{} agreements have no search document", r.int64(0, 0)));
    }
    if (r.int64(0, 1) > 0) {
      out.push_back(fmt::format("{} agreements have a signature of another type", r.int64(0, 1)));
    }
    return out;
  }

  std::unique_ptr<WriteSession> begin_write() override {
    if (m_access == Access::read_only) {
      throw Error(
          fmt::format("internal error: {} was opened for reading only", m_c.display()));
    }
    return begin_write_session(m_c, m_organisations, m_writer, m_state, m_label);
  }

  void label_writes(std::string command_line) override {
    if (m_access == Access::read_only || command_line.empty()) return;
    if (m_label.empty()) install_journal(m_c);
    m_label = std::move(command_line);
  }

  std::vector<Operation> operations(std::int64_t limit) override {
    ReadTransaction tx(m_c);
    return list_operations(m_c, limit);
  }

  // Runs alone (the write lock held exclusively): no session commits while it checks that
  // the operation is the newest and reverts it, and a session that started before has ended.
  Operation undo(std::int64_t id) override {
    if (m_access == Access::read_only) {
      throw Error(
          fmt::format("internal error: {} was opened for reading only", m_c.display()));
    }
    return with_write_retry([&] {
      auto session = begin_write_session(m_c, m_organisations, m_writer, m_state, "", true);
      Operation op = undo_operation(
          m_c, id, [&](const std::vector<std::int64_t>& ids) { m_writer.refresh(ids); });
      session->commit();
      return op;
    });
  }

 private:
  // Runs a read that applies `filter`; a search the server cannot read is a usage error.
  template <typename Step>
  void searching(const Filter& filter, Step&& step) {
    try {
      step();
    } catch (const ServerError& e) {
      if (filter.search.empty() || e.state() != sqlstate::syntax_error) throw;
      throw UsageError(
          fmt::format("--search: cannot read the query '{}' ({})", filter.search, e.what()));
    }
  }

  static std::string listing_sql(const Filter& filter, Params& params) {
    std::string sql = "SELECT " + agreement_select_list() + " FROM agreements a" +
                      where_clause(filter, params) + order_clause(filter);
    if (filter.limit) {
      sql += fmt::format(" LIMIT ${}", params.size() + 1);
      params.add(*filter.limit);
    }
    return sql;
  }

  // The agreements that the filter's state-independent members select, each taken as it
  // stood on `filter.as_of`; the states that pass the other members are put in the listing's
  // order by spill::Sorter (bounded memory).
  void find_as_of(const Filter& filter, const std::function<void(const Agreement&)>& sink) {
    AsOfListing listing(filter);
    {
      ReadTransaction tx(m_c);
      Params params;
      const std::string sql = listing_sql(state_independent(filter), params);
      stream_agreements(m_c, sql, params, Detail::full, [&](Agreement& a) { listing.add(a); });
    }
    listing.emit(sink);
  }


  Connection m_c;
  Access m_access;
  Organisations m_organisations;
  AgreementWriter m_writer;
  WriteState m_state;
  std::string m_label;  // label_writes: the operation the next write sessions journal
};

}  // namespace

std::unique_ptr<Repository> open_postgres(const std::string& locator, Access access,
                                          const MineralTable* minerals) {
  return std::make_unique<PgRepository>(locator, access, minerals);
}

}  // namespace mtrack::postgres
