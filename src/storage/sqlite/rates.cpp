#include "storage/sqlite/rates.hpp"

#include <SQLiteCpp/Statement.h>

#include "mtrack/domain/parse.hpp"

namespace mtrack::sqlite {

void put_rates(SQLite::Database& db, const std::vector<Rate>& rates) {
  SQLite::Statement put(db,
                        "INSERT INTO rates (date, currency, base, rate, source) "
                        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (currency, base, date) "
                        "DO UPDATE SET rate = excluded.rate, source = excluded.source");
  for (const auto& r : rates) {
    put.bind(1, r.date.str());
    put.bind(2, r.currency);
    put.bind(3, r.base);
    put.bind(4, r.rate);
    put.bind(5, r.source);
    put.exec();
    put.reset();
  }
}

std::vector<Rate> read_rates(SQLite::Database& db) {
  std::vector<Rate> out;
  SQLite::Statement q(db,
                      "SELECT date, currency, base, rate, source FROM rates "
                      "ORDER BY currency, base, date");
  while (q.executeStep()) {
    Rate r;
    if (auto d = parse_partial_date(q.getColumn(0).getString())) r.date = *d;
    r.currency = q.getColumn(1).getString();
    r.base = q.getColumn(2).getString();
    r.rate = q.getColumn(3).getString();
    r.source = q.getColumn(4).getString();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace mtrack::sqlite
