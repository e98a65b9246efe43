#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/domain/minerals.hpp"
#include "mtrack/formats/document.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

namespace {

std::string_view kind_name(MineralKind k) {
  switch (k) {
    case MineralKind::element:
      return "element";
    case MineralKind::commodity:
      return "commodity";
    case MineralKind::group:
      return "group";
    case MineralKind::set:
      return "set";
  }
  return "";
}

void write_json(std::ostream& out, const std::vector<const Mineral*>& minerals, bool lines) {
  std::vector<JsonObject> rows;
  for (const Mineral* m : minerals) {
    rows.push_back(JsonObject()
                       .text("name", m->name)
                       .text_or_null("symbol", m->symbol)
                       .text("kind", kind_name(m->kind))
                       .texts("aliases", m->aliases)
                       .texts("groups", m->groups)
                       .boolean("usgs2025", m->usgs2025)
                       .boolean("usgs2022", m->usgs2022)
                       .text("eu2023", m->eu2023));
  }
  out << json_array(rows, lines);
}

}  // namespace

void setup_minerals(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "minerals", "The mineral table: names, symbols, aliases, groups and critical-list flags");
  auto query = std::make_shared<std::string>();
  sub->add_option("NAME", *query, "Show only this mineral or group (and a group's members)");
  sub->footer(
      "Examples:\n"
      "  mtrack minerals\n"
      "  mtrack minerals rare-earths\n"
      "  mtrack minerals --format json | jq '.[] | select(.usgs2025)'");
  sub->callback([&ctx, query] {
    ctx.runner = [&ctx, query] {
      const auto& table = MineralTable::builtin();
      std::vector<const Mineral*> shown;
      if (query->empty()) {
        for (const auto& m : table.all()) shown.push_back(&m);
      } else {
        const auto found = table.lookup(*query);
        if (!found) throw Error(found.error());
        const Mineral* m = found.value();
        shown.push_back(m);
        for (const auto* member : table.members(*m)) shown.push_back(member);
      }
      const Format format = ctx.format(Format::table, {Format::table, Format::json, Format::jsonl,
                                                       Format::csv, Format::markdown});
      ctx.page();
      if (format == Format::json || format == Format::jsonl) {
        write_json(*ctx.out, shown, format == Format::jsonl);
        return 0;
      }
      TextTable t;
      t.headers = {"NAME",      "SYMBOL",  "KIND",   "USGS 2025",
                   "USGS 2022", "EU 2023", "GROUPS", "ALIASES"};
      for (const auto* m : shown) {
        t.rows.push_back({m->name, m->symbol, std::string(kind_name(m->kind)),
                          m->usgs2025 ? "yes" : "no", m->usgs2022 ? "yes" : "no", m->eu2023,
                          text::join(m->groups, ", "), text::join(m->aliases, ", ")});
      }
      if (format == Format::csv)
        write_csv_table(*ctx.out, t);
      else if (format == Format::markdown)
        write_markdown_table(*ctx.out, t);
      else
        write_text_table(*ctx.out, t, ctx.render_options());
      return 0;
    };
  });
}

}  // namespace mtrack::cli
