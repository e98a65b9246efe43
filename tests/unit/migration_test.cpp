// Schema migrations: every past schema version kept in tests/data/schema/v<N>.db upgrades to
// the latest with its data intact and a backup beside it; a database from a newer mtrack or
// a file that is not an mtrack database is refused and left byte for byte as it was.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include <unistd.h>

#include "mtrack/storage/repository.hpp"
#include "support/measure.hpp"
#include "support/process.hpp"

namespace mtrack::test {
namespace {

namespace fs = std::filesystem;

const fs::path k_schema_dir = fs::path(source_dir()) / "tests" / "data" / "schema";

int user_version(const fs::path& db) {
  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  return d.execAndGet("PRAGMA user_version").getInt();
}

// The past versions kept under tests/data/schema: v<N>.db made from v<N>.yaml.
std::vector<int> past_versions() {
  std::vector<int> out;
  for (const auto& e : fs::directory_iterator(k_schema_dir)) {
    const std::string file = e.path().filename().string();
    if (file.size() < 5 || file.front() != 'v' || !file.ends_with(".db")) continue;
    const std::string digits = file.substr(1, file.size() - 4);
    if (digits.find_first_not_of("0123456789") != std::string::npos) continue;
    out.push_back(std::stoi(digits));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Schema 4 keeps the name an agreement used for a party ("Department of War", "EXIM") beside
// the canonical organisation; earlier schemas stored only the canonical name, so an upgraded
// database reads as the same data without those names.
constexpr int k_first_with_names_as_written = 4;

std::string without_names_as_written(const std::string& yaml) {
  std::istringstream in(yaml);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    const auto at = line.find(", as_written: ");
    if (line.find("- {name: ") != std::string::npos && at != std::string::npos &&
        line.ends_with("}")) {
      line = line.substr(0, at) + "}";
    }
    out += line + "\n";
  }
  return out;
}

TEST(Migration, EveryPastVersionIsKept) {
  const auto versions = past_versions();
  ASSERT_FALSE(versions.empty());
  // One file per version from 1 up to the one before the latest (or the latest itself while
  // there is only one).
  for (int v = 1; v < std::max(2, latest_schema_version()); ++v) {
    EXPECT_NE(std::find(versions.begin(), versions.end(), v), versions.end())
        << "tests/data/schema/v" << v << ".db is missing; see tests/data/schema/README.md";
  }
}

TEST(Migration, PastVersionsUpgradeWithBackupAndDataIntact) {
  for (int v : past_versions()) {
    SCOPED_TRACE("schema version " + std::to_string(v));
    const fs::path fixture = k_schema_dir / ("v" + std::to_string(v) + ".db");
    ASSERT_EQ(user_version(fixture), v);
    TempDir dir;
    // What the data must read as: the same YAML imported into a new database.
    const auto fresh = dir / "fresh.db";
    const auto yaml = (k_schema_dir / ("v" + std::to_string(v) + ".yaml")).string();
    ASSERT_EQ(mtrack(fresh, {"import", yaml}).status, 0);
    const auto expected = mtrack(fresh, {"export", "--format", "yaml"});
    ASSERT_EQ(expected.status, 0) << expected.err;

    const auto db = dir / "old" / "mtrack.db";
    fs::create_directories(db.parent_path());
    fs::copy_file(fixture, db);
    const std::string original = read_file(db);
    // A read command upgrades too.
    auto exported = mtrack(db, {"export", "--format", "yaml"});
    ASSERT_EQ(exported.status, 0) << exported.err;
    EXPECT_EQ(exported.out, v < k_first_with_names_as_written
                                ? without_names_as_written(expected.out)
                                : expected.out);
    EXPECT_EQ(user_version(db), latest_schema_version());

    const fs::path backup = db.string() + ".bak-v" + std::to_string(v);
    if (v < latest_schema_version()) {
      ASSERT_TRUE(fs::exists(backup));
      EXPECT_EQ(user_version(backup), v);
      SQLite::Database b(backup.string(), SQLite::OPEN_READONLY);
      EXPECT_EQ(b.execAndGet("PRAGMA integrity_check").getString(), "ok");
      SQLite::Database o(fixture.string(), SQLite::OPEN_READONLY);
      EXPECT_EQ(b.execAndGet("SELECT count(*) FROM agreements").getInt(),
                o.execAndGet("SELECT count(*) FROM agreements").getInt());
      EXPECT_EQ((fs::status(backup).permissions() & fs::perms::others_write), fs::perms::none);
      // Opening again neither migrates nor backs up again.
      ASSERT_EQ(mtrack(db, {"init"}).status, 0);
      EXPECT_EQ(files_in(db.parent_path()),
                (std::vector<std::string>{"mtrack.db", "mtrack.db.bak-v" + std::to_string(v)}));
    } else {
      EXPECT_FALSE(fs::exists(backup));
    }
    // The upgraded database works for writes, and the history records the upgrade.
    ASSERT_EQ(mtrack(db, {"import", yaml}).status, 0);
    EXPECT_EQ(mtrack(db, {"export", "--format", "yaml"}).out, expected.out);
    if (latest_schema_version() >= 2) {
      SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
      EXPECT_EQ(d.execAndGet("SELECT count(*) FROM schema_history").getInt(),
                latest_schema_version());
      EXPECT_EQ(d.execAndGet("SELECT max(version) FROM schema_history").getInt(),
                latest_schema_version());
    }
  }
}

TEST(Migration, NewDatabaseRecordsItsHistoryAndNeedsNoBackup) {
  TempDir dir;
  const auto db = dir / "new.db";
  auto o = mtrack(db, {"init"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(files_in(dir.path()), std::vector<std::string>{"new.db"});
  EXPECT_EQ(user_version(db), latest_schema_version());
}

// A migration killed while it wrote its backup leaves <db>.bak-vN.tmp-PID; the next upgrade
// removes those of processes that no longer run, and keeps one that a live process is still
// writing (issue 14.12).
TEST(Migration, AbandonedBackupsAreRemovedByTheNextUpgrade) {
  TempDir dir;
  const auto db = dir / "mtrack.db";
  fs::copy_file(k_schema_dir / "v1.db", db);
  // A pid above any pid_max (2^22) belongs to no process.
  const std::string dead = "mtrack.db.bak-v1.tmp-999999999";
  const std::string alive = "mtrack.db.bak-v1.tmp-" + std::to_string(::getpid());
  write_file(dir / dead, "half a backup");
  write_file(dir / alive, "a backup being written");
  const auto o = mtrack(db, {"export"});
  ASSERT_EQ(o.status, 0) << o.err;
  auto files = files_in(dir.path());
  std::erase_if(files, [](const std::string& f) { return f.ends_with("-wal") || f.ends_with("-shm"); });
  EXPECT_EQ(files, (std::vector<std::string>{"mtrack.db", "mtrack.db.bak-v1", alive}));
}

// Runs reading and writing commands on `db` and expects each to fail with `message` and
// leave the directory exactly as it was.
void expect_refused(const fs::path& db, const std::string& message) {
  const auto before = digest({db});
  const auto listing = files_in(db.parent_path());
  const std::vector<std::vector<std::string>> commands = {
      {"init"},
      {"list"},
      {"add", "--type", "mou", "--party", "DoD"},
      {"show", "1"},
      {"import", (k_schema_dir / "v1.yaml").string()},
      {"export"},
      {"report"}};
  for (const auto& args : commands) {
    auto o = mtrack(db, args);
    EXPECT_EQ(o.status, k_exit_failure) << args[0];
    EXPECT_EQ(o.err, message + "\n") << args[0];
    EXPECT_EQ(digest({db}), before) << args[0];
    EXPECT_EQ(files_in(db.parent_path()), listing) << args[0];
  }
}

TEST(Migration, NewerDatabaseIsRefusedAndUntouched) {
  TempDir dir;
  const auto db = dir / "newer.db";
  fs::copy_file(k_schema_dir / "v1.db", db);
  const int newer = latest_schema_version() + 1;
  {
    SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
    d.exec("PRAGMA user_version = " + std::to_string(newer));
  }
  expect_refused(db, "mtrack: database '" + db.string() + "' has schema version " +
                         std::to_string(newer) + ", newer than this mtrack knows (" +
                         std::to_string(latest_schema_version()) + "); upgrade mtrack");
}

TEST(Migration, RandomBytesAreRefusedAndUntouched) {
  TempDir dir;
  const auto db = dir / "random.db";
  std::mt19937 rng(7);
  std::string bytes(8192, '\0');
  for (auto& c : bytes) c = static_cast<char>(rng());
  write_file(db, bytes);
  expect_refused(
      db, "mtrack: '" + db.string() + "' is not an mtrack database (file is not a database)");
}

TEST(Migration, TextFileIsRefusedAndUntouched) {
  TempDir dir;
  const auto db = dir / "notes.txt";
  write_file(db, "agreements:\n  - key: not-a-database\n");
  expect_refused(
      db, "mtrack: '" + db.string() + "' is not an mtrack database (file is not a database)");
}

TEST(Migration, OtherApplicationsDatabaseIsRefusedAndUntouched) {
  TempDir dir;
  for (const int app_id : {0, 42}) {
    const auto db = dir / ("other-" + std::to_string(app_id) + ".db");
    {
      SQLite::Database d(db.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      d.exec("PRAGMA application_id = " + std::to_string(app_id));
      if (app_id == 0) d.exec("CREATE TABLE agreements (id INTEGER PRIMARY KEY, what TEXT)");
    }
    expect_refused(db, "mtrack: '" + db.string() + "' is not an mtrack database");
  }
}

}  // namespace
}  // namespace mtrack::test
