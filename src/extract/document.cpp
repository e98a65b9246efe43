// Pass 1 of mtrack extract: the article as a document (see document.hpp).

#include "extract/document.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "mtrack/util/text.hpp"

namespace mtrack::extract::detail {
namespace {

bool has(std::string_view s, std::string_view w) { return s.find(w) != std::string_view::npos; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

int word_count(std::string_view s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    const bool w = c != ' ' && c != '\t' && c != '\n';
    if (w && !in) ++n;
    in = w;
  }
  return n;
}

// The last word of `line` (letters only), lower-cased into `buf`; empty when it does not fit
// (no word of continues() is that long).
std::string_view last_word(std::string_view line, std::array<char, 16>& buf) {
  std::size_t b = line.size();
  while (b > 0 && (is_lower(line[b - 1]) || is_upper(line[b - 1]))) --b;
  const std::string_view w = line.substr(b);
  if (w.size() > buf.size()) return {};
  for (std::size_t k = 0; k < w.size(); ++k)
    buf[k] = static_cast<char>(is_upper(w[k]) ? w[k] + 32 : w[k]);
  return {buf.data(), w.size()};
}

bool ends_sentence(std::string_view line) {
  while (!line.empty() && (line.back() == '"' || line.back() == '\'' || line.back() == ')'))
    line.remove_suffix(1);
  return !line.empty() && (line.back() == '.' || line.back() == '!' || line.back() == '?' ||
                           line.back() == ':' || line.back() == ';');
}

// Words after which a sentence cannot end: a line ending in one continues on the next.
bool continues(std::string_view word) {
  static constexpr std::array<std::string_view, 24> k = {
      "and",  "or",   "of",   "the",  "a",    "an",   "to",     "for",
      "with", "in",   "on",   "by",   "from", "as",   "at",     "that",
      "which", "its", "their", "between", "into", "than", "including", "under"};
  return std::find(k.begin(), k.end(), word) != k.end();
}

// The width a text is wrapped at: most lines that are followed by another line of the same
// paragraph end within a few bytes of one length. 0 when the text is not wrapped.
std::size_t wrap_width(const std::vector<std::string_view>& lines) {
  std::array<int, 161> at{};  // lengths 40..200
  int followed = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const auto a = trim(lines[i]);
    if (a.empty() || trim(lines[i + 1]).empty()) continue;
    ++followed;
    if (a.size() >= 40 && a.size() <= 200) ++at[a.size() - 40];
  }
  if (followed < 4) return 0;
  // The widest window of 12 bytes that holds most of these lines (the first on a tie): a
  // sliding sum, the window [w, w + 12) of lengths 40 + w ...
  int best = 0;
  std::size_t width = 0;
  int n = 0;
  for (std::size_t k = 0; k < 12; ++k) n += at[k];
  for (std::size_t w = 0; w + 12 <= at.size(); ++w) {
    if (w > 0) n += at[w + 11] - at[w - 1];
    if (n > best) best = n, width = w + 12 + 40;
  }
  return best * 2 >= followed && best >= 3 ? width : 0;
}

std::string bare_dollar_currency(std::string_view t) {
  // (Each cue is looked for only when the answer can still depend on it: most articles name
  // neither exchange and need no further search.)
  const bool asx = has(t, "ASX") && (has(t, "ASX:") || has(t, "ASX :") || has(t, "(ASX ") ||
                                     has(t, "ASX-listed"));
  const bool tsx = has(t, "TSX") || has(t, "CSE:");
  if (asx == tsx) return "USD";
  const auto explicit_usd = [&] {
    return has(t, "US$") || has(t, "USD") || has(t, "$US") || has(t, "U.S.$");
  };
  if (asx && !has(t, "A$") && !has(t, "AU$") && !has(t, "AUD") && !explicit_usd()) return "AUD";
  if (tsx && !has(t, "C$") && !has(t, "CA$") && !has(t, "CAD") && !explicit_usd() &&
      !has(t, "Canadian"))
    return "CAD";
  return "USD";
}

// True when `low` holds a numeric date such as "10.11.2025" or "30/09/24", the only dates
// whose reading depends on the order.
bool has_numeric_date(std::string_view low) {
  auto digits = [&](std::size_t p, std::size_t& len) {
    len = 0;
    while (p + len < low.size() && low[p + len] >= '0' && low[p + len] <= '9') ++len;
    return len;
  };
  for (const char sep : {'.', '/'}) {
    for (std::size_t p = 1; p < low.size(); ++p) {
      const void* at = std::memchr(low.data() + p, sep, low.size() - p);
      if (at == nullptr) break;
      p = static_cast<std::size_t>(static_cast<const char*>(at) - low.data());
      if (low[p - 1] < '0' || low[p - 1] > '9') continue;
      std::size_t b = p;
      while (b > 0 && low[b - 1] >= '0' && low[b - 1] <= '9') --b;
      std::size_t l2 = 0;
      std::size_t l3 = 0;
      if (p - b > 2 || digits(p + 1, l2) == 0 || l2 > 2) continue;
      const std::size_t q = p + 1 + l2;
      if (q < low.size() && low[q] == low[p] && (digits(q + 1, l3) == 2 || l3 == 4)) return true;
    }
  }
  return false;
}

// A headline or heading: a line of its own, no final stop, short, and either near the top of
// the article or written in title case. A long paragraph that lost its stop, or the last line
// of a text cut off mid-sentence, is prose.
bool is_headline(std::string_view s, std::size_t line_index, bool last_line) {
  if (s.empty() || ends_sentence(s) || last_line) return false;
  const int words = word_count(s);
  if (words > 22) return false;
  int content = 0;
  int capital = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((i == 0 || s[i - 1] == ' ') && (is_lower(s[i]) || is_upper(s[i]))) {
      std::size_t e = i;
      while (e < s.size() && s[e] != ' ') ++e;
      if (e - i >= 4) {
        ++content;
        if (is_upper(s[i])) ++capital;
      }
    }
  }
  const bool title_case = content > 0 && capital * 10 >= content * 6;
  return title_case || line_index < 6;
}

}  // namespace

bool is_furniture(std::string_view s) {
  const auto bar = s.find('|');
  return bar != std::string_view::npos && s.find('|', bar + 1) != std::string_view::npos;
}

std::size_t join_wrapped_lines(std::string& t) {
  std::vector<std::string_view> lines;
  for (std::size_t b = 0; b <= t.size();) {
    std::size_t e = t.find('\n', b);
    if (e == std::string::npos) e = t.size();
    lines.emplace_back(t.data() + b, e - b);
    b = e + 1;
  }
  const std::size_t width = wrap_width(lines);
  std::size_t joined = 0;
  std::vector<std::size_t> soft;
  std::array<char, 16> word;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const auto a = trim(lines[i]);
    const auto b = trim(lines[i + 1]);
    if (a.empty() || b.empty() || is_furniture(a) || is_furniture(b)) continue;
    if (b.front() == '-' || b.front() == '*' || b.front() == '#') continue;  // a list item
    const bool lower_next = is_lower(b.front());
    bool join = false;
    if (lower_next && a.back() != ':')
      join = true;
    else if (!ends_sentence(a) &&
             (a.back() == ',' || a.back() == '-' || continues(last_word(a, word))))
      join = true;
    else if (width != 0 && a.size() + 14 >= width && a.size() <= width && !ends_sentence(a))
      join = true;
    if (!join) continue;
    // The break after line i: where line i ends in `t`.
    soft.push_back(static_cast<std::size_t>(lines[i].data() - t.data()) + lines[i].size());
  }
  for (const std::size_t at : soft) {
    t[at] = ' ';
    ++joined;
  }
  return joined;
}

DateOrder decide_order(std::string_view low) {
  if (!has_numeric_date(low)) return DateOrder::unknown;
  // German page furniture ("Dieser Artikel", "Datenschutz", ".de/" links, function words)
  // says numeric dates are day first.
  int european = 0;
  for (std::string_view cue : {" und ", " der ", " die ", " f\xC3\xBCr ", "datenschutz", " von ",
                               "dieser artikel", ".de/", ".de)"})
    if (has(low, cue)) ++european;
  if (european >= 2) return DateOrder::day_first;
  int dm = 0;
  int md = 0;
  for (const auto& d : find_dates(low, DateOrder::unknown)) {
    const std::string_view w = low.substr(d.span.begin, d.span.size());
    if (d.date.day == 0 || w.empty()) continue;
    if (w[0] >= '0' && w[0] <= '9') {
      if (w.find_first_of("./") == std::string_view::npos) ++dm;
    } else {
      ++md;
    }
  }
  if (dm > md) return DateOrder::day_first;
  if (md > dm) return DateOrder::month_first;
  return DateOrder::unknown;
}

Document read_document(std::string_view input, const Options& options) {
  Document d;
  d.clean = clean(input);
  join_wrapped_lines(d.clean.text);
  const std::string& t = d.clean.text;
  d.low = text::lower(t);
  d.order = decide_order(d.low);
  d.bare_currency =
      options.default_currency.empty() ? bare_dollar_currency(t) : options.default_currency;
  // Lines, for each sentence: its line, whether it is alone on it, and the quote state.
  const auto spans = split_sentences(t);
  d.sentences.reserve(spans.size());
  std::uint32_t line = 0;
  std::size_t scanned = 0;
  bool in_quote = false;
  bool in_list = false;
  std::size_t prev_line = static_cast<std::size_t>(-1);
  std::size_t content_lines = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    SentenceInfo s;
    s.span = spans[i];
    // Over the text since the last sentence: a line break ends any quotation, and each
    // quotation mark after the last break opens or closes one.
    if (scanned < s.span.begin) {
      const std::string_view gap = std::string_view(t).substr(scanned, s.span.begin - scanned);
      std::string_view tail = gap;
      if (const auto nl = gap.rfind('\n'); nl != std::string_view::npos) {
        line += static_cast<std::uint32_t>(std::count(gap.begin(), gap.end(), '\n'));
        in_quote = false;
        tail = gap.substr(nl + 1);
      }
      if (std::count(tail.begin(), tail.end(), '"') % 2 == 1) in_quote = !in_quote;
      scanned = s.span.begin;
    }
    s.line = line;
    s.line_start = line != prev_line;
    if (s.line_start) ++content_lines;
    prev_line = line;
    const std::string_view st = std::string_view(t).substr(s.span.begin, s.span.size());
    s.quoted = in_quote || st.front() == '"';
    s.furniture = is_furniture(st);
    const std::size_t line_end = t.find('\n', s.span.end);
    const bool alone = s.line_start &&
                       (line_end == std::string::npos
                            ? true
                            : trim(std::string_view(t).substr(s.span.end, line_end - s.span.end))
                                  .empty());
    const bool last = i + 1 == spans.size();
    // Lines after one that ends with a colon are items of a list, not headings, until a line
    // that ends a sentence.
    if (i > 0 && s.line_start && d.text(i - 1).ends_with(":")) in_list = true;
    s.headline = alone && !s.furniture && !in_list && is_headline(st, content_lines - 1, last);
    if (ends_sentence(st) && !st.ends_with(":")) in_list = false;
    d.sentences.push_back(s);
  }
  // Title: the first headline of a few words; date line: the first full date near the top.
  for (std::size_t i = 0; i < d.sentences.size() && i < 80; ++i) {
    if (!d.sentences[i].headline) continue;
    const int wc = word_count(d.text(i));
    if (wc >= 4 && wc <= 30) {
      d.title = std::string(d.text(i));
      break;
    }
  }
  for (std::size_t i = 0; i < d.sentences.size() && i < 40; ++i) {
    if (i > 2 && word_count(d.text(i)) > 14) continue;
    for (const auto& dm : find_dates(d.text(i), d.order)) {
      if (!dm.ambiguous && dm.date.day != 0) {
        d.published = dm.date;
        break;
      }
    }
    if (!d.published.empty()) break;
  }
  return d;
}

}  // namespace mtrack::extract::detail
