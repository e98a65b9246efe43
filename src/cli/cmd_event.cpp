#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/domain/history.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack::cli {

void setup_event(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "event", "Add a dated step to an agreement's history; its status and value follow");
  struct Options {
    std::string id, date, status, note, value, ceiling, currency, source_url;
  };
  auto o = std::make_shared<Options>();
  sub->add_option("ID|KEY", o->id, "The agreement's id or key")->required();
  sub->add_option("--date", o->date, "When it happened (2024, 2024-10, 2024-10-15)")
      ->required()
      ->type_name("DATE");
  sub->add_option("--status,-s", o->status,
                  "The status it left the agreement in: proposed, signed, approved, completed, "
                  "terminated, unknown")
      ->type_name("STATUS");
  sub->add_option("--note", o->note, "What happened (\"financial close\")")->type_name("TEXT");
  sub->add_option("--value", o->value, "A new headline amount ('US$1.2 billion')")
      ->type_name("MONEY");
  sub->add_option("--ceiling", o->ceiling, "A new \"up to\" amount")->type_name("MONEY");
  sub->add_option("--currency", o->currency, "Currency of a bare --value or --ceiling number")
      ->type_name("CODE");
  sub->add_option("--source-url", o->source_url, "Where the event is reported")->type_name("URL");
  sub->footer(
      "The agreement's status, value, ceiling and signing date follow its latest event. The\n"
      "first event of an agreement without a history also keeps what the record said before\n"
      "(its status and amounts, dated as announced) as an opening event, so that\n"
      "'list --as-of' can still answer for the days before.\n\n"
      "Examples:\n"
      "  mtrack event doe-acme-loan --date 2024-02 --status approved \\\n"
      "      --note \"conditional commitment\" --value 'US$1.2 billion'\n"
      "  mtrack event doe-acme-loan --date 2024-10 --status completed --note \"financial close\"\n"
      "  mtrack show doe-acme-loan");
  sub->callback([&ctx, o] {
    ctx.runner = [&ctx, o] {
      Event e;
      e.date = date_flag("--date", o->date);
      if (!o->status.empty()) e.status = status_flag("--status", o->status);
      e.note = o->note;
      if (!o->value.empty()) e.value = money_flag("--value", o->value, o->currency);
      if (!o->ceiling.empty()) e.ceiling = money_flag("--ceiling", o->ceiling, o->currency);
      e.source = o->source_url;
      if (!e.status && !e.value && !e.ceiling && e.note.empty()) {
        throw UsageError("event: say what happened (--status, --note, --value or --ceiling)");
      }
      auto repo = ctx.open(Access::read_write);
      const auto a = with_write_retry([&] {
        auto session = repo->begin_write();
        Agreement stored = require_agreement(*session, o->id);
        const std::int64_t id = *stored.id;
        append_event(stored, e);  // history.hpp: its status and value follow
        auto changed = std::optional<Agreement>(session->normalise(std::move(stored)));
        session->replace(id, *changed);
        session->commit();
        changed->id = id;
        return changed;
      });
      ctx.note(fmt::format("{} ({}): {} {}", *a->id, a->key, e.date.str(), to_string(a->status)));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
