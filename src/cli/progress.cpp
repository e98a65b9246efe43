#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/commands.hpp"

namespace mtrack::cli {

namespace {

constexpr std::chrono::milliseconds k_interval{100};

std::string duration(double seconds) {
  const auto s = static_cast<long>(seconds + 0.5);
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, s / 60 % 60);
}

void write_stderr(const std::string& s) {
  // Straight to the descriptor: std::cerr may be shared with notes, and a partial line
  // must not wait in a buffer.
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::write(STDERR_FILENO, s.data() + off, s.size() - off);
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace

Progress::Progress(const Context& ctx, std::string what, std::string unit, std::size_t total)
    : m_enabled(!ctx.globals.quiet && ctx.stderr_is_terminal()),
      m_what(std::move(what)),
      m_unit(std::move(unit)),
      m_total(total),
      m_start(std::chrono::steady_clock::now()) {
  if (const char* d = std::getenv("MTRACK_PROGRESS_DELAY_MS"); d && *d) {
    m_delay = std::chrono::milliseconds(std::strtol(d, nullptr, 10));
  }
  m_next = m_start + m_delay;
}

Progress::~Progress() { done(); }

void Progress::step(std::size_t n) {
  m_done += n;
  if (!m_enabled) return;
  const auto now = std::chrono::steady_clock::now();
  if (now < m_next && m_done < m_total) return;
  if (now < m_start + m_delay) return;  // finished before the wait was over: stay silent
  m_next = now + k_interval;
  draw();
}

void Progress::done() {
  if (m_drawn) write_stderr("\r\x1b[K");
  m_drawn = false;
  m_enabled = false;
}

std::string Progress::line(const std::string& what, const std::string& unit, std::size_t done,
                           std::size_t total, double seconds) {
  std::string s = fmt::format("{}: {}/{} {}", what, done, total, unit);
  if (seconds > 0 && done > 0) {
    const double rate = static_cast<double>(done) / seconds;
    s += rate >= 10 ? fmt::format("  {:.0f}/s", rate) : fmt::format("  {:.1f}/s", rate);
    if (done < total) {
      s += "  ETA " + duration(static_cast<double>(total - done) / rate);
    } else {
      s += "  " + duration(seconds);
    }
  }
  return s;
}

void Progress::draw() {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  write_stderr("\r\x1b[K" + line(m_what, m_unit, m_done, m_total, seconds));
  m_drawn = true;
}

}  // namespace mtrack::cli
