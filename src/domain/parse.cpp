#include "mtrack/domain/parse.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <vector>

#include "mtrack/util/embedded.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct CurrencyToken {
  std::string_view token;
  std::string_view code;
  bool needs_boundary;  // a word: must not run on into letters ("USDA" is not USD)
};

// Markers written before an amount, longest first within each shared prefix.
constexpr std::array<CurrencyToken, 34> k_prefixes = {{
    {"U.S.$", "USD", false},        {"US$", "USD", false},          {"US $", "USD", false},
    {"USD", "USD", true},           {"$US", "USD", false},          {"AU$", "AUD", false},
    {"A$", "AUD", false},           {"AUD", "AUD", true},           {"$A", "AUD", false},
    {"CA$", "CAD", false},          {"Cdn$", "CAD", false},         {"C$", "CAD", false},
    {"CAD", "CAD", true},           {"NZ$", "NZD", false},          {"NZD", "NZD", true},
    {"HK$", "HKD", false},          {"HKD", "HKD", true},           {"S$", "SGD", false},
    {"SGD", "SGD", true},           {"\xE2\x82\xAC", "EUR", false},  // €
    {"EUR", "EUR", true},           {"\xC2\xA3", "GBP", false},      // £
    {"GBP", "GBP", true},           {"\xC2\xA5", "JPY", false},      // ¥
    {"JPY", "JPY", true},           {"CNY", "CNY", true},           {"RMB", "CNY", true},
    {"\xE2\x82\xA9", "KRW", false},  // ₩
    {"KRW", "KRW", true},           {"CHF", "CHF", true},           {"ZAR", "ZAR", true},
    {"INR", "INR", true},           {"BRL", "BRL", true},           {"R$", "BRL", false},
}};

// Words written after an amount.
constexpr std::array<CurrencyToken, 30> k_suffixes = {{
    {"US dollars", "USD", true},
    {"U.S. dollars", "USD", true},
    {"Australian dollars", "AUD", true},
    {"Canadian dollars", "CAD", true},
    {"New Zealand dollars", "NZD", true},
    {"Hong Kong dollars", "HKD", true},
    {"Singapore dollars", "SGD", true},
    {"USD", "USD", true},
    {"AUD", "AUD", true},
    {"CAD", "CAD", true},
    {"EUR", "EUR", true},
    {"euros", "EUR", true},
    {"euro", "EUR", true},
    {"GBP", "GBP", true},
    {"pounds sterling", "GBP", true},
    {"pounds", "GBP", true},
    {"JPY", "JPY", true},
    {"yen", "JPY", true},
    {"CNY", "CNY", true},
    {"yuan", "CNY", true},
    {"renminbi", "CNY", true},
    {"RMB", "CNY", true},
    {"KRW", "KRW", true},
    {"won", "KRW", true},
    {"CHF", "CHF", true},
    {"Swiss francs", "CHF", true},
    {"rand", "ZAR", true},
    {"rupees", "INR", true},
    {"reais", "BRL", true},
    {"dollars", "USD", true},
}};

constexpr std::array<std::string_view, 14> k_codes = {"USD", "AUD", "CAD", "EUR", "GBP",
                                                      "JPY", "CNY", "KRW", "NZD", "HKD",
                                                      "SGD", "CHF", "ZAR", "INR"};

struct ScaleToken {
  std::string_view token;
  int power;
};

// Longest first where one is a prefix of another; all must end at a word boundary.
constexpr std::array<ScaleToken, 17> k_scales = {{
    {"trillion", 12},
    {"tn", 12},
    {"trn", 12},
    {"billion", 9},
    {"bln", 9},
    {"bn", 9},
    {"b", 9},
    {"B", 9},
    {"million", 6},
    {"mln", 6},
    {"mn", 6},
    {"MM", 6},
    {"m", 6},
    {"M", 6},
    {"thousand", 3},
    {"k", 3},
    {"K", 3},
}};

bool word_ends_at(std::string_view text, std::size_t n) {
  return n >= text.size() || !is_alpha(text[n]);
}

struct Qualifier {
  std::string_view words;
  bool approximate;
};

constexpr std::array<Qualifier, 16> k_qualifiers = {{
    {"approximately", true},
    {"approx.", true},
    {"about", true},
    {"around", true},
    {"roughly", true},
    {"nearly", true},
    {"almost", true},
    {"some", true},
    {"more than", true},
    {"over", true},
    {"at least", true},
    {"in excess of", true},
    {"circa", true},
    {"c.", true},
    {"~", true},
    {"up to", false},
}};

const std::string k_too_large =
    fmt::format("at most {} digits before the decimal point", Money::k_max_digits);

std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

}  // namespace

std::optional<CurrencyMark> match_currency_prefix(std::string_view text) {
  if (text.starts_with("\\$")) {  // a Markdown-escaped dollar sign
    auto rest = match_currency_prefix(text.substr(1));
    if (rest) rest->length += 1;
    return rest;
  }
  for (const auto& t : k_prefixes) {
    if (!text.starts_with(t.token)) continue;
    if (t.needs_boundary && !word_ends_at(text, t.token.size())) continue;
    // "$A" only before a number: "$Apple" is not Australian dollars.
    if (t.token == "$A" && (t.token.size() >= text.size() || !is_digit(text[t.token.size()]))) {
      continue;
    }
    return CurrencyMark{std::string(t.code), t.token.size(), false};
  }
  if (text.starts_with("$")) return CurrencyMark{"USD", 1, true};
  return std::nullopt;
}

std::optional<CurrencyMark> match_currency_suffix(std::string_view text) {
  for (const auto& t : k_suffixes) {
    if (text.size() < t.token.size()) continue;
    if (!text::iequals(text.substr(0, t.token.size()), t.token)) continue;
    // Codes must be written in upper case; words in any case.
    const bool is_code = t.token.size() == 3 && text::lower(t.token) != t.token;
    if (is_code && !text.starts_with(t.token)) continue;
    if (!word_ends_at(text, t.token.size())) continue;
    return CurrencyMark{std::string(t.code), t.token.size(), t.token == "dollars"};
  }
  return std::nullopt;
}

bool is_currency_code(std::string_view code) {
  for (auto c : k_codes) {
    if (c == code) return true;
  }
  return false;
}

std::optional<ScaleWord> match_scale_word(std::string_view text) {
  for (const auto& s : k_scales) {
    const bool icase = s.token.size() > 3;  // "Million" is fine; "M" vs "m" both listed
    const bool hit = icase ? text::starts_with_icase(text, s.token) : text.starts_with(s.token);
    if (hit && word_ends_at(text, s.token.size())) return ScaleWord{s.power, s.token.size()};
  }
  return std::nullopt;
}

namespace {

// Reads "1,234.5" (digits, optional ',' thousands groups of three, at most one '.') into its
// digits ("12345") and the count of digits after the point (1). Returns why it cannot, or null.
const char* split_decimal(std::string_view number, std::string& digits, int& decimals) {
  digits.clear();
  decimals = -1;
  int group = -1;  // digits since the last ',' (-1: no ',' seen yet)
  int lead = 0;    // digits before the first ','
  for (char c : number) {
    if (c == '.') {
      if (decimals >= 0) return "two decimal points";
      if (group >= 0 && group != 3) return "misplaced thousands separator";
      decimals = 0;
    } else if (c == ',') {
      if (decimals >= 0) return "a thousands separator after the decimal point";
      if (group < 0 ? (lead == 0 || lead > 3) : group != 3) return "misplaced thousands separator";
      group = 0;
    } else {
      digits += c;
      if (decimals >= 0) {
        ++decimals;
      } else if (group >= 0) {
        ++group;
      } else {
        ++lead;
      }
    }
  }
  if (decimals < 0 && group >= 0 && group != 3) return "misplaced thousands separator";
  if (digits.empty()) return "no digits";
  if (decimals < 0) decimals = 0;
  return nullptr;
}

}  // namespace

Result<std::int64_t> parse_amount(std::string_view text) {
  text = text::trim(text);
  if (text.empty()) return Result<std::int64_t>::failure("empty amount");
  const bool negative = text[0] == '-';
  const std::string_view number = negative ? text.substr(1) : text;
  if (number.empty() || number.find_first_not_of("0123456789,.") != std::string_view::npos)
    return Result<std::int64_t>::failure(fmt::format("'{}' is not a number", text));
  std::string digits;
  int decimals = 0;
  if (const char* why = split_decimal(number, digits, decimals))
    return Result<std::int64_t>::failure(fmt::format("'{}' is not a number: {}", text, why));
  if (decimals > 2) {
    return Result<std::int64_t>::failure(
        fmt::format("'{}' has more than two decimal places", text));
  }
  const auto too_large = [&] {
    return Result<std::int64_t>::failure(fmt::format("'{}' is too large ({})", text, k_too_large));
  };
  if (digits.size() > 18) return too_large();
  std::int64_t v = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), v);
  for (int d = decimals; d < 2; ++d) {  // to minor units; 18 digits times 100 may not fit
    auto next = checked_mul(v, 10);
    if (!next) return too_large();
    v = *next;
  }
  if (v >= Money::k_limit) return too_large();
  return negative ? -v : v;
}

Result<Money> parse_money(std::string_view input, std::string_view default_currency) {
  using R = Result<Money>;
  std::string_view s = text::trim(input);
  Money m;
  m.as_written = std::string(s);
  const auto fail = [&](std::string_view why) {
    return R::failure(fmt::format("cannot read '{}' as money: {}", input, why));
  };
  if (s.empty()) return R::failure("empty money value");

  for (const auto& q : k_qualifiers) {
    if (text::starts_with_icase(s, q.words) &&
        (q.words.back() == '.' || q.words == "~" || word_ends_at(s, q.words.size()))) {
      m.approximate = q.approximate;
      s = text::trim(s.substr(q.words.size()));
      break;
    }
  }

  std::optional<CurrencyMark> currency = match_currency_prefix(s);
  if (currency) s = text::trim(s.substr(currency->length));

  // The number: digits with ',' thousands separators and one '.'.
  std::size_t n = 0;
  while (n < s.size() && (is_digit(s[n]) || s[n] == ',' || s[n] == '.')) ++n;
  while (n > 0 && (s[n - 1] == ',' || s[n - 1] == '.')) --n;  // "5m." / "5," end a sentence
  if (n == 0) return fail("no number");
  std::string_view number = s.substr(0, n);
  s = text::trim(s.substr(n));

  // Decimal digits and the exact value in units of 10^-decimals.
  std::string digits;
  int decimals = 0;
  if (const char* why = split_decimal(number, digits, decimals)) return fail(why);
  if (digits.size() > 18) return fail("the number is too large");

  int power = 0;
  if (auto scale = match_scale_word(s)) {
    power = scale->power;
    s = text::trim(s.substr(scale->length));
  }
  if (!currency) {
    currency = match_currency_suffix(s);
    if (currency) s = text::trim(s.substr(currency->length));
  }
  if (!s.empty()) return fail(fmt::format("unexpected '{}'", s));

  std::int64_t value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  // minor = value * 10^(power + 2 - decimals)
  int shift = power + 2 - decimals;
  if (shift < 0) return fail("more than two decimal places");
  for (; shift > 0; --shift) {
    auto next = checked_mul(value, 10);
    if (!next) return fail(fmt::format("the amount is too large ({})", k_too_large));
    value = *next;
  }
  // The one limit of every way in (add, edit, import, extract): what is stored exports and
  // imports back.
  if (value >= Money::k_limit) return fail(fmt::format("the amount is too large ({})", k_too_large));
  m.minor = value;

  if (currency) {
    m.currency = currency->code;
    // A bare "$" may be the issuer's own dollar when the caller says so.
    if (currency->bare_dollar && !default_currency.empty() &&
        (default_currency == "AUD" || default_currency == "CAD" || default_currency == "NZD" ||
         default_currency == "USD")) {
      m.currency = std::string(default_currency);
    }
  } else if (!default_currency.empty()) {
    m.currency = std::string(default_currency);
  } else {
    return fail("no currency (write it like 'US$400 million' or give --currency)");
  }
  if (!is_currency_code(m.currency)) return fail(fmt::format("unknown currency '{}'", m.currency));
  return m;
}

namespace {

struct Country {
  std::string alpha2, alpha3, name;
};

const std::vector<Country>& countries() {
  static const std::vector<Country> k_countries = [] {
    std::vector<Country> out;
    for (auto& row : text::tsv_rows(embedded::file("countries.tsv"), "countries.tsv", 3)) {
      out.push_back({row.cells[0], row.cells[1], row.cells[2]});
    }
    return out;
  }();
  return k_countries;
}

// Whether `code` is one of the list's alpha-2 codes: a table of the 26 x 26 letter pairs,
// so that the usual case (a valid code) costs no scan of the list.
bool known_alpha2(std::string_view code) {
  const auto slot = [](std::string_view c) -> std::optional<std::size_t> {
    if (c.size() != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z') return {};
    return static_cast<std::size_t>(c[0] - 'A') * 26 + static_cast<std::size_t>(c[1] - 'A');
  };
  static const std::vector<bool> k_known = [&] {
    std::vector<bool> out(26 * 26);
    for (const auto& c : countries()) {
      if (const auto at = slot(c.alpha2)) out[*at] = true;
    }
    return out;
  }();
  const auto at = slot(code);
  return at && k_known[*at];
}

}  // namespace

Result<std::string> parse_country(std::string_view input) {
  const std::string_view s = text::trim(input);
  std::string upper;
  for (char c : s) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (known_alpha2(upper)) return upper;
  std::vector<std::string> guess;
  for (const auto& c : countries()) {
    if (c.alpha3 == upper || text::iequals(c.name, s)) guess.push_back(c.alpha2);
  }
  if (guess.empty() && upper.size() == 2) {
    std::vector<std::string> codes;
    for (const auto& c : countries()) codes.push_back(c.alpha2);
    guess = text::closest(upper, codes, 3);
  }
  return Result<std::string>::failure(
      fmt::format("'{}' is not an ISO 3166-1 alpha-2 country code{}", input,
                  guess.empty() ? std::string(" (like US, AU, BR)") : text::did_you_mean(guess)));
}

std::string describe_term(std::string_view iso) {
  static constexpr std::pair<char, std::string_view> k_units[] = {
      {'Y', "year"}, {'M', "month"}, {'W', "week"}, {'D', "day"}};
  if (iso.size() < 3 || iso[0] != 'P') return std::string(iso);
  std::vector<std::string> parts;
  std::size_t i = 1;
  while (i < iso.size()) {
    std::size_t j = i;
    while (j < iso.size() && (is_digit(iso[j]) || iso[j] == '.')) ++j;
    if (j == i || j >= iso.size()) return std::string(iso);
    const std::string_view number = iso.substr(i, j - i);
    const auto unit = std::find_if(std::begin(k_units), std::end(k_units),
                                   [&](const auto& u) { return u.first == iso[j]; });
    if (unit == std::end(k_units)) return std::string(iso);
    parts.push_back(fmt::format("{} {}{}", number, unit->second, number == "1" ? "" : "s"));
    i = j + 1;
  }
  return text::join(parts, " ");
}

Result<PartialDate> parse_partial_date(std::string_view input) {
  using R = Result<PartialDate>;
  const std::string_view s = text::trim(input);
  const auto fail = [&] {
    return R::failure(fmt::format("'{}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", input));
  };
  const auto read = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > s.size()) return false;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (!is_digit(s[i])) return false;
    }
    std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return true;
  };
  PartialDate d;
  if (!(s.size() == 4 || s.size() == 7 || s.size() == 10)) return fail();
  if (!read(0, 4, d.year)) return fail();
  if (s.size() >= 7 && (s[4] != '-' || !read(5, 2, d.month))) return fail();
  if (s.size() == 10 && (s[7] != '-' || !read(8, 2, d.day))) return fail();
  if (d.year < 1000) return fail();
  if (s.size() >= 7 && (d.month < 1 || d.month > 12)) {
    return R::failure(fmt::format("'{}' has no month {}", input, d.month));
  }
  if (s.size() == 10) {
    PartialDate month_only{d.year, d.month, 0};
    const int last = month_only.last_day() % 100;
    if (d.day < 1 || d.day > last) {
      return R::failure(fmt::format("'{}' is not a real date ({}-{:02} has {} days)", input, d.year,
                                    d.month, last));
    }
  }
  return d;
}

Result<std::string> parse_term(std::string_view input) {
  using R = Result<std::string>;
  std::string s = text::lower(text::trim(input));
  const auto fail = [&] {
    return R::failure(
        fmt::format("'{}' is not a term (write it like '15y', '6 months' or 'P1Y6M')", input));
  };
  if (s.empty()) return fail();
  if (s[0] == 'p') {  // ISO 8601: PnYnMnD (weeks as PnW)
    int years = 0, months = 0, days = 0;
    std::size_t i = 1;
    bool any = false;
    char last_unit = 0;
    while (i < s.size()) {
      std::size_t j = i;
      while (j < s.size() && is_digit(s[j])) ++j;
      if (j == i || j == s.size()) return fail();
      const char unit = s[j];
      // Weeks print as days ("P2066W" is "P14462D") and fractional years as months ("999.5
      // years" is "P11994M"): both may take five digits.
      if (j - i > (unit == 'd' || unit == 'm' ? 5u : 4u)) return fail();
      int v = 0;
      std::from_chars(s.data() + i, s.data() + j, v);
      const auto order = [](char u) { return u == 'y' ? 1 : u == 'm' ? 2 : u == 'w' ? 3 : 4; };
      if (last_unit && order(unit) <= order(last_unit)) return fail();
      if (unit == 'y')
        years = v;
      else if (unit == 'm')
        months = v;
      else if (unit == 'w')
        days += 7 * v;
      else if (unit == 'd')
        days += v;
      else
        return fail();
      last_unit = unit;
      any = true;
      i = j + 1;
    }
    if (!any || days > 99999) return fail();  // the days must read back (five digits)
    std::string out = "P";
    if (years) out += fmt::format("{}Y", years);
    if (months) out += fmt::format("{}M", months);
    if (days) out += fmt::format("{}D", days);
    if (out == "P") return fail();
    return out;
  }
  // "15y", "15 years", "15-year", "1.5 years", "6 months", "90 days".
  std::size_t i = 0;
  while (i < s.size() && (is_digit(s[i]) || s[i] == '.')) ++i;
  if (i == 0) return fail();
  const std::string number = s.substr(0, i);
  std::string unit(text::trim(std::string_view(s).substr(i)));
  if (!unit.empty() && unit[0] == '-') unit.erase(0, 1);
  double v = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), v);
  if (error != std::errc{} || end != number.data() + number.size()) return fail();  // "1.5."
  if (v <= 0 || v > 1000) return fail();
  const auto is = [&](std::initializer_list<std::string_view> names) {
    for (auto n : names) {
      if (unit == n) return true;
    }
    return false;
  };
  long months = 0;
  if (is({"y", "yr", "yrs", "year", "years"})) {
    const double m = v * 12;
    if (m != static_cast<long>(m)) return fail();
    months = static_cast<long>(m);
    if (months % 12 == 0) return fmt::format("P{}Y", months / 12);
    return fmt::format("P{}M", months);
  }
  if (v != static_cast<long>(v)) return fail();
  if (is({"m", "mo", "mos", "month", "months"})) return fmt::format("P{}M", static_cast<long>(v));
  if (is({"w", "wk", "wks", "week", "weeks"})) return fmt::format("P{}D", static_cast<long>(v) * 7);
  if (is({"d", "day", "days"})) return fmt::format("P{}D", static_cast<long>(v));
  return fail();
}

std::optional<PartialDate> date_before(const PartialDate& day, std::string_view term) {
  auto r = parse_term(term);
  if (!r || day.empty()) return std::nullopt;
  int years = 0, months = 0, days = 0, v = 0;
  for (char c : r.value().substr(1)) {
    if (is_digit(c)) {
      v = v * 10 + (c - '0');
      continue;
    }
    (c == 'Y' ? years : c == 'M' ? months : days) = v;
    v = 0;
  }
  namespace ch = std::chrono;
  // From the last day the date can mean, back by the years and months (the day clamped to
  // the month's end: a month back from 03-31 is 02-29 or 02-28), then by the days.
  const int last = day.last_day();
  const ch::year_month from = ch::year{last / 10000} / ch::month{static_cast<unsigned>(last / 100 % 100)};
  const ch::year_month to = from - ch::years{years} - ch::months{months};
  const ch::day end = (to.year() / to.month() / ch::last).day();
  const ch::day d = std::min(ch::day{static_cast<unsigned>(last % 100)}, end);
  const ch::year_month_day back{ch::sys_days{to / d} - ch::days{days}};
  return PartialDate{static_cast<int>(back.year()), static_cast<int>(static_cast<unsigned>(back.month())),
                     static_cast<int>(static_cast<unsigned>(back.day()))};
}

std::optional<double> term_months(std::string_view iso) {
  auto r = parse_term(iso);
  if (!r || iso.empty() || (iso[0] != 'P' && iso[0] != 'p')) return std::nullopt;
  double months = 0;
  int v = 0;
  for (char c : r.value().substr(1)) {
    if (is_digit(c)) {
      v = v * 10 + (c - '0');
      continue;
    }
    months += c == 'Y' ? v * 12.0 : c == 'M' ? v : v / 30.0;
    v = 0;
  }
  return months;
}

}  // namespace mtrack
