#pragma once

// A one-line progress meter on stderr for long runs: "import: 120/500 files  85/s  ETA 4s".
// It draws only when stderr is a terminal and --quiet is off, waits before the first draw so
// that quick runs print nothing, redraws at most ten times a second and erases itself when
// done. MTRACK_PROGRESS_DELAY_MS changes the wait (tests use 0).

#include <chrono>
#include <cstddef>
#include <string>

namespace mtrack::cli {

struct Context;

class Progress {
 public:
  // `what` names the step ("import"), `unit` what is counted ("files"), `total` how many.
  Progress(const Context& ctx, std::string what, std::string unit, std::size_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Counts `n` more done; redraws when it is time.
  void step(std::size_t n = 1);
  // Erases the line (also done by the destructor).
  void done();

  // The line for `done` of `total` after `seconds`: count, rate and, when known, the ETA.
  static std::string line(const std::string& what, const std::string& unit, std::size_t done,
                          std::size_t total, double seconds);

 private:
  void draw();

  bool m_enabled = false;
  bool m_drawn = false;
  std::string m_what, m_unit;
  std::size_t m_total = 0, m_done = 0;
  std::chrono::steady_clock::time_point m_start, m_next;
  std::chrono::milliseconds m_delay{500};
};

}  // namespace mtrack::cli
