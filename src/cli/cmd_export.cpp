#include <set>

#include "cli/commands.hpp"

namespace mtrack::cli {

void setup_export(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "export", "Write agreements in the interchange format (YAML or JSON) or as CSV");
  auto opt = std::make_shared<FilterOptions>();
  add_filter_options(sub, *opt);
  sub->footer(
      "Examples:\n"
      "  mtrack export > deals.yaml\n"
      "  mtrack export --format json --mineral lithium > lithium.json\n"
      "  mtrack export --format csv > deals.csv");
  sub->callback([&ctx, opt] {
    ctx.runner = [&ctx, opt] {
      const Filter filter = to_filter(*opt);
      const Format format = ctx.format(Format::yaml, {Format::yaml, Format::json, Format::csv});
      RenderOptions options = ctx.render_options();
      options.with_id = false;
      options.document = true;
      auto repo = ctx.open(Access::read_only);
      auto writer = make_record_writer(format, *ctx.out, options);
      std::set<std::string> parties;
      repo->find(filter, [&](const Agreement& a) {
        writer->write(a);
        for (const auto& p : a.parties) parties.insert(p.name);
      });
      writer->write_organisations(
          repo->learned_aliases(std::vector<std::string>(parties.begin(), parties.end())));
      writer->finish();
      return 0;
    };
  });
}

}  // namespace mtrack::cli
