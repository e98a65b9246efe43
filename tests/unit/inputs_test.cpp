// Reading an input twice: an import that conflicts with another writer runs again from the
// start, which a file allows and a pipe does not.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "mtrack/formats/inputs.hpp"
#include "support/process.hpp"

namespace mtrack::test {
namespace {

std::string read_rest(Input& in) {
  std::string out;
  char buf[7];
  while (const std::size_t n = in.read(buf, sizeof buf)) out.append(buf, n);
  return out;
}

TEST(Input, AFileIsReadAgainFromWhereReadingStarted) {
  TempDir dir;
  write_file(dir / "a.jsonl", "first line\nsecond line\n");
  Input file((dir / "a.jsonl").string());
  EXPECT_EQ(read_rest(file), "first line\nsecond line\n");
  ASSERT_TRUE(file.rewind());
  EXPECT_EQ(read_rest(file), "first line\nsecond line\n");

  // Standard input redirected from a file, with the first line already taken by another
  // program: the second reading starts where the first did, not at the file's beginning.
  const int saved = ::dup(STDIN_FILENO);
  const int fd = ::open((dir / "a.jsonl").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::lseek(fd, 11, SEEK_SET), 11);
  ASSERT_EQ(::dup2(fd, STDIN_FILENO), STDIN_FILENO);
  {
    Input in("-");
    EXPECT_EQ(read_rest(in), "second line\n");
    ASSERT_TRUE(in.rewind());
    EXPECT_EQ(read_rest(in), "second line\n");
  }
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  ::close(fd);
}

TEST(Input, APipeCannotBeReadTwice) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "once\n", 5), 5);
  ::close(fds[1]);
  const int saved = ::dup(STDIN_FILENO);
  ASSERT_EQ(::dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
  {
    Input in("-");
    EXPECT_EQ(read_rest(in), "once\n");
    EXPECT_FALSE(in.rewind());
  }
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  ::close(fds[0]);
}

}  // namespace
}  // namespace mtrack::test
