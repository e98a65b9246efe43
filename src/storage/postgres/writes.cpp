#include "storage/postgres/writes.hpp"

#include <fmt/format.h>

#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"
#include "storage/postgres/rows.hpp"

namespace mtrack::postgres {

namespace {

using Texts = std::vector<std::optional<std::string>>;

// A child table as one INSERT ... SELECT over arrays ($n each, in order), every row numbered
// by its place (position from 0).
struct ChildInsert {
  const char* table;
  const char* columns;  // after agreement_id, position
  std::vector<const char*> types;
};

const ChildInsert k_child_inserts[] = {
    {"agreement_parties", "organisation_id, role, name_as_written", {"bigint", "text", "text"}},
    {"agreement_minerals", "mineral_id", {"bigint"}},
    {"agreement_stages", "stage", {"text"}},
    {"agreement_sources", "source_id", {"bigint"}},
    {"evidence", "text, source, start_offset, end_offset", {"text", "text", "bigint", "bigint"}},
    {"events",
     "date, status, note, source, value_minor, value_currency, value_approximate, "
     "value_as_written, ceiling_minor, ceiling_currency, ceiling_approximate, ceiling_as_written",
     {"text", "text", "text", "text", "bigint", "text", "boolean", "text", "bigint", "text",
      "boolean", "text"}},
    {"related", "key, relation", {"text", "text"}},
    {"tags", "tag", {"text"}},
    {"provenance",
     "field, source, rule, start_offset, end_offset, claim",
     {"text", "text", "text", "bigint", "bigint", "text"}},
};

// The statement's WITH items that insert every child row and the search document of the
// agreement `a` (a CTE with an `id` column), from parameter $first on.
std::string children_ctes(int first) {
  std::string out;
  int n = first;
  int item = 0;
  for (const auto& child : k_child_inserts) {
    std::vector<std::string> arrays, names;
    for (std::size_t i = 0; i < child.types.size(); ++i) {
      arrays.push_back(fmt::format("${}::{}[]", n++, child.types[i]));
      names.push_back(fmt::format("c{}", i));
    }
    out += fmt::format(
        ", k{0} AS (INSERT INTO {1} (agreement_id, position, {2}) SELECT a.id, x.n - 1, {3} "
        "FROM a, unnest({4}) WITH ORDINALITY AS x({3}, n))",
        item++, child.table, child.columns, text::join(names, ", "), text::join(arrays, ", "));
  }
  // merged_keys holds (key, agreement_id, position).
  out += fmt::format(
      ", k{} AS (INSERT INTO merged_keys (key, agreement_id, position) SELECT x.key, a.id, x.n - "
      "1 FROM a, unnest(${}::text[]) WITH ORDINALITY AS x(key, n))",
      item++, n++);
  out += fmt::format(
      ", k{} AS (INSERT INTO agreement_search (agreement_id, document) SELECT a.id, "
      "setweight(to_tsvector('mtrack_search', ${}::text), 'A') || "
      "setweight(to_tsvector('mtrack_search', ${}::text), 'B') || "
      "setweight(to_tsvector('mtrack_search', ${}::text), 'C') || "
      "setweight(to_tsvector('mtrack_search', ${}::text), 'D') FROM a ON CONFLICT (agreement_id) "
      "DO UPDATE SET document = excluded.document)",
      item++, n, n + 1, n + 2, n + 3);
  return out;
}

const std::string& insert_sql() {
  static const std::string sql = [] {
    std::vector<std::string> values;
    for (std::size_t i = 1; i <= k_agreement_columns.size(); ++i) {
      values.push_back(fmt::format("${}", i));
    }
    return fmt::format(
        "WITH a AS (INSERT INTO agreements ({}) VALUES ({}) RETURNING id){} SELECT "
        "id FROM a",
        text::join(k_agreement_columns, ", "), text::join(values, ", "),
        children_ctes(static_cast<int>(k_agreement_columns.size()) + 1));
  }();
  return sql;
}

// Updates the agreement ($1 ... its columns, then its id) and deletes its children, in one
// statement; replace_children_sql then inserts the new ones (two statements: the order of a
// DELETE and an INSERT of the same keys within one is not defined).
const std::string& update_sql() {
  static const std::string sql = [] {
    std::vector<std::string> values;
    for (std::size_t i = 1; i <= k_agreement_columns.size(); ++i) {
      values.push_back(fmt::format("${}", i));
    }
    const std::size_t id = k_agreement_columns.size() + 1;
    std::string deletes;
    int item = 0;
    for (const char* table :
         {"agreement_parties", "agreement_minerals", "agreement_stages", "agreement_sources",
          "evidence", "events", "related", "tags", "provenance", "merged_keys"}) {
      deletes += fmt::format("{}d{} AS (DELETE FROM {} WHERE agreement_id = ${})",
                             item ? ", " : "WITH ", item, table, id);
      ++item;
    }
    return fmt::format("{} UPDATE agreements SET ({}) = ({}), updated_at = now() WHERE id = ${}",
                       deletes, text::join(k_agreement_columns, ", "), text::join(values, ", "),
                       id);
  }();
  return sql;
}

const std::string& replace_children_sql() {
  static const std::string sql =
      "WITH a AS (SELECT $1::bigint AS id)" + children_ctes(2) + " SELECT id FROM a";
  return sql;
}

std::optional<std::string> opt(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

std::optional<std::string> text_or_null(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// What --search looks in, as four texts: the title, the notes, the parties under their
// canonical names and the names the agreement used, the evidence.
void search_params(Params& p, const Agreement& a) {
  std::vector<std::string> names, texts;
  for (const auto& party : a.parties) {
    names.push_back(party.name);
    if (!party.as_written.empty()) names.push_back(party.as_written);
  }
  for (const auto& e : a.evidence) texts.push_back(e.text);
  p.add(a.title).add(a.notes).add(text::join(names, "\n")).add(text::join(texts, "\n"));
}

}  // namespace

KeyLookup AgreementWriter::lookup() {
  return {[this](const std::string& key) { return id_for_key(m_c, key); },
          [this](const std::string& key) { return id_for_merged_key(m_c, key); }};
}

std::vector<std::int64_t> AgreementWriter::organisation_ids(const Agreement& a) {
  std::vector<std::int64_t> out;
  out.reserve(a.parties.size());
  for (const auto& p : a.parties) out.push_back(m_organisations.id_for(p.name));
  return out;
}

std::int64_t AgreementWriter::mineral_id(const std::string& name) {
  if (m_mineral_ids.empty()) {
    auto r = m_c.query("SELECT name, id FROM minerals");
    for (int i = 0; i < r.rows(); ++i) m_mineral_ids.emplace(r.text(i, 0), r.int64(i, 1));
  }
  auto it = m_mineral_ids.find(name);
  if (it == m_mineral_ids.end()) throw Error(fmt::format("unknown mineral '{}'", name));
  return it->second;
}

std::int64_t AgreementWriter::source_for(const Source& s) {
  // The same source is stored once: matched by hash, else URL, else title and publisher (one
  // condition each, so that each is an index lookup); updated when found, else inserted, in
  // one statement.
  const char* match = nullptr;
  Params p;
  p.add(s.title).add(s.publisher).add(s.url);
  if (s.published.empty()) {
    p.null();
  } else {
    p.add(s.published.str());
  }
  p.add(s.sha256);
  if (!s.sha256.empty()) {
    match = "sha256 = $5";
  } else if (!s.url.empty()) {
    match = "url = $3 AND sha256 = ''";
  } else {
    match = "title = $1 AND publisher = $2 AND url = '' AND sha256 = ''";
  }
  auto r = m_c.query(
      fmt::format("WITH found AS (SELECT id FROM sources WHERE {} ORDER BY id LIMIT 1), "
                  "changed AS (UPDATE sources SET title = $1, publisher = $2, url = $3, "
                  "published = $4, sha256 = $5 WHERE id = (SELECT id FROM found) RETURNING id), "
                  "added AS (INSERT INTO sources (title, publisher, url, published, sha256) "
                  "SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id) "
                  "SELECT id FROM changed UNION ALL SELECT id FROM added",
                  match),
      p);
  return r.int64(0, 0);
}

void AgreementWriter::children_params(Params& p, const Agreement& a,
                                      const std::vector<std::int64_t>& organisations) {
  Texts role, written;
  for (const auto& party : a.parties) {
    role.emplace_back(std::string(to_string(party.role)));
    written.push_back(text_or_null(party.as_written));
  }
  p.array(organisations).array(role).array(written);
  std::vector<std::int64_t> minerals;
  for (const auto& m : a.minerals) minerals.push_back(mineral_id(m));
  p.array(minerals);
  Texts stages;
  for (const auto s : a.stages) stages.emplace_back(std::string(to_string(s)));
  p.array(stages);
  std::vector<std::int64_t> sources;
  for (const auto& s : a.sources) sources.push_back(source_for(s));
  p.array(sources);
  Texts ev_text, ev_source, ev_start, ev_end;
  for (const auto& e : a.evidence) {
    ev_text.push_back(e.text);
    ev_source.push_back(e.source);
    ev_start.push_back(opt(e.start));
    ev_end.push_back(opt(e.end));
  }
  p.array(ev_text).array(ev_source).array(ev_start).array(ev_end);
  std::vector<Texts> events(12);
  for (const auto& e : a.events) {
    events[0].push_back(e.date.empty() ? std::nullopt : std::optional(e.date.str()));
    events[1].push_back(e.status ? std::optional(std::string(to_string(*e.status))) : std::nullopt);
    events[2].push_back(e.note);
    events[3].push_back(e.source);
    std::size_t at = 4;
    for (const auto* m : {&e.value, &e.ceiling}) {
      events[at++].push_back(*m ? opt((*m)->minor) : std::nullopt);
      events[at++].push_back(*m ? std::optional((*m)->currency) : std::nullopt);
      events[at++].push_back(std::string(*m && (*m)->approximate ? "t" : "f"));
      events[at++].push_back(*m ? text_or_null((*m)->as_written) : std::nullopt);
    }
  }
  for (const auto& column : events) p.array(column);
  Texts rel_key, rel_relation;
  for (const auto& r : a.related) {
    rel_key.push_back(r.key);
    rel_relation.emplace_back(std::string(to_string(r.relation)));
  }
  p.array(rel_key).array(rel_relation);
  p.array(Texts(a.tags.begin(), a.tags.end()));
  std::vector<Texts> prov(6);
  for (const auto& x : a.provenance) {
    prov[0].push_back(x.field);
    prov[1].push_back(x.source);
    prov[2].push_back(x.rule);
    prov[3].push_back(opt(x.start));
    prov[4].push_back(opt(x.end));
    prov[5].push_back(x.claim);
  }
  for (const auto& column : prov) p.array(column);
  p.array(Texts(a.merged_keys.begin(), a.merged_keys.end()));
  search_params(p, a);
}

std::int64_t AgreementWriter::insert(const Agreement& a, bool key_checked) {
  check_keys_free(lookup(), a, std::nullopt, key_checked);
  const auto organisations = organisation_ids(a);
  Params p;
  agreement_params(p, a, duplicate_signature(a.type, organisations));
  children_params(p, a, organisations);
  return m_c.query(insert_sql(), p).int64(0, 0);
}

void AgreementWriter::replace(std::int64_t id, const Agreement& a) {
  check_keys_free(lookup(), a, id, false);
  const auto organisations = organisation_ids(a);
  Params update;
  agreement_params(update, a, duplicate_signature(a.type, organisations));
  update.add(id);
  Params children;
  children.add(id);
  children_params(children, a, organisations);
  m_c.pipeline({{update_sql(), std::move(update)}, {replace_children_sql(), std::move(children)}});
}

bool AgreementWriter::remove(std::int64_t id) {
  return m_c.query("DELETE FROM agreements WHERE id = $1", Params().add(id)).affected() > 0;
}

void AgreementWriter::refresh(const std::vector<std::int64_t>& ids) {
  std::vector<Agreement> changed;
  read_agreements_by_id(m_c, ids, Detail::full,
                        [&](Agreement& a) { changed.push_back(std::move(a)); });
  for (const auto& a : changed) {
    Params search;
    search.add(*a.id);
    search_params(search, a);
    m_c.pipeline({{"UPDATE agreements SET signature = $2 WHERE id = $1",
                   Params().add(*a.id).add(duplicate_signature(a.type, organisation_ids(a)))},
                  {"INSERT INTO agreement_search (agreement_id, document) VALUES ($1, "
                   "setweight(to_tsvector('mtrack_search', $2::text), 'A') || "
                   "setweight(to_tsvector('mtrack_search', $3::text), 'B') || "
                   "setweight(to_tsvector('mtrack_search', $4::text), 'C') || "
                   "setweight(to_tsvector('mtrack_search', $5::text), 'D')) ON CONFLICT "
                   "(agreement_id) DO UPDATE SET document = excluded.document",
                   std::move(search)}});
  }
}

}  // namespace mtrack::postgres
