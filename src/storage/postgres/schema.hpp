#pragma once

// The schema of an mtrack database on PostgreSQL: recognising one (the meta table says
// application = mtrack), refusing another program's or a newer one, migrating an older one
// under an advisory lock (so that many processes starting at once migrate it once), and
// loading the mineral and organisation tables.

#include "mtrack/domain/minerals.hpp"
#include "mtrack/storage/repository.hpp"
#include "storage/postgres/connection.hpp"

namespace mtrack::postgres {

// The advisory locks mtrack takes, as (k_lock_space, what) pairs: "mtrk" and a number.
inline constexpr int k_lock_space = 0x6D74726B;
inline constexpr int k_schema_lock = 1;  // migrations and data table loads
inline constexpr int k_write_lock = 2;   // every write session (shared), or one alone

// Checks that the database is mtrack's (or empty) and not newer than this mtrack; migrates an
// older or empty one (not an empty one for Access::read_only, which throws); when `access`
// allows writing, reloads the data tables if this build's differ (from `minerals`, or
// MineralTable::builtin() when null).
void configure(Connection& c, Access access, const MineralTable* minerals);

// The schema version recorded in the database.
int schema_version(Connection& c);

}  // namespace mtrack::postgres
