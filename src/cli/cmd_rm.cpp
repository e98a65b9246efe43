#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack::cli {

void setup_rm(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "rm", "Remove an agreement (asks first on a terminal; needs --yes in a script)");
  auto id = std::make_shared<std::string>();
  auto yes = std::make_shared<bool>(false);
  sub->add_option("ID|KEY", *id, "The agreement's id or key")->required();
  sub->add_flag("--yes,-y", *yes, "Do not ask (needed when not on a terminal)");
  sub->footer("Examples:\n  mtrack rm 12\n  mtrack rm glencore-ussm-offtake --yes");
  sub->callback([&ctx, id, yes] {
    ctx.runner = [&ctx, id, yes] {
      auto repo = ctx.open(Access::read_write);
      const Agreement a = require_agreement(*repo, *id);
      if (!confirm(ctx, *yes, "rm",
                   fmt::format("Remove {} ({})?", a.key,
                               a.title.empty() ? std::string(to_string(a.type)) : a.title))) {
        ctx.note("nothing removed");
        return exit_status(ExitCode::failure);
      }
      // Asked before the write transaction begins (no lock held while the user reads the
      // question); the agreement is looked up again inside it.
      // Run again from the start when a concurrent writer conflicts (PostgreSQL).
      const Agreement gone = with_write_retry([&] {
        auto session = repo->begin_write();
        Agreement found = require_agreement(*session, *id);
        session->remove(*found.id);
        session->commit();
        return found;
      });
      ctx.note(fmt::format("removed {} ({})", *gone.id, gone.key));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
