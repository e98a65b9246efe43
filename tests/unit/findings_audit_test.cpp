// The findings of issues 14 and 15 that had no test of their own when the audit of the
// closing note went through them (the rest are in cli_findings_test.cpp and the files it
// names): report groups against list, one message for an unknown mineral and one rule for a
// country wherever they are read, the default pager and --wide, full disks under a database
// write, an extract --commit and a site, and the exit table in the man page and README.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_fixture.hpp"
#include "support/process.hpp"
#include "support/terminal.hpp"

namespace mtrack::test {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

std::size_t lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class FindingsAudit : public CliFixture {
 protected:
  void seed(const std::string& file = "tests/data/seed-agreements.yaml") {
    const auto o = run({"-q", "import", source_dir() + "/" + file});
    ASSERT_EQ(o.status, 0) << o.err;
  }
  // `mtrack --db DB ARGS` through bash, with `before` in front (ulimit, trap).
  Output shell(const std::string& args, const std::string& before = "") {
    return run_process({"/bin/bash", "-c",
                        before + quote(mtrack_binary()) + " --db " + quote(db.string()) + " " +
                            args});
  }
  std::string exported() {
    const auto o = run({"export"});
    EXPECT_EQ(o.status, 0) << o.err;
    return o.out;
  }
};

// ---- issue 15: report --by mineral counts a group as list --mineral GROUP finds it ----------

TEST_F(FindingsAudit, ReportRowsCountWhatListFinds) {
  seed("fixtures/agreements.yaml");
  const auto report = run({"report", "--by", "mineral", "--top", "1000", "--format", "markdown"});
  ASSERT_EQ(report.status, 0) << report.err;
  // Rows of the mineral table: "| name | agreements | binding | ...".
  std::istringstream in(report.out);
  std::map<std::string, std::size_t> counted;
  bool in_table = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| Mineral |", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table || line.rfind("|---", 0) == 0) continue;
    if (line.rfind("| ", 0) != 0) break;
    const auto name_end = line.find(" | ", 2);
    const auto count_end = line.find(" | ", name_end + 3);
    counted[line.substr(2, name_end - 2)] =
        std::stoul(line.substr(name_end + 3, count_end - name_end - 3));
  }
  ASSERT_TRUE(counted.count("rare earths")) << report.out;
  ASSERT_TRUE(counted.count("battery metals")) << report.out;
  ASSERT_GE(counted.size(), 10u) << report.out;
  for (const auto& [name, n] : counted) {
    if (contains(name, "none\\)")) continue;  // "\\(none\\)": agreements naming no mineral
    const auto listed = run({"list", "--mineral", name, "--format", "jsonl"});
    ASSERT_EQ(listed.status, 0) << name << ": " << listed.err;
    EXPECT_EQ(lines(listed.out), n) << "report counts " << n << " under '" << name << "'";
  }
  // And the report says how a group is counted.
  EXPECT_TRUE(contains(report.out, "counts every agreement with the group or any of its members"))
      << report.out;
}

// ---- issue 15: one mineral lookup, one country rule ---------------------------------------

TEST_F(FindingsAudit, AnUnknownMineralIsOneMessageWhereverItIsRead) {
  seed();
  const std::string message = "unknown mineral 'cobalts' (did you mean 'cobalt'?)";
  const auto file = write("m.yaml", "agreements:\n  - {key: m1, type: loan, parties: [X, Y], "
                                    "minerals: [cobalts]}\n");
  const std::vector<std::vector<std::string>> places = {
      {"list", "--mineral", "cobalts"},
      {"report", "--mineral", "cobalts"},
      {"add", "--type", "loan", "--party", "X", "--party", "Y", "--mineral", "cobalts"},
      {"edit", "1", "--mineral", "cobalts"},
      {"minerals", "cobalts"},
      {"import", file},
      {"check", file}};
  const auto before = snapshot();
  for (const auto& args : places) {
    const auto o = run(args);
    EXPECT_NE(o.status, 0) << args[0];
    EXPECT_TRUE(contains(first_line(o.err + o.out), message)) << args[0] << ": " << o.err << o.out;
  }
  EXPECT_EQ(snapshot(), before);
}

TEST_F(FindingsAudit, ACountryIsCheckedByOneRuleOnTheCommandLineAndInAFile) {
  // "us" from the flag and from a file are both stored as US; "USA" is refused by both.
  ASSERT_EQ(run({"add", "--key", "flag", "--type", "loan", "--party", "Flag Lender:lender",
                 "--party", "Flag Borrower:borrower", "--country", "us"})
                .status,
            0);
  const auto file = write("c.yaml", "agreements:\n  - {key: file, type: loan, parties: "
                                    "[File Lender, File Borrower], location: {country: us}}\n");
  const auto imported = run({"import", file});
  ASSERT_EQ(imported.status, 0) << imported.err;
  const auto json = run({"list", "--country", "US", "--format", "jsonl"});
  EXPECT_EQ(lines(json.out), 2u) << json.out;
  const auto out = exported();
  EXPECT_EQ(out.find("country: us"), std::string::npos) << out;
  const auto bad_file = write("c3.yaml", "agreements:\n  - {key: file3, type: loan, parties: "
                                         "[A, B], location: {country: USA}}\n");
  const auto flag = run({"add", "--type", "loan", "--party", "A", "--party", "B", "--country",
                         "USA"});
  const auto from_file = run({"import", bad_file});
  EXPECT_EQ(flag.status, k_exit_usage);
  EXPECT_EQ(from_file.status, k_exit_failure);
  EXPECT_TRUE(contains(flag.err, "'USA' is not an ISO 3166-1 alpha-2 country code")) << flag.err;
  EXPECT_TRUE(contains(from_file.err, "'USA' is not an ISO 3166-1 alpha-2 country code"))
      << from_file.err;
}

// ---- issue 15: curation that can be undone: merge and party merge ask ----------------------

TEST_F(FindingsAudit, MergeAndPartyMergeNeedYesInAScriptAndAskOnATerminal) {
  seed();
  const auto before = snapshot();
  // Glencore and Centrus Energy share no agreement: nothing to refuse, so only --yes is missing.
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"party", "merge", "Glencore", "Centrus Energy"}, {"merge", "1", "2"}}) {
    const auto o = run(args);
    EXPECT_EQ(o.status, k_exit_usage) << args[0] << ": " << o.err;
    EXPECT_TRUE(contains(o.err, "--yes")) << o.err;
  }
  EXPECT_EQ(snapshot(), before);
  if (!Tmux::available()) return;
  const std::string mtrack = quote(mtrack_binary()) + " --db " + quote(db.string());
  for (const std::string args : {"party merge Glencore 'Centrus Energy'", "merge 1 2"}) {
    Tmux t(dir.path(), mtrack + " " + args, 100, 10);
    ASSERT_TRUE(t.wait_for("[y/N]")) << args << "\n" << t.screen();
    t.type("n");
    t.keys({"Enter"});
    ASSERT_TRUE(t.wait_for("[exit ")) << t.screen();
    EXPECT_FALSE(contains(t.screen(), "[exit 0]")) << args << "\n" << t.screen();
  }
  EXPECT_EQ(snapshot(), before);
  // Answered yes, party merge goes through.
  Tmux t(dir.path(), mtrack + " party merge Glencore 'Centrus Energy'", 100, 10);
  ASSERT_TRUE(t.wait_for("[y/N]")) << t.screen();
  t.type("y");
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("[exit 0]")) << t.screen();
  EXPECT_EQ(run({"party", "show", "Centrus Energy"}).out.rfind("Glencore\n", 0), 0u)
      << "Centrus Energy is not an alias of Glencore";
}

// ---- issue 15: a table that uses the terminal --------------------------------------------

// With neither $MTRACK_PAGER nor $PAGER, long output goes to `less -FRX` (a stand-in named
// less, first on PATH, shows what it was given).
TEST_F(FindingsAudit, WithoutAPagerSettingLongOutputGoesToLessFRX) {
  if (!Tmux::available()) GTEST_SKIP() << "tmux is not installed";
  seed();
  const auto bin = dir / "bin";
  fs::create_directories(bin);
  write_file(bin / "less", "#!/bin/sh\necho \"FAKE-LESS $*\"\nexec cat\n");
  fs::permissions(bin / "less", fs::perms::owner_all);
  Tmux t(dir.path(), "env -u MTRACK_PAGER -u PAGER PATH=" + quote(bin.string()) + ":/usr/bin:/bin " +
                         quote(mtrack_binary()) + " --db " + quote(db.string()) + " list",
         100, 12);
  ASSERT_TRUE(t.wait_for("[exit 0]")) << t.screen();
  EXPECT_TRUE(contains(t.raw(), "FAKE-LESS -FRX")) << t.raw();
}

// At 80 columns the table cuts cells; --wide prints every cell whole.
TEST_F(FindingsAudit, WidePrintsEveryCellWhole) {
  if (!Tmux::available()) GTEST_SKIP() << "tmux is not installed";
  seed();
  const std::string title =
      "EXIM loan package for US Strategic Metals' Madison cobalt-nickel-copper project";
  const std::string mtrack = quote(mtrack_binary()) + " --db " + quote(db.string());
  {
    Tmux t(dir.path(), mtrack + " --no-pager list", 80, 40);
    ASSERT_TRUE(t.wait_for("[exit 0]")) << t.screen();
    EXPECT_FALSE(contains(t.raw(), title)) << t.screen();
  }
  Tmux t(dir.path(), mtrack + " --no-pager list --wide", 80, 40);
  ASSERT_TRUE(t.wait_for("[exit 0]")) << t.screen();
  const std::string raw = t.raw();
  EXPECT_TRUE(contains(raw, title)) << raw;
  EXPECT_TRUE(contains(raw, "MINERALS")) << raw;
  EXPECT_TRUE(contains(raw, "Export-Import Bank of the United States")) << raw;
}

// ---- issue 14.2 and 14.12: full disks ----------------------------------------------------
// A file-size limit (ulimit -f, SIGXFSZ ignored) stands in for a full disk: writes past it
// fail with EFBIG as they would with ENOSPC.

TEST_F(FindingsAudit, AFullDiskUnderADatabaseWriteSaysSoAndChangesNothing) {
  seed();
  std::string big = "agreements:\n";
  for (int i = 0; i < 400; ++i) {
    const auto n = std::to_string(i);
    big += "  - {key: full-" + n + ", type: loan, title: \"Full disk loan " + n + " " +
           std::string(400, 'x') + "\", parties: [Lender " + n + ", Borrower " + n + "]}\n";
  }
  const auto file = write("big.yaml", big);
  const auto before = exported();
  const auto limit_kib = fs::file_size(db) / 1024 + 64;
  const auto o = shell("import " + quote(file),
                       "ulimit -f " + std::to_string(limit_kib) + "; trap '' XFSZ; ");
  EXPECT_EQ(o.status, k_exit_failure) << o.err;
  EXPECT_EQ(first_line(o.err).rfind("mtrack: cannot write to database '" + db.string() + "'", 0),
            0u)
      << o.err;
  EXPECT_TRUE(contains(first_line(o.err), "nothing was changed")) << o.err;
  EXPECT_FALSE(contains(o.err, "not an mtrack database")) << o.err;
  // Nothing of the import is there, and reads and writes work once there is room.
  EXPECT_EQ(exported(), before);
  EXPECT_EQ(run({"import", file}).status, 0);
}

// Issue 14.5: the agreements an article gives and its text are stored in one transaction, so
// a disk that fills while the text is written leaves neither.
TEST_F(FindingsAudit, ExtractCommitOnAFullDiskStoresNothing) {
  ASSERT_EQ(run({"init"}).status, 0);
  std::string article =
      "Northbay Metals signs cobalt offtake\n\nMarch 4, 2025 - Northbay Metals Ltd signed an "
      "offtake agreement with Kestrel Batteries Inc to supply cobalt hydroxide, the companies "
      "said. The deal is worth US$120 million.\n\n";
  while (article.size() < (1u << 20)) {
    article += "Analysts spent the rest of the week discussing the weather and freight rates.\n";
  }
  const auto file = write("article.txt", article);
  // The agreements alone fit under the limit; with the article's megabyte of text they do not.
  const auto limit_kib = fs::file_size(db) / 1024 + 256;
  const auto o = shell("extract --commit " + quote(file),
                       "ulimit -f " + std::to_string(limit_kib) + "; trap '' XFSZ; ");
  EXPECT_EQ(o.status, k_exit_failure) << o.err;
  EXPECT_TRUE(contains(o.err, "cannot write to database")) << o.err;
  EXPECT_EQ(run({"list", "--format", "jsonl"}).out, "") << "agreements stored without their text";
  // With room, the same commit stores the agreement and its quotes.
  const auto ok = run({"extract", "--commit", file});
  ASSERT_EQ(ok.status, 0) << ok.err;
  const auto listed = run({"list", "--format", "jsonl"});
  EXPECT_EQ(lines(listed.out), 1u) << listed.out;
}

// Issue 14.2: "every write ... of any output file": the pages `mtrack site` writes.
// The bundled dataset's index.html is about 95 KB; the limit is above the database's -shm.
TEST_F(FindingsAudit, ASiteOnAFullDiskIsAnError) {
  seed("fixtures/agreements.yaml");
  const auto out = dir / "site";
  const auto o = shell("site " + quote(out.string()), "ulimit -f 48; trap '' XFSZ; ");
  EXPECT_EQ(o.status, k_exit_failure) << o.err;
  EXPECT_TRUE(contains(first_line(o.err), ": cannot write: File too large")) << o.err;
  EXPECT_EQ(o.err.rfind("mtrack: ", 0), 0u) << o.err;
  EXPECT_EQ(lines(o.err), 1u) << o.err;
  // No half-written site is left, under its name or a temporary one.
  EXPECT_FALSE(fs::exists(out));
  for (const auto& e : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().filename().string().find(".site"), std::string::npos) << e.path();
  }
}

// Issue 14.12: errors about temporary files lacked the "mtrack: " prefix. A listing past the
// sorter's memory (4 MB) spills to $TMPDIR; a TMPDIR that does not exist is one clear line.
TEST_F(FindingsAudit, ATemporaryFileErrorIsOneLineWithThePrefix) {
  std::string big = "agreements:\n";
  for (int i = 0; i < 4500; ++i) {
    const auto n = std::to_string(i);
    big += "  - {key: spill-" + n + ", type: loan, title: \"Spill loan " + n + " " +
           std::string(1000, 'y') + "\", parties: [Spill Lender " + n + ", Spill Borrower " + n +
           "], value: {amount: " + std::to_string((i * 7919) % 100000 + 1) +
           ", currency: USD}}\n";
  }
  ASSERT_EQ(run({"-q", "import", write("big.yaml", big)}).status, 0);
  const auto env = std::map<std::string, std::string>{{"TMPDIR", (dir / "missing").string()}};
  const auto o = mtrack(db, {"list", "--sort", "value", "--format", "jsonl"}, "", env);
  EXPECT_EQ(o.status, k_exit_failure) << o.err;
  EXPECT_EQ(o.err.rfind("mtrack: cannot create a temporary file in " + (dir / "missing").string(),
                        0),
            0u)
      << o.err;
  EXPECT_EQ(lines(o.err), 1u) << o.err;
  // With a TMPDIR that exists, the same listing works.
  const auto ok = mtrack(db, {"list", "--sort", "value", "--format", "jsonl"}, "",
                         {{"TMPDIR", dir.path().string()}});
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(lines(ok.out), 4500u);
}

// Issue 14.6: an error that echoes a value read from a file shows its control characters as
// visible escapes, in import and in check alike.
TEST_F(FindingsAudit, AnEchoedValueFromAFileReachesNoTerminal) {
  const auto file = write("esc.yaml", "agreements:\n  - {key: a1, type: \"loan\\e[2J\\e]52;c;eA==\\a\", "
                                      "parties: [X Co]}\n");
  for (const auto& args : std::vector<std::vector<std::string>>{{"import", file}, {"check", file}}) {
    const auto o = run(args);
    EXPECT_NE(o.status, 0) << args[0];
    const std::string said = o.out + o.err;
    EXPECT_TRUE(contains(said, "\\x1b[2J")) << args[0] << ": " << said;
    EXPECT_FALSE(contains(said, "\x1b")) << args[0] << ": " << said;
    EXPECT_FALSE(contains(said, "\x07")) << args[0] << ": " << said;
  }
}

// ---- issue 15: one exit table, and the man page and README say it -------------------------

// Exit status 130: Ctrl-C (SIGINT) stops an import that is reading its input, the status is
// 130 as the table says, and nothing of it is stored. The import reads a FIFO whose writer
// stays open, so the signal always comes while it reads, after some records were stored in
// its transaction.
TEST_F(FindingsAudit, InterruptedImportExitsWith130AndStoresNothing) {
  seed();
  const auto before = exported();
  const auto fifo = dir / "records.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int writer = ::open(fifo.c_str(), O_RDWR);  // a writer that never closes
  ASSERT_GE(writer, 0);
  std::string records;
  for (int i = 0; i < 50; ++i) {
    records += "{\"schema_version\":2,\"key\":\"held-" + std::to_string(i) +
               "\",\"type\":\"loan\",\"parties\":[{\"name\":\"Lender " + std::to_string(i) +
               "\",\"role\":\"lender\"}]}\n";
  }
  ASSERT_EQ(::write(writer, records.data(), records.size()),
            static_cast<ssize_t>(records.size()));
  const pid_t pid = detail::spawn({mtrack_binary(), "--db", db.string(), "import", "-"}, {},
                                  dir.path().string(), fifo.string(), (dir / "out").string(),
                                  (dir / "err").string());
  // Once its records are read (the FIFO is empty), it waits for more: interrupt it then.
  for (int i = 0; i < 500; ++i) {
    int queued = 0;
    if (::ioctl(writer, FIONREAD, &queued) == 0 && queued == 0) break;
    ::usleep(10'000);
  }
  ::usleep(200'000);
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  int wstatus = 0;
  ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
  ::close(writer);
  EXPECT_EQ(detail::status_of(wstatus), 130) << read_file(dir / "err");
  EXPECT_EQ(exported(), before);
  EXPECT_FALSE(contains(run({"list", "--format", "jsonl"}).out, "held-"));
}

TEST(FindingsDocs, ManPageAndReadmeCarryTheExitTable) {
  const auto man = run_process({mtrack_binary(), "help-man"});
  ASSERT_EQ(man.status, 0) << man.err;
  const auto at = man.out.find(".SH EXIT STATUS\n");
  ASSERT_NE(at, std::string::npos);
  const std::string table = man.out.substr(at);
  for (const char* row : {".TP\n0\nSuccess.", ".TP\n1\nFindings or differences",
                          ".TP\n2\nA usage error", ".TP\n3\nA failure", ".TP\n130\nInterrupted."}) {
    EXPECT_TRUE(contains(table, row)) << row;
  }
  std::string readme = read_file(fs::path(source_dir()) / "README.md");
  for (auto& c : readme) {
    if (c == '\n') c = ' ';
  }
  EXPECT_TRUE(contains(readme, "0 success; 1 findings or differences")) << "README";
  EXPECT_TRUE(contains(readme, "2 a usage error; 3 a failure")) << "README";
  EXPECT_TRUE(contains(readme, "130 interrupted")) << "README";
}

// Issue 15: "the fixture and six comments cite spec/*.md files that are not in the
// repository". The contract documents (cli.md, data-model.md, annotation.md) live outside it,
// so no file of the repository may send a reader to them.
TEST(FindingsDocs, NothingCitesASpecFileTheRepositoryDoesNotHold) {
  const fs::path root = source_dir();
  const std::vector<std::string> cited = {"spec/", "cli.md", "data-model.md", "annotation.md"};
  std::vector<fs::path> files = {root / "README.md", root / "ARCHITECTURE.md",
                                 root / "CONTRIBUTING.md"};
  for (const char* sub : {"src", "include", "tests", "fixtures", "tools", "docs", "bench",
                          "schema", "man"}) {
    if (!fs::exists(root / sub)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root / sub)) {
      if (e.is_regular_file() && e.path().filename() != "findings_audit_test.cpp") {
        files.push_back(e.path());
      }
    }
  }
  std::size_t read = 0;
  for (const auto& f : files) {
    if (!fs::exists(f) || fs::file_size(f) > (4u << 20)) continue;
    const std::string text = read_file(f);
    ++read;
    for (const auto& name : cited) {
      const auto at = text.find(name);
      if (at == std::string::npos) continue;
      ADD_FAILURE() << f << " cites '" << name << "': "
                    << text.substr(at < 60 ? 0 : at - 60, 120);
    }
  }
  EXPECT_GT(read, 100u);
}

}  // namespace
}  // namespace mtrack::test
