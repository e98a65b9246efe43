#include "mtrack/domain/model.hpp"

#include <fmt/format.h>
#include <array>

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

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : k_days[static_cast<std::size_t>(m - 1)];
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

std::string Money::amount_string() const {
  const std::int64_t whole = minor / k_scale;
  std::int64_t frac = minor % k_scale;
  if (frac < 0) frac = -frac;
  const char* sign = minor < 0 ? "-" : "";
  const std::int64_t units = whole < 0 ? -whole : whole;
  if (frac == 0) return fmt::format("{}{}", sign, units);
  if (frac % 10 == 0) return fmt::format("{}{}.{}", sign, units, frac / 10);
  return fmt::format("{}{}.{:02}", sign, units, frac);
}

std::string PartialDate::str() const {
  if (year == 0) return {};
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
