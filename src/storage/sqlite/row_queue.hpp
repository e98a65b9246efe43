#pragma once

// Rows of one INSERT statement queued in memory and written many to a statement.
//
// SQLite pays per statement (preparing its run, a statement savepoint when triggers or a
// virtual table take part, FTS5 writing out its pending terms at each savepoint), not per
// row: an import that stores each child row by its own statement spends most of its time
// there. A queue collects rows of one table and writes them with multi-row VALUES lists.
// The caller decides when (AgreementWriter: every k_batch agreements and before anything
// reads them back).

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace mtrack::sqlite {

class Connection;

class RowQueue {
 public:
  // `head`: "INSERT INTO t (a, b, c)" (fixed text); `columns`: how many values a row has.
  RowQueue(std::string head, int columns);

  // Starts a row; its values are then set by 1-based column with bind(), as on a statement.
  // A value not set is NULL.
  void row();
  void bind(int column, std::int64_t v);
  void bind(int column, int v) { bind(column, static_cast<std::int64_t>(v)); }
  void bind(int column, std::string v);
  void bind(int column);  // NULL

  std::size_t rows() const { return m_values.size() / static_cast<std::size_t>(m_columns); }
  bool empty() const { return m_values.empty(); }

  // Writes every queued row (statements of 64, 32, ... 1 rows) and empties the queue.
  void flush(Connection& c);
  // Forgets the queued rows (the transaction they belonged to is rolled back).
  void clear() { m_values.clear(); }

 private:
  using Value = std::variant<std::monostate, std::int64_t, std::string>;
  const std::string& sql(std::size_t rows);
  Value& at(int column);  // `column` (1-based) of the row started last

  std::string m_head;
  int m_columns;
  std::vector<Value> m_values;
  std::vector<std::string> m_sql;  // by log2 of the rows per statement
};

}  // namespace mtrack::sqlite
