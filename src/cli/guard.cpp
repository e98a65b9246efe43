// The double-count guard's flags and report, shared by import, add and extract --commit.

#include <fmt/format.h>

#include "cli/commands.hpp"

namespace mtrack::cli {

OnDuplicate DuplicateFlags::mode() const {
  if (link) return OnDuplicate::link;
  if (force) return OnDuplicate::insert;
  return OnDuplicate::refuse;
}

void add_duplicate_flags(CLI::App* sub, DuplicateFlags& flags) {
  auto* link = sub->add_flag("--link", flags.link,
                             "Attach a probable duplicate (its source and facts) to the record "
                             "it duplicates instead of refusing it");
  auto* force =
      sub->add_flag("--force", flags.force, "Store a probable duplicate as a new agreement anyway");
  link->excludes(force);
}

void Tally::count(const PutOutcome& outcome, const std::string& where) {
  const std::string at = where.empty() ? "mtrack" : where;
  switch (outcome.kind) {
    case PutOutcome::Kind::added:
      ++added;
      break;
    case PutOutcome::Kind::updated:
      ++updated;
      break;
    case PutOutcome::Kind::unchanged:
      ++unchanged;
      break;
    case PutOutcome::Kind::merged:
      ++merged;
      break;
    case PutOutcome::Kind::duplicate:
      duplicates.push_back(fmt::format(
          "{}: key: probable duplicate of '{}' ({} from another source); --link attaches it to "
          "that record, --force stores it anyway",
          at, outcome.key, outcome.reason));
      break;
  }
  for (const auto& c : outcome.conflicts)
    conflicts.push_back(fmt::format("{}: conflict: {}", at, c.str()));
}

void Tally::report(const Context& ctx) const {
  for (const auto& line : duplicates) *ctx.err << line << '\n';
  for (const auto& line : conflicts) *ctx.err << line << '\n';
}

std::string Tally::merged_text() const {
  if (merged == 0) return {};
  return fmt::format(", {} merged into existing {}", merged, merged == 1 ? "record" : "records");
}

}  // namespace mtrack::cli
