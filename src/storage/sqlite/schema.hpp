#pragma once

// The schema of an mtrack database: recognising one, migrating it (after a backup) to the
// version this mtrack knows, and loading the mineral and organisation tables it ships with.

#include "mtrack/domain/minerals.hpp"
#include "storage/sqlite/connection.hpp"

namespace mtrack::sqlite {

inline constexpr int k_application_id = 0x6D74726B;  // "mtrk"

// Checks that the open database is mtrack's (or empty) and not newer than this mtrack, sets
// the connection's pragmas, and when it is writable migrates it and refreshes its data
// tables from `minerals` (null: MineralTable::builtin(), parsed only when a refresh is due)
// and the built-in organisations. A read-only connection to a database that needs migrating
// throws NeedsUpgrade.
void configure(Connection& c, const MineralTable* minerals);

// The page cache outside a write session (see configure).
inline constexpr const char* k_cache_size = "PRAGMA cache_size = -16384";

}  // namespace mtrack::sqlite
