#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/prompt.hpp"
#include "mtrack/domain/admit.hpp"
#include "mtrack/domain/reconcile.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

void setup_add(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("add", "Record one agreement; prints its id");
  auto opt = std::make_shared<FieldOptions>();
  auto guard = std::make_shared<DuplicateFlags>();
  add_field_options(sub, *opt);
  add_duplicate_flags(sub, *guard);
  sub->footer(
      "Examples:\n"
      "  mtrack add --type loan --title \"EXIM loan for Madison\" \\\n"
      "    --party \"EXIM:lender\" --party \"US Strategic Metals:borrower\" \\\n"
      "    --mineral cobalt --mineral Ni --value 'US$400 million' --term 15y \\\n"
      "    --announced 2024-08 --status approved --country US\n"
      "  mtrack add --type mou --party \"Korea Zinc\" --party \"Lockheed Martin\" --non-binding\n"
      "  mtrack add          # on a terminal: asks for each field, Tab completes names\n\n"
      "A probable duplicate of a stored agreement (same parties and type, same amount or\n"
      "overlapping dates, another source) is refused with the existing key: --link adds this\n"
      "source and these facts to that record instead (and prints its id), --force adds it anyway.\n"
      "Every field given is recorded as typed in ('manual') in the agreement's provenance.");
  sub->callback([&ctx, opt, sub, guard] {
    ctx.runner = [&ctx, opt, sub, guard] {
      Agreement a;
      a.status = Status::unknown;
      apply_fields(*opt, a);
      std::vector<std::string> missing;
      if (sub->count("--type") == 0) missing.emplace_back("--type");
      if (a.parties.empty()) missing.emplace_back("--party");
      // On a terminal the missing fields are asked for; from a pipe or a script, never.
      const bool ask = !missing.empty() && ctx.stdin_is_terminal() && ::isatty(STDERR_FILENO);
      if (!missing.empty() && !ask) {
        throw UsageError(
            fmt::format("add: missing {} (see 'mtrack add --help')", text::join(missing, ", ")));
      }
      auto repo = ctx.open(Access::create);
      if (ask) {
        std::vector<std::string> names;
        for (const auto& org : repo->organisations()) {
          names.push_back(org.name);
          names.insert(names.end(), org.aliases.begin(), org.aliases.end());
        }
        const auto given = [&](const char* flag) { return sub->count(flag) > 0; };
        ask_missing_fields(
            a,
            {given("--type"), !a.parties.empty(), given("--title"), given("--mineral"),
             given("--value"), given("--announced"), given("--status")},
            names);
        // What was typed at the prompts follows the same rules as the flags.
        if (const auto problems = admit(a); !problems.empty()) {
          throw UsageError(fmt::format("{}: {}", problems.front().field, problems.front().message));
        }
      }
      note_manual_changes(Agreement{}, a,
                          a.sources.empty() ? std::string() : source_label(a.sources.back()));
      const bool key_given = !a.key.empty();
      // One session for the checks and the write; run again from the start when a concurrent
      // writer conflicts (PostgreSQL), so the tally is reported only once it is final.
      struct Done {
        PutOutcome outcome;
        Tally tally;
        std::optional<Agreement> stored;
      };
      const Done done = with_write_retry([&] {
        auto session = repo->begin_write();
        Agreement normal = session->normalise(a);
        // A generated key is made unique; only a key the user gave can be taken.
        if (!key_given) normal.key = session->free_key(normal.key);
        if (auto taken = session->find_key(normal.key)) {
          if (taken->key != normal.key) {
            throw Error(
                fmt::format("key '{}' was merged into agreement {}", normal.key, *taken->id));
          }
          throw Error(fmt::format("an agreement with key '{}' exists", normal.key));
        }
        Reconciler reconciler(*session, guard->mode());
        Done d{reconciler.put(normal), {}, {}};
        d.tally.count(d.outcome, "");
        if (!d.tally.duplicates.empty()) return d;
        d.stored = session->find_key(d.outcome.key);
        if (!d.stored || !d.stored->id) throw Error("internal error: the agreement was not stored");
        session->commit();
        return d;
      });
      done.tally.report(ctx);
      if (!done.tally.duplicates.empty()) return exit_status(ExitCode::failure);
      const PutOutcome& outcome = done.outcome;
      const auto& stored = done.stored;
      if (outcome.kind == PutOutcome::Kind::merged) {
        ctx.note(
            fmt::format("attached to {} ({}), a probable duplicate", *stored->id, stored->key));
      }
      *ctx.out << *stored->id << '\n';
      return 0;
    };
  });
}

}  // namespace mtrack::cli
