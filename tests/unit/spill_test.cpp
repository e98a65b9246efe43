#include "storage/sqlite/spill.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "mtrack/util/error.hpp"
#include "support/process.hpp"

namespace mtrack::spill {
namespace {

// An agreement with every member set to something other than its default.
Agreement everything() {
  Agreement a;
  a.id = 1234567890123;
  a.key = "loan-exim-acme-2025";
  a.type = AgreementType::loan;
  a.title = "EXIM lends to Acme \xe2\x80\x94 \"quoted\"";
  a.status = Status::approved;
  a.binding = false;
  a.parties = {{"Export-Import Bank of the United States", Role::lender, "EXIM"},
               {"Acme Cobalt Ltd", Role::borrower, ""}};
  a.minerals = {"cobalt", "nickel"};
  a.value = Money{-16900000000, "USD", true, "about $169 million"};
  a.ceiling = Money{25000000000, "USD", false, ""};
  a.term = "P15Y";
  a.announced = {2025, 10, 0};
  a.signed_on = {2025, 10, 21};
  a.expires = {2040, 0, 0};
  a.location = {"Mine site", "Idaho", "US"};
  a.stages = {Stage::mining, Stage::refining};
  a.sources = {{"Release", "Acme", "https://example.com/r", {2025, 10, 21}, std::string(64, 'a')}};
  a.evidence = {{"EXIM approved the loan.", "https://example.com/r", 10, 33},
                {"No offsets here.", "", std::nullopt, std::nullopt}};
  a.events = {{{2025, 10, 21},
               Status::approved,
               "approved",
               "board",
               Money{1, "EUR", false, "x"},
               std::nullopt},
              {{}, std::nullopt, "", "", std::nullopt, std::nullopt}};
  a.related = {{"mou-acme-2024", Relation::follows}};
  a.provenance = {{"value", "https://example.com/r", "money", 0, 12, "$169 million"}};
  a.merged_keys = {"old-key"};
  a.tags = {"watch", "eu"};
  a.notes = std::string("line one\nline two with a \0 byte", 30);
  a.confidence = 0.875;
  return a;
}

TEST(Spill, EncodeDecodeKeepsEveryMember) {
  const Agreement a = everything();
  std::string bytes;
  encode(a, bytes);
  EXPECT_EQ(decode(bytes), a);
  const Agreement empty;
  std::string none;
  encode(empty, none);
  EXPECT_EQ(decode(none), empty);
  EXPECT_LT(none.size(), bytes.size());
}

TEST(Spill, DecodeRefusesCutAndPaddedRecords) {
  std::string bytes;
  encode(everything(), bytes);
  EXPECT_THROW(decode(std::string_view(bytes).substr(0, bytes.size() - 1)), Error);
  EXPECT_THROW(decode(bytes + "x"), Error);
  EXPECT_THROW(decode(""), Error);
}

// Records added in a shuffled order come back by position, whether they stay in memory or
// pass through temporary files.
void expect_sorted(std::size_t budget, std::size_t n, bool expect_runs) {
  std::vector<std::uint32_t> positions(n);
  for (std::uint32_t k = 0; k < n; ++k) positions[k] = k * 3 + 1;
  std::mt19937 rng(42);
  std::shuffle(positions.begin(), positions.end(), rng);
  Sorter sorter(budget);
  for (const auto p : positions)
    sorter.add(p, std::string(p % 50, static_cast<char>('a' + p % 26)));
  EXPECT_EQ(sorter.runs() > 0, expect_runs);
  std::vector<std::string> got;
  sorter.drain([&](std::string_view b) { got.emplace_back(b); });
  ASSERT_EQ(got.size(), n);
  for (std::uint32_t k = 0; k < n; ++k) {
    const std::uint32_t p = k * 3 + 1;
    EXPECT_EQ(got[k], std::string(p % 50, static_cast<char>('a' + p % 26))) << k;
  }
  std::size_t again = 0;
  sorter.drain([&](std::string_view) { ++again; });
  EXPECT_EQ(again, 0u);  // drain empties the sorter
}

TEST(Spill, SortsInMemory) { expect_sorted(std::size_t{1} << 20, 1000, false); }

TEST(Spill, SortsThroughTemporaryFiles) { expect_sorted(512, 3000, true); }

TEST(Spill, TemporaryFilesGoToTmpdirAndAreNotLeftBehind) {
  test::TempDir dir;
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  ::setenv("TMPDIR", dir.path().c_str(), 1);
  {
    Sorter sorter(64);
    for (std::uint32_t k = 0; k < 100; ++k) sorter.add(100 - k, std::string(40, 'x'));
    EXPECT_GT(sorter.runs(), 1u);
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));  // unlinked as soon as made
    std::uint32_t seen = 0;
    sorter.drain([&](std::string_view) { ++seen; });
    EXPECT_EQ(seen, 100u);
  }
  ::setenv("TMPDIR", (dir.path() / "missing").c_str(), 1);
  Sorter failing(64);
  failing.add(1, std::string(40, 'x'));
  EXPECT_THROW(failing.add(2, std::string(40, 'y')), Error);
  if (old)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
}

}  // namespace
}  // namespace mtrack::spill
