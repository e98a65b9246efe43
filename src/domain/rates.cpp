#include "mtrack/domain/rates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "mtrack/domain/parse.hpp"
#include "mtrack/util/embedded.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

bool is_code(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

Result<long double> parse_rate(std::string_view text) {
  const std::string_view t = text::trim(text);
  bool digits = false, point = false;
  for (char c : t) {
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return Result<long double>::failure(fmt::format("'{}' is not a decimal rate", t));
    }
  }
  if (!digits) return Result<long double>::failure(fmt::format("'{}' is not a decimal rate", t));
  const long double v = std::strtold(std::string(t).c_str(), nullptr);
  if (!(v > 0)) return Result<long double>::failure(fmt::format("rate '{}' is not above zero", t));
  return v;
}

std::string RateUsed::describe() const {
  std::vector<std::string> parts;
  for (const auto& r : rows) {
    parts.push_back(fmt::format("{} {} per {} ({}{}{})", r.currency, r.rate, r.base, r.date.str(),
                                r.source.empty() ? "" : ", ", r.source));
  }
  return fmt::format("1 {} = {} {}: {}", from, factor_text(), to, text::join(parts, "; "));
}

std::string RateUsed::factor_text() const {
  std::string s = fmt::format("{:.6g}", static_cast<double>(factor));
  if (s.find('e') != std::string::npos) s = fmt::format("{:.10f}", static_cast<double>(factor));
  return s;
}

const RateTable& RateTable::builtin() {
  static const RateTable table = parse(embedded::file("rates.tsv"));
  return table;
}

RateTable RateTable::parse(std::string_view tsv) {
  RateTable t;
  for (const auto& row : text::tsv_rows(tsv, "rates.tsv", 5)) {
    const auto& c = row.cells;
    auto date = parse_partial_date(c[0]);
    if (!date || !is_code(c[1]) || !is_code(c[2]) || !parse_rate(c[3])) {
      throw Error(fmt::format("rates.tsv:{}: malformed rate row", row.line));
    }
    t.add(Rate{*date, c[1], c[2], c[3], c[4]});
  }
  return t;
}

void RateTable::add(const Rate& r) {
  for (auto& old : m_rows) {
    if (old.date == r.date && old.currency == r.currency && old.base == r.base) {
      old = r;
      return;
    }
  }
  m_rows.push_back(r);
}

const Rate* RateTable::pick(std::string_view currency, std::string_view base,
                            const PartialDate& on) const {
  const Rate* best_before = nullptr;  // newest dated on or before `on`
  const Rate* earliest = nullptr;
  const auto later = [](const Rate& a, const Rate& b) {
    return std::pair(a.date.first_day(), a.date.last_day()) >
           std::pair(b.date.first_day(), b.date.last_day());
  };
  for (const auto& r : m_rows) {
    if (r.currency != currency || r.base != base) continue;
    if (!earliest || later(*earliest, r)) earliest = &r;
    if (!on.empty() && r.date.first_day() > on.last_day()) continue;
    if (!best_before || later(r, *best_before)) best_before = &r;
  }
  return best_before ? best_before : earliest;
}

std::optional<RateUsed> RateTable::factor(std::string_view from, std::string_view to,
                                          const PartialDate& on) const {
  RateUsed used{std::string(from), std::string(to), 1, {}};
  if (from == to) return used;
  // Every base that quotes both (a currency is its own base at rate 1), newest rows first.
  std::set<std::string> bases{std::string(from), std::string(to)};
  for (const auto& r : m_rows) bases.insert(r.base);
  std::optional<RateUsed> best;
  int best_day = -1;
  for (const auto& base : bases) {
    const Rate* f = base == from ? nullptr : pick(from, base, on);
    const Rate* t = base == to ? nullptr : pick(to, base, on);
    if ((base != from && !f) || (base != to && !t)) continue;
    const long double rf = f ? *parse_rate(f->rate) : 1;
    const long double rt = t ? *parse_rate(t->rate) : 1;
    const int day = std::min(f ? f->date.last_day() : 99999999, t ? t->date.last_day() : 99999999);
    if (day <= best_day) continue;
    best_day = day;
    RateUsed u{std::string(from), std::string(to), rt / rf, {}};
    if (f) u.rows.push_back(*f);
    if (t) u.rows.push_back(*t);
    best = std::move(u);
  }
  return best;
}

}  // namespace mtrack
