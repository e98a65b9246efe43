#include "mtrack/formats/document.hpp"

#include <fmt/format.h>
#include <yaml.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <exception>
#include <functional>
#include <list>
#include <new>
#include <unordered_map>
#include <utility>

#include "mtrack/util/text.hpp"

namespace mtrack {

const Node* Node::get(std::string_view key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::size_t StringReader::read(char* buffer, std::size_t n) {
  const std::size_t k = std::min(n, m_text.size());
  std::memcpy(buffer, m_text.data(), k);
  m_text.remove_prefix(k);
  return k;
}

namespace {

// Reads from a TextReader, letting only valid UTF-8 text through: the first invalid byte
// (or a NUL, which no text holds) ends the text, and error() says where it was. A sequence
// cut by a block boundary is held back until the next block completes it.
class Feed {
 public:
  explicit Feed(TextReader& in) : m_in(in) {}

  // Up to `n` (at least 4) bytes of text; 0 at its end.
  std::size_t read(char* out, std::size_t n) {
    if (!m_ahead.empty()) {
      const std::size_t k = std::min(n, m_ahead.size());
      std::memcpy(out, m_ahead.data(), k);
      m_ahead.erase(0, k);
      return k;
    }
    return read_checked(out, n);
  }

  // The first bytes of the text, without consuming them (fewer at its end).
  std::string_view peek(std::size_t n) {
    while (m_ahead.size() < n && !m_done) {
      const std::size_t at = m_ahead.size();
      m_ahead.resize(at + 4096);
      m_ahead.resize(at + read_checked(m_ahead.data() + at, 4096));
      if (m_ahead.size() == at) break;
    }
    return std::string_view(m_ahead).substr(0, std::min(n, m_ahead.size()));
  }

  const std::string& error() const { return m_error; }
  // Bytes of text read so far (peeked ones included).
  std::size_t consumed() const { return m_consumed; }

 private:
  std::size_t read_checked(char* out, std::size_t n) {
    while (!m_done) {
      std::size_t total = m_held.size();
      std::memcpy(out, m_held.data(), total);
      m_held.clear();
      const std::size_t got = m_in.read(out + total, n - total);
      const bool end = got == 0;
      total += got;
      const std::string_view data(out, total);
      std::size_t good = text::valid_utf8_prefix(data);
      const void* nul = std::memchr(data.data(), 0, good);
      if (nul != nullptr) good = static_cast<std::size_t>(static_cast<const char*>(nul) - out);
      const bool cut = good < total && nul == nullptr && !end && total - good < 4;
      if (cut) m_held.assign(data.substr(good));
      count_lines(data.substr(0, good));
      m_consumed += good;
      if (good < total && !cut) {
        m_error = fmt::format("{}:{}: {}", m_line, m_column,
                              nul ? "the file is not text (it holds a NUL byte)"
                                  : "the file is not valid UTF-8 text");
        m_done = true;
      }
      if (end) m_done = true;
      if (good > 0 || m_done) return good;
    }
    return 0;
  }

  void count_lines(std::string_view s) {
    const auto last = s.rfind('\n');
    if (last == std::string_view::npos) {
      m_column += static_cast<int>(s.size());
      return;
    }
    m_line += static_cast<int>(std::count(s.begin(), s.end(), '\n'));
    m_column = static_cast<int>(s.size() - last);
  }

  TextReader& m_in;
  std::string m_held;   // the start of a sequence the last block cut
  std::string m_ahead;  // peeked, not yet read
  bool m_done = false;
  std::string m_error;
  int m_line = 1;
  int m_column = 1;
  std::size_t m_consumed = 0;
};

// ---- JSON -------------------------------------------------------------------------------

class JsonParser {
 public:
  JsonParser(Feed& feed, const DocumentLimits& limits) : m_feed(feed), m_limits(limits) {
    m_buf.resize(k_block);
  }

  // Hands the elements of a top-level array, and of arrays under these top-level keys, to
  // `each` one at a time instead of keeping them in the tree.
  void stream(const std::vector<std::string>* keys, const ElementSink* each) {
    m_stream_keys = keys;
    m_each = each;
  }

  // The next top-level value, or false at the end (error() empty) or on an error.
  bool next(Node& root) {
    skip_space();
    if (!more()) return false;
    return value(root, 0);
  }

  // A value that must be there ("unexpected end of input" when there is none).
  bool expect(Node& root) {
    skip_space();
    return value(root, 0);
  }

  bool at_end() {
    skip_space();
    return !more();
  }

  // "unexpected text after the JSON value", at where it starts.
  void trailing_text() { fail("unexpected text after the JSON value"); }

  const std::string& error() const { return m_error; }

 private:
  static constexpr std::size_t k_block = std::size_t{1} << 16;

  // The window m_buf[m_pos, m_end) holds the text not yet consumed; a refill drops what was.
  bool more() { return m_pos < m_end || refill(); }
  bool refill() {
    if (m_error_seen) return false;
    m_base += m_pos;
    std::memmove(m_buf.data(), m_buf.data() + m_pos, m_end - m_pos);
    m_end -= m_pos;
    m_pos = 0;
    if (m_buf.size() - m_end < k_block / 2) m_buf.resize(m_end + k_block);
    const std::size_t got = m_feed.read(m_buf.data() + m_end, m_buf.size() - m_end);
    m_end += got;
    return got > 0;
  }
  // At least `n` bytes ahead (fewer at the end of the text).
  void ensure(std::size_t n) {
    while (m_end - m_pos < n && refill()) {
    }
  }
  char peek() const { return m_buf[m_pos]; }

  bool fail(std::string_view why) {
    if (m_error.empty()) m_error = fmt::format("{}:{}: {}", m_line, column(), why);
    m_error_seen = true;
    return false;
  }
  int column() const { return static_cast<int>(m_base + m_pos - m_line_start) + 1; }

  void skip_space() {
    while (more()) {
      const char c = peek();
      if (c == '\n') {
        ++m_line;
        ++m_pos;
        m_line_start = m_base + m_pos;
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

  bool value(Node& n, std::size_t depth, std::string_view stream_key = {}, bool streams = false) {
    if (depth > m_limits.max_depth) return fail("nested too deeply");
    if (++m_nodes > m_limits.max_nodes) return fail("too many values");
    if (!more()) return fail("unexpected end of input");
    mark(n);
    const char c = peek();
    if (c == '{') return object(n, depth);
    if (c == '[') {
      const bool top = depth == 0 && m_each && m_stream_keys && !m_stream_keys->empty();
      return array(n, depth, stream_key, streams || top);
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
    ensure(word.size());
    if (std::string_view(m_buf.data() + m_pos, std::min(word.size(), m_end - m_pos)) != word) {
      return false;
    }
    m_pos += word.size();
    return true;
  }

  bool number(Node& n) {
    std::string& out = n.scalar;
    const auto digits = [&] {
      const std::size_t from = out.size();
      while (more() && peek() >= '0' && peek() <= '9') out += m_buf[m_pos++];
      return out.size() > from;
    };
    if (peek() == '-') out += m_buf[m_pos++];
    const bool zero = more() && peek() == '0';
    const std::size_t sign = out.size();
    if (!digits()) return fail("invalid number");
    if (zero && out.size() - sign > 1) {
      // Point at the digit after the leading zero.
      const std::size_t extra = out.size() - sign - 1;
      m_pos -= std::min(extra, m_pos);
      return fail("leading zero in a number");
    }
    if (more() && peek() == '.') {
      out += m_buf[m_pos++];
      if (!digits()) return fail("invalid number");
    }
    if (more() && (peek() == 'e' || peek() == 'E')) {
      out += m_buf[m_pos++];
      if (more() && (peek() == '+' || peek() == '-')) out += m_buf[m_pos++];
      if (!digits()) return fail("invalid number");
    }
    n.kind = Node::Kind::scalar;
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
    ensure(4);
    if (m_end - m_pos < 4) return fail("bad \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = m_buf[m_pos++];
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
      while (m_pos < m_end) {
        const auto c = static_cast<unsigned char>(m_buf[m_pos]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        ++m_pos;
      }
      out.append(m_buf.data() + from, m_pos - from);
      if (out.size() > m_limits.max_scalar_bytes) {
        return fail(fmt::format("string longer than {} bytes", m_limits.max_scalar_bytes));
      }
      if (m_pos == m_end) {
        if (!refill()) return fail("unterminated string");
        continue;
      }
      const char c = peek();
      if (c == '"') {
        ++m_pos;
        return true;
      }
      if (c != '\\') return fail("control character in string");
      ++m_pos;
      if (!more()) return fail("unterminated string");
      const char e = m_buf[m_pos++];
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
            ensure(2);
            if (std::string_view(m_buf.data() + m_pos, std::min<std::size_t>(2, m_end - m_pos)) !=
                "\\u") {
              return fail("unpaired surrogate");
            }
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

  bool array(Node& n, std::size_t depth, std::string_view stream_key, bool streams) {
    n.kind = Node::Kind::sequence;
    ++m_pos;
    skip_space();
    if (more() && peek() == ']') {
      ++m_pos;
      return true;
    }
    // A streamed array passes each element on and keeps none; elements nested in it are
    // ordinary arrays.
    Node element;
    while (true) {
      skip_space();
      if (streams) {
        // A streamed element is not kept: it no longer counts against the value budget.
        const std::size_t kept = m_nodes;
        element = Node{};
        if (!value(element, depth + 1)) return false;
        (*m_each)(stream_key, element);
        m_nodes = kept;
      } else {
        n.items.emplace_back();
        if (!value(n.items.back(), depth + 1)) return false;
      }
      skip_space();
      if (!more()) return fail("unterminated array");
      if (peek() == ',') {
        ++m_pos;
        continue;
      }
      if (peek() == ']') {
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
    if (more() && peek() == '}') {
      ++m_pos;
      return true;
    }
    // Room for four fields at once: growing from one moved every member (a Node with its
    // vectors) again at the second, third and fifth field (1% of an import's instructions).
    n.members.reserve(4);
    n.key_marks.reserve(4);
    while (true) {
      skip_space();
      if (!more() || peek() != '"') return fail("expected a quoted key");
      const int key_line = m_line;
      const int key_column = column();
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (!more() || peek() != ':') return fail("expected ':'");
      ++m_pos;
      skip_space();
      const bool streams = depth == 0 && m_each && m_stream_keys &&
                           std::find(m_stream_keys->begin(), m_stream_keys->end(), key) !=
                               m_stream_keys->end();
      n.members.emplace_back(std::move(key), Node{});
      n.key_marks.emplace_back(key_line, key_column);
      auto& member = n.members.back();
      if (!value(member.second, depth + 1, member.first, streams)) return false;
      skip_space();
      if (!more()) return fail("unterminated object");
      if (peek() == ',') {
        ++m_pos;
        continue;
      }
      if (peek() == '}') {
        ++m_pos;
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  Feed& m_feed;
  const DocumentLimits& m_limits;
  std::string m_buf;
  std::size_t m_pos = 0;
  std::size_t m_end = 0;
  std::size_t m_base = 0;        // offset in the text of m_buf[0]
  std::size_t m_line_start = 0;  // offset in the text of the current line
  int m_line = 1;
  std::size_t m_nodes = 0;
  std::string m_error;
  bool m_error_seen = false;
  const std::vector<std::string>* m_stream_keys = nullptr;
  const ElementSink* m_each = nullptr;
};

// ---- YAML -------------------------------------------------------------------------------

struct YamlFailure {
  std::string message;  // "line:column: why"
};

// `mark`: libyaml's (line and column from 0).
[[noreturn]] void yaml_fail(const yaml_mark_t& mark, std::string_view why) {
  throw YamlFailure{fmt::format("{}:{}: {}", mark.line + 1, mark.column + 1, why)};
}

// libyaml's event parser over the feed. It keeps no more than the event at hand and what
// the next token needs (yaml-cpp's parser kept a record of every block collection it had
// opened until the end of the document: about 300 bytes per agreement of a block-style file,
// so that a large import's memory grew with the file).
class YamlEvents {
 public:
  explicit YamlEvents(Feed& feed) : m_feed(feed) {
    if (yaml_parser_initialize(&m_parser) == 0) throw std::bad_alloc();
    yaml_parser_set_encoding(&m_parser, YAML_UTF8_ENCODING);
    yaml_parser_set_input(&m_parser, &YamlEvents::read, this);
  }
  ~YamlEvents() {
    if (m_has_event) yaml_event_delete(&m_event);
    yaml_parser_delete(&m_parser);
  }
  YamlEvents(const YamlEvents&) = delete;
  YamlEvents& operator=(const YamlEvents&) = delete;

  // The next event (valid until the next call); a parse error throws YamlFailure, and what
  // reading the text threw is thrown again.
  const yaml_event_t& next() {
    if (m_has_event) {
      yaml_event_delete(&m_event);
      m_has_event = false;
    }
    if (yaml_parser_parse(&m_parser, &m_event) == 0) {
      if (m_thrown) std::rethrow_exception(std::exchange(m_thrown, nullptr));
      // A reader error (a character YAML does not allow) names a byte offset, not a mark.
      const yaml_mark_t at =
          m_parser.error == YAML_READER_ERROR ? mark_at(m_parser.problem_offset)
                                              : m_parser.problem_mark;
      std::string why = m_parser.problem != nullptr ? m_parser.problem : "cannot read the text";
      if (m_parser.error == YAML_SCANNER_ERROR && char_at(at) == '\t') {
        // libyaml says only that the character cannot start a token.
        yaml_fail(at, "a tab, where YAML indents with spaces only");
      }
      if (m_parser.context != nullptr) {  // "(while parsing a flow mapping at 1:7)"
        const yaml_mark_t& from = m_parser.context_mark;
        if (from.line == at.line && from.column == at.column) {
          why += fmt::format(" ({})", m_parser.context);
        } else {
          why += fmt::format(" ({} at {}:{})", m_parser.context, from.line + 1, from.column + 1);
        }
      }
      yaml_fail(at, why);
    }
    m_has_event = true;
    return m_event;
  }

 private:
  static int read(void* self, unsigned char* buffer, std::size_t size, std::size_t* got) {
    auto& me = *static_cast<YamlEvents*>(self);
    try {  // nothing may be thrown through libyaml's C code
      *got = me.m_feed.read(reinterpret_cast<char*>(buffer), size);
      me.keep(std::string_view(reinterpret_cast<const char*>(buffer), *got));
      return 1;
    } catch (...) {
      me.m_thrown = std::current_exception();
      *got = 0;
      return 0;
    }
  }

  // The text libyaml read last, where its reader checks each character (a few blocks behind
  // what it read at most), with the byte offset (index), line and column each block starts at.
  struct Block {
    yaml_mark_t start{};
    std::string text;
  };

  static void advance(yaml_mark_t& m, std::string_view text) {
    for (const char c : text) {
      if (c == '\n') {
        ++m.line;
        m.column = 0;
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {  // a character's first byte
        ++m.column;
      }
    }
  }

  void keep(std::string_view text) {
    if (text.empty()) return;
    Block& b = m_recent[m_blocks++ % m_recent.size()];  // the oldest one, its room reused
    b.start = m_end;
    b.text.assign(text);
    advance(m_end, text);
    m_end.index += text.size();
  }

  // The line and column of the byte at `offset`; the scanner's place when it is no longer kept.
  yaml_mark_t mark_at(std::size_t offset) const {
    for (const auto& b : m_recent) {
      if (!b.text.empty() && offset >= b.start.index &&
          offset - b.start.index <= b.text.size()) {
        yaml_mark_t m = b.start;
        advance(m, std::string_view(b.text).substr(0, offset - b.start.index));
        return m;
      }
    }
    return m_parser.mark;
  }

  // The byte at `at` when it is still kept, else '\0'.
  char char_at(const yaml_mark_t& at) const {
    const auto before = [](const yaml_mark_t& a, const yaml_mark_t& b) {
      return a.line < b.line || (a.line == b.line && a.column <= b.column);
    };
    const Block* from = nullptr;  // the latest block starting at or before `at`
    for (const auto& b : m_recent) {
      if (!b.text.empty() && before(b.start, at) && (!from || b.start.index > from->start.index)) {
        from = &b;
      }
    }
    if (!from) return '\0';
    yaml_mark_t m = from->start;
    for (std::size_t i = 0; i < from->text.size(); ++i) {
      const char c = from->text[i];
      const bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // a character
      if (starts && m.line == at.line && m.column == at.column) return c;
      advance(m, std::string_view(&c, 1));
    }
    return '\0';
  }

  Feed& m_feed;
  yaml_parser_t m_parser{};
  yaml_event_t m_event{};
  bool m_has_event = false;
  std::exception_ptr m_thrown;
  std::array<Block, 4> m_recent;
  std::size_t m_blocks = 0;  // blocks read so far
  yaml_mark_t m_end{};  // where the text read so far ends (index: its length in bytes)
};

std::string_view text_of(const yaml_char_t* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

// A plain scalar that YAML reads as null ("key:" with no value, "~", "null").
bool null_word(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// Builds a Node tree from libyaml's parse events, a value at a time. Aliases are expanded
// within the node budget. The elements of a top-level sequence, and of sequences under the
// top-level keys `stream_keys`, go to `each` as each is complete and are not kept, so a long
// agreement list is read in the memory of one agreement.
class YamlBuilder {
 public:
  YamlBuilder(const DocumentLimits& limits, const Feed& feed,
              const std::vector<std::string>* stream_keys, const ElementSink* each)
      : m_limits(limits), m_feed(feed), m_stream_keys(stream_keys), m_each(each) {}

  Node take_root() { return std::move(m_root); }
  const std::string& key_error() const { return m_key_error; }

  // Builds the document whose start event was just read, up to its end event.
  void document(YamlEvents& events) {
    while (true) {
      const yaml_event_t& e = events.next();
      switch (e.type) {
        case YAML_DOCUMENT_END_EVENT:
          return;
        case YAML_ALIAS_EVENT:
          alias(e.start_mark, text_of(e.data.alias.anchor));
          break;
        case YAML_SCALAR_EVENT:
          scalar(e.start_mark, text_of(e.data.scalar.anchor),
                 std::string_view(reinterpret_cast<const char*>(e.data.scalar.value),
                                  e.data.scalar.length),
                 e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE, e.data.scalar.tag != nullptr);
          break;
        case YAML_SEQUENCE_START_EVENT:
          push(open(e.start_mark, Node::Kind::sequence), text_of(e.data.sequence_start.anchor));
          break;
        case YAML_MAPPING_START_EVENT:
          push(open(e.start_mark, Node::Kind::mapping), text_of(e.data.mapping_start.anchor));
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          pop();
          break;
        default:  // the stream's and documents' own events come only around a document
          break;
      }
    }
  }

 private:
  struct Frame {
    Node* node = nullptr;
    std::string anchor;
    std::size_t first_node = 0;  // m_nodes when it opened, to size an anchored copy
    bool streams = false;        // its complete elements go to m_each
    std::string stream_key;      // the top-level key it is under
    std::string key;             // a mapping's pending key
    std::pair<int, int> key_mark;
    bool has_key = false;
  };

  void alias(const yaml_mark_t& mark, std::string_view anchor) {
    auto it = m_anchors.find(std::string(anchor));
    if (it == m_anchors.end()) {
      yaml_fail(mark, fmt::format("unknown anchor '{}'", anchor));
    }
    m_nodes += it->second.second;
    if (over_budget()) {
      yaml_fail(mark, "the document expands to too many values (recursive aliases?)");
    }
    Node& n = open(mark, Node::Kind::null);
    const int line = n.line, column = n.column;
    n = it->second.first;
    n.line = line;
    n.column = column;
    close(n, {});
  }

  // `quoted`: any style but plain (a block scalar too); `tagged`: with an explicit tag
  // ("!!str null" is text).
  void scalar(const yaml_mark_t& mark, std::string_view anchor, std::string_view value,
              bool quoted, bool tagged) {
    if (value.size() > m_limits.max_scalar_bytes) {
      yaml_fail(mark, fmt::format("value longer than {} bytes", m_limits.max_scalar_bytes));
    }
    const bool null = !quoted && !tagged && null_word(value);
    if (expecting_key() && !null) {
      m_stack.back().key = value;
      m_stack.back().key_mark = {static_cast<int>(mark.line + 1),
                                 static_cast<int>(mark.column + 1)};
      m_stack.back().has_key = true;
      return;
    }
    if (null) {
      close(open(mark, Node::Kind::null), anchor);
      return;
    }
    Node& n = open(mark, Node::Kind::scalar);
    n.scalar = value;
    n.quoted = quoted;
    close(n, anchor);
  }

  // Without aliases a document holds at most about one value per byte; allowing twice that
  // of what has been read leaves room for honest anchors while an alias bomb fails after a
  // few thousand values. Streamed elements no longer count.
  bool over_budget() const {
    return m_nodes > m_limits.max_nodes || m_nodes > 1024 + 2 * m_feed.consumed();
  }

  bool expecting_key() const {
    return !m_stack.empty() && m_stack.back().node->is_mapping() && !m_stack.back().has_key;
  }

  // A new value in its place: the root, the next element, or the pending key's value.
  Node& open(const yaml_mark_t& mark, Node::Kind kind) {
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
    if (m_stack.size() > m_limits.max_depth) yaml_fail(mark, "nested too deeply");
    ++m_nodes;
    if (over_budget()) {
      yaml_fail(mark, "the document expands to too many values (recursive aliases?)");
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
    n->line = static_cast<int>(mark.line + 1);
    n->column = static_cast<int>(mark.column + 1);
    return *n;
  }

  void push(Node& n, std::string_view anchor) {
    Frame f;
    f.node = &n;
    f.anchor = anchor;
    f.first_node = m_nodes;
    if (m_each && n.is_sequence()) {
      if (m_stack.empty()) {
        f.streams = m_stream_keys && !m_stream_keys->empty();  // the top-level sequence
      } else if (m_stack.size() == 1 && m_stack.back().node->is_mapping() && m_stream_keys &&
                 !m_stack.back().node->members.empty() &&
                 &m_stack.back().node->members.back().second == &n) {
        const std::string& key = m_stack.back().node->members.back().first;
        if (std::find(m_stream_keys->begin(), m_stream_keys->end(), key) !=
            m_stream_keys->end()) {
          f.streams = true;
          f.stream_key = key;
        }
      }
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
  void close(Node& n, std::string_view anchor, std::size_t values = 1) {
    if (!anchor.empty()) m_anchors[std::string(anchor)] = {n, values};
    if (!m_stack.empty() && m_stack.back().streams) {
      (*m_each)(m_stack.back().stream_key, n);
      if (anchor.empty()) m_nodes -= std::min(m_nodes, values);
    }
  }

  const DocumentLimits& m_limits;
  const Feed& m_feed;
  const std::vector<std::string>* m_stream_keys;
  const ElementSink* m_each;
  Node m_root;
  Node m_item;  // the streamed element being built
  std::vector<Frame> m_stack;
  std::size_t m_nodes = 0;
  std::unordered_map<std::string, std::pair<Node, std::size_t>> m_anchors;  // copy, values
  std::string m_key_error;
  std::list<Node> m_discarded;  // keys that are not scalars (stable addresses while built)
};

}  // namespace

struct DocumentStream::Impl {
  Impl(TextReader& in, std::vector<std::string> keys, Syntax s, const DocumentLimits& l)
      : feed(in), stream_keys(std::move(keys)), syntax(s), limits(l) {}

  // The feed's error (text that is not text) explains a parse error it caused: it comes first.
  template <class T>
  Result<T> failure(const std::string& parser_error) {
    return Result<T>::failure(feed.error().empty() ? parser_error : feed.error());
  }

  Feed feed;
  std::vector<std::string> stream_keys;
  Syntax syntax;
  DocumentLimits limits;
  std::unique_ptr<JsonParser> json;
  std::unique_ptr<YamlEvents> yaml;
  bool yaml_started = false;
  bool yaml_ended = false;  // the end of the stream was read
};

DocumentStream::DocumentStream(TextReader& in, std::vector<std::string> stream_keys,
                               Syntax syntax, const DocumentLimits& limits)
    : m_impl(std::make_unique<Impl>(in, std::move(stream_keys), syntax, limits)) {}

DocumentStream::~DocumentStream() = default;

bool DocumentStream::json() {
  Impl& d = *m_impl;
  if (d.syntax == Syntax::detect) {
    // The first character that is not white space, within the first 64 KiB. Read no further
    // than it: a pipe's writer may send the rest much later.
    std::string_view head = d.feed.peek(1);
    auto first = head.find_first_not_of(" \t\r\n");
    while (first == std::string_view::npos && head.size() < (std::size_t{1} << 16)) {
      const std::size_t had = head.size();
      head = d.feed.peek(had + 1);
      if (head.size() == had) break;  // the end of the text
      first = head.find_first_not_of(" \t\r\n", had);
    }
    const bool json = first != std::string_view::npos && (head[first] == '{' || head[first] == '[');
    d.syntax = json ? Syntax::json : Syntax::yaml;
  }
  return d.syntax == Syntax::json;
}

Result<std::optional<Node>> DocumentStream::next(const ElementSink& each) {
  using Out = Result<std::optional<Node>>;
  Impl& d = *m_impl;
  if (json()) {
    if (!d.json) d.json = std::make_unique<JsonParser>(d.feed, d.limits);
    d.json->stream(&d.stream_keys, &each);
    Node root;
    if (!d.json->next(root)) {
      if (!d.json->error().empty() || !d.feed.error().empty()) {
        return d.failure<std::optional<Node>>(d.json->error());
      }
      return Out(std::optional<Node>());
    }
    return Out(std::optional<Node>(std::move(root)));
  }
  try {
    if (!d.yaml) d.yaml = std::make_unique<YamlEvents>(d.feed);
    if (d.yaml_ended) return Out(std::optional<Node>());
    std::optional<Node> root;  // none once the stream has ended
    std::string key_error;
    if (d.yaml_started) {
      // One document only: another one is an error at its start.
      const yaml_event_t& e = d.yaml->next();
      if (e.type == YAML_DOCUMENT_START_EVENT) {
        yaml_fail(e.start_mark, "a second YAML document (one file holds one document)");
      }
      d.yaml_ended = true;  // the end of the stream: nothing else can follow a document
    } else {
      d.yaml_started = true;
      d.yaml->next();  // the start of the stream
      if (d.yaml->next().type == YAML_STREAM_END_EVENT) {  // an empty text: a null root
        d.yaml_ended = true;
        root = Node{};
      } else {
        YamlBuilder builder(d.limits, d.feed, &d.stream_keys, &each);
        builder.document(*d.yaml);
        key_error = builder.key_error();
        root = builder.take_root();
      }
    }
    if (!d.feed.error().empty()) return d.failure<std::optional<Node>>("");
    if (!key_error.empty()) return Out::failure(key_error);
    return Out(std::move(root));
  } catch (const YamlFailure& f) {
    return d.failure<std::optional<Node>>(f.message);
  }
}

Result<bool> DocumentStream::finished() {
  Impl& d = *m_impl;
  if (json()) {
    if (!d.json || d.json->at_end()) return true;
    d.json->trailing_text();
    return d.failure<bool>(d.json->error());
  }
  const ElementSink none = [](std::string_view, Node&) {};
  auto more = next(none);
  if (!more) return Result<bool>::failure(more.error());
  return true;
}

namespace {

// A whole text as one tree: its one value, nothing after it.
Result<Node> parse_whole(std::string_view text, DocumentStream::Syntax syntax,
                         const DocumentLimits& limits) {
  StringReader in(text);
  DocumentStream stream(in, {}, syntax, limits);
  const ElementSink none = [](std::string_view, Node&) {};
  auto r = stream.next(none);
  if (!r) return Result<Node>::failure(r.error());
  if (!r.value()) {
    if (syntax == DocumentStream::Syntax::json) {
      return Result<Node>::failure("1:1: unexpected end of input");
    }
    return Node{};
  }
  Node root = std::move(r).value().value();
  if (auto done = stream.finished(); !done) return Result<Node>::failure(done.error());
  return root;
}

}  // namespace

Result<Node> parse_json(std::string_view text, const DocumentLimits& limits) {
  return parse_whole(text, DocumentStream::Syntax::json, limits);
}

Result<Node> parse_yaml(std::string_view text, const DocumentLimits& limits) {
  return parse_whole(text, DocumentStream::Syntax::yaml, limits);
}

namespace {
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

// The escapes a JSON string and a double-quoted YAML scalar write alike: quote, backslash,
// newline, carriage return and tab. False when `c` is none of them.
bool append_short_escape(std::string& out, char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return true;
    case '\\':
      out += "\\\\";
      return true;
    case '\n':
      out += "\\n";
      return true;
    case '\r':
      out += "\\r";
      return true;
    case '\t':
      out += "\\t";
      return true;
    default:
      return false;
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  // Bytes that need no escape: printable ASCII but for '"' and '\\' (a table: asked of every
  // byte written).
  static constexpr std::array<bool, 256> k_plain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x7F; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return t;
  }();
  out += '"';
  std::size_t i = 0;
  std::string buf;
  while (i < s.size()) {
    // Bytes that need no escape are appended as one run.
    std::size_t j = i;
    while (j < s.size() && k_plain[static_cast<unsigned char>(s[j])]) ++j;
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
    if (append_short_escape(out, c)) continue;
    switch (c) {
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

void JsonObject::name(std::string_view n) {
  if (m_text.size() > 1) m_text += ',';
  append_json_string(m_text, n);
  m_text += ':';
}

JsonObject& JsonObject::text(std::string_view n, std::string_view value) {
  name(n);
  append_json_string(m_text, value);
  return *this;
}

JsonObject& JsonObject::text_or_null(std::string_view n, std::string_view value) {
  if (!value.empty()) return text(n, value);
  name(n);
  m_text += "null";
  return *this;
}

JsonObject& JsonObject::number(std::string_view n, std::int64_t value) {
  name(n);
  m_text += std::to_string(value);
  return *this;
}

JsonObject& JsonObject::boolean(std::string_view n, bool value) {
  name(n);
  m_text += value ? "true" : "false";
  return *this;
}

JsonObject& JsonObject::texts(std::string_view n, const std::vector<std::string>& values) {
  name(n);
  m_text += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) m_text += ',';
    append_json_string(m_text, values[i]);
  }
  m_text += ']';
  return *this;
}

JsonObject& JsonObject::object(std::string_view n, const JsonObject& value) {
  name(n);
  m_text += value.str();
  return *this;
}

std::string json_array(const std::vector<JsonObject>& objects, bool lines) {
  std::string out;
  if (lines) {
    for (const auto& o : objects) out += o.str() + '\n';
    return out;
  }
  out = "[";
  for (std::size_t i = 0; i < objects.size(); ++i) out += (i ? ",\n" : "\n") + objects[i].str();
  out += objects.empty() ? "]\n" : "\n]\n";
  return out;
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
    if (append_short_escape(out, c)) continue;
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace mtrack
