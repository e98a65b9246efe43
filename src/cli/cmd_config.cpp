// mtrack config: each effective global setting, its value and where it came from.

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/formats/document.hpp"

namespace mtrack::cli {

void setup_config(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "config", "Show the effective settings (database, format, colour) and where each comes from");
  sub->footer(
      "Settings come from, in order: a flag (--db, --format, --color), the environment\n"
      "(MTRACK_DB, MTRACK_FORMAT, NO_COLOR), the file $XDG_CONFIG_HOME/mtrack/config.yaml\n"
      "(else ~/.config/mtrack/config.yaml), then the built-in default. The file:\n"
      "  db: ~/deals/mtrack.db\n"
      "  format: table\n"
      "  color: never\n\n"
      "--format json prints the same as one JSON object.\n\n"
      "Examples:\n"
      "  mtrack config\n"
      "  mtrack config --format json\n"
      "  MTRACK_DB=/tmp/t.db mtrack --color never config");
  sub->callback([&ctx] {
    ctx.runner = [&ctx] {
      const Settings& s = ctx.settings();
      if (ctx.format(Format::table, {Format::table, Format::json}) == Format::json) {
        const auto setting = [](const Setting& v) {
          return JsonObject().text_or_null("value", v.value).text("from", to_string(v.origin)).text(
              "where", v.where);
        };
        Setting db = s.db;  // a password in a URI is never printed
        db.value = ctx.db_display();
        *ctx.out << JsonObject()
                        .object("db", setting(db))
                        .object("format", setting(s.format))
                        .object("color", setting(s.color))
                        .text_or_null("config_file", s.file.path.string())
                        .boolean("config_file_exists", s.file.exists)
                        .str()
                 << '\n';
        return 0;
      }
      TextTable t;
      t.headers = {"SETTING", "VALUE", "FROM"};
      const auto row = [&](const char* name, const Setting& v, const char* fallback) {
        std::string from(to_string(v.origin));
        if (!v.where.empty()) from += " (" + v.where + ")";
        t.rows.push_back({name, v.value.empty() ? fallback : v.value, from});
      };
      Setting db = s.db;  // a password in a URI is never printed
      db.value = ctx.db_display();
      row("db", db, "");
      row("format", s.format, "(the command's default: table for records)");
      row("color", s.color, "");
      RenderOptions o = ctx.render_options();
      write_text_table(*ctx.out, t, o);
      *ctx.out << fmt::format(
          "\nconfig file: {}{}\n",
          s.file.path.empty() ? "(none: HOME is not set)" : s.file.path.string(),
          s.file.exists || s.file.path.empty() ? "" : " (not found)");
      return 0;
    };
  });
}

}  // namespace mtrack::cli
