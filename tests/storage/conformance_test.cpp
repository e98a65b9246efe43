// The conformance suite: every behaviour the Repository interface promises
// (include/mtrack/storage/repository.hpp), run against each backend -- a SQLite file and a
// database on the test binary's own PostgreSQL server (support/postgres.hpp). A test here
// names no backend; what only one backend has (file safety, server roles) is tested beside
// it (postgres_test.cpp, tests/unit).

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

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
// may queue their rows: SQLite writes them in batches, and their search rows in larger ones),
// search finds every one after the commit, by title, by the name a party was written as and
// as last replaced, and a session rolled back leaves nothing of what it queued for the next.
TEST_P(RepositoryTest, ManyAgreementsInOneSessionReadBackWhole) {
  constexpr int k_count = 4200;  // more than one batch of each kind, and not a multiple of one
  const auto nth = [](int i) {
    Agreement a = deal(fmt::format("d{}", i), AgreementType::offtake,
                       {{fmt::format("Buyer {}", i), Role::buyer}, {"Seller", Role::seller}},
                       {"cobalt", "nickel"}, {2024, 1 + i % 12, 0});
    a.title = fmt::format("Offtake number{} of cobalt", i);
    a.parties[0].as_written = fmt::format("Purchaser{}", i);
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
    if (i == 4150) {  // replaced in the same session, its search row not yet written
      Agreement changed = nth(i);
      changed.title = "Offtake renamed of cobalt";
      session->put(session->normalise(changed));
    }
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
  f.search = "number0 OR number255 OR number256 OR number699 OR number4095 OR number4096 OR "
             "number4199 OR purchaser4100 OR renamed OR number4150";
  auto hits = keys(*repo, f);
  std::sort(hits.begin(), hits.end());
  EXPECT_EQ(hits, (std::vector<std::string>{"d0", "d255", "d256", "d4095", "d4096", "d4100",
                                            "d4150", "d4199", "d699"}));
  f.search = "number4150";  // its title before it was replaced
  EXPECT_TRUE(keys(*repo, f).empty());
  f.search = "number5000";  // queued by the rolled-back session only
  EXPECT_TRUE(keys(*repo, f).empty());
  const auto last = repo->get("d4199");
  ASSERT_TRUE(last);
  EXPECT_EQ(last->tags, (std::vector<std::string>{"bulk", "t4199"}));
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

// ---- the change journal (`mtrack log`, `mtrack undo`) ----

// What a user can see of a database: every agreement in full, and the organisations with
// their aliases and uses.
std::string state_of(Repository& repo) {
  std::string out;
  repo.find(Filter{}, [&](const Agreement& a) {
    out += std::to_string(*a.id) + " " + a.key + " " + a.title + " " + a.notes + " " +
           std::string(to_string(a.status)) + " |";
    for (const auto& p : a.parties) out += " " + p.name + "/" + p.as_written;
    for (const auto& e : a.events) out += " event " + e.date.str() + " " + e.note;
    for (const auto& k : a.merged_keys) out += " merged " + k;
    for (const auto& s : a.sources) out += " source " + s.url;
    out += "\n";
  });
  for (const auto& o : repo.organisations()) {
    out += "org " + std::to_string(o.id) + " " + o.name + " " + std::to_string(o.agreements);
    for (const auto& a : o.aliases) out += " " + a;
    out += "\n";
  }
  return out;
}

std::vector<std::string> searched(Repository& repo, const std::string& words) {
  Filter f;
  f.search = words;
  return keys(repo, f);
}

// Each labelled write session is one operation, newest first, with its command, the number of
// rows it changed and the keys it touched; a session that changes nothing is none, and
// without a label nothing is journaled.
TEST_P(RepositoryTest, JournalRecordsEachLabelledSession) {
  repo->add(deal("unlabelled", AgreementType::mou, {{"Acme", Role::partner}}, {}));
  EXPECT_TRUE(repo->operations(10).empty());
  repo->label_writes("add first");
  repo->add(deal("first", AgreementType::loan, {{"Acme", Role::borrower}}, {"cobalt"}));
  repo->label_writes("edit first");
  auto first = *repo->get("first");
  first.title = "First loan";
  repo->update(first);
  repo->label_writes("nothing");
  {
    auto session = repo->begin_write();
    EXPECT_TRUE(session->find_key("first"));
    session->commit();
  }
  {
    auto session = repo->begin_write();
    session->put(deal("rolled-back", AgreementType::mou, {{"Acme", Role::partner}}, {}));
  }
  const auto ops = repo->operations(10);
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].command, "edit first");
  EXPECT_EQ(ops[1].command, "add first");
  EXPECT_GT(ops[0].id, ops[1].id);
  EXPECT_EQ(ops[0].keys, std::vector<std::string>{"first"});
  EXPECT_EQ(ops[1].keys, std::vector<std::string>{"first"});
  EXPECT_EQ(ops[1].changes, 1);  // a new agreement's own rows count as one
  EXPECT_GE(ops[0].changes, 1);
  EXPECT_EQ(ops[0].at.size(), 20u) << ops[0].at;  // 2026-12-06T05:20:11Z
  EXPECT_EQ(ops[0].at.back(), 'Z');
  EXPECT_EQ(repo->operations(1).size(), 1u);
  EXPECT_EQ(reopen(Access::read_only)->operations(10).size(), 2u);
}

// Only the newest k_journal_operations (100) operations are kept.
TEST_P(RepositoryTest, JournalKeepsTheNewestHundred) {
  repo->label_writes("add");
  for (int i = 0; i < 105; ++i) {
    repo->add(deal("d" + std::to_string(i), AgreementType::mou, {{"Acme", Role::partner}}, {}));
  }
  const auto ops = repo->operations(1000);
  ASSERT_EQ(ops.size(), 100u);
  EXPECT_EQ(ops.front().keys, std::vector<std::string>{"d104"});
  EXPECT_EQ(ops.back().keys, std::vector<std::string>{"d5"});
}

// Undo reverts the newest operation exactly (rows, search index, organisations) and forgets
// it; one that is not the newest, or an empty journal, is refused and changes nothing.
TEST_P(RepositoryTest, UndoRevertsTheNewestOperationExactly) {
  repo->label_writes("setup");
  Agreement a = deal("kestrel", AgreementType::offtake,
                     {{"Kestrel Mining", Role::seller}, {"Acme", Role::buyer}}, {"lithium"},
                     {2024, 3, 0});
  a.title = "Spodumene offtake";
  a.notes = "first notes";
  a.sources = {Source{"Kestrel release", "Kestrel", "https://example.org/k", {}, ""}};
  repo->add(a);
  repo->add(deal("other", AgreementType::mou, {{"Other Co", Role::partner}}, {"tin"}));
  std::vector<std::string> states = {state_of(*repo)};

  repo->label_writes("edit kestrel");
  auto edited = *repo->get("kestrel");
  edited.title = "Tantalite offtake";
  edited.notes = "second notes";
  edited.status = Status::signed_;
  edited.events = {Event{{2024, 5, 1}, Status::signed_, "signed in May", "", {}, {}}};
  repo->update(edited);
  states.push_back(state_of(*repo));
  EXPECT_EQ(searched(*repo, "tantalite"), std::vector<std::string>{"kestrel"});

  repo->label_writes("party merge");
  {
    auto session = repo->begin_write();
    session->put_aliases({"Kestrel Mining", {"KMC"}});
    session->merge_organisations("Kestrel Mining", "Other Co");
    session->commit();
  }
  states.push_back(state_of(*repo));

  repo->label_writes("merge");
  {
    auto session = repo->begin_write();
    auto keep = *session->get("kestrel");
    keep.merged_keys = {"other"};
    keep.id.reset();
    ASSERT_TRUE(session->remove(*session->get("other")->id));
    session->replace(*session->get("kestrel")->id, keep);
    session->commit();
  }
  states.push_back(state_of(*repo));

  repo->label_writes("rm kestrel");
  ASSERT_TRUE(repo->remove(*repo->get("kestrel")->id));
  states.push_back(state_of(*repo));
  EXPECT_TRUE(searched(*repo, "tantalite").empty());

  const auto ops = repo->operations(10);
  ASSERT_EQ(ops.size(), 6u);  // two adds, the edit, the two merges, the removal
  try {
    repo->undo(ops[1].id);
    ADD_FAILURE() << "undo of an operation that is not the newest";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "operation " + std::to_string(ops[1].id) + " is no longer the newest (operation " +
                  std::to_string(ops[0].id) + " came after it: rm kestrel); nothing undone");
  }
  EXPECT_EQ(state_of(*repo), states.back());

  for (std::size_t i = 0; i < 4; ++i) {
    const auto undone = repo->undo(ops[i].id);
    EXPECT_EQ(undone.command, ops[i].command);
    states.pop_back();
    ASSERT_EQ(state_of(*repo), states.back()) << "after undoing " << ops[i].command;
    ASSERT_EQ(state_of(*reopen()), states.back());
    if (ops[i].command == "rm kestrel") {  // the search index follows the rows back
      EXPECT_EQ(searched(*repo, "tantalite"), std::vector<std::string>{"kestrel"});
    }
  }
  EXPECT_EQ(searched(*repo, "spodumene"), std::vector<std::string>{"kestrel"});
  EXPECT_TRUE(searched(*repo, "tantalite").empty());
  ASSERT_EQ(repo->operations(10).size(), 2u);
  repo->undo(ops[4].id);  // the setup: nothing left
  repo->undo(ops[5].id);
  EXPECT_EQ(repo->count({}), 0);
  EXPECT_TRUE(searched(*repo, "spodumene").empty());
  try {
    repo->undo(ops.back().id);
    ADD_FAILURE() << "undo of an empty journal";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "nothing to undo: no operations recorded");
  }
}

// A session that adds many agreements to a small database sets the listing indexes aside
// while it runs (SQLite: bulk_indexes.hpp) and builds them again before it commits; rolled
// back, it leaves them as they were. Either way the plans and answers of listings afterwards
// are those of before.
TEST_P(RepositoryTest, LargeSessionSetsListingIndexesAsideAndBuildsThemBack) {
  if (GetParam() == "postgres") GTEST_SKIP() << "a SQLite mechanism";
  constexpr int k_count = 10'050;  // past BulkIndexes::k_least (10,000)
  const auto nth = [](int i) {
    Agreement a = deal(fmt::format("n{}", i), i % 2 == 0 ? AgreementType::loan : AgreementType::mou,
                       {{fmt::format("Party {}", i % 7), Role::partner}}, {i % 3 == 0 ? "tin" : "cobalt"},
                       {2020 + i % 5, 1 + i % 12, 0});
    a.tags = {i % 4 == 0 ? "even" : "odd"};
    a.location.country = "AU";
    return a;
  };
  std::vector<Filter> filters(6);
  filters[0].types = {AgreementType::loan};
  filters[1].minerals = {"tin"};
  filters[2].party = "Party 3";
  filters[3].tags = {"even"};
  filters[4].country = "AU";
  filters[5].since = {2022, 0, 0};
  std::vector<std::string> plans;
  for (const auto& f : filters) plans.push_back(repo->explain(f));
  ASSERT_NE(plans[0].find("agreements_by_type"), std::string::npos) << plans[0];
  for (const bool commit : {false, true}) {
    auto session = repo->begin_write();
    for (int i = 0; i < k_count; ++i) {
      session->put(session->normalise(nth(i)));
      if (i == 9'998) {  // before the 10,000th agreement: still there
        EXPECT_NE(repo->explain(filters[0]).find("agreements_by_type"), std::string::npos);
      }
    }
    EXPECT_EQ(repo->explain(filters[0]).find("agreements_by_type"), std::string::npos)
        << repo->explain(filters[0]);
    if (commit) session->commit();
  }
  for (std::size_t i = 0; i < filters.size(); ++i) {
    EXPECT_EQ(repo->explain(filters[i]), plans[i]);
    EXPECT_EQ(reopen()->explain(filters[i]), plans[i]);
  }
  EXPECT_EQ(repo->count(filters[0]), k_count / 2);
  EXPECT_EQ(repo->count(filters[1]), (k_count + 2) / 3);
  EXPECT_EQ(repo->count(filters[2]), (k_count - 3 + 6) / 7);
  EXPECT_EQ(repo->count(filters[3]), (k_count + 3) / 4);
  EXPECT_EQ(repo->count(filters[4]), k_count);
  EXPECT_TRUE(repo->integrity_problems().empty());
}

// One operation that adds rows and then deletes them again (an organisation merged away, an
// agreement removed) is undone to the state before it: the journal keeps the deletes after
// the inserts they undo, though the inserts' journal rows are written in batches.
TEST_P(RepositoryTest, UndoOfRowsAddedAndDeletedInOneOperation) {
  repo->label_writes("setup");
  repo->add(deal("base", AgreementType::mou, {{"Acme", Role::partner}}, {"tin"}));
  const std::string before = state_of(*repo);
  repo->label_writes("add and take back");
  {
    auto session = repo->begin_write();
    Agreement a = deal("fresh", AgreementType::loan, {{"Fresh Lender", Role::lender},
                                                      {"Acme", Role::borrower}}, {"cobalt"});
    a.sources = {Source{"Fresh release", "Fresh", "https://example.org/fresh", {}, ""}};
    session->put(a);
    session->put(deal("brief", AgreementType::mou, {{"Brief Partner", Role::partner}}, {}));
    session->merge_organisations("Brief Partner", "Fresh Lender");
    ASSERT_TRUE(session->remove(*session->get("brief")->id));
    session->commit();
  }
  ASSERT_NE(state_of(*repo), before);
  const auto ops = repo->operations(1);
  ASSERT_EQ(ops.size(), 1u);
  repo->undo(ops[0].id);
  EXPECT_EQ(state_of(*repo), before);
  EXPECT_EQ(state_of(*reopen()), before);
  EXPECT_TRUE(searched(*repo, "fresh").empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& backend) { return backend.param; });


// `mtrack log` and `mtrack undo` through the binary, on either backend: every write command
// is one journaled operation, and undoing the operations one by one gives back each earlier
// state byte for byte (YAML and JSON exports, ids included).
class JournalCommandsTest : public RepositoryTest {
 protected:
  void SetUp() override {
    RepositoryTest::SetUp();
    if (IsSkipped()) return;
    repo.reset();
    const auto o = run({"-q", "import", test::source_dir() + "/tests/data/seed-agreements.yaml"});
    ASSERT_EQ(o.status, 0) << o.err;
  }
  test::Output run(const std::vector<std::string>& args) { return test::mtrack(locator, args); }
  std::string write(const std::string& name, const std::string& data) {
    test::write_file(dir / name, data);
    return (dir / name).string();
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
    for (auto at = o.out.find("\"id\":"); at != std::string::npos;
         at = o.out.find("\"id\":", at + 1)) {
      ++n;
    }
    return n;
  }
};

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST_P(JournalCommandsTest, LogListsEachWriteWithItsCommandAndRecords) {
  ASSERT_EQ(run({"edit", "exim-ussm-loan-2024", "--status", "completed"}).status, 0);
  ASSERT_EQ(run({"list"}).status, 0);  // reads are not operations
  const auto o = run({"log"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "edit exim-ussm-loan-2024 --status completed")) << o.out;
  EXPECT_TRUE(contains(o.out, "exim-ussm-loan-2024")) << o.out;
  EXPECT_TRUE(contains(o.out, "import")) << o.out;  // the import of SetUp, listed second
  EXPECT_EQ(logged(), 2u);
}

TEST_P(JournalCommandsTest, AnEditThatChangesNothingIsNoOperation) {
  const auto before = logged();
  const auto o = run({"edit", "exim-ussm-loan-2024", "--status", "approved"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(logged(), before);
}

TEST_P(JournalCommandsTest, NothingToUndoIsAFailureThatChangesNothing) {
  EXPECT_EQ(run({"undo"}).status, test::k_exit_usage) << "asks first: --yes needed in a script";
  EXPECT_EQ(logged(), 1u);
  ASSERT_EQ(run({"undo", "--yes"}).status, 0);  // the import
  const auto before = state();
  const auto o = run({"undo", "--yes"});
  EXPECT_EQ(o.status, test::k_exit_failure);
  EXPECT_EQ(o.err, "mtrack: nothing to undo: no operations recorded\n");
  EXPECT_EQ(state(), before);
}

TEST_P(JournalCommandsTest, UndoingTheImportEmptiesTheDatabaseAndSearchFollows) {
  ASSERT_EQ(run({"list", "--search", "Glencore"}).out.empty(), false);
  ASSERT_EQ(run({"undo", "--yes"}).status, 0);
  EXPECT_EQ(run({"list", "--format", "json"}).out, "[]\n");
  EXPECT_EQ(run({"list", "--search", "Glencore", "--format", "json"}).out, "[]\n");
}

// An operation whose keys run past 64 KiB (SQLite writes those into the row in pieces): the
// log still lists every key once, sorted, and undo still takes back exactly that import.
TEST_P(JournalCommandsTest, ALargeImportLogsEveryKeySortedAndUndoesExactly) {
  const std::string before = state();
  std::string lines;
  std::vector<std::string> expected;
  // Written in reverse order, so that the log's order is its own.
  for (int i = 3499; i >= 0; --i) {
    const std::string key = fmt::format("bulk-agreement-{:05}", i);
    expected.push_back(key);
    lines += fmt::format(R"({{"key":"{}","type":"mou","title":"Bulk memorandum {}",)", key, i);
    lines += fmt::format(R"("parties":[{{"name":"Bulk Holdings {}","role":"partner"}}]}})", i % 7);
    lines += '\n';
  }
  const auto o = run({"import", write("bulk.jsonl", lines)});
  ASSERT_EQ(o.status, 0) << o.err;
  const auto log = run({"log", "--format", "json", "-n", "1"});
  ASSERT_EQ(log.status, 0) << log.err;
  std::sort(expected.begin(), expected.end());
  std::string keys;
  for (const auto& k : expected) keys += (keys.empty() ? "\"" : ",\"") + k + "\"";
  EXPECT_TRUE(contains(log.out, "\"keys\":[" + keys + "]")) << log.out.substr(0, 400);
  EXPECT_TRUE(contains(log.out, "\"changes\":")) << log.out.substr(0, 400);
  ASSERT_EQ(run({"undo", "--yes"}).status, 0);
  EXPECT_EQ(state(), before);
}

// A random sequence of write commands, then undone step by step: after each undo the state
// is byte for byte the one before the command undone.
TEST_P(JournalCommandsTest, RandomSequencesUndoneStepByStepGiveBackEveryState) {
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

INSTANTIATE_TEST_SUITE_P(Backends, JournalCommandsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& backend) { return backend.param; });

}  // namespace
}  // namespace mtrack
