#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/domain/reconcile.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack::cli {

void setup_edit(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "edit",
      "Change fields of an agreement (flags as for add; a repeated flag replaces the list)");
  auto id = std::make_shared<std::string>();
  auto opt = std::make_shared<FieldOptions>();
  sub->add_option("ID|KEY", *id, "The agreement's id or key")->required();
  add_field_options(sub, *opt);
  sub->footer(
      "Examples:\n"
      "  mtrack edit exim-ussm-loan-2024 --status completed\n"
      "  mtrack edit 4 --mineral cobalt --mineral nickel --ceiling \"US$250m\"");
  sub->callback([&ctx, id, opt] {
    ctx.runner = [&ctx, id, opt] {
      auto repo = ctx.open(Access::read_write);
      // Read and written in one transaction: an edit racing another write sees its result.
      const Agreement edited = with_write_retry([&] {
        auto session = repo->begin_write();
        Agreement a = require_agreement(*session, *id);
        const Agreement before = a;
        const std::size_t sources_before = a.sources.size();
        apply_fields(*opt, a);
        Agreement after = session->normalise(a);
        after.id = a.id;
        // What was typed in replaces the provenance of the fields it changed.
        note_manual_changes(before, after,
                            after.sources.size() > sources_before
                                ? source_label(after.sources.back())
                                : std::string());
        session->replace(*a.id, after);
        session->commit();
        return a;
      });
      ctx.note(fmt::format("updated {} ({})", *edited.id, edited.key));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
