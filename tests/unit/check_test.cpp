#include "mtrack/domain/check.hpp"

#include <gtest/gtest.h>

#include "support/process.hpp"

namespace mtrack {
namespace {

test::Output check_in_data(const std::string& args) {
  return test::run_process({"/bin/sh", "-c", "cd \"$SRC/tests/data/check\" && \"$MTRACK\" " + args},
                           {{"SRC", test::source_dir()},
                            {"MTRACK", test::mtrack_binary()},
                            {"MTRACK_DB", "/nonexistent/never-opened.db"}});
}

TEST(CheckCli, FivePlantedProblemsWithTheirLines) {
  const auto o = check_in_data("check five-problems.yaml");
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.err, "");
  EXPECT_EQ(o.out,
            "five-problems.yaml:10:16: minerals: unknown mineral 'cobalts' (did you mean "
            "'cobalt'?)\n"
            "five-problems.yaml:24:14: ceiling: ceiling 25000000 is below the value 169000000\n"
            "five-problems.yaml:35:14: expires: expires 2023-12 before it was signed "
            "(2024-06-20)\n"
            "five-problems.yaml:46:15: related[1].key: related key 'realloys-mcm-loi-2024' names "
            "no agreement\n"
            "five-problems.yaml:48:10: key: probable duplicate of 'exim-ussm-loan-2024' at "
            "five-problems.yaml:3: same parties, type and value from another source (mark it "
            "'duplicate-of' if so)\n");
}

TEST(CheckCli, CleanFilesPrintNothing) {
  const auto o = check_in_data("check clean.yaml");
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, "");
  const auto fixture = check_in_data("check ../../../fixtures/");
  EXPECT_EQ(fixture.status, 0) << fixture.out;
  EXPECT_EQ(fixture.out, "");
}

TEST(CheckCli, DuplicateKeyAcrossFilesAndRelatedAcrossFiles) {
  const auto o = check_in_data("check clean.yaml other-file.yaml");
  EXPECT_EQ(o.status, 1);
  // other-file.yaml's `related` names an agreement of clean.yaml: no problem there.
  EXPECT_EQ(o.out,
            "other-file.yaml:12:10: key: duplicate key 'argentem-ionicre-investment' "
            "(first at clean.yaml:2)\n");
}

TEST(CheckCli, DatabaseAndMissingFile) {
  test::TempDir tmp;
  const auto db = tmp / "t.db";
  ASSERT_EQ(
      test::mtrack(db, {"-q", "import", test::source_dir() + "/tests/data/seed-agreements.yaml"})
          .status,
      0);
  const auto clean = test::mtrack(db, {"check"});
  EXPECT_EQ(clean.status, 0) << clean.out;
  EXPECT_EQ(clean.out, "");
  const auto missing = test::mtrack(db, {"check", (tmp / "nope.yaml").string()});
  EXPECT_EQ(missing.status, test::k_exit_failure);
  EXPECT_EQ(missing.err, "mtrack: " + (tmp / "nope.yaml").string() + ": no such file or directory\n");
  const auto usage = test::mtrack(db, {"--format", "csv", "check"});
  EXPECT_EQ(usage.status, 2);
}

TEST(CheckDates, FutureAndFarExpiry) {
  Agreement a;
  a.key = "k";
  a.signed_on = {2031, 5, 0};
  a.expires = {2205, 0, 0};
  Agreement b;
  b.key = "b";
  b.events = {{{2025, 3, 1}, std::nullopt, "close", "", std::nullopt, std::nullopt},
              {{2024, 1, 0}, std::nullopt, "loi", "", std::nullopt, std::nullopt}};
  CheckOptions options;
  options.today = {2025, 6, 30};
  const auto d = check_agreements({{&a, "db", 0, nullptr}, {&b, "db", 0, nullptr}}, options);
  std::vector<std::string> lines;
  for (const auto& x : d) lines.push_back(x.str());
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "db: k: signed: date 2031-05 is in the future",
                       "db: k: expires: expires 2205, more than 100 years on (a typo?)",
                       "db: b: events[2].date: event dated 2024-01 comes after one dated "
                       "2025-03-01 (events go oldest first)"}));
}

TEST(CheckDuplicates, LinkedOrSameSourceAreNotReported) {
  Agreement a;
  a.key = "a";
  a.type = AgreementType::loan;
  a.parties = {{"Export-Import Bank of the United States", Role::lender}, {"X", Role::borrower}};
  a.value = Money{100, "USD", false, ""};
  a.sources = {{"one", "", "", {}, ""}};
  Agreement b = a;
  b.key = "b";
  b.parties[0].name = "Ex-Im Bank";  // a built-in alias
  b.sources = {{"two", "", "", {}, ""}};
  EXPECT_EQ(check_agreements({{&a, "f", 1, nullptr}, {&b, "f", 9, nullptr}}, {}).size(), 1u);
  b.related = {{"a", Relation::duplicate_of}};
  EXPECT_TRUE(check_agreements({{&a, "f", 1, nullptr}, {&b, "f", 9, nullptr}}, {}).empty());
  b.related.clear();
  b.sources = a.sources;
  EXPECT_TRUE(check_agreements({{&a, "f", 1, nullptr}, {&b, "f", 9, nullptr}}, {}).empty());
}

}  // namespace
}  // namespace mtrack
