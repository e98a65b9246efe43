// File safety: databases and backups follow the user's umask but are never world-writable,
// and a symlinked database path is refused when following it could write into another
// user's file.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtrack/storage/repository.hpp"
#include "support/measure.hpp"
#include "support/process.hpp"

namespace mtrack::test {
namespace {

namespace fs = std::filesystem;

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

// Runs mtrack with this umask (the child inherits it).
Output with_umask(mode_t mask, const fs::path& db, std::vector<std::string> args) {
  const mode_t old = ::umask(mask);
  auto o = mtrack(db, std::move(args));
  ::umask(old);
  return o;
}

TEST(FileSafety, NewDatabaseFollowsUmaskButIsNeverWorldWritable) {
  TempDir dir;
  for (const auto& [mask, expected] :
       std::vector<std::pair<mode_t, mode_t>>{{022, 0644}, {077, 0600}, {002, 0664}, {000, 0664}}) {
    const auto db = dir / ("umask-" + std::to_string(mask) + ".db");
    auto o = with_umask(mask, db, {"add", "--type", "mou", "--party", "DoD"});
    ASSERT_EQ(o.status, 0) << o.err;
    EXPECT_EQ(mode_of(db), expected) << "umask " << std::oct << mask;
  }
}

TEST(FileSafety, BackupFollowsUmaskButIsNeverWorldWritable) {
  if (latest_schema_version() < 2) GTEST_SKIP() << "no upgrade to back up yet";
  TempDir dir;
  for (const auto& [mask, expected] :
       std::vector<std::pair<mode_t, mode_t>>{{022, 0644}, {077, 0600}, {000, 0664}}) {
    const auto db = dir / ("b" + std::to_string(mask)) / "mtrack.db";
    fs::create_directories(db.parent_path());
    fs::copy_file(fs::path(source_dir()) / "tests/data/schema/v1.db", db);
    auto o = with_umask(mask, db, {"init"});
    ASSERT_EQ(o.status, 0) << o.err;
    EXPECT_EQ(mode_of(db.string() + ".bak-v1"), expected) << "umask " << std::oct << mask;
  }
}

TEST(FileSafety, SymlinkToOwnFileIsFollowed) {
  TempDir dir;
  const auto target = dir / "real.db";
  const auto link = dir / "link.db";
  fs::create_symlink(target, link);
  ASSERT_EQ(mtrack(link, {"add", "--type", "mou", "--party", "DoD"}).status, 0);
  EXPECT_TRUE(fs::is_regular_file(target));
  EXPECT_TRUE(fs::is_symlink(link));
  auto o = mtrack(link, {"list", "--format", "jsonl"});
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 1);
}

class FileSafetyAsRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to give files to another user";
  }
  static constexpr uid_t k_nobody = 65534;
};

// The link is ours, the file it points to is another user's: refused, file untouched.
TEST_F(FileSafetyAsRoot, SymlinkToAnotherUsersFileIsRefused) {
  TempDir dir;
  const auto target = dir / "theirs.db";
  ASSERT_EQ(mtrack(target, {"init"}).status, 0);
  ASSERT_EQ(::chown(target.c_str(), k_nobody, k_nobody), 0);
  const auto link = dir / "mine.db";
  fs::create_symlink(target, link);
  const auto before = digest({target});
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"add", "--type", "mou", "--party", "DoD"},
        std::vector<std::string>{"list"}}) {
    auto o = mtrack(link, args);
    EXPECT_EQ(o.status, k_exit_failure);
    EXPECT_EQ(o.err, "mtrack: refusing to open database '" + link.string() +
                         "': it is a symbolic link to '" + target.string() +
                         "' and the link and the file it points to belong to different users\n");
  }
  EXPECT_EQ(digest({target}), before);
}

// In a world-writable directory such as /tmp, another user's link to another user's file
// (or to where one could be created) is refused.
TEST_F(FileSafetyAsRoot, PlantedSymlinkInSharedDirectoryIsRefused) {
  TempDir dir;
  const auto shared = dir / "tmp";
  fs::create_directories(shared);
  ASSERT_EQ(::chmod(shared.c_str(), 01777), 0);
  const auto target = shared / "planted.db";
  write_file(target, "");
  ASSERT_EQ(::chown(target.c_str(), k_nobody, k_nobody), 0);
  const auto link = shared / "mtrack.db";
  fs::create_symlink(target, link);
  ASSERT_EQ(::lchown(link.c_str(), k_nobody, k_nobody), 0);
  auto o = mtrack(link, {"init"});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(o.err, "mtrack: refusing to open database '" + link.string() +
                       "': it is a symbolic link to '" + target.string() +
                       "' and it is in a world-writable directory and points to another "
                       "user's file\n");
  EXPECT_EQ(fs::file_size(target), 0u);

  const auto dangling = shared / "dangling.db";
  fs::create_symlink(shared / "nowhere.db", dangling);
  ASSERT_EQ(::lchown(dangling.c_str(), k_nobody, k_nobody), 0);
  o = mtrack(dangling, {"init"});
  EXPECT_EQ(o.status, k_exit_failure) << o.err;
  EXPECT_FALSE(fs::exists(shared / "nowhere.db"));

  // The user's own link in the same directory is fine.
  const auto own = shared / "own.db";
  fs::create_symlink(shared / "own-target.db", own);
  EXPECT_EQ(mtrack(own, {"init"}).status, 0);
}

}  // namespace
}  // namespace mtrack::test
