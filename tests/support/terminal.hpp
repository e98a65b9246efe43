#pragma once

// Test support: run a command in a real terminal. A private tmux server (its own socket in
// a temporary directory) holds one detached session of a fixed size; tests type into it with
// send-keys and read the screen with capture-pane. The server is killed when the object goes.

#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/process.hpp"

namespace mtrack::test {

class Tmux {
 public:
  static bool available() { return ::access("/usr/bin/tmux", X_OK) == 0; }

  // Starts `command` (run by sh) in a `width` x `height` terminal. After the command ends
  // the screen shows "[exit N]" and stays until the object goes.
  Tmux(const std::filesystem::path& dir, const std::string& command, int width = 80,
       int height = 30)
      : m_socket((dir / ("tmux-" + std::to_string(next_id()) + ".sock")).string()) {
    // Raw output of the pane, escapes and all, for what a screen capture cannot keep
    // (a progress line that erases itself).
    m_raw = m_socket + ".raw";
    const std::string wrapped = command + "; echo \"[exit $?]\"; sleep 600";
    tmux({"-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", std::to_string(width), "-y",
          std::to_string(height), "sh", "-c", "sleep 0.2; " + wrapped});
    tmux({"pipe-pane", "-t", "t", "-o", "cat >> '" + m_raw + "'"});
  }
  ~Tmux() { tmux({"kill-server"}); }
  Tmux(const Tmux&) = delete;
  Tmux& operator=(const Tmux&) = delete;

  // Keys as tmux names them ("Tab", "Enter", "C-c") or literal text with `literal`.
  void keys(const std::vector<std::string>& keys) {
    std::vector<std::string> args = {"send-keys", "-t", "t"};
    args.insert(args.end(), keys.begin(), keys.end());
    tmux(args);
  }
  void type(const std::string& text) { tmux({"send-keys", "-t", "t", "-l", text}); }

  // The screen as text, one line per row (trailing spaces trimmed by tmux); with
  // `escapes`, colours and attributes as escape sequences.
  std::string screen(bool escapes = false) {
    std::vector<std::string> args = {"capture-pane", "-p", "-t", "t"};
    if (escapes) args.push_back("-e");
    return tmux(args).out;
  }
  std::string raw() { return read_file(m_raw); }

  // Waits until the screen shows `text`; false after `seconds`.
  // Trailing spaces of `text` are ignored: the screen capture drops them.
  bool wait_for(std::string text, double seconds = 10) {
    while (!text.empty() && text.back() == ' ') text.pop_back();
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
      if (screen().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

 private:
  static int next_id() {
    static int id = 0;
    return ++id;
  }
  Output tmux(std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/tmux", "-S", m_socket});
    return run_process(args, {{"NO_COLOR", ""}, {"TERM", "xterm-256color"}});
  }

  std::string m_socket;
  std::string m_raw;
};

}  // namespace mtrack::test
