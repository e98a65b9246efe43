// The storage test binary: the conformance suite (every repository behaviour on SQLite and on
// PostgreSQL) and the tests of a shared PostgreSQL (processes racing, a server killed, bad
// connections, copy between backends). One server for the whole run (support/postgres.hpp).

#include <gtest/gtest.h>

#include "support/postgres.hpp"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new mtrack::test::PostgresEnvironment);
  return RUN_ALL_TESTS();
}
