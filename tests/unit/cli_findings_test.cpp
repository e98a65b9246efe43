// The command-line findings of issues 14 and 15, each with the behaviour that was wrong:
// exit statuses per command, checked writes to stdout, the pager, control characters in
// human output, names cleaned on the way in, one set of limits, totals that cannot wrap, and
// the messages and flags that disagreed.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <sys/stat.h>

#include "support/cli_fixture.hpp"
#include "support/process.hpp"
#include "support/terminal.hpp"

namespace mtrack::test {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A dataset of `n` agreements, each between its own two parties (no probable duplicates).
std::string many_agreements(int n) {
  std::string y = "schema_version: 2\nagreements:\n";
  for (int i = 0; i < n; ++i) {
    y += "  - key: deal-" + std::to_string(i) + "\n    type: loan\n    title: Loan number " +
         std::to_string(i) + " for a long enough title to fill the table\n    parties: [{name: "
         "Lender " + std::to_string(i) + ", role: lender}, {name: Borrower " + std::to_string(i) +
         ", role: borrower}]\n    minerals: [cobalt]\n    value: {amount: " +
         std::to_string(1000 + i) + ", currency: USD}\n    announced: 2024-01\n";
  }
  return y;
}

class Findings : public CliFixture {
 protected:
  void seed() {
    const auto o = run({"import", source_dir() + "/tests/data/seed-agreements.yaml"});
    ASSERT_EQ(o.status, 0) << o.err;
  }
  // Runs `mtrack --db DB ARGS` through sh with `redirect` appended ("> /dev/full").
  Output shell(const std::string& args, const std::string& before = "",
               const std::string& redirect = "") {
    const std::string cmd = before + quote(mtrack_binary()) + " --db " + quote(db.string()) +
                            " " + args + " " + redirect;
    return run_process({"/bin/bash", "-c", cmd});
  }
};

// ---- exit statuses: one table for every command (0, 1, 2, 3) -----------------------------

TEST_F(Findings, EveryCommandFollowsTheExitStatusTable) {
  seed();
  const auto yaml = write("a.yaml", "agreements:\n  - {key: a, type: loan, parties: [X]}\n");
  const auto other = write("b.yaml", "agreements:\n  - {key: b, type: loan, parties: [Y]}\n");
  const auto bad = write("bad.yaml", "agreements:\n  - {key: c, type: loan, parties: [Z], "
                                     "minerals: [cobalts]}\n");
  const auto article = write("a.txt", "Acme Corp signed an MOU with the DoD on cobalt.\n");
  struct Case {
    std::vector<std::string> args;
    int status;
  };
  const std::vector<Case> cases = {
      {{"init"}, 0},
      {{"add", "--type", "mou", "--party", "Findings Co", "--party", "Other Co"}, 0},
      {{"add", "--bogus"}, k_exit_usage},
      {{"add", "--type", "loan", "--party", "P", "--value", "US$50000 trillion"}, k_exit_usage},
      {{"list"}, 0},
      {{"list", "--limit", "x"}, k_exit_usage},
      {{"show", "1"}, 0},
      {{"show", "999"}, k_exit_failure},
      {{"edit", "1", "--title", "Renamed"}, 0},
      {{"edit", "1"}, k_exit_usage},
      {{"edit", "999", "--title", "x"}, k_exit_failure},
      {{"event", "1", "--date", "2025-01", "--note", "n"}, 0},
      {{"event", "999", "--date", "2025-01", "--note", "n"}, k_exit_failure},
      {{"rm", "999", "--yes"}, k_exit_failure},
      {{"rm", "2"}, k_exit_usage},  // not on a terminal: needs --yes
      {{"import", yaml}, 0},
      {{"import", (dir / "missing.yaml").string()}, k_exit_failure},
      {{"import", bad}, k_exit_failure},
      {{"export"}, 0},
      {{"minerals", "cobalt"}, 0},
      {{"minerals", "cobalts"}, k_exit_failure},
      {{"extract", article}, 0},
      {{"extract", (dir / "missing.txt").string()}, k_exit_failure},
      {{"report"}, 0},
      {{"report", "--by", "colour"}, k_exit_usage},
      {{"check", yaml}, 0},
      {{"check", bad}, k_exit_findings},
      {{"check", (dir / "missing.yaml").string()}, k_exit_failure},
      {{"diff", yaml, yaml, "--exit-code"}, 0},
      {{"diff", yaml, other, "--exit-code"}, k_exit_findings},
      {{"diff", "--exit-code", yaml, "/missing"}, k_exit_failure},
      {{"merge", "1", "2"}, k_exit_usage},  // not on a terminal: needs --yes
      {{"party", "list"}, 0},
      {{"party", "show", "Nobody At All"}, k_exit_failure},
      {{"config"}, 0},
      {{"help"}, 0},
      {{"help", "lsit"}, k_exit_usage},
      {{"completion", "bash"}, 0},
      {{"completion", "tcsh"}, k_exit_usage},
  };
  for (const auto& c : cases) {
    const auto o = run(c.args);
    std::string line;
    for (const auto& a : c.args) line += a + " ";
    EXPECT_EQ(o.status, c.status) << line << "\n" << o.err;
  }
}

// ---- every write checked ----------------------------------------------------------------

TEST_F(Findings, AFullDiskIsAnErrorNotATruncatedSuccess) {
  seed();
  for (const char* cmd : {"list", "export", "report", "show 1", "minerals", "--help"}) {
    const auto o = shell(cmd, "", "> /dev/full");
    EXPECT_EQ(o.status, k_exit_failure) << cmd << ": " << o.err;
    EXPECT_EQ(o.err, "mtrack: cannot write to standard output: No space left on device\n") << cmd;
  }
  // A disk that fills after 64 KiB (a file-size limit stands in for a small tmpfs): the export
  // stops with an error instead of "succeeding" with a third of the data.
  ASSERT_EQ(run({"import", write("many.yaml", many_agreements(600))}).status, 0);
  const auto out = dir / "backup.yaml";
  const auto o = shell("export", "ulimit -f 64; trap '' XFSZ; ", "> " + quote(out.string()));
  EXPECT_EQ(o.status, k_exit_failure) << o.err;
  EXPECT_EQ(o.err, "mtrack: cannot write to standard output: File too large\n");
  EXPECT_EQ(fs::file_size(out), 64u * 1024);
}

TEST_F(Findings, AReaderThatGoesAwayEndsMtrackQuietlyLikeCat) {
  ASSERT_EQ(run({"import", write("many.yaml", many_agreements(2000))}).status, 0);
  // The shell reports 141 (SIGPIPE) and nothing is printed, whether or not the parent
  // ignored SIGPIPE.
  for (const std::string before : {"", "trap '' PIPE; "}) {
    const auto o = shell("export | head -c 10 >/dev/null; echo \"status ${PIPESTATUS[0]}\"", before);
    EXPECT_EQ(o.out, "status 141\n") << before;
    EXPECT_EQ(o.err, "") << before;
  }
}

// ---- the pager ---------------------------------------------------------------------------

TEST_F(Findings, LongOutputOnATerminalGoesThroughThePagerNeverWhenPiped) {
  if (!Tmux::available()) GTEST_SKIP() << "tmux is not installed";
  seed();
  const std::string mtrack = quote(mtrack_binary()) + " --db " + quote(db.string());
  const std::string pager = "MTRACK_PAGER='sed s/^/PAGED:/' ";
  {
    Tmux t(dir.path(), pager + mtrack + " list", 100, 12);
    ASSERT_TRUE(t.wait_for("[exit 0]")) << t.screen();
    EXPECT_TRUE(contains(t.screen(), "PAGED:")) << t.screen();
  }
  for (const std::string& cmd : {pager + mtrack + " list | cat", pager + mtrack + " --no-pager list",
                                 pager + mtrack + " list --limit 3"}) {
    Tmux t(dir.path(), cmd, 100, 12);
    ASSERT_TRUE(t.wait_for("[exit 0]")) << cmd << "\n" << t.screen();
    EXPECT_FALSE(contains(t.screen(), "PAGED:")) << cmd << "\n" << t.screen();
  }
  // $PAGER when $MTRACK_PAGER is not set.
  Tmux t(dir.path(), "PAGER='sed s/^/VIA-PAGER:/' " + mtrack + " list", 100, 12);
  ASSERT_TRUE(t.wait_for("[exit 0]")) << t.screen();
  EXPECT_TRUE(contains(t.screen(), "VIA-PAGER:")) << t.screen();
}

// ---- control characters --------------------------------------------------------------------

TEST_F(Findings, StoredControlCharactersReachNoTerminal) {
  const std::string title = "Deal\x1b[2J\x1b]52;c;ZXZpbA==\x07\r\nforged\x08 row\xc2\x9b";
  auto o = run({"add", "--type", "loan", "--party", "Acme\nCorp", "--party", "Other", "--title",
                title, "--note", "a\x1b]8;;http://x\x1b\\link"});
  ASSERT_EQ(o.status, 0) << o.err;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"list"}, {"show", "1"}, {"show", "1", "--sources"}, {"party", "list"},
           {"list", "--format", "markdown"}, {"report", "--format", "html"}}) {
    o = run(args);
    ASSERT_EQ(o.status, 0) << args[0] << o.err;
    EXPECT_FALSE(contains(o.out, "\x1b")) << args[0] << ": " << o.out;
    EXPECT_FALSE(contains(o.out, "\r")) << args[0];
    EXPECT_FALSE(contains(o.out, "\x08")) << args[0];
    EXPECT_FALSE(contains(o.out, "\xc2\x9b")) << args[0];
    EXPECT_FALSE(contains(o.out, "\nforged")) << args[0] << ": a newline forged a line";
  }
  EXPECT_TRUE(contains(run({"list"}).out, "Deal\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07\\r\\nforged"));
  // The party name was cleaned on the way in: the newline is a space.
  EXPECT_TRUE(contains(run({"show", "1"}).out, "Acme Corp (other)"));
  // Machine formats escape as they must: JSON with \u escapes, and it parses.
  const auto json = run({"list", "--format", "json"});
  EXPECT_TRUE(contains(json.out, "Deal\\u001b[2J\\u001b]52;c;ZXZpbA==\\u0007\\r\\nforged\\b row\\u009b"))
      << json.out;
  // An error that echoes a value shows it escaped.
  o = run({"show", "\x1b]0;owned\x07"});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(o.err, "mtrack: no agreement with id or key '\\x1b]0;owned\\x07'\n");
  // And what is stored exports and imports back.
  const auto yaml = run({"export"});
  ASSERT_EQ(yaml.status, 0);
  EXPECT_EQ(mtrack(dir / "copy.db", {"import", "-"}, yaml.out).status, 0);
  EXPECT_EQ(mtrack(dir / "copy.db", {"export"}).out, yaml.out);
}

// ---- names on the way in, look-alikes ------------------------------------------------------

TEST_F(Findings, InvisibleCharactersMakeNoSecondOrganisation) {
  seed();
  // A zero-width space and a right-to-left mark inside EXIM's name: the same organisation.
  auto o = run({"add", "--type", "grant", "--party",
                "Export-Import\u200b Bank of the United\u200f States:grantor", "--party",
                "Zed Mining:grantee"});
  ASSERT_EQ(o.status, 0) << o.err;
  const auto listed = run({"list", "--party", "EXIM", "--format", "jsonl"});
  EXPECT_TRUE(contains(listed.out, "\"Zed Mining\"")) << listed.out;
  // NFD and NFC spellings of one name are one organisation.
  ASSERT_EQ(run({"add", "--type", "mou", "--party", "Socie\u0301te\u0301 Ge\u0301ne\u0301rale",
                 "--party", "A Co"})
                .status,
            0);
  ASSERT_EQ(run({"add", "--type", "mou", "--party", "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale",
                 "--party", "B Co"})
                .status,
            0);
  const auto parties = run({"party", "list", "--format", "csv"});
  std::size_t named = 0;
  for (std::size_t at = 0; (at = parties.out.find("\nSoci\u00e9t\u00e9 G\u00e9n\u00e9rale,", at)) !=
                           std::string::npos;
       ++at) {
    ++named;
  }
  EXPECT_EQ(named, 1u) << parties.out;
}

TEST_F(Findings, CheckReportsLookAlikeOrganisationNames) {
  // "ЕXIM" with a Cyrillic capital Ie prints like EXIM.
  const auto file = write("look.yaml",
                          "agreements:\n"
                          "  - {key: a, type: loan, parties: [Glencore plc, Acme]}\n"
                          "  - {key: b, type: loan, parties: [\"Gl\u0435ncore plc\", Beta]}\n"
                          "  - {key: c, type: loan, parties: [\"\u0415XIM\", Gamma]}\n");
  const auto o = run({"check", file});
  EXPECT_EQ(o.status, k_exit_findings) << o.out;
  EXPECT_TRUE(contains(o.out, file + ":3:")) << o.out;
  EXPECT_TRUE(contains(o.out, "'Gl\u0435ncore plc' looks like 'Glencore plc' (" + file + ":2)"))
      << o.out;
  EXPECT_TRUE(contains(o.out, "'\u0415XIM' looks like 'EXIM' (the organisations)")) << o.out;
}

// ---- one set of limits -------------------------------------------------------------------

TEST_F(Findings, AddRefusesWhatImportRefusesAndStoredValuesRoundTrip) {
  auto o = run({"add", "--type", "loan", "--party", "P", "--value", "US$50000 trillion"});
  EXPECT_EQ(o.status, k_exit_usage);
  EXPECT_EQ(first_line(o.err),
            "mtrack: --value: cannot read 'US$50000 trillion' as money: the amount is too large "
            "(at most 16 digits before the decimal point)");
  o = run({"add", "--type", "loan", "--party", "Bad\xff Name", "--party", "Q"});
  EXPECT_EQ(o.status, k_exit_usage);
  EXPECT_EQ(first_line(o.err), "mtrack: --party: text is not valid UTF-8");
  // The largest amount mtrack takes, stored, exported and imported back.
  o = run({"add", "--type", "loan", "--party", "P", "--party", "Q", "--value",
           "9999999999999999.99", "--currency", "USD"});
  ASSERT_EQ(o.status, 0) << o.err;
  const auto exported = run({"export", "--format", "json"});
  ASSERT_EQ(exported.status, 0);
  EXPECT_EQ(mtrack(dir / "copy.db", {"import", "-"}, exported.out).status, 0);
  EXPECT_EQ(mtrack(dir / "copy.db", {"export", "--format", "json"}).out, exported.out);
  // Import refuses the same amount add refuses.
  const auto big = write("big.yaml", "agreements:\n  - {key: b, type: loan, parties: [P], value: "
                                     "{amount: 50000000000000000, currency: USD}}\n");
  EXPECT_EQ(run({"import", big}).status, k_exit_failure);
}

TEST_F(Findings, TotalsNeverWrapNegative) {
  std::string y = "agreements:\n";
  for (int i = 0; i < 11; ++i) {
    y += "  - {key: k" + std::to_string(i) + ", type: loan, parties: [L" + std::to_string(i) +
         ", B" + std::to_string(i) +
         "], value: {amount: 9000000000000000, currency: USD}, minerals: [cobalt]}\n";
  }
  ASSERT_EQ(run({"import", write("big.yaml", y)}).status, 0);
  const auto report = run({"report"});
  EXPECT_TRUE(contains(report.out, "USD 99,000,000,000,000,000")) << report.out;
  EXPECT_FALSE(contains(report.out, "USD -")) << report.out;
  const auto json = run({"report", "--format", "json"});
  EXPECT_TRUE(contains(json.out, "\"amount\":99000000000000000")) << json.out;
  const auto list = run({"list", "--limit", "1"});
  EXPECT_TRUE(contains(list.out, "USD 9,000T")) << list.out;
}

// ---- messages and flags that disagreed -------------------------------------------------------

TEST_F(Findings, GlobalFlagsCommandsAndHelp) {
  auto o = run({"-V"});
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out, "mtrack 0.1.0\n");
  o = run({"--bogus"});
  EXPECT_EQ(o.status, k_exit_usage);
  EXPECT_EQ(o.err, "mtrack: unknown flag '--bogus'\n");
  o = run({"lsit"});
  EXPECT_EQ(o.err, "mtrack: unknown command 'lsit' (did you mean 'list'?)\n");
  o = run({"help", "list"});
  EXPECT_EQ(o.status, 0);
  const auto direct = run({"list", "--help"}).out;
  EXPECT_EQ(o.out.substr(o.out.find("Options:")), direct.substr(direct.find("Options:")));
  EXPECT_TRUE(contains(run({"help"}).out, "help"));
  o = run({"list", "--help"});
  EXPECT_TRUE(contains(o.out, "-n,--limit N ")) << o.out;
  EXPECT_FALSE(contains(o.out, "=-1")) << o.out;
  // -n is --limit everywhere; import's dry run has no short flag.
  EXPECT_EQ(run({"import", "-n", "x.yaml"}).status, k_exit_usage);
  o = run({"import", "-x.yaml"});
  EXPECT_EQ(o.err,
            "mtrack: import: unknown flag '-x.yaml' (a file whose name starts with '-' is "
            "written ./-x.yaml)\n");
  // An empty --db is a mistake (an unset variable in a script), not the default database.
  const auto empty = run_process({mtrack_binary(), "--db", "", "list"},
                                 {{"HOME", dir.path().string()}, {"XDG_DATA_HOME", ""}});
  EXPECT_EQ(empty.status, k_exit_usage);
  EXPECT_TRUE(contains(empty.err, "--db: an empty path names no database")) << empty.err;
  EXPECT_FALSE(fs::exists(dir / ".local")) << "the default database was made";
}

TEST_F(Findings, FormatComesFromOnePlaceForEveryCommand) {
  seed();
  const std::map<std::string, std::string> json = {{"MTRACK_FORMAT", "json"}};
  for (const auto& args : std::vector<std::vector<std::string>>{{"list"}, {"report"}, {"config"}}) {
    const auto o = mtrack(db, args, "", json);
    ASSERT_EQ(o.status, 0) << args[0] << o.err;
    EXPECT_TRUE(o.out.front() == '[' || o.out.front() == '{') << args[0] << ": " << o.out;
  }
  const auto file = write("x.yaml", "agreements:\n  - {key: a, type: loan, parties: [X], "
                                    "minerals: [cobalts]}\n");
  auto o = mtrack(db, {"check", file}, "", json);
  EXPECT_EQ(o.status, k_exit_findings);
  EXPECT_EQ(o.out.front(), '[') << o.out;
  const auto clean = write("y.yaml", "agreements:\n  - {key: a, type: loan, parties: [X]}\n");
  o = mtrack(db, {"diff", clean, clean}, "", json);
  EXPECT_EQ(o.out.front(), '{') << o.out;
  // A default from the environment gives way to what a command prints: export has no table.
  EXPECT_EQ(mtrack(db, {"export"}, "", {{"MTRACK_FORMAT", "markdown"}}).status, 0);
  // `config --format json`.
  o = run({"config", "--format", "json"});
  EXPECT_EQ(o.out.rfind("{\"db\":{\"value\":", 0), 0u) << o.out;
}

TEST_F(Findings, FiltersWarnOnUnknownPartiesAndCountries) {
  seed();
  auto o = run({"list", "--party", "Glencre"});
  EXPECT_EQ(o.status, 0);
  EXPECT_TRUE(contains(o.err, "mtrack: warning: --party: no organisation is called 'Glencre' "
                              "(did you mean"))
      << o.err;
  o = run({"list", "--country", "USA"});
  EXPECT_EQ(o.status, k_exit_usage);
  EXPECT_EQ(o.err,
            "mtrack: --country: 'USA' is not an ISO 3166-1 alpha-2 country code (did you "
            "mean 'US'?)\n");
  // One country check: the flag and a file take "us" alike.
  EXPECT_EQ(run({"list", "--country", "us", "--format", "jsonl"}).out,
            run({"list", "--country", "US", "--format", "jsonl"}).out);
  const auto file = write("c.yaml", "agreements:\n  - {key: cc, type: loan, parties: [X, Y], "
                                    "location: {country: us}}\n");
  EXPECT_EQ(run({"check", file}).out, "");
}

TEST_F(Findings, EditSaysWhenNothingChangesAndClearsOnlyWhenAsked) {
  seed();
  const auto before = snapshot();
  auto o = run({"edit", "1"});
  EXPECT_EQ(o.status, k_exit_usage);
  EXPECT_EQ(o.err,
            "mtrack: edit: nothing to change: give a field flag (see 'mtrack edit --help')\n");
  o = run({"edit", "1", "--status", "approved"});  // it is approved already
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.err, "1 (exim-ussm-loan-2024): nothing changed\n");
  EXPECT_EQ(snapshot(), before);
  o = run({"edit", "1", "--value", ""});
  EXPECT_EQ(o.status, k_exit_usage);
  EXPECT_EQ(o.err,
            "mtrack: --value: empty value (to remove it: mtrack edit ID --clear value)\n");
  o = run({"edit", "1", "--clear", "value"});
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.err, "cleared value (was USD 400M)")) << o.err;
  EXPECT_FALSE(contains(run({"show", "1", "--format", "json"}).out, "\"value\"")) << "cleared";
}

TEST_F(Findings, DiffStaleAndCountsReadAsPeopleWrite) {
  const auto a = write("a.yaml", "agreements:\n  - {key: k, type: loan, parties: [X], value: "
                                 "{amount: 400000000, currency: USD}}\n");
  const auto b = write("b.yaml", "agreements:\n  - {key: k, type: loan, parties: [X], value: "
                                 "{amount: 450000000, currency: USD}}\n");
  EXPECT_TRUE(contains(run({"diff", a, b}).out, "value: USD 400,000,000 -> USD 450,000,000"));
  const auto imported = run({"import", a});
  EXPECT_EQ(imported.err, "imported 1 agreement (1 added, 0 updated, 0 unchanged)\n");
}

TEST_F(Findings, CurationAsksOnATerminalAndRefusesAPartyTwice) {
  seed();
  // Two organisations that are both parties to one agreement cannot become one.
  auto o = run({"party", "merge", "EXIM", "US Strategic Metals", "--yes"});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_TRUE(contains(o.err, "are both parties to 1 agreement (exim-ussm-loan-2024)")) << o.err;
  o = run({"party", "merge", "EXIM", "US Strategic Metals"});
  EXPECT_EQ(o.status, k_exit_failure);  // refused before it asks
  if (!Tmux::available()) return;
  // On a terminal rm asks, and "n" keeps the record.
  Tmux t(dir.path(), quote(mtrack_binary()) + " --db " + quote(db.string()) + " rm 3", 100, 10);
  ASSERT_TRUE(t.wait_for("[y/N]")) << t.screen();
  t.type("n");
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("[exit 3]")) << t.screen();
  EXPECT_EQ(run({"show", "3"}).status, 0);
}

TEST_F(Findings, ExtractThatReadsNothingPrintsNoDocument) {
  auto o = run({"extract", (dir / "missing.txt").string()});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(o.out, "");
  o = shell("extract " + quote((dir / "missing.txt").string()) + " | " + quote(mtrack_binary()) +
            " --db " + quote(db.string()) + " import -; echo \"import ${PIPESTATUS[1]}\"");
  EXPECT_TRUE(contains(o.out, "import 3")) << o.out << o.err;
  EXPECT_TRUE(contains(o.err, "<stdin>: empty input: no agreements document")) << o.err;
}

TEST_F(Findings, CheckReadsStandardInput) {
  const auto o = run({"check", "-"}, "agreements:\n  - {key: a, type: loan, parties: [X], "
                                     "minerals: [cobalts]}\n");
  EXPECT_EQ(o.status, k_exit_findings) << o.err;
  EXPECT_EQ(first_line(o.out),
            "<stdin>:2:51: minerals: unknown mineral 'cobalts' (did you mean 'cobalt'?)");
}

TEST_F(Findings, SizesAreWrittenExactly) {
  const auto big = dir / "big.yaml";
  write_file(big, "");
  fs::resize_file(big, (64u << 20) + (64u << 20) / 5000);  // 64.0128 MiB
  // Import streams files of any size; check reads its file whole and has a limit.
  const auto o = run({"check", big.string()});
  EXPECT_EQ(o.err, "mtrack: " + big.string() +
                       ": file is 64.01 MiB, larger than the 64 MiB limit for a file to check or "
                       "compare (import reads any size)\n");
  ASSERT_EQ(run({"init"}).status, 0);
  EXPECT_EQ(run({"list", "--limit", "1000000000"}).status, 0);
  EXPECT_EQ(run({"list", "--limit", "99999999999999999999"}).err,
            "mtrack: list: --limit: '99999999999999999999' is too large (at most 18 digits)\n");
}

TEST_F(Findings, OnlyTheCommandLineWritesItsName) {
  // Storage, domain and format errors are printed by the command boundary, once prefixed.
  const auto o = mtrack(dir.path(), {"list"});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(o.err.rfind("mtrack: ", 0), 0u) << o.err;
  EXPECT_FALSE(contains(o.err, "mtrack: mtrack:")) << o.err;
  // And no code below the command line spells it (the next backend, a library user).
  for (const char* sub : {"domain", "formats", "storage", "extract", "util"}) {
    for (const auto& f : fs::recursive_directory_iterator(fs::path(source_dir()) / "src" / sub)) {
      if (!f.is_regular_file()) continue;
      EXPECT_FALSE(contains(read_file(f.path()), "\"mtrack: ")) << f.path();
    }
  }
}

// Only a regular file (or a missing path, for the commands that create) is a database: a
// device is refused without a journal file beside it, and a FIFO is refused, not read forever.
TEST_F(Findings, OnlyRegularFilesAreDatabases) {
  const auto fifo = dir / "pipe.db";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& path : {fifo.string(), std::string("/dev/null")}) {
    const auto o = run_process({mtrack_binary(), "--db", path, "list"});
    EXPECT_EQ(o.status, k_exit_failure) << path;
    EXPECT_EQ(o.err, "mtrack: cannot open database '" + path + "': it is not a regular file\n");
  }
  EXPECT_FALSE(fs::exists(fifo.string() + "-journal"));
  EXPECT_FALSE(fs::exists(fifo.string() + "-wal"));
}

}  // namespace
}  // namespace mtrack::test
