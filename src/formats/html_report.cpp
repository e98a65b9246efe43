#include "mtrack/formats/html_report.hpp"

#include <fmt/format.h>

#include "mtrack/formats/html_parts.hpp"
#include "mtrack/formats/render.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

std::string esc(std::string_view s) { return html_escape(s); }

std::string breakdown_html(const Breakdown& b) {
  std::string name(to_string(b.dimension));
  std::string s = fmt::format(
      "<div><h2>By {}</h2><div class=\"wrap\"><table><thead><tr><th class=\"cap\">{}</th>"
      "<th class=\"num\">Agreements</th><th class=\"num\">Binding value</th>"
      "<th class=\"num\">Non-binding value</th></tr></thead><tbody>\n",
      esc(name), esc(name));
  const auto sums = [](const CurrencySums& c) {
    std::vector<std::string> parts;
    for (const auto& m : c.monies()) parts.push_back(esc(format_money_short(m)));
    return text::join(parts, "<br>");
  };
  for (const auto& g : b.groups) {
    s += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td></tr>\n",
        esc(g.name), g.totals.agreements, sums(g.totals.binding_value),
        sums(g.totals.non_binding_value));
  }
  s += "</tbody></table></div>";
  if (b.omitted > 0) s += fmt::format("<p class=\"sub\">{} more not shown.</p>", b.omitted);
  return s + "</div>\n";
}

}  // namespace

void write_html_report(std::ostream& out, const std::vector<Agreement>& agreements,
                       const Report& report, const HtmlOptions& options) {
  std::string s =
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  s += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
                   esc(options.title), html_style());
  s += fmt::format("<header><h1>{}</h1>", esc(options.title));
  if (!options.subtitle.empty()) s += fmt::format("<p class=\"sub\">{}</p>", esc(options.subtitle));
  s += "</header>\n";

  const Totals& t = report.overall;
  s += "<section class=\"cards\">\n";
  s += html_card("Agreements", std::to_string(t.agreements),
            fmt::format("{} state a value", t.with_value));
  s += html_card("Binding", std::to_string(t.binding), "loans, contracts, offtakes");
  s += html_card("Non-binding", std::to_string(t.non_binding), "MOUs, LOIs, frameworks");
  s += html_card("Binding value", html_sums_figure(t.binding_value), "summed per currency");
  s += html_card("Non-binding value", html_sums_figure(t.non_binding_value), "kept apart from binding");
  s += "</section>\n";
  if (!options.conversion.empty()) {
    s += "<section class=\"conversion\">";
    for (const auto& line : options.conversion) s += fmt::format("<p class=\"sub\">{}</p>", esc(line));
    s += "</section>\n";
  }

  s += "<section class=\"charts\">\n";
  s += html_value_charts(agreements);
  s += html_timeline_chart(agreements);
  s += "</section>\n";

  s += "<section class=\"tables\">\n";
  for (const auto& b : report.breakdowns) s += breakdown_html(b);
  s += "</section>\n";

  s += fmt::format(
      "<section>\n<h2>Agreements</h2>\n<div class=\"tools\"><input id=\"filter\" class=\"filter\" "
      "type=\"search\" placeholder=\"Filter: mineral, party, country, …\" "
      "aria-label=\"Filter agreements\"><span id=\"shown\" class=\"shown\">{0} of {0} shown</span>"
      "</div>\n<div class=\"wrap\"><table id=\"agreements\" class=\"sortable list\" "
      "data-filter=\"filter\" data-shown=\"shown\">{1}<tbody>\n",
      agreements.size(), html_agreements_head());
  for (const auto& a : agreements) s += html_agreement_row(a);
  s += "</tbody></table></div>\n</section>\n";
  s += "<footer>Values are summed per currency, never across currencies. MOUs, letters of "
       "interest and frameworks count as non-binding unless marked binding. An agreement with "
       "several minerals counts under each; a group of minerals (rare earths) counts every "
       "agreement with the group or any of its members, once.</footer>\n";
  s += fmt::format("</main>\n<script>{}</script>\n</body>\n</html>\n", html_table_script());
  out << s;
}

}  // namespace mtrack

