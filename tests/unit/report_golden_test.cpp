// Golden-output tests of `report`, `check`, `diff` and `export --explode`: the real binary
// on the fixtures, compared byte for byte with tests/golden/report/. Run with
// MTRACK_UPDATE_GOLDEN=1 to rewrite the expectations (then review the diff).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "support/process.hpp"

namespace mtrack::test {
namespace {

namespace fs = std::filesystem;

fs::path golden_dir() { return fs::path(source_dir()) / "tests" / "golden" / "report"; }

// Runs a shell command line in the source dir (so file names in output are relative), with
// `mtrack` bound to the built binary.
Output sh(const std::string& command, const fs::path& db) {
  return run_process(
      {"/bin/sh", "-c", "cd \"$SRC\" && " + command},
      {{"SRC", source_dir()}, {"MTRACK", mtrack_binary()}, {"MTRACK_DB", db.string()}});
}

void expect_golden(const std::string& name, const std::string& actual) {
  const fs::path path = golden_dir() / name;
  const char* update = std::getenv("MTRACK_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    write_file(path, actual);
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with MTRACK_UPDATE_GOLDEN=1";
  EXPECT_EQ(read_file(path), actual) << "output differs from " << path;
}

class ReportGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    db = tmp / "t.db";
    auto o = sh("\"$MTRACK\" -q import tests/data/seed-agreements.yaml", db);
    ASSERT_EQ(o.status, 0) << o.err;
  }
  Output run(const std::string& args) { return sh("\"$MTRACK\" " + args, db); }

  TempDir tmp;
  fs::path db;
};

TEST_F(ReportGolden, Formats) {
  const struct {
    const char* file;
    const char* args;
  } cases[] = {
      {"by-mineral.md", "report --by mineral --format markdown"},
      {"by-mineral.txt", "report --by mineral"},
      {"by-year-type-party.txt", "report --by year --by type --by party --top 3 --format table"},
      {"by-year-type.md", "report --by year --by type --format markdown"},
      {"by-status-country.json", "report --by status --by country --format json"},
      {"filtered-rare-earths.md", "report --mineral rare-earths --by type --format markdown"},
      {"report.html", "report --by type --format html"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args);
    const auto o = run(c.args);
    ASSERT_EQ(o.status, 0) << o.err;
    EXPECT_EQ(o.err, "");
    expect_golden(c.file, o.out);
    // Same data, same bytes.
    EXPECT_EQ(run(c.args).out, o.out);
  }
}

TEST_F(ReportGolden, ExplodedCsv) {
  for (const char* what : {"minerals", "parties"}) {
    SCOPED_TRACE(what);
    const auto o = run(std::string("export --format csv --explode ") + what);
    ASSERT_EQ(o.status, 0) << o.err;
    expect_golden(std::string("export-explode-") + what + ".csv", o.out);
  }
}

TEST_F(ReportGolden, CheckFivePlantedProblems) {
  for (const char* format : {"text", "json"}) {
    SCOPED_TRACE(format);
    const auto o = sh(std::string("cd tests/data/check && \"$MTRACK\" check --format ") + format +
                          " five-problems.yaml",
                      db);
    EXPECT_EQ(o.status, 1);
    EXPECT_EQ(o.err, "");
    expect_golden(std::string("check-five-problems.") + (format[0] == 't' ? "txt" : "json"), o.out);
  }
}

// The second version of the fixture used by the diff tests: a value raised, a status moved
// on, one agreement dropped and one added. Exactly these four changes must show.
std::string fixture_v2() {
  std::string v = read_file(fs::path(source_dir()) / "tests" / "data" / "seed-agreements.yaml");
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = v.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) v.replace(at, from.size(), to);
  };
  replace("value: {amount: 900000000, currency: USD}", "value: {amount: 950000000, currency: USD}");
  replace("status: proposed", "status: terminated");  // the merger is the only proposed one
  const auto uscis = v.find("  - key: uscis-ussm-loan-2024");
  const auto next = v.find("  - key: ", uscis + 1);
  if (uscis != std::string::npos && next != std::string::npos) v.erase(uscis, next - uscis);
  replace("\norganisations:",
          "\n  - key: lynas-dod-heavy-rare-earths\n    type: contract\n    title: DoD contract "
          "for a Texas heavy rare earths separation plant\n    status: signed\n    parties:\n"
          "      - {name: U.S. Department of Defense, role: buyer}\n"
          "      - {name: Lynas Rare Earths, role: seller}\n    minerals: [dysprosium, terbium]\n"
          "    value: {amount: 258000000, currency: USD}\n    signed: 2025-03\n"
          "\norganisations:");
  return v;
}

TEST_F(ReportGolden, DiffFormats) {
  const auto v2 = tmp / "seed-agreements-v2.yaml";
  write_file(v2, fixture_v2());
  for (const char* format : {"text", "markdown", "json"}) {
    SCOPED_TRACE(format);
    const auto o = run(std::string("diff --format ") + format + " tests/data/seed-agreements.yaml " +
                       v2.string());
    ASSERT_EQ(o.status, 0) << o.err;
    expect_golden(std::string("diff.") + format, o.out);
  }
  const auto text = run("diff tests/data/seed-agreements.yaml " + v2.string());
  EXPECT_EQ(text.out,
            "+ lynas-dod-heavy-rare-earths (contract, USD 258M) DoD contract for a Texas heavy "
            "rare earths separation plant\n"
            "- uscis-ussm-loan-2024 (loan, USD 100.8M) US Strategic Metals' $100.8 million loan "
            "application granted expedited approval by USCIS\n"
            "~ centrus-uranium-task-order\n"
            "    value: USD 900,000,000 -> USD 950,000,000\n"
            "~ realloys-blackboxstocks-merger\n"
            "    status: proposed -> terminated\n"
            "1 added, 1 removed, 2 changed\n");
  // The same changes whatever the sides are: a database against a file, --exit-code.
  const auto from_db = run("diff --exit-code \"$MTRACK_DB\" " + v2.string());
  EXPECT_EQ(from_db.status, 1);
  EXPECT_EQ(from_db.out, text.out);
  const auto same = run("diff --exit-code \"$MTRACK_DB\" tests/data/seed-agreements.yaml");
  EXPECT_EQ(same.status, 0) << same.err;
  EXPECT_EQ(same.out, "no changes\n");
}

}  // namespace
}  // namespace mtrack::test
