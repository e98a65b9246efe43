#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "mtrack/domain/reconcile.hpp"
#include "mtrack/formats/interchange.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

namespace {

// Inputs larger than this are refused before parsing: the YAML library holds a whole
// document in memory several times over.
constexpr std::uintmax_t k_max_input_bytes = 64ull << 20;

// Appends what `in` holds in large reads (one, when `size_hint` is its size) rather than a
// character at a time, stopping one read past the limit: a huge pipe must not fill memory
// before it is refused.
void read_all(std::istream& in, std::string& data, std::size_t size_hint) {
  std::size_t block = std::max<std::size_t>(size_hint + 1, 1 << 16);  // +1: finds the end
  while (data.size() <= k_max_input_bytes) {
    const std::size_t at = data.size();
    data.resize(at + block);
    in.read(data.data() + at, static_cast<std::streamsize>(block));
    data.resize(at + static_cast<std::size_t>(in.gcount()));
    if (!in) break;
    block = 1 << 20;
  }
}

std::string read_input(const std::string& path) {
  std::string data;
  if (path == "-") {
    read_all(std::cin, data, 0);
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      throw Error(fmt::format("{}: is a directory, not a file", path));
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > k_max_input_bytes) {
      throw Error(fmt::format("{}: file is {}; mtrack imports files of up to {} (split it)", path,
                              text::human_size(size), text::human_size(k_max_input_bytes)));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    read_all(in, data, ec ? 0 : static_cast<std::size_t>(size));
  }
  if (data.size() > k_max_input_bytes) {
    throw Error(fmt::format("{}: more than {} of input (split it)",
                            path == "-" ? "<stdin>" : path, text::human_size(k_max_input_bytes)));
  }
  return data;
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
      // Read and check everything first; touch the database only when all of it is good.
      std::vector<Agreement> agreements;
      std::vector<std::pair<std::string, int>> origins;  // file and line of each agreement
      std::vector<std::size_t> file_starts;              // index of each file's first agreement
      std::vector<PartyAliases> organisations;
      std::vector<Diagnostic> problems;
      std::map<std::string, std::string> first_seen;  // key -> "file:line"
      Progress reading(ctx, "import", "files", files->size());
      for (const auto& path : *files) {
        const std::string name = path == "-" ? "<stdin>" : path;
        const std::string data = read_input(path);
        if (text::trim(data).empty()) {
          // Nothing at all is no document (`extract missing.txt | mtrack import -`).
          problems.push_back({name, 0, 0, "", "empty input: no agreements document"});
          continue;
        }
        DecodeResult r = read_interchange(data, name);
        problems.insert(problems.end(), r.diagnostics.begin(), r.diagnostics.end());
        // A key used in an earlier file is as wrong as one used twice in this file (which
        // the reader reports itself).
        std::map<std::string, std::string> here;
        for (std::size_t i = 0; i < r.agreements.size(); ++i) {
          const auto& key = r.agreements[i].key;
          if (key.empty()) continue;
          const std::string where = fmt::format("{}:{}", name, r.lines[i]);
          if (auto it = first_seen.find(key); it != first_seen.end()) {
            problems.push_back({name, r.lines[i], 0, "key",
                                fmt::format("duplicate key '{}' (first at {})", key, it->second)});
          }
          here.emplace(key, where);
        }
        first_seen.insert(here.begin(), here.end());
        file_starts.push_back(agreements.size());
        for (std::size_t i = 0; i < r.agreements.size(); ++i) {
          agreements.push_back(std::move(r.agreements[i]));
          origins.emplace_back(name, r.lines[i]);
        }
        for (auto& o : r.organisations) organisations.push_back(std::move(o));
        reading.step();
      }
      reading.done();
      if (!problems.empty()) {
        sort_diagnostics(problems);
        for (const auto& p : problems) *ctx.err << p.str() << '\n';
        if (problems.size() > 1) {
          *ctx.err << fmt::format("mtrack: {} problems; nothing imported\n", problems.size());
        }
        return exit_status(ExitCode::failure);
      }
      auto repo = ctx.open(Access::read_write);
      auto session = repo->begin_import();
      for (const auto& o : organisations) session->put_aliases(o);
      Reconciler reconciler(*session, guard->mode());
      Tally tally;
      Progress storing(ctx, "import", "agreements stored", agreements.size());
      std::size_t next_file = 0;
      for (std::size_t i = 0; i < agreements.size(); ++i) {
        // Each file is guarded against the database and the files before it.
        while (next_file < file_starts.size() && file_starts[next_file] == i) {
          reconciler.begin_batch();
          ++next_file;
        }
        const PutOutcome outcome = reconciler.put(std::move(agreements[i]));
        const auto& [file, line] = origins[i];
        tally.count(outcome, fmt::format("{}:{}", file, line));
        storing.step();
      }
      storing.done();
      tally.report(ctx);
      if (!tally.duplicates.empty()) {
        if (tally.duplicates.size() > 1) {
          *ctx.err << fmt::format("mtrack: {} probable duplicates; nothing imported\n",
                                  tally.duplicates.size());
        }
        return exit_status(ExitCode::failure);  // the session rolls back when it goes out of scope
      }
      if (*dry_run) {
        ctx.note(fmt::format(
            "dry run: {} ({} to add, {} to update, {} unchanged{}); "
            "nothing stored",
            text::count(static_cast<std::int64_t>(agreements.size()), "agreement"), tally.added, tally.updated, tally.unchanged, tally.merged_text()));
        return 0;  // the session rolls back when it goes out of scope
      }
      session->commit();
      ctx.note(fmt::format("imported {} ({} added, {} updated, {} unchanged{})",
                           text::count(static_cast<std::int64_t>(agreements.size()), "agreement"), tally.added, tally.updated, tally.unchanged,
                           tally.merged_text()));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
