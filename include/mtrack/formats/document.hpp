#pragma once

// A small document tree that both the YAML and the JSON readers produce, so that one
// decoder (interchange.hpp) turns either into agreements with the same error messages.
// Every node carries the 1-based line and column it starts at.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
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

// Text read a block at a time: a file, standard input (formats/inputs.hpp: Input) or text
// already in memory (StringReader).
class TextReader {
 public:
  // What read() throws once interrupt() was called.
  struct Interrupted {};

  virtual ~TextReader() = default;
  // Up to `n` bytes into `buffer`; 0 at the end.
  virtual std::size_t read(char* buffer, std::size_t n) = 0;
  // Ends a read waiting for input on another thread, and refuses every later one: each throws
  // Interrupted. Safe to call from any thread. Only for sources that can wait for ever (a pipe
  // or a terminal); the default does nothing, as reading a file or a string never waits long.
  virtual void interrupt() {}
  // Whether the next read would wait for input that is not there yet (a pipe whose writer is
  // slow). The default: never.
  virtual bool would_wait() { return false; }
};

class StringReader final : public TextReader {
 public:
  explicit StringReader(std::string_view text) : m_text(text) {}
  std::size_t read(char* buffer, std::size_t n) override;

 private:
  std::string_view m_text;
};

// Parses JSON text (RFC 8259) into a tree. The error message starts "line:column: ".
Result<Node> parse_json(std::string_view text, const DocumentLimits& limits = {});
// Parses YAML text (via libyaml) into a tree. The error message starts "line:column: ".
Result<Node> parse_yaml(std::string_view text, const DocumentLimits& limits = {});

// Where a streaming parse hands the elements it does not keep: the top-level key of the list
// they are in ("" for a top-level array) and the element, which the callee may take.
using ElementSink = std::function<void(std::string_view key, Node& element)>;

// JSON or YAML read from `in` as it is parsed, in memory that does not grow with the text:
// when `stream_keys` is not empty, the elements of a top-level array (sequence) and of every
// array under one of the top-level keys `stream_keys` go to the sink as each is complete and
// are not kept (their array stays in the tree, empty). Text that is not valid UTF-8, or holds a NUL byte, ends the parse with
// an error at its line and column.
class DocumentStream {
 public:
  enum class Syntax { detect, json, yaml };
  // `detect`: JSON when the first character that is not white space is '{' or '[', else YAML.
  DocumentStream(TextReader& in, std::vector<std::string> stream_keys,
                 Syntax syntax = Syntax::detect, const DocumentLimits& limits = {});
  ~DocumentStream();
  DocumentStream(const DocumentStream&) = delete;
  DocumentStream& operator=(const DocumentStream&) = delete;

  bool json();
  // The next top-level value: JSON may hold several one after another (JSON Lines); YAML holds
  // one document (a null one when the text is empty), and a second one is an error at its
  // start. nullopt at the end. Errors start "line:column: ".
  Result<std::optional<Node>> next(const ElementSink& each);
  // After the one value a text must hold: true when nothing follows it, else the error ("line:
  // column: unexpected text after the JSON value", or a second YAML document).
  Result<bool> finished();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Appends `s` as a JSON string literal (quoted, escaped) to `out`.
void append_json_string(std::string& out, std::string_view s);

// A compact JSON object written member by member, in the order given:
//   JsonObject().text("name", n).number("agreements", 3).texts("aliases", a).str()
//   → {"name":"…","agreements":3,"aliases":["…"]}
// The small listings of the CLI (log, party list, minerals, check, config) are written with it.
class JsonObject {
 public:
  JsonObject& text(std::string_view name, std::string_view value);
  JsonObject& text_or_null(std::string_view name, std::string_view value);  // "" is null
  JsonObject& number(std::string_view name, std::int64_t value);
  JsonObject& boolean(std::string_view name, bool value);
  JsonObject& texts(std::string_view name, const std::vector<std::string>& values);
  JsonObject& object(std::string_view name, const JsonObject& value);
  std::string str() const { return m_text + '}'; }

 private:
  void name(std::string_view n);
  std::string m_text = "{";
};

// Objects as one JSON array with one object per line ("[\n{…},\n{…}\n]\n"; "[]\n" when
// there are none), or as JSON Lines when `lines`.
std::string json_array(const std::vector<JsonObject>& objects, bool lines = false);
// Where a YAML scalar is written: in block style, or inside a flow collection ("{a: b}",
// "[a, b]") where ",[]{}" must be quoted too.
enum class YamlContext { block, flow };
// Appends `s` as a YAML scalar: plain when that reads back as the same string, else
// double-quoted.
void append_yaml_scalar(std::string& out, std::string_view s,
                        YamlContext context = YamlContext::block);

}  // namespace mtrack
