#pragma once

// Agreements as rows: the one list of the agreements table's columns (bound and read in that
// order everywhere), and reading agreements with their child rows in batches: one query per
// child table for a chunk of agreements, not one per agreement.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mtrack/domain/model.hpp"
#include "mtrack/storage/repository.hpp"
#include "storage/sqlite/connection.hpp"

namespace mtrack::sqlite {

// Binders for a statement or a row queue (anything with SQLiteCpp's bind(index[, value])).
// Empty text is NULL.
template <class Q>
void bind_text_or_null(Q& q, int index, const std::string& s) {
  if (s.empty())
    q.bind(index);
  else
    q.bind(index, s);
}

// Money in four columns from `at`: minor, currency, approximate, as_written; all NULL (and
// approximate 0) when there is none.
template <class Q>
void bind_money(Q& q, int at, const std::optional<Money>& m) {
  if (m) {
    q.bind(at, m->minor);
    q.bind(at + 1, m->currency);
    q.bind(at + 2, m->approximate ? 1 : 0);
    bind_text_or_null(q, at + 3, m->as_written);
  } else {
    q.bind(at);
    q.bind(at + 1);
    q.bind(at + 2, 0);
    q.bind(at + 3);
  }
}

// The columns of `agreements` that hold an Agreement's own fields (id aside), in the order
// bind_agreement binds them (placeholders ?1 ... ?k_agreement_columns) and read_agreement
// reads them (after the id, from column 1).
extern const std::vector<std::string> k_agreement_columns;
inline constexpr int k_agreement_column_count = 24;

// "a.id, a.key, a.type, ...": the id and then k_agreement_columns, for SELECT ... FROM
// agreements a.
const std::string& agreement_select_list();

// Binds `a` to ?1 ... ?k_agreement_column_count (`signature`: duplicate_signature's).
void bind_agreement(SQLite::Statement& q, const Agreement& a, const std::string& signature);
// The agreement in the current row of a query that selects agreement_select_list(), without
// its children.
Agreement read_agreement(SQLite::Statement& q);

// Loads agreements' children, many agreements at a time. Every agreement handed to it must
// carry its id.
class ChildLoader {
 public:
  // Agreements per query: a chunk's ids are bound as one IN list.
  static constexpr std::size_t k_chunk = 200;

  explicit ChildLoader(Connection& c) : m_c(c) {}
  // Fills the children of `chunk` (at most k_chunk agreements, distinct ids): parties and
  // minerals, and for Detail::full also stages, sources, evidence, events, related keys,
  // tags, provenance and merged keys.
  void load(std::vector<Agreement>& chunk, Detail detail);

 private:
  Connection& m_c;
  std::vector<std::int64_t> m_ids;
};

// Reads agreements with their children: the rows of `q` (which selects
// agreement_select_list()), a chunk at a time, handed to `sink` in the query's order.
void read_agreements(Connection& c, SQLite::Statement& q, Detail detail,
                     const std::function<void(Agreement&)>& sink);

// The agreements with these ids (any order, no duplicates), each with its children, handed to
// `sink` in ascending id; missing ids are skipped.
void read_agreements_by_id(Connection& c, std::vector<std::int64_t> ids, Detail detail,
                           const std::function<void(Agreement&)>& sink);

// One agreement by id, with its children; nullopt when there is none.
std::optional<Agreement> read_agreement_by_id(Connection& c, std::int64_t id);

// The id of the agreement with this key; of the one a key was merged into.
std::optional<std::int64_t> id_for_key(Connection& c, const std::string& key);
std::optional<std::int64_t> id_for_merged_key(Connection& c, const std::string& key);
// The id an id ("12"), key or merged key names, or nullopt.
std::optional<std::int64_t> id_for(Connection& c, std::string_view id_or_key);

}  // namespace mtrack::sqlite
