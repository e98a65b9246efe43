#pragma once

#include <stdexcept>
#include <string>

namespace mtrack {

// Exit statuses (spec/cli.md).
enum class ExitCode : int { ok = 0, failure = 1, usage = 2 };

// A data or runtime error: bad input, a failed check, a missing record. The message is
// complete and one line ("deals.yaml:14:9: unknown mineral 'cobalts'"); the command boundary
// prints it and exits 1.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A usage error found after argument parsing (a flag value that does not parse). Exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mtrack
