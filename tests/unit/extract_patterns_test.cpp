// Unit tests of the pattern stages of mtrack extract: money, terms, dates.

#include <gtest/gtest.h>

#include "mtrack/extract/extract.hpp"

using namespace mtrack::extract;

TEST(ExtractMoney, ValueCeilingAndConversions) {
  const auto m = find_money("valued at $169 million initially, reaching up to $250 million", "");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].money.minor, 16900000000);
  EXPECT_EQ(m[0].money.currency, "USD");
  EXPECT_FALSE(m[0].up_to);
  EXPECT_TRUE(m[1].up_to);
  const auto c = find_money("granted $US166 million ($243 million) by", "");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_FALSE(c[0].in_parens);
  EXPECT_TRUE(c[1].in_parens);
}

TEST(ExtractMoney, CurrenciesAndQualifiers) {
  EXPECT_EQ(find_money("a USD 200 million letter", "")[0].money.minor, 20000000000);
  EXPECT_EQ(find_money("signed a A$49m grant", "")[0].money.currency, "AUD");
  EXPECT_EQ(find_money("for 1 trillion won, it said", "")[0].money.currency, "KRW");
  EXPECT_EQ(find_money("JPY2,500 million", "")[0].money.minor, 250000000000);
  const auto a = find_money("worth about C$4.1bn ($2.96bn)", "");
  EXPECT_TRUE(a[0].money.approximate);
  EXPECT_EQ(a[0].money.currency, "CAD");
  EXPECT_EQ(find_money("a $84 million deal", "CAD")[0].money.currency, "CAD");
}

TEST(ExtractMoney, PricesAreNotValues) {
  EXPECT_TRUE(find_money("at a price of USD70.50 per pound", "")[0].per_unit);
  EXPECT_TRUE(find_money("trading between $39,500-40,000 per metric ton", "")[0].per_unit);
  EXPECT_TRUE(find_money("a floor price of $1 000 a ton", "")[0].per_unit);
  EXPECT_TRUE(find_money("300,000 pounds U3O8", "").empty());
}

TEST(ExtractTerms, Forms) {
  EXPECT_EQ(find_terms("on a term of 15 years for the mill")[0].iso, "P15Y");
  EXPECT_EQ(find_terms("as much as $80 million across a five-year period.")[0].iso, "P5Y");
  EXPECT_EQ(find_terms("signed a two-year offtake deal")[0].iso, "P2Y");
  EXPECT_EQ(find_terms("the 12-month, non-binding agreement")[0].iso, "P1Y");
  EXPECT_TRUE(find_terms("the quote stays open for two years").empty());
  EXPECT_TRUE(find_terms("The deposit has a 22-year reserve life of nickel").empty());
}

// A bound before the count ("up to", "about") leaves the phrase before it a term's.
TEST(ExtractTerms, BoundedCounts) {
  EXPECT_EQ(find_terms("the awards will last for up to 10 years")[0].iso, "P10Y");
  EXPECT_EQ(find_terms("a loan with a tenor of about seven years")[0].iso, "P7Y");
  EXPECT_TRUE(find_terms("shares valid for up to two years").empty());
}

TEST(ExtractDates, ProseForms) {
  auto d = find_dates("signed on 21 October 2025 by", DateOrder::unknown);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].date.str(), "2025-10-21");
  EXPECT_EQ(find_dates("on February 2, 2026,", DateOrder::unknown)[0].date.str(), "2026-02-02");
  EXPECT_EQ(find_dates("In November 2024, the", DateOrder::unknown)[0].date.str(), "2024-11");
  EXPECT_EQ(find_dates("in 2024 August was", DateOrder::unknown)[0].date.str(), "2024-08");
  EXPECT_EQ(find_dates(" date 2024-03-14 -", DateOrder::unknown)[0].date.str(), "2024-03-14");
  EXPECT_EQ(find_dates("on Jan. 13 for", DateOrder::unknown, 2023)[0].date.str(), "2023-01-13");
  EXPECT_TRUE(find_dates("on Jan. 13 for", DateOrder::unknown).empty());
}

TEST(ExtractDates, NumericOrder) {
  EXPECT_EQ(find_dates("10.11.2025 |", DateOrder::day_first)[0].date.str(), "2025-11-10");
  EXPECT_EQ(find_dates("10.11.2025 |", DateOrder::month_first)[0].date.str(), "2025-10-11");
  const auto u = find_dates("10.11.2025 |", DateOrder::unknown);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_TRUE(u[0].ambiguous);
  EXPECT_EQ(find_dates("30/09/24", DateOrder::unknown)[0].date.str(), "2024-09-30");
}
