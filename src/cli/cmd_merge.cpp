// mtrack merge KEEP DROP: two records of one agreement become one. KEEP gains what DROP adds
// (sources, evidence, events, parties, minerals, provenance, merged keys); DROP's key is left
// behind as a duplicate-of KEEP, so `show`, `edit`, `rm` and `event` still find it. One
// transaction.

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

void setup_merge(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "merge",
      "Merge two records of one agreement; the dropped key still resolves to the kept one");
  auto keep = std::make_shared<std::string>();
  auto drop = std::make_shared<std::string>();
  sub->add_option("KEEP", *keep, "Id or key of the record to keep")->required();
  sub->add_option("DROP", *drop, "Id or key of the duplicate to merge into it")->required();
  auto yes = std::make_shared<bool>(false);
  sub->add_flag("--yes,-y", *yes, "Do not ask (needed when not on a terminal)");
  sub->footer(
      "KEEP keeps its values; DROP adds its sources, evidence, events, parties, minerals,\n"
      "stages, tags and provenance, and fills the fields KEEP leaves empty. Facts the two\n"
      "state differently (amounts, dates, status) stay as KEEP has them and are reported,\n"
      "one line each, and recorded for review ('mtrack show KEEP --sources'). Records of\n"
      "different types are tranches of one package, not duplicates: they are not merged.\n"
      "On a terminal merge asks first; in a script it needs --yes.\n\n"
      "Examples:\n"
      "  mtrack merge exim-ussm-loan-2024 loan-exim-us-strategic-metals-2024-08\n"
      "  mtrack merge 4 9 --yes");
  sub->callback([&ctx, keep, drop, yes] {
    ctx.runner = [&ctx, keep, drop, yes] {
      auto repo = ctx.open(Access::read_write);
      // Asked before the write transaction begins, so that no lock is held while the user
      // reads the question; what is merged is read again inside it.
      const auto check = [&] {
        const Agreement k = require_agreement(*repo, *keep);
        const Agreement d = require_agreement(*repo, *drop);
        if (k.id == d.id) {
          throw Error(
              fmt::format("'{}' and '{}' are the same agreement ({})", *keep, *drop, k.key));
        }
        if (k.type != d.type) {
          throw Error(fmt::format(
              "'{}' has type {} and '{}' type {}: tranches of one package stay separate "
              "agreements (link them with 'related'); change a wrong type with 'mtrack edit' "
              "first",
              k.key, to_string(k.type), d.key, to_string(d.type)));
        }
        return std::pair{k, d};
      };
      {
        const auto [k, d] = check();
        if (!confirm(ctx, *yes, "merge",
                     fmt::format("Merge {} into {}? {} will resolve to {}.", d.key, k.key, d.key,
                                 k.key))) {
          ctx.note("nothing merged");
          return exit_status(ExitCode::failure);
        }
      }
      // One write transaction for the reads and writes, run again from the start when a
      // concurrent writer conflicts (PostgreSQL).
      struct Merged {
        Agreement kept, dropped;
        std::vector<Conflict> conflicts;
      };
      const Merged done = with_write_retry([&] {
        auto session = repo->begin_write();
        auto [k, d] = check();
        std::vector<Conflict> found;
        Agreement merged = merge_agreements(k, d, found);
        merged.id.reset();
        session->remove(*d.id);
        session->put(merged);
        session->commit();
        return Merged{std::move(k), std::move(d), std::move(found)};
      });
      const auto& [kept, dropped, conflicts] = done;
      for (const auto& c : conflicts)
        *ctx.err << "mtrack: conflict: " << text::visible(c.str()) << '\n';
      ctx.note(fmt::format("merged {} into {} (id {}); '{}' now resolves to it", dropped.key,
                           kept.key, *kept.id, dropped.key));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
