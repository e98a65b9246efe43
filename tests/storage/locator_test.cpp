// Naming a database: which backend a locator selects, and how messages show it.

#include <gtest/gtest.h>

#include "mtrack/storage/repository.hpp"
#include "storage/locator.hpp"

namespace mtrack {
namespace {

TEST(Locator, SchemeSelectsPostgres) {
  EXPECT_TRUE(is_postgres_locator("postgresql://ana@db/minerals"));
  EXPECT_TRUE(is_postgres_locator("postgres://db/minerals"));
  EXPECT_TRUE(is_postgres_locator("POSTGRESQL://db"));
  EXPECT_FALSE(is_postgres_locator("/home/ana/mtrack.db"));
  EXPECT_FALSE(is_postgres_locator("postgresql.db"));
  EXPECT_FALSE(is_postgres_locator("./postgresql://x"));
  EXPECT_FALSE(is_postgres_locator(""));
}

TEST(Locator, PasswordsNeverShown) {
  EXPECT_EQ(display_locator("postgresql://ana:s3cret@db:5432/minerals"),
            "postgresql://ana:***@db:5432/minerals");
  EXPECT_EQ(display_locator("postgresql://ana@db/minerals?sslmode=require&password=s3cret"),
            "postgresql://ana@db/minerals?sslmode=require&password=***");
  EXPECT_EQ(display_locator("postgresql://ana@db/minerals"), "postgresql://ana@db/minerals");
  EXPECT_EQ(display_locator("/data/mtrack.db"), "/data/mtrack.db");
  // A password holding '@' (percent-encoded or not) and its decoded form in a server message.
  const std::string uri = "postgresql://ana:p%40ss@w0rd@db/minerals";
  EXPECT_EQ(display_locator(uri).find("ss"), std::string::npos) << display_locator(uri);
  EXPECT_EQ(locator::redact("login as ana with p@ss@w0rd failed", uri),
            "login as ana with *** failed");
}

}  // namespace
}  // namespace mtrack
