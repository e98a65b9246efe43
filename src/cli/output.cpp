#include "cli/output.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <streambuf>

#include "cli/settings.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack::cli {

namespace {

std::size_t screen_rows() {
#ifdef TIOCGWINSZ
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) return ws.ws_row;
#endif
  if (const auto lines = std::strtoul(env("LINES").c_str(), nullptr, 10); lines > 0) return lines;
  return 24;
}

}  // namespace

void default_sigpipe() { std::signal(SIGPIPE, SIG_DFL); }

std::string Output::pager_command() {
  for (const char* name : {"MTRACK_PAGER", "PAGER"}) {
    if (const char* v = std::getenv(name)) {
      const std::string cmd = v;
      return cmd == "cat" ? "" : cmd;  // set but empty: no pager
    }
  }
  return "less -FRX";
}

class Output::Buffer final : public std::streambuf {
 public:
  Buffer() : m_terminal(::isatty(STDOUT_FILENO) == 1) { setp(m_buf, m_buf + sizeof m_buf); }
  ~Buffer() override { abandon(); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  bool terminal() const { return m_terminal; }

  void page(bool allowed) {
    if (!m_terminal || !allowed || m_pager_pid > 0) return;
    m_pager = pager_command();
    if (m_pager.empty()) return;
    m_hold = true;
    m_rows = screen_rows();
  }

  void finish() {
    drain();
    if (m_hold) {
      m_hold = false;
      emit(m_held.data(), m_held.size());
      m_held.clear();
    }
    close_pager();
  }

  void abandon() noexcept {
    try {
      finish();
    } catch (...) {
      setp(m_buf, m_buf + sizeof m_buf);
      m_held.clear();
      close_pager();
    }
  }

 protected:
  int_type overflow(int_type c) override {
    drain();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

  std::streamsize xsputn(const char* s, std::streamsize n) override {
    const auto size = static_cast<std::size_t>(n);
    if (size <= static_cast<std::size_t>(epptr() - pptr())) {
      std::memcpy(pptr(), s, size);
      pbump(static_cast<int>(n));
      return n;
    }
    drain();
    if (size < sizeof m_buf) {
      std::memcpy(pptr(), s, size);
      pbump(static_cast<int>(n));
    } else {
      emit(s, size);
    }
    return n;
  }

  int sync() override {
    drain();
    return 0;
  }

 private:
  void drain() {
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    setp(m_buf, m_buf + sizeof m_buf);
    emit(m_buf, n);
  }

  void emit(const char* p, std::size_t n) {
    if (m_hold) {
      m_held.append(p, n);
      m_lines += static_cast<std::size_t>(std::count(p, p + n, '\n'));
      if (m_lines >= m_rows) start_pager();
      return;
    }
    write_all(p, n);
  }

  void write_all(const char* p, std::size_t n) {
    while (n > 0) {
      const ssize_t w = ::write(m_fd, p, n);
      if (w < 0) {
        if (errno == EINTR) continue;
        if (m_pager_pid > 0 && errno == EPIPE) throw PagerClosed{};
        throw Error(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
      }
      p += w;
      n -= static_cast<std::size_t>(w);
    }
  }

  void start_pager() {
    m_hold = false;
    int fds[2];
    if (::pipe(fds) == 0) {
      const pid_t pid = ::fork();
      if (pid == 0) {
        ::dup2(fds[0], STDIN_FILENO);
        ::close(fds[0]);
        ::close(fds[1]);
        ::execl("/bin/sh", "sh", "-c", m_pager.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
      }
      ::close(fds[0]);
      if (pid > 0) {
        m_pager_pid = pid;
        m_fd = fds[1];
        // The pager owns the terminal now: a quit pager is a closed pipe, not a signal, and
        // Ctrl-C is the pager's to handle.
        std::signal(SIGPIPE, SIG_IGN);
        std::signal(SIGINT, SIG_IGN);
      } else {
        ::close(fds[1]);
      }
    }
    std::string held;
    held.swap(m_held);
    write_all(held.data(), held.size());
  }

  void close_pager() noexcept {
    if (m_pager_pid <= 0) return;
    ::close(m_fd);
    m_fd = STDOUT_FILENO;
    int status = 0;
    while (::waitpid(m_pager_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pager_pid = -1;
  }

  char m_buf[1 << 16];
  bool m_terminal;
  int m_fd = STDOUT_FILENO;
  bool m_hold = false;
  std::string m_held;
  std::size_t m_lines = 0;
  std::size_t m_rows = 24;
  std::string m_pager;
  pid_t m_pager_pid = -1;
};

Output::Output() : m_buffer(std::make_unique<Buffer>()) {
  m_stream = std::make_unique<std::ostream>(m_buffer.get());
  // A failed write throws its own Error out of the writing statement.
  m_stream->exceptions(std::ios::badbit);
}

Output::~Output() = default;

std::ostream& Output::stream() { return *m_stream; }
bool Output::terminal() const { return m_buffer->terminal(); }
void Output::page(bool allowed) {
  m_stream->flush();
  m_buffer->page(allowed);
}
void Output::finish() { m_buffer->finish(); }
void Output::abandon() { m_buffer->abandon(); }

}  // namespace mtrack::cli
