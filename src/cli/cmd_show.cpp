#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/error.hpp"

namespace mtrack::cli {

void setup_show(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("show", "Show one agreement in full, with sources and evidence");
  auto id = std::make_shared<std::string>();
  sub->add_option("ID|KEY", *id, "The agreement's id or key")->required();
  sub->footer("Examples:\n  mtrack show 3\n  mtrack show exim-ussm-loan-2024 --format yaml");
  sub->callback([&ctx, id] {
    ctx.runner = [&ctx, id] {
      const Format format = ctx.format(Format::table, {Format::table, Format::json, Format::jsonl,
                                                       Format::yaml});
      auto repo = ctx.open(Access::read_only);
      auto a = repo->get(*id);
      if (!a) throw Error(fmt::format("mtrack: no agreement with id or key '{}'", *id));
      if (format == Format::table) {
        render_agreement_text(*ctx.out, *a, ctx.render_options());
      } else {
        auto writer = make_record_writer(format, *ctx.out, ctx.render_options());
        writer->write(*a);
        writer->finish();
      }
      return 0;
    };
  });
}

}  // namespace mtrack::cli
