#pragma once

// The change journal behind `mtrack log` and `mtrack undo`. Each write session that a command
// labels is one operation: a row of `operations` (when, the command) and, for every row the
// session inserts, updates or deletes in the data tables, a row of `journal` holding the SQL
// that reverts it, written in the same transaction as the change; undoing an operation runs
// its statements backwards.
//
// Updates and deletes are journaled by triggers, whatever code path makes them. Inserts are
// journaled by the code that makes them (journal_insert): an INSERT trigger makes SQLite keep
// a statement journal for every INSERT (a copy of each page it changes, and a flush of the
// search index's pending terms at each), which took 28% of an import's time.
//
// Rows inserted under an agreement that the same operation added are not journaled one by
// one: deleting that agreement deletes them (ON DELETE CASCADE), which keeps an import's
// journal at about one row per agreement.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtrack/storage/repository.hpp"
#include "storage/shared.hpp"
#include "storage/sqlite/connection.hpp"

namespace mtrack::sqlite {

class Scratch;

// Creates the connection's (temporary) journal triggers for updates and deletes in the data
// tables as they are now. Call once, outside a transaction,
// after the schema is current, on a writable connection.
void install_journal(Connection& c);

// A row just inserted into a data table, as the journal needs it: the table, its primary key
// (columns and values in the key's order: the statement that deletes the row again is built
// from them) and the agreement it belongs to, when it does.
struct InsertedRow {
  std::string_view table;
  std::vector<std::pair<const char*, Bind>> key;
  // The agreement's id: its own for a row of `agreements`, else the row's agreement_id.
  std::optional<std::int64_t> agreement;
  // A row of `agreements`: its key.
  std::optional<std::string> agreement_key;
};

// Journals `row` in the open operation; nothing when no operation is open (the connection
// has no journal, or the command is not journaled) or when the row belongs to an agreement
// the operation added.
// Every code path that inserts into a data table calls it, right after the insert.
//
// The journal row is queued on the operation and written, many to a statement, by
// flush_journal (a statement per row was a tenth of an import). Queued rows take their
// place in the journal when written, after rows that triggers wrote meanwhile. That is
// harmless for updates, whose undo finds the inserted row gone or puts values back into it;
// a delete would not be: undoing it would bring back a row (or one referring to it) after
// the inserted row's undo had deleted it. So whatever deletes rows of a data table in an
// operation calls flush_journal first (AgreementWriter::flush, before its replace, remove
// and reindex; Organisations::merge); finish_operation writes the rest.
void journal_insert(Connection& c, const InsertedRow& row);

// Writes the journal rows journal_insert queued.
void flush_journal(Connection& c);

// Opens an operation labelled `command` in the current write transaction; every change from
// here until finish_operation is journaled.
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
