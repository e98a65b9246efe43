#pragma once

// The SQL of the exchange-rate table (schema/0006_rates.sql), kept apart from the agreement
// queries. The repository calls these inside its own transactions.

#include <SQLiteCpp/Database.h>

#include <vector>

#include "mtrack/domain/rates.hpp"

namespace mtrack::sqlite {

// Upserts each rate by (date, currency, base). Call inside a write transaction.
void put_rates(SQLite::Database& db, const std::vector<Rate>& rates);
// Every stored rate, by currency, base and date.
std::vector<Rate> read_rates(SQLite::Database& db);

}  // namespace mtrack::sqlite
