#include "storage/postgres/write_session.hpp"

#include <fmt/format.h>

#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"
#include "storage/postgres/journal.hpp"
#include "storage/postgres/rates.hpp"
#include "storage/postgres/rows.hpp"
#include "storage/postgres/schema.hpp"

namespace mtrack::postgres {

namespace {

class PgWriteSession final : public WriteSession {
 public:
  PgWriteSession(Connection& c, Organisations& organisations, AgreementWriter& writer,
                 WriteState& state, const std::string& label, bool alone)
      : m_c(c), m_organisations(organisations), m_writer(writer), m_state(state), m_label(label) {
    m_alone = alone || m_state.conflicts >= k_alone_after;
    // The write lock is taken before the transaction's snapshot: a session that waited for
    // one running alone sees what it stored.
    m_c.exec(fmt::format("SELECT {}({}, {})",
                         m_alone ? "pg_advisory_lock" : "pg_advisory_lock_shared", k_lock_space,
                         k_write_lock));
    m_locked = true;
    m_c.writing(true);
    try {
      guarded([&] {
        m_c.exec("BEGIN ISOLATION LEVEL SERIALIZABLE");
        m_open = true;
        if (!m_label.empty()) begin_operation(m_c);
        m_organisations.remember(true);
        return 0;
      });
    } catch (...) {
      end();
      throw;
    }
  }

  ~PgWriteSession() override { end(); }

  PgWriteSession(const PgWriteSession&) = delete;
  PgWriteSession& operator=(const PgWriteSession&) = delete;

  std::optional<Agreement> get(std::string_view id_or_key) override {
    return guarded([&]() -> std::optional<Agreement> {
      const auto id = id_for(m_c, id_or_key);
      if (!id) return std::nullopt;
      return read_agreement_by_id(m_c, *id);
    });
  }

  std::optional<Agreement> find_key(const std::string& key) override {
    return guarded([&]() -> std::optional<Agreement> {
      auto id = id_for_key(m_c, key);
      if (!id) id = id_for_merged_key(m_c, key);
      if (!id) {
        m_absent_key = key;
        return std::nullopt;
      }
      m_absent_key.clear();
      return read_agreement_by_id(m_c, *id);
    });
  }

  std::optional<std::string> resolve_party(std::string_view name) override {
    return guarded([&]() -> std::optional<std::string> {
      if (auto found = m_organisations.find(name)) return found->name;
      return std::nullopt;
    });
  }

  std::string free_key(const std::string& key) override {
    return guarded([&] {
      std::string candidate = key;
      for (int n = 2; id_for_key(m_c, candidate) || id_for_merged_key(m_c, candidate); ++n) {
        candidate = fmt::format("{}-{}", key, n);
      }
      return candidate;
    });
  }

  // As on SQLite: only records probable_duplicate (reconcile.hpp) could accept are loaded.
  // Reading them by signature is what makes two sessions storing the same deal conflict:
  // each reads the signature's range of the index that the other writes into.
  std::vector<Agreement> candidates(const Agreement& a, std::int64_t up_to) override {
    return guarded([&] {
      std::vector<Agreement> out;
      if (up_to <= 0 || a.parties.empty()) return out;
      std::vector<std::int64_t> organisations;
      for (const auto& p : a.parties) {
        const auto found = m_organisations.find(p.name);
        if (!found) return out;  // a new organisation: nothing stored can share its parties
        organisations.push_back(found->id);
      }
      Params params;
      params.add(duplicate_signature(a.type, organisations)).add(up_to);
      std::vector<std::string> alternatives;
      if (a.value) {
        alternatives.push_back(fmt::format("(a.value_currency = ${} AND a.value_minor = ${})",
                                           params.size() + 1, params.size() + 2));
        params.add(a.value->currency).add(a.value->minor);
      }
      if (!a.date().empty()) {
        alternatives.push_back(fmt::format("(a.date_first <= ${} AND a.date_last >= ${})",
                                           params.size() + 1, params.size() + 2));
        params.add(std::int64_t{a.date().last_day()}).add(std::int64_t{a.date().first_day()});
      }
      if (alternatives.empty()) return out;
      std::string sql =
          "SELECT a.id FROM agreements a WHERE a.signature = $1 AND a.id <= $2 AND (" +
          text::join(alternatives, " OR ") + ")";
      if (a.sources.empty()) {
        sql += " AND EXISTS (SELECT 1 FROM agreement_sources s WHERE s.agreement_id = a.id)";
      }
      auto r = m_c.query(sql, params);
      std::vector<std::int64_t> ids;
      for (int i = 0; i < r.rows(); ++i) ids.push_back(r.int64(i, 0));
      if (ids.empty()) return out;
      read_agreements_by_id(m_c, ids, Detail::full,
                            [&](Agreement& x) { out.push_back(std::move(x)); });
      return out;
    });
  }

  std::int64_t last_id() override {
    return guarded(
        [&] { return m_c.query("SELECT coalesce(max(id), 0) FROM agreements").int64(0, 0); });
  }

  std::int64_t put(const Agreement& a) override {
    return guarded([&] {
      if (!m_absent_key.empty() && a.key == m_absent_key) {
        m_absent_key.clear();
        ++m_stats.added;
        return m_writer.insert(a, true);
      }
      m_absent_key.clear();
      if (auto id = id_for_key(m_c, a.key)) {
        Agreement stored = *read_agreement_by_id(m_c, *id);
        stored.id.reset();
        if (stored == a) {
          ++m_stats.unchanged;
          return *id;
        }
        m_writer.replace(*id, a);
        ++m_stats.updated;
        return *id;
      }
      ++m_stats.added;
      return m_writer.insert(a);
    });
  }

  void replace(std::int64_t id, const Agreement& a) override {
    guarded([&] {
      m_absent_key.clear();
      m_writer.replace(id, a);
      ++m_stats.updated;
      return 0;
    });
  }

  bool remove(std::int64_t id) override {
    return guarded([&] {
      m_absent_key.clear();
      return m_writer.remove(id);
    });
  }

  void put_aliases(const PartyAliases& p) override {
    guarded([&] {
      m_absent_key.clear();
      m_organisations.put_aliases(p);
      return 0;
    });
  }

  void merge_organisations(std::string_view keep, std::string_view drop) override {
    guarded([&] {
      m_absent_key.clear();
      m_writer.refresh(m_organisations.merge(keep, drop));
      return 0;
    });
  }

  void put_rates(const std::vector<Rate>& rates) override {
    guarded([&] {
      postgres::put_rates(m_c, rates);
      return 0;
    });
  }

  void store_source_text(const std::string& sha256, std::string_view text) override {
    guarded([&] {
      Params p;
      p.add(sha256).bytes(text);
      m_c.pipeline(
          {{"UPDATE sources SET body = $2 WHERE sha256 = $1 AND body IS NULL", p},
           {"INSERT INTO sources (sha256, body) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM "
            "sources WHERE sha256 = $1)",
            p}});
      return 0;
    });
  }

  std::optional<std::string> claim_key(const std::string& key, const std::string& origin) override {
    return guarded([&]() -> std::optional<std::string> {
      if (!m_claims) {
        m_c.exec(
            "CREATE TEMP TABLE IF NOT EXISTS mtrack_claimed_keys (key text COLLATE \"C\" PRIMARY "
            "KEY, origin text NOT NULL) ON COMMIT DROP");
        m_claims = true;
      }
      auto r = m_c.query(
          "INSERT INTO mtrack_claimed_keys (key, origin) VALUES ($1, $2) ON CONFLICT (key) DO "
          "UPDATE SET origin = mtrack_claimed_keys.origin RETURNING origin",
          Params().add(key).add(origin));
      std::string was = r.text(0, 0);
      if (was == origin) return std::nullopt;
      return was;
    });
  }

  WriteStats stats() const override { return m_stats; }

  WriteStats commit() override {
    guarded([&] {
      if (!m_label.empty()) finish_operation(m_c, m_label);
      m_c.committing(true);
      m_c.exec("COMMIT");
      m_c.committing(false);
      m_open = false;
      return 0;
    });
    m_state.conflicts = 0;
    // Under the write lock still: an undo, which runs alone, never meets a prune.
    if (!m_label.empty()) prune_operations(m_c);
    try {
      m_c.exec("SELECT pg_advisory_unlock_all()");
      m_locked = false;
    } catch (const Error&) {  // NOLINT(bugprone-empty-catch): stored; the lock goes with the
    }                         // connection
    return m_stats;
  }

 private:
  // Rolls back what is not committed and releases the write lock.
  void end() noexcept {
    m_organisations.remember(false);
    m_writer.forget();
    m_c.writing(false);
    if (!m_c.alive()) return;  // the server ended the transaction and released the lock
    try {
      if (m_open) m_c.exec("ROLLBACK");
      m_open = false;
      if (m_locked) m_c.exec("SELECT pg_advisory_unlock_all()");
      m_locked = false;
    } catch (...) {  // NOLINT(bugprone-empty-catch): the connection is closed with the repository
    }
  }

  // Runs a step of the session. A conflict with another writer (a serialization failure, a
  // deadlock, or a key another session stored first) ends the session as WriteConflict and
  // counts towards running alone.
  template <typename Step>
  auto guarded(Step&& step) -> decltype(step()) {
    try {
      return step();
    } catch (const WriteConflict&) {
      ++m_state.conflicts;
      throw;
    } catch (const ServerError& e) {
      if (e.state() != sqlstate::unique_violation) throw;
      ++m_state.conflicts;
      throw WriteConflict(e.what());
    }
  }

  Connection& m_c;
  Organisations& m_organisations;
  AgreementWriter& m_writer;
  WriteState& m_state;
  std::string m_label;
  bool m_alone = false;
  bool m_locked = false;
  bool m_open = false;
  WriteStats m_stats;
  std::string m_absent_key;
  bool m_claims = false;
};

}  // namespace

std::unique_ptr<WriteSession> begin_write_session(Connection& c, Organisations& organisations,
                                                  AgreementWriter& writer, WriteState& state,
                                                  const std::string& label, bool alone) {
  return std::make_unique<PgWriteSession>(c, organisations, writer, state, label, alone);
}

}  // namespace mtrack::postgres
