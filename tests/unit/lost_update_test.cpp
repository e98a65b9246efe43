// Lost updates: two write commands on one record, run at the same time by real processes,
// leave the database as one of the two serial orders would (and exit as they would). Each
// read-modify-write runs in one write transaction, so neither command's change is lost.

#include <gtest/gtest.h>

#include <filesystem>
#include <latch>
#include <thread>

#include "support/process.hpp"

namespace mtrack::test {
namespace {

namespace fs = std::filesystem;

// Record k (offtake, Acme Mining Ltd and Blue River Metals) and two records that can be
// merged into it; "Zed Corporation" and "Zed Corp" are one company under two names.
const char* const k_base = R"(schema_version: 2
agreements:
  - key: k
    type: offtake
    title: Acme cobalt offtake
    status: signed
    parties: [{name: Acme Mining Ltd, role: seller}, {name: Blue River Metals, role: buyer}]
    minerals: [cobalt]
    value: {amount: 300000000, currency: USD}
    signed: 2025-03-04
    tags: [first]
    sources: [{title: Base report, url: "https://example.org/base"}]
  - key: d
    type: offtake
    title: Zed cobalt offtake
    parties: [{name: Acme Mining Ltd, role: seller}, {name: Zed Corp, role: buyer}]
    minerals: [cobalt, nickel]
    tags: [second]
    sources: [{title: Zed report, url: "https://example.org/zed"}]
  - key: e
    type: offtake
    title: Zed Corporation offtake
    parties: [{name: Zed Corporation, role: buyer}, {name: Blue River Metals, role: seller}]
    minerals: [copper]
    sources: [{title: Zed Corporation report, url: "https://example.org/zedcorp"}]
)";

// Articles about k's deal that the extractor reads (same parties, type and amount: linked).
const char* const k_article_1 =
    "Cobalt offtake confirmed\n\nMarch 4, 2025 - Acme Mining Ltd signed an offtake agreement "
    "with Blue River Metals to supply cobalt hydroxide, the companies said. The deal is worth "
    "US$300 million.\n";
const char* const k_article_2 =
    "Blue River adds cobalt supply\n\nMarch 4, 2025 - Blue River Metals signed an offtake "
    "agreement with Acme Mining Ltd for cobalt worth US$300 million, a filing showed.\n";

// The update files for import: k again from other sources, filling fields it lacks.
const char* const k_update_1 = R"(agreements:
  - key: k
    type: offtake
    parties: [{name: Acme Mining Ltd, role: seller}, {name: Blue River Metals, role: buyer}]
    minerals: [cobalt]
    notes: Shipments start in 2026.
    sources: [{title: Trade press, url: "https://example.org/press"}]
)";
const char* const k_update_2 = R"(agreements:
  - key: k
    type: offtake
    parties: [{name: Acme Mining Ltd, role: seller}, {name: Blue River Metals, role: buyer}]
    minerals: [cobalt]
    announced: 2025-02
    sources: [{title: Company filing, url: "https://example.org/filing"}]
)";

// A write command in two variants (a pair of the same command runs both).
struct Command {
  std::string name;
  std::vector<std::string> a;
  std::vector<std::string> b;
};

std::vector<Command> commands(const fs::path& dir) {
  const auto at = [&](const char* f) { return (dir / f).string(); };
  return {
      {"edit", {"edit", "k", "--title", "Edited title"}, {"edit", "k", "--tag", "edited"}},
      {"event",
       {"event", "k", "--date", "2025-06", "--status", "completed", "--note", "first shipment"},
       {"event", "k", "--date", "2025-09", "--note", "expanded", "--value", "US$400 million"}},
      {"merge", {"merge", "k", "d", "--yes"}, {"merge", "k", "e", "--yes"}},
      {"party_merge",
       {"party", "merge", "Zed Corporation", "Zed Corp", "--yes"},
       {"party", "merge", "Blue River Metals", "Zed Corp", "--yes"}},
      {"rm", {"rm", "k", "--yes"}, {"rm", "d", "--yes"}},
      {"import", {"import", at("update1.yaml")}, {"import", at("update2.yaml")}},
      {"extract",
       {"extract", "--commit", "--link", at("article1.txt")},
       {"extract", "--commit", "--link", at("article2.txt")}},
  };
}

struct Outcome {
  int status_first = 0;
  int status_second = 0;
  std::string exported;
  bool operator==(const Outcome&) const = default;
};

std::string describe(const Outcome& o) {
  return "exits " + std::to_string(o.status_first) + ", " + std::to_string(o.status_second) +
         ", database:\n" + o.exported;
}

class LostUpdate : public ::testing::TestWithParam<std::pair<int, int>> {
 protected:
  void SetUp() override {
    write_file(dir / "base.yaml", k_base);
    write_file(dir / "update1.yaml", k_update_1);
    write_file(dir / "update2.yaml", k_update_2);
    write_file(dir / "article1.txt", k_article_1);
    write_file(dir / "article2.txt", k_article_2);
    base = dir / "base.db";
    const auto o = mtrack(base, {"import", (dir / "base.yaml").string()});
    ASSERT_EQ(o.status, 0) << o.err;
  }

  fs::path fresh(const std::string& name) {
    const auto db = dir / (name + ".db");
    // The last round's -wal and -shm go too: a WAL left beside a fresh copy would be replayed
    // onto it, and the round would start from the last round's end.
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
    fs::copy_file(base, db);
    return db;
  }

  std::string exported(const fs::path& db) {
    const auto o = mtrack(db, {"export", "--format", "yaml"});
    EXPECT_EQ(o.status, 0) << o.err;
    return o.out;
  }

  Outcome serial(const std::vector<std::string>& first, const std::vector<std::string>& second) {
    const auto db = fresh("serial");
    Outcome r;
    r.status_first = mtrack(db, first).status;
    r.status_second = mtrack(db, second).status;
    r.exported = exported(db);
    return r;
  }

  TempDir dir;
  fs::path base;
};

TEST_P(LostUpdate, RacingPairEndsAsSomeSerialOrder) {
  const auto all = commands(dir.path());
  const auto [i, j] = GetParam();
  const auto& x = all[static_cast<std::size_t>(i)];
  const auto& y = all[static_cast<std::size_t>(j)];
  const auto& first = x.a;
  const auto& second = i == j ? y.b : y.a;
  const Outcome one_then_two = serial(first, second);
  Outcome two_then_one = serial(second, first);
  std::swap(two_then_one.status_first, two_then_one.status_second);
  // The two orders must differ in something, or the race could not show a lost update.
  const Outcome nothing = {0, 0, exported(fresh("untouched"))};
  EXPECT_NE(one_then_two.exported, nothing.exported);

  constexpr int k_rounds = 20;
  int firsts = 0, seconds = 0;
  for (int round = 0; round < k_rounds; ++round) {
    const auto db = fresh("race");
    Outcome r;
    std::string err_first, err_second;  // what each said, for a failure's message
    std::latch go(2);
    std::thread t1([&] {
      go.arrive_and_wait();
      const auto o = mtrack(db, first);
      r.status_first = o.status;
      err_first = o.err;
    });
    std::thread t2([&] {
      go.arrive_and_wait();
      const auto o = mtrack(db, second);
      r.status_second = o.status;
      err_second = o.err;
    });
    t1.join();
    t2.join();
    // A command that loses the race says what happened in mtrack's words (edit after rm:
    // "no agreement with id or key"), never SQLite's ("FOREIGN KEY constraint failed").
    for (const std::string* said : {&err_first, &err_second}) {
      EXPECT_EQ(said->find("constraint"), std::string::npos)
          << x.name << " racing " << y.name << ", round " << round << ": " << *said;
    }
    r.exported = exported(db);
    if (r == one_then_two) {
      ++firsts;
    } else if (r == two_then_one) {
      ++seconds;
    } else {
      ADD_FAILURE() << x.name << " racing " << y.name << ", round " << round
                    << ": the result is no serial order\nraced: " << describe(r)
                    << "\nfirst said: " << err_first << "\nsecond said: " << err_second
                    << "\n\none then two: " << describe(one_then_two)
                    << "\n\ntwo then one: " << describe(two_then_one);
      break;
    }
  }
  std::cout << "[ figures  ] " << x.name << " racing " << y.name << ": " << firsts
            << " rounds as first-then-second, " << seconds << " as second-then-first\n";
}

std::vector<std::pair<int, int>> pairs() {
  std::vector<std::pair<int, int>> out;
  constexpr int k_commands = 7;
  for (int i = 0; i < k_commands; ++i) {
    for (int j = i; j < k_commands; ++j) out.emplace_back(i, j);
  }
  return out;
}

std::string pair_name(const ::testing::TestParamInfo<std::pair<int, int>>& info) {
  static const char* const names[] = {"edit",        "event", "merge", "party_merge",
                                      "rm",          "import", "extract"};
  return std::string(names[info.param.first]) + "_" + names[info.param.second];
}

INSTANTIATE_TEST_SUITE_P(EachPair, LostUpdate, ::testing::ValuesIn(pairs()), pair_name);

}  // namespace
}  // namespace mtrack::test
