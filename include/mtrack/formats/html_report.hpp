#pragma once

// The HTML report: one self-contained page (no network, no external files) with headline
// figures, an inline-SVG bar chart of value by mineral (one chart per currency, binding and
// non-binding stacked apart), an inline-SVG timeline of agreements by month, the report's
// breakdown tables and a table of agreements that sorts (click a header) and filters (text
// box) with a little inline script. Every text from the data is HTML-escaped, and the
// script carries no data, so nothing in a record can end it or run. Same input, same bytes.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "mtrack/domain/model.hpp"
#include "mtrack/domain/report.hpp"
#include "mtrack/formats/html_parts.hpp"

namespace mtrack {

struct HtmlOptions {
  std::string title = "Critical-minerals agreements";
  std::string subtitle;  // printed under the title when given (a date, a filter); no clock
  // Lines of the totals converted into one currency and the rates used (describe_conversion),
  // printed under the headline figures.
  std::vector<std::string> conversion;
};

// `agreements` are the rows of the table, in the order given; `report` gives the headline
// and the breakdown tables.
void write_html_report(std::ostream& out, const std::vector<Agreement>& agreements,
                       const Report& report, const HtmlOptions& options = {});

}  // namespace mtrack
