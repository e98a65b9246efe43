// End-to-end tests of mtrack as a terminal tool: tables and colour in a real terminal (tmux),
// the interactive add, progress, the configuration file, shell completion, the man page,
// --help examples, install layout and error messages.

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "mtrack/domain/model.hpp"
#include "mtrack/util/text.hpp"
#include "support/process.hpp"
#include "support/terminal.hpp"

namespace mtrack::test {
namespace {

const std::string k_fixtures = source_dir() + "/tests/data/seed-agreements.yaml";

// Agreements whose names take more (or fewer) terminal columns than bytes.
const std::string k_unicode_yaml = R"(agreements:
  - key: societe-offtake
    type: offtake
    title: "Société Minière offtake — cobalt hydroxide for 株式会社 Sumitomo, five years"
    status: signed
    parties:
      - {name: "Société Minière du Katanga", role: seller}
      - {name: "株式会社 住友金属鉱山", role: buyer}
    minerals: [cobalt]
    value: {amount: 125000000, currency: EUR}
    announced: 2025-01
  - key: jogmec-loan
    type: loan
    title: "JOGMEC loan — 日本の重要鉱物"
    status: approved
    parties:
      - {name: "独立行政法人エネルギー・金属鉱物資源機構", role: lender}
      - {name: "Société Générale", role: other}
    minerals: [nickel, cobalt]
    announced: 2025-02
)";

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// The text of `line` from display column `col` on.
std::string from_column(const std::string& line, std::size_t col) {
  std::size_t i = 0;
  while (i < line.size() && text::display_width(line.substr(0, i)) < col) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
  }
  return line.substr(i);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

#define REQUIRE_TMUX() \
  if (!Tmux::available()) GTEST_SKIP() << "tmux is not installed"

class Ux : public ::testing::Test {
 protected:
  void SetUp() override {
    db = dir / "t.db";
    ASSERT_EQ(run({"import", k_fixtures}).status, 0);
    write_file(dir / "unicode.yaml", k_unicode_yaml);
    auto o = run({"import", (dir / "unicode.yaml").string()});
    ASSERT_EQ(o.status, 0) << o.err;
  }
  Output run(std::vector<std::string> args, const std::string& input = {},
             std::map<std::string, std::string> env = {}) {
    return mtrack(db, std::move(args), input, std::move(env));
  }
  // A shell command line that runs mtrack on the test database.
  std::string command(const std::string& args, const std::string& env = "") {
    return env + (env.empty() ? "" : " ") + shell_quote(mtrack_binary()) + " --db " +
           shell_quote(db.string()) + " " + args;
  }

  TempDir dir;
  std::filesystem::path db;
};

// ---- tables and colour --------------------------------------------------------------------

TEST_F(Ux, TableFitsTheTerminalAndAlignsByDisplayWidth) {
  REQUIRE_TMUX();
  for (int width : {80, 120, 160, 60}) {
    Tmux t(dir.path(), command("list"), width, 40);
    ASSERT_TRUE(t.wait_for("[exit 0]")) << t.screen();
    const auto screen = lines_of(t.screen());
    ASSERT_GT(screen.size(), 3u);
    const std::string& header = screen[0];
    ASSERT_EQ(header.rfind("ID  KEY", 0), 0u) << header;
    const std::size_t type_col = text::display_width(header.substr(0, header.find("TYPE")));
    const std::size_t status_col = text::display_width(header.substr(0, header.find("STATUS")));
    // On a narrow terminal MINERALS gives way first (--wide prints it).
    const bool has_minerals = header.find("MINERALS") != std::string::npos;
    EXPECT_EQ(has_minerals, width >= 120) << header;
    EXPECT_EQ(header.find("PARTIES") != std::string::npos, width >= 100) << header;
    const std::size_t minerals_col = text::display_width(header.substr(0, header.find("MINERALS")));
    bool saw_wide = false;
    for (const auto& line : screen) {
      if (line.empty() || contains(line, "[exit")) continue;
      EXPECT_LE(text::display_width(line), static_cast<std::size_t>(width)) << line;
      if (&line == &screen[0]) continue;
      // Every row has its type, status and minerals where the header says.
      const std::string type = from_column(line, type_col);
      const std::string status = from_column(line, status_col);
      const auto& types = agreement_type_names();
      EXPECT_TRUE(std::any_of(
          types.begin(), types.end(),
          [&](std::string_view name) { return type.rfind(std::string(name) + " ", 0) == 0; }))
          << "width " << width << ": " << line;
      EXPECT_NE(status.front(), ' ') << line;
      if (has_minerals) {
        EXPECT_NE(from_column(line, minerals_col).front(), ' ') << line;
      }
      if (contains(line, "株式会社") || contains(line, "Société")) saw_wide = true;
    }
    if (width >= 120) {
      EXPECT_TRUE(saw_wide) << t.screen();
    }
    // The key is shown whole at 80 columns and more, and the title gets the spare width.
    if (width >= 80) {
      EXPECT_TRUE(contains(t.screen(), " exim-ussm-l")) << t.screen();
    }
    if (width >= 160) {
      EXPECT_TRUE(contains(t.screen(), " exim-ussm-loan-2024 ")) << t.screen();
    }
  }
}

TEST_F(Ux, ColourOnATerminalOnly) {
  REQUIRE_TMUX();
  {
    Tmux t(dir.path(), command("list"));
    ASSERT_TRUE(t.wait_for("[exit 0]"));
    EXPECT_TRUE(contains(t.screen(true), "\x1b[")) << "no colour on a terminal";
  }
  for (const auto& [args, env] : std::vector<std::pair<std::string, std::string>>{
           {"list", "NO_COLOR=1"}, {"--color never list", ""}, {"list --color never", ""}}) {
    Tmux t(dir.path(), command(args, env));
    ASSERT_TRUE(t.wait_for("[exit 0]"));
    EXPECT_FALSE(contains(t.screen(true), "\x1b[")) << args << " " << env;
  }
  // Piped: none, unless forced.
  auto piped = run({"list"}, {}, {{"NO_COLOR", ""}});
  EXPECT_FALSE(contains(piped.out, "\x1b"));
  auto forced = run({"list", "--color", "always"});
  EXPECT_TRUE(contains(forced.out, "\x1b[32m")) << forced.out;
}

// ---- interactive add ----------------------------------------------------------------------

TEST_F(Ux, AddAsksForMissingFieldsWithCompletionAndValidation) {
  REQUIRE_TMUX();
  Tmux t(dir.path(), command("add"), 100, 40);
  ASSERT_TRUE(t.wait_for("type: ")) << t.screen();
  t.type("lo");
  t.keys({"Tab"});  // "loan" and "loi": the candidates are listed
  ASSERT_TRUE(t.wait_for("loi")) << t.screen();
  t.type("a");
  t.keys({"Tab"});
  ASSERT_TRUE(t.wait_for("type: loan")) << t.screen();
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("party (NAME or NAME:ROLE): ")) << t.screen();
  t.type("Glen");
  t.keys({"Tab"});
  ASSERT_TRUE(t.wait_for("party (NAME or NAME:ROLE): Glencore")) << t.screen();
  t.type(":len");
  t.keys({"Tab"});
  ASSERT_TRUE(t.wait_for("Glencore:lender")) << t.screen();
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("party 2 (Enter when done): ")) << t.screen();
  t.type("Acme Cobalt:borrowr");
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("unknown role 'borrowr' (did you mean 'borrower'?)")) << t.screen();
  t.type("Acme Cobalt:borrowe");  // a bad answer is asked again, on a fresh line
  t.keys({"BSpace"});
  t.type("er");
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("party 3 (Enter when done): ")) << t.screen();
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("title (optional): ")) << t.screen();
  t.type("Glencore loan for Acme");
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("minerals, comma-separated (optional): ")) << t.screen();
  t.type("cobal");
  t.keys({"Tab"});
  t.type(", cobals");
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("unknown mineral 'cobals' (did you mean 'cobalt'?)")) << t.screen();
  t.type("cobalt, Ni");
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("value, like US$400 million (optional): ")) << t.screen();
  t.type("lots");
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("cannot read 'lots' as money")) << t.screen();
  t.type("US$5 million");
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("announced, like 2024-08 (optional): ")) << t.screen();
  t.type("2025-02");
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("status [unknown]: ")) << t.screen();
  t.keys({"Enter"});
  ASSERT_TRUE(t.wait_for("[exit 0]")) << t.screen();

  auto o = run({"list", "--party", "Glencore", "--type", "loan", "--format", "json"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.out, R"("title":"Glencore loan for Acme")")) << o.out;
  EXPECT_TRUE(contains(o.out, R"({"name":"Glencore","role":"lender"})")) << o.out;
  EXPECT_TRUE(contains(o.out, R"({"name":"Acme Cobalt","role":"borrower"})")) << o.out;
  EXPECT_TRUE(contains(o.out, R"("minerals":["cobalt","nickel"])")) << o.out;
  EXPECT_TRUE(contains(o.out, R"("value":{"amount":5000000,"currency":"USD")")) << o.out;
  EXPECT_TRUE(contains(o.out, R"("announced":"2025-02")")) << o.out;
  EXPECT_TRUE(contains(o.out, R"("status":"unknown")")) << o.out;
}

TEST_F(Ux, AddCancelledOnATerminalStoresNothing) {
  REQUIRE_TMUX();
  Tmux t(dir.path(), command("add --title 'Half done'"));
  ASSERT_TRUE(t.wait_for("type: ")) << t.screen();
  t.keys({"C-c"});
  ASSERT_TRUE(t.wait_for("[exit 3]")) << t.screen();
  EXPECT_TRUE(contains(t.screen(), "mtrack: add: cancelled; nothing stored")) << t.screen();
  EXPECT_EQ(run({"list", "--search", "Half"}).out, "no agreements\n");
}

TEST_F(Ux, AddFromAPipeNeverAsks) {
  auto o = run({"add", "--title", "x"}, "loan\nGlencore\n");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err, "mtrack: add: missing --type, --party (see 'mtrack add --help')\n");
  EXPECT_EQ(o.out, "");
}

// ---- progress -----------------------------------------------------------------------------

TEST_F(Ux, ProgressOnATerminalOnly) {
  REQUIRE_TMUX();
  std::string files;
  std::vector<std::string> args = {"import"};
  for (int i = 0; i < 40; ++i) {
    const auto p = dir / ("part-" + std::to_string(i) + ".yaml");
    std::string yaml = k_unicode_yaml;  // keys unique across the files
    for (const std::string key : {"societe-offtake", "jogmec-loan"}) {
      yaml.replace(yaml.find(key), key.size(), key + "-" + std::to_string(i));
    }
    write_file(p, yaml);
    files += " " + shell_quote(p.string());
    args.push_back(p.string());
  }
  {
    Tmux t(dir.path(), command("import" + files, "MTRACK_PROGRESS_DELAY_MS=0"));
    ASSERT_TRUE(t.wait_for("[exit 0]")) << t.screen();
    const std::string raw = t.raw();
    EXPECT_TRUE(contains(raw, "import: 40/40 files")) << raw;
    EXPECT_TRUE(contains(raw, "/s")) << raw;
    EXPECT_TRUE(contains(raw, "ETA")) << raw;
    // Erased when done: the screen keeps only the result.
    EXPECT_FALSE(contains(t.screen(), "files")) << t.screen();
    EXPECT_TRUE(contains(t.screen(), "imported 80 agreements")) << t.screen();
  }
  {
    Tmux t(dir.path(), command("-q import" + files, "MTRACK_PROGRESS_DELAY_MS=0"));
    ASSERT_TRUE(t.wait_for("[exit 0]")) << t.screen();
    EXPECT_FALSE(contains(t.raw(), "import: 40/40")) << t.raw();
  }
  auto piped = run(args, {}, {{"MTRACK_PROGRESS_DELAY_MS", "0"}});
  ASSERT_EQ(piped.status, 0) << piped.err;
  EXPECT_EQ(piped.err, "imported 80 agreements (0 added, 0 updated, 80 unchanged)\n");
}

// ---- configuration ------------------------------------------------------------------------

class Config : public ::testing::Test {
 protected:
  Output run(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), mtrack_binary());
    env.emplace("XDG_CONFIG_HOME", (dir / "config").string());
    env.emplace("NO_COLOR", "");  // unset unless a test sets it
    return run_process(args, env);
  }
  void write_config(const std::string& yaml) {
    std::filesystem::create_directories(dir / "config" / "mtrack");
    write_file(dir / "config" / "mtrack" / "config.yaml", yaml);
  }
  std::string file() const { return (dir / "config" / "mtrack" / "config.yaml").string(); }

  TempDir dir;
};

TEST_F(Config, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  write_config("# mine\ndb: " + (dir / "file.db").string() + "\nformat: jsonl\ncolor: never\n");
  auto o = run({"import", k_fixtures});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "file.db"));

  o = run({"list", "--limit", "1"});  // format from the file
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out.rfind("{\"schema_version\":2,\"id\":1,", 0), 0u) << o.out;
  o = run({"list", "--limit", "1"}, {{"MTRACK_FORMAT", "csv"}});
  EXPECT_EQ(o.out.rfind("id,key,type", 0), 0u) << o.out;
  o = run({"list", "--limit", "1", "--format", "yaml"}, {{"MTRACK_FORMAT", "csv"}});
  EXPECT_EQ(o.out.rfind("schema_version:", 0), 0u) << o.out;
  // A default format a command does not offer gives way to the command's own.
  o = run({"minerals", "cobalt"});
  EXPECT_EQ(o.status, 0) << o.err;

  o = run({"config"});
  ASSERT_EQ(o.status, 0) << o.err;
  const auto lines = lines_of(o.out);
  ASSERT_GE(lines.size(), 4u) << o.out;
  EXPECT_EQ(lines[0].rfind("SETTING  VALUE", 0), 0u) << o.out;
  EXPECT_EQ(lines[1], "db       " + (dir / "file.db").string() + "  file (" + file() + ":2)");
  EXPECT_EQ(lines[2].rfind("format   jsonl   ", 0), 0u) << o.out;
  EXPECT_TRUE(contains(lines[2], "  file (" + file() + ":3)")) << o.out;
  EXPECT_EQ(lines[3].rfind("color    never   ", 0), 0u) << o.out;
  EXPECT_TRUE(contains(o.out, "config file: " + file() + "\n")) << o.out;

  o = run({"--db", (dir / "flag.db").string(), "--color", "never", "config"},
          {{"MTRACK_DB", "env.db"}, {"NO_COLOR", "1"}});
  EXPECT_TRUE(contains(o.out, "flag (--db)")) << o.out;
  EXPECT_TRUE(contains(o.out, "flag (--color)")) << o.out;
  o = run({"config"}, {{"MTRACK_DB", (dir / "env.db").string()}, {"NO_COLOR", "1"}});
  EXPECT_TRUE(contains(o.out, "environment (MTRACK_DB)")) << o.out;
  EXPECT_EQ(lines_of(o.out)[3].rfind("color    never   ", 0), 0u) << o.out;
  EXPECT_TRUE(contains(lines_of(o.out)[3], "  environment (NO_COLOR)")) << o.out;
}

TEST_F(Config, DefaultsWithoutAFile) {
  auto o = run({"config"}, {{"NO_COLOR", ""}, {"XDG_DATA_HOME", (dir / "data").string()}});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.out, (dir / "data" / "mtrack" / "mtrack.db").string() + "  default"))
      << o.out;
  EXPECT_TRUE(contains(o.out, "\ncolor    auto  ")) << o.out;
  EXPECT_TRUE(contains(o.out, file() + " (not found)")) << o.out;
}

// A PostgreSQL password in the database setting (file, environment or flag) is shown as ***
// by `config` in every format; nothing connects to the server to show it.
TEST_F(Config, PasswordsInTheDatabaseSettingAreNeverPrinted) {
  const std::string uri = "postgresql://ana:s3cret-pw@db.invalid/deals";
  write_config("db: " + uri + "\n");
  for (const auto& env : std::vector<std::map<std::string, std::string>>{
           {}, {{"MTRACK_DB", uri + "?sslmode=disable"}}}) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"config"}, {"config", "--format", "json"}, {"--format", "json", "config"}}) {
      const auto o = run(args, env);
      ASSERT_EQ(o.status, 0) << o.err;
      EXPECT_FALSE(contains(o.out + o.err, "s3cret")) << o.out << o.err;
      EXPECT_TRUE(contains(o.out, "ana:***@db.invalid")) << o.out;
    }
  }
}

TEST_F(Config, BadFileIsOneLineWithFileAndLine) {
  write_config("db: x.db\ncolour: never\n");
  auto o = run({"list"});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(o.err, "mtrack: " + file() +
                       ":2:1: unknown setting 'colour' (did you mean 'color'?) (known: db, "
                       "format, color)\n");
  write_config("format: jsn\n");
  o = run({"config"});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(o.err, "mtrack: " + file() +
                       ":1:9: format: unknown value 'jsn' (did you mean 'json'?) (one of: "
                       "table, json, jsonl, csv, yaml, markdown)\n");
  write_config("db: [a\n");
  o = run({"config"});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(o.err.rfind("mtrack: " + file() + ":2:1: ", 0), 0u) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  // Commands that need no settings still work.
  EXPECT_EQ(run({"--version"}).status, 0);
  EXPECT_EQ(run({"completion", "bash"}).status, 0);
}

// ---- completion, man page, help -----------------------------------------------------------

class Completion : public ::testing::Test {
 protected:
  void SetUp() override {
    auto o = run_process({mtrack_binary(), "completion", "bash"});
    ASSERT_EQ(o.status, 0) << o.err;
    write_file(dir / "mtrack.bash", o.out);
  }
  // The candidates bash offers for the command line `words` (the last word is completed).
  std::vector<std::string> complete(const std::vector<std::string>& words) {
    std::string array;
    for (const auto& w : words) array += " " + shell_quote(w);
    const std::string script = "source " + shell_quote((dir / "mtrack.bash").string()) +
                               "; COMP_WORDS=(" + array +
                               "); COMP_CWORD=" + std::to_string(words.size() - 1) +
                               "; _mtrack; printf '%s\\n' \"${COMPREPLY[@]}\"";
    auto o = run_process({"/bin/bash", "-c", script});
    EXPECT_EQ(o.status, 0) << o.err;
    auto out = lines_of(o.out);
    out.erase(std::remove(out.begin(), out.end(), ""), out.end());
    std::sort(out.begin(), out.end());
    return out;
  }
  TempDir dir;
};

using Words = std::vector<std::string>;

TEST_F(Completion, BashCompletesCommandsFlagsAndValues) {
  EXPECT_EQ(complete({"mtrack", "li"}), Words{"list"});
  EXPECT_EQ(complete({"mtrack", "co"}), (Words{"completion", "config", "copy"}));
  EXPECT_EQ(complete({"mtrack", "list", "--rev"}), Words{"--reverse"});
  EXPECT_EQ(complete({"mtrack", "list", "--mineral", "coba"}), Words{"cobalt"});
  EXPECT_EQ(complete({"mtrack", "list", "-m", "rare-e"}), Words{"rare-earths"});
  EXPECT_EQ(complete({"mtrack", "list", "--type", "lo"}), (Words{"loan", "loi"}));
  EXPECT_EQ(complete({"mtrack", "add", "--status", "si"}), Words{"signed"});
  EXPECT_EQ(complete({"mtrack", "--format", "js"}), (Words{"json", "jsonl"}));
  EXPECT_EQ(complete({"mtrack", "--db", "x.db", "list", "--sort", "v"}), Words{"value"});
  EXPECT_EQ(complete({"mtrack", "list", "--color", "n"}), Words{"never"});
  EXPECT_EQ(complete({"mtrack", "completion", "f"}), Words{"fish"});
  EXPECT_EQ(complete({"mtrack", "report", "--by", "mi"}), Words{"mineral"});
  EXPECT_EQ(complete({"mtrack", "list", "--title", "x"}), Words{});  // free text
  const auto minerals = complete({"mtrack", "minerals", ""});
  EXPECT_NE(std::find(minerals.begin(), minerals.end(), "tungsten"), minerals.end());
  // Hidden commands are not offered.
  EXPECT_EQ(complete({"mtrack", "help-"}), Words{});
}

TEST_F(Completion, ScriptsAreDeterministicAndParse) {
  for (const std::string shell : {"bash", "zsh", "fish"}) {
    auto a = run_process({mtrack_binary(), "completion", shell});
    auto b = run_process({mtrack_binary(), "completion", shell});
    ASSERT_EQ(a.status, 0) << a.err;
    EXPECT_EQ(a.out, b.out);
    EXPECT_TRUE(contains(a.out, "cobalt")) << shell;
    EXPECT_TRUE(contains(a.out, "reverse")) << shell;
    write_file(dir / ("script." + shell), a.out);
  }
  auto bash = run_process({"/bin/bash", "-n", (dir / "script.bash").string()});
  EXPECT_EQ(bash.status, 0) << bash.err;
  for (const std::string shell : {"zsh", "fish"}) {
    const std::string path = "/usr/bin/" + shell;
    if (::access(path.c_str(), X_OK) != 0) continue;  // not installed: syntax unchecked
    auto o = run_process({path, "-n", (dir / ("script." + shell)).string()});
    EXPECT_EQ(o.status, 0) << shell << ": " << o.err;
  }
  auto bad = run_process({mtrack_binary(), "completion", "tcsh"});
  EXPECT_EQ(bad.status, 2);
}

TEST(Docs, EveryCommandHelpHasExamples) {
  auto top = run_process({mtrack_binary(), "--help"});
  ASSERT_EQ(top.status, 0);
  EXPECT_TRUE(contains(top.out, "Examples:"));
  std::vector<std::string> commands;
  bool in_list = false;
  for (const auto& line : lines_of(top.out)) {
    if (line == "Subcommands:" || line == "SUBCOMMANDS:") {
      in_list = true;
    } else if (in_list && line.size() > 2 && line[0] == ' ' && line[2] != ' ') {
      commands.push_back(line.substr(2, line.find(' ', 2) - 2));
    } else if (in_list && !line.empty() && line[0] != ' ') {
      in_list = false;
    }
  }
  ASSERT_GE(commands.size(), 14u) << top.out;
  for (const auto& c : commands) {
    auto o = run_process({mtrack_binary(), c, "--help"});
    EXPECT_EQ(o.status, 0) << c;
    const auto examples = o.out.find("Examples");
    EXPECT_NE(examples, std::string::npos) << c << "\n" << o.out;
    EXPECT_NE(o.out.find("\n  mtrack " + c, examples), std::string::npos) << c << "\n" << o.out;
  }
}

TEST(Docs, ManPageIsGeneratedFromTheDefinitionsAndRenders) {
  auto o = run_process({mtrack_binary(), "help-man"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out.rfind(".TH MTRACK 1 ", 0), 0u);
  for (const char* c : {"list", "add", "import", "extract", "report", "config", "completion"}) {
    EXPECT_TRUE(contains(o.out, std::string(".SS \"mtrack ") + c)) << c;
  }
  EXPECT_TRUE(contains(o.out, "\\fB\\-\\-mineral\\fR, \\fB\\-m\\fR \\fINAME\\fR"));
  // The build wrote the same page next to the binary.
  const auto built = std::filesystem::path(mtrack_binary()).parent_path() / "share" / "mtrack.1";
  if (std::filesystem::exists(built)) {
    EXPECT_EQ(read_file(built), o.out);
  }
  if (::access("/usr/bin/groff", X_OK) == 0) {
    TempDir d;
    write_file(d / "mtrack.1", o.out);
    auto g =
        run_process({"/usr/bin/groff", "-man", "-Tutf8", "-ww", "-z", (d / "mtrack.1").string()});
    EXPECT_EQ(g.status, 0);
    EXPECT_EQ(g.err, "");
  }
}

TEST(Install, PutsBinaryManPageAndCompletionsInStandardPlaces) {
  const auto build = std::filesystem::path(mtrack_binary()).parent_path();
  if (!std::filesystem::exists(build / "cmake_install.cmake")) GTEST_SKIP() << "no build tree";
  TempDir prefix;
  auto o = run_process(
      {"/usr/bin/cmake", "--install", build.string(), "--prefix", prefix.path().string()});
  ASSERT_EQ(o.status, 0) << o.out << o.err;
  for (const char* p :
       {"bin/mtrack", "share/man/man1/mtrack.1", "share/bash-completion/completions/mtrack",
        "share/zsh/vendor-completions/_mtrack", "share/fish/vendor_completions.d/mtrack.fish"}) {
    EXPECT_TRUE(std::filesystem::exists(prefix / p)) << p;
  }
  auto v = run_process({(prefix / "bin" / "mtrack").string(), "--version"});
  EXPECT_EQ(v.out, "mtrack " MTRACK_VERSION "\n");
}

// ---- errors -------------------------------------------------------------------------------

TEST_F(Ux, BadGlobalValuesSayWhatAndSuggest) {
  auto o = run({"list", "--format", "jsn"});
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err,
            "mtrack: --format: unknown format 'jsn' (did you mean 'json'?) (one of: "
            "table, json, jsonl, csv, yaml, markdown)\n");
  o = run({"--color", "sometimes", "list"});
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err, "mtrack: --color: unknown value 'sometimes' (one of: auto, always, never)\n");
  o = run({"list", "--sort", "vlaue"});
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err,
            "mtrack: list: --sort: unknown value 'vlaue' (did you mean 'value'?) (one of: "
            "date, value, id)\n");
  o = run({"lst"});
  EXPECT_EQ(o.err, "mtrack: unknown command 'lst' (did you mean 'list'?)\n");
}

// Only the command the arguments name is declared (start-up cost), so finding it must skip
// global options and their values, with or without '='.
TEST_F(Ux, TheCommandIsFoundPastGlobalOptions) {
  const std::string other = (dir / "list").string();  // a database file named like a command
  auto o = run_process(
      {mtrack_binary(), "-q", "--db", other, "--format", "jsonl", "import", k_fixtures});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.err, "");  // --quiet reached the command
  o = run_process({mtrack_binary(), "--format=json", "--db=" + other, "list", "--mineral", "Co"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out.rfind("[", 0), 0u) << o.out;
  EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 4 + 2) << o.out;  // [, 4 cobalt deals, ]
  o = run_process({mtrack_binary(), "--db", other, "--version"});
  EXPECT_EQ(o.out, "mtrack " MTRACK_VERSION "\n");
  // A flag of another command is still an unknown flag of this one.
  o = run_process({mtrack_binary(), "--db", other, "list", "--dry-run"});
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err, "mtrack: list: unknown flag '--dry-run'\n");
}

}  // namespace
}  // namespace mtrack::test
