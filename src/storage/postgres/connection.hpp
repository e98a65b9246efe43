#pragma once

// The PostgreSQL connection under a repository: connecting as libpq's conventions say (the
// URI, PGHOST, PGPORT, PGUSER, PGPASSFILE or ~/.pgpass, sslmode and the other parameters),
// statements with bound values (prepared once per connection), results, transactions, and
// the server's failures told in one line that never shows a password.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mtrack/storage/repository.hpp"
#include "storage/postgres/libpq.hpp"

namespace mtrack::postgres {

// SQLSTATEs mtrack tells apart.
namespace sqlstate {
inline constexpr std::string_view serialization_failure = "40001";
inline constexpr std::string_view deadlock_detected = "40P01";
inline constexpr std::string_view unique_violation = "23505";
inline constexpr std::string_view insufficient_privilege = "42501";
inline constexpr std::string_view syntax_error = "42601";
inline constexpr std::string_view undefined_table = "42P01";
inline constexpr std::string_view undefined_column = "42703";
}  // namespace sqlstate

// A failure the server reported, with its SQLSTATE; the message is complete and redacted.
class ServerError : public Error {
 public:
  ServerError(const std::string& message, std::string state)
      : Error(message), m_state(std::move(state)) {}
  const std::string& state() const { return m_state; }

 private:
  std::string m_state;
};

// Values for $1, $2, ... in text form; NULL where none is given.
class Params {
 public:
  Params& add(std::int64_t v);
  Params& add(std::string_view s);
  Params& add(const char* s) { return add(std::string_view(s)); }
  Params& add(bool b);
  Params& null();
  // NULL for an empty string, as SQLite's rows keep absent texts.
  Params& text_or_null(std::string_view s);
  Params& add(const std::optional<std::int64_t>& v);
  // A bytea value (sent as text in hex form).
  Params& bytes(std::string_view s);
  // A one-dimensional array literal ('{"a","b",NULL}') of texts or numbers.
  Params& array(const std::vector<std::optional<std::string>>& items);
  Params& array(const std::vector<std::int64_t>& items);

  int size() const { return static_cast<int>(m_values.size()); }
  std::vector<const char*> pointers() const;

 private:
  std::vector<std::string> m_values;
  std::vector<bool> m_null;
};

// A result, freed when it goes.
class Result {
 public:
  Result() = default;
  explicit Result(PGresult* r) : m_r(r) {}
  Result(Result&& o) noexcept : m_r(o.m_r) { o.m_r = nullptr; }
  Result& operator=(Result&& o) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result();

  int rows() const;
  bool null(int row, int column) const;
  std::string_view view(int row, int column) const;
  std::string text(int row, int column) const { return std::string(view(row, column)); }
  std::optional<std::string> opt_text(int row, int column) const;
  std::int64_t int64(int row, int column) const;
  std::optional<std::int64_t> opt_int64(int row, int column) const;
  bool boolean(int row, int column) const { return view(row, column) == "t"; }
  // A bytea column's bytes.
  std::string bytes(int row, int column) const;
  // Rows an INSERT, UPDATE or DELETE changed.
  std::int64_t affected() const;
  PGresult* raw() const { return m_r; }

 private:
  PGresult* m_r = nullptr;
};

class Connection {
 public:
  // Connects to the database `locator` (a postgresql:// URI) names; throws UsageError for a
  // URI libpq cannot read and mtrack::Error when the server cannot be reached or refuses.
  explicit Connection(const std::string& locator);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The locator as messages show it (no password).
  const std::string& display() const { return m_display; }
  // The role connected as.
  const std::string& role() const { return m_role; }

  // Runs `sql` (no values; may be several statements) and throws on failure.
  Result exec(const std::string& sql);
  // Runs one statement with bound values; `sql` is prepared the first time and reused.
  Result query(const std::string& sql, const Params& params = {});
  // The same without preparing it (SQL built for one use: a listing's filter).
  Result query_once(const std::string& sql, const Params& params = {});

  // Several prepared statements sent at once and their results read after (pipeline mode):
  // one round trip to the server instead of one per statement. Throws on the first failure.
  std::vector<Result> pipeline(const std::vector<std::pair<std::string, Params>>& statements);

  // Marks a write transaction (errors then say that nothing was written) and the COMMIT that
  // ends it (a connection lost meanwhile leaves the outcome unknown).
  void writing(bool on) { m_writing = on; }
  void committing(bool on) { m_committing = on; }
  // Whether a transaction is open on the connection.
  bool in_transaction() const;
  // Whether the connection still works.
  bool alive() const;

  // The one-line error for a failed result (or, with none, the connection's error):
  // WriteConflict for a serialization failure or a deadlock, ServerError otherwise.
  [[noreturn]] void fail(const PGresult* r) const;

 private:
  const std::string& prepared_name(const std::string& sql);
  Result checked(PGresult* r);

  const Libpq& m_pq;
  std::string m_locator;
  std::string m_display;
  std::string m_role;
  PGconn* m_conn = nullptr;
  bool m_writing = false;
  bool m_committing = false;
  std::unordered_map<std::string, std::string> m_prepared;
};

// A read transaction: one snapshot for several statements (REPEATABLE READ, READ ONLY).
// Ends with the object (or end()).
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& c);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  void end();

 private:
  Connection& m_c;
  bool m_open;
};

}  // namespace mtrack::postgres
