#pragma once

// Standard output of a command: every write checked, and long output on a terminal shown
// through a pager.
//
// Writes go to file descriptor 1 through a buffer; a write that fails (a full disk, a file
// size limit, a closed descriptor) throws mtrack::Error "cannot write to standard output: ..."
// from the write that found it, or from finish(), which flushes the last bytes. Nothing is
// lost silently: the command ends with exit status 3.
//
// A reader that goes away (`mtrack list | head`) ends mtrack as it ends cat or grep: by
// SIGPIPE, quietly (the shell reports status 141). mtrack restores SIGPIPE's default action at
// start, so the outcome does not depend on what the parent ignored.
//
// Paging: when stdout is a terminal, paging is allowed (no --no-pager) and the command asks
// for it (page()), output is held until it is longer than the screen; then the pager starts
// ($MTRACK_PAGER, else $PAGER, else `less -FRX`; an empty value or `cat` means none) and gets
// everything. Output that fits the screen, or any output not to a terminal, is written
// directly. Quitting the pager early is not an error.

#include <memory>
#include <ostream>
#include <string>

namespace mtrack::cli {

// Thrown out of a write when the pager was quit before the output ended: not an error, the
// command stops and exits 0.
struct PagerClosed {};

class Output {
 public:
  Output();
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  std::ostream& stream();
  // Whether file descriptor 1 is a terminal (decided once, at start).
  bool terminal() const;
  // Pages what follows when stdout is a terminal and `allowed`.
  void page(bool allowed);
  // Flushes everything (to the pager, and waits for it to quit); throws mtrack::Error when a
  // write failed. Call once, after the command.
  void finish();
  // Drops held output and closes the pager without throwing (after an error).
  void abandon();

  // The pager command from the environment: "" for none.
  static std::string pager_command();

 private:
  class Buffer;
  std::unique_ptr<Buffer> m_buffer;
  std::unique_ptr<std::ostream> m_stream;
};

// Restores SIGPIPE's default action (see above). Called once at start.
void default_sigpipe();

}  // namespace mtrack::cli
