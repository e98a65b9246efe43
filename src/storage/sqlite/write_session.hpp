#pragma once

// The SQLite write session: one IMMEDIATE transaction for everything a write command reads and
// changes (add, edit, event, rm, merge, party merge, import, extract --commit).

#include <memory>
#include <string>

#include "mtrack/storage/repository.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/organisations.hpp"
#include "storage/sqlite/writes.hpp"

namespace mtrack::sqlite {

// `label`: the command line journaled as the session's operation (journal.hpp); empty: none.
std::unique_ptr<WriteSession> begin_write_session(Connection& c, Organisations& organisations,
                                                  AgreementWriter& writer,
                                                  const std::string& label);


}  // namespace mtrack::sqlite
