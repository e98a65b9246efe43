#pragma once

// The base of the end-to-end test fixtures: a temporary directory holding a database, the
// real mtrack binary run against it, and a byte snapshot to prove a command changed nothing.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace mtrack::test {

class CliFixture : public ::testing::Test {
 protected:
  Output run(std::vector<std::string> args, const std::string& input = {}) {
    return mtrack(db, std::move(args), input);
  }
  // Writes `data` to `name` in the temporary directory; returns its path.
  std::string write(const std::string& name, const std::string& data) {
    const auto p = dir / name;
    write_file(p, data);
    return p.string();
  }
  // The database file and its WAL, byte for byte.
  std::string snapshot() const {
    std::string s;
    for (const char* suffix : {"", "-wal"}) {
      const auto p = db.string() + suffix;
      if (std::filesystem::exists(p)) s += read_file(p);
      s += '\x1e';
    }
    return s;
  }

  TempDir dir;
  std::filesystem::path db = dir / "t.db";
};

}  // namespace mtrack::test
