#pragma once

// The SQLite write session: one IMMEDIATE transaction for everything a write command reads and
// changes (add, edit, event, rm, merge, party merge, import, extract --commit).

#include <memory>

#include "mtrack/storage/repository.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/organisations.hpp"
#include "storage/sqlite/writes.hpp"

namespace mtrack::sqlite {

std::unique_ptr<WriteSession> begin_write_session(Connection& c, Organisations& organisations,
                                                  AgreementWriter& writer);


}  // namespace mtrack::sqlite
