// The one definition of a probable duplicate and the merge of two records of one deal
// (include/mtrack/domain/reconcile.hpp), on agreements built here.

#include <gtest/gtest.h>

#include "mtrack/domain/check.hpp"
#include "mtrack/domain/reconcile.hpp"

namespace mtrack {
namespace {

const PartyResolver k_aliases = [](const std::string& name) {
  return name == "EXIM" ? std::string("Export-Import Bank of the United States") : name;
};

Agreement loan(const std::string& key, const std::string& source) {
  Agreement a;
  a.key = key;
  a.type = AgreementType::loan;
  a.title = "Loan to Kestrel";
  a.status = Status::approved;
  a.parties = {{"Export-Import Bank of the United States", Role::lender},
               {"Kestrel Graphite Corp", Role::borrower}};
  a.minerals = {"graphite"};
  a.value = Money{12000000000, "USD", false, ""};
  a.announced = {2025, 6, 0};
  a.sources = {{source, "", "https://news.example/" + key, {}, ""}};
  return a;
}

TEST(ProbableDuplicate, SamePartiesUpToAliasesTypeAndValueFromAnotherSource) {
  const Agreement a = loan("a", "one");
  Agreement b = loan("b", "two");
  b.parties[0].name = "EXIM";
  b.announced = {};
  EXPECT_EQ(probable_duplicate(a, b, k_aliases), "same parties, type and value");
  // Without the alias the parties differ.
  EXPECT_FALSE(probable_duplicate(a, b, [](const std::string& n) { return n; }));
}

TEST(ProbableDuplicate, OverlappingDatesCountWhenAmountsDiffer) {
  const Agreement a = loan("a", "one");
  Agreement b = loan("b", "two");
  b.value = Money{12500000000, "USD", false, ""};
  b.announced = {2025, 6, 2};  // inside June 2025
  EXPECT_EQ(probable_duplicate(a, b, k_aliases), "same parties and type, overlapping dates");
  b.announced = {2025, 7, 1};
  EXPECT_FALSE(probable_duplicate(a, b, k_aliases));
}

TEST(ProbableDuplicate, TranchesSameSourcesAndLinksAreNot) {
  const Agreement a = loan("a", "one");
  Agreement equity = loan("b", "two");
  equity.type = AgreementType::investment;  // another tranche of the package
  EXPECT_FALSE(probable_duplicate(a, equity, k_aliases));
  Agreement same_source = loan("b", "one");
  same_source.sources = a.sources;
  EXPECT_FALSE(probable_duplicate(a, same_source, k_aliases));
  Agreement linked = loan("b", "two");
  linked.related = {{"a", Relation::follows}};
  EXPECT_FALSE(probable_duplicate(a, linked, k_aliases));
  Agreement merged = loan("b", "two");
  merged.merged_keys = {"a"};
  EXPECT_FALSE(probable_duplicate(a, merged, k_aliases));
}

TEST(ProbableDuplicate, CheckUsesTheSameDefinition) {
  const Agreement a = loan("a", "one");
  Agreement b = loan("b", "two");
  b.value.reset();
  b.announced = {2025, 6, 10};
  const auto d = check_agreements({{&a, "f", 1, nullptr}, {&b, "f", 9, nullptr}}, {});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].str(),
            "f:9: key: probable duplicate of 'a' at f:1: same parties and type, overlapping "
            "dates from another source (mark it 'duplicate-of' if so)");
}

TEST(Merge, AddsSourcesFillsGapsAndReportsConflictsOnce) {
  Agreement kept = loan("a", "one");
  kept.term.clear();
  Agreement other = loan("b", "two");
  other.value = Money{12500000000, "USD", false, ""};
  other.term = "P10Y";
  other.announced = {2025, 6, 2};
  other.minerals = {"graphite", "lithium"};
  std::vector<Conflict> conflicts;
  const Agreement m = merge_agreements(kept, other, conflicts, "import");
  ASSERT_EQ(m.sources.size(), 2u);
  EXPECT_EQ(m.key, "a");
  EXPECT_EQ(m.merged_keys, std::vector<std::string>{"b"});
  EXPECT_EQ(m.value->minor, 12000000000);             // kept, not overwritten
  EXPECT_EQ(m.term, "P10Y");                          // a gap filled
  EXPECT_EQ(m.announced, (PartialDate{2025, 6, 2}));  // a more precise date inside the kept one
  EXPECT_EQ(m.minerals, (std::vector<std::string>{"graphite", "lithium"}));
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].str(),
            "a: value: USD 120,000,000 (https://news.example/a) conflicts with USD 125,000,000 "
            "(https://news.example/b); kept the first");
  // The claim is kept for review; each source is credited for what it states.
  const auto value = provenance_of(m, "value");
  ASSERT_EQ(value.size(), 2u);
  EXPECT_EQ(value[0]->source, "https://news.example/a");
  EXPECT_TRUE(value[0]->claim.empty());
  EXPECT_EQ(value[1]->source, "https://news.example/b");
  EXPECT_EQ(value[1]->claim, "USD 125,000,000");
  EXPECT_EQ(provenance_of(m, "term").size(), 1u);
  EXPECT_EQ(provenance_of(m, "term")[0]->source, "https://news.example/b");
  // Merging the same record again changes nothing and reports nothing new.
  std::vector<Conflict> again;
  EXPECT_EQ(merge_agreements(m, other, again, "import"), m);
  EXPECT_TRUE(again.empty());
}

TEST(Merge, DisjointDatesConflict) {
  Agreement kept = loan("a", "one");
  Agreement other = loan("a", "two");
  other.announced = {2024, 11, 0};
  std::vector<Conflict> conflicts;
  const Agreement m = merge_agreements(kept, other, conflicts);
  EXPECT_EQ(m.announced, (PartialDate{2025, 6, 0}));
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].field, "announced");
  EXPECT_EQ(conflicts[0].other, "2024-11");
  EXPECT_TRUE(m.merged_keys.empty());  // same key: a second source, not a merged record
}

TEST(ManualProvenance, ChangesReplaceWhatTheFieldHad) {
  Agreement before = loan("a", "one");
  before.provenance = {{"value", "https://news.example/a", "money", 10, 22, ""},
                       {"term", "https://news.example/a", "term", 30, 40, ""}};
  before.term = "P5Y";
  Agreement after = before;
  after.value = Money{100, "USD", false, ""};
  after.term.clear();
  note_manual_changes(before, after, "");
  ASSERT_EQ(provenance_of(after, "value").size(), 1u);
  EXPECT_EQ(provenance_of(after, "value")[0]->rule, "manual");
  EXPECT_TRUE(provenance_of(after, "term").empty());  // the field is empty now
}

}  // namespace
}  // namespace mtrack
