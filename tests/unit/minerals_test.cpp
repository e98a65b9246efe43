#include "mtrack/domain/minerals.hpp"

#include <gtest/gtest.h>

#include "mtrack/util/error.hpp"

namespace mtrack {
namespace {

const MineralTable& table() { return MineralTable::builtin(); }

TEST(Minerals, ListsAreComplete) {
  int usgs2025 = 0, usgs2022 = 0, eu = 0;
  for (const auto& m : table().all()) {
    if (m.kind == MineralKind::group || m.kind == MineralKind::set) continue;
    usgs2025 += m.usgs2025;
    usgs2022 += m.usgs2022;
    eu += m.eu2023 != "no";
  }
  EXPECT_EQ(usgs2025, 60);
  EXPECT_EQ(usgs2022, 50);
  EXPECT_GE(eu, 31);  // individual EU entries; the rest are groups (LREE, HREE, PGM)
}

TEST(Minerals, ResolvesNamesSymbolsAliasesAnyCase) {
  ASSERT_NE(table().find("cobalt"), nullptr);
  EXPECT_EQ(table().find("Co")->name, "cobalt");
  EXPECT_EQ(table().find("CO")->name, "cobalt");
  EXPECT_EQ(table().find("cobalt sulphate")->name, "cobalt");
  EXPECT_EQ(table().find("acid-grade fluorspar")->name, "fluorspar");
  EXPECT_EQ(table().find("Acid Grade Fluorspar")->name, "fluorspar");
  EXPECT_EQ(table().find("spodumene")->name, "lithium");
  EXPECT_EQ(table().find("wolfram")->name, "tungsten");
  EXPECT_EQ(table().find("rare-earths")->name, "rare earths");
  EXPECT_EQ(table().find("REE")->name, "rare earths");
  EXPECT_EQ(table().find("aluminium")->name, "aluminum");
  EXPECT_EQ(table().find("unobtainium"), nullptr);
  EXPECT_EQ(table().find(""), nullptr);
}

TEST(Minerals, ExpandGroupsAndSets) {
  const auto ree = table().expand("rare earths");
  EXPECT_EQ(ree.front(), "rare earths");
  EXPECT_EQ(ree.size(), 18u);  // the group and its 17 elements
  EXPECT_EQ(table().expand("NdPr"), (std::vector<std::string>{"neodymium", "praseodymium"}));
  const auto heavy = table().expand("heavy-rare-earths");
  EXPECT_NE(std::find(heavy.begin(), heavy.end(), "dysprosium"), heavy.end());
  EXPECT_NE(std::find(heavy.begin(), heavy.end(), "yttrium"), heavy.end());
  EXPECT_EQ(std::find(heavy.begin(), heavy.end(), "neodymium"), heavy.end());
  EXPECT_EQ(table().expand("cobalt"), std::vector<std::string>{"cobalt"});
  EXPECT_TRUE(table().expand("nope").empty());
}

TEST(Minerals, CanonicalStoresSetsAsMembers) {
  EXPECT_EQ(table().canonical("NdPr"), (std::vector<std::string>{"neodymium", "praseodymium"}));
  EXPECT_EQ(table().canonical("rare earths"), std::vector<std::string>{"rare earths"});
  EXPECT_EQ(table().canonical("Co"), std::vector<std::string>{"cobalt"});
}

TEST(Minerals, SuggestsClosestNames) {
  EXPECT_EQ(table().suggest("cobalts").front(), "cobalt");
  EXPECT_EQ(table().suggest("lithum").front(), "lithium");
  EXPECT_TRUE(table().suggest("zzzzzzzzzz").empty());
}

TEST(Minerals, ParseRejectsMalformedRows) {
  EXPECT_THROW(MineralTable::parse("cobalt\tCo\telement\n"), Error);
  try {
    MineralTable::parse("# c\ncobalt\tCo\tmetal\t-\t-\tyes\tyes\tno\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "minerals.tsv:2: unknown kind 'metal'");
  }
  EXPECT_THROW(
      MineralTable::parse("a\t-\telement\tx\t-\tno\tno\tno\nb\t-\telement\tx\t-\tno\tno\tno\n"),
      Error);
  EXPECT_THROW(MineralTable::parse("a\t-\telement\t-\tnogroup\tno\tno\tno\n"), Error);
}

}  // namespace
}  // namespace mtrack
