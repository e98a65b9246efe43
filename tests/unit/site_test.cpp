// `mtrack site`: stable addresses, a feed `updated` that moves only with the record, the same
// bytes from the same data, filters and --as-of, hostile text kept as text in every file, a
// folder it did not write never replaced, and an index that lists only so many rows. The
// pages in a real browser: tests/e2e/site_browser.py; the feed against RFC 4287:
// tests/e2e/site_feed.py.

#include "mtrack/site/site.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>

#include "support/cli_fixture.hpp"

namespace mtrack {
namespace {

namespace fs = std::filesystem;

TEST(SitePageName, KeysBecomeStableFileNames) {
  EXPECT_EQ(site::page_name("exim-ussm-loan-2024"), "exim-ussm-loan-2024");
  EXPECT_EQ(site::page_name("A/b c.."), "~41~2Fb~20c~2E~2E");
  EXPECT_EQ(site::page_name(""), "~");
}

TEST(SiteFeedUpdated, DayOfTheLatestFactTimeFromTheRecord) {
  Agreement a;
  a.key = "k";
  a.type = AgreementType::loan;
  a.title = "T";
  a.announced = PartialDate{2024, 8, 0};
  a.events.push_back(Event{PartialDate{2025, 1, 15}, Status::signed_, "", "", {}, {}});
  const std::string u = site::feed_updated(a);
  EXPECT_TRUE(std::regex_match(u, std::regex(R"(2025-01-15T\d\d:\d\d:\d\dZ)"))) << u;
  EXPECT_EQ(site::feed_updated(a), u);
  Agreement b = a;
  b.title = "T2";
  EXPECT_NE(site::feed_updated(b), u);
  EXPECT_EQ(site::feed_updated(b).substr(0, 10), "2025-01-15");
  Agreement undated;
  undated.key = "u";
  EXPECT_EQ(site::feed_updated(undated).substr(0, 10), "1970-01-01");
}

class SiteCli : public test::CliFixture {
 protected:
  void SetUp() override {
    const auto o = run({"-q", "import", test::source_dir() + "/tests/data/seed-agreements.yaml"});
    ASSERT_EQ(o.status, 0) << o.err;
  }
  // Every file of a site, by relative path.
  static std::map<std::string, std::string> files(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = test::read_file(e.path());
    }
    return out;
  }
};

TEST_F(SiteCli, SameDataSameBytes) {
  ASSERT_EQ(run({"-q", "site", (dir / "one").string(), "--in", "USD"}).status, 0);
  ASSERT_EQ(run({"-q", "site", (dir / "two").string(), "--in", "USD"}).status, 0);
  const auto a = files(dir / "one"), b = files(dir / "two");
  EXPECT_EQ(a, b);
  EXPECT_TRUE(a.count("index.html") && a.count("feed.atom") && a.count("agreements.csv") &&
              a.count("a/exim-ussm-loan-2024.html") && a.count("mineral/cobalt.html") &&
              a.count("mineral/rare-earths.html") && a.count("org/us-strategic-metals.html") &&
              a.count("country/us.html") && a.count("year/2024.html") && a.count("data/search.js"));
  // The downloads are what export writes.
  EXPECT_EQ(a.at("agreements.yaml"), run({"export"}).out);
  EXPECT_EQ(a.at("agreements.csv"), run({"--format", "csv", "export"}).out);
  // The organisation page names its aliases; the headline names the rate used.
  EXPECT_NE(a.at("org/us-strategic-metals.html").find("USSM"), std::string::npos);
  EXPECT_NE(a.at("index.html").find("Rates used for the USD figures"), std::string::npos);
  for (const auto& [path, body] : a) {
    if (path.find(".htm") == std::string::npos && path.find(".js") == std::string::npos) continue;
    EXPECT_EQ(body.find("http://"), std::string::npos) << path;  // no external assets
    EXPECT_EQ(body.find(" src=\"http"), std::string::npos) << path;
  }
}

TEST_F(SiteCli, FiltersAndAsOfApply) {
  ASSERT_EQ(run({"-q", "site", (dir / "s").string(), "--mineral", "fluorspar"}).status, 0);
  const auto a = files(dir / "s");
  std::size_t pages = 0;
  for (const auto& [path, body] : a) pages += path.rfind("a/", 0) == 0 ? 1 : 0;
  EXPECT_EQ(pages, 1u);
  EXPECT_TRUE(a.count("a/dod-ares-fluorspar-contract.html"));
  EXPECT_NE(a.at("index.html").find("Selection: mineral fluorspar"), std::string::npos);
  ASSERT_EQ(run({"-q", "site", (dir / "old").string(), "--as-of", "2024-09"}).status, 0);
  const auto old = files(dir / "old");
  EXPECT_TRUE(old.count("a/exim-ussm-loan-2024.html"));
  EXPECT_FALSE(old.count("a/uscis-ussm-loan-2024.html"));  // announced 2024-11
  EXPECT_NE(old.at("index.html").find("Data as of <time>2024-09</time>"), std::string::npos);
}

TEST_F(SiteCli, ReplacesItsOwnFolderOnlyAndWhole) {
  const fs::path out = dir / "site";
  ASSERT_EQ(run({"-q", "site", out.string()}).status, 0);
  ASSERT_TRUE(fs::exists(out / "a" / "glencore-ussm-offtake.html"));
  ASSERT_EQ(run({"-q", "rm", "glencore-ussm-offtake", "--yes"}).status, 0) << run({"rm", "--help"}).out;
  ASSERT_EQ(run({"-q", "site", out.string()}).status, 0);
  EXPECT_FALSE(fs::exists(out / "a" / "glencore-ussm-offtake.html"));  // no stale page
  EXPECT_TRUE(fs::exists(out / "a" / "exim-ussm-loan-2024.html"));

  const fs::path mine = dir / "mine";
  fs::create_directories(mine);
  test::write_file(mine / "notes.txt", "mine");
  const auto o = run({"site", mine.string()});
  EXPECT_EQ(o.status, test::k_exit_failure);
  EXPECT_NE(o.err.find("refusing to replace a folder that mtrack did not write"), std::string::npos);
  EXPECT_EQ(test::read_file(mine / "notes.txt"), "mine");
  EXPECT_EQ(run({"site", mine.string(), "--base-url", "javascript:x"}).status, test::k_exit_usage);
}

TEST_F(SiteCli, HostileTextStaysTextInEveryFile) {
  const std::string data = write("h.yaml", R"y(agreements:
  - key: hostile-2025
    type: loan
    title: "<script>alert(1)</script><img src=x onerror=alert(2)>"
    status: signed
    parties:
      - {name: "<b onclick=alert(3)>Evil</b>", role: lender}
      - {name: "Quote \" Co", role: borrower}
    minerals: [cobalt]
    signed: 2025-01-02
    sources:
      - {title: "<a href=javascript:alert(4)>x</a>", url: "javascript:alert(5)"}
      - {title: "Fine", url: "https://example.org/a?b=1&c=2"}
      - {title: "Quoted", url: "https://example.org/\"onmouseover=\"x"}
    evidence:
      - text: "</blockquote><script>alert(6)</script>"
    notes: "\u0007<style>*{}</style>"
)y");
  ASSERT_EQ(run({"-q", "import", data}).status, 0);
  ASSERT_EQ(run({"-q", "site", (dir / "s").string()}).status, 0);
  std::size_t seen = 0;
  for (const auto& [path, body] : files(dir / "s")) {
    if (path.size() < 5 || path.substr(path.size() - 5) != ".html") continue;
    EXPECT_EQ(body.find("<script>"), std::string::npos) << path;
    EXPECT_EQ(body.find("<img"), std::string::npos) << path;
    EXPECT_EQ(body.find("<b "), std::string::npos) << path;
    EXPECT_EQ(body.find("<style"), std::string::npos) << path;
    EXPECT_EQ(body.find("href=\"javascript"), std::string::npos) << path;
    EXPECT_EQ(body.find('\x07'), std::string::npos) << path;
    if (body.find("hostile-2025") != std::string::npos) ++seen;
  }
  EXPECT_GE(seen, 4u);  // its page, the index, the cobalt, year and organisation pages
  const auto page = test::read_file(dir / "s" / "a" / "hostile-2025.html");
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("javascript:alert(5)"), std::string::npos);  // shown, not linked
  EXPECT_NE(page.find("href=\"https://example.org/a?b=1&amp;c=2\""), std::string::npos);
  EXPECT_EQ(page.find("href=\"https://example.org/&quot;"), std::string::npos);  // not a link
  const auto feed = test::read_file(dir / "s" / "feed.atom");
  EXPECT_EQ(feed.find("<script>"), std::string::npos);
  EXPECT_EQ(feed.find('\x07'), std::string::npos);
}

TEST_F(SiteCli, LongTablesLoadTheRestOnDemand) {
  std::string yaml = "agreements:\n";
  for (int i = 0; i < 120; ++i) {
    yaml += "  - {key: gen-" + std::to_string(i) + ", type: offtake, title: Deal " + std::to_string(i) +
            ", status: signed, parties: [{name: Seller " + std::to_string(i) +
            ", role: seller}, {name: Buyer, role: buyer}], minerals: [lithium], signed: 2020-01-" +
            (i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1) + "}\n";
  }
  ASSERT_EQ(run({"-q", "import", write("g.yaml", yaml), "--force"}).status, 0);
  ASSERT_EQ(run({"-q", "site", (dir / "s").string(), "--table-rows", "40"}).status, 0);
  const auto index = test::read_file(dir / "s" / "index.html");
  std::size_t rows = 0;
  for (auto p = index.find("<tr><td"); p != std::string::npos; p = index.find("<tr><td", p + 1)) ++rows;
  EXPECT_EQ(rows, 40u);
  EXPECT_NE(index.find("data-all=\"data/rows.js\""), std::string::npos);
  const auto all = test::read_file(dir / "s" / "data" / "rows.js");
  EXPECT_NE(all.find("\"gen-119\"") == std::string::npos ? all.find("a/gen-119.html") : 0,
            std::string::npos);
}

}  // namespace
}  // namespace mtrack
