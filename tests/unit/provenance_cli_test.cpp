// End-to-end tests of provenance and the double-count guards (issue 8), with the real mtrack
// binary on temporary databases: one agreement reported by two sources becomes one record with
// both sources and a reported conflict; probable duplicates are refused with the existing key
// or attached with --link; `merge` keeps old keys resolvable; party aliases and merges change
// what `list --party` finds; provenance survives export → import → export.

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "support/cli_fixture.hpp"
#include "support/process.hpp"

namespace mtrack::test {
namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// One loan of the Kestrel package as a source states it.
std::string loan_yaml(const std::string& key, const std::string& lender, const std::string& amount,
                      const std::string& date, const std::string& url) {
  return "agreements:\n"
         "  - key: " +
         key +
         "\n"
         "    type: loan\n"
         "    title: EXIM loan to Kestrel Graphite\n"
         "    status: approved\n"
         "    parties:\n"
         "      - {name: " +
         lender +
         ", role: lender}\n"
         "      - {name: Kestrel Graphite Corp, role: borrower}\n"
         "    minerals: [graphite]\n"
         "    value: {amount: " +
         amount +
         ", currency: USD}\n"
         "    announced: " +
         date +
         "\n"
         "    sources:\n"
         "      - {title: Report, url: \"" +
         url + "\"}\n";
}

class Provenance : public CliFixture {
 protected:
  // Imports `exported` into a new database (`copy`) and expects its export to print the same
  // bytes.
  void expect_round_trip(const std::string& exported) {
    ASSERT_EQ(mtrack(copy, {"import", write("e.yaml", exported)}).status, 0);
    EXPECT_EQ(mtrack(copy, {"export"}).out, exported);
  }
  const std::filesystem::path copy = dir / "copy.db";
  // Keys listed by `list`, in id order.
  std::vector<std::string> keys(std::vector<std::string> filter = {}) {
    std::vector<std::string> args = {"export", "--format", "yaml"};
    args.insert(args.end(), filter.begin(), filter.end());
    auto o = run(args);
    EXPECT_EQ(o.status, 0) << o.err;
    std::vector<std::string> out;
    for (const auto& line : lines_of(o.out)) {
      if (line.starts_with("  - key: ")) out.push_back(line.substr(9));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(Provenance, SecondSourceForAKeyIsAddedAndConflictsReported) {
  const auto a =
      write("a.yaml", loan_yaml("kestrel-loan", "Export-Import Bank of the United States",
                                "120000000", "2025-06", "https://a.example/1"));
  const auto b = write("b.yaml", loan_yaml("kestrel-loan", "EXIM", "125000000", "2025-06-02",
                                           "https://b.example/2"));
  ASSERT_EQ(run({"import", a}).status, 0);
  auto second = run({"import", b});
  ASSERT_EQ(second.status, 0) << second.err;
  // One line per conflicting fact, naming both values and sources; the stored value stays.
  EXPECT_EQ(lines_of(second.err),
            (std::vector<std::string>{
                b + ":2: conflict: kestrel-loan: value: USD 120,000,000 (https://a.example/1) "
                    "conflicts with USD 125,000,000 (https://b.example/2); kept the first",
                "imported 1 agreement (0 added, 0 updated, 0 unchanged, 1 merged into "
                "existing record)"}));
  EXPECT_EQ(keys(), std::vector<std::string>{"kestrel-loan"});
  auto shown = run({"show", "kestrel-loan", "--sources"});
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_TRUE(contains(shown.out,
                       "  value      USD 120,000,000\n"
                       "               [1] import\n"
                       "               [2] import states USD 125,000,000 (conflict)\n"))
      << shown.out;
  // The more precise date of the second source refines the first: both state it.
  EXPECT_TRUE(contains(shown.out,
                       "  announced  2025-06-02\n"
                       "               [1] import\n"
                       "               [2] import\n"))
      << shown.out;
  EXPECT_TRUE(contains(shown.out,
                       "    [1] Report \u2014 https://a.example/1\n"
                       "    [2] Report \u2014 https://b.example/2\n"))
      << shown.out;
  // Importing either file again changes nothing and reports nothing new.
  const auto before = snapshot();
  for (const auto& f : {a, b}) {
    auto again = run({"import", f});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(again.err, "imported 1 agreement (0 added, 0 updated, 1 unchanged)\n");
  }
  EXPECT_EQ(run({"export"}).out, run({"export"}).out);
  (void)before;
}

TEST_F(Provenance, ProbableDuplicateIsRefusedWithTheExistingKeyAndLinkAttachesIt) {
  const auto a =
      write("a.yaml", loan_yaml("kestrel-loan", "Export-Import Bank of the United States",
                                "120000000", "2025-06", "https://a.example/1"));
  // Another key for the same loan, the lender by an alias, from another source.
  const auto b = write("b.yaml", loan_yaml("exim-kestrel-2025", "Ex-Im Bank", "120000000",
                                           "2025-06-02", "https://b.example/2"));
  ASSERT_EQ(run({"import", a}).status, 0);
  const auto before = snapshot();
  auto refused = run({"import", b});
  EXPECT_EQ(refused.status, k_exit_failure);
  EXPECT_EQ(refused.err, b + ":2: key: probable duplicate of 'kestrel-loan' (same parties, type "
                             "and value from another source); --link attaches it to that "
                             "record, --force stores it anyway\n");
  EXPECT_EQ(snapshot(), before);
  auto dry = run({"import", "--dry-run", "--link", b});
  EXPECT_EQ(dry.status, 0) << dry.err;
  EXPECT_EQ(snapshot(), before);

  auto linked = run({"import", "--link", b});
  ASSERT_EQ(linked.status, 0) << linked.err;
  EXPECT_EQ(keys(), std::vector<std::string>{"kestrel-loan"});
  // The new key resolves to the record it was attached to, which has both sources.
  auto shown = run({"show", "exim-kestrel-2025"});
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_TRUE(shown.out.starts_with("kestrel-loan  (id 1)\n")) << shown.out;
  EXPECT_TRUE(contains(shown.out, "[2] Report \u2014 https://b.example/2")) << shown.out;
  EXPECT_TRUE(contains(shown.out, "merged exim-kestrel-2025 (duplicate-of this record)"))
      << shown.out;
  // Importing it again finds it by its key: nothing new, no guard.
  auto again = run({"import", b});
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(keys(), std::vector<std::string>{"kestrel-loan"});

  // Another tranche of the package (same parties, another type) is its own agreement.
  std::string equity =
      loan_yaml("kestrel-equity", "EXIM", "120000000", "2025-06", "https://c.example/3");
  equity.replace(equity.find("type: loan"), 10, "type: investment");
  ASSERT_EQ(run({"import", write("c.yaml", equity)}).status, 0);
  EXPECT_EQ(keys(), (std::vector<std::string>{"kestrel-equity", "kestrel-loan"}));
}

TEST_F(Provenance, AddIsGuardedToo) {
  ASSERT_EQ(run({"import", write("a.yaml", loan_yaml("kestrel-loan", "EXIM", "120000000", "2025-06",
                                                     "https://a.example/1"))})
                .status,
            0);
  const std::vector<std::string> add = {"add",
                                        "--type",
                                        "loan",
                                        "--party",
                                        "Ex-Im:lender",
                                        "--party",
                                        "Kestrel Graphite Corp:borrower",
                                        "--value",
                                        "US$120 million",
                                        "--source-url",
                                        "https://d.example/4"};
  auto refused = run(add);
  EXPECT_EQ(refused.status, k_exit_failure);
  EXPECT_EQ(refused.out, "");
  EXPECT_EQ(refused.err,
            "mtrack: key: probable duplicate of 'kestrel-loan' (same parties, type "
            "and value from another source); --link attaches it to that record, "
            "--force stores it anyway\n");
  auto with_link = add;
  with_link.push_back("--link");
  auto linked = run(with_link);
  ASSERT_EQ(linked.status, 0) << linked.err;
  EXPECT_EQ(linked.out, "1\n");  // the record it was attached to
  auto forced = add;
  forced.insert(forced.end(), {"--force", "--key", "kestrel-loan-2"});
  auto added = run(forced);
  ASSERT_EQ(added.status, 0) << added.err;
  EXPECT_EQ(added.out, "2\n");
  EXPECT_EQ(run({"add", "--link", "--force", "--type", "mou", "--party", "X"}).status, 2);
}

TEST_F(Provenance, MergeKeepsOldKeysResolvable) {
  ASSERT_EQ(run({"import", write("a.yaml", loan_yaml("kestrel-loan", "EXIM", "120000000", "2025-06",
                                                     "https://a.example/1"))})
                .status,
            0);
  ASSERT_EQ(run({"import", "--force",
                 write("b.yaml", loan_yaml("kestrel-loan-b", "EXIM", "120000000", "2025-06-02",
                                           "https://b.example/2"))})
                .status,
            0);
  // A third record links to the one about to be dropped.
  std::string offtake =
      loan_yaml("kestrel-offtake", "Glencore", "5000000", "2025-07", "https://c.example/3");
  offtake.replace(offtake.find("type: loan"), 10, "type: offtake");
  offtake += "    related:\n      - {key: kestrel-loan-b, relation: follows}\n";
  ASSERT_EQ(run({"import", write("c.yaml", offtake)}).status, 0);
  ASSERT_EQ(run({"check"}).status, 1);  // the two loans are probable duplicates

  auto merged = run({"merge", "kestrel-loan", "kestrel-loan-b", "--yes"});
  ASSERT_EQ(merged.status, 0) << merged.err;
  EXPECT_EQ(keys(), (std::vector<std::string>{"kestrel-loan", "kestrel-offtake"}));
  auto check = run({"check"});
  EXPECT_EQ(check.status, 0) << check.out;  // no duplicate left, the link still resolves
  // show, edit and rm find the kept record by the dropped key.
  auto shown = run({"show", "kestrel-loan-b"});
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_TRUE(shown.out.starts_with("kestrel-loan  (id 1)\n")) << shown.out;
  EXPECT_TRUE(contains(shown.out, "announced  2025-06-02")) << shown.out;
  EXPECT_TRUE(contains(shown.out, "[2] Report \u2014 https://b.example/2")) << shown.out;
  ASSERT_EQ(run({"edit", "kestrel-loan-b", "--note", "merged by hand"}).status, 0);
  EXPECT_TRUE(contains(run({"show", "1"}).out, "merged by hand"));
  // The dropped key cannot be taken by a new record.
  auto taken = run({"add", "--type", "mou", "--party", "X", "--key", "kestrel-loan-b"});
  EXPECT_EQ(taken.status, k_exit_failure);
  EXPECT_EQ(taken.err, "mtrack: key 'kestrel-loan-b' was merged into agreement 1\n");
  // Tranches are not merged.
  auto tranche = run({"merge", "kestrel-loan", "kestrel-offtake", "--yes"});
  EXPECT_EQ(tranche.status, k_exit_failure);
  EXPECT_TRUE(contains(tranche.err, "tranches of one package stay separate")) << tranche.err;
  // The merged key round-trips through the interchange format.
  const auto exported = run({"export"});
  ASSERT_EQ(exported.status, 0);
  EXPECT_TRUE(contains(exported.out, "    merged_keys: [kestrel-loan-b]\n")) << exported.out;
  expect_round_trip(exported.out);
  EXPECT_EQ(mtrack(copy, {"show", "kestrel-loan-b"}).status, 0);
  // rm by the old key removes the kept record, and the old key with it.
  ASSERT_EQ(run({"rm", "kestrel-loan-b", "--yes"}).status, 0);
  EXPECT_EQ(run({"show", "kestrel-loan-b"}).status, k_exit_failure);
  EXPECT_EQ(keys(), std::vector<std::string>{"kestrel-offtake"});
}

TEST_F(Provenance, PartiesKeepTheNameUsedAndPartyCommandsCurate) {
  auto added = run({"add", "--type", "contract", "--party", "Department of War:buyer", "--party",
                    "Borealis Tungsten Corp:seller", "--announced", "2025-10"});
  ASSERT_EQ(added.status, 0) << added.err;
  auto shown = run({"show", "1"});
  EXPECT_TRUE(
      contains(shown.out, "U.S. Department of Defense (buyer), as \u201CDepartment of War\u201D"))
      << shown.out;
  EXPECT_EQ(keys({"--party", "Department of Defense"}).size(), 1u);
  EXPECT_EQ(keys({"--party", "DoD"}).size(), 1u);
  auto party = run({"party", "show", "Pentagon"});
  ASSERT_EQ(party.status, 0) << party.err;
  EXPECT_TRUE(party.out.starts_with("U.S. Department of Defense\n")) << party.out;
  EXPECT_TRUE(contains(party.out, "buyer  Department of War")) << party.out;

  // A subsidiary recorded apart, then curated: alias and merge change what --party finds.
  ASSERT_EQ(run({"add", "--type", "loan", "--party", "Borealis Tungsten Nevada LLC:borrower",
                 "--party", "DOE Loan Programs Office:lender", "--announced", "2024-11"})
                .status,
            0);
  EXPECT_TRUE(keys({"--party", "BTC"}).empty());
  auto alias = run({"party", "alias", "Borealis Tungsten Corp", "BTC"});
  ASSERT_EQ(alias.status, 0) << alias.err;
  EXPECT_EQ(keys({"--party", "BTC"}).size(), 1u);
  EXPECT_EQ(keys({"--party", "Borealis Tungsten Corp"}).size(), 1u);
  auto conflict = run({"party", "alias", "Borealis Tungsten Corp", "DoD"});
  EXPECT_EQ(conflict.status, k_exit_failure);
  EXPECT_EQ(conflict.err, "mtrack: 'DoD' already names another organisation\n");
  auto merge = run({"party", "merge", "BTC", "Borealis Tungsten Nevada LLC", "--yes"});
  ASSERT_EQ(merge.status, 0) << merge.err;
  EXPECT_EQ(keys({"--party", "BTC"}).size(), 2u);
  EXPECT_EQ(keys({"--party", "Borealis Tungsten Nevada LLC"}).size(), 2u);
  auto list = run({"party", "list", "--format", "csv"});
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_TRUE(contains(
      list.out, "\r\nBorealis Tungsten Corp,company,,2,Borealis Tungsten Nevada LLC; BTC\r\n"))
      << list.out;
  EXPECT_FALSE(contains(list.out, "\r\nBorealis Tungsten Nevada LLC,")) << list.out;
  // Each agreement still shows the name it used.
  auto loan = run({"show", "2"});
  EXPECT_TRUE(contains(loan.out,
                       "Borealis Tungsten Corp (borrower), as \u201CBorealis Tungsten "
                       "Nevada LLC\u201D"))
      << loan.out;
  EXPECT_TRUE(contains(loan.out,
                       "U.S. Department of Energy (lender), as \u201CDOE Loan "
                       "Programs Office\u201D"))
      << loan.out;
  EXPECT_EQ(run({"party", "show", "Nobody Inc"}).status, k_exit_failure);
  EXPECT_EQ(run({"party", "merge", "BTC"}).status, 2);
}

TEST_F(Provenance, EditRecordsManualProvenanceAndEverythingRoundTrips) {
  ASSERT_EQ(run({"import", write("a.yaml", loan_yaml("kestrel-loan", "EXIM", "120000000", "2025-06",
                                                     "https://a.example/1"))})
                .status,
            0);
  ASSERT_EQ(run({"import", write("b.yaml", loan_yaml("kestrel-loan", "EXIM", "125000000", "2025-06",
                                                     "https://b.example/2"))})
                .status,
            0);
  ASSERT_EQ(run({"edit", "kestrel-loan", "--term", "10y"}).status, 0);
  auto shown = run({"show", "kestrel-loan", "--sources"});
  EXPECT_TRUE(contains(shown.out, "  term       P10Y\n               manual\n")) << shown.out;
  EXPECT_TRUE(contains(shown.out,
                       "  party      Export-Import Bank of the United States (lender), "
                       "as \u201CEXIM\u201D\n               [1] import\n"))
      << shown.out;
  // Provenance, claims, names as written: export → import → export is the identity, in YAML
  // and in JSON.
  for (const std::string format : {"yaml", "json"}) {
    SCOPED_TRACE(format);
    const auto first = run({"export", "--format", format});
    ASSERT_EQ(first.status, 0) << first.err;
    EXPECT_TRUE(contains(first.out, "claim")) << first.out;
    EXPECT_TRUE(contains(first.out, "as_written")) << first.out;
    TempDir other;
    const auto file = other / ("e." + format);
    write_file(file, first.out);
    ASSERT_EQ(mtrack(other / "x.db", {"import", file.string()}).status, 0);
    EXPECT_EQ(mtrack(other / "x.db", {"export", "--format", format}).out, first.out);
  }
}

// Two articles on one loan, disagreeing on its amount.
const std::string k_article_a =
    "EXIM approves loan for Kestrel Graphite anode plant\n"
    "June 3, 2025\n\n"
    "The Export-Import Bank of the United States (EXIM) approved a $120 million loan to Kestrel "
    "Graphite Corp. on June 2, 2025 for its graphite anode plant in Alabama.\n";
const std::string k_article_b =
    "Kestrel Graphite wins EXIM backing\n"
    "June 5, 2025\n\n"
    "Kestrel Graphite Corp. said on June 2, 2025 that the Export-Import Bank of the United "
    "States approved a $125 million loan to Kestrel Graphite Corp. to build its Alabama graphite "
    "anode facility.\n";

// "(bytes B–E) “TEXT”" for the first occurrence of `text` in `article`.
std::string span_of(const std::string& article, const std::string& text) {
  const auto at = article.find(text);
  EXPECT_NE(at, std::string::npos) << text;
  return "(bytes " + std::to_string(at) + "\u2013" + std::to_string(at + text.size()) + ") \u201C" +
         text + "\u201D";
}

TEST_F(Provenance, OneLoanFromTwoArticlesIsOneRecordWithTwoSourcesAndAConflict) {
  const auto a = write("a.txt", k_article_a);
  const auto b = write("b.txt", k_article_b);
  auto first = run({"extract", "--commit", a});
  ASSERT_EQ(first.status, 0) << first.err;
  const auto stored = keys();
  ASSERT_EQ(stored.size(), 1u);

  // The second article's proposal is the same loan: refused, with the existing key.
  auto refused = run({"extract", "--commit", b});
  EXPECT_EQ(refused.status, k_exit_failure);
  EXPECT_EQ(lines_of(refused.err),
            (std::vector<std::string>{
                b + ": key: probable duplicate of '" + stored[0] +
                    "' (same parties and type, "
                    "overlapping dates from another source); --link attaches it to that record, "
                    "--force stores it anyway",
                "mtrack: " + b + ": nothing committed"}));
  EXPECT_EQ(keys(), stored);

  auto linked = run({"extract", "--commit", "--link", b});
  ASSERT_EQ(linked.status, 0) << linked.err;
  EXPECT_EQ(lines_of(linked.err),
            (std::vector<std::string>{
                b + ": conflict: " + stored[0] +
                    ": value: USD 120,000,000 (EXIM approves loan "
                    "for Kestrel Graphite anode plant) conflicts with USD 125,000,000 (Kestrel "
                    "Graphite wins EXIM backing); kept the first",
                b + ": 1 agreement committed (0 added, 0 updated, 0 unchanged, 1 merged into "
                    "existing record)"}));
  EXPECT_EQ(keys(), stored);

  // Each field names the article, the rule and the bytes it was read from.
  auto shown = run({"show", stored[0], "--sources"});
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_TRUE(contains(shown.out,
                       "  value      USD 120,000,000\n"
                       "               [1] money " +
                           span_of(k_article_a, "$120 million") + "\n               [2] money " +
                           span_of(k_article_b, "$125 million") +
                           " states USD 125,000,000 (conflict)\n"))
      << shown.out;
  EXPECT_TRUE(contains(shown.out,
                       "  signed     2025-06-02\n"
                       "               [1] date " +
                           span_of(k_article_a, "June 2, 2025") + "\n               [2] date " +
                           span_of(k_article_b, "June 2, 2025") + "\n"))
      << shown.out;
  EXPECT_TRUE(
      contains(shown.out, "               [1] party-name " +
                              span_of(k_article_a, "Export-Import Bank of the United States")))
      << shown.out;
  EXPECT_TRUE(contains(shown.out, "    [1] EXIM approves loan for Kestrel Graphite anode plant"))
      << shown.out;
  EXPECT_TRUE(contains(shown.out, "    [2] Kestrel Graphite wins EXIM backing")) << shown.out;

  // Committing either article again adds nothing and reports nothing new.
  auto again = run({"extract", "--commit", "--link", b});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.err, b + ": 1 agreement committed (0 added, 0 updated, 1 unchanged)\n");
  auto again_a = run({"extract", "--commit", a});
  ASSERT_EQ(again_a.status, 0) << again_a.err;
  EXPECT_EQ(keys(), stored);

  // The spans and claims survive export → import → export.
  const auto exported = run({"export"});
  ASSERT_EQ(exported.status, 0);
  EXPECT_TRUE(contains(exported.out, "rule: money")) << exported.out;
  expect_round_trip(exported.out);
}

}  // namespace
}  // namespace mtrack::test
