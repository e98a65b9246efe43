#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "mtrack/domain/reconcile.hpp"
#include "mtrack/formats/inputs.hpp"
#include "mtrack/formats/interchange.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

namespace {

// One run of an import in one write session: all or nothing. Returns the exit status.
int import_once(Context& ctx, std::vector<std::unique_ptr<Input>>& inputs, bool dry_run,
                const DuplicateFlags& guard, Repository& repo) {
  auto session = repo.begin_write();
  Reconciler reconciler(*session, guard.mode());
  Tally tally;
  std::vector<Diagnostic> problems;
  std::int64_t read = 0;
  Progress reading(ctx, "import", "files", inputs.size());
  struct Enough {};  // thrown from the sink: k_max_problems problems are enough
  bool stopped = false;
  const auto found = [&](Diagnostic&& d) {
    problems.push_back(std::move(d));
    if (problems.size() >= k_max_problems) throw Enough{};
  };
  for (auto& input : inputs) {
    Input& in = *input;
    const std::string& name = in.name();
    // Each file is guarded against the database and the files before it.
    reconciler.begin_batch();
    InterchangeSink sink;
    sink.document_required = true;
    sink.read_ahead = true;
    sink.problem = [&](Diagnostic&& d) { problems.push_back(std::move(d)); };
    sink.organisation = [&](PartyAliases& p, bool clean) {
      if (!problems.empty() || !clean) return;
      try {
        session->put_aliases(p);
      } catch (const RecordRefused& e) {
        found({name, 0, 0, "organisations", e.what()});
      }
    };
    sink.agreement = [&](Agreement& a, const Node& item, bool clean) {
      ++read;
      const std::string origin = fmt::format("{}:{}", name, item.line);
      if (a.key.empty() && clean && problems.empty()) {
        // A record without a key gets the generated one; another record of this import with
        // the same generated key (same type, parties and date) gets "-2", "-3", ... in file
        // order: two records of the files are never stored as one, and importing the same
        // files again finds each record under the key it got the first time.
        const std::string base = session->normalise(a).key;
        a.key = base;
        for (int n = 2; session->claim_key(a.key, origin); ++n)
          a.key = fmt::format("{}-{}", base, n);
      } else if (!a.key.empty()) {
        // A key used earlier in this file, or in an earlier one.
        if (auto first = session->claim_key(a.key, origin)) {
          const Node* key = item.get("key");
          if (first->starts_with(name + ":")) {
            found({name, key->line, key->column, "key",
                   fmt::format("duplicate key '{}' (first on line {})", a.key,
                               first->substr(name.size() + 1))});
          } else {
            found({name, item.line, 0, "key",
                   fmt::format("duplicate key '{}' (first at {})", a.key, *first)});
          }
        }
      }
      if (!problems.empty() || !clean) return;  // reading on, for the problems only
      try {
        tally.count(reconciler.put(std::move(a)), origin);
      } catch (const RecordRefused& e) {
        found({name, item.line, 0, "", e.what()});
      }
    };
    try {
      stopped = read_interchange(in, name, sink) == ReadEnd::stopped;
    } catch (const Enough&) {
      stopped = true;
    }
    reading.step();
    if (stopped || problems.size() >= k_max_problems) {
      stopped = true;
      break;
    }
  }
  reading.done();
  if (!problems.empty()) {
    sort_diagnostics(problems);
    for (const auto& p : problems) *ctx.err << p.str() << '\n';
    if (stopped) {
      *ctx.err << fmt::format("mtrack: {} problems, reading stopped there; nothing imported\n",
                              problems.size());
    } else if (problems.size() > 1) {
      *ctx.err << fmt::format("mtrack: {} problems; nothing imported\n", problems.size());
    }
    return exit_status(ExitCode::failure);  // the session rolls back when it goes out of scope
  }
  // What the tally says is printed once the outcome is known: a conflict at commit runs the
  // import again, and its lines would be printed twice.
  if (!tally.duplicates.empty()) {
    tally.report(ctx);
    if (tally.duplicates.size() > 1) {
      *ctx.err << fmt::format("mtrack: {} probable duplicates; nothing imported\n",
                              tally.duplicates.size());
    }
    return exit_status(ExitCode::failure);
  }
  if (dry_run) {
    tally.report(ctx);
    ctx.note(fmt::format(
        "dry run: {} ({} to add, {} to update, {} unchanged{}); "
        "nothing stored",
        text::count(read, "agreement"), tally.added, tally.updated, tally.unchanged,
        tally.merged_text()));
    return 0;  // the session rolls back when it goes out of scope
  }
  session->commit();
  tally.report(ctx);
  ctx.note(fmt::format("imported {} ({} added, {} updated, {} unchanged{})",
                       text::count(read, "agreement"), tally.added, tally.updated,
                       tally.unchanged, tally.merged_text()));
  return 0;
}

}  // namespace

void setup_import(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "import", "Import agreements from YAML or JSON files (all or nothing; upsert by key)");
  auto files = std::make_shared<std::vector<std::string>>();
  auto dry_run = std::make_shared<bool>(false);
  auto guard = std::make_shared<DuplicateFlags>();
  sub->add_option("FILE", *files, "Files in the interchange format, or - for standard input")
      ->required();
  sub->add_flag("--dry-run", *dry_run, "Check and report, but store nothing");
  add_duplicate_flags(sub, *guard);
  sub->footer(
      "Reads what export, list, show and extract print: YAML or JSON documents, JSON arrays of\n"
      "agreements and JSON Lines (one agreement per line). A schema_version newer than this\n"
      "mtrack reads is refused.\n\n"
      "A key already stored is updated when the file carries every source the database has\n"
      "for it (an export, an edit); a record from another source is merged in instead: its\n"
      "source is added, empty fields filled, and facts the sources disagree on (amounts,\n"
      "dates) are kept as they were and reported, one line each. A new key that is a probable\n"
      "duplicate of a stored record (same parties and type, same amount or overlapping dates,\n"
      "another source) is refused with the existing key; --link attaches it to that record.\n\n"
      "Examples:\n"
      "  mtrack import fixtures/agreements.yaml\n"
      "  mtrack import deals/*.yaml --dry-run\n"
      "  mtrack import second-article.yaml --link\n"
      "  mtrack list --mineral cobalt --format jsonl | mtrack --db other.db import -\n"
      "  mtrack extract article.txt | mtrack import -");
  sub->callback([&ctx, files, dry_run, guard] {
    ctx.runner = [&ctx, files, dry_run, guard] {
      // Records are decoded and stored one by one in one transaction, so memory does not
      // grow with the files. At the first problem storing stops, reading goes on to report
      // every problem, and the transaction is rolled back: nothing is imported.
      std::vector<std::unique_ptr<Input>> inputs;  // every file opens before anything is written
      for (const auto& path : *files) inputs.push_back(std::make_unique<Input>(path));
      auto repo = ctx.open(Access::create);
      // A conflict with another writer (PostgreSQL's serializable transactions) runs the import
      // again from the start, as every other write command does, when its files can be read
      // twice; standard input from a pipe cannot, and the conflict is the error then.
      int attempt = 0;
      return with_write_retry([&] {
        if (attempt++ > 0) {
          for (auto& input : inputs) {
            if (!input->rewind()) {
              throw Error(fmt::format(
                  "{}: another writer changed the database during the import, and {} cannot be "
                  "read again; nothing imported (run the import again, or import from a file)",
                  input->name(), input->name()));
            }
          }
        }
        return import_once(ctx, inputs, *dry_run, *guard, *repo);
      });
    };
  });
}

}  // namespace mtrack::cli
