// Full-text search (issue 15): word stems, prefixes and the FTS5 query syntax find what a
// reader expects, a query FTS5 cannot read is a usage error (not an empty answer); and keys
// mtrack generates never clash (only a --key the user gives may).

#include <gtest/gtest.h>

#include <set>

#include "support/process.hpp"

namespace mtrack::test {
namespace {

// Three agreements whose words tell the query forms apart.
const char* const k_records = R"(agreements:
  - key: magnets
    type: mou
    title: Rare earth magnet recycling in Missouri
    parties: [Ionic Rare Earths Limited, US Strategic Metals]
    minerals: [neodymium]
  - key: lending
    type: loan
    title: Bank loans for a cobalt refinery
    notes: The lenders financed the second phase.
    parties: [{name: Export Bank, role: lender}, {name: Blue Refining, role: borrower}]
    minerals: [cobalt]
  - key: offtake
    type: offtake
    title: Nickel offtake from Sulawesi
    parties: [Harbour Nickel, Coast Steel]
    minerals: [nickel]
)";

class Search : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto o = mtrack(db, {"import", "-"}, k_records);
    ASSERT_EQ(o.status, 0) << o.err;
  }
  std::set<std::string> found(const std::string& query) {
    const auto o = mtrack(db, {"list", "--search", query, "--format", "jsonl"});
    EXPECT_EQ(o.status, 0) << query << ": " << o.err;
    std::set<std::string> keys;
    for (std::size_t at = o.out.find("\"key\":\""); at != std::string::npos;
         at = o.out.find("\"key\":\"", at + 1)) {
      keys.insert(o.out.substr(at + 7, o.out.find('"', at + 7) - at - 7));
    }
    return keys;
  }

  TempDir dir;
  std::filesystem::path db = dir / "s.db";
};

TEST_F(Search, StemsPrefixesAndQuerySyntax) {
  using Keys = std::set<std::string>;
  EXPECT_EQ(found("magnets"), Keys{"magnets"});          // a plural finds the singular
  EXPECT_EQ(found("recycled"), Keys{"magnets"});         // another form of the same stem
  EXPECT_EQ(found("loan"), Keys{"lending"});             // the singular finds "loans"
  EXPECT_EQ(found("finance"), Keys{"lending"});          // notes: "financed"
  EXPECT_EQ(found("mag*"), Keys{"magnets"});             // a prefix
  EXPECT_EQ(found("Sula*"), Keys{"offtake"});
  EXPECT_EQ(found("loan OR magnet"), (Keys{"lending", "magnets"}));
  EXPECT_EQ(found("loan OR magnet OR nickel"), (Keys{"lending", "magnets", "offtake"}));
  EXPECT_EQ(found("cobalt refinery"), Keys{"lending"});  // every word (AND)
  EXPECT_EQ(found("cobalt AND nickel"), Keys{});
  EXPECT_EQ(found("\"magnet recycling\""), Keys{"magnets"});  // a phrase
  EXPECT_EQ(found("\"recycling magnet\""), Keys{});
  EXPECT_EQ(found("nickel NOT Sulawesi"), Keys{});
  EXPECT_EQ(found("NEAR(bank refinery, 2)"), Keys{});
  EXPECT_EQ(found("NEAR(loans cobalt, 5)"), Keys{"lending"});
  EXPECT_EQ(found("title:nickel"), Keys{"offtake"});   // a column
  EXPECT_EQ(found("notes:nickel"), Keys{});
  EXPECT_EQ(found("Export Bank"), Keys{"lending"});     // parties are searched
  EXPECT_EQ(found("Missouri"), Keys{"magnets"});
  EXPECT_EQ(found("recyclage"), Keys{});
  EXPECT_EQ(found("other:nickel"), Keys{});  // not a column: searched as written
}

TEST_F(Search, AMalformedQueryIsAUsageError) {
  for (const std::string q : {"\"unterminated", "(", "cobalt AND", "NEAR(", "AND", "NEAR(cobalt, x)"}) {
    const auto o = mtrack(db, {"list", "--search", q});
    EXPECT_EQ(o.status, k_exit_usage) << q << ": " << o.out << o.err;
    EXPECT_EQ(o.err.rfind("mtrack: --search: cannot read the query", 0), 0u) << q << ": " << o.err;
    EXPECT_TRUE(o.out.empty()) << q;
  }
}

TEST(GeneratedKeys, NeverClashOnlyAGivenKeyMay) {
  TempDir dir;
  const auto db = dir / "k.db";
  std::set<std::string> keys;
  // The same type and parties and no date, five times over.
  for (int i = 0; i < 5; ++i) {
    const auto o = mtrack(db, {"add", "--type", "mou", "--party", "Alpha Corp", "--party",
                               "Beta Ltd", "--force"});
    ASSERT_EQ(o.status, 0) << o.err;
  }
  const auto list = mtrack(db, {"list", "--format", "jsonl"});
  for (std::size_t at = list.out.find("\"key\":\""); at != std::string::npos;
       at = list.out.find("\"key\":\"", at + 1)) {
    keys.insert(list.out.substr(at + 7, list.out.find('"', at + 7) - at - 7));
  }
  EXPECT_EQ(keys.size(), 5u) << list.out;
  // A key the user gives is theirs: taken, it is refused.
  const auto taken = *keys.begin();
  const auto o = mtrack(db, {"add", "--key", taken, "--type", "loan", "--party", "Gamma"});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_NE(o.err.find("an agreement with key '" + taken + "' exists"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace mtrack::test
