// The conformance suite: every behaviour the Repository interface promises
// (include/mtrack/storage/repository.hpp), run against each backend -- a SQLite file and a
// database on the test binary's own PostgreSQL server (support/postgres.hpp). A test here
// names no backend; what only one backend has (file safety, server roles) is tested beside
// it (postgres_test.cpp, tests/unit).

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "mtrack/storage/repository.hpp"
#include "mtrack/util/error.hpp"
#include "support/postgres.hpp"
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

// The parameter names the backend: "sqlite" or "postgres".
class RepositoryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      MTRACK_REQUIRE_POSTGRES(server);
      locator = server->fresh_database();
    } else {
      locator = (dir / "r.db").string();
    }
    repo = open_repository(locator, Access::create);
  }
  // Another connection to the same database.
  std::unique_ptr<Repository> reopen(Access access = Access::read_write) const {
    return open_repository(locator, access);
  }
  test::TempDir dir;
  std::string locator;
  std::unique_ptr<Repository> repo;
};

TEST_P(RepositoryTest, AddGetUpdateRemove) {
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

TEST_P(RepositoryTest, SummaryDetailLoadsPartiesAndMineralsOnly) {
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

TEST_P(RepositoryTest, ChildRowsLoadWhetherOrNotOtherAgreementsHaveAny) {
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

TEST_P(RepositoryTest, ImportIsAllOrNothing) {
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

TEST_P(RepositoryTest, FiltersAndOrder) {
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
TEST_P(RepositoryTest, StorageOrderReadMatchesListingOrderRead) {
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

TEST_P(RepositoryTest, SchemaVersion) {
  EXPECT_EQ(repo->schema_version(), latest_schema_version());
  EXPECT_EQ(reopen(Access::read_only)->schema_version(), latest_schema_version());
  EXPECT_TRUE(repo->integrity_problems().empty());
}

TEST_P(RepositoryTest, SearchFindsStemsPhrasesAndPrefixes) {
  Agreement a = deal("magnets", AgreementType::offtake, {{"Acme", Role::buyer}}, {"neodymium"});
  a.title = "Acme buys magnet alloy";
  a.notes = "Permanent magnets for wind turbines";
  repo->add(a);
  Agreement b = deal("copper", AgreementType::loan, {{"Bank", Role::lender}}, {"copper"});
  b.title = "Copper smelter loan";
  b.notes = "Smelting capacity";
  repo->add(b);
  Filter f;
  f.search = "magnet";  // stemmed: "magnets" in the notes too
  EXPECT_EQ(keys(*repo, f), std::vector<std::string>{"magnets"});
  f.search = "\"wind turbines\"";
  EXPECT_EQ(keys(*repo, f), std::vector<std::string>{"magnets"});
  f.search = "smelt*";
  EXPECT_EQ(keys(*repo, f), std::vector<std::string>{"copper"});
  f.search = "magnet OR copper";  // in listing order: both undated, so by id
  EXPECT_EQ(keys(*repo, f), (std::vector<std::string>{"magnets", "copper"}));
  f.search = "smelter NOT magnet";
  EXPECT_EQ(keys(*repo, f), std::vector<std::string>{"copper"});
  EXPECT_EQ(repo->count(f), 1);
  f.search = "(unclosed";
  EXPECT_THROW(keys(*repo, f), UsageError);
  EXPECT_FALSE(repo->explain(f = Filter{}).empty());
}

TEST_P(RepositoryTest, OrganisationsAliasesAndMerges) {
  {
    auto session = repo->begin_write();
    session->put_aliases({"Northwind Metals", {"NWM", "Northwind"}});
    session->commit();
  }
  EXPECT_EQ(repo->resolve_party("nwm"), "Northwind Metals");
  repo->add(deal("a", AgreementType::offtake, {{"NWM", Role::seller}}, {"lithium"}));
  repo->add(deal("b", AgreementType::offtake, {{"Southwind Ltd", Role::seller}}, {"lithium"}));
  EXPECT_EQ(repo->get("a")->parties[0].name, "Northwind Metals");
  {
    auto session = repo->begin_write();
    EXPECT_THROW(session->put_aliases({"Southwind Ltd", {"NWM"}}), Error);  // names another
  }
  {
    auto session = repo->begin_write();
    session->merge_organisations("Northwind Metals", "Southwind Ltd");
    session->commit();
  }
  EXPECT_EQ(repo->resolve_party("Southwind Ltd"), "Northwind Metals");
  auto org = repo->organisation("northwind");
  ASSERT_TRUE(org);
  EXPECT_EQ(org->name, "Northwind Metals");
  EXPECT_EQ(org->agreements, 2);
  const auto uses = repo->party_uses(org->id);
  ASSERT_EQ(uses.size(), 2u);
  EXPECT_EQ(uses[0].key, "a");
  EXPECT_EQ(uses[1].key, "b");
  EXPECT_EQ(uses[1].as_written, "Southwind Ltd");
  EXPECT_FALSE(repo->learned_aliases({"Northwind Metals"}).empty());
  // Two organisations that are parties to one agreement are not merged: it would list one
  // party twice.
  repo->add(deal("c", AgreementType::mou,
                 {{"Northwind Metals", Role::partner}, {"Eastwind Co", Role::partner}}, {}));
  {
    auto session = repo->begin_write();
    EXPECT_THROW(session->merge_organisations("Northwind Metals", "Eastwind Co"), Error);
  }
  EXPECT_EQ(repo->resolve_party("Eastwind Co"), "Eastwind Co");
}

TEST_P(RepositoryTest, SessionKeysCandidatesAndSourceText) {
  auto session = repo->begin_write();
  EXPECT_EQ(session->last_id(), 0);
  const auto first =
      deal("k", AgreementType::loan, {{"Acme", Role::borrower}}, {"cobalt"}, {2024, 5, 0});
  const auto id = session->put(session->normalise(first));
  EXPECT_EQ(session->last_id(), id);
  EXPECT_EQ(session->free_key("k"), "k-2");
  EXPECT_EQ(session->free_key("other"), "other");
  EXPECT_EQ(session->claim_key("k", "a.yaml:1"), std::nullopt);
  EXPECT_EQ(session->claim_key("k", "a.yaml:9"), "a.yaml:1");
  // Same type and parties, an overlapping date, a source: a candidate duplicate.
  auto twin = deal("", AgreementType::loan, {{"Acme", Role::borrower}}, {}, {2024, 5, 20});
  twin.sources = {Source{"Acme release", "", "https://example.org/acme", {}, ""}};
  twin = session->normalise(twin);
  const auto found = session->candidates(twin, session->last_id());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].key, "k");
  EXPECT_TRUE(session->candidates(twin, 0).empty());
  session->store_source_text(std::string(64, 'a'), "full text");
  session->store_source_text(std::string(64, 'a'), "other text");  // the first is kept
  session->commit();
  EXPECT_EQ(repo->source_text(std::string(64, 'a')), "full text");
  EXPECT_EQ(repo->source_text(std::string(64, 'b')), std::nullopt);
}

// A session that stores many agreements reads each back whole before it commits (a backend
// may queue their rows: SQLite writes them in batches), search finds every one after the
// commit, and a session rolled back leaves nothing of what it queued for the next one.
TEST_P(RepositoryTest, ManyAgreementsInOneSessionReadBackWhole) {
  constexpr int k_count = 700;  // more than one batch, and not a multiple of one
  const auto nth = [](int i) {
    Agreement a = deal(fmt::format("d{}", i), AgreementType::offtake,
                       {{fmt::format("Buyer {}", i), Role::buyer}, {"Seller", Role::seller}},
                       {"cobalt", "nickel"}, {2024, 1 + i % 12, 0});
    a.title = fmt::format("Offtake number{} of cobalt", i);
    a.evidence = {{fmt::format("Buyer {} agreed to buy cobalt.", i), "", std::nullopt,
                   std::nullopt}};
    a.tags = {"bulk", fmt::format("t{}", i)};
    a.sources = {Source{fmt::format("Release {}", i), "", fmt::format("https://example.org/{}", i),
                        {}, ""}};
    return a;
  };
  {
    auto dropped = repo->begin_write();
    for (int i = 0; i < 10; ++i) dropped->put(dropped->normalise(nth(5000 + i)));
    // Destroyed without commit.
  }
  auto session = repo->begin_write();
  for (int i = 0; i < k_count; ++i) {
    session->put(session->normalise(nth(i)));
    if (i % 97 == 0 || i == k_count - 1) {  // the newest one, whatever was written before it
      const auto back = session->get(fmt::format("d{}", i));
      ASSERT_TRUE(back) << i;
      ASSERT_EQ(back->parties.size(), 2u) << i;
      EXPECT_EQ(back->parties[0].name, fmt::format("Buyer {}", i));
      EXPECT_EQ(back->minerals, (std::vector<std::string>{"cobalt", "nickel"}));
      ASSERT_EQ(back->evidence.size(), 1u);
      EXPECT_EQ(back->tags.size(), 2u);
    }
  }
  // The guard reads a candidate's rows too: a twin of the newest is found with its parties.
  auto twin = session->normalise(nth(k_count - 1));
  twin.key.clear();
  const auto found = session->candidates(twin, session->last_id());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].parties.size(), 2u);
  session->commit();
  EXPECT_EQ(repo->count({}), k_count);
  Filter f;
  f.search = "number0 OR number255 OR number256 OR number699";
  auto hits = keys(*repo, f);
  std::sort(hits.begin(), hits.end());
  EXPECT_EQ(hits, (std::vector<std::string>{"d0", "d255", "d256", "d699"}));
  f.search = "number5000";  // queued by the rolled-back session only
  EXPECT_TRUE(keys(*repo, f).empty());
  const auto last = repo->get("d699");
  ASSERT_TRUE(last);
  EXPECT_EQ(last->tags, (std::vector<std::string>{"bulk", "t699"}));
}

// Nothing a session writes is visible to another connection before commit().
TEST_P(RepositoryTest, UncommittedWritesAreInvisible) {
  auto other = reopen();
  auto session = repo->begin_write();
  session->put(deal("x", AgreementType::mou, {{"A", Role::partner}}, {}));
  EXPECT_EQ(other->count({}), 0);
  session->commit();
  EXPECT_EQ(other->count({}), 1);
}

// Rates: stored in a session, replaced by date, currency and base, listed in that order.
TEST_P(RepositoryTest, RatesUpsertAndOrder) {
  EXPECT_TRUE(repo->rates().empty());
  {
    auto session = repo->begin_write();
    session->put_rates({{{2024, 6, 30}, "CAD", "USD", "1.37", ""},
                        {{2024, 0, 0}, "AUD", "USD", "1.52", "Treasury"},
                        {{2023, 0, 0}, "AUD", "USD", "1.50", "Treasury"}});
    session->commit();
  }
  {
    auto session = repo->begin_write();
    session->put_rates({{{2024, 0, 0}, "AUD", "USD", "1.53", "revised"}});
    // Destroyed without commit: the revision is rolled back.
  }
  {
    auto session = repo->begin_write();
    session->put_rates({{{2024, 6, 30}, "CAD", "USD", "1.36", "revised"}});
    session->commit();
  }
  const std::vector<Rate> expected = {{{2023, 0, 0}, "AUD", "USD", "1.50", "Treasury"},
                                      {{2024, 0, 0}, "AUD", "USD", "1.52", "Treasury"},
                                      {{2024, 6, 30}, "CAD", "USD", "1.36", "revised"}};
  EXPECT_EQ(repo->rates(), expected);
  EXPECT_EQ(reopen(Access::read_only)->rates(), expected);
}

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& backend) { return backend.param; });

}  // namespace
}  // namespace mtrack
