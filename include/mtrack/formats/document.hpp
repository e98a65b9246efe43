#pragma once

// A small document tree that both the YAML and the JSON readers produce, so that one
// decoder (interchange.hpp) turns either into agreements with the same error messages.
// Every node carries the 1-based line and column it starts at.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtrack/util/result.hpp"

namespace mtrack {

struct Node {
  enum class Kind { null, scalar, sequence, mapping };
  struct Member;  // a mapping entry: key and value (defined below, once Node is complete)

  Kind kind = Kind::null;
  std::string scalar;           // text of a scalar
  bool quoted = false;          // scalar was a quoted string (so "true" is text, not a bool)
  std::vector<Node> items;      // sequence elements
  std::vector<Member> members;  // mapping entries, in input order
  std::vector<std::pair<int, int>> key_marks;  // line, column of each mapping key
  int line = 0;
  int column = 0;

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_mapping() const { return kind == Kind::mapping; }
  // The member called `key`, or nullptr.
  const Node* get(std::string_view key) const;
};

// A named struct rather than std::pair<std::string, Node>: the pair's constructor checks would
// inspect Node while it is still incomplete, which clang rejects.
struct Node::Member {
  Member() = default;
  Member(std::string k, Node v) : first(std::move(k)), second(std::move(v)) {}

  std::string first;  // the key
  Node second;        // the value
};

// Limits that keep hostile documents (deep nesting, alias bombs, huge files) in bounded
// memory and time.
struct DocumentLimits {
  std::size_t max_depth = 64;
  std::size_t max_nodes = 50'000'000;
  std::size_t max_scalar_bytes = 1 << 20;  // one field
};

// Parses JSON text (RFC 8259) into a tree. The error message starts "line:column: ".
Result<Node> parse_json(std::string_view text, const DocumentLimits& limits = {});
// Parses JSON like parse_json, but hands each element of the document's list (the top-level
// array, or the first array under the top-level key `list_key`) to `each` as soon as it is
// parsed, leaving that array empty in the tree: memory holds one element at a time. When the
// parse fails, elements before the error have already been handed on.
Result<Node> parse_json_streaming(std::string_view text, std::string_view list_key,
                                  const std::function<void(const Node&)>& each,
                                  const DocumentLimits& limits = {});
// Parses YAML text (via yaml-cpp) into a tree. The error message starts "line:column: ".
Result<Node> parse_yaml(std::string_view text, const DocumentLimits& limits = {});
// Parses YAML like parse_yaml, but hands each element of the sequence under the top-level
// key `list_key` to `each` as soon as it is complete, leaving that sequence empty in the
// tree (as parse_json_streaming does for JSON).
Result<Node> parse_yaml_streaming(std::string_view text, std::string_view list_key,
                                  const std::function<void(const Node&)>& each,
                                  const DocumentLimits& limits = {});

// Appends `s` as a JSON string literal (quoted, escaped) to `out`.
void append_json_string(std::string& out, std::string_view s);
// Where a YAML scalar is written: in block style, or inside a flow collection ("{a: b}",
// "[a, b]") where ",[]{}" must be quoted too.
enum class YamlContext { block, flow };
// Appends `s` as a YAML scalar: plain when that reads back as the same string, else
// double-quoted.
void append_yaml_scalar(std::string& out, std::string_view s,
                        YamlContext context = YamlContext::block);

}  // namespace mtrack
