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
  std::string buf = lines ? "" : "[";
  for (std::size_t i = 0; i < minerals.size(); ++i) {
    const Mineral& m = *minerals[i];
    if (!lines) buf += i ? ",\n" : "\n";
    buf += "{\"name\":";
    append_json_string(buf, m.name);
    buf += ",\"symbol\":";
    if (m.symbol.empty())
      buf += "null";
    else
      append_json_string(buf, m.symbol);
    buf += ",\"kind\":";
    append_json_string(buf, kind_name(m.kind));
    for (const auto& [name, list] :
         {std::pair{"aliases", &m.aliases}, std::pair{"groups", &m.groups}}) {
      buf += fmt::format(",\"{}\":[", name);
      for (std::size_t j = 0; j < list->size(); ++j) {
        if (j) buf += ',';
        append_json_string(buf, (*list)[j]);
      }
      buf += ']';
    }
    buf += fmt::format(",\"usgs2025\":{},\"usgs2022\":{},\"eu2023\":", m.usgs2025, m.usgs2022);
    append_json_string(buf, m.eu2023);
    buf += '}';
    if (lines) buf += '\n';
  }
  if (!lines) buf += minerals.empty() ? "]\n" : "\n]\n";
  out << buf;
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
