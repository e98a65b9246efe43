#include "storage/postgres/rates.hpp"

#include "mtrack/domain/parse.hpp"

namespace mtrack::postgres {

void put_rates(Connection& c, const std::vector<Rate>& rates) {
  std::vector<std::pair<std::string, Params>> batch;
  for (const auto& r : rates) {
    batch.emplace_back(
        "INSERT INTO rates (date, currency, base, rate, source) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (currency, base, date) DO UPDATE SET rate = excluded.rate, source = "
        "excluded.source",
        Params().add(r.date.str()).add(r.currency).add(r.base).add(r.rate).add(r.source));
  }
  if (!batch.empty()) c.pipeline(batch);
}

std::vector<Rate> read_rates(Connection& c) {
  std::vector<Rate> out;
  auto q =
      c.query("SELECT date, currency, base, rate, source FROM rates ORDER BY currency, base, date");
  for (int i = 0; i < q.rows(); ++i) {
    Rate r;
    if (auto d = parse_partial_date(q.view(i, 0))) r.date = *d;
    r.currency = q.text(i, 1);
    r.base = q.text(i, 2);
    r.rate = q.text(i, 3);
    r.source = q.text(i, 4);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace mtrack::postgres
