// End-to-end tests of deal lifecycles with the real mtrack binary: `event`, `list`, `show`
// and `report` with --as-of, `check --stale`, and schema_version in every output that
// carries records, with events surviving export → import → export.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "support/cli_fixture.hpp"
#include "support/measure.hpp"
#include "support/process.hpp"

namespace mtrack::test {
namespace {

class Lifecycle : public CliFixture {
 protected:
  void ok(std::vector<std::string> args) {
    auto o = run(args);
    ASSERT_EQ(o.status, 0) << args[0] << ": " << o.err;
  }
  // An EXIM letter of interest (2023-05, US$50m), a conditional commitment (2024-02,
  // US$1.2bn) and financial close (2024-10).
  void record_loan_history() {
    ok({"add", "--key", "exim-acme-loan", "--type", "loan", "--title", "EXIM loan for Acme",
        "--party", "EXIM:lender", "--party", "Acme Refining:borrower", "--mineral", "Co",
        "--status", "proposed", "--value", "US$50 million", "--announced", "2023-05"});
    ok({"event", "exim-acme-loan", "--date", "2024-02", "--status", "approved", "--note",
        "conditional commitment", "--value", "US$1.2 billion", "--source-url",
        "https://example.org/commitment"});
    ok({"event", "exim-acme-loan", "--date", "2024-10", "--status", "completed", "--note",
        "financial close"});
  }
  // "key status value" of each agreement `list --as-of day` prints, from its JSON Lines.
  std::vector<std::string> as_of(const std::string& day, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"list", "--as-of", day, "--format", "jsonl"};
    args.insert(args.end(), more.begin(), more.end());
    auto o = run(args);
    EXPECT_EQ(o.status, 0) << o.err;
    std::vector<std::string> out;
    std::istringstream in(o.out);
    for (std::string line; std::getline(in, line);) {
      const YAML::Node n = YAML::Load(line);
      std::string row = n["key"].as<std::string>() + " " + n["status"].as<std::string>();
      if (n["value"]) row += " " + n["value"]["amount"].as<std::string>();
      row += " events=" + std::to_string(n["events"] ? n["events"].size() : 0);
      out.push_back(row);
    }
    return out;
  }
};

TEST_F(Lifecycle, LetterOfInterestToCommitmentToCloseAnswersAsOfThreeDates) {
  record_loan_history();
  using V = std::vector<std::string>;
  EXPECT_EQ(as_of("2023-01-31"), V{});  // not announced yet
  EXPECT_EQ(as_of("2023-12-31"), V{"exim-acme-loan proposed 50000000 events=1"});
  EXPECT_EQ(as_of("2024-06-30"), V{"exim-acme-loan approved 1200000000 events=2"});
  EXPECT_EQ(as_of("2024-10-15"), V{"exim-acme-loan approved 1200000000 events=2"});
  EXPECT_EQ(as_of("2024-12-31"), V{"exim-acme-loan completed 1200000000 events=3"});
  EXPECT_EQ(as_of("2024-10"), V{"exim-acme-loan completed 1200000000 events=3"});
  // Filters apply to the state on that date.
  EXPECT_EQ(as_of("2024-06-30", {"--status", "proposed"}), V{});
  EXPECT_EQ(as_of("2023-12-31", {"--status", "proposed"}).size(), 1u);
  EXPECT_EQ(as_of("2023-12-31", {"--min-value", "US$1bn"}), V{});
  EXPECT_EQ(as_of("2024-06-30", {"--min-value", "US$1bn"}).size(), 1u);
  // Without --as-of: the latest event.
  auto now = run({"list", "--format", "csv"});
  EXPECT_NE(now.out.find(",completed,"), std::string::npos) << now.out;

  // show prints the timeline, now and as of each date.
  auto show = run({"show", "exim-acme-loan"});
  ASSERT_EQ(show.status, 0) << show.err;
  EXPECT_NE(show.out.find("  status     completed\n"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("  history\n"
                          "    2023-05    proposed   announced; value USD 50,000,000\n"
                          "    2024-02    approved   conditional commitment; value USD "
                          "1,200,000,000; (https://example.org/commitment)\n"
                          "    2024-10    completed  financial close\n"),
            std::string::npos)
      << show.out;
  auto early = run({"show", "exim-acme-loan", "--as-of", "2023-12-31"});
  ASSERT_EQ(early.status, 0) << early.err;
  EXPECT_NE(early.out.find("  status     proposed\n"), std::string::npos) << early.out;
  EXPECT_NE(early.out.find("  value      USD 50,000,000\n"), std::string::npos) << early.out;
  EXPECT_EQ(early.out.find("conditional commitment"), std::string::npos) << early.out;
  auto middle = run({"show", "exim-acme-loan", "--as-of", "2024-06-30"});
  EXPECT_NE(middle.out.find("  status     approved\n"), std::string::npos) << middle.out;
  EXPECT_EQ(middle.out.find("financial close"), std::string::npos) << middle.out;
  auto late = run({"show", "exim-acme-loan", "--as-of", "2024-12-31", "--format", "json"});
  EXPECT_EQ(late.out, run({"show", "exim-acme-loan", "--format", "json"}).out);
  auto none = run({"show", "exim-acme-loan", "--as-of", "2022-12-31"});
  EXPECT_EQ(none.status, k_exit_failure);
  EXPECT_EQ(none.err, "mtrack: 'exim-acme-loan' was not known on 2022-12-31\n");

  // report counts the state on the date.
  auto report = run({"report", "--by", "status", "--as-of", "2024-06-30", "--format", "json"});
  ASSERT_EQ(report.status, 0) << report.err;
  EXPECT_NE(report.out.find("\"approved\""), std::string::npos) << report.out;
  EXPECT_EQ(report.out.find("\"completed\""), std::string::npos) << report.out;
}

TEST_F(Lifecycle, EventRefusesBadInputAndLeavesTheDatabaseAsItWas) {
  record_loan_history();
  const auto before = digest({db});
  struct Case {
    std::vector<std::string> args;
    int status;
    std::string err;
  };
  const std::vector<Case> cases = {
      {{"event", "exim-acme-loan", "--status", "completed"}, 2, "--date is required"},
      {{"event", "exim-acme-loan", "--date", "2024-13"}, 2, "--date: '2024-13' has no month 13"},
      {{"event", "exim-acme-loan", "--date", "2025", "--status", "closed"},
       2,
       "--status: unknown value 'closed'"},
      {{"event", "exim-acme-loan", "--date", "2025", "--value", "lots"}, 2, "--value:"},
      {{"event", "exim-acme-loan", "--date", "2025"}, 2, "say what happened"},
      {{"event", "no-such-deal", "--date", "2025", "--note", "x"},
       k_exit_failure,
       "mtrack: no agreement with id or key 'no-such-deal'"},
  };
  for (const auto& c : cases) {
    auto o = run(c.args);
    EXPECT_EQ(o.status, c.status) << c.args.back() << o.err;
    EXPECT_NE(o.err.find(c.err), std::string::npos) << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  }
  EXPECT_EQ(digest({db}), before);
}

TEST_F(Lifecycle, CheckFindsAStatusOrValueTheLatestEventContradicts) {
  record_loan_history();
  EXPECT_EQ(run({"check"}).status, 0);  // `event` keeps them in step
  const auto file = dir / "drift.yaml";
  write_file(file,
             "agreements:\n"
             "  - key: drifted\n"
             "    type: loan\n"
             "    status: approved\n"
             "    value: {amount: 5, currency: USD}\n"
             "    parties: [{name: EXIM, role: lender}]\n"
             "    events:\n"
             "      - {date: 2024-02, status: approved, value: {amount: 5, currency: USD}}\n"
             "      - {date: 2024-10, status: completed, value: {amount: 7, currency: USD}}\n"
             "      - {date: 2024-11, note: press tour}\n");
  auto o = run({"check", file.string()});
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.out, file.string() +
                       ":4:13: status: status is 'approved' but the latest event "
                       "stating one (events[2], 2024-10) says 'completed'\n" +
                       file.string() +
                       ":5:12: value: value is USD 5 but the latest event "
                       "stating one (events[2], 2024-10) says USD 7\n");
}

TEST_F(Lifecycle, CheckStaleFindsExactlyThePlantedRecords) {
  // Today is 2025-06-30; 730 days before is 2023-07-01.
  const std::string yaml =
      "agreements:\n"
      "  - {key: stale-mou, type: mou, status: signed, announced: 2022-03,\n"
      "     parties: [{name: Acme, role: partner}, {name: Beta, role: partner}]}\n"
      "  - {key: followed-up, type: mou, status: signed, announced: 2022-03,\n"
      "     parties: [{name: Acme, role: partner}, {name: Gamma, role: partner}],\n"
      "     events: [{date: 2022-03, status: signed}, {date: 2024-01, note: feasibility study}]}\n"
      "  - {key: closed-long-ago, type: loan, status: completed, announced: 2020,\n"
      "     parties: [{name: EXIM, role: lender}, {name: Acme, role: borrower}]}\n"
      "  - {key: ended, type: offtake, status: terminated, announced: 2019,\n"
      "     parties: [{name: Acme, role: seller}, {name: Delta, role: buyer}]}\n"
      "  - {key: just-in-time, type: mou, status: signed, announced: 2023-07,\n"
      "     parties: [{name: Acme, role: partner}, {name: Epsilon, role: partner}]}\n"
      "  - {key: one-day-late, type: loi, status: proposed, announced: 2023-06-30,\n"
      "     parties: [{name: Acme, role: partner}, {name: Zeta, role: partner}]}\n"
      "  - {key: undated, type: mou, status: signed,\n"
      "     parties: [{name: Acme, role: partner}, {name: Eta, role: partner}]}\n";
  const auto file = dir / "deals.yaml";
  write_file(file, yaml);
  ok({"import", file.string()});
  const auto before = digest({db});

  auto o = run({"check", "--stale", "730d", "--today", "2025-06-30"});
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.out, db.string() +
                       ": stale-mou: events: stale: no event since 2022-03 while signed (more "
                       "than 730 days before 2025-06-30)\n" +
                       db.string() +
                       ": one-day-late: events: stale: no event since 2023-06-30 while "
                       "proposed (more than 730 days before 2025-06-30)\n");
  EXPECT_EQ(digest({db}), before);  // a finding, never a change

  // The same in the file itself, by line.
  auto f = run({"check", "--stale", "730 days", "--today", "2025-06-30", file.string()});
  EXPECT_EQ(f.status, 1);
  EXPECT_EQ(f.out, file.string() +
                       ":2: events: stale: no event since 2022-03 while signed "
                       "(more than 730 days before 2025-06-30)\n" +
                       file.string() +
                       ":13: events: stale: no event since 2023-06-30 while "
                       "proposed (more than 730 days before 2025-06-30)\n");
  // Two years back from 2025-06-30 is 2023-06-30 itself: one record fewer.
  auto years = run({"check", "--stale", "2y", "--today", "2025-06-30"});
  EXPECT_EQ(std::count(years.out.begin(), years.out.end(), '\n'), 1) << years.out;
  // A shorter horizon finds more; a longer one none; without --stale, nothing.
  EXPECT_EQ(run({"check", "--stale", "P5Y", "--today", "2025-06-30"}).status, 0);
  EXPECT_EQ(run({"check", "--today", "2025-06-30"}).status, 0);
  auto more = run({"check", "--stale", "1y", "--today", "2025-06-30"});
  EXPECT_EQ(std::count(more.out.begin(), more.out.end(), '\n'), 4) << more.out;
  auto bad = run({"check", "--stale", "forever"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err,
            "mtrack: --stale: 'forever' is not a term (write it like '15y', '6 months' "
            "or 'P1Y6M')\n");
}

TEST_F(Lifecycle, EveryRecordOutputCarriesSchemaVersionAndEventsRoundTrip) {
  record_loan_history();
  ok({"add", "--type", "mou", "--party", "DoD", "--party", "Acme Refining", "--key", "plain"});
  // Event amounts in every detail: approximate, as written, a ceiling.
  const auto extra = dir / "extra.yaml";
  write_file(
      extra,
      "agreements:\n"
      "  - key: jv-with-ceiling\n"
      "    type: jv\n"
      "    parties: [{name: Acme Refining, role: partner}, {name: Glencore, role: partner}]\n"
      "    events:\n"
      "      - {date: 2024, status: signed, note: \"term sheet; 'quoted'\"}\n"
      "      - date: 2025-01-02\n"
      "        status: approved\n"
      "        value: {amount: 12.5, currency: AUD, approximate: true, as_written: about "
      "A$12.5}\n"
      "        ceiling: {amount: 40000000, currency: AUD}\n"
      "        source: https://example.org/jv\n");
  ok({"import", extra.string()});

  auto yaml = run({"list", "--format", "yaml"});
  EXPECT_EQ(yaml.out.rfind("schema_version: 2\nagreements:\n", 0), 0u) << yaml.out;
  auto json = run({"list", "--format", "json"});
  const YAML::Node arr = YAML::Load(json.out);
  ASSERT_TRUE(arr.IsSequence());
  ASSERT_EQ(arr.size(), 3u);
  for (const auto& a : arr) EXPECT_EQ(a["schema_version"].as<int>(), 2);
  auto jsonl = run({"list", "--format", "jsonl"});
  std::istringstream lines(jsonl.out);
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    EXPECT_EQ(line.rfind("{\"schema_version\":2,\"id\":", 0), 0u) << line;
  }
  EXPECT_EQ(n, 3);
  EXPECT_EQ(run({"show", "plain", "--format", "jsonl"}).out.rfind("{\"schema_version\":2,", 0), 0u);
  EXPECT_EQ(run({"show", "plain", "--format", "yaml"}).out.rfind("schema_version: 2\n", 0), 0u);
  EXPECT_EQ(run({"export", "--format", "json"}).out.rfind("{\"schema_version\":2,", 0), 0u);
  EXPECT_EQ(run({"export"}).out.rfind("schema_version: 2\n", 0), 0u);

  // export → import → export is the identity, events and their amounts included, whichever
  // format carries it; list's json and jsonl import too.
  const std::string expected = run({"export"}).out;
  EXPECT_NE(expected.find("as_written: about A$12.5"), std::string::npos) << expected;
  EXPECT_NE(expected.find("value: {amount: 1200000000, currency: USD"), std::string::npos);
  int i = 0;
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"e.yaml", expected},
           {"e.json", run({"export", "--format", "json"}).out},
           {"l.json", json.out},
           {"l.jsonl", jsonl.out},
           {"l.yaml", yaml.out}}) {
    const auto file = dir / name;
    write_file(file, text);
    const auto other = dir / ("copy" + std::to_string(i++) + ".db");
    auto imported = mtrack(other, {"import", file.string()});
    ASSERT_EQ(imported.status, 0) << name << ": " << imported.err;
    EXPECT_EQ(mtrack(other, {"export"}).out, expected) << name;
    // Importing it again into the original changes nothing.
    auto again = run({"import", file.string()});
    EXPECT_EQ(again.err, "imported 3 agreements (0 added, 0 updated, 3 unchanged)\n") << name;
  }
  // extract's JSON, for one article or several, imports as it is.
  const std::string texts = source_dir() + "/tests/extract/texts/";
  for (const auto& files : std::vector<std::vector<std::string>>{
           {texts + "t01_wire.txt"}, {texts + "t01_wire.txt", texts + "t05_package.txt"}}) {
    std::vector<std::string> args = {"extract", "--format", "json"};
    args.insert(args.end(), files.begin(), files.end());
    auto extracted = run(args);
    ASSERT_EQ(extracted.status, 0) << extracted.err;
    EXPECT_NE(extracted.out.find("{\"schema_version\": 2, \"source\": "), std::string::npos);
    const auto file = dir / "extracted.json";
    write_file(file, extracted.out);
    const auto other = dir / ("extracted" + std::to_string(files.size()) + ".db");
    auto imported = mtrack(other, {"import", file.string()});
    EXPECT_EQ(imported.status, 0) << imported.err;
    EXPECT_EQ(imported.err.rfind("imported ", 0), 0u) << imported.err;
    EXPECT_EQ(mtrack(other, {"check", file.string()}).status, 0);
  }

  // A record from a newer mtrack is refused, at its line.
  const auto newer = dir / "newer.jsonl";
  write_file(newer, jsonl.out +
                        "{\"schema_version\":9,\"key\":\"x\",\"type\":\"mou\","
                        "\"parties\":[{\"name\":\"A\",\"role\":\"partner\"}]}\n");
  auto refused = run({"import", newer.string()});
  EXPECT_EQ(refused.status, k_exit_failure);
  EXPECT_NE(refused.err.find(newer.string() + ":4:19: schema_version: version 9 is newer than "
                                              "this mtrack reads (2)"),
            std::string::npos)
      << refused.err;
}

}  // namespace
}  // namespace mtrack::test
