// mtrack log | undo: the change journal. Every command that writes is one operation, recorded
// in the same transaction as its change; `log` lists them newest first and `undo` reverts the
// newest one exactly, so that a wrong merge, import or rm has a way back.

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/formats/document.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {
namespace {

void write_operations_json(std::ostream& out, const std::vector<Operation>& ops) {
  std::vector<JsonObject> rows;
  for (const auto& op : ops) {
    rows.push_back(JsonObject()
                       .number("id", op.id)
                       .text("at", op.at)
                       .text("command", op.command)
                       .number("changes", op.changes)
                       .texts("keys", op.keys));
  }
  out << json_array(rows);
}

// "exim-acme-loan, kestrel-loan and 3 more".
std::string keys_summary(const std::vector<std::string>& keys, std::size_t shown) {
  if (keys.size() <= shown) return text::join(keys, ", ");
  std::vector<std::string> head(keys.begin(), keys.begin() + static_cast<long>(shown));
  return fmt::format("{} and {} more", text::join(head, ", "), keys.size() - shown);
}

}  // namespace

void setup_log(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("log", "List the write operations, newest first (see undo)");
  auto limit = std::make_shared<std::int64_t>(20);
  sub->add_option("-n,--limit", *limit, "Show at most N operations (default 20)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000}))
      ->type_name("N");
  sub->footer(
      "Each command that changed the database is one operation: when (UTC), the command\n"
      "line, how many rows it changed and the agreements it touched. The journal keeps the\n"
      "last 100 operations; 'mtrack undo' reverts the newest.\n\n"
      "Examples:\n  mtrack log\n  mtrack log -n 5 --format json");
  sub->callback([&ctx, limit] {
    ctx.runner = [&ctx, limit] {
      const Format format = ctx.format(Format::table, {Format::table, Format::json});
      auto repo = ctx.open(Access::read_only);
      const auto ops = repo->operations(*limit);
      ctx.page();
      if (format == Format::json) {
        write_operations_json(*ctx.out, ops);
      } else if (ops.empty()) {
        ctx.note("no operations recorded");
      } else {
        TextTable t;
        t.headers = {"ID", "WHEN", "CHANGES", "COMMAND", "AGREEMENTS"};
        t.right = {true, false, true, false, false};
        for (const auto& op : ops) {
          t.rows.push_back({std::to_string(op.id), op.at, std::to_string(op.changes), op.command,
                            keys_summary(op.keys, 3)});
        }
        write_text_table(*ctx.out, t, ctx.render_options());
      }
      ctx.out->flush();
      return 0;
    };
  });
}

void setup_undo(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "undo", "Revert the newest write operation (asks first on a terminal; --yes in a script)");
  auto yes = std::make_shared<bool>(false);
  sub->add_flag("--yes,-y", *yes, "Do not ask (needed when not on a terminal)");
  sub->footer(
      "Puts back every row the newest operation of 'mtrack log' inserted, changed or\n"
      "deleted, as it was, and forgets the operation: run it again to go one more step\n"
      "back. An undo is not itself recorded.\n\n"
      "Examples:\n  mtrack undo\n  mtrack undo --yes");
  sub->callback([&ctx, yes] {
    ctx.runner = [&ctx, yes] {
      auto repo = ctx.open(Access::read_write);
      const auto newest = repo->operations(1);
      if (newest.empty()) throw Error("nothing to undo: no operations recorded");
      const Operation& op = newest.front();
      if (!confirm(ctx, *yes, "undo",
                   fmt::format("Undo operation {} ({}, {})?", op.id, op.at, op.command))) {
        ctx.note("nothing undone");
        return exit_status(ExitCode::failure);
      }
      const auto undone = repo->undo(op.id);
      ctx.note(fmt::format("undid operation {}: {} ({})", undone.id, undone.command,
                           text::count(undone.changes, "change")));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
