#include <unordered_set>

#include "cli/commands.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack::cli {

void setup_export(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "export", "Write agreements in the interchange format (YAML or JSON) or as CSV");
  auto opt = std::make_shared<FilterOptions>();
  add_filter_options(sub, *opt);
  auto explode = std::make_shared<std::string>();
  sub->add_option("--explode", *explode,
                  "CSV: one row per agreement and mineral, or per agreement and party")
      ->check(CLI::IsMember({"minerals", "parties"}))
      ->type_name("minerals|parties");
  sub->footer(
      "Examples:\n"
      "  mtrack export > deals.yaml\n"
      "  mtrack export --format json --mineral lithium > lithium.json\n"
      "  mtrack export --format csv > deals.csv\n"
      "  mtrack export --format csv --explode minerals > deals-by-mineral.csv");
  sub->callback([&ctx, opt, explode] {
    ctx.runner = [&ctx, opt, explode] {
      const Filter filter = to_filter(*opt);
      const Format format = ctx.format(Format::yaml, {Format::yaml, Format::json, Format::csv});
      RenderOptions options = ctx.render_options();
      options.with_id = false;
      options.document = true;
      if (!explode->empty()) {
        if (format != Format::csv) throw UsageError("--explode: only with --format csv");
        options.explode = *explode == "minerals" ? Explode::minerals : Explode::parties;
      }
      auto repo = ctx.open(Access::read_only);
      auto writer = make_record_writer(format, *ctx.out, options);
      std::unordered_set<std::string> parties;
      repo->find(filter, [&](const Agreement& a) {
        writer->write(a);
        for (const auto& p : a.parties) parties.insert(p.name);
      });
      writer->write_organisations(
          repo->learned_aliases(std::vector<std::string>(parties.begin(), parties.end())));
      writer->finish();
      if (parties.empty()) warn_unknown_party(ctx, *repo, filter);
      return 0;
    };
  });
}

}  // namespace mtrack::cli
