// libFuzzer entry point for the value parsers: money, partial dates and terms. Any bytes must
// give a value or a message, never a crash; a parsed value must print back to something the
// same parser accepts.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mtrack/domain/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)mtrack::parse_money(text);
  (void)mtrack::parse_money(text, "AUD");
  (void)mtrack::parse_amount(text);
  (void)mtrack::match_currency_prefix(text);
  (void)mtrack::match_currency_suffix(text);
  (void)mtrack::match_scale_word(text);
  if (auto d = mtrack::parse_partial_date(text)) {
    if (!mtrack::parse_partial_date(d.value().str())) std::abort();
  }
  if (auto t = mtrack::parse_term(text)) {
    const auto again = mtrack::parse_term(t.value());
    if (!again || again.value() != t.value()) std::abort();
    (void)mtrack::term_months(t.value());
  }
  (void)mtrack::term_months(text);
  return 0;
}
