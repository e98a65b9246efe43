#include "mtrack/formats/document.hpp"

#include <fmt/format.h>
#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <istream>
#include <list>
#include <streambuf>
#include <unordered_map>

#include "mtrack/util/text.hpp"

namespace mtrack {

const Node* Node::get(std::string_view key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

namespace {

// ---- JSON -------------------------------------------------------------------------------

class JsonParser {
 public:
  JsonParser(std::string_view text, const DocumentLimits& limits) : m_s(text), m_limits(limits) {}

  // Hands the elements of the top-level array, or of the first array under the top-level
  // key `key`, to `each` one at a time instead of keeping them in the tree.
  void stream(std::string_view key, const std::function<void(const Node&)>& each) {
    m_stream_key = key;
    m_each = &each;
  }

  Result<Node> run() {
    Node root;
    skip_space();
    if (!value(root, 0)) return Result<Node>::failure(m_error);
    skip_space();
    if (m_pos != m_s.size()) {
      fail("unexpected text after the JSON value");
      return Result<Node>::failure(m_error);
    }
    return root;
  }

 private:
  bool fail(std::string_view why) {
    if (m_error.empty()) m_error = fmt::format("{}:{}: {}", m_line, column(), why);
    return false;
  }
  int column() const { return static_cast<int>(m_pos - m_line_start) + 1; }

  void skip_space() {
    while (m_pos < m_s.size()) {
      const char c = m_s[m_pos];
      if (c == '\n') {
        ++m_line;
        m_line_start = ++m_pos;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++m_pos;
      } else {
        break;
      }
    }
  }

  void mark(Node& n) const {
    n.line = m_line;
    n.column = column();
  }

  bool value(Node& n, std::size_t depth) {
    if (depth > m_limits.max_depth) return fail("nested too deeply");
    if (++m_nodes > m_limits.max_nodes) return fail("too many values");
    if (m_pos >= m_s.size()) return fail("unexpected end of input");
    mark(n);
    const bool under_stream_key = m_in_stream_key;
    m_in_stream_key = false;
    const char c = m_s[m_pos];
    if (c == '{') return object(n, depth);
    if (c == '[') {
      if (m_each && (depth == 0 || under_stream_key)) m_each_active = m_each;
      const bool ok = array(n, depth);
      m_each_active = nullptr;
      return ok;
    }
    if (c == '"') {
      n.kind = Node::Kind::scalar;
      n.quoted = true;
      return string(n.scalar);
    }
    if (literal("null")) return true;
    for (std::string_view word : {"true", "false"}) {
      if (literal(word)) {
        n.kind = Node::Kind::scalar;
        n.scalar = std::string(word);
        return true;
      }
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(n);
    return fail(fmt::format("unexpected character '{}'", c));
  }

  bool literal(std::string_view word) {
    if (m_s.substr(m_pos, word.size()) != word) return false;
    m_pos += word.size();
    return true;
  }

  bool number(Node& n) {
    const std::size_t start = m_pos;
    if (m_s[m_pos] == '-') ++m_pos;
    const auto digits = [&] {
      const std::size_t from = m_pos;
      while (m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9') ++m_pos;
      return m_pos > from;
    };
    const bool zero = m_pos < m_s.size() && m_s[m_pos] == '0';
    if (!digits()) return fail("invalid number");
    if (zero && m_pos - start > (m_s[start] == '-' ? 2u : 1u)) {
      m_pos = start + (m_s[start] == '-' ? 2 : 1);
      return fail("leading zero in a number");
    }
    if (m_pos < m_s.size() && m_s[m_pos] == '.') {
      ++m_pos;
      if (!digits()) return fail("invalid number");
    }
    if (m_pos < m_s.size() && (m_s[m_pos] == 'e' || m_s[m_pos] == 'E')) {
      ++m_pos;
      if (m_pos < m_s.size() && (m_s[m_pos] == '+' || m_s[m_pos] == '-')) ++m_pos;
      if (!digits()) return fail("invalid number");
    }
    n.kind = Node::Kind::scalar;
    n.scalar = std::string(m_s.substr(start, m_pos - start));
    return true;
  }

  static void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool hex4(char32_t& out) {
    if (m_pos + 4 > m_s.size()) return fail("bad \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = m_s[m_pos++];
      out <<= 4;
      if (c >= '0' && c <= '9')
        out |= static_cast<char32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        out |= static_cast<char32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        out |= static_cast<char32_t>(c - 'A' + 10);
      else
        return fail("bad \\u escape");
    }
    return true;
  }

  bool string(std::string& out) {
    ++m_pos;  // opening quote
    while (true) {
      // Copy the run up to the next quote, backslash or control character at once.
      const std::size_t from = m_pos;
      while (m_pos < m_s.size()) {
        const auto c = static_cast<unsigned char>(m_s[m_pos]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        ++m_pos;
      }
      out.append(m_s.substr(from, m_pos - from));
      if (out.size() > m_limits.max_scalar_bytes) {
        return fail(fmt::format("string longer than {} bytes", m_limits.max_scalar_bytes));
      }
      if (m_pos >= m_s.size()) return fail("unterminated string");
      const char c = m_s[m_pos];
      if (c == '"') {
        ++m_pos;
        return true;
      }
      if (c != '\\') return fail("control character in string");
      if (++m_pos >= m_s.size()) return fail("unterminated string");
      const char e = m_s[m_pos++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          char32_t cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            char32_t low = 0;
            if (m_s.substr(m_pos, 2) != "\\u") return fail("unpaired surrogate");
            m_pos += 2;
            if (!hex4(low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return fail("unpaired surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return fail("unpaired surrogate");
          }
          append_utf8(out, cp);
          break;
        }
        default:
          return fail(fmt::format("bad escape '\\{}'", e));
      }
    }
  }

  bool array(Node& n, std::size_t depth) {
    n.kind = Node::Kind::sequence;
    ++m_pos;
    skip_space();
    if (m_pos < m_s.size() && m_s[m_pos] == ']') {
      ++m_pos;
      return true;
    }
    // A streamed array passes each element on and keeps none; elements nested in it are
    // ordinary arrays.
    const std::function<void(const Node&)>* each = m_each_active;
    m_each_active = nullptr;
    Node element;
    while (true) {
      skip_space();
      if (each) {
        element = Node{};
        if (!value(element, depth + 1)) return false;
        (*each)(element);
      } else {
        n.items.emplace_back();
        if (!value(n.items.back(), depth + 1)) return false;
      }
      skip_space();
      if (m_pos >= m_s.size()) return fail("unterminated array");
      if (m_s[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (m_s[m_pos] == ']') {
        ++m_pos;
        return true;
      }
      return fail("expected ',' or ']'");
    }
  }

  bool object(Node& n, std::size_t depth) {
    n.kind = Node::Kind::mapping;
    ++m_pos;
    skip_space();
    if (m_pos < m_s.size() && m_s[m_pos] == '}') {
      ++m_pos;
      return true;
    }
    while (true) {
      skip_space();
      if (m_pos >= m_s.size() || m_s[m_pos] != '"') return fail("expected a quoted key");
      const int key_line = m_line;
      const int key_column = column();
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (m_pos >= m_s.size() || m_s[m_pos] != ':') return fail("expected ':'");
      ++m_pos;
      skip_space();
      if (depth == 0 && m_each && !m_streamed_key && key == m_stream_key) {
        m_in_stream_key = true;
        m_streamed_key = true;
      }
      n.members.emplace_back(std::move(key), Node{});
      n.key_marks.emplace_back(key_line, key_column);
      if (!value(n.members.back().second, depth + 1)) return false;
      skip_space();
      if (m_pos >= m_s.size()) return fail("unterminated object");
      if (m_s[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (m_s[m_pos] == '}') {
        ++m_pos;
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  std::string_view m_s;
  const DocumentLimits& m_limits;
  std::size_t m_pos = 0;
  std::size_t m_line_start = 0;
  int m_line = 1;
  std::size_t m_nodes = 0;
  std::string m_error;
  std::string_view m_stream_key;
  const std::function<void(const Node&)>* m_each = nullptr;
  const std::function<void(const Node&)>* m_each_active = nullptr;
  bool m_in_stream_key = false;  // the value about to be parsed is under m_stream_key
  bool m_streamed_key = false;   // m_stream_key was seen (only its first use streams)
};

// ---- YAML -------------------------------------------------------------------------------

// A read-only stream buffer over text that is already in memory, so that yaml-cpp reads the
// caller's bytes without a copy.
class ViewBuffer : public std::streambuf {
 public:
  explicit ViewBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // only ever read
    setg(begin, begin, begin + text.size());
  }
};

struct YamlFailure {
  std::string message;  // "line:column: why"
};

// Builds a Node tree from yaml-cpp's parse events, without yaml-cpp's own node graph (which
// costs tens of bytes per byte of input). Aliases are expanded within the node budget. The
// elements of the sequence under the top-level key `stream_key` are handed to `each` as each
// is complete and not kept, so a long agreement list is read in the memory of one agreement.
class YamlBuilder final : public YAML::EventHandler {
 public:
  YamlBuilder(const DocumentLimits& limits, std::string_view stream_key,
              const std::function<void(const Node&)>* each)
      : m_limits(limits), m_stream_key(stream_key), m_each(each) {}

  Node take_root() { return std::move(m_root); }
  const std::string& key_error() const { return m_key_error; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node& n = open(mark, Node::Kind::null);
    close(n, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = m_anchors.find(anchor);
    if (it == m_anchors.end()) {
      fail(mark, "the document expands to too many values (recursive aliases?)");
    }
    m_nodes += it->second.second;
    if (m_nodes > m_limits.max_nodes) {
      fail(mark, "the document expands to too many values (recursive aliases?)");
    }
    Node& n = open(mark, Node::Kind::null);
    const int line = n.line, column = n.column;
    n = it->second.first;
    n.line = line;
    n.column = column;
    close(n, YAML::NullAnchor);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (value.size() > m_limits.max_scalar_bytes) {
      fail(mark, fmt::format("value longer than {} bytes", m_limits.max_scalar_bytes));
    }
    if (expecting_key()) {
      m_stack.back().key = value;
      m_stack.back().key_mark = {mark.line + 1, mark.column + 1};
      m_stack.back().has_key = true;
      return;
    }
    Node& n = open(mark, Node::Kind::scalar);
    n.scalar = value;
    n.quoted = tag == "!";
    close(n, anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    push(open(mark, Node::Kind::sequence), anchor);
  }
  void OnSequenceEnd() override { pop(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    push(open(mark, Node::Kind::mapping), anchor);
  }
  void OnMapEnd() override { pop(); }

 private:
  struct Frame {
    Node* node = nullptr;
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::size_t first_node = 0;  // m_nodes when it opened, to size an anchored copy
    bool streams = false;        // its complete elements go to m_each
    std::string key;             // a mapping's pending key
    std::pair<int, int> key_mark;
    bool has_key = false;
  };

  bool expecting_key() const {
    return !m_stack.empty() && m_stack.back().node->is_mapping() && !m_stack.back().has_key;
  }

  [[noreturn]] void fail(const YAML::Mark& mark, std::string_view why) {
    throw YamlFailure{fmt::format("{}:{}: {}", mark.line + 1, mark.column + 1, why)};
  }

  // A new value in its place: the root, the next element, or the pending key's value.
  Node& open(const YAML::Mark& mark, Node::Kind kind) {
    if (expecting_key()) {
      // Reported once the document has parsed: a syntax error later in the text (an
      // unclosed flow collection reads as a complex key first) is the better message.
      if (m_key_error.empty()) {
        m_key_error =
            fmt::format("{}:{}: keys must be plain strings", mark.line + 1, mark.column + 1);
      }
      m_stack.back().key.clear();
      m_stack.back().has_key = true;
      Node& discarded = m_discarded.emplace_back();
      discarded.kind = kind;
      return discarded;
    }
    if (m_stack.size() > m_limits.max_depth) fail(mark, "nested too deeply");
    if (++m_nodes > m_limits.max_nodes) {
      fail(mark, "the document expands to too many values (recursive aliases?)");
    }
    Node* n = &m_root;
    if (!m_stack.empty()) {
      Frame& parent = m_stack.back();
      if (parent.node->is_sequence()) {
        if (parent.streams) {
          m_item = Node{};
          n = &m_item;
        } else {
          n = &parent.node->items.emplace_back();
        }
      } else {
        parent.node->members.emplace_back(std::move(parent.key), Node{});
        parent.node->key_marks.push_back(parent.key_mark);
        parent.has_key = false;
        n = &parent.node->members.back().second;
      }
    }
    n->kind = kind;
    n->line = mark.line + 1;
    n->column = mark.column + 1;
    return *n;
  }

  void push(Node& n, YAML::anchor_t anchor) {
    Frame f;
    f.node = &n;
    f.anchor = anchor;
    f.first_node = m_nodes;
    // The sequence under the top-level key: the root mapping is the only frame below it.
    if (m_each && n.is_sequence() && m_stack.size() == 1 && !m_streamed &&
        m_stack.back().node->is_mapping() && !m_stack.back().node->members.empty() &&
        &m_stack.back().node->members.back().second == &n &&
        m_stack.back().node->members.back().first == m_stream_key) {
      f.streams = true;
      m_streamed = true;
    }
    m_stack.push_back(std::move(f));
  }

  void pop() {
    Frame f = std::move(m_stack.back());
    m_stack.pop_back();
    close(*f.node, f.anchor, m_nodes - f.first_node + 1);
  }

  // A value is complete: remember it under its anchor, or hand on a streamed element.
  // `values` is how many values it holds, itself included (what an alias of it expands to).
  void close(const Node& n, YAML::anchor_t anchor, std::size_t values = 1) {
    if (anchor != YAML::NullAnchor) m_anchors[anchor] = {n, values};
    if (!m_stack.empty() && m_stack.back().streams) (*m_each)(n);
  }

  const DocumentLimits& m_limits;
  std::string_view m_stream_key;
  const std::function<void(const Node&)>* m_each;
  bool m_streamed = false;
  Node m_root;
  Node m_item;  // the streamed element being built
  std::vector<Frame> m_stack;
  std::size_t m_nodes = 0;
  std::unordered_map<YAML::anchor_t, std::pair<Node, std::size_t>> m_anchors;  // copy, values
  std::string m_key_error;
  std::list<Node> m_discarded;  // keys that are not scalars (stable addresses while built)
};

Result<Node> run_yaml(std::string_view text, std::string_view stream_key,
                      const std::function<void(const Node&)>* each, const DocumentLimits& limits) {
  // Without aliases a document has at most about one value per byte; allowing twice that
  // leaves room for honest anchors while an alias bomb fails after a few thousand values.
  DocumentLimits bounded = limits;
  bounded.max_nodes = std::min(limits.max_nodes, 1024 + 2 * text.size());
  YamlBuilder builder(bounded, stream_key, each);
  ViewBuffer buffer(text);
  std::istream in(&buffer);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);  // the first document, as YAML::Load reads
  } catch (const YamlFailure& f) {
    return Result<Node>::failure(f.message);
  } catch (const YAML::ParserException& e) {
    return Result<Node>::failure(
        fmt::format("{}:{}: {}", e.mark.line + 1, e.mark.column + 1, e.msg));
  } catch (const YAML::Exception& e) {
    return Result<Node>::failure(fmt::format("1:1: {}", e.what()));
  }
  if (!builder.key_error().empty()) return Result<Node>::failure(builder.key_error());
  return builder.take_root();
}

// The length of the valid UTF-8 sequence at `i` (2 to 4 bytes), or 0 when there is none.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
  if (n == 0 || b > 0xF4 || i + n > s.size()) return 0;
  return text::valid_utf8(s.substr(i, n)) ? n : 0;
}

// A multi-byte character at `i` that a text format must not carry raw: a C1 control
// (U+0080..U+009F, "\u0085"), or "\ufffd" for a byte that is not UTF-8. Else "" and `n`, the
// length of the character to copy.
std::string_view unicode_escape(std::string_view s, std::size_t i, std::size_t& n,
                                std::string& buf) {
  n = utf8_sequence(s, i);
  if (n == 0) {
    n = 1;
    return "\\ufffd";
  }
  if (n == 2 && static_cast<unsigned char>(s[i]) == 0xC2 &&
      static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
    buf = fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(s[i + 1])));
    return buf;
  }
  return {};
}


bool needs_yaml_quotes(std::string_view s, YamlContext context) {
  if (s.empty()) return true;
  if (context == YamlContext::flow && s.find_first_of(",[]{}") != std::string_view::npos) {
    return true;
  }
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
  static constexpr std::string_view k_bad_first = "-?:,[]{}#&*!|>'\"%@`.~";
  if (k_bad_first.find(s.front()) != std::string_view::npos) return true;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x20 || u == 0x7F) return true;
    if (u >= 0x80) {
      // C1 controls and bytes that are not UTF-8 need the escapes of a quoted scalar.
      const std::size_t n = utf8_sequence(s, i);
      if (n == 0 || (u == 0xC2 && static_cast<unsigned char>(s[i + 1]) <= 0x9F)) return true;
      i += n - 1;
    }
  }
  // Words and numbers a YAML reader would not read back as this string.
  static const std::vector<std::string_view> k_reserved = {"true", "false", "yes", "no", "on",
                                                           "off",  "null",  "y",   "n"};
  const std::string l = text::lower(s);
  for (auto r : k_reserved) {
    if (l == r) return true;
  }
  bool numeric = true;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E' ||
          c == '_' || c == ':' || c == 'x' || c == 'o')) {
      numeric = false;
      break;
    }
  }
  if (numeric && s.front() >= '0' && s.front() <= '9') return true;
  if (s.front() == '+') return true;
  return false;
}

}  // namespace

Result<Node> parse_json(std::string_view text, const DocumentLimits& limits) {
  return JsonParser(text, limits).run();
}

Result<Node> parse_json_streaming(std::string_view text, std::string_view list_key,
                                  const std::function<void(const Node&)>& each,
                                  const DocumentLimits& limits) {
  JsonParser parser(text, limits);
  parser.stream(list_key, each);
  return parser.run();
}

Result<Node> parse_yaml(std::string_view text, const DocumentLimits& limits) {
  return run_yaml(text, {}, nullptr, limits);
}

Result<Node> parse_yaml_streaming(std::string_view text, std::string_view list_key,
                                  const std::function<void(const Node&)>& each,
                                  const DocumentLimits& limits) {
  return run_yaml(text, list_key, &each, limits);
}


void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  std::string buf;
  while (i < s.size()) {
    // Bytes that need no escape are appended as one run.
    std::size_t j = i;
    while (j < s.size() && s[j] != '"' && s[j] != '\\' && static_cast<unsigned char>(s[j]) >= 0x20 &&
           static_cast<unsigned char>(s[j]) < 0x7F)
      ++j;
    out.append(s.data() + i, j - i);
    if (j == s.size()) break;
    const char c = s[j];
    i = j + 1;
    if (static_cast<unsigned char>(c) >= 0x7F) {
      // JSON is UTF-8: a byte that is not becomes U+FFFD; DEL and C1 controls are escaped
      // so that no JSON printed to a terminal drives it.
      std::size_t n = 1;
      if (c == 0x7F) {
        out += "\\u007f";
      } else if (const auto e = unicode_escape(s, j, n, buf); !e.empty()) {
        out += e;
      } else {
        out.append(s.substr(j, n));
      }
      i = j + n;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_yaml_scalar(std::string& out, std::string_view s, YamlContext context) {
  if (!needs_yaml_quotes(s, context)) {
    out += s;
    return;
  }
  out += '"';
  std::string buf;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // YAML is Unicode and prints no C1 control raw: both escaped as JSON does.
      std::size_t n = 1;
      if (const auto e = unicode_escape(s, i, n, buf); !e.empty()) {
        out += e;
      } else {
        out.append(s.substr(i, n));
      }
      i += n - 1;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace mtrack
