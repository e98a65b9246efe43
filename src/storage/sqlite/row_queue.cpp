#include "storage/sqlite/row_queue.hpp"

#include <utility>

#include "storage/sqlite/connection.hpp"

namespace mtrack::sqlite {

namespace {

constexpr std::size_t k_largest = 64;  // rows per statement, a power of two

}  // namespace

RowQueue::RowQueue(std::string head, int columns) : m_head(std::move(head)), m_columns(columns) {}

void RowQueue::row() { m_values.resize(m_values.size() + static_cast<std::size_t>(m_columns)); }

RowQueue::Value& RowQueue::at(int column) {
  return m_values[m_values.size() - static_cast<std::size_t>(m_columns - column + 1)];
}

void RowQueue::bind(int column, std::int64_t v) { at(column) = v; }

void RowQueue::bind(int column, std::string v) { at(column) = std::move(v); }

void RowQueue::bind(int column) { at(column) = std::monostate{}; }

const std::string& RowQueue::sql(std::size_t rows) {
  std::size_t slot = 0;
  while ((std::size_t{1} << slot) < rows) ++slot;
  if (m_sql.size() <= slot) m_sql.resize(slot + 1);
  std::string& text = m_sql[slot];
  if (text.empty()) {  // "head VALUES (?, ?), (?, ?)"
    std::string one = "(?";
    for (int c = 1; c < m_columns; ++c) one += ", ?";
    one += ')';
    text = m_head;
    text += " VALUES ";
    for (std::size_t r = 0; r < rows; ++r) {
      if (r > 0) text += ", ";
      text += one;
    }
  }
  return text;
}

void RowQueue::flush(Connection& c) {
  const std::size_t total = rows();
  const auto width = static_cast<std::size_t>(m_columns);
  std::size_t done = 0;
  for (std::size_t n = k_largest; n > 0; n /= 2) {
    while (total - done >= n) {
      auto& q = c.prepared(sql(n));
      for (std::size_t i = 0; i < n * width; ++i) {
        const int at = static_cast<int>(i + 1);
        const Value& v = m_values[done * width + i];
        if (const auto* number = std::get_if<std::int64_t>(&v)) {
          q.bind(at, *number);
        } else if (const auto* s = std::get_if<std::string>(&v)) {
          q.bindNoCopy(at, *s);
        }  // NULL: prepared() cleared the bindings
      }
      q.exec();
      q.reset();
      done += n;
    }
  }
  m_values.clear();
}

}  // namespace mtrack::sqlite
