#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/domain/reconcile.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

void setup_edit(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "edit",
      "Change fields of an agreement (flags as for add; a repeated flag replaces the list)");
  auto id = std::make_shared<std::string>();
  auto opt = std::make_shared<FieldOptions>();
  sub->add_option("ID|KEY", *id, "The agreement's id or key")->required();
  add_field_options(sub, *opt);
  add_clear_option(sub, *opt);
  sub->footer(
      "An empty flag value (--value \"\") is refused: --clear FIELD removes a value, and says\n"
      "what it was. An edit that changes nothing stores nothing, says so and exits 0; an\n"
      "edit with no field flag at all is a usage error (exit 2).\n\n"
      "Examples:\n"
      "  mtrack edit exim-ussm-loan-2024 --status completed\n"
      "  mtrack edit 4 --mineral cobalt --mineral nickel --ceiling 'US$250m'\n"
      "  mtrack edit 4 --clear value --clear term");
  sub->callback([&ctx, id, opt] {
    ctx.runner = [&ctx, id, opt] {
      if (!any_field_given(*opt)) {
        throw UsageError("edit: nothing to change: give a field flag (see 'mtrack edit --help')");
      }
      auto repo = ctx.open(Access::read_write);
      // Read and written in one transaction: an edit racing another write sees its result.
      // Run again from the start when a concurrent writer conflicts (PostgreSQL).
      struct Edited {
        Agreement a;
        std::vector<std::string> cleared;
        bool changed = false;
      };
      const Edited done = with_write_retry([&] {
        auto session = repo->begin_write();
        Agreement a = require_agreement(*session, *id);
        const Agreement before = a;
        const std::size_t sources_before = a.sources.size();
        auto cleared = apply_fields(*opt, a);
        Agreement after = session->normalise(a);
        after.id = a.id;
        Agreement same = session->normalise(before);
        same.id = before.id;
        if (after == same) return Edited{a, {}, false};
        // What was typed in replaces the provenance of the fields it changed.
        note_manual_changes(before, after,
                            after.sources.size() > sources_before
                                ? source_label(after.sources.back())
                                : std::string());
        session->replace(*a.id, after);
        session->commit();
        return Edited{a, std::move(cleared), true};
      });
      const Agreement& a = done.a;
      if (!done.changed) {
        ctx.note(fmt::format("{} ({}): nothing changed", *a.id, a.key));
        return 0;
      }
      if (!done.cleared.empty()) {
        ctx.note(fmt::format("cleared {}", text::join(done.cleared, ", ")));
      }
      ctx.note(fmt::format("updated {} ({})", *a.id, a.key));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
