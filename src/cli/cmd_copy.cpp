#include <fmt/format.h>

#include <set>

#include "cli/commands.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack::cli {

void setup_copy(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "copy", "Copy a whole dataset into another database (SQLite <-> PostgreSQL)");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  sub->add_option("FROM", *from, "Database to read: a file or a postgresql:// URI")->required();
  sub->add_option("TO", *to, "Database to fill (created when missing; must hold no agreements)")
      ->required();
  sub->footer(
      "Examples:\n"
      "  mtrack copy ~/.local/share/mtrack/mtrack.db postgresql://team@db.example.org/mtrack\n"
      "  mtrack copy postgresql://team@db.example.org/mtrack backup.db\n\n"
      "Copies every agreement (with its merged keys, history and provenance), the aliases\n"
      "imports taught, the stored source texts and the exchange rates, in one transaction: TO\n"
      "gets all of it or, on any error, nothing. `mtrack export` of both databases is then\n"
      "byte for byte the same. --db is not used. Passwords belong in ~/.pgpass or PGPASSFILE,\n"
      "not in the URI.");
  sub->callback([&ctx, from, to] {
    ctx.runner = [&ctx, from, to] {
      if (*from == *to) throw UsageError("copy: FROM and TO are the same database");
      auto source = open_repository(*from, Access::read_only);
      auto target = open_repository(*to, Access::create);
      std::int64_t copied = 0;
      with_write_retry([&] {
        auto session = target->begin_write();
        if (session->last_id() != 0) {
          throw Error(
              fmt::format("{} already holds agreements; nothing was copied", display_locator(*to)));
        }
        std::vector<std::string> names;
        for (const auto& org : source->organisations()) names.push_back(org.name);
        for (const auto& aliases : source->learned_aliases(names)) session->put_aliases(aliases);
        std::set<std::string> texts;
        copied = 0;
        Filter all;
        all.sort = SortKey::id;  // new ids in the order of the old ones
        source->find(all, [&](const Agreement& a) {
          session->put(a);
          ++copied;
          for (const auto& s : a.sources) {
            if (!s.sha256.empty()) texts.insert(s.sha256);
          }
        });
        for (const auto& sha : texts) {
          if (auto text = source->source_text(sha)) session->store_source_text(sha, *text);
        }
        session->put_rates(source->rates());
        session->commit();
      });
      ctx.note(fmt::format("copied {} agreements from {} to {}", copied, display_locator(*from),
                           display_locator(*to)));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
