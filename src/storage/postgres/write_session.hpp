#pragma once

// The PostgreSQL write session: one SERIALIZABLE transaction for everything a write command
// reads and changes. Sessions of many processes run side by side; PostgreSQL aborts one whose
// reads another has changed meanwhile (serialization failure, deadlock), which the session
// reports as WriteConflict for the command to run again. Every session holds the write lock
// shared; after k_alone_after conflicts in a row a session takes it exclusively, before its
// snapshot, and so runs alone and cannot conflict again: a long import is not starved by a
// stream of short adds. A session given a label is journaled as one operation (journal.hpp).

#include <memory>
#include <string>

#include "mtrack/storage/repository.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/organisations.hpp"
#include "storage/postgres/writes.hpp"

namespace mtrack::postgres {

// Conflicts in a row after which a session runs alone.
inline constexpr int k_alone_after = 2;

// What the sessions of one repository remember between them.
struct WriteState {
  int conflicts = 0;  // sessions in a row that ended in a WriteConflict
};

// `label`: the command line journaled as the session's operation; empty: none. `alone`: the
// session runs alone from its start (as undo does).
std::unique_ptr<WriteSession> begin_write_session(Connection& c, Organisations& organisations,
                                                  AgreementWriter& writer, WriteState& state,
                                                  const std::string& label, bool alone = false);

}  // namespace mtrack::postgres
