#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/prompt.hpp"
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
      "  mtrack add --type mou --party \"Korea Zinc\" --party \"Lockheed Martin\" --non-binding\n"
      "  mtrack add          # on a terminal: asks for each field, Tab completes names");
  sub->callback([&ctx, opt, sub] {
    ctx.runner = [&ctx, opt, sub] {
      Agreement a;
      a.status = Status::unknown;
      apply_fields(*opt, a);
      std::vector<std::string> missing;
      if (sub->count("--type") == 0) missing.emplace_back("--type");
      if (a.parties.empty()) missing.emplace_back("--party");
      // On a terminal the missing fields are asked for; from a pipe or a script, never.
      const bool ask = !missing.empty() && ctx.stdin_is_terminal() && ::isatty(STDERR_FILENO);
      if (!missing.empty() && !ask) {
        throw UsageError(fmt::format("add: missing {} (see 'mtrack add --help')",
                                     text::join(missing, ", ")));
      }
      auto repo = ctx.open(Access::read_write);
      if (ask) {
        std::vector<std::string> names;
        for (const auto& org : repo->organisations()) {
          names.push_back(org.name);
          names.insert(names.end(), org.aliases.begin(), org.aliases.end());
        }
        const auto given = [&](const char* flag) { return sub->count(flag) > 0; };
        ask_missing_fields(a, {given("--type"), !a.parties.empty(), given("--title"),
                               given("--mineral"), given("--value"), given("--announced"),
                               given("--status")},
                           names);
      }
      const std::int64_t id = repo->add(a);
      *ctx.out << id << '\n';
      return 0;
    };
  });
}

}  // namespace mtrack::cli
