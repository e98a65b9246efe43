#include "storage/sqlite/writes.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"
#include "storage/sqlite/journal.hpp"
#include "storage/sqlite/rows.hpp"

namespace mtrack::sqlite {

namespace {

template <class Q>
void bind_optional(Q& q, int index, const std::optional<std::int64_t>& v) {
  if (v)
    q.bind(index, *v);
  else
    q.bind(index);
}

// The table of "INSERT INTO t (...) ...".
std::string_view table_of(std::string_view insert) {
  insert.remove_prefix(std::string_view("INSERT INTO ").size());
  return insert.substr(0, insert.find(' '));
}

const std::string& insert_sql() {
  static const std::string sql = [] {
    std::vector<std::string> values;
    for (std::size_t i = 1; i <= k_agreement_columns.size(); ++i) {
      values.push_back(fmt::format("?{}", i));
    }
    return fmt::format("INSERT INTO agreements ({}) VALUES ({})",
                       text::join(k_agreement_columns, ", "), text::join(values, ", "));
  }();
  return sql;
}

const std::string& update_sql() {
  static const std::string sql = [] {
    std::vector<std::string> sets;
    for (std::size_t i = 0; i < k_agreement_columns.size(); ++i) {
      sets.push_back(fmt::format("{} = ?{}", k_agreement_columns[i], i + 1));
    }
    return fmt::format(
        "UPDATE agreements SET {}, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE "
        "id = ?{}",
        text::join(sets, ", "), k_agreement_columns.size() + 1);
  }();
  return sql;
}

}  // namespace

KeyLookup AgreementWriter::lookup() {
  return {[this](const std::string& key) { return id_for_key(m_c, key); },
          [this](const std::string& key) { return id_for_merged_key(m_c, key); }};
}

void AgreementWriter::check_keys_free(const Agreement& a, std::optional<std::int64_t> self,
                                      KeyChecked checked) {
  mtrack::check_keys_free(lookup(), a, self, checked == KeyChecked::yes);
}

void AgreementWriter::check_key_free(const std::string& key, std::optional<std::int64_t> self) {
  mtrack::check_key_free(lookup(), key, self);
}

std::vector<std::int64_t> AgreementWriter::organisation_ids(const Agreement& a) {
  std::vector<std::int64_t> out;
  out.reserve(a.parties.size());
  for (const auto& p : a.parties) out.push_back(m_organisations.id_for(p.name));
  return out;
}

std::int64_t AgreementWriter::insert(const Agreement& a, KeyChecked checked) {
  check_keys_free(a, std::nullopt, checked);
  const auto organisations = organisation_ids(a);
  auto& q = m_c.prepared(insert_sql().c_str());
  bind_agreement(q, a, duplicate_signature(a.type, organisations));
  q.exec();
  const std::int64_t id = m_c.db().getLastInsertRowid();
  journal_insert(m_c, {"agreements", {{"id", id}}, id, a.key});
  insert_children(id, a, organisations, false);
  index_later(id, true);
  if (m_unindexed_count >= k_index_batch) {
    write_search_rows();  // flushes too
  } else if (++m_queued_agreements >= k_batch) {
    flush();
  }
  return id;
}

void AgreementWriter::replace(std::int64_t id, const Agreement& a) {
  flush();
  check_keys_free(a, id, KeyChecked::no);
  const auto organisations = organisation_ids(a);
  auto& q = m_c.prepared(update_sql().c_str());
  bind_agreement(q, a, duplicate_signature(a.type, organisations));
  q.bind(k_agreement_column_count + 1, id);
  q.exec();
  for (const char* sql :
       {"DELETE FROM agreement_parties WHERE agreement_id = ?",
        "DELETE FROM agreement_minerals WHERE agreement_id = ?",
        "DELETE FROM agreement_stages WHERE agreement_id = ?",
        "DELETE FROM agreement_sources WHERE agreement_id = ?",
        "DELETE FROM evidence WHERE agreement_id = ?", "DELETE FROM events WHERE agreement_id = ?",
        "DELETE FROM related WHERE agreement_id = ?", "DELETE FROM tags WHERE agreement_id = ?",
        "DELETE FROM provenance WHERE agreement_id = ?",
        "DELETE FROM merged_keys WHERE agreement_id = ?"}) {
    auto& del = m_c.prepared(sql);
    del.bind(1, id);
    del.exec();
  }
  insert_children(id, a, organisations, true);
  index_later(id, false);
  if (m_unindexed_count >= k_index_batch) {
    write_search_rows();
  } else {
    flush();
  }
}

bool AgreementWriter::remove(std::int64_t id) {
  flush();
  auto& q = m_c.prepared("DELETE FROM agreements WHERE id = ?");
  q.bind(1, id);
  const bool removed = q.exec() > 0;
  auto& fts = m_c.prepared("DELETE FROM agreement_search WHERE rowid = ?");
  fts.bind(1, id);
  fts.exec();
  return removed;
}

void AgreementWriter::refresh(const std::vector<std::int64_t>& ids) {
  flush();
  read_agreements_by_id(m_c, ids, Detail::full, [&](Agreement& a) {
    auto& q = m_c.prepared("UPDATE agreements SET signature = ? WHERE id = ?");
    q.bind(1, duplicate_signature(a.type, organisation_ids(a)));
    q.bind(2, *a.id);
    q.exec();
  });
  for (const auto id : ids) index_later(id, false);
  write_search_rows();
}

void AgreementWriter::reindex(const std::vector<std::int64_t>& ids) {
  flush();
  auto& drop = m_c.prepared("DELETE FROM agreement_search WHERE rowid = ?");
  for (const auto id : ids) {
    drop.bind(1, id);
    drop.exec();
    drop.reset();
  }
  refresh(ids);
}

std::int64_t AgreementWriter::mineral_id(const std::string& name) {
  auto it = m_mineral_ids.find(name);
  if (it != m_mineral_ids.end()) return it->second;
  auto& q = m_c.prepared("SELECT id FROM minerals WHERE name = ?");
  q.bind(1, name);
  if (!q.executeStep()) throw Error(fmt::format("unknown mineral '{}'", name));
  const std::int64_t id = q.getColumn(0).getInt64();
  q.reset();
  m_mineral_ids.emplace(name, id);
  return id;
}

std::int64_t AgreementWriter::source_for(const Source& s) {
  // The same source is stored once: matched by hash, else URL, else title and publisher.
  // One statement per case, so that each is an index lookup.
  SQLite::Statement* lookup = nullptr;
  if (!s.sha256.empty()) {
    lookup = &m_c.prepared("SELECT id FROM sources WHERE sha256 = ? ORDER BY id LIMIT 1");
    lookup->bind(1, s.sha256);
  } else if (!s.url.empty()) {
    lookup =
        &m_c.prepared("SELECT id FROM sources WHERE url = ? AND +sha256 = '' ORDER BY id LIMIT 1");
    lookup->bind(1, s.url);
  } else {
    lookup = &m_c.prepared(
        "SELECT id FROM sources WHERE title = ? AND publisher = ? AND +url = '' "
        "AND +sha256 = '' ORDER BY id LIMIT 1");
    lookup->bind(1, s.title);
    lookup->bind(2, s.publisher);
  }
  const auto bind_fields = [&](SQLite::Statement& q, int at) {
    q.bind(at, s.title);
    q.bind(at + 1, s.publisher);
    q.bind(at + 2, s.url);
    if (s.published.empty())
      q.bind(at + 3);
    else
      q.bind(at + 3, s.published.str());
    q.bind(at + 4, s.sha256);
  };
  if (lookup->executeStep()) {
    const std::int64_t id = lookup->getColumn(0).getInt64();
    lookup->reset();
    auto& upd = m_c.prepared(
        "UPDATE sources SET title = ?2, publisher = ?3, url = ?4, published = ?5, sha256 = ?6 "
        "WHERE id = ?1");
    upd.bind(1, id);
    bind_fields(upd, 2);
    upd.exec();
    return id;
  }
  lookup->reset();
  auto& ins = m_c.prepared(
      "INSERT INTO sources (title, publisher, url, published, sha256) VALUES (?, ?, ?, ?, ?)");
  bind_fields(ins, 1);
  ins.exec();
  const std::int64_t id = m_c.db().getLastInsertRowid();
  journal_insert(m_c, {"sources", {{"id", id}}, std::nullopt, std::nullopt});
  return id;
}

void AgreementWriter::insert_children(std::int64_t id, const Agreement& a,
                                      const std::vector<std::int64_t>& organisations,
                                      bool journal) {
  // Every child row: agreement id, position, then its own values; queued (see flush()).
  const auto each = [&](const char* sql, std::size_t n, const auto& bind) {
    if (n == 0) return;
    auto& q = queue(sql);
    const std::string_view table = table_of(sql);
    for (std::size_t i = 0; i < n; ++i) {
      q.row();
      q.bind(1, id);
      q.bind(2, static_cast<std::int64_t>(i));
      bind(q, i);
      if (journal) {
        journal_insert(m_c, {table,
                             {{"agreement_id", id}, {"position", static_cast<std::int64_t>(i)}},
                             id, std::nullopt});
      }
    }
  };
  each("INSERT INTO agreement_parties (agreement_id, position, organisation_id, role, "
       "name_as_written) VALUES (?, ?, ?, ?, ?)",
       a.parties.size(), [&](auto& q, std::size_t i) {
         q.bind(3, organisations[i]);
         q.bind(4, std::string(to_string(a.parties[i].role)));
         bind_text_or_null(q, 5, a.parties[i].as_written);
       });
  each("INSERT INTO agreement_minerals (agreement_id, position, mineral_id) VALUES (?, ?, ?)",
       a.minerals.size(),
       [&](auto& q, std::size_t i) { q.bind(3, mineral_id(a.minerals[i])); });
  each("INSERT INTO agreement_stages (agreement_id, position, stage) VALUES (?, ?, ?)",
       a.stages.size(), [&](auto& q, std::size_t i) {
         q.bind(3, std::string(to_string(a.stages[i])));
       });
  if (!a.sources.empty()) {
    std::vector<std::int64_t> sources;
    for (const auto& s : a.sources) sources.push_back(source_for(s));
    each("INSERT INTO agreement_sources (agreement_id, position, source_id) VALUES (?, ?, ?)",
         sources.size(), [&](auto& q, std::size_t i) { q.bind(3, sources[i]); });
  }
  each("INSERT INTO evidence (agreement_id, position, text, source, start_offset, end_offset) "
       "VALUES (?, ?, ?, ?, ?, ?)",
       a.evidence.size(), [&](auto& q, std::size_t i) {
         const auto& e = a.evidence[i];
         q.bind(3, e.text);
         q.bind(4, e.source);
         bind_optional(q, 5, e.start);
         bind_optional(q, 6, e.end);
       });
  each("INSERT INTO events (agreement_id, position, date, status, note, source, value_minor, "
       "value_currency, value_approximate, value_as_written, ceiling_minor, ceiling_currency, "
       "ceiling_approximate, ceiling_as_written) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
       "?)",
       a.events.size(), [&](auto& q, std::size_t i) {
         const auto& e = a.events[i];
         if (e.date.empty())
           q.bind(3);
         else
           q.bind(3, e.date.str());
         if (e.status)
           q.bind(4, std::string(to_string(*e.status)));
         else
           q.bind(4);
         q.bind(5, e.note);
         q.bind(6, e.source);
         bind_money(q, 7, e.value);
         bind_money(q, 11, e.ceiling);
       });
  each("INSERT INTO related (agreement_id, position, key, relation) VALUES (?, ?, ?, ?)",
       a.related.size(), [&](auto& q, std::size_t i) {
         q.bind(3, a.related[i].key);
         q.bind(4, std::string(to_string(a.related[i].relation)));
       });
  each("INSERT INTO tags (agreement_id, position, tag) VALUES (?, ?, ?)", a.tags.size(),
       [&](auto& q, std::size_t i) { q.bind(3, a.tags[i]); });
  each("INSERT INTO provenance (agreement_id, position, field, source, rule, start_offset, "
       "end_offset, claim) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
       a.provenance.size(), [&](auto& q, std::size_t i) {
         const auto& p = a.provenance[i];
         q.bind(3, p.field);
         q.bind(4, p.source);
         q.bind(5, p.rule);
         bind_optional(q, 6, p.start);
         bind_optional(q, 7, p.end);
         q.bind(8, p.claim);
       });
  // merged_keys has (key, agreement_id, position), in that order.
  if (!a.merged_keys.empty()) {
    auto& q = m_c.prepared("INSERT INTO merged_keys (key, agreement_id, position) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < a.merged_keys.size(); ++i) {
      q.bind(1, a.merged_keys[i]);
      q.bind(2, id);
      q.bind(3, static_cast<std::int64_t>(i));
      q.exec();
      q.reset();
      if (journal) journal_insert(m_c, {"merged_keys", {{"key", a.merged_keys[i]}}, id, std::nullopt});
    }
  }
}

RowQueue& AgreementWriter::queue(const char* sql) {
  const auto found = m_queue_of.find(sql);
  if (found != m_queue_of.end()) return m_queues[found->second];
  // "INSERT INTO t (columns) VALUES (?, ...)": the head, and one column per '?'.
  const std::string text = sql;
  const std::string head = text.substr(0, text.find(" VALUES"));
  const auto columns = static_cast<int>(std::count(text.begin(), text.end(), '?'));
  m_queue_of.emplace(sql, m_queues.size());
  m_queues.emplace_back(head, columns);
  return m_queues.back();
}

void AgreementWriter::flush() {
  for (auto& q : m_queues) {
    if (!q.empty()) q.flush(m_c);
  }
  flush_journal(m_c);
  m_queued_agreements = 0;
}

void AgreementWriter::index_later(std::int64_t id, bool fresh) {
  if (!m_unindexed.empty() && m_unindexed.back().last + 1 == id &&
      m_unindexed.back().fresh == fresh) {
    m_unindexed.back().last = id;
  } else {
    m_unindexed.push_back({id, id, fresh});
  }
  ++m_unindexed_count;
}

namespace {

// The statement that writes the search rows of the agreements with ids from ?1 to ?2:
// title, notes, each party's canonical name then the name the agreement wrote it as, in
// order, and the evidence quotes, each list joined by line breaks. `verb`: a plain INSERT
// for agreements that have no search row yet (FTS5 then skips looking for one to delete),
// else INSERT OR REPLACE.
std::string search_rows_sql(std::string_view verb) {
  return fmt::format(
      "{} INTO agreement_search (rowid, title, notes, parties, evidence) "
      "SELECT a.id, a.title, a.notes, "
      "coalesce((SELECT group_concat(n, char(10)) FROM ("
      "SELECT o.name || CASE WHEN p.name_as_written <> '' THEN char(10) || p.name_as_written "
      "ELSE '' END AS n FROM agreement_parties p JOIN organisations o "
      "ON o.id = p.organisation_id WHERE p.agreement_id = a.id ORDER BY p.position)), ''), "
      "coalesce((SELECT group_concat(text, char(10)) FROM (SELECT e.text FROM evidence e "
      "WHERE e.agreement_id = a.id ORDER BY e.position)), '') "
      "FROM agreements a WHERE a.id BETWEEN ? AND ?",
      verb);
}

}  // namespace

void AgreementWriter::write_search_rows() {
  flush();
  if (m_unindexed.empty()) return;
  static const std::string k_insert = search_rows_sql("INSERT");
  static const std::string k_replace = search_rows_sql("INSERT OR REPLACE");
  for (const auto& run : m_unindexed) {
    auto& q = m_c.prepared(run.fresh ? k_insert.c_str() : k_replace.c_str());
    q.bind(1, run.first);
    q.bind(2, run.last);
    q.exec();
    q.reset();
  }
  m_unindexed.clear();
  m_unindexed_count = 0;
}

void AgreementWriter::discard() {
  for (auto& q : m_queues) q.clear();
  m_unindexed.clear();
  m_unindexed_count = 0;
  m_queued_agreements = 0;
}

}  // namespace mtrack::sqlite
