#pragma once

// Exchange rates, for totals in one currency (`report --in USD`, the site's headline). Money is
// never added across currencies anywhere else; a conversion is a separate figure that always
// says which rate, of which date and from which source, it used.
//
// A Rate says: on `date`, one unit of `base` was worth `rate` units of `currency` (the ECB's
// reference rates are quoted so: base EUR, "USD 1.0824"). To turn AUD into USD, a base that
// has both is found and 1 AUD = rate(USD) / rate(AUD) USD; the rate of each is the latest one
// dated on or before the day asked for (else the earliest there is).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtrack/domain/model.hpp"
#include "mtrack/domain/report.hpp"
#include "mtrack/util/result.hpp"

namespace mtrack {

struct Rate {
  PartialDate date;
  std::string currency;  // ISO 4217, upper case
  std::string base;      // ISO 4217, upper case
  std::string rate;      // exact decimal text, > 0: units of `currency` per unit of `base`
  std::string source;    // who published it ("ECB euro foreign exchange reference rates")
  friend bool operator==(const Rate&, const Rate&) = default;
};

// Parses a rate's decimal text ("1.0824", "163.85"); an error for anything else or <= 0.
Result<long double> parse_rate(std::string_view text);

// How one currency was turned into another: 1 `from` = `factor` `to`, from these rows.
struct RateUsed {
  std::string from;
  std::string to;
  long double factor = 1;
  std::vector<Rate> rows;  // the one or two table rows the factor comes from
  // "1 EUR = 1.0824 USD: USD 1.0824 per EUR (2024, ECB ...)"
  std::string describe() const;
  // The factor for people: six significant digits, no exponent ("1.0824", "0.000733632").
  std::string factor_text() const;
};

class RateTable {
 public:
  // The annual averages compiled into mtrack (schema/rates.tsv, its source named there).
  static const RateTable& builtin();
  // Parses the TSV text (date, currency, base, rate, source); throws mtrack::Error naming the
  // line of a malformed row.
  static RateTable parse(std::string_view tsv);

  // Adds a row; a row with the same date, currency and base replaces the earlier one.
  void add(const Rate& r);
  const std::vector<Rate>& rows() const { return m_rows; }
  bool empty() const { return m_rows.empty(); }

  // 1 `from` in `to`, with rates dated on or before `on` (the newest rates when `on` is
  // empty); nullopt when no base links the two.
  std::optional<RateUsed> factor(std::string_view from, std::string_view to,
                                 const PartialDate& on) const;

 private:
  const Rate* pick(std::string_view currency, std::string_view base, const PartialDate& on) const;
  std::vector<Rate> m_rows;
};

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

}  // namespace mtrack
