#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "mtrack/error.hpp"
#include "mtrack/text.hpp"

namespace mtrack::cli {

void setup_add(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("add", "Record one agreement; prints its id");
  auto opt = std::make_shared<FieldOptions>();
  add_field_options(sub, *opt);
  sub->footer(
      "Examples:\n"
      "  mtrack add --type loan --title \"EXIM loan for Madison\" \\\n"
      "    --party \"EXIM:lender\" --party \"US Strategic Metals:borrower\" \\\n"
      "    --mineral cobalt --mineral Ni --value \"US$400 million\" --term 15y \\\n"
      "    --announced 2024-08 --status approved --country US\n"
      "  mtrack add --type mou --party \"Korea Zinc\" --party \"Lockheed Martin\" --non-binding");
  sub->callback([&ctx, opt, sub] {
    ctx.runner = [&ctx, opt, sub] {
      Agreement a;
      a.status = Status::unknown;
      apply_fields(*opt, a);
      std::vector<std::string> missing;
      if (sub->count("--type") == 0) missing.emplace_back("--type");
      if (a.parties.empty()) missing.emplace_back("--party");
      if (!missing.empty()) {
        throw UsageError(fmt::format("add: missing {} (see 'mtrack add --help')",
                                     text::join(missing, ", ")));
      }
      auto repo = ctx.open(Access::read_write);
      const std::int64_t id = repo->add(a);
      *ctx.out << id << '\n';
      return 0;
    };
  });
}

}  // namespace mtrack::cli
