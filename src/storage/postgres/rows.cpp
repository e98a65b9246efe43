#include "storage/postgres/rows.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "mtrack/domain/parse.hpp"

namespace mtrack::postgres {

namespace {

// The columns in parameter order; derived ones (the filing date's day bounds, the duplicate
// signature) are written, never read back.
struct Column {
  const char* name;
  bool derived;
};
constexpr Column k_columns[] = {
    {"key", false},
    {"type", false},
    {"title", false},
    {"status", false},
    {"binding", false},
    {"value_minor", false},
    {"value_currency", false},
    {"value_approximate", false},
    {"value_as_written", false},
    {"ceiling_minor", false},
    {"ceiling_currency", false},
    {"ceiling_approximate", false},
    {"ceiling_as_written", false},
    {"term", false},
    {"announced", false},
    {"signed", false},
    {"expires", false},
    {"date_first", true},
    {"date_last", true},
    {"site", false},
    {"region", false},
    {"country", false},
    {"notes", false},
    {"signature", true},
};

PartialDate date_column(const Result& r, int row, int column) {
  if (r.null(row, column)) return {};
  auto d = parse_partial_date(r.view(row, column));
  return d ? d.value() : PartialDate{};
}

void money_params(Params& p, const std::optional<Money>& m) {
  if (m) {
    p.add(m->minor).add(m->currency).add(m->approximate).text_or_null(m->as_written);
  } else {
    p.null().null().add(false).null();
  }
}

std::optional<Money> money_columns(const Result& r, int row, int at) {
  if (r.null(row, at)) return std::nullopt;
  Money m;
  m.minor = r.int64(row, at);
  m.currency = r.text(row, at + 1);
  m.approximate = r.boolean(row, at + 2);
  m.as_written = r.opt_text(row, at + 3).value_or("");
  return m;
}

// A child table: its query for an array of agreement ids ($1), rows in agreement and
// position order, and how one row adds to its agreement.
struct ChildTable {
  const char* sql;
  void (*read)(const Result& r, int row, Agreement& a);
  bool in_summary;
};

const ChildTable k_children[] = {
    {"SELECT p.agreement_id, o.name, p.role, p.name_as_written FROM agreement_parties p JOIN "
     "organisations o ON o.id = p.organisation_id WHERE p.agreement_id = ANY ($1::bigint[]) "
     "ORDER BY p.agreement_id, p.position",
     [](const Result& r, int i, Agreement& a) {
       std::string name = r.text(i, 1);
       std::string written = r.opt_text(i, 3).value_or("");
       if (written == name) written.clear();
       a.parties.emplace_back(std::move(name), parse_role(r.view(i, 2)).value_or(Role::other),
                              std::move(written));
     },
     true},
    {"SELECT x.agreement_id, m.name FROM agreement_minerals x JOIN minerals m ON m.id = "
     "x.mineral_id WHERE x.agreement_id = ANY ($1::bigint[]) ORDER BY x.agreement_id, "
     "x.position",
     [](const Result& r, int i, Agreement& a) { a.minerals.push_back(r.text(i, 1)); }, true},
    {"SELECT agreement_id, stage FROM agreement_stages WHERE agreement_id = ANY ($1::bigint[]) "
     "ORDER BY agreement_id, position",
     [](const Result& r, int i, Agreement& a) {
       if (auto s = parse_stage(r.view(i, 1))) a.stages.push_back(*s);
     },
     false},
    {"SELECT x.agreement_id, s.title, s.publisher, s.url, s.published, s.sha256 FROM "
     "agreement_sources x JOIN sources s ON s.id = x.source_id WHERE x.agreement_id = ANY "
     "($1::bigint[]) ORDER BY x.agreement_id, x.position",
     [](const Result& r, int i, Agreement& a) {
       Source s;
       s.title = r.text(i, 1);
       s.publisher = r.text(i, 2);
       s.url = r.text(i, 3);
       s.published = date_column(r, i, 4);
       s.sha256 = r.text(i, 5);
       a.sources.push_back(std::move(s));
     },
     false},
    {"SELECT agreement_id, text, source, start_offset, end_offset FROM evidence WHERE "
     "agreement_id = ANY ($1::bigint[]) ORDER BY agreement_id, position",
     [](const Result& r, int i, Agreement& a) {
       Evidence e;
       e.text = r.text(i, 1);
       e.source = r.text(i, 2);
       e.start = r.opt_int64(i, 3);
       e.end = r.opt_int64(i, 4);
       a.evidence.push_back(std::move(e));
     },
     false},
    {"SELECT agreement_id, date, status, note, source, value_minor, value_currency, "
     "value_approximate, value_as_written, ceiling_minor, ceiling_currency, "
     "ceiling_approximate, ceiling_as_written FROM events WHERE agreement_id = ANY "
     "($1::bigint[]) ORDER BY agreement_id, position",
     [](const Result& r, int i, Agreement& a) {
       Event e;
       e.date = date_column(r, i, 1);
       if (!r.null(i, 2)) e.status = parse_status(r.view(i, 2));
       e.note = r.text(i, 3);
       e.source = r.text(i, 4);
       e.value = money_columns(r, i, 5);
       e.ceiling = money_columns(r, i, 9);
       a.events.push_back(std::move(e));
     },
     false},
    {"SELECT agreement_id, key, relation FROM related WHERE agreement_id = ANY ($1::bigint[]) "
     "ORDER BY agreement_id, position",
     [](const Result& r, int i, Agreement& a) {
       a.related.push_back(
           {r.text(i, 1), parse_relation(r.view(i, 2)).value_or(Relation::follows)});
     },
     false},
    {"SELECT agreement_id, tag FROM tags WHERE agreement_id = ANY ($1::bigint[]) ORDER BY "
     "agreement_id, position",
     [](const Result& r, int i, Agreement& a) { a.tags.push_back(r.text(i, 1)); }, false},
    {"SELECT agreement_id, field, source, rule, start_offset, end_offset, claim FROM provenance "
     "WHERE agreement_id = ANY ($1::bigint[]) ORDER BY agreement_id, position",
     [](const Result& r, int i, Agreement& a) {
       Provenance p;
       p.field = r.text(i, 1);
       p.source = r.text(i, 2);
       p.rule = r.text(i, 3);
       p.start = r.opt_int64(i, 4);
       p.end = r.opt_int64(i, 5);
       p.claim = r.text(i, 6);
       a.provenance.push_back(std::move(p));
     },
     false},
    {"SELECT agreement_id, key FROM merged_keys WHERE agreement_id = ANY ($1::bigint[]) ORDER "
     "BY agreement_id, position",
     [](const Result& r, int i, Agreement& a) { a.merged_keys.push_back(r.text(i, 1)); }, false},
};

std::optional<std::int64_t> first_id(Connection& c, const char* sql, const Params& p) {
  auto r = c.query(sql, p);
  if (r.rows() == 0) return std::nullopt;
  return r.int64(0, 0);
}

}  // namespace

const std::vector<std::string> k_agreement_columns = [] {
  std::vector<std::string> out;
  for (const auto& c : k_columns) out.emplace_back(c.name);
  return out;
}();

const std::string& agreement_select_list() {
  static const std::string list = [] {
    std::string out = "a.id";
    for (const auto& c : k_columns) {
      if (!c.derived) out += fmt::format(", a.{}", c.name);
    }
    return out;
  }();
  return list;
}

void agreement_params(Params& p, const Agreement& a, const std::string& signature) {
  p.add(a.key).add(to_string(a.type)).add(a.title).add(to_string(a.status));
  if (a.binding) {
    p.add(*a.binding);
  } else {
    p.null();
  }
  money_params(p, a.value);
  money_params(p, a.ceiling);
  p.text_or_null(a.term);
  for (const PartialDate* d : {&a.announced, &a.signed_on, &a.expires}) {
    if (d->empty()) {
      p.null();
    } else {
      p.add(d->str());
    }
  }
  if (a.date().empty()) {
    p.null().null();
  } else {
    p.add(std::int64_t{a.date().first_day()}).add(std::int64_t{a.date().last_day()});
  }
  p.text_or_null(a.location.site).text_or_null(a.location.region).text_or_null(a.location.country);
  p.add(a.notes).add(signature);
}

Agreement read_agreement(const Result& r, int row) {
  Agreement a;
  int i = 0;
  a.id = r.int64(row, i++);
  a.key = r.text(row, i++);
  a.type = parse_agreement_type(r.view(row, i++)).value_or(AgreementType::other);
  a.title = r.text(row, i++);
  a.status = parse_status(r.view(row, i++)).value_or(Status::unknown);
  if (!r.null(row, i)) a.binding = r.boolean(row, i);
  ++i;
  a.value = money_columns(r, row, i);
  i += 4;
  a.ceiling = money_columns(r, row, i);
  i += 4;
  a.term = r.opt_text(row, i++).value_or("");
  a.announced = date_column(r, row, i++);
  a.signed_on = date_column(r, row, i++);
  a.expires = date_column(r, row, i++);
  a.location.site = r.opt_text(row, i++).value_or("");
  a.location.region = r.opt_text(row, i++).value_or("");
  a.location.country = r.opt_text(row, i++).value_or("");
  a.notes = r.text(row, i++);
  return a;
}

void load_children(Connection& c, std::vector<Agreement>& chunk, Detail detail) {
  if (chunk.empty()) return;
  std::vector<std::pair<std::int64_t, Agreement*>> by_id;
  by_id.reserve(chunk.size());
  std::vector<std::int64_t> ids;
  for (auto& a : chunk) {
    by_id.emplace_back(*a.id, &a);
    ids.push_back(*a.id);
  }
  std::sort(by_id.begin(), by_id.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  Params params;
  params.array(ids);
  std::vector<std::pair<std::string, Params>> statements;
  std::vector<const ChildTable*> tables;
  for (const auto& table : k_children) {
    if (detail == Detail::summary && !table.in_summary) continue;
    statements.emplace_back(table.sql, params);
    tables.push_back(&table);
  }
  const auto results = c.pipeline(statements);
  for (std::size_t t = 0; t < tables.size(); ++t) {
    const Result& r = results[t];
    std::size_t at = 0;
    for (int i = 0; i < r.rows(); ++i) {
      const std::int64_t id = r.int64(i, 0);
      while (at < by_id.size() && by_id[at].first < id) ++at;
      if (at == by_id.size()) break;
      if (by_id[at].first == id) tables[t]->read(r, i, *by_id[at].second);
    }
  }
}

void read_agreements_by_id(Connection& c, std::vector<std::int64_t> ids, Detail detail,
                           const std::function<void(Agreement&)>& sink) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  const std::string sql = "SELECT " + agreement_select_list() +
                          " FROM agreements a WHERE a.id = ANY ($1::bigint[]) ORDER BY a.id";
  std::vector<Agreement> chunk;
  for (std::size_t from = 0; from < ids.size(); from += k_chunk) {
    const std::size_t to = std::min(ids.size(), from + k_chunk);
    auto r = c.query(sql, Params().array(std::vector<std::int64_t>(
                              ids.begin() + static_cast<std::ptrdiff_t>(from),
                              ids.begin() + static_cast<std::ptrdiff_t>(to))));
    for (int i = 0; i < r.rows(); ++i) chunk.push_back(read_agreement(r, i));
    load_children(c, chunk, detail);
    for (auto& a : chunk) sink(a);
    chunk.clear();
  }
}

std::optional<Agreement> read_agreement_by_id(Connection& c, std::int64_t id) {
  std::optional<Agreement> out;
  read_agreements_by_id(c, {id}, Detail::full, [&](Agreement& a) { out = std::move(a); });
  return out;
}

void stream_agreements(Connection& c, const std::string& sql, const Params& params, Detail detail,
                       const std::function<void(Agreement&)>& sink) {
  c.query_once("DECLARE mtrack_listing NO SCROLL CURSOR FOR " + sql, params);
  const std::string fetch = fmt::format("FETCH {} FROM mtrack_listing", k_chunk);
  std::vector<Agreement> chunk;
  for (;;) {
    auto r = c.query(fetch);
    for (int i = 0; i < r.rows(); ++i) chunk.push_back(read_agreement(r, i));
    load_children(c, chunk, detail);
    for (auto& a : chunk) sink(a);
    chunk.clear();
    if (r.rows() < static_cast<int>(k_chunk)) break;
  }
  c.exec("CLOSE mtrack_listing");
}

std::optional<std::int64_t> id_for_key(Connection& c, const std::string& key) {
  return first_id(c, "SELECT id FROM agreements WHERE key = $1", Params().add(key));
}

std::optional<std::int64_t> id_for_merged_key(Connection& c, const std::string& key) {
  return first_id(c, "SELECT agreement_id FROM merged_keys WHERE key = $1", Params().add(key));
}

std::optional<std::int64_t> id_for(Connection& c, std::string_view id_or_key) {
  const bool numeric = !id_or_key.empty() &&
                       id_or_key.find_first_not_of("0123456789") == std::string_view::npos &&
                       id_or_key.size() < 19;
  const std::string text(id_or_key);
  if (numeric) {
    if (auto id = first_id(c, "SELECT id FROM agreements WHERE id = $1",
                           Params().add(static_cast<std::int64_t>(std::stoll(text))))) {
      return id;
    }
  }
  // One statement for key and merged key: one round trip.
  return first_id(c,
                  "SELECT id FROM agreements WHERE key = $1 UNION ALL SELECT agreement_id FROM "
                  "merged_keys WHERE key = $1 LIMIT 1",
                  Params().add(text));
}

}  // namespace mtrack::postgres
