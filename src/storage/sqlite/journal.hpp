#pragma once

// The change journal behind `mtrack log` and `mtrack undo`. Each write session that a command
// labels is one operation: a row of `operations` (when, the command) and, for every row the
// session inserts, updates or deletes in the data tables, a row of `journal` holding the SQL
// that reverts it. Triggers write the journal, so it is written in the same transaction as the
// change, whatever code path makes it; undoing an operation runs its statements backwards.
//
// Rows inserted under an agreement that the same operation added are not journaled one by
// one: deleting that agreement deletes them (ON DELETE CASCADE), which keeps an import's
// journal at about one row per agreement.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mtrack/storage/repository.hpp"
#include "storage/shared.hpp"
#include "storage/sqlite/connection.hpp"

namespace mtrack::sqlite {

class Scratch;

// Creates the connection's (temporary) journal triggers for the data tables as they are now.
// Call once, outside a transaction, after the schema is current, on a writable connection.
void install_journal(Connection& c);

// Opens an operation labelled `command` in the current write transaction; the triggers
// journal every change from here until finish_operation.
void begin_operation(Connection& c, const std::string& command);

// Closes the open operation: drops it when it changed nothing, else records the keys it
// touched (gathered in `scratch`) and drops operations beyond k_journal_operations.
void finish_operation(Connection& c, Scratch& scratch);

// The newest operations first, at most `limit`.
std::vector<Operation> list_operations(Connection& c, std::int64_t limit);

// Reverts operation `id` in the current write transaction and forgets it; throws
// mtrack::Error unless it is the newest. `reindex` is called with the ids of the agreements
// the operation touched, once its rows are back (the search index is not journaled).
Operation undo_operation(Connection& c, std::int64_t id,
                         const std::function<void(const std::vector<std::int64_t>&)>& reindex);

}  // namespace mtrack::sqlite
