#pragma once

// Parsers for the values people type and articles print: money, partial dates and terms.
// Each takes the whole string and returns the value or a one-line reason; the caller adds
// the file, line and field. These are the only money/date/term parsers in mtrack.

#include <optional>
#include <string>
#include <string_view>

#include "mtrack/domain/model.hpp"
#include "mtrack/util/result.hpp"

namespace mtrack {

// A currency marker at the start of `text` ("US$", "A$", "€", "USD", "EUR "), with the
// ISO code it means and the number of bytes it spans. A bare "$" gives `bare_dollar`
// (USD unless the caller knows better). Used by parse_money and the extractor.
struct CurrencyMark {
  std::string code;
  std::size_t length = 0;
  bool bare_dollar = false;
};
std::optional<CurrencyMark> match_currency_prefix(std::string_view text);
// A currency written after the amount ("200 million USD", "5 billion yen", "euros").
std::optional<CurrencyMark> match_currency_suffix(std::string_view text);
// True for a known ISO 4217 code mtrack accepts (USD, AUD, CAD, EUR, GBP, JPY, CNY, ...).
bool is_currency_code(std::string_view code);

// A scale word after a number ("million", "mn", "m", "bn", "billion", "B", "k",
// "thousand", "trillion", "tn"), its multiplier (as a power of ten) and its length.
struct ScaleWord {
  int power = 0;
  std::size_t length = 0;
};
std::optional<ScaleWord> match_scale_word(std::string_view text);

// Parses a money string: "US$400 million", "A$1.2bn", "€50m", "\$3 million",
// "USD 200 million", "$100.8 million", "1,200,000 EUR", "about $5m". A bare number takes
// `default_currency` (an error when that is empty); a bare "$" is USD unless
// `default_currency` names another dollar. Qualifiers (about, approximately, more than,
// at least, over, nearly, ~) set `approximate`. `as_written` is set to the input.
Result<Money> parse_money(std::string_view text, std::string_view default_currency = {});

// Parses an amount in major units written as a plain decimal ("400000000", "1.25") into
// minor units. At most two decimal places.
Result<std::int64_t> parse_amount(std::string_view text);

// An ISO 3166-1 alpha-2 country code, in any case ("us", "AU"), as stored ("US"). Anything
// else is refused with the code it likely means: an alpha-3 code or a country's name gives
// "'USA' is not an ISO 3166-1 alpha-2 country code (did you mean 'US'?)". The one country check
// of flags and files.
Result<std::string> parse_country(std::string_view text);

// A term for people: "P730D" is "730 days", "P1Y6M" "1 year 6 months"; an invalid term is
// returned as it is.
std::string describe_term(std::string_view iso);

// Parses an ISO partial date "2024", "2024-08", "2024-08-15" and checks it is a real
// calendar date.
Result<PartialDate> parse_partial_date(std::string_view text);

// Parses a term into a canonical ISO 8601 duration: "15y", "15 years", "P15Y", "6m",
// "6 months", "18-month", "P1Y6M", "90d". Returns "P15Y", "P6M", "P1Y6M", "P90D".
Result<std::string> parse_term(std::string_view text);

// A term as a number of months (days count as 1/30 month), for comparisons; nullopt for an
// invalid ISO duration.
std::optional<double> term_months(std::string_view iso);

// The day `term` (an ISO 8601 duration as parse_term returns it) before `day`, counting from
// its last day when it is partial: 2024-12-31 less P730D is 2023-01-01; a month back from
// 2024-03-31 is 2024-02-29. nullopt for an invalid term.
std::optional<PartialDate> date_before(const PartialDate& day, std::string_view term);

}  // namespace mtrack
