// mtrack merge KEEP DROP: two records of one agreement become one. KEEP gains what DROP adds
// (sources, evidence, events, parties, minerals, provenance, merged keys); DROP's key is left
// behind as a duplicate-of KEEP, so `show`, `edit`, `rm` and `event` still find it. One
// transaction.

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack::cli {

void setup_merge(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "merge",
      "Merge two records of one agreement; the dropped key still resolves to the kept one");
  auto keep = std::make_shared<std::string>();
  auto drop = std::make_shared<std::string>();
  sub->add_option("KEEP", *keep, "Id or key of the record to keep")->required();
  sub->add_option("DROP", *drop, "Id or key of the duplicate to merge into it")->required();
  sub->footer(
      "KEEP keeps its values; DROP adds its sources, evidence, events, parties, minerals,\n"
      "stages, tags and provenance, and fills the fields KEEP leaves empty. Facts the two\n"
      "state differently (amounts, dates, status) stay as KEEP has them and are reported,\n"
      "one line each, and recorded for review ('mtrack show KEEP --sources'). Records of\n"
      "different types are tranches of one package, not duplicates: they are not merged.\n\n"
      "Examples:\n"
      "  mtrack merge exim-ussm-loan-2024 loan-exim-us-strategic-metals-2024-08\n"
      "  mtrack merge 4 9");
  sub->callback([&ctx, keep, drop] {
    ctx.runner = [&ctx, keep, drop] {
      auto repo = ctx.open(Access::read_write);
      struct Merged {
        Agreement kept, dropped;
        std::vector<Conflict> conflicts;
      };
      const Merged done = with_write_retry([&] {
        auto session = repo->begin_write();  // one write transaction for the reads and writes
        const Agreement kept = require_agreement(*session, *keep);
        const Agreement dropped = require_agreement(*session, *drop);
        if (kept.id == dropped.id) {
          throw Error(fmt::format("mtrack: '{}' and '{}' are the same agreement ({})", *keep, *drop,
                                  kept.key));
        }
        if (kept.type != dropped.type) {
          throw Error(fmt::format(
              "mtrack: '{}' has type {} and '{}' type {}: tranches of one package stay separate "
              "agreements (link them with 'related'); change a wrong type with 'mtrack edit' first",
              kept.key, to_string(kept.type), dropped.key, to_string(dropped.type)));
        }
        std::vector<Conflict> conflicts;
        Agreement merged = merge_agreements(kept, dropped, conflicts);
        merged.id.reset();
        session->remove(*dropped.id);
        session->put(merged);
        session->commit();
        return Merged{kept, dropped, conflicts};
      });
      const auto& [kept, dropped, conflicts] = done;
      for (const auto& c : conflicts) *ctx.err << "mtrack: conflict: " << c.str() << '\n';
      ctx.note(fmt::format("merged {} into {} (id {}); '{}' now resolves to it", dropped.key,
                           kept.key, *kept.id, dropped.key));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
