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

}  // namespace mtrack
