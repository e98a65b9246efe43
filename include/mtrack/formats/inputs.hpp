#pragma once

// Reading the inputs of `check` and `diff`: interchange files named one by one or as a
// directory, or a database. Nothing here prints; problems are thrown (unreadable files) or
// returned as diagnostics (bad content).

#include <filesystem>
#include <string>
#include <vector>

#include "mtrack/domain/model.hpp"
#include "mtrack/formats/document.hpp"
#include "mtrack/formats/interchange.hpp"
#include "mtrack/util/diagnostic.hpp"

namespace mtrack {

// Files larger than this are refused before parsing (the YAML library holds a document in
// memory several times over).
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
  DecodeResult decoded;
  Node tree;  // the parsed document; null when it did not parse
  // The tree node of agreement i (an item of the `agreements` list), or nullptr.
  std::vector<const Node*> items;
};

// Reads and decodes one interchange file (YAML or JSON). Content problems are in
// `decoded.diagnostics`; only an unreadable file throws.
InputFile load_input_file(const std::filesystem::path& path);

// Every agreement of a database, ordered by id.
std::vector<Agreement> load_database(const std::filesystem::path& path);

}  // namespace mtrack
