#include "mtrack/formats/inputs.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "mtrack/storage/repository.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

Input::Input(const std::string& path) : m_name(path == "-" ? "<stdin>" : path) {
  if (path == "-") {
    m_fd = STDIN_FILENO;
  } else {
    // Opened without blocking so that a FIFO with no writer yet cannot hang the open.
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (m_fd < 0) throw Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    m_close = true;
  }
  struct stat st {};
  const bool known = ::fstat(m_fd, &st) == 0;
  if (known && S_ISDIR(st.st_mode)) {
    if (m_close) ::close(m_fd);
    m_fd = -1;
    throw Error(fmt::format("{}: is a directory, not a file", m_name));
  }
  const bool regular = known && S_ISREG(st.st_mode);
  // Reads of anything but a regular file (a FIFO, a device) block again. A regular file never
  // blocks, so it needs no change of flags: `extract` opens thousands of small files.
  if (m_close && !regular) {
    const int flags = ::fcntl(m_fd, F_GETFL);
    if (flags >= 0) (void)::fcntl(m_fd, F_SETFL, flags & ~O_NONBLOCK);
  }
  if (regular) {
    m_size = static_cast<std::uintmax_t>(st.st_size);
    // A file opened here is read from its start; standard input may be anywhere in its file.
    m_start = m_close ? 0 : ::lseek(m_fd, 0, SEEK_CUR);
  } else if (::pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0) {
    // Anything else (a pipe, a terminal, a device) can keep a read waiting until its writer
    // goes, so reads wait in poll() on it and on m_wake, which interrupt() writes to. Without
    // m_wake (pipe2 failed), reads just wait.
    m_wake[0] = m_wake[1] = -1;
  }
}

bool Input::rewind() {
  return m_start >= 0 && ::lseek(m_fd, m_start, SEEK_SET) == m_start;
}

Input::~Input() {
  if (m_close && m_fd >= 0) ::close(m_fd);
  for (const int fd : m_wake) {
    if (fd >= 0) ::close(fd);
  }
}

std::size_t Input::read(char* buffer, std::size_t n) {
  while (true) {
    if (m_wake[0] >= 0) {
      pollfd fds[2] = {{m_fd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        throw Error(fmt::format("{}: cannot read: {}", m_name, std::strerror(errno)));
      }
      if (fds[1].revents != 0) throw Interrupted{};
    }
    const ssize_t got = ::read(m_fd, buffer, n);
    if (got >= 0) return static_cast<std::size_t>(got);
    // EAGAIN: standard input left non-blocking by whoever opened it; poll() waits for it.
    if (errno == EINTR || (errno == EAGAIN && m_wake[0] >= 0)) continue;
    throw Error(fmt::format("{}: cannot read: {}", m_name, std::strerror(errno)));
  }
}

bool Input::would_wait() {
  if (m_wake[0] < 0) return false;  // a regular file (or pipe2 failed): nothing to announce
  pollfd fd{m_fd, POLLIN, 0};
  return ::poll(&fd, 1, 0) == 0;
}

void Input::interrupt() {
  if (m_wake[1] < 0) return;
  const char byte = 1;
  // Nothing to do when it fails: the pipe is full, so a byte is already waiting in it.
  [[maybe_unused]] const ssize_t wrote = ::write(m_wake[1], &byte, 1);
}

std::string Input::read_all(std::size_t limit, const std::string& what) {
  if (m_size > limit) {
    throw Error(fmt::format("{}: file is {}, larger than the {} limit for {}", m_name,
                            text::human_size(m_size), text::human_size(limit), what));
  }
  std::string data;
  // One read when the size is known (+1 finds the end), else blocks of 1 MiB, stopping one
  // block past the limit: a huge pipe or a device must not fill memory before it is refused.
  std::size_t block = m_size > 0 ? static_cast<std::size_t>(m_size) + 1 : std::size_t{1} << 16;
  while (data.size() <= limit) {
    const std::size_t at = data.size();
    data.resize(at + block);
    const std::size_t got = read(data.data() + at, block);
    data.resize(at + got);
    if (got == 0) break;
    // A short read has most likely met the end, so the read that confirms it asks for 4 KiB:
    // asking for 1 MiB zeroed a megabyte for every small file (9% of `extract` over many
    // small articles).
    block = got < block ? std::size_t{1} << 12 : std::size_t{1} << 20;
  }
  if (data.size() > limit) {
    throw Error(fmt::format("{}: input larger than the {} limit for {}", m_name,
                            text::human_size(limit), what));
  }
  return data;
}

std::string read_input_file(const std::filesystem::path& path) {
  Input in(path.string());
  return in.read_all(k_max_input_bytes, "a file to check or compare (import reads any size)");
}

std::vector<std::filesystem::path> expand_input_paths(const std::vector<std::string>& paths) {
  std::vector<std::filesystem::path> out;
  for (const auto& p : paths) {
    std::error_code ec;
    const auto st = std::filesystem::status(p, ec);
    if (p == "-") {
      out.emplace_back(p);
      continue;
    }
    if (!std::filesystem::exists(st)) {
      throw Error(fmt::format("{}: no such file or directory", p));
    }
    if (!std::filesystem::is_directory(st)) {
      out.emplace_back(p);
      continue;
    }
    // Directory order is the file system's; sort so that output does not depend on it.
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(p, ec)) {
      const auto ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json")) {
        found.push_back(entry.path());
      }
    }
    if (ec) throw Error(fmt::format("{}: cannot list: {}", p, ec.message()));
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

bool is_database_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  if (!in.read(header, sizeof header)) return false;
  return std::memcmp(header, "SQLite format 3", 16) == 0;
}

InputFile load_input_file(const std::filesystem::path& path, bool with_tree) {
  InputFile f;
  Input in(path.string());
  f.name = in.name();
  f.text = in.read_all(k_max_input_bytes, "a file to check or compare (import reads any size)");
  const std::string& text = f.text;
  // Held to what import holds it to: an empty file is no document.
  f.decoded = read_interchange(text, f.name, MineralTable::builtin(), true);
  if (!with_tree) return f;
  // read_interchange keeps no tree; parse again (cheap next to decoding) so that checks can
  // point at the exact field of a problem.
  auto doc = parse_interchange_text(text);
  if (!doc) return f;
  f.tree = std::move(doc).value();
  const Node* list = f.tree.is_sequence() ? &f.tree : f.tree.get("agreements");
  if (list && list->is_sequence() && list->items.size() == f.decoded.agreements.size()) {
    for (const auto& item : list->items) f.items.push_back(&item);
  }
  return f;
}

std::vector<Agreement> load_database(const std::string& locator) {
  auto repo = open_repository(locator, Access::read_only);
  Filter filter;
  filter.sort = SortKey::id;
  std::vector<Agreement> out;
  repo->find(filter, [&](const Agreement& a) { out.push_back(a); });
  return out;
}

}  // namespace mtrack
