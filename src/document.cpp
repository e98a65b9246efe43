#include "mtrack/document.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>

#include "mtrack/text.hpp"

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
      if (c >= '0' && c <= '9') out |= static_cast<char32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') out |= static_cast<char32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') out |= static_cast<char32_t>(c - 'A' + 10);
      else return fail("bad \\u escape");
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
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
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
        default: return fail(fmt::format("bad escape '\\{}'", e));
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

class YamlConverter {
 public:
  explicit YamlConverter(const DocumentLimits& limits) : m_limits(limits) {}

  // Converts, expanding aliases, within the node budget.
  bool convert(const YAML::Node& in, Node& out, std::size_t depth) {
    if (depth > m_limits.max_depth) return fail(in, "nested too deeply");
    if (++m_nodes > m_limits.max_nodes) {
      return fail(in, "the document expands to too many values (recursive aliases?)");
    }
    const auto mark = in.Mark();
    out.line = mark.line + 1;
    out.column = mark.column + 1;
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = Node::Kind::null;
        return true;
      case YAML::NodeType::Scalar:
        out.kind = Node::Kind::scalar;
        out.scalar = in.Scalar();
        out.quoted = in.Tag() == "!";
        if (out.scalar.size() > m_limits.max_scalar_bytes) {
          return fail(in, fmt::format("value longer than {} bytes", m_limits.max_scalar_bytes));
        }
        return true;
      case YAML::NodeType::Sequence:
        out.kind = Node::Kind::sequence;
        out.items.reserve(in.size());
        for (const auto& item : in) {
          out.items.emplace_back();
          if (!convert(item, out.items.back(), depth + 1)) return false;
        }
        return true;
      case YAML::NodeType::Map:
        out.kind = Node::Kind::mapping;
        for (const auto& kv : in) {
          if (!kv.first.IsScalar()) return fail(kv.first, "keys must be plain strings");
          const auto key_mark = kv.first.Mark();
          out.members.emplace_back(kv.first.Scalar(), Node{});
          out.key_marks.emplace_back(key_mark.line + 1, key_mark.column + 1);
          if (!convert(kv.second, out.members.back().second, depth + 1)) return false;
        }
        return true;
    }
    return true;
  }

  const std::string& error() const { return m_error; }

 private:
  bool fail(const YAML::Node& at, std::string_view why) {
    const auto mark = at.Mark();
    m_error = fmt::format("{}:{}: {}", mark.line + 1, mark.column + 1, why);
    return false;
  }

  const DocumentLimits& m_limits;
  std::size_t m_nodes = 0;
  std::string m_error;
};

bool needs_yaml_quotes(std::string_view s, YamlContext context) {
  if (s.empty()) return true;
  if (context == YamlContext::flow && s.find_first_of(",[]{}") != std::string_view::npos) {
    return true;
  }
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
  static constexpr std::string_view k_bad_first = "-?:,[]{}#&*!|>'\"%@`.~";
  if (k_bad_first.find(s.front()) != std::string_view::npos) return true;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return true;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return true;
  }
  // Words and numbers a YAML reader would not read back as this string.
  static const std::vector<std::string_view> k_reserved = {
      "true", "false", "yes", "no", "on", "off", "null", "y", "n"};
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
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    return Result<Node>::failure(
        fmt::format("{}:{}: {}", e.mark.line + 1, e.mark.column + 1, e.msg));
  } catch (const YAML::Exception& e) {
    return Result<Node>::failure(fmt::format("1:1: {}", e.what()));
  }
  Node out;
  // Without aliases a document has at most about one value per byte; allowing twice that
  // leaves room for honest anchors while an alias bomb fails after a few thousand values.
  DocumentLimits bounded = limits;
  bounded.max_nodes = std::min(limits.max_nodes, 1024 + 2 * text.size());
  YamlConverter converter(bounded);
  try {
    if (!converter.convert(root, out, 0)) return Result<Node>::failure(converter.error());
  } catch (const YAML::Exception& e) {
    return Result<Node>::failure(fmt::format("1:1: {}", e.what()));
  }
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    // Bytes that need no escape are appended as one run.
    std::size_t j = i;
    while (j < s.size() && s[j] != '"' && s[j] != '\\' &&
           static_cast<unsigned char>(s[j]) >= 0x20)
      ++j;
    out.append(s.data() + i, j - i);
    if (j == s.size()) break;
    const char c = s[j];
    i = j + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
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
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
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
