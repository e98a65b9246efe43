// Exchange rates: the two CSV forms `rates import` reads, the bundled table, conversion
// through a common base, and `report --in` end to end (the rate and its date always shown,
// binding and non-binding apart, a bad file refused with nothing stored).

#include <gtest/gtest.h>

#include "mtrack/domain/rates.hpp"
#include "mtrack/domain/report.hpp"
#include "mtrack/formats/rates_csv.hpp"
#include "mtrack/util/error.hpp"
#include "support/cli_fixture.hpp"

namespace mtrack {
namespace {

// The shape of the ECB's eurofxref-hist.csv (made-up rates): newest day first, a trailing
// comma, N/A where a currency has no rate.
constexpr const char* k_ecb = R"(Date,USD,JPY,AUD,CYP,
2025-01-03,1.0300,162.50,1.6600,N/A,
2025-01-02,1.0350,163.00,1.6650,N/A,
)";

TEST(RatesCsv, ReadsTheEcbForm) {
  const auto rates = read_rates_csv(k_ecb, "eurofxref-hist.csv");
  ASSERT_EQ(rates.size(), 6u);
  EXPECT_EQ(rates[0].date.str(), "2025-01-03");
  EXPECT_EQ(rates[0].currency, "USD");
  EXPECT_EQ(rates[0].base, "EUR");
  EXPECT_EQ(rates[0].rate, "1.0300");
  EXPECT_EQ(rates[5].currency, "AUD");
  EXPECT_EQ(rates[5].date.str(), "2025-01-02");
}

TEST(RatesCsv, ReadsTheEcbDailyFileDate) {
  const auto rates = read_rates_csv("Date, USD, JPY, \n3 January 2025, 1.0300, 162.50, \n", "eurofxref.csv");
  ASSERT_EQ(rates.size(), 2u);
  EXPECT_EQ(rates[0].date.str(), "2025-01-03");
  EXPECT_EQ(rates[1].rate, "162.50");
}

TEST(RatesCsv, ReadsThePlainForm) {
  const auto rates = read_rates_csv(
      "date,currency,rate,base,source\n2024,AUD,1.52,USD,US Treasury\n2024-06-30,CAD,1.37,,\n", "r.csv");
  ASSERT_EQ(rates.size(), 2u);
  EXPECT_EQ(rates[0].base, "USD");
  EXPECT_EQ(rates[0].source, "US Treasury");
  EXPECT_EQ(rates[1].base, "EUR");  // default
  EXPECT_EQ(rates[1].date.str(), "2024-06-30");
}

TEST(RatesCsv, NamesFileLineAndFieldOfABadCell) {
  const auto msg = [](const std::string& text) {
    try {
      read_rates_csv(text, "r.csv");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(msg("Date,USD\n2025-01-03,1.03\n2025-01-02,abc\n"),
            "r.csv:3: USD: 'abc' is not a decimal rate");
  EXPECT_EQ(msg("date,currency,rate\n2024,usd,1\n"), "r.csv:2: currency: 'usd' is not an ISO 4217 code");
  EXPECT_EQ(msg("date,currency,rate\n2024,USD,-1\n"), "r.csv:2: rate: '-1' is not a decimal rate");
  EXPECT_EQ(msg("date,currency,rate\nsoon,USD,1\n"), "r.csv:2: date: 'soon' is not a date");
  EXPECT_EQ(msg("Day,USD\n"), "r.csv:1: header: the first column must be 'Date'");
  EXPECT_EQ(msg("Date,US Dollar\n"),
            "r.csv:1: header: 'US Dollar' is neither a currency code nor one of currency, rate");
}

TEST(RateTable, ConvertsThroughACommonBaseWithTheRatesOfTheDay) {
  RateTable t = RateTable::parse(
      "2023\tUSD\tEUR\t1.10\tX\n2024\tUSD\tEUR\t1.08\tX\n2024\tAUD\tEUR\t1.62\tX\n2023\tAUD\tEUR\t1.60\tX\n");
  auto f = t.factor("AUD", "USD", PartialDate{2023, 6, 30});
  ASSERT_TRUE(f);
  EXPECT_NEAR(static_cast<double>(f->factor), 1.10 / 1.60, 1e-12);
  ASSERT_EQ(f->rows.size(), 2u);
  EXPECT_EQ(f->rows[0].date.str(), "2023");
  f = t.factor("AUD", "USD", {});  // newest
  EXPECT_NEAR(static_cast<double>(f->factor), 1.08 / 1.62, 1e-12);
  f = t.factor("AUD", "USD", PartialDate{2019, 0, 0});  // before every rate: the earliest
  EXPECT_EQ(f->rows[0].date.str(), "2023");
  EXPECT_NEAR(static_cast<double>(t.factor("USD", "EUR", {})->factor), 1 / 1.08, 1e-12);
  EXPECT_FALSE(t.factor("JPY", "USD", {}));
  EXPECT_EQ(t.factor("USD", "USD", {})->factor, 1);
}

TEST(RateTable, BundledTableNamesItsSource) {
  const auto& t = RateTable::builtin();
  ASSERT_FALSE(t.empty());
  for (const auto& r : t.rows()) {
    EXPECT_NE(r.source.find("ECB"), std::string::npos) << r.currency << ' ' << r.date.str();
  }
  EXPECT_TRUE(t.factor("AUD", "USD", PartialDate{2024, 0, 0}));
}

TEST(ConvertTotals, KeepsBindingApartAndSaysWhatItLeftOut) {
  Totals t;
  t.binding_value.add(Money{100'000'00, "EUR", false, ""});
  t.binding_value.add(Money{50'000'00, "USD", false, ""});
  t.non_binding_value.add(Money{10'000'00, "XYZ", false, ""});
  t.non_binding_value.add(Money{20'000'00, "EUR", true, ""});
  const RateTable rates = RateTable::parse("2024\tUSD\tEUR\t1.25\tTest\n");
  const auto c = convert_totals(t, "USD", rates, {});
  ASSERT_TRUE(c.binding && c.non_binding);
  EXPECT_EQ(c.binding->minor, 175'000'00);  // 100,000 EUR at 1.25 + 50,000 USD
  EXPECT_FALSE(c.binding->approximate);
  EXPECT_EQ(c.non_binding->minor, 25'000'00);  // XYZ has no rate
  EXPECT_TRUE(c.non_binding->approximate);
  EXPECT_EQ(c.missing, std::vector<std::string>{"XYZ"});
  const auto lines = describe_conversion(c);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "binding value in USD: USD 175,000");
  EXPECT_EQ(lines[2], "rate: 1 EUR = 1.25 USD: USD 1.25 per EUR (2024, Test)");
  EXPECT_EQ(lines[3], "no rate for XYZ: left out of the converted sums");
}

class RatesCli : public test::CliFixture {};

TEST_F(RatesCli, ImportedRatesAreUsedAndShown) {
  const std::string data = write("d.yaml", R"(agreements:
  - {key: a, type: loan, title: A, status: signed, parties: [{name: X, role: lender}], value: {amount: 1000, currency: AUD}, signed: 2024-12-01}
  - {key: b, type: mou, title: B, status: signed, parties: [{name: Y, role: partner}], value: {amount: 10, currency: USD}, signed: 2024-12-01}
)");
  ASSERT_EQ(run({"-q", "import", data}).status, 0);
  const std::string ecb = write("ecb.csv", k_ecb);
  auto o = run({"rates", "import", ecb});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.err, "stored 6 rates from 1 file\n");
  o = run({"report", "--in", "usd"});
  ASSERT_EQ(o.status, 0) << o.err;
  // 1000 AUD at 1.03/1.66 (the newest day) = 620.48 -> 620; the MOU stays non-binding.
  EXPECT_NE(o.out.find("binding value in USD: USD 620\n"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("non-binding value in USD: USD 10\n"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("rate: 1 AUD = 0.620482 USD: AUD 1.6600 per EUR (2025-01-03, ECB euro "
                       "foreign exchange reference rates); USD 1.0300 per EUR (2025-01-03"),
            std::string::npos)
      << o.out;
  o = run({"--format", "json", "report", "--in", "USD", "--as-of", "2025-01-02"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find(R"("converted":{"currency":"USD","binding_value":{"amount":"622","approximate":false})"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find(R"("date":"2025-01-02","currency":"AUD","base":"EUR","rate":"1.6650")"),
            std::string::npos);
  o = run({"rates", "list", "--currency", "AUD", "--format", "csv"});
  EXPECT_NE(o.out.find("2025-01-03,AUD,EUR,1.6600,ECB euro foreign exchange reference rates"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("2024,AUD,EUR,1.6397,ECB annual average"), std::string::npos);  // bundled
}

TEST_F(RatesCli, BadFileStoresNothing) {
  ASSERT_EQ(run({"init"}).status, 0);
  const auto before = snapshot();
  const std::string bad = write("bad.csv", "Date,USD\n2025-01-03,1.03\n2025-01-02,N/A\n2025-01-01,x\n");
  const auto o = run({"rates", "import", bad});
  EXPECT_EQ(o.status, test::k_exit_failure);
  EXPECT_EQ(o.err, "mtrack: " + bad + ":4: USD: 'x' is not a decimal rate\n");
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(run({"report", "--in", "dollars"}).status, test::k_exit_usage);
}

}  // namespace
}  // namespace mtrack
