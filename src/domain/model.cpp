#include "mtrack/domain/model.hpp"

#include <fmt/format.h>
#include <array>
#include <chrono>

#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

// Each enum's names in declaration order: the one table behind to_string, parse and help.
const std::vector<std::string_view> k_type_names = {
    "mou",        "loan", "offtake",   "contract",    "loi",    "grant",
    "investment", "jv",   "framework", "partnership", "merger", "other"};
const std::vector<std::string_view> k_status_names = {"proposed",  "signed",     "approved",
                                                      "completed", "terminated", "unknown"};
const std::vector<std::string_view> k_role_names = {"buyer",    "seller",     "lender",  "borrower",
                                                    "investor", "investee",   "grantor", "grantee",
                                                    "partner",  "government", "other"};
const std::vector<std::string_view> k_relation_names = {"supersedes", "amends", "follows",
                                                        "duplicate-of"};
const std::vector<std::string_view> k_stage_names = {"mining",     "processing", "refining",
                                                     "separation", "metal",      "magnet",
                                                     "recycling",  "enrichment", "other"};

template <class E>
std::optional<E> parse_enum(const std::vector<std::string_view>& names, std::string_view s) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (text::iequals(names[i], s)) return static_cast<E>(i);
  }
  return std::nullopt;
}

int days_in_month(int y, int m) {
  using namespace std::chrono;
  return static_cast<int>(static_cast<unsigned>(
      (year{y} / month{static_cast<unsigned>(m)} / last).day()));
}

}  // namespace

std::string_view to_string(AgreementType t) { return k_type_names[static_cast<std::size_t>(t)]; }
std::string_view to_string(Status s) { return k_status_names[static_cast<std::size_t>(s)]; }
std::string_view to_string(Role r) { return k_role_names[static_cast<std::size_t>(r)]; }
std::string_view to_string(Relation r) { return k_relation_names[static_cast<std::size_t>(r)]; }
std::string_view to_string(Stage s) { return k_stage_names[static_cast<std::size_t>(s)]; }

std::optional<AgreementType> parse_agreement_type(std::string_view s) {
  return parse_enum<AgreementType>(k_type_names, s);
}
std::optional<Status> parse_status(std::string_view s) {
  return parse_enum<Status>(k_status_names, s);
}
std::optional<Role> parse_role(std::string_view s) { return parse_enum<Role>(k_role_names, s); }
std::optional<Relation> parse_relation(std::string_view s) {
  return parse_enum<Relation>(k_relation_names, s);
}
std::optional<Stage> parse_stage(std::string_view s) { return parse_enum<Stage>(k_stage_names, s); }

const std::vector<std::string_view>& agreement_type_names() { return k_type_names; }
const std::vector<std::string_view>& status_names() { return k_status_names; }
const std::vector<std::string_view>& role_names() { return k_role_names; }
const std::vector<std::string_view>& relation_names() { return k_relation_names; }
const std::vector<std::string_view>& stage_names() { return k_stage_names; }

std::string Money::amount_string() const { return mtrack::amount_string(minor); }

namespace {

// The decimal digits of a magnitude.
std::string digits_of(WideMinor v) {
  if (v < 0) v = -v;
  std::string out;
  do {
    out += static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v > 0);
  return {out.rbegin(), out.rend()};
}

std::string group_thousands(const std::string& digits) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Sign, whole units and hundredths of an amount in minor units.
struct Parts {
  bool negative;
  std::string whole;
  int frac;
};
Parts parts_of(WideMinor minor) {
  const WideMinor magnitude = minor < 0 ? -minor : minor;
  return {minor < 0, digits_of(magnitude / Money::k_scale),
          static_cast<int>(magnitude % Money::k_scale)};
}

}  // namespace

std::string amount_string(WideMinor minor) {
  const Parts p = parts_of(minor);
  std::string out = (p.negative ? "-" : "") + p.whole;
  if (p.frac == 0) return out;
  if (p.frac % 10 == 0) return out + fmt::format(".{}", p.frac / 10);
  return out + fmt::format(".{:02}", p.frac);
}

std::string format_money_long(const MoneySum& m) {
  const Parts p = parts_of(m.minor);
  return fmt::format("{}{} {}{}{}", m.approximate ? "~" : "", m.currency, p.negative ? "-" : "",
                     group_thousands(p.whole), p.frac ? fmt::format(".{:02}", p.frac) : "");
}

std::string format_money_short(const MoneySum& m) {
  static constexpr std::array<std::pair<std::int64_t, char>, 4> k_units = {
      {{1'000'000'000'000, 'T'}, {1'000'000'000, 'B'}, {1'000'000, 'M'}, {1'000, 'K'}}};
  const WideMinor magnitude = m.minor < 0 ? -m.minor : m.minor;
  const WideMinor major = magnitude / Money::k_scale;
  std::string number;
  for (const auto& [size, unit] : k_units) {
    if (major >= size) {
      // Up to two decimals, trailing zeros dropped: 100.8M, 1.25B, 400M. 128 bits: no
      // product here can wrap, whatever the amount.
      const WideMinor hundredths = (major * 100 + size / 2) / size;
      number = group_thousands(digits_of(hundredths / 100));
      const int rest = static_cast<int>(hundredths % 100);
      if (rest) number += rest % 10 ? fmt::format(".{:02}", rest) : fmt::format(".{}", rest / 10);
      number += unit;
      break;
    }
  }
  if (number.empty()) number = amount_string(magnitude);
  return fmt::format("{}{} {}{}", m.approximate ? "~" : "", m.currency, m.minor < 0 ? "-" : "",
                     number);
}

std::string format_money_long(const Money& m) {
  return format_money_long(MoneySum{m.minor, m.currency, m.approximate});
}

std::string format_money_short(const Money& m) {
  return format_money_short(MoneySum{m.minor, m.currency, m.approximate});
}

std::string PartialDate::str() const {
  if (year == 0) return {};
  // The usual dates digit by digit (fmt's reading of the format string cost more than all the
  // rest of writing a date, and extract writes a few for every agreement).
  if (year > 0 && year <= 9999 && month >= 0 && month <= 12 && day >= 0 && day <= 31) {
    char buf[10] = {static_cast<char>('0' + year / 1000), static_cast<char>('0' + year / 100 % 10),
                    static_cast<char>('0' + year / 10 % 10), static_cast<char>('0' + year % 10),
                    '-', static_cast<char>('0' + month / 10), static_cast<char>('0' + month % 10),
                    '-', static_cast<char>('0' + day / 10), static_cast<char>('0' + day % 10)};
    return std::string(buf, month == 0 ? 4 : day == 0 ? 7 : 10);
  }
  if (month == 0) return fmt::format("{:04}", year);
  if (day == 0) return fmt::format("{:04}-{:02}", year, month);
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

int PartialDate::first_day() const {
  if (year == 0) return 0;
  return year * 10000 + (month ? month : 1) * 100 + (day ? day : 1);
}

int PartialDate::last_day() const {
  if (year == 0) return 0;
  const int m = month ? month : 12;
  const int d = day ? day : days_in_month(year, m);
  return year * 10000 + m * 100 + d;
}

std::string source_label(const Source& s) {
  if (!s.url.empty()) return s.url;
  if (!s.title.empty()) return s.title;
  return s.sha256.substr(0, 12);
}

bool names_source(std::string_view label, const Source& s) {
  if (label.empty()) return false;
  if (label == s.url || label == s.title) return true;
  return label.size() >= 12 && s.sha256.starts_with(label);
}

std::string source_identity(const Source& s) {
  if (!s.sha256.empty()) return "sha256:" + s.sha256;
  if (!s.url.empty()) return "url:" + text::lower(s.url);
  return "title:" + text::lower(s.title) + "\n" + text::lower(s.publisher);
}

std::string generate_key(const Agreement& a) {
  std::string key(to_string(a.type));
  for (std::size_t i = 0; i < a.parties.size() && i < 2; ++i) {
    key += '-';
    key += text::slug(a.parties[i].name);
  }
  if (!a.date().empty()) {
    key += '-';
    key += a.date().str();
  }
  return text::slug(key);
}

Agreement normalised(Agreement a, const CanonicalName& canonical) {
  a.id.reset();
  a.confidence.reset();
  for (auto& p : a.parties) {
    const auto name = canonical(p.name);
    if (name && *name != p.name) {
      const std::string given = "parties[" + p.name + "]";
      for (auto& prov : a.provenance) {
        if (prov.field == given) prov.field = "parties[" + *name + "]";
      }
      if (p.as_written.empty()) p.as_written = p.name;
      p.name = *name;
    }
    if (p.as_written == p.name) p.as_written.clear();
  }
  if (a.key.empty()) a.key = generate_key(a);
  return a;
}

bool is_normalised(const Agreement& a, const CanonicalName& canonical) {
  if (a.id || a.confidence || a.key.empty()) return false;
  for (const auto& p : a.parties) {
    if (p.as_written == p.name) return false;
    const auto name = canonical(p.name);
    if (name && *name != p.name) return false;
  }
  return true;
}

}  // namespace mtrack
