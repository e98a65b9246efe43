#pragma once

// Test support: run the real mtrack binary (or any program) in a child process, with its
// own environment and standard input, and collect its exit status and output. Used by the
// end-to-end tests; the binary's path comes from the MTRACK_BINARY compile definition.

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace mtrack::test {

// Whether this is the sanitizer build (MTRACK_SANITIZE). An mtrack process there takes about
// a quarter of a second to start and exit (ASan's shadow memory, LeakSanitizer's scan) instead
// of a few milliseconds, so the tests that start thousands of them run fewer rounds there:
// what the sanitizers look for shows in the first rounds, and the plain build runs them all.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool k_sanitized = true;
#else
inline constexpr bool k_sanitized = false;
#endif

// Exit statuses (mtrack/util/error.hpp: ExitCode): findings 1, usage 2, failure 3.
inline constexpr int k_exit_findings = 1;
inline constexpr int k_exit_usage = 2;
inline constexpr int k_exit_failure = 3;

struct Output {
  int status = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::filesystem::path& p, const std::string& data) {
  std::ofstream out(p, std::ios::binary);
  out << data;
}

// A fresh directory under the system temp dir, removed when the object goes.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    m_path = std::filesystem::temp_directory_path() /
             ("mtrack-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

namespace detail {

// Forks and execs `argv` (argv[0] is the program path) with `env` added to a clean
// environment (PATH, HOME=`home`, TZ=UTC, NO_COLOR=1, LC_ALL=C.UTF-8 and nothing else), stdin
// from `in_path` and stdout/stderr to the given files. Returns the child's pid.
inline pid_t spawn(const std::vector<std::string>& argv,
                   const std::map<std::string, std::string>& env, const std::string& home,
                   const std::string& in_path, const std::string& out_path,
                   const std::string& err_path) {
  std::map<std::string, std::string> full = {{"PATH", "/usr/bin:/bin"},
                                             {"TZ", "UTC"},
                                             {"NO_COLOR", "1"},
                                             {"HOME", home},
                                             {"LC_ALL", "C.UTF-8"}};
  for (const auto& [k, v] : env) full[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : full) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int in = ::open(in_path.c_str(), O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execve(argp[0], argp.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

// An exit status from waitpid's: the code, or 128 + the signal that ended the process.
inline int status_of(int wstatus) {
  return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

}  // namespace detail

// Runs `argv` (argv[0] is the program path) with `env` added to a clean environment
// (see detail::spawn; HOME is a fresh empty directory), feeding `input` on stdin.
inline Output run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env = {},
                          const std::string& input = {}) {
  TempDir io;
  const auto in_path = io / "stdin";
  const auto out_path = io / "stdout";
  const auto err_path = io / "stderr";
  write_file(in_path, input);
  const pid_t pid = detail::spawn(argv, env, io.path().string(), in_path.string(),
                                  out_path.string(), err_path.string());
  int wstatus = 0;
  ::waitpid(pid, &wstatus, 0);
  Output o;
  o.status = detail::status_of(wstatus);
  o.out = read_file(out_path);
  o.err = read_file(err_path);
  return o;
}

// The built mtrack binary.
inline std::string mtrack_binary() {
  if (const char* p = std::getenv("MTRACK_BINARY")) return p;
#ifdef MTRACK_BINARY
  return MTRACK_BINARY;
#else
  return "mtrack";
#endif
}

inline std::string source_dir() {
#ifdef MTRACK_SOURCE_DIR
  return MTRACK_SOURCE_DIR;
#else
  return ".";
#endif
}

// Runs mtrack against the database `db` with these arguments.
inline Output mtrack(const std::filesystem::path& db, std::vector<std::string> args,
                     const std::string& input = {}, std::map<std::string, std::string> env = {}) {
  std::vector<std::string> argv = {mtrack_binary(), "--db", db.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, env, input);
}

}  // namespace mtrack::test
