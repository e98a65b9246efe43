#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/domain/check.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/formats/document.hpp"
#include "mtrack/formats/inputs.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack::cli {

namespace {

void write_json_diagnostics(std::ostream& out, const std::vector<Diagnostic>& problems) {
  std::vector<JsonObject> rows;
  for (const auto& p : problems) {
    rows.push_back(JsonObject()
                       .text("file", p.file)
                       .number("line", p.line)
                       .number("column", p.column)
                       .text("field", p.field)
                       .text("message", p.message));
  }
  out << json_array(rows);
}

}  // namespace

void setup_check(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "check", "Validate YAML/JSON files (or the database) and list every problem");
  auto files = std::make_shared<std::vector<std::string>>();
  auto stale = std::make_shared<std::string>();
  auto today = std::make_shared<std::string>();
  sub->add_option("FILE", *files,
                  "Interchange files or directories (all *.yaml, *.yml, *.json in them), - for "
                  "standard input; none: the database")
      ->type_name("FILE");
  sub->add_option("--stale", *stale,
                  "Also list open agreements with no event for this long (730d, 2y, 18 months)")
      ->type_name("TERM");
  sub->add_option("--today", *today, "Check as if today were this date (default: today, UTC)")
      ->type_name("DATE");
  sub->footer(
      "Checks schema and types, unknown minerals, types, statuses and currencies, ceilings\n"
      "below the value, impossible dates (expiry before signing, dates in the future), duplicate\n"
      "keys (across files too), probable duplicates (same parties and type, same value or\n"
      "overlapping dates, from another source) and related keys that name no agreement. With\n"
      "--stale, also every agreement not yet completed or terminated whose last event (or\n"
      "signing, or announcement) lies longer than that before today; undated ones are never\n"
      "stale. Nothing is changed. The database is first given SQLite's integrity check (every\n"
      "page, every index against its table, every reference); a damaged one is reported alone,\n"
      "with how to recover it.\n\n"
      "Prints nothing and exits 0 when all is well; else prints one line per problem\n"
      "(file:line:col: field: message) and exits 1. --format json prints a JSON array.\n\n"
      "Examples:\n"
      "  mtrack check data/*.yaml\n"
      "  mtrack check data/\n"
      "  mtrack check --format json data/ > problems.json\n"
      "  mtrack check              # the database\n"
      "  mtrack check --stale 730d --today 2026-01-01");
  sub->callback([&ctx, files, stale, today] {
    ctx.runner = [&ctx, files, stale, today] {
      const Format format = ctx.format(Format::table, {Format::table, Format::json});
      const auto report = [&](const std::vector<Diagnostic>& problems) {
        ctx.page();
        if (format == Format::json) {
          write_json_diagnostics(*ctx.out, problems);
        } else {
          for (const auto& p : problems) *ctx.out << p.str() << '\n';
        }
        ctx.out->flush();
        return exit_status(problems.empty() ? ExitCode::ok : ExitCode::findings);
      };
      CheckOptions options;
      options.today = today->empty() ? today_utc() : date_flag("--today", *today);
      if (!stale->empty()) {
        auto term = parse_term(*stale);
        if (!term) throw UsageError(fmt::format("--stale: {}", term.error()));
        options.stale = term.value();
      }
      std::vector<Diagnostic> problems;
      if (files->empty()) {
        auto repo = ctx.open(Access::read_only);
        const std::string name = ctx.db_display();
        // A damaged file is reported alone: what its rows say cannot be trusted, and reading
        // them may fail half-way.
        for (auto& line : repo->integrity_problems()) {
          problems.push_back({name, 0, 0, "database", std::move(line)});
        }
        if (!problems.empty()) return report(problems);
        for (const auto& org : repo->organisations()) {
          for (const auto& alias : org.aliases) options.aliases.emplace_back(alias, org.name);
        }
        std::vector<Agreement> all;
        Filter filter;
        filter.sort = SortKey::id;
        repo->find(filter, [&](const Agreement& a) { all.push_back(a); });
        std::vector<CheckedAgreement> set;
        for (const auto& a : all) set.push_back({&a, name, 0, nullptr});
        problems = check_agreements(set, options);
      } else {
        std::vector<InputFile> inputs;
        for (const auto& path : expand_input_paths(*files)) {
          // Without their trees: check_files reads again the agreements it finds a problem in.
          inputs.push_back(load_input_file(path, false));
        }
        problems = check_files(inputs, options);
      }
      return report(problems);
    };
  });
}

}  // namespace mtrack::cli
