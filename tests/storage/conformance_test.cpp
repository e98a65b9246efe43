#include "mtrack/storage/repository.hpp"

#include <gtest/gtest.h>

#include "mtrack/util/error.hpp"
#include "support/process.hpp"

namespace mtrack {
namespace {

Agreement deal(std::string key, AgreementType type, std::vector<Party> parties,
               std::vector<std::string> minerals, PartialDate date = {}) {
  Agreement a;
  a.key = std::move(key);
  a.type = type;
  a.parties = std::move(parties);
  a.minerals = std::move(minerals);
  a.announced = date;
  return a;
}

std::vector<std::string> keys(Repository& repo, const Filter& f) {
  std::vector<std::string> out;
  repo.find(f, [&](const Agreement& a) { out.push_back(a.key); });
  return out;
}

class RepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override { repo = open_repository(dir / "r.db", Access::create); }
  test::TempDir dir;
  std::unique_ptr<Repository> repo;
};

TEST_F(RepositoryTest, AddGetUpdateRemove) {
  Agreement a = deal("", AgreementType::loan, {{"DoD", Role::lender}, {"Acme", Role::borrower}},
                     {"cobalt"}, {2024, 8, 0});
  a.value = Money{100, "USD", false, ""};
  const auto id = repo->add(a);
  EXPECT_EQ(id, 1);
  auto got = repo->get("1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->parties[0].name, "U.S. Department of Defense");  // resolved through an alias
  EXPECT_EQ(got->key, "loan-u-s-department-of-defense-acme-2024-08");
  EXPECT_EQ(repo->get(got->key)->id, 1);
  got->status = Status::completed;
  got->minerals = {"nickel"};
  repo->update(*got);
  EXPECT_EQ(repo->get("1")->status, Status::completed);
  EXPECT_EQ(repo->get("1")->minerals, std::vector<std::string>{"nickel"});
  EXPECT_THROW(repo->add(*got), Error);  // key taken
  EXPECT_TRUE(repo->remove(1));
  EXPECT_FALSE(repo->get("1"));
  EXPECT_FALSE(repo->remove(1));
}

TEST_F(RepositoryTest, SummaryDetailLoadsPartiesAndMineralsOnly) {
  Agreement a = deal("s", AgreementType::offtake, {{"Acme", Role::buyer}}, {"cobalt", "nickel"},
                     {2025, 3, 0});
  a.tags = {"watch"};
  a.notes = "kept";
  Source src;
  src.title = "Acme release";
  src.url = "https://example.org/acme";
  a.sources = {src};
  repo->add(a);
  Filter f;
  f.detail = Detail::summary;
  std::vector<Agreement> got;
  repo->find(f, [&](const Agreement& x) { got.push_back(x); });
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].key, "s");
  EXPECT_EQ(got[0].notes, "kept");
  ASSERT_EQ(got[0].parties.size(), 1u);
  EXPECT_EQ(got[0].parties[0].name, "Acme");
  EXPECT_EQ(got[0].minerals, (std::vector<std::string>{"cobalt", "nickel"}));
  EXPECT_TRUE(got[0].sources.empty());
  EXPECT_TRUE(got[0].tags.empty());
  f.detail = Detail::full;
  got.clear();
  repo->find(f, [&](const Agreement& x) { got.push_back(x); });
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].sources.size(), 1u);
  EXPECT_EQ(got[0].tags, std::vector<std::string>{"watch"});
}

TEST_F(RepositoryTest, ChildRowsLoadWhetherOrNotOtherAgreementsHaveAny) {
  Agreement plain = deal("plain", AgreementType::mou, {{"Acme", Role::partner}}, {"tin"});
  repo->add(plain);
  std::vector<Agreement> got;
  const auto all = [&] {
    got.clear();
    repo->find(Filter{}, [&](const Agreement& x) { got.push_back(x); });
  };
  all();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].tags.empty());
  Agreement tagged = deal("tagged", AgreementType::mou, {{"Acme", Role::partner}}, {"tin"});
  tagged.tags = {"first"};
  tagged.related = {{"plain", Relation::follows}};
  repo->add(tagged);
  all();
  ASSERT_EQ(got.size(), 2u);
  for (const auto& a : got) {
    EXPECT_EQ(a.tags.size(), a.key == "tagged" ? 1u : 0u) << a.key;
    EXPECT_EQ(a.related.size(), a.key == "tagged" ? 1u : 0u) << a.key;
  }
  // get() after a find() still reads every table.
  EXPECT_EQ(repo->get("tagged")->tags, std::vector<std::string>{"first"});
}

TEST_F(RepositoryTest, ImportIsAllOrNothing) {
  {
    auto session = repo->begin_write();
    session->put(deal("a", AgreementType::mou, {{"A", Role::partner}}, {}));
    EXPECT_EQ(session->stats().added, 1);
    // Destroyed without commit: rolled back.
  }
  EXPECT_EQ(repo->count({}), 0);
  auto session = repo->begin_write();
  session->put(deal("a", AgreementType::mou, {{"A", Role::partner}}, {}));
  session->put(deal("a", AgreementType::mou, {{"A", Role::partner}}, {}));
  auto stats = session->commit();
  EXPECT_EQ(stats.added, 1);
  EXPECT_EQ(stats.unchanged, 1);
  EXPECT_EQ(repo->count({}), 1);
}

TEST_F(RepositoryTest, FiltersAndOrder) {
  auto session = repo->begin_write();
  session->put(deal("late", AgreementType::offtake, {{"Glencore plc", Role::buyer}}, {"cobalt"},
                    {2025, 0, 0}));
  session->put(
      deal("early", AgreementType::loan, {{"EXIM", Role::lender}}, {"neodymium"}, {2024, 3, 10}));
  session->put(deal("undated", AgreementType::mou, {{"X", Role::partner}}, {"rare earths"}));
  session->commit();
  EXPECT_EQ(keys(*repo, {}), (std::vector<std::string>{"early", "late", "undated"}));
  Filter f;
  f.minerals = MineralTable::builtin().expand("NdPr");
  EXPECT_EQ(keys(*repo, f), std::vector<std::string>{"early"});
  f = {};
  f.party = "Ex-Im Bank";
  EXPECT_EQ(keys(*repo, f), std::vector<std::string>{"early"});
  f.party = "glencore";
  EXPECT_EQ(keys(*repo, f), std::vector<std::string>{"late"});
  f.party = "100%";  // LIKE wildcards are data
  EXPECT_TRUE(keys(*repo, f).empty());
  f = {};
  f.since = {2024, 6, 0};
  EXPECT_EQ(keys(*repo, f), std::vector<std::string>{"late"});
  f = {};
  f.reverse = true;  // newest first; undated records stay last either way
  EXPECT_EQ(keys(*repo, f), (std::vector<std::string>{"late", "early", "undated"}));
  f.limit = 1;
  EXPECT_EQ(keys(*repo, f), std::vector<std::string>{"late"});
  EXPECT_EQ(repo->count(f), 1);
}

// A listing without a limit reads its agreements in storage order and sorts them back into
// listing order; with a limit it reads them in listing order. Both must give the same records
// in the same order, for every sort key and direction.
TEST_F(RepositoryTest, StorageOrderReadMatchesListingOrderRead) {
  auto session = repo->begin_write();
  for (int k = 0; k < 300; ++k) {
    Agreement a =
        deal("deal-" + std::to_string(k), k % 2 ? AgreementType::loan : AgreementType::offtake,
             {{"Org " + std::to_string(k % 17), Role::buyer}}, {k % 3 ? "cobalt" : "nickel"},
             k % 11 == 0 ? PartialDate{} : PartialDate{2000 + (k * 7) % 25, (k % 12) + 1, 0});
    if (k % 4 == 0) a.value = Money{(k % 9) * 1000, "USD", false, ""};
    a.tags = {"t" + std::to_string(k % 5)};
    a.notes = "note " + std::to_string(k);
    session->put(a);
  }
  session->commit();
  for (const SortKey sort : {SortKey::date, SortKey::value}) {
    for (const bool reverse : {false, true}) {
      Filter all;
      all.sort = sort;
      all.reverse = reverse;
      Filter limited = all;
      limited.limit = 1000;
      std::vector<Agreement> a, b;
      repo->find(all, [&](const Agreement& x) { a.push_back(x); });
      repo->find(limited, [&](const Agreement& x) { b.push_back(x); });
      ASSERT_EQ(a.size(), 300u);
      EXPECT_EQ(a, b);
      all.minerals = {"cobalt"};
      limited.minerals = {"cobalt"};
      EXPECT_EQ(keys(*repo, all), keys(*repo, limited));
      EXPECT_EQ(keys(*repo, all).size(), 200u);
    }
  }
}

TEST_F(RepositoryTest, SchemaVersionAndRefusals) {
  EXPECT_EQ(repo->schema_version(), latest_schema_version());
  repo.reset();
  const auto junk = dir / "junk.db";
  test::write_file(junk, std::string(4096, 'x'));
  EXPECT_THROW(open_repository(junk, Access::read_write), Error);
  EXPECT_EQ(test::read_file(junk), std::string(4096, 'x'));
  EXPECT_THROW(open_repository(dir.path(), Access::read_only), Error);
}

}  // namespace
}  // namespace mtrack
