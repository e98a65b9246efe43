#include "storage/postgres/filter.hpp"

#include <fmt/format.h>

#include "mtrack/util/text.hpp"
#include "storage/postgres/search.hpp"

namespace mtrack::postgres {

namespace {

std::string like_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

template <typename T, typename Name>
std::vector<std::optional<std::string>> names(const std::vector<T>& values, Name name) {
  std::vector<std::optional<std::string>> out;
  for (const auto& v : values) out.emplace_back(std::string(name(v)));
  return out;
}

}  // namespace

std::string where_clause(const Filter& f, Params& p) {
  std::vector<std::string> clauses;
  const auto next = [&] { return fmt::format("${}", p.size() + 1); };
  const auto same = [](const std::string& s) -> const std::string& { return s; };
  if (!f.minerals.empty()) {
    clauses.push_back(fmt::format(
        "a.id IN (SELECT x.agreement_id FROM agreement_minerals x WHERE x.mineral_id IN (SELECT "
        "id FROM minerals WHERE name = ANY ({}::text[])))",
        next()));
    p.array(names(f.minerals, same));
  }
  if (!f.types.empty()) {
    clauses.push_back(fmt::format("a.type = ANY ({}::text[])", next()));
    p.array(names(f.types, [](AgreementType t) { return to_string(t); }));
  }
  if (!f.statuses.empty()) {
    clauses.push_back(fmt::format("a.status = ANY ({}::text[])", next()));
    p.array(names(f.statuses, [](Status s) { return to_string(s); }));
  }
  if (!f.party.empty() || f.role) {
    std::string clause = "a.id IN (SELECT x.agreement_id FROM agreement_parties x WHERE true";
    if (!f.party.empty()) {
      // Exact name or alias, or a part of a canonical name ("glencore" finds "Glencore plc");
      // ASCII letters in any case, as SQLite compares.
      const std::string name = next();
      p.add(f.party);
      const std::string part = next();
      p.add("%" + like_escape(f.party) + "%");
      clause += fmt::format(
          " AND x.organisation_id IN (SELECT id FROM organisations WHERE mtrack_nocase(name) = "
          "mtrack_nocase({0}) OR mtrack_nocase(name) LIKE mtrack_nocase({1}) UNION SELECT "
          "organisation_id FROM organisation_aliases WHERE mtrack_nocase(alias) = "
          "mtrack_nocase({0}))",
          name, part);
    }
    if (f.role) {
      clause += fmt::format(" AND x.role = {}", next());
      p.add(to_string(*f.role));
    }
    clauses.push_back(clause + ")");
  }
  if (!f.country.empty()) {
    clauses.push_back(fmt::format("mtrack_nocase(a.country) = mtrack_nocase({})", next()));
    p.add(f.country);
  }
  if (!f.since.empty()) {
    clauses.push_back(fmt::format("a.date_last >= {}", next()));
    p.add(std::int64_t{f.since.first_day()});
  }
  if (!f.until.empty()) {
    clauses.push_back(fmt::format("a.date_first <= {}", next()));
    p.add(std::int64_t{f.until.last_day()});
  }
  for (const auto* bound : {&f.min_value, &f.max_value}) {
    if (!*bound) continue;
    const std::string currency = next();
    p.add((*bound)->currency);
    clauses.push_back(fmt::format("a.value_currency = {} AND a.value_minor {} {}", currency,
                                  bound == &f.min_value ? ">=" : "<=", next()));
    p.add((*bound)->minor);
  }
  if (!f.tags.empty()) {
    clauses.push_back(fmt::format(
        "a.id IN (SELECT agreement_id FROM tags WHERE tag = ANY ({}::text[]))", next()));
    p.array(names(f.tags, same));
  }
  if (!f.search.empty()) {
    clauses.push_back(
        fmt::format("a.id IN (SELECT agreement_id FROM agreement_search WHERE document @@ "
                    "to_tsquery('mtrack_search', {}))",
                    next()));
    p.add(search_tsquery(f.search));
  }
  if (clauses.empty()) return {};
  return " WHERE " + text::join(clauses, " AND ");
}

std::string order_clause(const Filter& f) {
  // Undated and valueless agreements last in either direction (NULLS LAST), as on SQLite.
  switch (f.sort) {
    case SortKey::value:
      return f.reverse ? " ORDER BY a.value_currency DESC NULLS LAST, a.value_minor DESC, a.id DESC"
                       : " ORDER BY a.value_currency, a.value_minor, a.id";
    case SortKey::id:
      return f.reverse ? " ORDER BY a.id DESC" : " ORDER BY a.id";
    case SortKey::date:
      break;
  }
  return f.reverse ? " ORDER BY a.date_first DESC NULLS LAST, a.date_last DESC, a.id DESC"
                   : " ORDER BY a.date_first, a.date_last, a.id";
}

}  // namespace mtrack::postgres
