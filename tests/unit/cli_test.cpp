// End-to-end tests: the real mtrack binary on temporary databases.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "support/cli_fixture.hpp"
#include "support/process.hpp"

namespace mtrack::test {
namespace {

const std::string k_fixtures = source_dir() + "/tests/data/seed-agreements.yaml";

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Runs a Python snippet on `input` (stdin) and returns what it prints: an independent
// reader for JSON and CSV output.
std::string python(const std::string& code, const std::string& input) {
  auto o = run_process({"/usr/bin/python3", "-c", code}, {}, input);
  EXPECT_EQ(o.status, 0) << o.err;
  return o.out;
}

class Cli : public CliFixture {
 protected:
  void import_fixtures() {
    auto o = run({"import", k_fixtures});
    ASSERT_EQ(o.status, 0) << o.err;
  }
  // Keys printed by `list --format jsonl`, in order.
  std::vector<std::string> keys(std::vector<std::string> args) {
    args.insert(args.begin(), "list");
    args.insert(args.end(), {"--format", "jsonl"});
    auto o = run(args);
    EXPECT_EQ(o.status, 0) << o.err;
    return lines_of(
        python("import json,sys\nfor l in sys.stdin: print(json.loads(l)['key'])", o.out));
  }
};

TEST_F(Cli, AddListShowEditRemove) {
  auto added = run({"add",
                    "--type",
                    "loan",
                    "--title",
                    "Test loan",
                    "--party",
                    "EXIM:lender",
                    "--party",
                    "Acme Cobalt Ltd:borrower",
                    "--mineral",
                    "Co",
                    "--value",
                    "US$12.5 million",
                    "--term",
                    "7y",
                    "--announced",
                    "2025-03",
                    "--status",
                    "approved",
                    "--country",
                    "us",
                    "--tag",
                    "test"});
  ASSERT_EQ(added.status, 0) << added.err;
  EXPECT_EQ(added.out, "1\n");

  auto shown = run({"show", "1"});
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_NE(shown.out.find("Export-Import Bank of the United States (lender)"), std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("USD 12,500,000"), std::string::npos);
  EXPECT_NE(shown.out.find("P7Y"), std::string::npos);

  EXPECT_EQ(keys({"--mineral", "cobalt"}),
            std::vector<std::string>{
                "loan-export-import-bank-of-the-united-states-acme-cobalt-ltd-2025-03"});

  auto edited = run({"edit", "1", "--status", "completed", "--signed", "2025-06-30"});
  ASSERT_EQ(edited.status, 0) << edited.err;
  auto json = run({"show", "1", "--format", "json"});
  EXPECT_EQ(python("import json,sys\nd=json.load(sys.stdin)[0]\nprint(d['status'], d['signed'], "
                   "d['value']['amount'], d['value']['currency'])",
                   json.out),
            "completed 2025-06-30 12500000 USD\n");

  auto removed = run({"rm", "1", "--yes"});
  ASSERT_EQ(removed.status, 0) << removed.err;
  auto gone = run({"show", "1"});
  EXPECT_EQ(gone.status, k_exit_failure);
  EXPECT_EQ(gone.err, "mtrack: no agreement with id or key '1'\n");
  // Ids are never reused.
  auto again = run({"add", "--type", "mou", "--party", "A Corp", "--party", "B Corp"});
  EXPECT_EQ(again.out, "2\n");
}

TEST_F(Cli, FixturesCobaltAndGroups) {
  import_fixtures();
  const std::vector<std::string> cobalt = {"exim-ussm-loan-2024", "uscis-ussm-loan-2024",
                                           "glencore-ussm-offtake", "alphasierra-ussm-partnership"};
  EXPECT_EQ(keys({"--mineral", "cobalt"}), cobalt);
  EXPECT_EQ(keys({"--mineral", "Co"}), cobalt);
  EXPECT_EQ(keys({"--mineral", "COBALT"}), cobalt);
  const auto ree = keys({"--mineral", "rare-earths"});
  EXPECT_EQ(ree.size(), 9u);
  EXPECT_EQ(keys({"--mineral", "REE"}), ree);
  EXPECT_EQ(keys({"--mineral", "rare earths"}), ree);
  EXPECT_EQ(keys({"--mineral", "NdPr"}), std::vector<std::string>{"ussm-ionicre-mou-2025"});
  const auto heavy = keys({"--mineral", "heavy-rare-earths"});
  EXPECT_EQ(heavy, (std::vector<std::string>{"ussm-ionicre-mou-2025", "realloys-mcm-mou"}));
}

TEST_F(Cli, EveryFilter) {
  import_fixtures();
  EXPECT_EQ(keys({"--type", "loan"}),
            (std::vector<std::string>{"exim-ussm-loan-2024", "uscis-ussm-loan-2024"}));
  EXPECT_EQ(keys({"--type", "loi", "--type", "merger"}),
            (std::vector<std::string>{"exim-realloys-loi", "realloys-blackboxstocks-merger"}));
  // Aliases of a party, and part of a name.
  const std::vector<std::string> exim = {"exim-ussm-loan-2024", "exim-realloys-loi"};
  EXPECT_EQ(keys({"--party", "EXIM"}), exim);
  EXPECT_EQ(keys({"--party", "ex-im bank"}), exim);
  EXPECT_EQ(keys({"--party", "Department of War"}),
            std::vector<std::string>{"dod-ares-fluorspar-contract"});
  EXPECT_EQ(keys({"--party", "glencore"}), std::vector<std::string>{"glencore-ussm-offtake"});
  EXPECT_EQ(keys({"--party", "USSM", "--role", "borrower"}),
            (std::vector<std::string>{"exim-ussm-loan-2024", "uscis-ussm-loan-2024"}));
  EXPECT_EQ(keys({"--role", "government"}),
            std::vector<std::string>{"us-australia-framework-2025"});
  EXPECT_EQ(keys({"--status", "proposed"}),
            std::vector<std::string>{"realloys-blackboxstocks-merger"});
  EXPECT_EQ(keys({"--country", "BR"}), std::vector<std::string>{"ionicre-vmm-jv"});
  // Partial dates: "2024-08" falls in 2024; --until 2024-08 includes the whole month.
  EXPECT_EQ(keys({"--since", "2024", "--until", "2024"}),
            (std::vector<std::string>{"exim-ussm-loan-2024", "uscis-ussm-loan-2024"}));
  EXPECT_EQ(keys({"--until", "2024-08"}), std::vector<std::string>{"exim-ussm-loan-2024"});
  EXPECT_EQ(keys({"--since", "2024-08-31", "--until", "2024-09"}),
            std::vector<std::string>{"exim-ussm-loan-2024"});
  EXPECT_EQ(keys({"--since", "2025-11-01"}), std::vector<std::string>{"ussm-ionicre-mou-2025"});
  EXPECT_EQ(keys({"--min-value", "US$200m"}),
            (std::vector<std::string>{"exim-ussm-loan-2024", "us-australia-framework-2025",
                                      "centrus-uranium-task-order", "exim-realloys-loi"}));
  EXPECT_EQ(keys({"--min-value", "US$100m", "--max-value", "US$200m"}),
            (std::vector<std::string>{"uscis-ussm-loan-2024", "dod-ares-fluorspar-contract",
                                      "exim-realloys-loi"}));
  EXPECT_EQ(keys({"--min-value", "A$1"}), std::vector<std::string>{});  // no AUD values
  EXPECT_EQ(keys({"--tag", "exim"}), exim);
  EXPECT_EQ(keys({"--search", "fluorspar"}),
            std::vector<std::string>{"dod-ares-fluorspar-contract"});
  // SQL in a search is data; a query FTS5 cannot read (an unterminated quote) is a usage error.
  EXPECT_EQ(keys({"--search", "\"; DROP TABLE agreements; --\""}), std::vector<std::string>{});
  EXPECT_EQ(run({"list", "--search", "\"; DROP TABLE agreements; --"}).status, test::k_exit_usage);
  EXPECT_EQ(
      keys({"--sort", "value", "--reverse", "--limit", "2"}),
      (std::vector<std::string>{"us-australia-framework-2025", "centrus-uranium-task-order"}));
  EXPECT_EQ(keys({"--sort", "id", "--limit", "1"}),
            std::vector<std::string>{"exim-ussm-loan-2024"});
  EXPECT_EQ(keys({"--mineral", "Co", "--type", "offtake"}),
            std::vector<std::string>{"glencore-ussm-offtake"});
}

TEST_F(Cli, EveryFormatParsesBack) {
  import_fixtures();
  auto json = run({"list", "--format", "json"});
  ASSERT_EQ(json.status, 0);
  EXPECT_EQ(python("import json,sys\nd=json.load(sys.stdin)\nprint(len(d), d[0]['id'], "
                   "sorted(d[0]['value']))",
                   json.out),
            "15 1 ['amount', 'currency']\n");
  auto jsonl = run({"list", "--format", "jsonl", "--mineral", "Co"});
  EXPECT_EQ(python("import json,sys\nprint(sum(1 for l in sys.stdin if json.loads(l)))", jsonl.out),
            "4\n");
  auto csv = run({"list", "--format", "csv"});
  EXPECT_EQ(python("import csv,sys\nr=list(csv.DictReader(sys.stdin))\nprint(len(r), "
                   "r[0]['value_amount'], r[0]['value_currency'], r[0]['minerals'])",
                   csv.out),
            "15 400000000 USD cobalt, nickel, copper\n");
  auto yaml = run({"list", "--format", "yaml"});
  const YAML::Node doc = YAML::Load(yaml.out);
  ASSERT_TRUE(doc["agreements"].IsSequence());
  EXPECT_EQ(doc["agreements"].size(), 15u);
  EXPECT_EQ(doc["agreements"][0]["key"].as<std::string>(), "exim-ussm-loan-2024");
  EXPECT_EQ(doc["agreements"][0]["parties"][1]["name"].as<std::string>(), "US Strategic Metals");
  auto md = run({"list", "--format", "markdown"});
  EXPECT_EQ(lines_of(md.out).size(), 17u);  // header, rule, 15 rows
  EXPECT_EQ(md.out.substr(0, 2), "| ");
  auto table = run({"list"});
  EXPECT_EQ(lines_of(table.out).size(), 16u);
  EXPECT_EQ(table.out.substr(0, 4), "ID  ");
  auto minerals = run({"minerals", "--format", "json"});
  EXPECT_EQ(python("import json,sys\nd=json.load(sys.stdin)\nprint(sum(1 for m in d if "
                   "m['usgs2025'] and m['kind'] in ('element','commodity')), sum(1 for m in d if "
                   "m['usgs2022'] and m['kind'] in ('element','commodity')))",
                   minerals.out),
            "60 50\n");
}

TEST_F(Cli, ExportImportRoundTripIsIdentity) {
  import_fixtures();
  for (std::string format : {"yaml", "json"}) {
    auto first = run({"export", "--format", format});
    ASSERT_EQ(first.status, 0) << first.err;
    const auto file = dir / ("export." + format);
    write_file(file, first.out);
    const auto other = dir / ("other-" + format + ".db");
    auto imported = mtrack(other, {"import", file.string()});
    ASSERT_EQ(imported.status, 0) << imported.err;
    auto second = mtrack(other, {"export", "--format", format});
    EXPECT_EQ(first.out, second.out) << format;
  }
  // Importing the same file twice changes nothing.
  const std::string before = run({"export"}).out;
  auto again = run({"import", k_fixtures});
  EXPECT_EQ(again.err, "imported 15 agreements (0 added, 0 updated, 15 unchanged)\n");
  EXPECT_EQ(run({"export"}).out, before);
}

TEST_F(Cli, ImportFromStdinAndUpsertByKey) {
  auto o = run({"import", "-"},
               "agreements:\n  - key: k1\n    type: mou\n    parties: [A Corp, B Corp]\n");
  ASSERT_EQ(o.status, 0) << o.err;
  o = run({"import", "-"},
          "{\"agreements\": [{\"key\": \"k1\", \"type\": \"mou\", \"title\": \"now titled\", "
          "\"parties\": [\"A Corp\", \"B Corp\"]}]}");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.err, "imported 1 agreement (0 added, 1 updated, 0 unchanged)\n");
  EXPECT_EQ(keys({"--search", "titled"}), std::vector<std::string>{"k1"});
}

struct BadCase {
  std::string name;
  std::vector<std::string> args;
  std::string file;  // written to bad.yaml when not empty
  int status;
  std::string error;  // expected stderr first line ($FILE = the file's path)
};

TEST_F(Cli, BadInputFailsCleanlyAndChangesNothing) {
  import_fixtures();
  const std::string bad = (dir / "bad.yaml").string();
  const std::vector<BadCase> cases = {
      {"malformed yaml",
       {"import", bad},
       "agreements:\n  - key: x\n    type: [mou\n",
       k_exit_failure,
       bad + ":4:1: did not find expected ',' or ']' (while parsing a flow sequence at 3:11)"},
      {"unknown mineral",
       {"import", bad},
       "agreements:\n  - key: x\n    type: mou\n    parties: [A]\n    minerals: [cobalts]\n",
       k_exit_failure,
       bad + ":5:16: minerals: unknown mineral 'cobalts' (did you mean 'cobalt'?)"},
      {"bad money",
       {"import", bad},
       "agreements:\n  - key: x\n    type: loan\n    parties: [A]\n    value: {amount: 12x, "
       "currency: USD}\n",
       k_exit_failure,
       bad + ":5:21: value.amount: '12x' is not a number"},
      {"bad currency",
       {"import", bad},
       "agreements:\n  - key: x\n    type: loan\n    parties: [A]\n    value: {amount: 12, "
       "currency: USX}\n",
       k_exit_failure,
       bad + ":5:35: value.currency: unknown currency 'USX' (use an ISO 4217 code such as USD, "
             "AUD, EUR)"},
      {"bad date",
       {"import", bad},
       "agreements:\n  - key: x\n    type: mou\n    parties: [A]\n    signed: 2024-02-30\n",
       k_exit_failure,
       bad + ":5:13: signed: '2024-02-30' is not a real date (2024-02 has 29 days)"},
      {"missing type",
       {"import", bad},
       "agreements:\n  - key: x\n    parties: [A]\n",
       k_exit_failure,
       bad + ":2:5: type: missing required field 'type'"},
      {"unknown type",
       {"import", bad},
       "agreements:\n  - key: x\n    type: moo\n    parties: [A]\n",
       k_exit_failure,
       bad + ":3:11: type: unknown type 'moo' (did you mean 'mou' or 'loi'?) (one of: mou, loan, "
             "offtake, "
             "contract, loi, grant, investment, jv, framework, partnership, merger, other)"},
      {"unknown flag",
       {"list", "--minerl", "cobalt"},
       "",
       2,
       "mtrack: list: unknown flag '--minerl' (did you mean '--mineral'?)"},
      {"unknown mineral flag",
       {"list", "--mineral", "cobalts"},
       "",
       2,
       "mtrack: --mineral: unknown mineral 'cobalts' (did you mean 'cobalt'?)"},
      {"bad money flag",
       {"add", "--type", "loan", "--party", "A", "--value", "lots"},
       "",
       2,
       "mtrack: --value: cannot read 'lots' as money: no number"},
      {"bad date flag",
       {"list", "--since", "2024-13"},
       "",
       2,
       "mtrack: --since: '2024-13' has no month 13"},
      {"missing fields",
       {"add", "--title", "x"},
       "",
       2,
       "mtrack: add: missing --type, --party (see 'mtrack add --help')"},
  };
  for (const auto& c : cases) {
    if (!c.file.empty()) write_file(bad, c.file);
    const std::string before = snapshot();
    auto o = run(c.args);
    EXPECT_EQ(o.status, c.status) << c.name << ": " << o.err;
    EXPECT_EQ(lines_of(o.err).empty() ? "" : lines_of(o.err)[0], c.error) << c.name;
    EXPECT_EQ(snapshot(), before) << c.name << ": the database changed";
  }
}

TEST_F(Cli, ImportReportsEveryProblemAndStoresNothing) {
  const auto file = dir / "two.yaml";
  write_file(file,
             "agreements:\n"
             "  - key: good\n    type: mou\n    parties: [A]\n"
             "  - key: bad\n    type: loan\n    parties: [A]\n    minerals: [unobtainium]\n"
             "    term: forever\n");
  auto o = run({"import", file.string()});
  EXPECT_EQ(o.status, k_exit_failure);
  const auto errors = lines_of(o.err);
  ASSERT_EQ(errors.size(), 3u) << o.err;
  EXPECT_NE(errors[0].find(":8:16: minerals: unknown mineral 'unobtainium'"), std::string::npos);
  EXPECT_NE(errors[1].find(":9:11: term:"), std::string::npos);
  EXPECT_EQ(errors[2], "mtrack: 2 problems; nothing imported");
  EXPECT_EQ(run({"list", "--format", "jsonl"}).out, "");  // nothing stored
}

TEST_F(Cli, DuplicateKeysAcrossFiles) {
  const auto a = dir / "a.yaml";
  const auto b = dir / "b.yaml";
  write_file(a, "agreements:\n  - key: same\n    type: mou\n    parties: [A]\n");
  write_file(b,
             "agreements:\n  - key: other\n    type: mou\n    parties: [A]\n"
             "  - key: same\n    type: loan\n    parties: [B]\n");
  auto o = run({"import", a.string(), b.string()});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(lines_of(o.err)[0],
            b.string() + ":5: key: duplicate key 'same' (first at " + a.string() + ":2)");
}

// Two records without a key whose generated keys are the same (same type and parties, no date)
// are two agreements, whether one article states both or two do; importing the file again
// finds each under its key. (The second used to update or merge into the first: one record
// silently lost.)
TEST_F(Cli, KeylessRecordsWithTheSameGeneratedKeyStayApart) {
  for (const std::string second_url : {"https://news.example/a", "https://news.example/b"}) {
    SCOPED_TRACE(second_url);
    const auto file = dir / "two.yaml";
    write_file(file,
               "schema_version: 2\nagreements:\n"
               "  - type: mou\n    title: Lithium MOU\n    parties: [Orrin Lithium, Vasco Metals]\n"
               "    minerals: [lithium]\n    sources: [{url: 'https://news.example/a'}]\n"
               "  - type: mou\n    title: Graphite MOU\n    parties: [Orrin Lithium, Vasco Metals]\n"
               "    minerals: [graphite]\n    sources: [{url: '" + second_url + "'}]\n");
    std::filesystem::remove(db);
    auto o = run({"import", file.string()});
    ASSERT_EQ(o.status, 0) << o.err;
    EXPECT_EQ(o.err, "imported 2 agreements (2 added, 0 updated, 0 unchanged)\n");
    o = run({"import", file.string()});
    EXPECT_EQ(o.err, "imported 2 agreements (0 added, 0 updated, 2 unchanged)\n");
    o = run({"list", "--format", "jsonl"});
    EXPECT_NE(o.out.find("\"key\":\"mou-orrin-lithium-vasco-metals\",\"type\":\"mou\",\"title\":"
                         "\"Lithium MOU\""), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("\"key\":\"mou-orrin-lithium-vasco-metals-2\",\"type\":\"mou\","
                         "\"title\":\"Graphite MOU\""), std::string::npos) << o.out;
  }
}

TEST_F(Cli, QueriesUseIndexes) {
  import_fixtures();
  // `list --explain` prints SQLite's plan for the same query `list` runs.
  const auto plan = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "list");
    args.push_back("--explain");
    auto o = run(args);
    EXPECT_EQ(o.status, 0) << o.err;
    return o.out;
  };
  const std::string mineral = plan({"--mineral", "cobalt"});
  EXPECT_NE(mineral.find("USING COVERING INDEX agreement_minerals_by_mineral"), std::string::npos)
      << mineral;
  EXPECT_NE(mineral.find("SEARCH a USING INTEGER PRIMARY KEY"), std::string::npos) << mineral;
  const std::string party = plan({"--party", "EXIM"});
  EXPECT_NE(party.find("agreement_parties_by_organisation"), std::string::npos) << party;
  const std::string type = plan({"--type", "loan"});
  EXPECT_NE(type.find("SEARCH a USING INDEX agreements_by_type"), std::string::npos) << type;
  const std::string dates = plan({"--since", "2024", "--until", "2024-06"});
  EXPECT_NE(dates.find("SEARCH a USING INDEX agreements_by_listing_order"), std::string::npos)
      << dates;
  EXPECT_EQ(dates.find("TEMP B-TREE"), std::string::npos) << dates;
  const std::string all = plan({});
  EXPECT_NE(all.find("SCAN a USING INDEX agreements_by_listing_order"), std::string::npos) << all;
  EXPECT_EQ(all.find("TEMP B-TREE"), std::string::npos) << all;
  for (const auto& p : {mineral, party, type, dates}) {
    EXPECT_EQ(p.find("SCAN a\n"), std::string::npos) << p;
  }
}

}  // namespace
}  // namespace mtrack::test
