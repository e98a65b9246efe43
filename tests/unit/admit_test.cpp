// The domain rules behind the command-line findings: admit() (one set of limits for every way
// in), names cleaned and their look-alike skeletons, countries, terms and money for people,
// and the text helpers (visible escapes, sizes, edit distance).

#include "mtrack/domain/admit.hpp"

#include <gtest/gtest.h>

#include "mtrack/domain/parse.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {
namespace {

Agreement with_party(std::string name) {
  Agreement a;
  a.type = AgreementType::loan;
  a.parties.emplace_back(std::move(name), Role::lender);
  return a;
}

TEST(Admit, CleansNamesAndRefusesWhatCannotBeStoredAndReadBack) {
  Agreement a = with_party("  Export-Import\u200b Bank\u00a0of the\nUnited\u202e States ");
  EXPECT_TRUE(admit(a).empty());
  EXPECT_EQ(a.parties[0].name, "Export-Import Bank of the United States");
  // NFD in, NFC stored.
  a = with_party("Socie\u0301te\u0301");
  EXPECT_TRUE(admit(a).empty());
  EXPECT_EQ(a.parties[0].name, "Soci\u00e9t\u00e9");
  a = with_party("Bad\xff");
  a.notes = "ok";
  a.title = "\xc3";
  a.value = Money{Money::k_limit, "USD", false, ""};
  a.location.country = "usa";
  const auto problems = admit(a);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].field, "title");
  EXPECT_EQ(problems[1].field, "parties[1].name");
  EXPECT_EQ(problems[2].field, "value");
  EXPECT_EQ(problems[2].message,
            "'10000000000000000' is too large (at most 16 digits before the decimal point)");
  EXPECT_EQ(problems[3].field, "location.country");
  a = with_party("\u200b");
  ASSERT_EQ(admit(a).size(), 1u);  // nothing left of the name
}

// Plain ASCII names skip Unicode normalisation; what still needs cleaning must not.
TEST(Admit, AsciiNamesAreKeptAndOnlyCleanOnesSkipTheUnicodeWork) {
  for (const char* kept : {"Acme Cobalt Ltd", "A", "", "U.S. DOE (Loan Programs Office)"}) {
    EXPECT_EQ(clean_name(kept), kept);
  }
  EXPECT_EQ(clean_name("Acme  Cobalt"), "Acme Cobalt");
  EXPECT_EQ(clean_name(" Acme"), "Acme");
  EXPECT_EQ(clean_name("Acme "), "Acme");
  EXPECT_EQ(clean_name("Acme\tCobalt\r\n"), "Acme Cobalt");
  EXPECT_EQ(clean_name("Acme\x7f Cobalt"), "Acme Cobalt");
  EXPECT_EQ(clean_name("Acme\u00a0Cobalt"), "Acme Cobalt");
  Agreement a = with_party("Northwind  Metals");
  a.parties[0].as_written = "NORTHWIND ";
  a.minerals = {"cobalt", "\xc3"};
  const auto problems = admit(a);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "minerals[2]");
  EXPECT_EQ(a.parties[0].name, "Northwind Metals");
  EXPECT_EQ(a.parties[0].as_written, "NORTHWIND");
  a = with_party("Fine");
  a.parties[0].as_written = "Bad\xff";
  ASSERT_EQ(admit(a).size(), 1u);
  EXPECT_EQ(admit(a)[0].field, "parties[1].as_written");
}

TEST(Admit, LookAlikesShareASkeletonAndDifferentNamesDoNot) {
  EXPECT_EQ(name_skeleton("\u0415XIM"), name_skeleton("EXIM"));          // Cyrillic Ie
  EXPECT_EQ(name_skeleton("Gl\u0435ncore"), name_skeleton("Glencore"));  // Cyrillic ie
  EXPECT_EQ(name_skeleton("\uff25XIM"), name_skeleton("EXIM"));          // full-width E
  EXPECT_EQ(name_skeleton("Ex\u2013Im"), name_skeleton("Ex-Im"));        // en dash
  EXPECT_NE(name_skeleton("EXIM"), name_skeleton("Exim"));
  EXPECT_NE(name_skeleton("Glencore"), name_skeleton("Glencore plc"));
}

TEST(Admit, MoneyLimitIsTheSameForEveryParser) {
  EXPECT_TRUE(parse_money("US$9999999999999999.99"));
  EXPECT_FALSE(parse_money("US$10000000000000000"));
  EXPECT_FALSE(parse_money("US$50000 trillion"));
  EXPECT_TRUE(parse_amount("9999999999999999.99"));
  EXPECT_FALSE(parse_amount("10000000000000000"));
  // What a stored amount prints as reads back.
  const Money m{Money::k_limit - 1, "USD", false, ""};
  EXPECT_EQ(parse_amount(m.amount_string()).value(), m.minor);
}

TEST(Admit, CountriesTermsAndMoneyForPeople) {
  EXPECT_EQ(parse_country("us").value(), "US");
  EXPECT_EQ(parse_country("USA").error(),
            "'USA' is not an ISO 3166-1 alpha-2 country code (did you mean 'US'?)");
  EXPECT_EQ(parse_country("Australia").error(),
            "'Australia' is not an ISO 3166-1 alpha-2 country code (did you mean 'AU'?)");
  EXPECT_FALSE(parse_country("XX"));
  EXPECT_EQ(describe_term("P730D"), "730 days");
  EXPECT_EQ(describe_term("P1Y6M"), "1 year 6 months");
  EXPECT_EQ(describe_term("P15Y"), "15 years");
  const WideMinor huge = WideMinor{Money::k_limit} * 1000;
  EXPECT_EQ(format_money_long(MoneySum{huge, "USD", false}),
            "USD 10,000,000,000,000,000,000");
  EXPECT_EQ(format_money_short(MoneySum{huge, "USD", true}), "~USD 10,000,000T");
  EXPECT_EQ(format_money_short(Money{40'000'000'000, "USD", false, ""}), "USD 400M");
  EXPECT_EQ(format_money_long(Money{125'050, "EUR", false, ""}), "EUR 1,250.50");
}

TEST(TextHelpers, VisibleSizesAndDistances) {
  EXPECT_EQ(text::visible("a\x1b[2J\tb\r\n\x7f\xc2\x9b\xff\u202e\u00e9"),
            "a\\x1b[2J\\tb\\r\\n\\x7f\\u009b\\xff\\u202e\u00e9");
  EXPECT_EQ(text::human_size(512), "512 bytes");
  EXPECT_EQ(text::human_size(16u << 20), "16 MiB");
  EXPECT_EQ(text::human_size((64u << 20) + (64u << 20) / 5000), "64.01 MiB");
  EXPECT_EQ(text::human_size((64u << 20) - 1), "63.99 MiB");  // never rounded up to 64
  EXPECT_EQ(text::edit_distance("lsit", "list"), 1u);
  EXPECT_EQ(text::edit_distance("lsit", "init"), 2u);
  EXPECT_EQ(text::closest("lsit", {"init", "list"}, 1), std::vector<std::string>{"list"});
  EXPECT_EQ(text::count(1, "agreement"), "1 agreement");
  EXPECT_EQ(text::count(2, "agreement"), "2 agreements");
}

}  // namespace
}  // namespace mtrack
