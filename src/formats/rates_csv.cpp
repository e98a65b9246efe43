#include "mtrack/formats/rates_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "mtrack/domain/parse.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

constexpr std::string_view k_ecb = "ECB euro foreign exchange reference rates";

bool is_code(std::string_view s) {
  return s.size() == 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// "2024-12-31", "2024", or the ECB daily file's "31 December 2024".
std::optional<PartialDate> rate_date(std::string_view s) {
  if (auto d = parse_partial_date(s)) return *d;
  static constexpr std::string_view k_months[] = {"january", "february", "march",     "april",
                                                  "may",     "june",     "july",      "august",
                                                  "september", "october", "november", "december"};
  const auto words = text::split(s, ' ');
  std::vector<std::string> w;
  for (const auto& x : words) {
    if (!text::trim(x).empty()) w.emplace_back(text::trim(x));
  }
  if (w.size() != 3) return std::nullopt;
  int month = 0;
  for (int i = 0; i < 12; ++i) {
    if (text::lower(w[1]) == k_months[i]) month = i + 1;
  }
  if (month == 0) return std::nullopt;
  auto d = parse_partial_date(fmt::format("{}-{:02}-{:0>2}", w[2], month, w[0]));
  if (!d) return std::nullopt;
  return *d;
}

[[noreturn]] void bad(const std::string& file, int line, std::string_view field,
                      const std::string& message) {
  throw Error(fmt::format("{}:{}: {}: {}", file, line, field, message));
}

}  // namespace

std::vector<Rate> read_rates_csv(std::string_view text, const std::string& file) {
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;
  int n = 0;
  for (const auto& raw : text::split(text, '\n')) {
    ++n;
    std::string_view l = raw;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (n == 1 && l.substr(0, 3) == "\xEF\xBB\xBF") l.remove_prefix(3);  // a byte-order mark
    if (text::trim(l).empty()) continue;
    std::vector<std::string> cells;
    for (const auto& c : text::split(l, ',')) cells.emplace_back(text::trim(c));
    rows.push_back(std::move(cells));
    lines.push_back(n);
  }
  if (rows.empty()) throw Error(fmt::format("{}: no rates (an empty file)", file));
  const auto& head = rows.front();
  if (head.empty() || text::lower(head[0]) != "date") {
    bad(file, lines[0], "header", "the first column must be 'Date'");
  }
  std::vector<Rate> out;
  const auto column = [&](std::string_view name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < head.size(); ++i) {
      if (text::lower(head[i]) == name) return i;
    }
    return std::nullopt;
  };
  const auto cur = column("currency");
  const auto rate = column("rate");
  if (cur && rate) {  // the plain form
    const auto base = column("base");
    const auto source = column("source");
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto& c = rows[r];
      const auto cell = [&](std::optional<std::size_t> i) {
        return i && *i < c.size() ? c[*i] : std::string();
      };
      const auto date = rate_date(cell(std::size_t{0}));
      if (!date || date->empty()) bad(file, lines[r], "date", fmt::format("'{}' is not a date", cell(0)));
      Rate x{*date, cell(cur), base && !cell(base).empty() ? cell(base) : "EUR", cell(rate),
             cell(source)};
      if (!is_code(x.currency)) {
        bad(file, lines[r], "currency", fmt::format("'{}' is not an ISO 4217 code", x.currency));
      }
      if (!is_code(x.base)) bad(file, lines[r], "base", fmt::format("'{}' is not an ISO 4217 code", x.base));
      if (auto v = parse_rate(x.rate); !v) bad(file, lines[r], "rate", v.error());
      out.push_back(std::move(x));
    }
    return out;
  }
  // The ECB form: every other header cell is a currency (a trailing empty one is allowed).
  for (std::size_t i = 1; i < head.size(); ++i) {
    if (!head[i].empty() && !is_code(head[i])) {
      bad(file, lines[0], "header",
          fmt::format("'{}' is neither a currency code nor one of currency, rate", head[i]));
    }
  }
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& c = rows[r];
    const auto date = rate_date(c[0]);
    if (!date || date->empty()) bad(file, lines[r], "Date", fmt::format("'{}' is not a date", c[0]));
    for (std::size_t i = 1; i < c.size() && i < head.size(); ++i) {
      if (head[i].empty() || c[i].empty() || c[i] == "N/A") continue;
      if (auto v = parse_rate(c[i]); !v) bad(file, lines[r], head[i], v.error());
      out.push_back(Rate{*date, head[i], "EUR", c[i], std::string(k_ecb)});
    }
  }
  return out;
}

}  // namespace mtrack
