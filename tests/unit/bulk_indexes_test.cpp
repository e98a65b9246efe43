#include "storage/sqlite/bulk_indexes.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "storage/sqlite/schema.hpp"
#include "support/process.hpp"

namespace mtrack::sqlite {
namespace {

// The CREATE statement of each listing index the database has now.
std::map<std::string, std::string> listing_indexes(Connection& c) {
  std::map<std::string, std::string> out;
  for (const auto& name : k_listing_indexes) {
    SQLite::Statement q(c.db(), "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?");
    q.bind(1, name);
    if (q.executeStep()) out[name] = q.getColumn(0).getString();
  }
  return out;
}

class BulkIndexesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    c = std::make_unique<Connection>(dir / "t.db", Access::create);
    configure(*c, nullptr);
    before = listing_indexes(*c);
  }
  // Inserts `n` agreements, each counted by `bulk` when given, as a write session does.
  void add(int n, BulkIndexes* bulk = nullptr) {
    for (int i = 0; i < n; ++i) {
      auto& q = c->prepared("INSERT INTO agreements (key, type) VALUES (?, 'mou')");
      q.bind(1, "k" + std::to_string(++m_keys));
      q.exec();
      if (bulk) bulk->added(c->db().getLastInsertRowid());
    }
  }

  test::TempDir dir;
  std::unique_ptr<Connection> c;
  std::map<std::string, std::string> before;
  int m_keys = 0;
};

TEST_F(BulkIndexesTest, EveryListedIndexIsInTheSchema) {
  EXPECT_EQ(before.size(), k_listing_indexes.size());
}

// Into an empty table (least 3, most 8): aside from the 3rd agreement, back at the 8th, and
// not set aside again after.
TEST_F(BulkIndexesTest, AsideFromLeastUntilTheTableHoldsMost) {
  c->db().exec("BEGIN");
  BulkIndexes bulk(*c, 3, 8);
  for (int i = 1; i <= 12; ++i) {
    add(1, &bulk);
    const bool expect_aside = i >= 3 && i < 8;
    EXPECT_EQ(bulk.aside(), expect_aside) << "after " << i;
    EXPECT_EQ(listing_indexes(*c).empty(), expect_aside) << "after " << i;
  }
  EXPECT_EQ(listing_indexes(*c), before);
  c->db().exec("COMMIT");
}

// restore() brings back the same statements; a rolled-back session's schema is as it was.
TEST_F(BulkIndexesTest, RestoreAndRollbackLeaveTheIndexesAsTheyWere) {
  for (const bool commit : {false, true}) {
    c->db().exec("BEGIN");
    BulkIndexes bulk(*c, 3, 100);
    add(5, &bulk);
    ASSERT_TRUE(bulk.aside());
    if (commit) {
      bulk.restore();
      EXPECT_FALSE(bulk.aside());
      c->db().exec("COMMIT");
    } else {
      c->db().exec("ROLLBACK");
    }
    EXPECT_EQ(listing_indexes(*c), before);
  }
  EXPECT_TRUE(c->db().execAndGet("PRAGMA integrity_check").getString() == "ok");
}

// Into a table of 6: kept for the first 5 agreements, aside at the 6th.
TEST_F(BulkIndexesTest, AsideOnlyOnceTheSessionAddedAsManyAsTheTableHeld) {
  add(6);
  c->db().exec("BEGIN");
  BulkIndexes bulk(*c, 3, 100);
  for (int i = 0; i < 5; ++i) {
    add(1, &bulk);
    EXPECT_FALSE(bulk.aside());
  }
  add(1, &bulk);  // the 6th: as many as it held
  EXPECT_TRUE(bulk.aside());
  bulk.restore();
  c->db().exec("COMMIT");
  EXPECT_EQ(listing_indexes(*c), before);
}

}  // namespace
}  // namespace mtrack::sqlite
