#include "mtrack/domain/report.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "mtrack/formats/inputs.hpp"
#include "mtrack/formats/render.hpp"
#include "support/process.hpp"

namespace mtrack {
namespace {

std::vector<Agreement> fixture() {
  const auto f = load_input_file(std::filesystem::path(test::source_dir()) / "tests" / "data" /
                                 "seed-agreements.yaml");
  EXPECT_TRUE(f.decoded.diagnostics.empty());
  return f.decoded.agreements;
}

Agreement deal(AgreementType type, std::optional<bool> binding, std::int64_t major,
               const std::string& currency, std::vector<std::string> minerals) {
  Agreement a;
  a.type = type;
  a.binding = binding;
  if (major) a.value = Money{major * Money::k_scale, currency, false, ""};
  a.minerals = std::move(minerals);
  return a;
}

TEST(ReportBinding, RuleForUnmarkedAgreements) {
  EXPECT_FALSE(is_binding(deal(AgreementType::mou, std::nullopt, 0, "", {})));
  EXPECT_FALSE(is_binding(deal(AgreementType::loi, std::nullopt, 0, "", {})));
  EXPECT_FALSE(is_binding(deal(AgreementType::framework, std::nullopt, 0, "", {})));
  EXPECT_TRUE(is_binding(deal(AgreementType::loan, std::nullopt, 0, "", {})));
  EXPECT_TRUE(is_binding(deal(AgreementType::mou, true, 0, "", {})));
  EXPECT_FALSE(is_binding(deal(AgreementType::loan, false, 0, "", {})));
}

TEST(ReportTotals, NeverAddCurrenciesAndKeepBindingApart) {
  const Report r =
      build_report({deal(AgreementType::loan, std::nullopt, 100, "USD", {"cobalt"}),
                    deal(AgreementType::loan, std::nullopt, 50, "AUD", {"cobalt"}),
                    deal(AgreementType::loi, std::nullopt, 70, "USD", {"cobalt", "nickel"}),
                    deal(AgreementType::offtake, true, 30, "USD", {"nickel"})},
                   {});
  EXPECT_EQ(format_sums(r.overall.binding_value), "AUD 50; USD 130");
  EXPECT_EQ(format_sums(r.overall.non_binding_value), "USD 70");
  ASSERT_EQ(r.breakdowns.size(), 1u);
  const auto& groups = r.breakdowns[0].groups;
  ASSERT_EQ(groups.size(), 3u);
  // A group counts what `list --mineral GROUP` finds: every agreement with any member, once
  // (the LOI names cobalt and nickel and counts once).
  EXPECT_EQ(groups[0].name, "battery metals");
  EXPECT_EQ(groups[0].totals.agreements, 4);
  EXPECT_EQ(format_sums(groups[0].totals.binding_value), "AUD 50; USD 130");
  EXPECT_EQ(groups[1].name, "cobalt");
  EXPECT_EQ(groups[1].totals.agreements, 3);
  EXPECT_EQ(format_sums(groups[1].totals.binding_value), "AUD 50; USD 100");
  EXPECT_EQ(format_sums(groups[1].totals.non_binding_value), "USD 70");
  EXPECT_EQ(groups[2].name, "nickel");
  EXPECT_EQ(format_sums(groups[2].totals.binding_value), "USD 30");
}

TEST(ReportTotals, TopKeepsLargestAndCountsTheRest) {
  ReportOptions o;
  o.by = {Dimension::type, Dimension::year};
  o.top = 2;
  const Report r = build_report(fixture(), o);
  ASSERT_EQ(r.breakdowns.size(), 2u);
  EXPECT_EQ(r.breakdowns[0].groups.size(), 2u);
  EXPECT_EQ(r.breakdowns[0].groups[0].name, "mou");  // three MOUs, the most of any type
  EXPECT_GT(r.breakdowns[0].omitted, 0);
  EXPECT_EQ(r.breakdowns[1].dimension, Dimension::year);
}

// The fixture's sums by mineral, worked out by hand from tests/data/seed-agreements.yaml:
//  cobalt, nickel, copper: EXIM loan USD 400,000,000 + USCIS-approved loan USD 100,800,000
//    = USD 500,800,000 binding; Glencore offtake and AlphaSierra partnership have no value;
//  rare earths: binding Argentem investment USD 3,000,000; non-binding US-Australia framework
//    ~USD 1,000,000,000 (unmarked framework) + EXIM letter of interest USD 200,000,000
//    = ~USD 1,200,000,000; seven agreements, three of them non-binding (framework, LOI,
//    JOGMEC MOU);
//  uranium: Centrus task order USD 900,000,000; fluorspar: DoD contract USD 169,000,000
//    (its USD 250,000,000 ceiling is not a value);
//  overall binding: 400 + 100.8 + 169 + 900 + 3 = USD 1,572,800,000.
TEST(ReportMarkdown, FixtureByMineralSumsCheckedByHand) {
  const auto agreements = fixture();
  ASSERT_EQ(agreements.size(), 15u);
  test::TempDir tmp;
  const auto db = tmp / "t.db";
  ASSERT_EQ(
      test::mtrack(db, {"-q", "import", test::source_dir() + "/tests/data/seed-agreements.yaml"})
          .status,
      0);
  const auto md = test::mtrack(db, {"report", "--by", "mineral", "--format", "markdown"});
  ASSERT_EQ(md.status, 0) << md.err;
  const std::string& s = md.out;
  EXPECT_NE(s.find("**15 agreements** — 10 binding, 5 non-binding.\n"), std::string::npos) << s;
  EXPECT_NE(s.find("Binding value: USD 1,572,800,000.\n"), std::string::npos) << s;
  EXPECT_NE(s.find("Non-binding value: \\~USD 1,200,000,000.\n"), std::string::npos) << s;
  EXPECT_NE(s.find("| Mineral | Agreements | Binding | Non-binding | Binding value | "
                   "Non-binding value |\n|---|---:|---:|---:|---:|---:|\n"
                   "| rare earths | 9 | 4 | 5 | USD 3,000,000 | \\~USD 1,200,000,000 |\n"),
            std::string::npos)
      << s;
  for (const char* m : {"cobalt", "copper", "nickel"}) {
    EXPECT_NE(s.find(fmt::format("| {} | 4 | 4 | 0 | USD 500,800,000 |  |\n", m)),
              std::string::npos)
        << m;
  }
  EXPECT_NE(s.find("| uranium | 1 | 1 | 0 | USD 900,000,000 |  |\n"), std::string::npos);
  EXPECT_NE(s.find("| fluorspar | 1 | 1 | 0 | USD 169,000,000 |  |\n"), std::string::npos);
  EXPECT_NE(s.find("| dysprosium | 2 | 0 | 2 |  |  |\n"), std::string::npos);

  // The library gives the same numbers as the command.
  const Report r = build_report(agreements, {});
  EXPECT_EQ(r.overall.agreements, 15);
  EXPECT_EQ(format_sums(r.overall.binding_value), "USD 1,572,800,000");
  std::ostringstream direct;
  write_report_markdown(direct, r);
  EXPECT_EQ(direct.str(), s);
}

TEST(ReportJson, ExactAmountsPerCurrency) {
  std::ostringstream out;
  write_report_json(out, build_report({deal(AgreementType::loan, std::nullopt, 5, "EUR", {})},
                                      {{Dimension::country}, std::nullopt}));
  EXPECT_EQ(out.str(),
            "{\"agreements\":1,\"binding\":1,\"non_binding\":0,\"with_value\":1,"
            "\"binding_value\":[{\"amount\":5,\"currency\":\"EUR\"}],\"non_binding_value\":[],"
            "\"by\":[\n{\"dimension\":\"country\",\"omitted\":0,\"groups\":[\n"
            "{\"name\":\"(none)\",\"agreements\":1,\"binding\":1,\"non_binding\":0,"
            "\"with_value\":1,\"binding_value\":[{\"amount\":5,\"currency\":\"EUR\"}],"
            "\"non_binding_value\":[]}]}\n]}\n");
}

TEST(ReportCli, BadDimensionIsUsageError) {
  test::TempDir tmp;
  const auto o = test::mtrack(tmp / "t.db", {"report", "--by", "colour"});
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  const auto f = test::mtrack(tmp / "t.db", {"--format", "yaml", "report"});
  EXPECT_EQ(f.status, 2);
  EXPECT_EQ(f.err,
            "mtrack: --format: 'yaml' is not available here (one of: table, markdown, "
            "json, html)\n");
}

// The text table every command prints: control bytes shown as escapes, a wide character counted
// twice, numbers right-aligned, and a text column cut with an ellipsis when the screen is narrow.
TEST(TextTable, EscapesMeasuresAlignsAndCuts) {
  TextTable t;
  t.headers = {"Name", "Count"};
  t.right = {false, true};
  t.rows = {{"Acme\tCorp", "7"},
            {"\xE6\x9D\xB1\xE4\xBA\xAC Metals", "12"},  // two wide characters, then " Metals"
            {"A very long organisation name indeed", "3"}};
  const auto sp = [](std::size_t n) { return std::string(n, ' '); };

  std::ostringstream wide;
  write_text_table(wide, t, RenderOptions{});
  EXPECT_EQ(wide.str(), "Name" + sp(32) + "  Count\n" +                           //
                            "Acme\\tCorp" + sp(26) + "      7\n" +                 //
                            "\xE6\x9D\xB1\xE4\xBA\xAC Metals" + sp(25) + "     12\n" +  //
                            "A very long organisation name indeed      3\n");

  RenderOptions narrow;
  narrow.width = 20;  // 5 for the numbers and 2 between: 13 left for the names
  std::ostringstream cut;
  write_text_table(cut, t, narrow);
  EXPECT_EQ(cut.str(), "Name" + sp(9) + "  Count\n" +                            //
                           "Acme\\tCorp" + sp(3) + "      7\n" +                  //
                           "\xE6\x9D\xB1\xE4\xBA\xAC Metals" + sp(2) + "     12\n" +  //
                           "A very long \xE2\x80\xA6      3\n");
}

}  // namespace
}  // namespace mtrack
