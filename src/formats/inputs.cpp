#include "mtrack/formats/inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "mtrack/storage/repository.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

std::string read_input_file(const std::filesystem::path& path) {
  if (path == "-") {
    // Standard input, read in blocks and refused one block past the limit.
    std::string data;
    char block[1 << 16];
    while (std::cin.read(block, sizeof block) || std::cin.gcount() > 0) {
      data.append(block, static_cast<std::size_t>(std::cin.gcount()));
      if (data.size() > k_max_input_bytes) {
        throw Error(fmt::format("<stdin>: more than {} of input (split it)",
                                text::human_size(k_max_input_bytes)));
      }
    }
    return data;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(fmt::format("{}: is a directory, not a file", path.string()));
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > k_max_input_bytes) {
    throw Error(fmt::format("{}: file is {}; mtrack reads files of up to {} (split it)",
                            path.string(), text::human_size(size),
                            text::human_size(k_max_input_bytes)));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::filesystem::path> expand_input_paths(const std::vector<std::string>& paths) {
  std::vector<std::filesystem::path> out;
  for (const auto& p : paths) {
    if (p == "-") {  // standard input
      out.emplace_back(p);
      continue;
    }
    std::error_code ec;
    const auto st = std::filesystem::status(p, ec);
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
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  if (!in.read(header, sizeof header)) return false;
  return std::memcmp(header, "SQLite format 3", 16) == 0;
}

InputFile load_input_file(const std::filesystem::path& path) {
  InputFile f;
  f.name = path == "-" ? "<stdin>" : path.string();
  const std::string text = read_input_file(path);
  f.decoded = read_interchange(text, f.name);
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

std::vector<Agreement> load_database(const std::filesystem::path& path) {
  auto repo = open_repository(path, Access::read_only);
  Filter filter;
  filter.sort = SortKey::id;
  std::vector<Agreement> out;
  repo->find(filter, [&](const Agreement& a) { out.push_back(a); });
  return out;
}

}  // namespace mtrack
