#include "mtrack/domain/diff.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace mtrack {
namespace {

Agreement loan(const std::string& key, std::int64_t major) {
  Agreement a;
  a.key = key;
  a.type = AgreementType::loan;
  a.title = "Loan " + key;
  a.parties = {{"EXIM", Role::lender}, {"Acme", Role::borrower}};
  a.minerals = {"cobalt"};
  a.value = Money{major * Money::k_scale, "USD", false, ""};
  return a;
}

TEST(Diff, FieldByFieldInInterchangeNames) {
  Agreement a = loan("a", 100);
  a.id = 7;  // ids are never compared
  Agreement b = loan("a", 120);
  b.id = 9;
  b.minerals.push_back("nickel");
  b.signed_on = {2025, 2, 0};
  b.notes = "restructured";
  const DiffResult d = diff_agreements({a, loan("gone", 1)}, {b, loan("new", 2)});
  ASSERT_EQ(d.changed.size(), 1u);
  ASSERT_EQ(d.added.size(), 1u);
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.added[0].key, "new");
  EXPECT_EQ(d.removed[0].key, "gone");
  std::ostringstream text;
  write_diff_text(text, d);
  EXPECT_EQ(text.str(),
            "+ new (loan, USD 2) Loan new\n"
            "- gone (loan, USD 1) Loan gone\n"
            "~ a\n"
            "    minerals: [cobalt] -> [cobalt, nickel]\n"
            "    value: USD 100 -> USD 120\n"
            "    signed: (none) -> 2025-02\n"
            "    notes: (none) -> restructured\n"
            "1 added, 1 removed, 1 changed\n");
  std::ostringstream json;
  write_diff_json(json, d);
  EXPECT_NE(json.str().find("{\"field\":\"signed\",\"old\":null,\"new\":\"2025-02\"}"),
            std::string::npos)
      << json.str();
}

TEST(Diff, IdenticalSetsAndGeneratedKeys) {
  Agreement a = loan("", 5);  // matched by its generated key
  a.announced = {2024, 8, 0};
  const DiffResult d = diff_agreements({a}, {a});
  EXPECT_TRUE(d.empty());
  std::ostringstream out;
  write_diff_markdown(out, d);
  EXPECT_EQ(out.str(), "## Agreement changes\n\nno changes.\n");
}

}  // namespace
}  // namespace mtrack
