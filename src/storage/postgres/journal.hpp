#pragma once

// The change journal on PostgreSQL (`mtrack log`, `mtrack undo`), as on SQLite
// (storage/sqlite/journal.hpp): each labelled write session is one operation. A trigger on
// every table of the user's data (schema/postgres/0009_journal_on_postgres.sql) keeps the
// image of each row the session inserts, updates or deletes, while the transaction has set
// mtrack.journal; it writes them to temporary tables of the connection, and the session
// copies them into `journal` under a new row of `operations` just before COMMIT. So the
// journal is written in the same transaction as the change, two sessions never write into
// one operation, and no session reads rows another is writing (which SERIALIZABLE would take
// for a conflict between every two writers). Operations are numbered by a sequence as they
// commit; undo runs alone (the write lock held exclusively), so nothing commits meanwhile.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mtrack/storage/repository.hpp"
#include "storage/postgres/connection.hpp"

namespace mtrack::postgres {

// Creates the connection's temporary tables that the journal trigger writes to. Call once per
// connection, outside a transaction, before the first journaled session.
void install_journal(Connection& c);

// In a write transaction: the trigger journals every change from here to its end.
void begin_operation(Connection& c);

// In the same transaction, before COMMIT: records what it changed as one operation labelled
// `command` (nothing when it changed no row).
void finish_operation(Connection& c, const std::string& command);

// After COMMIT, in a transaction of its own: drops the operations beyond the newest
// k_journal_operations. A failure is harmless (the next session prunes), so it is not thrown.
void prune_operations(Connection& c) noexcept;

// The newest operations first, at most `limit`.
std::vector<Operation> list_operations(Connection& c, std::int64_t limit);

// Reverts operation `id` in the current write transaction, which must run alone, and forgets
// it; throws mtrack::Error unless it is the newest. `reindex` is called with the ids of the
// agreements the operation touched, once their rows are back (the search index is rebuilt,
// not journaled).
Operation undo_operation(Connection& c, std::int64_t id,
                         const std::function<void(const std::vector<std::int64_t>&)>& reindex);

}  // namespace mtrack::postgres
