// Pattern stages of mtrack extract: money, terms and dates found in prose. Money builds on
// the primitives of parse.hpp (currency markers, scale words, parse_money); this file only
// finds where an amount is written and what surrounds it.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <string>
#include <string_view>

#include "mtrack/domain/parse.hpp"
#include "mtrack/extract/extract.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::extract {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
char lower_c(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// True when `s` at `i` starts with `w` (case-insensitive) and the word ends there.
bool word_at(std::string_view s, std::size_t i, std::string_view w) {
  if (i + w.size() > s.size()) return false;
  for (std::size_t k = 0; k < w.size(); ++k) {
    if (lower_c(s[i + k]) != lower_c(w[k])) return false;
  }
  return i + w.size() >= s.size() || !is_alnum(s[i + w.size()]);
}

// `s` in lower case: `s` itself when it has no capital (callers often pass a sentence already
// lowered), else its lowered copy, kept in `copy`.
std::string_view in_lower_case(std::string_view s, std::string& copy) {
  if (std::none_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) return s;
  copy = text::lower(s);
  return copy;
}

// The text just before `i`, lower-cased, at most `n` bytes.
std::string before(std::string_view s, std::size_t i, std::size_t n) {
  const std::size_t b = i > n ? i - n : 0;
  return text::lower(s.substr(b, i - b));
}

bool ends_with_word(const std::string& s, std::string_view w) {
  std::string_view t = s;
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  if (!t.ends_with(w)) return false;
  const std::size_t p = t.size() - w.size();
  return p == 0 || !is_alnum(t[p - 1]);
}

// Length of a number at s[i]: digits with ',' / ' ' thousands groups and one '.'.
std::size_t number_length(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size()) {
    if (is_digit(s[j])) {
      ++j;
    } else if ((s[j] == ',' || s[j] == '.') && j + 1 < s.size() && is_digit(s[j + 1])) {
      ++j;
    } else if (s[j] == ' ' && j + 3 < s.size() && is_digit(s[j + 1]) && is_digit(s[j + 2]) &&
               is_digit(s[j + 3]) && (j + 4 >= s.size() || !is_digit(s[j + 4])) && j - i <= 3) {
      ++j;  // "1 000"
    } else {
      break;
    }
  }
  return j - i;
}

constexpr std::array<std::string_view, 21> k_number_words = {
    "zero",     "one",     "two",     "three",     "four",     "five",     "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
constexpr std::array<std::string_view, 11> k_ordinals = {"zeroth", "first", "second", "third",
                                                         "fourth", "fifth", "sixth",  "seventh",
                                                         "eighth", "ninth", "tenth"};

// A count written as digits or a word at s[i]: its value and length, or value -1.
std::pair<int, std::size_t> read_count(std::string_view s, std::size_t i) {
  if (i < s.size() && is_digit(s[i])) {
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j]) && j - i < 4) ++j;
    if (j < s.size() && (is_digit(s[j]) || s[j] == '.' || s[j] == ',')) {
      if (s[j] == '.' || s[j] == ',') {
        if (j + 1 < s.size() && is_digit(s[j + 1])) return {-1, 0};
      } else {
        return {-1, 0};
      }
    }
    int v = 0;
    std::from_chars(s.data() + i, s.data() + j, v);
    return {v, j - i};
  }
  if (i >= s.size() || !is_alpha(s[i])) return {-1, 0};
  const char first = lower_c(s[i]);
  for (std::size_t k = k_number_words.size(); k-- > 1;) {
    const auto w = k_number_words[k];
    if (w[0] != first) continue;
    if (i + w.size() <= s.size() && text::iequals(s.substr(i, w.size()), w) &&
        (i + w.size() == s.size() || !is_alpha(s[i + w.size()])))
      return {static_cast<int>(k), w.size()};
  }
  return {-1, 0};
}

std::string iso_term(int n, bool months) {
  if (months) {
    if (n % 12 == 0) return fmt::format("P{}Y", n / 12);
    return fmt::format("P{}M", n);
  }
  return fmt::format("P{}Y", n);
}

}  // namespace

std::vector<MoneyMention> find_money(std::string_view s, std::string_view bare_dollar_currency) {
  std::vector<MoneyMention> out;
  const std::size_t n = s.size();
  std::size_t i = 0;
  std::size_t next_digit = 0;  // first digit at or after i (n when none)
  while (i < n) {
    const char c = s[i];
    if (next_digit < i || (next_digit == 0 && i == 0)) {
      next_digit = i;
      while (next_digit < n && !is_digit(s[next_digit])) ++next_digit;
    }
    // Every amount has a digit within a few bytes of where it starts.
    if (next_digit >= n) break;
    if (next_digit > i + 12) {
      i = next_digit - 12;
      continue;
    }
    const bool at_word_start = i == 0 || !is_alnum(s[i - 1]);
    std::size_t start = i;
    std::size_t p = i;
    std::optional<CurrencyMark> mark;
    if (at_word_start && !is_digit(c)) {
      mark = match_currency_prefix(s.substr(i));
      if (mark) {
        p = i + mark->length;
        while (p < n && s[p] == ' ' && p - i - mark->length < 2) ++p;
        if (p >= n || !is_digit(s[p])) {
          i += std::max<std::size_t>(1, mark->length);
          continue;
        }
      }
    }
    if (!mark && !(is_digit(c) && at_word_start)) {
      ++i;
      continue;
    }
    const std::size_t num_begin = p;
    const std::size_t num_len = number_length(s, p);
    if (num_len == 0) {
      ++i;
      continue;
    }
    p += num_len;
    std::string_view number = s.substr(num_begin, num_len);
    // Scale word: "million", "m", "bn", "-million".
    std::size_t q = p;
    if (q < n && (s[q] == ' ' || s[q] == '-')) ++q;
    std::optional<ScaleWord> scale;
    if (q < n && is_alpha(s[q])) scale = match_scale_word(s.substr(q));
    if (!scale && p < n && is_alpha(s[p])) scale = match_scale_word(s.substr(p)), q = p;
    std::size_t end = p;
    if (scale) end = q + scale->length;
    // Currency after the amount: "200 million USD", "1 trillion won", "$5 million Canadian".
    std::optional<CurrencyMark> suffix;
    {
      std::size_t r = end;
      if (r < n && s[r] == ' ') ++r;
      if (r < n) suffix = match_currency_suffix(s.substr(r));
      if (suffix && !mark) {
        // "won" as a verb: "has won a USD17.85 million award" has its marker first anyway.
        end = r + suffix->length;
      } else if (mark && mark->bare_dollar && r + 8 <= n &&
                 (word_at(s, r, "Canadian") || word_at(s, r, "Australian"))) {
        suffix = CurrencyMark{word_at(s, r, "Canadian") ? "CAD" : "AUD", 8, false};
        if (word_at(s, r, "Australian")) suffix->length = 10;
        end = r + suffix->length;
      } else {
        suffix.reset();
      }
    }
    if (!mark && !suffix) {
      i = p;
      continue;
    }
    // "300,000 pounds U3O8", "1 million pounds of uranium": a weight. Sterling is written "£",
    // "GBP" or "pounds sterling".
    if (!mark && suffix && suffix->code == "GBP" && suffix->length <= 6) {
      i = p;
      continue;
    }
    // Build a plain money string for parse_money.
    std::string plain;
    std::optional<CurrencyMark> cur = mark ? mark : suffix;
    if (mark && suffix) cur = suffix;  // "$5 million Canadian"
    std::string num(number);
    num.erase(std::remove(num.begin(), num.end(), ' '), num.end());
    plain = fmt::format("{} {}", cur->code, num);
    if (scale) {
      plain += ' ';
      plain += s.substr(q, scale->length);
    }
    auto parsed = parse_money(plain);
    if (!parsed) {
      i = end > i ? end : i + 1;
      continue;
    }
    MoneyMention m;
    m.money = parsed.value();
    m.bare_dollar = cur->bare_dollar || (mark && mark->bare_dollar && !suffix);
    if (m.bare_dollar) {
      m.money.currency = bare_dollar_currency.empty() ? "USD" : std::string(bare_dollar_currency);
    }
    m.money.as_written = std::string(s.substr(start, end - start));
    m.span = {start, end};
    const std::string prev = before(s, start, 24);
    m.in_parens = !prev.empty() && prev.back() == '(';
    for (std::string_view q2 : {"approximately", "about", "around", "roughly", "nearly", "almost",
                                "more than", "at least", "over", "some", "in excess of", "circa",
                                "~", "close to", "an estimated", "estimated"}) {
      if (ends_with_word(prev, q2) || (q2 == "~" && !prev.empty() && prev.back() == '~'))
        m.money.approximate = true;
    }
    for (std::string_view q2 : {"up to", "as much as", "a maximum of", "capped at", "potential",
                                "cap of", "ceiling of", "upto"}) {
      if (ends_with_word(prev, q2)) m.up_to = true;
    }
    // Per-unit prices: "$70.50 per pound", "US$0.53 per share", "$2,580/kg", "$1 000 a ton".
    {
      std::size_t r = end;
      while (r < n && s[r] == ' ') ++r;
      if (r < n && s[r] == '/') m.per_unit = true;
      if (r < n && s[r] == '-' && r + 1 < n && is_digit(s[r + 1])) {
        // a range "39,500-40,000 per ton": look past the second number
        std::size_t r2 = r + 1 + number_length(s, r + 1);
        while (r2 < n && s[r2] == ' ') ++r2;
        if (r2 < n && s[r2] == '/') m.per_unit = true;
        if (word_at(s, r2, "per") || word_at(s, r2, "a")) m.per_unit = true;
      }
      if (word_at(s, r, "per")) m.per_unit = true;
      if (word_at(s, r, "a") || word_at(s, r, "an")) {
        std::size_t r2 = r + 2;
        while (r2 < n && (s[r2] == ' ' || s[r2] == 'n')) ++r2;
        for (std::string_view u :
             {"ton", "tonne", "pound", "share", "kilogram", "unit", "lb", "metric"})
          if (word_at(s, r2, u) ||
              (r2 + u.size() < n && s.substr(r2, u.size()) == u && s[r2 + u.size()] == 's'))
            m.per_unit = true;
      }
      if (!scale) {
        const std::string pr = before(s, start, 14);
        if (ends_with_word(pr, "price of") || ends_with_word(pr, "at") ||
            ends_with_word(pr, "price"))
          m.per_unit = true;
      }
    }
    out.push_back(std::move(m));
    i = end > i ? end : i + 1;
  }
  return out;
}

std::vector<TermMention> find_terms(std::string_view s) {
  std::vector<TermMention> out;
  std::string copy;
  const std::string_view low = in_lower_case(s, copy);
  const std::size_t n = low.size();
  auto unit_at = [&](std::size_t p, bool& months) -> std::size_t {
    for (std::string_view u : {"years", "year", "yrs", "months", "month"}) {
      if (p + u.size() <= n && low.compare(p, u.size(), u) == 0 &&
          (p + u.size() == n || !is_alpha(low[p + u.size()]))) {
        months = u.starts_with("month");
        return u.size();
      }
    }
    return 0;
  };
  // Every unit above contains "year", "yrs" or "month": a text with none of them states no
  // count of years or months (most clauses), and only an anniversary is left to look for.
  const bool units = low.find("year") != std::string_view::npos ||
                     low.find("yrs") != std::string_view::npos ||
                     low.find("month") != std::string_view::npos;
  for (std::size_t i = 0; units && i < n; ++i) {
    if (i > 0 && is_alnum(low[i - 1])) continue;
    // A count starts with a digit or with the first letter of a number word.
    const char c0 = low[i];
    if (!is_digit(c0) && c0 != 'o' && c0 != 't' && c0 != 'f' && c0 != 's' && c0 != 'e' &&
        c0 != 'n' && c0 != 'z')
      continue;
    auto [count, len] = read_count(low, i);
    if (count <= 0 || count > 99) continue;
    std::size_t p = i + len;
    const bool hyphen = p < n && low[p] == '-';
    if (p < n && (low[p] == ' ' || low[p] == '-')) ++p;
    bool months = false;
    const std::size_t ulen = unit_at(p, months);
    if (ulen == 0) continue;
    const std::size_t end = p + ulen;
    std::string prev = before(low, i, 40);
    // A bound on the count is no part of the phrase before it: "runs for up to ten years".
    for (std::string_view bound : {"up to", "about", "approximately", "around", "at least"})
      if (ends_with_word(prev, bound)) {
        while (!prev.empty() && prev.back() == ' ') prev.pop_back();
        prev.resize(prev.size() - bound.size());
        break;
      }
    const std::string_view after =
        std::string_view(low).substr(end, std::min<std::size_t>(40, n - end));
    // Exclusions: validity, durations of other things, ages.
    if (prev.find("valid") != std::string::npos || prev.find("lock-up") != std::string::npos ||
        after.starts_with(" ago") || after.starts_with(" old") ||
        prev.find("operate") != std::string::npos || prev.find("within") != std::string::npos ||
        prev.find("since") != std::string::npos || prev.find("until") != std::string::npos ||
        ends_with_word(prev, "last") || ends_with_word(prev, "past") ||
        after.starts_with(" of discussion"))
      continue;
    bool ok = false;
    if (hyphen) {
      // "two-year offtake", "12-month, non-binding agreement", "over a five-year period",
      // "an 18-year mineral supply" (a supply, not an agreement: needs a deal noun).
      for (std::string_view noun :
           {"agreement", "offtake", "off-take", "deal", "contract", "term", "loan", "period",
            "supply agreement", "partnership", "mou", "note", "facility", "arrangement", "lease"}) {
        const auto at = after.find(noun);
        if (at != std::string_view::npos && at < 28) ok = true;
      }
      if (after.starts_with(" mineral") || after.starts_with(" history") ||
          after.starts_with(" high") || after.starts_with(" low"))
        ok = false;
    } else {
      if (ends_with_word(prev, "term of") || ends_with_word(prev, "term of about") ||
          ends_with_word(prev, "term of approximately") || ends_with_word(prev, "over") ||
          ends_with_word(prev, "over the next") || ends_with_word(prev, "over the first") ||
          ends_with_word(prev, "for a further") || ends_with_word(prev, "for a period of") ||
          ends_with_word(prev, "for an additional") || ends_with_word(prev, "tenor of") ||
          ends_with_word(prev, "over a period of") || ends_with_word(prev, "duration of") ||
          ends_with_word(prev, "lasting") || ends_with_word(prev, "runs for") ||
          ends_with_word(prev, "run for") || ends_with_word(prev, "running for") ||
          ends_with_word(prev, "lasts") || ends_with_word(prev, "last for") ||
          ends_with_word(prev, "tenor of") || ends_with_word(prev, "maturity of"))
        ok = true;
    }
    if (!ok) continue;
    out.push_back({{i, end}, iso_term(count, months)});
    i = end;
  }
  // "mature on the fifth anniversary": a term in years.
  for (std::size_t at = low.find("anniversary"); at != std::string::npos;
       at = low.find("anniversary", at + 1)) {
    const std::string prev = before(low, at, 40);
    if (prev.find("matur") == std::string::npos) continue;
    for (std::size_t k = 1; k < k_ordinals.size(); ++k) {
      if (ends_with_word(prev, fmt::format("{} ", k_ordinals[k]))) {
        out.push_back({{at >= 12 ? at - 12 : 0, at + 11}, fmt::format("P{}Y", k)});
        break;
      }
    }
  }
  return out;
}

namespace {

constexpr std::array<std::string_view, 12> k_months = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// True when a month name may start with the lower-case byte `c`.
bool starts_month(char c) {
  static constexpr std::uint32_t k_initials = [] {
    std::uint32_t bits = 0;
    for (const auto name : k_months) bits |= 1u << (name[0] - 'a');
    return bits;
  }();
  return c >= 'a' && c <= 'z' && (k_initials >> (c - 'a') & 1u);
}

// A month name or abbreviation at low[i] ("october", "oct", "oct.", "sept."): month and
// length, or month 0.
std::pair<int, std::size_t> read_month(std::string_view low, std::size_t i) {
  if (i > 0 && is_alpha(low[i - 1])) return {0, 0};
  if (i + 3 > low.size()) return {0, 0};
  // Every month name and abbreviation starts with its three-letter abbreviation: one cheap
  // comparison of three bytes per month before anything longer, and none at all for a byte
  // no month starts with (most places this is asked about).
  std::size_t m = 0;
  const char c0 = low[i];
  if (!starts_month(c0)) return {0, 0};
  const char c1 = low[i + 1];
  const char c2 = low[i + 2];
  while (m < 12 && !(k_months[m][0] == c0 && k_months[m][1] == c1 && k_months[m][2] == c2)) ++m;
  if (m == 12) return {0, 0};
  const auto name = k_months[m];
  if (i + name.size() <= low.size() && low.compare(i, name.size(), name) == 0 &&
      (i + name.size() == low.size() || !is_alpha(low[i + name.size()])))
    return {static_cast<int>(m + 1), name.size()};
  if (m == 4) return {0, 0};  // "may" is handled above; its abbreviation is the word itself
  std::size_t len = 3;
  if (m == 8 && low.compare(i, 4, "sept") == 0) len = 4;
  if (i + len == low.size() || !is_alpha(low[i + len])) {
    if (i + len < low.size() && low[i + len] == '.') ++len;
    return {static_cast<int>(m + 1), len};
  }
  return {0, 0};
}

int read_int(std::string_view s, std::size_t i, std::size_t max_len, std::size_t& len) {
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j]) && j - i < max_len) ++j;
  len = j - i;
  if (len == 0 || (j < s.size() && is_digit(s[j]))) {
    len = 0;
    return -1;
  }
  int v = 0;
  std::from_chars(s.data() + i, s.data() + j, v);
  return v;
}

bool valid_day(int y, int m, int d) {
  if (m < 1 || d < 1) return false;
  using namespace std::chrono;
  return year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}}
      .ok();
}

bool plausible_year(int y) { return y >= 1950 && y <= 2100; }

}  // namespace

std::vector<DateMention> find_dates(std::string_view s, DateOrder order, int default_year) {
  std::vector<DateMention> out;
  std::string copy;
  const std::string_view low = in_lower_case(s, copy);
  const std::size_t n = low.size();
  std::size_t i = 0;
  auto skip_spaces = [&](std::size_t p) {
    while (p < n && (low[p] == ' ' || low[p] == ',')) ++p;
    return p;
  };
  while (i < n) {
    // A date starts a word, with a digit or a month's name.
    if ((i > 0 && is_alnum(low[i - 1])) || !(is_digit(low[i]) || starts_month(low[i]))) {
      ++i;
      continue;
    }
    // Month first: "October 14, 2026", "Jan. 13", "November 2024", "November 1, 2019".
    if (auto [month, mlen] = read_month(low, i); month != 0) {
      std::size_t p = skip_spaces(i + mlen);
      std::size_t len = 0;
      int v = read_int(low, p, 4, len);
      if (len == 4 && plausible_year(v)) {
        out.push_back({{i, p + len}, {v, month, 0}, false});
        i = p + len;
        continue;
      }
      if (len >= 1 && len <= 2 && v >= 1 && v <= 31) {
        std::size_t q = p + len;
        if (q + 1 < n && (low.compare(q, 2, "st") == 0 || low.compare(q, 2, "nd") == 0 ||
                          low.compare(q, 2, "rd") == 0 || low.compare(q, 2, "th") == 0))
          q += 2;
        std::size_t r = skip_spaces(q);
        std::size_t ylen = 0;
        int y = read_int(low, r, 4, ylen);
        if (ylen == 4 && plausible_year(y) && valid_day(y, month, v)) {
          out.push_back({{i, r + ylen}, {y, month, v}, false});
          i = r + ylen;
          continue;
        }
        if (default_year != 0 && valid_day(default_year, month, v) &&
            (mlen > 3 || low[i + mlen - 1] == '.')) {
          out.push_back({{i, q}, {default_year, month, v}, false});
          i = q;
          continue;
        }
      }
      i += mlen;
      continue;
    }
    if (!is_digit(low[i])) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    const int a = read_int(low, i, 4, len);
    if (len == 0) {
      while (i < n && is_digit(low[i])) ++i;
      continue;
    }
    std::size_t p = i + len;
    // ISO: 2024-03-14, 2024-08.
    if (len == 4 && p < n && low[p] == '-' && plausible_year(a)) {
      std::size_t l2 = 0;
      const int m = read_int(low, p + 1, 2, l2);
      if (l2 == 2 && m >= 1 && m <= 12) {
        std::size_t q = p + 1 + l2;
        std::size_t l3 = 0;
        if (q < n && low[q] == '-') {
          const int d = read_int(low, q + 1, 2, l3);
          if (l3 == 2 && valid_day(a, m, d)) {
            out.push_back({{i, q + 1 + l3}, {a, m, d}, false});
            i = q + 1 + l3;
            continue;
          }
        }
        out.push_back({{i, q}, {a, m, 0}, false});
        i = q;
        continue;
      }
    }
    // Year then month: "2024 August".
    if (len == 4 && plausible_year(a)) {
      std::size_t q = skip_spaces(p);
      auto [month, mlen] = read_month(low, q);
      if (month != 0 && q == p + 1 && mlen > 3) {
        out.push_back({{i, q + mlen}, {a, month, 0}, false});
        i = q + mlen;
        continue;
      }
      i = p;
      continue;
    }
    // Numeric: 10.11.2025, 30/09/24.
    if (len <= 2 && p < n && (low[p] == '.' || low[p] == '/')) {
      const char sep = low[p];
      std::size_t l2 = 0;
      const int b = read_int(low, p + 1, 2, l2);
      std::size_t q = p + 1 + l2;
      if (l2 >= 1 && q < n && low[q] == sep) {
        std::size_t l3 = 0;
        int y = read_int(low, q + 1, 4, l3);
        if (l3 == 2) y += 2000;
        if ((l3 == 4 || l3 == 2) && plausible_year(y)) {
          const std::size_t end = q + 1 + l3;
          const bool dm = valid_day(y, b, a);  // day a, month b
          const bool md = valid_day(y, a, b);  // month a, day b
          DateMention dmn{{i, end}, {}, false};
          if (dm && (!md || a == b))
            dmn.date = {y, b, a};
          else if (md && !dm)
            dmn.date = {y, a, b};
          else if (dm && md) {
            if (order == DateOrder::day_first)
              dmn.date = {y, b, a};
            else if (order == DateOrder::month_first)
              dmn.date = {y, a, b};
            else {
              dmn.date = {y, 0, 0};
              dmn.ambiguous = true;
            }
          }
          if (!dmn.date.empty()) out.push_back(dmn);
          i = end;
          continue;
        }
      }
    }
    // Day first: "21 October 2025", "13 Jan 2023", "1 October".
    if (len <= 2 && a >= 1 && a <= 31) {
      std::size_t q = p;
      if (q + 1 < n && (low.compare(q, 2, "st") == 0 || low.compare(q, 2, "nd") == 0 ||
                        low.compare(q, 2, "rd") == 0 || low.compare(q, 2, "th") == 0))
        q += 2;
      if (q < n && low[q] == ' ') {
        auto [month, mlen] = read_month(low, q + 1);
        if (month != 0) {
          std::size_t r = q + 1 + mlen;
          std::size_t r2 = skip_spaces(r);
          std::size_t ylen = 0;
          int y = read_int(low, r2, 4, ylen);
          if (ylen == 4 && plausible_year(y) && valid_day(y, month, a)) {
            out.push_back({{i, r2 + ylen}, {y, month, a}, false});
            i = r2 + ylen;
            continue;
          }
          if (default_year != 0 && valid_day(default_year, month, a) && mlen > 3) {
            out.push_back({{i, r}, {default_year, month, a}, false});
            i = r;
            continue;
          }
        }
      }
    }
    i = p;
  }
  return out;
}

}  // namespace mtrack::extract
