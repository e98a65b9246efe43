#pragma once

// Reading input: every file mtrack reads (interchange files for import, check and diff,
// article texts for extract) is opened here, as a named file or standard input ("-"), and
// read in blocks; callers that hold a whole text take it with a limit that holds for pipes
// and devices as it does for regular files. Also the inputs of `check` and `diff`: files named
// one by one or as a directory, or a database. Nothing here prints; problems are thrown
// (unreadable files) or returned as diagnostics (bad content).

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mtrack/domain/model.hpp"
#include "mtrack/formats/document.hpp"
#include "mtrack/formats/interchange.hpp"
#include "mtrack/util/diagnostic.hpp"

namespace mtrack {

// An input opened for reading: a file, or standard input for "-".
class Input final : public TextReader {
 public:
  // Throws mtrack::Error "PATH: cannot open: REASON", "PATH: is a directory, not a file".
  explicit Input(const std::string& path);
  ~Input() override;
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  // "<stdin>" for "-", else the path as given.
  const std::string& name() const { return m_name; }
  // The size of a regular file, else 0 (a pipe or a device tells none).
  std::uintmax_t size_hint() const { return m_size; }
  // Up to `n` bytes; 0 at the end. Throws mtrack::Error on a read error.
  std::size_t read(char* buffer, std::size_t n) override;
  // See TextReader: a pipe, a terminal or a device is read only once poll() says it has
  // something, or that interrupt() was called.
  void interrupt() override;
  bool would_wait() override;
  // Back to where reading started, for a second reading (an import run again after a
  // conflict with another writer). False for what cannot be read twice (a pipe, a terminal).
  bool rewind();
  // All of it. Throws mtrack::Error when there is more than `limit` bytes (saying so before
  // reading a regular file, and one block past the limit for anything else), with `what` the
  // kind of input ("an article", "a file to check").
  std::string read_all(std::size_t limit, const std::string& what);

 private:
  std::string m_name;
  int m_fd = -1;
  bool m_close = false;
  std::uintmax_t m_size = 0;
  off_t m_start = -1;  // the offset reading started at, when the input can seek (-1: cannot)
  int m_wake[2] = {-1, -1};  // a pipe that interrupt() writes to; only for an input that can wait
};

// Files that are read whole (check, diff) are refused past this size: their text and
// agreements are held in memory together. Import streams and has no such limit.
inline constexpr std::uintmax_t k_max_input_bytes = 64ull << 20;

// The whole content of a file; throws mtrack::Error ("path: cannot open: ...") when it cannot
// be read, is a directory or is larger than k_max_input_bytes.
std::string read_input_file(const std::filesystem::path& path);

// The interchange files `paths` name: a file stands for itself, a directory for every
// *.yaml, *.yml and *.json directly inside it, sorted by name. Throws mtrack::Error for a
// path that does not exist.
std::vector<std::filesystem::path> expand_input_paths(const std::vector<std::string>& paths);

// True when `path` is an SQLite database (by its 16-byte header, not its name).
bool is_database_file(const std::filesystem::path& path);

// One decoded interchange file, with its tree so that callers can point at any field.
struct InputFile {
  std::string name;  // as given on the command line
  std::string text;  // the file's content
  DecodeResult decoded;
  Node tree;  // the parsed document; null when it did not parse
  // The tree node of agreement i (an item of the `agreements` list), or nullptr.
  std::vector<const Node*> items;
};

// Reads and decodes one interchange file (YAML or JSON). Content problems are in
// `decoded.diagnostics`; only an unreadable file throws. The tree (and `items`) only
// `with_tree`: for callers that point at fields (check). It takes many times the file's size
// in memory (a node per value, with its place), where decoding streams one agreement at a time.
InputFile load_input_file(const std::filesystem::path& path, bool with_tree = true);

// Every agreement of a database (a file or a URI: repository.hpp), ordered by id.
std::vector<Agreement> load_database(const std::string& locator);

}  // namespace mtrack
