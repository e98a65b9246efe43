#include "storage/postgres/connection.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>

#include "mtrack/util/error.hpp"
#include "storage/locator.hpp"

namespace mtrack::postgres {

namespace {

// The first line of a libpq or server message, without libpq's "FATAL:  " and "ERROR:  ".
std::string first_line(std::string_view message) {
  std::string line(message.substr(0, message.find('\n')));
  for (const char* level : {"FATAL:  ", "ERROR:  "}) {
    for (auto at = line.find(level); at != std::string::npos; at = line.find(level)) {
      line.erase(at, std::strlen(level));
    }
  }
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line;
}

std::string quoted_array_item(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void ignore_notice(void*, const char*) {}

}  // namespace

// ---- Params ----------------------------------------------------------------------------

Params& Params::add(std::int64_t v) {
  m_values.push_back(std::to_string(v));
  m_null.push_back(false);
  return *this;
}

Params& Params::add(std::string_view s) {
  m_values.emplace_back(s);
  m_null.push_back(false);
  return *this;
}

Params& Params::add(bool b) { return add(std::string_view(b ? "t" : "f")); }

Params& Params::null() {
  m_values.emplace_back();
  m_null.push_back(true);
  return *this;
}

Params& Params::text_or_null(std::string_view s) { return s.empty() ? null() : add(s); }

Params& Params::add(const std::optional<std::int64_t>& v) { return v ? add(*v) : null(); }

Params& Params::bytes(std::string_view s) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + s.size() * 2);
  for (unsigned char c : s) {
    out += k_hex[c >> 4];
    out += k_hex[c & 15];
  }
  m_values.push_back(std::move(out));
  m_null.push_back(false);
  return *this;
}

Params& Params::array(const std::vector<std::optional<std::string>>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += items[i] ? quoted_array_item(*items[i]) : std::string("NULL");
  }
  out += '}';
  m_values.push_back(std::move(out));
  m_null.push_back(false);
  return *this;
}

Params& Params::array(const std::vector<std::int64_t>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(items[i]);
  }
  out += '}';
  m_values.push_back(std::move(out));
  m_null.push_back(false);
  return *this;
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out;
  out.reserve(m_values.size());
  for (std::size_t i = 0; i < m_values.size(); ++i) {
    out.push_back(m_null[i] ? nullptr : m_values[i].c_str());
  }
  return out;
}

// ---- Result ----------------------------------------------------------------------------

Result& Result::operator=(Result&& o) noexcept {
  if (this != &o) {
    if (m_r) libpq().clear(m_r);
    m_r = o.m_r;
    o.m_r = nullptr;
  }
  return *this;
}

Result::~Result() {
  if (m_r) libpq().clear(m_r);
}

int Result::rows() const { return m_r ? libpq().ntuples(m_r) : 0; }

bool Result::null(int row, int column) const { return libpq().getisnull(m_r, row, column) != 0; }

std::string_view Result::view(int row, int column) const {
  const auto& pq = libpq();
  return {pq.getvalue(m_r, row, column), static_cast<std::size_t>(pq.getlength(m_r, row, column))};
}

std::optional<std::string> Result::opt_text(int row, int column) const {
  if (null(row, column)) return std::nullopt;
  return text(row, column);
}

std::int64_t Result::int64(int row, int column) const {
  return std::strtoll(libpq().getvalue(m_r, row, column), nullptr, 10);
}

std::optional<std::int64_t> Result::opt_int64(int row, int column) const {
  if (null(row, column)) return std::nullopt;
  return int64(row, column);
}

std::string Result::bytes(int row, int column) const {
  const auto& pq = libpq();
  std::size_t n = 0;
  unsigned char* raw =
      pq.unescapeBytea(reinterpret_cast<const unsigned char*>(pq.getvalue(m_r, row, column)), &n);
  if (raw == nullptr) throw Error("out of memory reading a stored text");
  std::string out(reinterpret_cast<const char*>(raw), n);
  pq.freemem(raw);
  return out;
}

std::int64_t Result::affected() const {
  const char* n = libpq().cmdTuples(m_r);
  return (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
}

// ---- Connection ------------------------------------------------------------------------

Connection::Connection(const std::string& locator)
    : m_pq(libpq()), m_locator(locator), m_display(display_locator(locator)) {
  // A URI libpq cannot read is a usage error, said before any connection is tried.
  char* parse_error = nullptr;
  PQconninfoOption* options = m_pq.conninfoParse(locator.c_str(), &parse_error);
  if (options == nullptr) {
    std::string why = parse_error ? first_line(parse_error) : "out of memory";
    if (parse_error) m_pq.freemem(parse_error);
    throw UsageError(locator::redact(
        fmt::format("database '{}': not a PostgreSQL URI libpq can read ({})", m_display, why),
        locator));
  }
  m_pq.conninfoFree(options);

  // Earlier keywords give way to later ones: what the URI says wins over mtrack's defaults
  // before it, and the client encoding after it is always UTF-8 (mtrack's text).
  std::vector<const char*> keys, values;
  const char* timeout = std::getenv("PGCONNECT_TIMEOUT");
  if (timeout == nullptr || *timeout == '\0') {
    keys.push_back("connect_timeout");
    values.push_back("10");
  }
  keys.push_back("dbname");
  values.push_back(locator.c_str());
  keys.push_back("fallback_application_name");
  values.push_back("mtrack");
  keys.push_back("client_encoding");
  values.push_back("UTF8");
  keys.push_back(nullptr);
  values.push_back(nullptr);
  m_conn = m_pq.connectdbParams(keys.data(), values.data(), 1);
  if (m_conn == nullptr) throw Error("out of memory connecting to the database");
  if (m_pq.status(m_conn) != CONNECTION_OK) {
    std::string why = first_line(m_pq.errorMessage(m_conn));
    m_pq.finish(m_conn);
    m_conn = nullptr;
    const bool missing = why.find("does not exist") != std::string::npos &&
                         why.find("database \"") != std::string::npos;
    throw Error(locator::redact(
        fmt::format("cannot connect to {}: {}{}", m_display, why,
                    missing ? " (create it first: createdb, or CREATE DATABASE as its owner)" : ""),
        locator));
  }
  m_pq.setNoticeProcessor(m_conn, ignore_notice, nullptr);
  if (const char* user = m_pq.user(m_conn)) m_role = user;
  if (m_pq.serverVersion(m_conn) < 130000) {
    const int v = m_pq.serverVersion(m_conn);
    m_pq.finish(m_conn);
    m_conn = nullptr;
    throw Error(fmt::format("{} runs PostgreSQL {}.{}; mtrack needs 13 or later", m_display,
                            v / 10000, v % 10000));
  }
}

Connection::~Connection() {
  if (m_conn) m_pq.finish(m_conn);
}

bool Connection::in_transaction() const {
  const auto s = m_pq.transactionStatus(m_conn);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

bool Connection::alive() const { return m_pq.status(m_conn) == CONNECTION_OK; }

void Connection::fail(const PGresult* r) const {
  const char* state_field = r ? m_pq.resultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = state_field ? state_field : "";
  const char* primary_field = r ? m_pq.resultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string primary = first_line(primary_field ? primary_field : m_pq.errorMessage(m_conn));
  const auto redacted = [&](std::string message) {
    return locator::redact(std::move(message), m_locator);
  };
  if (!alive() || state.starts_with("08") || state == "57P01" || state == "57P02" ||
      state == "57P03") {
    std::string outcome;
    if (m_committing) {
      outcome = "; whether the last change was stored is unknown: look before running it again";
    } else if (m_writing) {
      outcome = "; nothing was written";
    }
    throw Error(redacted(
        fmt::format("lost the connection to {} ({}){}", m_display, primary, outcome)));
  }
  if (state == sqlstate::serialization_failure || state == sqlstate::deadlock_detected) {
    throw WriteConflict(redacted(fmt::format(
        "{}: a concurrent writer changed the same records ({})", m_display, primary)));
  }
  if (state == sqlstate::insufficient_privilege) {
    throw ServerError(
        redacted(fmt::format("permission denied: role '{}' may not {} {} ({}){}", m_role,
                             m_writing ? "change" : "read", m_display, primary,
                             m_writing ? "; nothing was written" : "")),
        state);
  }
  if (state == "25006") {
    throw ServerError(redacted(fmt::format("{} is read-only ({}); nothing was written",
                                           m_display, primary)),
                      state);
  }
  if (state == "53100") {
    throw ServerError(
        redacted(fmt::format("the server of {} is out of disk space ({}); nothing was "
                             "written",
                             m_display, primary)),
        state);
  }
  throw ServerError(
      redacted(fmt::format("{}: {}{}", m_display, primary,
                           state.empty() ? std::string() : fmt::format(" (SQLSTATE {})", state))),
      state);
}

Result Connection::checked(PGresult* r) {
  Result result(r);
  const auto status = r ? m_pq.resultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r);
  return result;
}

Result Connection::exec(const std::string& sql) { return checked(m_pq.exec(m_conn, sql.c_str())); }

const std::string& Connection::prepared_name(const std::string& sql) {
  auto it = m_prepared.find(sql);
  if (it != m_prepared.end()) return it->second;
  std::string name = fmt::format("mtrack_{}", m_prepared.size() + 1);
  checked(m_pq.prepare(m_conn, name.c_str(), sql.c_str(), 0, nullptr));
  return m_prepared.emplace(sql, std::move(name)).first->second;
}

Result Connection::query(const std::string& sql, const Params& params) {
  const std::string& name = prepared_name(sql);
  const auto values = params.pointers();
  return checked(
      m_pq.execPrepared(m_conn, name.c_str(), params.size(), values.data(), nullptr, nullptr, 0));
}

Result Connection::query_once(const std::string& sql, const Params& params) {
  const auto values = params.pointers();
  return checked(m_pq.execParams(m_conn, sql.c_str(), params.size(), nullptr, values.data(),
                                 nullptr, nullptr, 0));
}

std::vector<Result> Connection::pipeline(
    const std::vector<std::pair<std::string, Params>>& statements) {
  std::vector<std::string> names;
  for (const auto& [sql, params] : statements) names.push_back(prepared_name(sql));
  if (m_pq.enterPipelineMode(m_conn) != 1) fail(nullptr);
  std::vector<std::vector<const char*>> values;
  values.reserve(statements.size());
  for (std::size_t i = 0; i < statements.size(); ++i) {
    values.push_back(statements[i].second.pointers());
    if (m_pq.sendQueryPrepared(m_conn, names[i].c_str(), statements[i].second.size(),
                               values.back().data(), nullptr, nullptr, 0) != 1) {
      fail(nullptr);
    }
  }
  if (m_pq.pipelineSync(m_conn) != 1) fail(nullptr);
  std::vector<Result> out;
  Result failure;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    Result r(m_pq.getResult(m_conn));
    while (PGresult* rest = m_pq.getResult(m_conn)) m_pq.clear(rest);  // the NULL after each
    const auto status = m_pq.resultStatus(r.raw());
    if (status == PGRES_FATAL_ERROR && !failure.raw()) failure = std::move(r);
    out.push_back(std::move(r));
  }
  Result sync(m_pq.getResult(m_conn));  // PGRES_PIPELINE_SYNC
  m_pq.exitPipelineMode(m_conn);
  if (failure.raw()) fail(failure.raw());
  if (!sync.raw() || m_pq.resultStatus(sync.raw()) != PGRES_PIPELINE_SYNC) {
    fail(sync.raw());
  }
  return out;
}

// ---- ReadTransaction -------------------------------------------------------------------

ReadTransaction::ReadTransaction(Connection& c) : m_c(c), m_open(!c.in_transaction()) {
  if (m_open) m_c.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

ReadTransaction::~ReadTransaction() {
  if (!m_open) return;
  try {
    m_c.exec("ROLLBACK");
  } catch (...) {  // NOLINT(bugprone-empty-catch): a lost connection has no transaction left
  }
}

void ReadTransaction::end() {
  if (!m_open) return;
  m_open = false;
  m_c.exec("COMMIT");
}

}  // namespace mtrack::postgres
