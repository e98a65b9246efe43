// mtrack log and mtrack undo: every write command is one journaled operation, and undoing the
// operations one by one gives back each earlier state byte for byte (YAML and JSON exports),
// ids included.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "support/cli_fixture.hpp"
#include "support/process.hpp"

namespace mtrack::test {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

class Undo : public CliFixture {
 protected:
  void SetUp() override {
    const auto o = run({"-q", "import", source_dir() + "/tests/data/seed-agreements.yaml"});
    ASSERT_EQ(o.status, 0) << o.err;
  }
  // The state as a user sees it: both export formats, with ids, keys and organisations.
  std::string state() {
    const auto yaml = run({"export"});
    const auto json = run({"export", "--format", "json"});
    const auto parties = run({"party", "list", "--format", "csv"});
    EXPECT_EQ(yaml.status, 0) << yaml.err;
    return yaml.out + "\x1e" + json.out + "\x1e" + parties.out;
  }
  std::size_t logged() {
    const auto o = run({"log", "--format", "json", "-n", "1000"});
    EXPECT_EQ(o.status, 0) << o.err;
    std::size_t n = 0;
    for (auto at = o.out.find("\"id\":"); at != std::string::npos; at = o.out.find("\"id\":", at + 1)) {
      ++n;
    }
    return n;
  }
};

TEST_F(Undo, LogListsEachWriteWithItsCommandAndRecords) {
  ASSERT_EQ(run({"edit", "exim-ussm-loan-2024", "--status", "completed"}).status, 0);
  ASSERT_EQ(run({"list"}).status, 0);  // reads are not operations
  const auto o = run({"log"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "edit exim-ussm-loan-2024 --status completed")) << o.out;
  EXPECT_TRUE(contains(o.out, "exim-ussm-loan-2024")) << o.out;
  EXPECT_TRUE(contains(o.out, "import")) << o.out;  // the import of SetUp, listed second
  EXPECT_EQ(logged(), 2u);
}

TEST_F(Undo, AnEditThatChangesNothingIsNoOperation) {
  const auto before = logged();
  const auto o = run({"edit", "exim-ussm-loan-2024", "--status", "approved"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(logged(), before);
}

TEST_F(Undo, NothingToUndoIsAFailureThatChangesNothing) {
  EXPECT_EQ(run({"undo"}).status, k_exit_usage) << "asks first: --yes needed in a script";
  EXPECT_EQ(logged(), 1u);
  ASSERT_EQ(run({"undo", "--yes"}).status, 0);  // the import
  const auto snap = snapshot();
  const auto o = run({"undo", "--yes"});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(o.err, "mtrack: nothing to undo: no operations recorded\n");
  EXPECT_EQ(snapshot(), snap);
}

TEST_F(Undo, UndoingTheImportEmptiesTheDatabaseAndSearchFollows) {
  ASSERT_EQ(run({"list", "--search", "Glencore"}).out.empty(), false);
  ASSERT_EQ(run({"undo", "--yes"}).status, 0);
  EXPECT_EQ(run({"list", "--format", "json"}).out, "[]\n");
  EXPECT_EQ(run({"list", "--search", "Glencore", "--format", "json"}).out, "[]\n");
}

// A random sequence of write commands, then undone step by step: after each undo the state
// is byte for byte the one before the command undone.
TEST_F(Undo, RandomSequencesUndoneStepByStepGiveBackEveryState) {
  const std::vector<std::string> keys = {"exim-ussm-loan-2024", "uscis-ussm-loan-2024",
                                         "glencore-ussm-offtake", "alphasierra-ussm-partnership"};
  for (unsigned seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    std::vector<std::string> states = {state()};
    std::vector<std::string> testland;  // organisations the adds made
    for (int step = 0; step < 12; ++step) {
      const std::string key = keys[pick(keys.size())];
      const std::string n = std::to_string(seed) + "-" + std::to_string(step);
      std::vector<std::string> args;
      switch (pick(8)) {
        case 0:
          args = {"add", "--key", "undo-test-" + n, "--type", "mou", "--title", "Test MOU " + n,
                  "--party", "Testland Mining " + n + ":partner", "--party",
                  "Glencore:partner", "--mineral", "Co", "--announced", "2025-01"};
          testland.push_back("Testland Mining " + n);
          break;
        case 1:
          args = {"edit", key, "--title", "Edited title " + n, "--value",
                  "US$" + std::to_string(step + 1) + "5 million"};
          break;
        case 2:
          args = {"event", key, "--date", "2026-0" + std::to_string(1 + pick(9)), "--status",
                  "completed", "--note", "closed " + n};
          break;
        case 3:
          args = {"rm", key, "--yes"};
          break;
        case 4:
          args = {"party", "alias", "Glencore", "GLX" + std::to_string(seed) + std::to_string(step)};
          break;
        case 5:
          args = {"import", write("i" + n + ".yaml",
                                  "agreements:\n  - key: imported-" + n +
                                      "\n    type: offtake\n    title: Offtake " + n +
                                      "\n    parties:\n      - {name: Buyer " + n +
                                      ", role: buyer}\n      - {name: Seller " + n +
                                      ", role: seller}\n    minerals: [tungsten]\n")};
          break;
        case 6:
          if (testland.empty()) continue;
          args = {"party", "merge", "US Strategic Metals", testland[pick(testland.size())], "--yes"};
          break;
        default:
          args = {"merge", "exim-ussm-loan-2024", "uscis-ussm-loan-2024", "--yes"};
          break;
      }
      const auto before = logged();
      const auto o = run(args);
      if (o.status == 0) {
        const auto now = state();
        if (now != states.back()) {
          EXPECT_EQ(logged(), before + 1) << args[0] << " " << o.err;
          states.push_back(now);
        }
      } else {
        EXPECT_EQ(logged(), before) << "a failed " << args[0] << " left an operation";
      }
    }
    ASSERT_GE(states.size(), 4u) << "too few commands changed anything";
    while (states.size() > 1) {
      states.pop_back();
      const auto o = run({"undo", "--yes"});
      ASSERT_EQ(o.status, 0) << o.err;
      ASSERT_EQ(state(), states.back()) << "after undoing to state " << states.size() - 1;
    }
  }
}

}  // namespace
}  // namespace mtrack::test
