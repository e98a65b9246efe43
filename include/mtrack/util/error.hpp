#pragma once

#include <stdexcept>
#include <string>

namespace mtrack {

// Exit statuses, one table for every command:
//   0 success; 1 findings or differences (`check` problems, `check --stale`,
//   `diff --exit-code`); 2 a usage error (unknown flag, bad value); 3 a failure (bad input
//   file, missing record or database, I/O error, refused write); 130 interrupted.
enum class ExitCode : int { ok = 0, findings = 1, usage = 2, failure = 3, interrupted = 130 };

// The status as main returns it.
constexpr int exit_status(ExitCode c) { return static_cast<int>(c); }

// A data or runtime error: bad input, a missing record, a refused write. The message is one
// line and says what and where ("deals.yaml: cannot open: No such file or directory"); it
// never starts with the program's name: the command boundary (src/cli/app.cpp) prints
// "mtrack: " before it and exits with ExitCode::failure.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A usage error found after argument parsing (a flag value that does not parse): exits with
// ExitCode::usage.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mtrack
