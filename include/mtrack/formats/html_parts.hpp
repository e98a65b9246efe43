#pragma once

// The pieces of mtrack's HTML pages, shared by the one-page report (html_report.hpp) and the
// static site (site/site.hpp): escaping, the style sheet, the table script, headline cards,
// the inline-SVG charts and the agreement table. Every text from the data goes through
// html_escape; the script builds rows from data with textContent only.

#include <string>
#include <string_view>
#include <vector>

#include "mtrack/domain/model.hpp"
#include "mtrack/domain/report.hpp"

namespace mtrack {

// Escapes text for HTML element content and quoted attribute values (& < > " ').
std::string html_escape(std::string_view s);

// The style sheet (no external fonts or images) and the table script (sorting, filtering,
// loading the rest of a long table: see html_parts.cpp).
std::string_view html_style();
std::string_view html_table_script();

// A headline card: `figure` and `note` are HTML already (escape what they quote).
std::string html_card(std::string_view label, const std::string& figure, const std::string& note);
// The sums of one CurrencySums, one currency a line ("—" when empty), escaped.
std::string html_sums_figure(const CurrencySums& sums);

// Value by mineral: one stacked bar chart (binding and non-binding apart) per currency.
std::string html_value_charts(const std::vector<Agreement>& agreements);
// Agreements by month, binding and non-binding stacked.
std::string html_timeline_chart(const std::vector<Agreement>& agreements);

// The header and one row of the agreement table (date, title, type, status, binding, value,
// minerals, parties, country); the title links to `href` when given.
std::string html_agreements_head();
std::string html_agreement_row(const Agreement& a, std::string_view href = {});

}  // namespace mtrack
