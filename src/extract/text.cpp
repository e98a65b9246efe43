// Text stages of mtrack extract: cleaning with an offset map, sentence splitting, tokenizing.
// Hand-written byte scanners; every loop advances, so any input terminates in linear time.

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>

#include "extract/internal.hpp"
#include "mtrack/extract/extract.hpp"

namespace mtrack::extract {
namespace {

// Length of a valid UTF-8 sequence at s[i], or 0 when invalid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4;
  else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  if (n == 3) {
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xE0 && c1 < 0xA0) return 0;
    if (c == 0xED && c1 >= 0xA0) return 0;
  }
  if (n == 4) {
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 >= 0x90) return 0;
  }
  return n;
}

// ASCII replacement for a few typographic characters, or empty.
std::string_view fold_typography(std::string_view seq) {
  if (seq == "\u2018" || seq == "\u2019" || seq == "\u201B" || seq == "\u2032") return "'";
  if (seq == "\u201C" || seq == "\u201D" || seq == "\u201E" || seq == "\u00AB" || seq == "\u00BB")
    return "\"";
  // An em dash separates clauses or a dateline from the story ("CITY\u2014Acme said"), never
  // the parts of one word: spaced, so the words on either side stay apart.
  if (seq == "\u2014") return " - ";
  if (seq == "\u2013" || seq == "\u2012" || seq == "\u2212" || seq == "\u2010" || seq == "\u2011")
    return "-";
  if (seq == "\u00A0" || seq == "\u2009" || seq == "\u202F" || seq == "\u2002" || seq == "\u2003" ||
      seq == "\u200B" || seq == "\u3000")
    return " ";
  if (seq == "\u2026") return "...";
  if (seq == "\u2022" || seq == "\u00B7") return "-";
  return {};
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
// Letters, digits and the bytes of non-ASCII UTF-8 sequences, as a table: the tokenizer asks
// this of every byte.
constexpr auto k_word_bytes = detail::byte_table([](unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
});
bool is_word_byte(char c) { return k_word_bytes[static_cast<unsigned char>(c)]; }

}  // namespace

std::size_t OriginMap::operator[](std::size_t i) const {
  // The last run starting at or before i.
  const auto it = std::upper_bound(m_runs.begin(), m_runs.end(), i,
                                   [](std::size_t v, const Run& r) { return v < r.clean; });
  const Run& r = *(it - 1);
  return r.input + (i - r.clean);
}

std::size_t OriginMap::lower_bound(std::size_t offset) const {
  // Input offsets never decrease, so neither do the runs' last offsets: the first run that
  // reaches `offset` holds the answer.
  auto run_end = [&](std::size_t k) {
    return k + 1 < m_runs.size() ? m_runs[k + 1].clean : m_size;
  };
  std::size_t lo = 0;
  std::size_t hi = m_runs.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const Run& r = m_runs[mid];
    if (r.input + (run_end(mid) - r.clean) - 1 < offset)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == m_runs.size()) return m_size;
  const Run& r = m_runs[lo];
  return offset <= r.input ? r.clean : r.clean + (offset - r.input);
}

void OriginMap::append(std::size_t from, std::size_t count) {
  if (count == 0) return;
  if (m_runs.empty() || (*this)[m_size - 1] + 1 != from) m_runs.push_back({m_size, from});
  m_size += count;
}

CleanText clean(std::string_view in) {
  CleanText out;
  out.text.reserve(in.size());
  auto put = [&](char c, std::size_t from) {
    out.text.push_back(c);
    out.origin.append(from);
  };
  std::size_t i = 0;
  const std::size_t n = in.size();
  // Bytes copied as they are: printable ASCII but for the markup handled below, and line
  // breaks (a table: asked of every byte).
  static constexpr auto k_plain = detail::byte_table([](unsigned char c) {
    return (c >= 0x20 && c < 0x7F && c != '\\' && c != '<' && c != '[' && c != ']') ||
           c == '\n';
  });
  auto plain = [](char ch) { return k_plain[static_cast<unsigned char>(ch)]; };
  while (i < n) {
    const char c = in[i];
    const auto uc = static_cast<unsigned char>(c);
    if (plain(c)) {
      // A run of bytes copied as they are: appended in one go.
      std::size_t j = i + 1;
      while (j < n && plain(in[j])) ++j;
      out.text.append(in.data() + i, j - i);
      out.origin.append(i, j - i);
      i = j;
      continue;
    }
    if (c == '\\' && i + 1 < n &&
        (in[i + 1] == '$' || in[i + 1] == '_' || in[i + 1] == '*' || in[i + 1] == '[' ||
         in[i + 1] == ']')) {
      put(in[i + 1], i + 1);
      i += 2;
      continue;
    }
    if (c == '<' && i + 8 < n &&
        (in.compare(i + 1, 7, "http://") == 0 || in.compare(i + 1, 8, "https://") == 0)) {
      // <https://...>: an address, not prose.
      std::size_t j = i + 1;
      while (j < n && in[j] != '>' && in[j] != '\n' && j - i < 2048) ++j;
      if (j < n && in[j] == '>') ++j;
      put(' ', i);
      i = j;
      continue;
    }
    if (c == ']' && i + 1 < n && in[i + 1] == '(') {
      // End of a markdown link text: drop "](target)".
      std::size_t j = i + 2;
      while (j < n && in[j] != ')' && in[j] != '\n' && j - i < 2048) ++j;
      if (j < n && in[j] == ')') {
        i = j + 1;
        continue;
      }
    }
    if (c == '[') {
      // Start of a markdown link: keep the text, drop the bracket when a "](" follows.
      const std::size_t limit = std::min(n, i + 512);
      std::size_t j = i + 1;
      while (j < limit && in[j] != ']' && in[j] != '\n') ++j;
      if (j + 1 < n && in[j] == ']' && in[j + 1] == '(') {
        ++i;
        continue;
      }
    }
    if (uc < 0x80) {
      if (c == '\n')
        put('\n', i);
      else if (uc < 0x20 || uc == 0x7F)
        put(' ', i);
      else
        put(c, i);
      ++i;
      continue;
    }
    const std::size_t len = utf8_length(in, i);
    if (len == 0) {
      put(' ', i);
      ++i;
      continue;
    }
    const std::string_view seq = in.substr(i, len);
    const std::string_view folded = fold_typography(seq);
    if (!folded.empty()) {
      for (char f : folded) put(f, i);
    } else {
      for (std::size_t k = 0; k < len; ++k) put(in[i + k], i + k);
    }
    i += len;
  }
  out.origin.append(n);
  return out;
}

namespace {

// Abbreviations after which a period does not end a sentence.
bool is_abbreviation(std::string_view word) {
  static constexpr std::array<std::string_view, 44> k_abbrev = {
      "inc",  "ltd",  "co",  "corp", "mr",  "mrs",  "ms",   "dr",  "st",  "jr",    "sr",
      "no",   "vs",   "etc", "jan",  "feb", "mar",  "apr",  "jun", "jul", "aug",   "sep",
      "sept", "oct",  "nov", "dec",  "u.s", "u.k",  "e.g",  "i.e", "mt",  "ft",    "approx",
      "est",  "dept", "gov", "sen",  "rep", "prof", "bros", "n.v", "s.a", "u.s.a", "pty"};
  static_assert(std::all_of(k_abbrev.begin(), k_abbrev.end(),
                            [](std::string_view a) { return a.size() <= 6; }));
  // No abbreviation is longer than 6 bytes: longer words skip the list (and the lowering).
  if (word.size() <= 6) {
    std::array<char, 6> buf;
    for (std::size_t k = 0; k < word.size(); ++k) {
      const char c = word[k];
      buf[k] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    const std::string_view w(buf.data(), word.size());
    if (std::find(k_abbrev.begin(), k_abbrev.end(), w) != k_abbrev.end()) return true;
  }
  // Single letters ("W." in a name) and dotted initialisms ("D.C").
  if (word.size() == 1 && is_upper(word[0])) return true;
  if (word.size() >= 3 && word[1] == '.') return true;
  return false;
}

// Words that open a sentence, not a name: after "Co." or "Inc." they end the sentence before.
bool is_sentence_opener(std::string_view w) {
  static constexpr std::array<std::string_view, 30> k = {
      "The",       "It",        "This",     "That",    "These",     "Those",   "Its",
      "Their",     "According", "In",       "On",      "At",        "For",     "But",
      "However",   "Meanwhile", "Separately", "Also",  "He",        "She",     "They",
      "We",        "A",         "An",       "Under",   "After",     "Before",  "While",
      "Shares",    "Last"};
  return std::find(k.begin(), k.end(), w) != k.end();
}

// A word in capitals: letters A-Z with digits, "&", "-" or "'" inside, no lower case.
bool capitals_word(std::string_view w) {
  bool letter = false;
  for (const char c : w) {
    if (is_upper(c))
      letter = true;
    else if (!is_digit(c) && c != '&' && c != '-' && c != '\'')
      return false;
  }
  return letter;
}

bool same_word(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k)
    if ((a[k] | 0x20) != (b[k] | 0x20)) return false;
  return true;
}

// A heading in capitals set before a sentence on the same line, its line break lost ("NEW
// ORDERS ACME METALS Acme Metals signed ..."): the byte where the sentence proper starts, or
// `b` when there is no such heading. The heading is a run of words in capitals that ends where
// the text repeats its last words in any case ("ACME METALS Acme Metals") or its first word
// ("ACME RARE METALS Acme said"), or, in a run of three or more followed by a word in lower
// case, before its last word ("RARE EARTHS EXIM provided": the subject).
std::size_t heading_end(std::string_view t, std::size_t b, std::size_t e) {
  if (b + 1 >= e || !is_upper(t[b]) || !is_upper(t[b + 1])) return b;
  std::array<std::string_view, 24> words{};
  std::array<std::size_t, 24> starts{};
  std::size_t n = 0, caps = 0;
  for (std::size_t k = b; k < e && n < words.size() && n < caps + 6;) {
    std::size_t j = k;
    while (j < e && t[j] != ' ' && t[j] != '\n') ++j;
    starts[n] = k;
    words[n++] = t.substr(k, j - k);
    if (caps + 1 == n && capitals_word(words[n - 1])) ++caps;
    if (caps == 0) return b;
    k = j;
    while (k < e && t[k] == ' ') ++k;
  }
  if (caps < 2 || caps == n) return b;
  // The shortest heading whose last m words come again right after it.
  for (std::size_t j = 1; j <= caps; ++j)
    for (std::size_t m = 1; m <= j && j + m <= n; ++m) {
      bool again = true;
      for (std::size_t x = 0; x < m && again; ++x) again = same_word(words[j - m + x], words[j + x]);
      if (again) return starts[j];
    }
  // "ACME RARE METALS Acme said ...": the sentence starts with the heading's first word again,
  // its short name.
  for (std::size_t j = 2; j <= caps && j < n; ++j)
    if (same_word(words[0], words[j]) && !capitals_word(words[j])) return starts[j];
  if (caps >= 3 && is_lower(words[caps][0])) return starts[caps - 1];
  return b;
}

// Cuts the headings heading_end() finds off the start of sentences, and off what follows a
// colon ("... these companies: NEW ORDERS ACME ...").
void split_headings(std::string_view t, std::vector<Span>& spans) {
  std::vector<Span> out;
  out.reserve(spans.size());
  for (Span s : spans) {
    std::size_t b = s.begin;
    const std::string_view sentence = t.substr(s.begin, s.size());
    for (std::size_t at = sentence.find(": "); at != std::string_view::npos;
         at = sentence.find(": ", at + 2)) {
      const std::size_t colon = s.begin + at;
      const std::size_t h = colon + 2;
      const std::size_t cut = heading_end(t, h, s.end);
      if (cut == h) continue;
      out.push_back({b, colon + 1});
      std::size_t he = cut;
      while (he > h && t[he - 1] == ' ') --he;
      out.push_back({h, he});
      b = cut;
    }
    for (std::size_t cut = heading_end(t, b, s.end); cut != b; cut = heading_end(t, b, s.end)) {
      std::size_t he = cut;
      while (he > b && t[he - 1] == ' ') --he;
      out.push_back({b, he});
      b = cut;
    }
    out.push_back({b, s.end});
  }
  spans.swap(out);
}

}  // namespace

std::vector<Span> split_sentences(std::string_view t) {
  std::vector<Span> out;
  const std::size_t n = t.size();
  auto emit = [&](std::size_t b, std::size_t e) {
    while (b < e && (is_space(t[b]) || t[b] == '\n')) ++b;
    while (e > b && (is_space(t[e - 1]) || t[e - 1] == '\n')) --e;
    // Cut over-long runs at a space so every later stage works on bounded pieces.
    while (e - b > k_max_sentence) {
      std::size_t cut = b + k_max_sentence;
      std::size_t sp = cut;
      while (sp > b + k_max_sentence / 2 && t[sp] != ' ') --sp;
      if (t[sp] == ' ') cut = sp;
      out.push_back({b, cut});
      b = cut;
      while (b < e && is_space(t[b])) ++b;
    }
    if (e > b) out.push_back({b, e});
  };
  // Only a line break or a final stop can end a sentence: other bytes are passed over.
  static constexpr auto k_may_end = detail::byte_table(
      [](unsigned char c) { return c == '\n' || c == '.' || c == '!' || c == '?'; });
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < n) {
    while (i < n && !k_may_end[static_cast<unsigned char>(t[i])]) ++i;
    if (i == n) break;
    const char c = t[i];
    if (c == '\n') {
      emit(start, i);
      start = i + 1;
      ++i;
      continue;
    }
    if (c == '.' || c == '!' || c == '?') {
      std::size_t j = i + 1;
      // Closing quotes/brackets stay with the sentence.
      while (j < n && (t[j] == '"' || t[j] == '\'' || t[j] == ')')) ++j;
      bool boundary = false;
      if (j >= n) {
        boundary = true;
      } else if (is_space(t[j])) {
        std::size_t k = j;
        while (k < n && is_space(t[k])) ++k;
        if (k >= n || t[k] == '\n') {
          boundary = true;
        } else {
          const char next = t[k];
          const bool starts = is_upper(next) || is_digit(next) || next == '"' || next == '\'' ||
                              next == '(' || static_cast<unsigned char>(next) >= 0x80;
          if (starts) {
            if (c != '.') {
              boundary = true;
            } else {
              std::size_t w = i;
              while (w > start && (is_alpha(t[w - 1]) || t[w - 1] == '.')) --w;
              boundary = !is_abbreviation(t.substr(w, i - w));
              // "Ltd." / "Inc." before a capitalised sentence start still ends a sentence when
              // the next word is a common sentence opener.
              if (!boundary && i - w >= 2) {
                std::size_t e = k;
                while (e < n && is_alpha(t[e])) ++e;
                boundary = is_sentence_opener(t.substr(k, e - k));
              }
            }
          }
        }
      } else if (c == '.' && is_upper(t[j]) && i >= 2 && is_lower(t[i - 1]) && is_lower(t[i - 2])) {
        // "press release.The investment": a missing space after a full stop.
        std::size_t k = j;
        while (k < n && is_alpha(t[k])) ++k;
        const bool domain = (k - j == 3 || k - j == 2) && (k >= n || !is_alpha(t[k])) &&
                            is_lower(t[j + 1]) == false;
        boundary = !domain;
      }
      if (boundary) {
        emit(start, j);
        start = j;
        i = j;
        continue;
      }
    }
    ++i;
  }
  emit(start, n);
  split_headings(t, out);
  return out;
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  detail::tokenize_into(s, out);
  return out;
}

void detail::tokenize_into(std::string_view s, std::vector<Token>& out) {
  out.clear();
  out.reserve(s.size() / 5 + 4);
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const char c = s[i];
    if (is_space(c) || c == '\n') {
      ++i;
      continue;
    }
    if (is_digit(c)) {
      std::size_t j = i + 1;
      while (j < n) {
        if (is_digit(s[j])) {
          ++j;
        } else if ((s[j] == ',' || s[j] == '.') && j + 1 < n && is_digit(s[j + 1])) {
          j += 2;
        } else {
          break;
        }
      }
      // "SB51"-like words starting with a digit are rare; "2024-08" stays a number.
      if (j < n && is_alpha(s[j])) {
        while (j < n && (is_word_byte(s[j]))) ++j;
        out.push_back({i, j, TokenKind::word});
      } else {
        out.push_back({i, j, TokenKind::number});
      }
      i = j;
      continue;
    }
    if (is_word_byte(c)) {
      std::size_t j = i + 1;
      while (j < n) {
        if (is_word_byte(s[j])) {
          ++j;
        } else if ((s[j] == '-' || s[j] == '\'' || s[j] == '&') && j + 1 < n &&
                   is_word_byte(s[j + 1])) {
          j += 2;
        } else if (s[j] == '.' && j + 1 < n && is_alpha(s[j + 1]) && j >= 1 && j - i <= 3 &&
                   is_upper(s[i])) {
          // "U.S", "D.C" initialisms; the final '.' is handled below.
          j += 2;
        } else {
          break;
        }
      }
      // Keep the trailing '.' of an initialism or a known abbreviation ("U.S.", "Inc.").
      if (j < n && s[j] == '.') {
        const std::string_view w = s.substr(i, j - i);
        if (w.find('.') != std::string_view::npos || is_abbreviation(w)) ++j;
      }
      out.push_back({i, j, TokenKind::word});
      i = j;
      continue;
    }
    out.push_back({i, i + 1, TokenKind::punct});
    ++i;
  }
}

}  // namespace mtrack::extract
