// Reads never write (issue 15): reading commands open the database read-only, fail clearly on
// a missing one without creating anything, and work on a read-only file or folder (a
// published dataset on a read-only mount); writes there say the file is read-only.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "support/process.hpp"

namespace mtrack::test {
namespace {

namespace fs = std::filesystem;

const std::string k_fixtures = source_dir() + "/tests/data/seed-agreements.yaml";

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// Every reading command of the database, with its arguments.
std::vector<std::vector<std::string>> reading_commands() {
  return {{"list"},
          {"list", "--search", "cobalt"},
          {"show", "1"},
          {"report", "--by", "mineral"},
          {"export"},
          {"check"},
          {"party", "list"},
          {"rates", "list"}};
}

TEST(ReadsNeverWrite, AMissingDatabaseIsAnErrorAndNothingIsCreated) {
  TempDir dir;
  const auto db = dir / "nx" / "deep" / "x.db";
  for (const auto& args : reading_commands()) {
    SCOPED_TRACE(args.front());
    const auto o = mtrack(db, args);
    EXPECT_EQ(o.status, k_exit_failure) << o.out << o.err;
    EXPECT_TRUE(contains(o.err, "no database at '" + db.string() + "'")) << o.err;
    EXPECT_FALSE(fs::exists(dir / "nx")) << "a folder was created";
  }
  // Through MTRACK_DB as well (a typo there must not pass unnoticed).
  const auto o = run_process({mtrack_binary(), "list"}, {{"MTRACK_DB", db.string()}});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_TRUE(contains(o.err, "no database at")) << o.err;
  EXPECT_FALSE(fs::exists(dir / "nx"));
  // The writing commands that create do create.
  ASSERT_EQ(mtrack(db, {"init"}).status, 0);
  EXPECT_TRUE(fs::exists(db));
}

// Only init, add, import and extract --commit create a database; the other writes need one.
TEST(ReadsNeverWrite, OnlyTheCommandsThatCreateMakeADatabase) {
  TempDir dir;
  write_file(dir / "a.yaml", "agreements:\n  - {key: a, type: loan, parties: [X, Y]}\n");
  write_file(dir / "a.txt",
             "Acme Mining Ltd signed an offtake agreement with Blue River Metals for cobalt.\n");
  const std::vector<std::vector<std::string>> creators = {
      {"init"},
      {"add", "--type", "loan", "--party", "X", "--party", "Y"},
      {"import", (dir / "a.yaml").string()},
      {"extract", "--commit", (dir / "a.txt").string()}};
  int n = 0;
  for (const auto& args : creators) {
    SCOPED_TRACE(args.front());
    const auto db = dir / ("new-" + std::to_string(n++)) / "x.db";
    const auto o = mtrack(db, args);
    EXPECT_EQ(o.status, 0) << o.err;
    EXPECT_TRUE(fs::exists(db));
  }
  const std::vector<std::vector<std::string>> others = {
      {"edit", "1", "--title", "T"}, {"event", "1", "--date", "2025-01", "--note", "n"},
      {"rm", "1", "--yes"},          {"merge", "1", "2", "--yes"},
      {"undo", "--yes"},             {"party", "merge", "X", "Y", "--yes"},
      {"extract", (dir / "a.txt").string()}};
  for (const auto& args : others) {
    SCOPED_TRACE(args.front());
    const auto db = dir / "none" / "x.db";
    const auto o = mtrack(db, args);
    if (args.front() == "extract") {
      EXPECT_EQ(o.status, 0) << o.err;  // without --commit it needs no database at all
    } else {
      EXPECT_EQ(o.status, k_exit_failure) << o.err;
      EXPECT_TRUE(contains(o.err, "no database at '" + db.string() + "'")) << o.err;
    }
    EXPECT_FALSE(fs::exists(dir / "none"));
  }
}

// Runs mtrack as an unprivileged user when this test runs as root (root may write anything, so
// a read-only file would prove nothing); nullopt when that is not possible here.
std::optional<std::vector<std::string>> unprivileged_prefix() {
  if (::geteuid() != 0) return std::vector<std::string>{};
  if (!fs::exists("/usr/bin/setpriv")) return std::nullopt;
  return std::vector<std::string>{"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                                  "--clear-groups"};
}

class ReadOnly : public ::testing::Test {
 protected:
  void SetUp() override {
    auto prefix = unprivileged_prefix();
    if (!prefix) GTEST_SKIP() << "running as root without setpriv: cannot drop to a user";
    m_prefix = *prefix;
    folder = dir / "published";
    fs::create_directories(folder);
    db = folder / "ro.db";
    ASSERT_EQ(mtrack(db, {"import", k_fixtures}).status, 0);
    // The dataset belongs to the user the commands run as.
    if (::geteuid() == 0) {
      ASSERT_EQ(::chown(dir.path().c_str(), 65534, 65534), 0);
      for (const auto& e : fs::recursive_directory_iterator(dir.path())) {
        ASSERT_EQ(::chown(e.path().c_str(), 65534, 65534), 0);
      }
    }
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(folder, fs::perms::owner_all, fs::perm_options::add, ec);
  }

  Output as_user(std::vector<std::string> args) {
    std::vector<std::string> argv = m_prefix;
    argv.push_back(mtrack_binary());
    argv.push_back("--db");
    argv.push_back(db.string());
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }

  std::vector<std::string> listing() {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(folder)) files.push_back(e.path().filename());
    std::sort(files.begin(), files.end());
    return files;
  }

  void reads_work_and_writes_are_refused(const std::string& why) {
    const auto files = listing();
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"list"}, {"show", "1"}, {"report", "--by", "mineral"}, {"export"}}) {
      SCOPED_TRACE(args.front());
      const auto o = as_user(args);
      EXPECT_EQ(o.status, 0) << o.err;
      EXPECT_FALSE(o.out.empty());
    }
    const auto check = as_user({"check"});  // the database's own integrity, read only
    EXPECT_EQ(check.status, 0) << check.out << check.err;
    const auto list = as_user({"list", "--format", "jsonl"});
    EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), 15);
    const auto edit = as_user({"edit", "1", "--title", "changed"});
    EXPECT_EQ(edit.status, k_exit_failure);
    EXPECT_TRUE(contains(edit.err, why)) << edit.err;
    const auto rm = as_user({"rm", "1", "--yes"});
    EXPECT_EQ(rm.status, k_exit_failure);
    EXPECT_TRUE(contains(rm.err, why)) << rm.err;
    EXPECT_EQ(listing(), files) << "a file was created or removed beside the database";
    EXPECT_TRUE(contains(as_user({"show", "1"}).out, "exim-ussm-loan-2024")) << "1 was changed";
  }

  // Once the file and folder are writable again, so is the database: the reads left no
  // read-only -wal or -shm behind that would keep refusing writes (issue 14.12).
  void writable_again() {
    fs::permissions(folder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                            fs::perms::others_read);
    const auto edit = as_user({"edit", "1", "--title", "changed"});
    EXPECT_EQ(edit.status, 0) << edit.err;
    EXPECT_TRUE(contains(as_user({"show", "1"}).out, "changed")) << "the edit was not stored";
  }

  TempDir dir;
  fs::path folder;
  fs::path db;
  std::vector<std::string> m_prefix;
};

TEST_F(ReadOnly, AFileOfMode0444IsReadAndNotWritten) {
  fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  reads_work_and_writes_are_refused("read-only");
  writable_again();
}

TEST_F(ReadOnly, AReadOnlyFolderIsReadAndNotWritten) {
  fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                              fs::perms::group_exec | fs::perms::others_read |
                              fs::perms::others_exec);
  ASSERT_EQ(static_cast<int>(fs::status(folder).permissions()), 0555);
  reads_work_and_writes_are_refused("read-only");
  writable_again();
}

// Root reading another user's database (a cron job, an admin's look) leaves no file that user
// cannot write: the -wal and -shm files beside it belong to the database's owner, and the
// owner's next write works. (SQLite gives files it creates as root the database's owner.)
TEST_F(ReadOnly, RootReadingLeavesTheOwnersFilesWritable) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  for (const auto& args : reading_commands()) {
    const auto o = mtrack(db, args);
    EXPECT_EQ(o.status, 0) << args.front() << ": " << o.err;
  }
  for (const auto& e : fs::directory_iterator(folder)) {
    struct stat st {};
    ASSERT_EQ(::stat(e.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, 65534u) << e.path() << " belongs to root";
  }
  const auto edit = as_user({"edit", "1", "--title", "changed by its owner"});
  EXPECT_EQ(edit.status, 0) << edit.err;
  EXPECT_TRUE(contains(as_user({"show", "1"}).out, "changed by its owner"));
}

}  // namespace
}  // namespace mtrack::test
