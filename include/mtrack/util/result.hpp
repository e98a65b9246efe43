#pragma once

#include <string>
#include <utility>
#include <variant>

namespace mtrack {

// A value or a message saying why there is none. Parsers return this; callers that know
// the file and line add them to the message.
template <class T>
class Result {
 public:
  Result(T value) : m_v(std::move(value)) {}  // NOLINT: implicit on purpose
  static Result failure(std::string message) { return Result(Failure{std::move(message)}); }

  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(m_v); }
  T&& value() && { return std::get<0>(std::move(m_v)); }
  const T& operator*() const { return value(); }
  const T* operator->() const { return &value(); }
  const std::string& error() const { return std::get<1>(m_v).message; }

 private:
  struct Failure {
    std::string message;
  };
  explicit Result(Failure f) : m_v(std::in_place_index<1>, std::move(f)) {}
  std::variant<T, Failure> m_v;
};

}  // namespace mtrack
