#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/domain/diff.hpp"
#include "mtrack/formats/inputs.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack::cli {

namespace {

// The agreements of one side: a database, or every interchange file the path names. Bad
// content is an error naming its place; both sides are read before anything is printed.
std::vector<Agreement> load_side(const std::string& path, std::vector<Diagnostic>& problems) {
  std::error_code ec;
  if (is_postgres_locator(path) ||
      (std::filesystem::is_regular_file(path, ec) && is_database_file(path))) {
    return load_database(path);
  }
  std::vector<Agreement> out;
  for (const auto& file : expand_input_paths({path})) {
    InputFile f = load_input_file(file, false);  // agreements are compared, not places
    problems.insert(problems.end(), f.decoded.diagnostics.begin(), f.decoded.diagnostics.end());
    for (auto& a : f.decoded.agreements) out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

void setup_diff(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "diff", "Show agreements added, removed and changed (field by field) between two datasets");
  auto old_path = std::make_shared<std::string>();
  auto new_path = std::make_shared<std::string>();
  auto exit_code = std::make_shared<bool>(false);
  sub->add_option("OLD", *old_path, "Database (file or postgresql:// URI), YAML/JSON file, or directory of them")
      ->required()
      ->type_name("OLD");
  sub->add_option("NEW", *new_path, "Database (file or postgresql:// URI), YAML/JSON file, or directory of them")
      ->required()
      ->type_name("NEW");
  sub->add_flag("--exit-code", *exit_code, "Exit 1 when there are differences (like git diff)");
  sub->footer(
      "Agreements are matched by key. Formats (--format): table (the default, one line per\n"
      "change), markdown, json.\n\n"
      "Examples:\n"
      "  mtrack diff old.db mtrack.db\n"
      "  mtrack diff base/data/ data/ --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n"
      "  mtrack diff deals-v1.yaml deals-v2.yaml --format json");
  sub->callback([&ctx, old_path, new_path, exit_code] {
    ctx.runner = [&ctx, old_path, new_path, exit_code] {
      const Format format =
          ctx.format(Format::table, {Format::table, Format::markdown, Format::json});
      std::vector<Diagnostic> problems;
      const auto old_set = load_side(*old_path, problems);
      const auto new_set = load_side(*new_path, problems);
      if (!problems.empty()) {
        sort_diagnostics(problems);
        for (const auto& p : problems) *ctx.err << p.str() << '\n';
        return exit_status(ExitCode::failure);
      }
      const DiffResult d = diff_agreements(old_set, new_set);
      ctx.page();
      if (format == Format::markdown) {
        write_diff_markdown(*ctx.out, d);
      } else if (format == Format::json) {
        write_diff_json(*ctx.out, d);
      } else {
        write_diff_text(*ctx.out, d);
      }
      ctx.out->flush();
      return exit_status(*exit_code && !d.empty() ? ExitCode::findings : ExitCode::ok);
    };
  });
}

}  // namespace mtrack::cli
