#include "mtrack/util/text.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cstdint>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iterator>

#include <utf8proc.h>

#include "mtrack/util/error.hpp"

namespace mtrack::text {

namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr char32_t k_invalid = 0xFFFFFFFF;

// Decodes one UTF-8 code point at `i` and advances `i` past it. An invalid sequence
// (truncated, overlong, a surrogate, past U+10FFFF) gives k_invalid and advances one byte.
char32_t decode(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t extra = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3;
    cp = b0 & 0x07;
  } else {
    ++i;
    return k_invalid;
  }
  if (i + extra >= s.size()) {
    ++i;
    return k_invalid;
  }
  for (std::size_t k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return k_invalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return k_invalid;
  }
  i += extra + 1;
  return cp;
}

// For display, an invalid byte is one replacement character.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const char32_t cp = decode(s, i);
  return cp == k_invalid ? 0xFFFD : cp;
}

bool is_combining(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200B || cp == 0x200D;
}

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c + ((c >= 'A' && c <= 'Z') ? 32 : 0));
  return out;
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::size_t IcaseHash::operator()(std::string_view s) const {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a over the lower-cased bytes
  for (char c : s) h = (h ^ static_cast<unsigned char>(ascii_lower(c))) * 1099511628211ull;
  return static_cast<std::size_t>(h);
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::vector<TsvRow> tsv_rows(std::string_view tsv, std::string_view name, std::size_t columns) {
  std::vector<TsvRow> rows;
  int line_no = 0;
  for (const auto& raw : split(tsv, '\n')) {
    ++line_no;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || line.front() == '#') continue;
    TsvRow row{line_no, split(line, '\t')};
    if (row.cells.size() != columns) {
      throw Error(fmt::format("{}:{}: expected {} columns, found {}", name, line_no, columns,
                              row.cells.size()));
    }
    for (auto& c : row.cells) c = std::string(trim(c));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> list_cell(std::string_view cell) {
  std::vector<std::string> out;
  if (cell == "-" || cell.empty()) return out;
  for (const auto& item : split(cell, ';')) {
    const auto t = trim(item);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows: the one before last is needed for a transposition ("lsit" is one edit from
  // "list", not two).
  std::vector<std::size_t> before(b.size() + 1), last(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) last[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]);
      row[j] = std::min({last[j] + 1, row[j - 1] + 1, last[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) &&
          ascii_lower(a[i - 2]) == ascii_lower(b[j - 1])) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
    }
    std::swap(before, last);
    std::swap(last, row);
  }
  return last[b.size()];
}

std::vector<std::string> closest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t n) {
  // Allow roughly one edit in three characters, at least two.
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d > limit && starts_with_icase(c, word) && word.size() >= 3) d = limit;
    if (d <= limit) scored.emplace_back(d, c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (auto& [d, c] : scored) {
    if (out.size() == n) break;
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
  }
  return out;
}

std::string did_you_mean(const std::vector<std::string>& suggestions) {
  if (suggestions.empty()) return {};
  std::string out = " (did you mean ";
  for (std::size_t i = 0; i < suggestions.size(); ++i) {
    if (i) out += i + 1 == suggestions.size() ? " or " : ", ";
    out += "'" + suggestions[i] + "'";
  }
  return out + "?)";
}

std::string map_utf8(std::string_view s, int options) {
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                   static_cast<utf8proc_ssize_t>(s.size()), &out, static_cast<utf8proc_option_t>(options));
  if (n < 0) return std::string(s);
  std::string mapped(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
  std::free(out);
  return mapped;
}

std::string slug(std::string_view s) {
  // Letters with diacritics become their base letters (compatibility decomposition, marks
  // dropped); text that is not valid UTF-8 is taken as it is.
  std::string folded;
  if (std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    folded = map_utf8(s, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK);
    s = folded;
  }
  std::string out;
  bool dash = false;
  for (char c : s) {
    const char l = ascii_lower(c);
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += l;
    } else {
      dash = true;
    }
  }
  return out;
}

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const char32_t cp = next_code_point(s, i);
    if (cp < 0x20 || is_combining(cp)) continue;
    width += is_wide(cp) ? 2 : 1;
  }
  return width;
}

std::string truncate_to_width(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) return std::string(s);
  if (width == 0) return {};
  std::string out;
  std::size_t used = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(s, i);
    const std::size_t w = (cp < 0x20 || is_combining(cp)) ? 0 : (is_wide(cp) ? 2 : 1);
    if (used + w > width - 1) break;
    used += w;
    out.append(s.substr(start, i - start));
  }
  return out + "\xE2\x80\xA6";  // …
}

std::size_t valid_utf8_prefix(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    // Runs of ASCII (most of any text) are checked eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w = 0;
      std::memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const std::size_t at = i;
    if (decode(s, i) == k_invalid) return at;
  }
  return n;
}

bool valid_utf8(std::string_view s) { return valid_utf8_prefix(s) == s.size(); }

std::string visible(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    const auto byte = static_cast<unsigned char>(s[i]);
    if (byte >= 0x20 && byte < 0x7F) {
      out += s[i++];
      continue;
    }
    const char32_t cp = decode(s, i);
    switch (cp) {
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      default:
        break;
    }
    if (cp == k_invalid || cp < 0x20 || cp == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
               (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029) {
      // C1 controls, bidi overrides and isolates (they reorder what follows on the line),
      // line and paragraph separators.
      out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(cp));
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

std::string count(std::int64_t n, std::string_view singular, std::string_view plural) {
  if (n == 1) return fmt::format("1 {}", singular);
  if (plural.empty()) return fmt::format("{} {}s", n, singular);
  return fmt::format("{} {}", n, plural);
}

std::string human_size(std::uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  static constexpr const char* k_units[] = {"KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  std::size_t u = 0;
  for (v /= 1024; v >= 1024 && u + 1 < std::size(k_units); v /= 1024) ++u;
  // Two decimals, but never rounded up to the next whole number: 64.999 MiB is not 65 MiB.
  const double cut = std::floor(v * 100) / 100;
  std::string number = fmt::format("{:.2f}", cut);
  while (number.back() == '0') number.pop_back();
  if (number.back() == '.') number.pop_back();
  return fmt::format("{} {}", number, k_units[u]);
}

std::string shell_word(std::string_view s) {
  const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("-_./:=@%+,").find(c) != std::string_view::npos;
  });
  if (plain) return std::string(s);
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace mtrack::text
