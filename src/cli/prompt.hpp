#pragma once

// Asking on the terminal: a small line editor (raw mode; Tab completes, Backspace, Ctrl-U,
// Ctrl-W, Enter; Ctrl-C or Ctrl-D cancels) and the questions `mtrack add` asks for the
// fields its flags left out. Prompts go to stderr, answers come from stdin; both must be
// terminals.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mtrack/domain/model.hpp"

namespace mtrack::cli {

// Gives the completion candidates for `line`: sets `start` to where the word being
// completed begins and returns every candidate for it (the editor keeps those that match).
using Completer =
    std::function<std::vector<std::string>(const std::string& line, std::size_t& start)>;

class LineEditor {
 public:
  // Puts the terminal (stdin) in raw mode until destroyed.
  LineEditor();
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  // Reads one line after `prompt`; nullopt when the user cancels (Ctrl-C, Ctrl-D, end of input).
  std::optional<std::string> read(const std::string& prompt, const Completer& complete = {});
  // Prints a line of text (a hint or a complaint) above the next prompt.
  void say(const std::string& text);

 private:
  bool m_raw = false;
  struct Saved;
  Saved* m_saved = nullptr;
};

// Which fields the flags gave.
struct GivenFields {
  bool type = false, parties = false, title = false, minerals = false, value = false,
       announced = false, status = false;
};

// Asks for each field not given, with defaults, completion of `party_names` and the mineral
// table, and re-asks until the answer parses. Throws mtrack::Error when cancelled.
void ask_missing_fields(Agreement& a, const GivenFields& given,
                        const std::vector<std::string>& party_names);

}  // namespace mtrack::cli
