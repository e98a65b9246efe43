#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack::cli {

void setup_rm(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("rm", "Remove an agreement (asks first on a terminal)");
  auto id = std::make_shared<std::string>();
  auto yes = std::make_shared<bool>(false);
  sub->add_option("ID|KEY", *id, "The agreement's id or key")->required();
  sub->add_flag("--yes,-y", *yes, "Do not ask");
  sub->footer("Examples:\n  mtrack rm 12\n  mtrack rm glencore-ussm-offtake --yes");
  sub->callback([&ctx, id, yes] {
    ctx.runner = [&ctx, id, yes] {
      auto repo = ctx.open(Access::read_write);
      bool asked = false;  // once, even when the removal runs again after a conflict
      // The agreement removed; nullopt when the user said no.
      const auto removed = with_write_retry([&]() -> std::optional<Agreement> {
        auto session = repo->begin_write();
        const Agreement a = require_agreement(*session, *id);
        if (!asked && !*yes && ctx.stdin_is_terminal() && ctx.stdout_is_terminal()) {
          asked = true;
          *ctx.out << fmt::format("Remove {} ({})? [y/N] ", a.key,
                                  a.title.empty() ? std::string(to_string(a.type)) : a.title)
                   << std::flush;
          std::string answer;
          std::getline(std::cin, answer);
          if (answer != "y" && answer != "Y" && answer != "yes") return std::nullopt;
        }
        session->remove(*a.id);
        session->commit();
        return a;
      });
      if (!removed) {
        ctx.note("nothing removed");
        return exit_status(ExitCode::failure);
      }
      ctx.note(fmt::format("removed {} ({})", *removed->id, removed->key));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
