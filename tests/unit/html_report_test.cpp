#include "mtrack/formats/html_report.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace mtrack {
namespace {

TEST(HtmlReport, EscapesEveryText) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  Agreement a;
  a.key = "evil";
  a.title = "</script><script>alert(1)</script>";
  a.minerals = {"<b>cobalt</b>"};
  a.parties = {{"A & B \"Mining\"", Role::buyer}};
  a.location.country = "<US>";
  a.value = Money{100, "<X>", false, ""};
  HtmlOptions o;
  o.title = "Deals <2025>";
  o.subtitle = "as of </style>";
  std::ostringstream out;
  write_html_report(out, {a}, build_report({a}, {}), o);
  const std::string s = out.str();
  EXPECT_EQ(s.find("<script>alert"), std::string::npos);
  EXPECT_EQ(s.find("<b>cobalt"), std::string::npos);
  EXPECT_EQ(s.find("as of </style>"), std::string::npos);
  EXPECT_NE(s.find("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(s.find("A &amp; B &quot;Mining&quot;"), std::string::npos);
  EXPECT_NE(s.find("<title>Deals &lt;2025&gt;</title>"), std::string::npos);
  // One script element only, the page's own, and nothing fetched from anywhere.
  EXPECT_EQ(s.find("<script>"), s.rfind("<script>"));
  EXPECT_EQ(s.find("http"), std::string::npos);
}

TEST(HtmlReport, SameDataSameBytesAndOneChartPerCurrency) {
  Agreement usd, aud;
  usd.type = AgreementType::loan;
  usd.minerals = {"cobalt"};
  usd.value = Money{400'000'000'00, "USD", false, ""};
  usd.announced = {2024, 8, 0};
  aud = usd;
  aud.value = Money{1'200'000'000'00, "AUD", false, ""};
  aud.announced = {2025, 1, 0};
  const std::vector<Agreement> all = {usd, aud};
  std::ostringstream one, two;
  write_html_report(one, all, build_report(all, {}));
  write_html_report(two, all, build_report(all, {}));
  EXPECT_EQ(one.str(), two.str());
  const std::string& s = one.str();
  EXPECT_NE(s.find("aria-label=\"Value by mineral in AUD\""), std::string::npos);
  EXPECT_NE(s.find("aria-label=\"Value by mineral in USD\""), std::string::npos);
  EXPECT_NE(s.find("aria-label=\"Agreements by month\""), std::string::npos);
  EXPECT_NE(s.find("2 of 2 shown"), std::string::npos);
}

}  // namespace
}  // namespace mtrack
