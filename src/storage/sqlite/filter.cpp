#include "storage/sqlite/filter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "mtrack/util/text.hpp"

namespace mtrack::sqlite {

namespace {

std::string like_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// A date bound selects dated agreements only: where_clause says so, and order_clause drops
// the "undated last" term that is then constant. Both must agree for the index to serve.
bool date_bounded(const Filter& f) { return !f.since.empty() || !f.until.empty(); }

// What FTS5 reads as one bareword: letters, digits, '_' and any non-ASCII character.
bool bareword(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || u == '_' || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
           (u >= 'A' && u <= 'Z');
  });
}

std::string phrase(std::string_view w) {
  std::string out = "\"";
  for (char c : w) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string where_clause(const Filter& f, std::vector<Bind>& binds) {
  std::vector<std::string> clauses;
  const auto placeholders = [&](const auto& values, auto to_bind) {
    std::string out;
    for (const auto& v : values) {
      if (!out.empty()) out += ", ";
      out += '?';
      binds.emplace_back(to_bind(v));
    }
    return out;
  };
  if (!f.minerals.empty()) {
    clauses.push_back(
        "a.id IN (SELECT am.agreement_id FROM agreement_minerals am WHERE am.mineral_id IN "
        "(SELECT id FROM minerals WHERE name IN (" +
        placeholders(f.minerals, [](const std::string& s) { return s; }) + ")))");
  }
  if (!f.types.empty()) {
    clauses.push_back(
        "a.type IN (" +
        placeholders(f.types, [](AgreementType t) { return std::string(to_string(t)); }) + ")");
  }
  if (!f.statuses.empty()) {
    clauses.push_back(
        "a.status IN (" +
        placeholders(f.statuses, [](Status s) { return std::string(to_string(s)); }) + ")");
  }
  if (!f.party.empty() || f.role) {
    std::string clause = "a.id IN (SELECT p.agreement_id FROM agreement_parties p WHERE 1";
    if (!f.party.empty()) {
      // Exact name or alias, or a part of a canonical name ("glencore" finds "Glencore plc").
      clause +=
          " AND p.organisation_id IN (SELECT id FROM organisations WHERE name = ? OR "
          "name LIKE ? ESCAPE '\\' UNION SELECT organisation_id FROM organisation_aliases "
          "WHERE alias = ?)";
      binds.emplace_back(f.party);
      binds.emplace_back("%" + like_escape(f.party) + "%");
      binds.emplace_back(f.party);
    }
    if (f.role) {
      clause += " AND p.role = ?";
      binds.emplace_back(std::string(to_string(*f.role)));
    }
    clauses.push_back(clause + ")");
  }
  if (!f.country.empty()) {
    clauses.push_back("a.country = ? COLLATE NOCASE");
    binds.emplace_back(f.country);
  }
  // A dated agreement's bounds are the second column of the listing-order index, after
  // "undated"; saying it is dated lets SQLite seek that index for the range and the order.
  if (date_bounded(f)) clauses.push_back("(a.date_first IS NULL) = 0");
  if (!f.since.empty()) {
    clauses.push_back("a.date_last >= ?");
    binds.emplace_back(static_cast<std::int64_t>(f.since.first_day()));
  }
  if (!f.until.empty()) {
    clauses.push_back("a.date_first <= ?");
    binds.emplace_back(static_cast<std::int64_t>(f.until.last_day()));
  }
  if (f.min_value) {
    clauses.push_back("a.value_currency = ? AND a.value_minor >= ?");
    binds.emplace_back(f.min_value->currency);
    binds.emplace_back(f.min_value->minor);
  }
  if (f.max_value) {
    clauses.push_back("a.value_currency = ? AND a.value_minor <= ?");
    binds.emplace_back(f.max_value->currency);
    binds.emplace_back(f.max_value->minor);
  }
  if (!f.tags.empty()) {
    clauses.push_back("a.id IN (SELECT agreement_id FROM tags WHERE tag IN (" +
                      placeholders(f.tags, [](const std::string& s) { return s; }) + "))");
  }
  if (!f.search.empty()) {
    clauses.push_back(
        "a.id IN (SELECT rowid FROM agreement_search WHERE agreement_search MATCH ?)");
    binds.emplace_back(search_query(f.search));
  }
  if (clauses.empty()) return {};
  return " WHERE " + text::join(clauses, " AND ");
}

std::string order_clause(const Filter& f) {
  const char* dir = f.reverse ? " DESC" : "";
  switch (f.sort) {
    case SortKey::value:
      return fmt::format(
          " ORDER BY a.value_minor IS NULL, a.value_currency{0}, a.value_minor{0}, a.id{0}", dir);
    case SortKey::id:
      return fmt::format(" ORDER BY a.id{}", dir);
    case SortKey::date:
      break;
  }
  // With a date bound every row is dated, and the "undated last" term is left out so that
  // SQLite sees the order of the index after its constant first column.
  return fmt::format(" ORDER BY {1}a.date_first{0}, a.date_last{0}, a.id{0}", dir,
                     date_bounded(f) ? "" : "a.date_first IS NULL, ");
}

std::string search_query(const std::string& text) {
  static const char* const k_columns[] = {"title:", "notes:", "parties:", "evidence:"};
  std::string out;
  std::size_t i = 0;
  const auto emit = [&](std::string_view piece) {
    if (!out.empty() && out.back() != '(' && piece != ")" && piece != ",") out += ' ';
    out += piece;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '(' || c == ')' || c == ',') {
      // Groups, and the comma before NEAR's distance: NEAR(cobalt nickel, 5).
      emit(std::string_view(&text[i], 1));
      ++i;
    } else if (c == '"') {
      // A phrase as the user quoted it ("" inside is a quote); an unterminated one is left
      // for FTS5 to refuse.
      std::size_t end = i + 1;
      while (end < text.size()) {
        if (text[end] == '"') {
          if (end + 1 < text.size() && text[end + 1] == '"') {
            end += 2;
            continue;
          }
          break;
        }
        ++end;
      }
      end = std::min(end + 1, text.size());
      if (end < text.size() && text[end] == '*') ++end;
      emit(std::string_view(text).substr(i, end - i));
      i = end;
    } else {
      std::size_t end = i;
      while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' &&
             text[end] != '\r' && text[end] != '(' && text[end] != ')' && text[end] != ',' &&
             text[end] != '"') {
        ++end;
      }
      std::string_view word = std::string_view(text).substr(i, end - i);
      i = end;
      std::string piece;
      for (const char* column : k_columns) {
        if (word.size() > std::strlen(column) && word.starts_with(column)) {
          piece = column;
          word.remove_prefix(std::strlen(column));
          break;
        }
      }
      const bool prefix = word.size() > 1 && word.back() == '*';
      if (prefix) word.remove_suffix(1);
      if (word == "AND" || word == "OR" || word == "NOT" || word == "NEAR" || bareword(word)) {
        piece += word;
      } else {
        piece += phrase(word);
      }
      if (prefix) piece += '*';
      emit(piece);
    }
  }
  return out;
}

}  // namespace mtrack::sqlite
