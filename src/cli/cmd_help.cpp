// mtrack help [COMMAND]: the same text as `mtrack --help` or `mtrack COMMAND --help`.

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

void setup_help(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("help", "Show the help of mtrack or of one command");
  auto name = std::make_shared<std::string>();
  sub->add_option("COMMAND", *name, "The command to explain")->type_name("COMMAND");
  sub->footer("Examples:\n  mtrack help\n  mtrack help list");
  sub->callback([&ctx, &app, name] {
    ctx.runner = [&ctx, &app, name] {
      ctx.page();
      if (name->empty()) {
        *ctx.out << app.help();
        return 0;
      }
      std::vector<std::string> names;
      for (const auto* c : app.get_subcommands({})) {
        if (c->get_group().empty()) continue;  // hidden
        if (c->get_name() == *name) {
          *ctx.out << c->help();
          return 0;
        }
        names.push_back(c->get_name());
      }
      throw UsageError(fmt::format("help: unknown command '{}'{}", *name,
                                   text::did_you_mean(text::closest(*name, names, 1))));
    };
  });
}

}  // namespace mtrack::cli
