#include "storage/postgres/search.hpp"

#include <fmt/format.h>

#include <cstring>
#include <memory>
#include <vector>

#include "mtrack/util/error.hpp"

namespace mtrack::postgres {

namespace {

struct Token {
  enum Kind { open, close, term, op_and, op_or, op_not } kind;
  std::string text;  // a term's words, as written (a phrase without its quotes)
  bool prefix = false;
  char weight = 0;  // 'A' title, 'B' notes, 'C' parties, 'D' evidence; 0: any field
};

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

[[noreturn]] void malformed(const std::string& query, const std::string& why) {
  throw UsageError(fmt::format("--search: cannot read the query '{}' ({})", query, why));
}

// Splits the query as mtrack's FTS5 query writer does (sqlite/filter.cpp: search_query).
std::vector<Token> tokens(const std::string& q) {
  static constexpr std::pair<const char*, char> k_columns[] = {
      {"title:", 'A'}, {"notes:", 'B'}, {"parties:", 'C'}, {"evidence:", 'D'}};
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < q.size()) {
    const char c = q[i];
    if (space(c)) {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Token::open : Token::close, {}});
      ++i;
    } else if (c == '"') {
      Token t{Token::term, {}};
      std::size_t end = i + 1;
      for (;; ++end) {
        if (end >= q.size()) malformed(q, "unterminated string");
        if (q[end] == '"') {
          if (end + 1 < q.size() && q[end + 1] == '"') {
            t.text += '"';
            ++end;
            continue;
          }
          break;
        }
        t.text += q[end];
      }
      i = end + 1;
      if (i < q.size() && q[i] == '*') {
        t.prefix = true;
        ++i;
      }
      out.push_back(std::move(t));
    } else {
      std::size_t end = i;
      while (end < q.size() && !space(q[end]) && q[end] != '(' && q[end] != ')' && q[end] != '"') {
        ++end;
      }
      std::string word = q.substr(i, end - i);
      i = end;
      Token t{Token::term, {}};
      for (const auto& [column, weight] : k_columns) {
        if (word.size() > std::strlen(column) && word.starts_with(column)) {
          t.weight = weight;
          word.erase(0, std::strlen(column));
          break;
        }
      }
      if (word.size() > 1 && word.back() == '*') {
        t.prefix = true;
        word.pop_back();
      }
      if (!t.prefix && t.weight == 0) {
        if (word == "AND") {
          out.push_back({Token::op_and, {}});
          continue;
        }
        if (word == "OR") {
          out.push_back({Token::op_or, {}});
          continue;
        }
        if (word == "NOT") {
          out.push_back({Token::op_not, {}});
          continue;
        }
        if (word == "NEAR" && i < q.size() && q[i] == '(') {
          malformed(q, "NEAR groups are not supported on PostgreSQL; use a \"phrase\" or AND");
        }
      }
      t.text = std::move(word);
      out.push_back(std::move(t));
    }
  }
  return out;
}

// A tsquery expression; empty when it can match nothing ("" as FTS5 reads it).
struct Expr {
  std::string text;
  bool empty() const { return text.empty(); }
};

std::string quoted(const Token& t) {
  std::string out = "'";
  for (char c : t.text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  if (t.prefix || t.weight) {
    out += ':';
    if (t.prefix) out += '*';
    if (t.weight) out += t.weight;
  }
  return out;
}

class Parser {
 public:
  Parser(const std::string& query, std::vector<Token> tokens)
      : m_query(query), m_tokens(std::move(tokens)) {}

  std::string parse() {
    if (m_tokens.empty()) return {};
    Expr e = parse_or();
    if (m_at < m_tokens.size()) unexpected();
    return e.text;
  }

 private:
  const Token* peek() const { return m_at < m_tokens.size() ? &m_tokens[m_at] : nullptr; }

  [[noreturn]] void unexpected() const {
    const Token* t = peek();
    if (t == nullptr) malformed(m_query, "it ends where a word or phrase should follow");
    static constexpr const char* k_names[] = {"(", ")", "", "AND", "OR", "NOT"};
    malformed(m_query, t->kind == Token::term
                           ? fmt::format("syntax error near \"{}\"", t->text)
                           : fmt::format("syntax error near \"{}\"", k_names[t->kind]));
  }

  static Expr both(const Expr& a, const Expr& b, const char* op) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return {fmt::format("({}) {} ({})", a.text, op, b.text)};
  }

  Expr parse_or() {
    Expr left = parse_and();
    while (peek() && peek()->kind == Token::op_or) {
      ++m_at;
      left = both(left, parse_and(), "|");
    }
    return left;
  }

  Expr parse_and() {
    Expr left = parse_not();
    while (peek() && peek()->kind == Token::op_and) {
      ++m_at;
      left = both(left, parse_not(), "&");
    }
    return left;
  }

  Expr parse_not() {
    Expr left = parse_unit();
    while (peek() && peek()->kind == Token::op_not) {
      ++m_at;
      Expr right = parse_unit();
      if (left.empty()) continue;  // nothing, less anything: nothing
      if (!right.empty()) left = {fmt::format("({}) & !({})", left.text, right.text)};
    }
    return left;
  }

  // A parenthesised expression, or words and phrases side by side (ANDed).
  Expr parse_unit() {
    const Token* t = peek();
    if (t == nullptr) unexpected();
    if (t->kind == Token::open) {
      ++m_at;
      Expr inner = parse_or();
      if (!peek() || peek()->kind != Token::close) unexpected();
      ++m_at;
      return inner;
    }
    if (t->kind != Token::term) unexpected();
    Expr out;
    while (peek() && peek()->kind == Token::term) {
      const Token& term = m_tokens[m_at++];
      // An empty phrase ("") matches nothing and is left out beside others, as in FTS5.
      if (term.text.empty()) continue;
      out = both(out, Expr{quoted(term)}, "&");
    }
    if (peek() && peek()->kind == Token::open) unexpected();
    return out;
  }

  const std::string& m_query;
  std::vector<Token> m_tokens;
  std::size_t m_at = 0;
};

}  // namespace

std::string search_tsquery(const std::string& query) {
  return Parser(query, tokens(query)).parse();
}

}  // namespace mtrack::postgres
