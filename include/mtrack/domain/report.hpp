#pragma once

// Aggregates for `mtrack report`: counts and totals of agreements grouped by mineral, type,
// party, year, country or status. Pure functions over agreements; the writers are in
// report.cpp (table, Markdown, JSON) and html_report.hpp (HTML).
//
// Two rules of the data contract hold everywhere:
//  - money is never added across currencies: every total is a list of per-currency sums;
//  - binding and non-binding commitments are kept apart. An agreement is non-binding when
//    `binding: false`, or when `binding` is not given and its type is an MOU, a letter of
//    interest or a framework; every other agreement counts as binding.
// An agreement with several minerals (or parties) counts once under each of them, so the
// groups of those dimensions can add up to more than the total.

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mtrack/domain/model.hpp"
#include "mtrack/domain/rates.hpp"

namespace mtrack {

enum class Dimension { mineral, type, party, year, country, status };

std::string_view to_string(Dimension d);
std::optional<Dimension> parse_dimension(std::string_view s);
const std::vector<std::string_view>& dimension_names();

// The binding rule above.
bool is_binding(const Agreement& a);

// Sums of agreement values per currency (ISO code → minor units, 128 bits wide so that no
// total wraps), and whether any of the summed values was approximate.
struct CurrencySums {
  std::map<std::string, WideMinor> minor;
  std::map<std::string, bool> approximate;

  void add(const Money& m);
  bool empty() const { return minor.empty(); }
  // One sum per currency, in code order.
  std::vector<MoneySum> monies() const;
};

struct Totals {
  std::int64_t agreements = 0;
  std::int64_t binding = 0;
  std::int64_t non_binding = 0;
  std::int64_t with_value = 0;  // agreements that state a value
  CurrencySums binding_value;
  CurrencySums non_binding_value;

  void add(const Agreement& a);
};

struct Group {
  std::string name;  // "cobalt", "2024", "US"; "(none)" when the agreement has no such field
  Totals totals;
};

struct Breakdown {
  Dimension dimension = Dimension::mineral;
  std::vector<Group> groups;  // years in order, other dimensions by count (most first), name
  std::int64_t omitted = 0;   // groups left out by `top`
};

struct Report {
  Totals overall;
  std::vector<Breakdown> breakdowns;  // one per requested dimension, in request order
};

struct ReportOptions {
  std::vector<Dimension> by;       // empty: mineral
  std::optional<std::size_t> top;  // keep the N largest groups of each breakdown
};

// Accumulates agreements one at a time (so `report` can stream from the repository).
class ReportBuilder {
 public:
  explicit ReportBuilder(ReportOptions options);
  void add(const Agreement& a);
  // The report; the groups move out of the builder, which is left empty.
  Report finish();

 private:
  ReportOptions m_options;
  Totals m_overall;
  // One table per dimension, hashed: a breakdown by party at 100,000 agreements spent a fifth
  // of `report` comparing names in an ordered map. finish() puts the groups in order once.
  std::vector<std::unordered_map<std::string, Totals>> m_groups;
};

Report build_report(const std::vector<Agreement>& agreements, const ReportOptions& options);

// The keys an agreement is grouped under for a dimension ("(none)" when it has none).
std::vector<std::string> group_keys(const Agreement& a, Dimension d);

// A sum list for people: "USD 1,569,000,000; AUD 5,000,000", empty when there is none.
std::string format_sums(const CurrencySums& sums);

// Totals in one currency, next to (never instead of) the per-currency sums.
struct ConvertedTotals {
  std::string currency;
  PartialDate on;                        // the day the rates were taken for; empty: newest
  std::optional<Money> binding;          // absent when no binding value could be converted
  std::optional<Money> non_binding;
  std::vector<RateUsed> rates;           // one per currency converted, in code order
  std::vector<std::string> missing;      // currencies without a rate, left out of the sums
};

// Converts the binding and non-binding sums of `t` into `currency`; binding and non-binding
// stay apart. Amounts are rounded to whole units; a sum with an approximate value stays approximate.
ConvertedTotals convert_totals(const Totals& t, std::string_view currency, const RateTable& rates,
                               const PartialDate& on);

// The conversion for people, one line each: "binding value in USD: USD 1,234,000,000" and the
// rates used. Shared by the report writers and the site.
std::vector<std::string> describe_conversion(const ConvertedTotals& c);

// Writers. Same report, same bytes. With `converted`, the totals in one currency follow the
// per-currency sums, with every rate used (JSON: a "converted" member).
void write_report_table(std::ostream& out, const Report& r, std::size_t width = 0,
                        const ConvertedTotals* converted = nullptr);
void write_report_markdown(std::ostream& out, const Report& r,
                           const ConvertedTotals* converted = nullptr);
void write_report_json(std::ostream& out, const Report& r,
                       const ConvertedTotals* converted = nullptr);

}  // namespace mtrack
