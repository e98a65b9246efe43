#include "cli/commands.hpp"

namespace mtrack::cli {

void setup_list(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("list", "List agreements matching filters");
  auto opt = std::make_shared<FilterOptions>();
  auto explain = std::make_shared<bool>(false);
  auto wide = std::make_shared<bool>(false);
  add_filter_options(sub, *opt);
  sub->add_flag("--wide,-w", *wide,
                "Table: print every cell whole, however wide the terminal (else the title "
                "gets the spare width and long cells are cut)");
  sub->add_flag("--explain", *explain, "Print how the database answers the query, not the rows");
  sub->footer(
      "--search looks in titles, notes, party names and evidence, by word stems (magnets\n"
      "finds magnet, financed finds finance). Words must all appear; also: word* (prefix),\n"
      "\"a phrase\", a OR b, a NOT b, (groups), NEAR(a b, 5) and a column: title:, notes:,\n"
      "parties:, evidence:. A query that cannot be read is a usage error (exit 2).\n\n"
      "Examples:\n"
      "  mtrack list --mineral cobalt\n"
      "  mtrack list --mineral NdPr --type offtake --since 2024\n"
      "  mtrack list --party EXIM --role lender --format json\n"
      "  mtrack list --min-value 'US$100m' --sort value --reverse --limit 10\n"
      "  mtrack list --search \"magnet recycling\" --format csv > deals.csv\n"
      "  mtrack list --search 'recycl* OR \"rare earth\"'");
  sub->callback([&ctx, opt, explain, wide] {
    ctx.runner = [&ctx, opt, explain, wide] {
      const Filter filter = to_filter(*opt);
      if (*explain) {
        *ctx.out << ctx.open(Access::read_only)->explain(filter);
        return 0;
      }
      const Format format =
          ctx.format(Format::table, {Format::table, Format::json, Format::jsonl, Format::csv,
                                     Format::yaml, Format::markdown});
      auto repo = ctx.open(Access::read_only);
      ctx.page();
      RenderOptions options = ctx.render_options();
      if (*wide) options.width = 0;
      auto writer = make_record_writer(format, *ctx.out, options);
      bool any = false;
      repo->find(filter, [&](const Agreement& a) {
        any = true;
        writer->write(a);
      });
      writer->finish();
      if (!any) warn_unknown_party(ctx, *repo, filter);
      return 0;
    };
  });
}

}  // namespace mtrack::cli
