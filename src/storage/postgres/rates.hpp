#pragma once

// The SQL of the exchange-rate table (schema/postgres/0007_init.sql: rates), as
// src/storage/sqlite/rates.hpp keeps SQLite's. The repository calls these inside its own
// transactions.

#include <vector>

#include "mtrack/domain/rates.hpp"
#include "storage/postgres/connection.hpp"

namespace mtrack::postgres {

// Upserts each rate by (currency, base, date), in one round trip. Call inside a transaction.
void put_rates(Connection& c, const std::vector<Rate>& rates);
// Every stored rate, by currency, base and date.
std::vector<Rate> read_rates(Connection& c);

}  // namespace mtrack::postgres
