#pragma once

// Test support for the reliability tests: run a program and measure its wall time and peak
// memory (wait4's rusage of that one child), start one in the background and kill it, and
// take a digest of files to prove they did not change.

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace mtrack::test {

struct Measured {
  Output output;
  double seconds = 0;
  long peak_rss_kb = 0;
};

// Runs `argv` to completion with stdin from the file `stdin_path` ("/dev/null" for none).
inline Measured run_measured(const std::vector<std::string>& argv,
                             const std::string& stdin_path = "/dev/null",
                             const std::map<std::string, std::string>& env = {}) {
  TempDir io;
  const auto out_path = (io / "stdout").string();
  const auto err_path = (io / "stderr").string();
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = detail::spawn(argv, env, "/nonexistent", stdin_path, out_path, err_path);
  int wstatus = 0;
  struct rusage usage {};
  ::wait4(pid, &wstatus, 0, &usage);
  Measured m;
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.peak_rss_kb = usage.ru_maxrss;
  m.output.status = detail::status_of(wstatus);
  m.output.out = read_file(out_path);
  m.output.err = read_file(err_path);
  return m;
}

// Waits up to `limit` for the child `pid` to end: true when it did (`wstatus` then holds
// waitpid's status), false when it still runs.
inline bool wait_within(pid_t pid, std::chrono::microseconds limit, int& wstatus) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &wstatus, WNOHANG) == pid) return true;
    ::usleep(200);
  }
  return false;
}

// Runs `argv` with output discarded and kills it with SIGKILL after `delay` (unless it ends
// first). Returns true when the signal ended it, false when it exited by itself; `status`
// gets the exit status in that case.
inline bool run_and_kill(const std::vector<std::string>& argv, std::chrono::microseconds delay,
                         int& status) {
  const pid_t pid = detail::spawn(argv, {}, "/nonexistent", "/dev/null", "/dev/null", "/dev/null");
  int wstatus = 0;
  if (wait_within(pid, delay, wstatus)) {
    status = detail::status_of(wstatus);
    return false;
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &wstatus, 0);
  status = detail::status_of(wstatus);
  return WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL;
}

// FNV-1a over the bytes of these files, for "the database did not change". A missing file
// reads as empty: a read-only connection may leave an empty WAL behind.
inline std::string digest(const std::vector<std::filesystem::path>& paths) {
  std::uint64_t h = 1469598103934665603ull;
  const auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  for (const auto& p : paths) {
    if (std::filesystem::exists(p)) {
      for (char c : read_file(p)) mix(static_cast<unsigned char>(c));
    }
    mix(0x1e);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// The database file with its WAL and rollback journal (not the shared-memory index, which
// readers touch).
inline std::vector<std::filesystem::path> database_files(const std::filesystem::path& db) {
  return {db, db.string() + "-wal", db.string() + "-journal"};
}

// True when MTRACK_LONG_TESTS=1 asks for the full-length variants.
inline bool long_tests() {
  const char* v = std::getenv("MTRACK_LONG_TESTS");
  return v != nullptr && std::string(v) == "1";
}

}  // namespace mtrack::test
