#include "storage/sqlite/rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "mtrack/domain/parse.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::sqlite {

namespace {

// The columns in bind order. Those marked derived are computed from the others (the filing
// date's day bounds, the duplicate signature) and are written, never read back.
struct Column {
  const char* name;
  bool derived;
};
constexpr Column k_columns[] = {
    {"key", false},           {"type", false},
    {"title", false},         {"status", false},
    {"binding", false},       {"value_minor", false},
    {"value_currency", false}, {"value_approximate", false},
    {"value_as_written", false}, {"ceiling_minor", false},
    {"ceiling_currency", false}, {"ceiling_approximate", false},
    {"ceiling_as_written", false}, {"term", false},
    {"announced", false},     {"signed", false},
    {"expires", false},       {"date_first", true},
    {"date_last", true},      {"site", false},
    {"region", false},        {"country", false},
    {"notes", false},         {"signature", true},
};
static_assert(std::size(k_columns) == k_agreement_column_count);

std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

PartialDate date_column(const SQLite::Column& c) {
  if (c.isNull()) return {};
  auto d = parse_partial_date(c.getString());
  return d ? d.value() : PartialDate{};
}

void bind_date(SQLite::Statement& q, int index, const PartialDate& d) {
  if (d.empty())
    q.bind(index);
  else
    q.bind(index, d.str());
}

std::optional<Money> money_columns(SQLite::Statement& q, int at) {
  if (q.getColumn(at).isNull()) return std::nullopt;
  Money m;
  m.minor = q.getColumn(at).getInt64();
  m.currency = q.getColumn(at + 1).getString();
  m.approximate = q.getColumn(at + 2).getInt() != 0;
  m.as_written = opt_text(q.getColumn(at + 3)).value_or("");
  return m;
}

// The name an agreement used for a party: empty when it is the canonical name (databases made
// before schema 4 hold the canonical name there).
std::string as_written_column(const SQLite::Column& c, const std::string& canonical) {
  if (c.isNull()) return {};
  std::string s = c.getString();
  return s == canonical ? std::string() : s;
}

// A child table: its query for a chunk of agreements (the first column is agreement_id, the
// IN list follows the text, rows come in agreement and position order) and how one row adds
// to its agreement.
struct ChildTable {
  const char* select;  // ends with "agreement_id IN "
  const char* order;   // the ORDER BY after the IN list
  void (*read)(SQLite::Statement& q, Agreement& a);
  bool in_summary;
};

const ChildTable k_children[] = {
    {"SELECT p.agreement_id, o.name, p.role, p.name_as_written FROM agreement_parties p "
     "JOIN organisations o ON o.id = p.organisation_id WHERE p.agreement_id IN ",
     " ORDER BY p.agreement_id, p.position",
     [](SQLite::Statement& q, Agreement& a) {
       std::string name = q.getColumn(1).getString();
       std::string written = as_written_column(q.getColumn(3), name);
       a.parties.emplace_back(std::move(name),
                              parse_role(q.getColumn(2).getString()).value_or(Role::other),
                              std::move(written));
     },
     true},
    {"SELECT am.agreement_id, m.name FROM agreement_minerals am JOIN minerals m "
     "ON m.id = am.mineral_id WHERE am.agreement_id IN ",
     " ORDER BY am.agreement_id, am.position",
     [](SQLite::Statement& q, Agreement& a) { a.minerals.push_back(q.getColumn(1).getString()); },
     true},
    {"SELECT agreement_id, stage FROM agreement_stages WHERE agreement_id IN ",
     " ORDER BY agreement_id, position",
     [](SQLite::Statement& q, Agreement& a) {
       if (auto s = parse_stage(q.getColumn(1).getString())) a.stages.push_back(*s);
     },
     false},
    {"SELECT x.agreement_id, s.title, s.publisher, s.url, s.published, s.sha256 FROM "
     "agreement_sources x JOIN sources s ON s.id = x.source_id WHERE x.agreement_id IN ",
     " ORDER BY x.agreement_id, x.position",
     [](SQLite::Statement& q, Agreement& a) {
       Source s;
       s.title = q.getColumn(1).getString();
       s.publisher = q.getColumn(2).getString();
       s.url = q.getColumn(3).getString();
       s.published = date_column(q.getColumn(4));
       s.sha256 = q.getColumn(5).getString();
       a.sources.push_back(std::move(s));
     },
     false},
    {"SELECT agreement_id, text, source, start_offset, end_offset FROM evidence "
     "WHERE agreement_id IN ",
     " ORDER BY agreement_id, position",
     [](SQLite::Statement& q, Agreement& a) {
       Evidence e;
       e.text = q.getColumn(1).getString();
       e.source = q.getColumn(2).getString();
       if (!q.getColumn(3).isNull()) e.start = q.getColumn(3).getInt64();
       if (!q.getColumn(4).isNull()) e.end = q.getColumn(4).getInt64();
       a.evidence.push_back(std::move(e));
     },
     false},
    {"SELECT agreement_id, date, status, note, source, value_minor, value_currency, "
     "value_approximate, value_as_written, ceiling_minor, ceiling_currency, "
     "ceiling_approximate, ceiling_as_written FROM events WHERE agreement_id IN ",
     " ORDER BY agreement_id, position",
     [](SQLite::Statement& q, Agreement& a) {
       Event e;
       e.date = date_column(q.getColumn(1));
       if (!q.getColumn(2).isNull()) e.status = parse_status(q.getColumn(2).getString());
       e.note = q.getColumn(3).getString();
       e.source = q.getColumn(4).getString();
       e.value = money_columns(q, 5);
       e.ceiling = money_columns(q, 9);
       a.events.push_back(std::move(e));
     },
     false},
    {"SELECT agreement_id, key, relation FROM related WHERE agreement_id IN ",
     " ORDER BY agreement_id, position",
     [](SQLite::Statement& q, Agreement& a) {
       a.related.push_back(
           {q.getColumn(1).getString(),
            parse_relation(q.getColumn(2).getString()).value_or(Relation::follows)});
     },
     false},
    {"SELECT agreement_id, tag FROM tags WHERE agreement_id IN ", " ORDER BY agreement_id, position",
     [](SQLite::Statement& q, Agreement& a) { a.tags.push_back(q.getColumn(1).getString()); },
     false},
    {"SELECT agreement_id, field, source, rule, start_offset, end_offset, claim FROM provenance "
     "WHERE agreement_id IN ",
     " ORDER BY agreement_id, position",
     [](SQLite::Statement& q, Agreement& a) {
       Provenance p;
       p.field = q.getColumn(1).getString();
       p.source = q.getColumn(2).getString();
       p.rule = q.getColumn(3).getString();
       if (!q.getColumn(4).isNull()) p.start = q.getColumn(4).getInt64();
       if (!q.getColumn(5).isNull()) p.end = q.getColumn(5).getInt64();
       p.claim = q.getColumn(6).getString();
       a.provenance.push_back(std::move(p));
     },
     false},
    {"SELECT agreement_id, key FROM merged_keys WHERE agreement_id IN ",
     " ORDER BY agreement_id, position",
     [](SQLite::Statement& q, Agreement& a) { a.merged_keys.push_back(q.getColumn(1).getString()); },
     false},
};

// "(?1, ?2, ..., ?n)"
std::string in_list(std::size_t n) {
  std::string out = "(";
  for (std::size_t i = 1; i <= n; ++i) {
    if (i > 1) out += ", ";
    out += fmt::format("?{}", i);
  }
  return out + ")";
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

void bind_agreement(SQLite::Statement& q, const Agreement& a, const std::string& signature) {
  int i = 1;
  q.bind(i++, a.key);
  q.bind(i++, std::string(to_string(a.type)));
  q.bind(i++, a.title);
  q.bind(i++, std::string(to_string(a.status)));
  if (a.binding)
    q.bind(i++, *a.binding ? 1 : 0);
  else
    q.bind(i++);
  bind_money(q, i, a.value);
  i += 4;
  bind_money(q, i, a.ceiling);
  i += 4;
  bind_text_or_null(q, i++, a.term);
  bind_date(q, i++, a.announced);
  bind_date(q, i++, a.signed_on);
  bind_date(q, i++, a.expires);
  if (a.date().empty()) {
    q.bind(i++);
    q.bind(i++);
  } else {
    q.bind(i++, a.date().first_day());
    q.bind(i++, a.date().last_day());
  }
  bind_text_or_null(q, i++, a.location.site);
  bind_text_or_null(q, i++, a.location.region);
  bind_text_or_null(q, i++, a.location.country);
  q.bind(i++, a.notes);
  q.bind(i++, signature);
}

Agreement read_agreement(SQLite::Statement& q) {
  Agreement a;
  int i = 0;
  a.id = q.getColumn(i++).getInt64();
  a.key = q.getColumn(i++).getString();
  a.type = parse_agreement_type(q.getColumn(i++).getString()).value_or(AgreementType::other);
  a.title = q.getColumn(i++).getString();
  a.status = parse_status(q.getColumn(i++).getString()).value_or(Status::unknown);
  if (!q.getColumn(i).isNull()) a.binding = q.getColumn(i).getInt() != 0;
  ++i;
  a.value = money_columns(q, i);
  i += 4;
  a.ceiling = money_columns(q, i);
  i += 4;
  a.term = opt_text(q.getColumn(i++)).value_or("");
  a.announced = date_column(q.getColumn(i++));
  a.signed_on = date_column(q.getColumn(i++));
  a.expires = date_column(q.getColumn(i++));
  a.location.site = opt_text(q.getColumn(i++)).value_or("");
  a.location.region = opt_text(q.getColumn(i++)).value_or("");
  a.location.country = opt_text(q.getColumn(i++)).value_or("");
  a.notes = q.getColumn(i++).getString();
  return a;
}

void ChildLoader::load(std::vector<Agreement>& chunk, Detail detail) {
  if (chunk.empty()) return;
  // Rows come in agreement id order; the chunk may be in any order.
  std::vector<std::pair<std::int64_t, Agreement*>> by_id;
  by_id.reserve(chunk.size());
  for (auto& a : chunk) by_id.emplace_back(*a.id, &a);
  std::sort(by_id.begin(), by_id.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  for (const auto& table : k_children) {
    if (detail == Detail::summary && !table.in_summary) continue;
    // One statement per table, always k_chunk placeholders: a smaller chunk repeats its
    // last id (an IN list is a set).
    auto& q = m_c.prepared(std::string(table.select) + in_list(k_chunk) + table.order);
    for (std::size_t i = 0; i < k_chunk; ++i) {
      q.bind(static_cast<int>(i) + 1, by_id[std::min(i, by_id.size() - 1)].first);
    }
    std::size_t at = 0;
    while (q.executeStep()) {
      const std::int64_t id = q.getColumn(0).getInt64();
      while (at < by_id.size() && by_id[at].first < id) ++at;
      if (at == by_id.size()) break;
      if (by_id[at].first == id) table.read(q, *by_id[at].second);
    }
  }
}

void read_agreements(Connection& c, SQLite::Statement& q, Detail detail,
                     const std::function<void(Agreement&)>& sink) {
  ChildLoader children(c);
  std::vector<Agreement> chunk;
  chunk.reserve(ChildLoader::k_chunk);
  const auto flush = [&] {
    children.load(chunk, detail);
    for (auto& a : chunk) sink(a);
    chunk.clear();
  };
  while (q.executeStep()) {
    chunk.push_back(read_agreement(q));
    if (chunk.size() == ChildLoader::k_chunk) flush();
  }
  flush();
}

void read_agreements_by_id(Connection& c, std::vector<std::int64_t> ids, Detail detail,
                           const std::function<void(Agreement&)>& sink) {
  std::sort(ids.begin(), ids.end());
  auto& q = c.prepared("SELECT " + agreement_select_list() + " FROM agreements a WHERE a.id IN " +
                       in_list(ChildLoader::k_chunk) + " ORDER BY a.id");
  ChildLoader children(c);
  std::vector<Agreement> chunk;
  for (std::size_t from = 0; from < ids.size(); from += ChildLoader::k_chunk) {
    const std::size_t to = std::min(ids.size(), from + ChildLoader::k_chunk);
    q.reset();
    for (std::size_t i = 0; i < ChildLoader::k_chunk; ++i) {
      q.bind(static_cast<int>(i) + 1, ids[std::min(from + i, to - 1)]);
    }
    while (q.executeStep()) chunk.push_back(read_agreement(q));
    children.load(chunk, detail);
    for (auto& a : chunk) sink(a);
    chunk.clear();
  }
}

std::optional<Agreement> read_agreement_by_id(Connection& c, std::int64_t id) {
  std::optional<Agreement> out;
  read_agreements_by_id(c, {id}, Detail::full, [&](Agreement& a) { out = std::move(a); });
  return out;
}

std::optional<std::int64_t> id_for_key(Connection& c, const std::string& key) {
  auto& q = c.prepared("SELECT id FROM agreements WHERE key = ?");
  q.bind(1, key);
  std::optional<std::int64_t> out;
  if (q.executeStep()) out = q.getColumn(0).getInt64();
  q.reset();
  return out;
}

std::optional<std::int64_t> id_for_merged_key(Connection& c, const std::string& key) {
  auto& q = c.prepared("SELECT agreement_id FROM merged_keys WHERE key = ?");
  q.bind(1, key);
  std::optional<std::int64_t> out;
  if (q.executeStep()) out = q.getColumn(0).getInt64();
  q.reset();
  return out;
}

std::optional<std::int64_t> id_for(Connection& c, std::string_view id_or_key) {
  const bool numeric = !id_or_key.empty() &&
                       id_or_key.find_first_not_of("0123456789") == std::string_view::npos &&
                       id_or_key.size() < 19;
  const std::string text(id_or_key);
  if (numeric) {
    auto& q = c.prepared("SELECT id FROM agreements WHERE id = ?");
    q.bind(1, static_cast<std::int64_t>(std::stoll(text)));
    std::optional<std::int64_t> out;
    if (q.executeStep()) out = q.getColumn(0).getInt64();
    q.reset();
    if (out) return out;
  }
  if (auto id = id_for_key(c, text)) return id;
  return id_for_merged_key(c, text);
}

}  // namespace mtrack::sqlite
