// Crash safety: `mtrack import` of a large file killed with SIGKILL at many different
// moments leaves a sound database holding either the whole import or none of it.
// 50 trials by default (20 in the sanitizer build); MTRACK_LONG_TESTS=1 runs 200.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <random>

#include "support/measure.hpp"
#include "support/process.hpp"

namespace mtrack::test {
namespace {

constexpr int k_agreements = 3000;

std::string big_import() {
  std::string y = "agreements:\n";
  for (int i = 0; i < k_agreements; ++i) {
    const std::string n = std::to_string(i);
    y += "  - key: crash-" + n + "\n    type: loan\n    title: Crash test loan " + n +
         " for the Madison cobalt project\n    status: approved\n    parties:\n"
         "      - {name: Export-Import Bank of the United States, role: lender}\n"
         "      - {name: Borrower " +
         n +
         " Ltd, role: borrower}\n"
         "    minerals: [cobalt, nickel]\n    value: {amount: " +
         std::to_string(1000 + i) +
         "000, currency: USD}\n    term: P15Y\n    announced: 2024-08\n"
         "    tags: [crash, t" +
         std::to_string(i % 17) + "]\n    notes: Note " + n + "\n";
  }
  return y;
}

std::size_t listed(const std::filesystem::path& db) {
  if (!std::filesystem::exists(db)) return 0;  // killed before it was created (reads never create)
  auto o = mtrack(db, {"list", "--format", "jsonl"});
  EXPECT_EQ(o.status, 0) << o.err;
  return static_cast<std::size_t>(std::count(o.out.begin(), o.out.end(), '\n'));
}

// The operations `mtrack log` lists (0 when there is no database).
std::size_t operations(const std::filesystem::path& db) {
  if (!std::filesystem::exists(db)) return 0;
  auto o = mtrack(db, {"log", "--format", "json", "-n", "1000"});
  EXPECT_EQ(o.status, 0) << o.err;
  std::size_t n = 0;
  for (auto at = o.out.find("\"id\":"); at != std::string::npos; at = o.out.find("\"id\":", at + 1)) {
    ++n;
  }
  return n;
}

std::string integrity(const std::filesystem::path& db) {
  SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
  std::string out;
  SQLite::Statement q(d, "PRAGMA integrity_check");
  while (q.executeStep()) out += q.getColumn(0).getString();
  SQLite::Statement fk(d, "PRAGMA foreign_key_check");
  while (fk.executeStep()) out += " foreign key: " + fk.getColumn(0).getString();
  return out;
}

TEST(Crash, KilledImportIsAllOrNothing) {
  const int trials = long_tests() ? 200 : k_sanitized ? 20 : 50;
  TempDir dir;
  const auto file = dir / "big.yaml";
  write_file(file, big_import());
  const auto base = dir / "base.db";
  ASSERT_EQ(mtrack(base, {"import", source_dir() + "/tests/data/seed-agreements.yaml"}).status, 0);
  const std::size_t before = listed(base);
  ASSERT_GT(before, 0u);

  // How long an undisturbed import takes; kills are spread over 0..1.1 times that.
  const auto timed = dir / "timed.db";
  std::filesystem::copy_file(base, timed);
  const auto full =
      run_measured({mtrack_binary(), "--db", timed.string(), "import", file.string()});
  ASSERT_EQ(full.output.status, 0) << full.output.err;
  ASSERT_EQ(listed(timed), before + k_agreements);
  const double span = full.seconds * 1.1;

  std::mt19937 rng(20250611);
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  int none = 0, whole = 0, finished = 0, fresh = 0;
  for (int t = 0; t < trials; ++t) {
    const auto db = dir / ("trial-" + std::to_string(t) + ".db");
    // Every 10th trial starts with no database, so creation and migration are killed too.
    const bool from_scratch = t % 10 == 9;
    if (!from_scratch) std::filesystem::copy_file(base, db);
    fresh += from_scratch ? 1 : 0;
    const double at = span * (t + jitter(rng)) / trials;
    int status = 0;
    const bool killed =
        run_and_kill({mtrack_binary(), "--db", db.string(), "import", file.string()},
                     std::chrono::microseconds(static_cast<long>(at * 1e6)), status);
    if (!killed) {
      ASSERT_EQ(status, 0) << "trial " << t;
    }
    finished += killed ? 0 : 1;

    if (std::filesystem::exists(db)) {
      EXPECT_EQ(integrity(db), "ok") << "trial " << t;
    }
    const std::size_t start = from_scratch ? 0 : before;
    const std::size_t n = listed(db);
    EXPECT_TRUE(n == start || n == start + k_agreements)
        << "trial " << t << " killed at " << at << " s holds " << n << " agreements";
    if (killed) (n == start ? none : whole) += 1;
    // The change journal is written in the import's transaction: the operation is logged
    // exactly when its records are there (issue 15, mtrack log and undo).
    EXPECT_EQ(operations(db), (from_scratch ? 0u : 1u) + (n == start ? 0u : 1u))
        << "trial " << t << " holds " << n << " agreements";
    if (std::filesystem::exists(db)) {
      EXPECT_EQ(integrity(db), "ok") << "trial " << t << " after reopening";
    }
    // The database stays usable: the import can simply be run again.
    if (t % 5 == 0) {
      ASSERT_EQ(mtrack(db, {"import", file.string()}).status, 0) << "trial " << t;
      EXPECT_EQ(listed(db), start + k_agreements);
    }
    std::error_code ec;
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix, ec);
  }
  EXPECT_GT(none, 0);
  std::cout << "[ figures  ] " << trials << " SIGKILL trials over " << span << " s of a "
            << k_agreements << "-agreement import (" << fresh << " from no database): " << none
            << " killed with nothing stored, " << whole << " killed after commit with all stored, "
            << finished << " finished first; 0 partial, 0 corrupt\n";
}

}  // namespace
}  // namespace mtrack::test
