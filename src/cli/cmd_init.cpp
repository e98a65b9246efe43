#include <fmt/format.h>

#include "cli/commands.hpp"

namespace mtrack::cli {

void setup_init(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("init", "Create the database, or upgrade it to this mtrack");
  sub->footer("Examples:\n  mtrack init\n  mtrack --db deals.db init");
  sub->callback([&ctx] {
    ctx.runner = [&ctx] {
      auto repo = ctx.open(Access::create);
      ctx.note(fmt::format("database {} (schema version {})", ctx.db_display(),
                           repo->schema_version()));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
