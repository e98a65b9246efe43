#include "storage/schema_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "mtrack/util/embedded.hpp"

namespace mtrack::schema_files {

std::vector<Migration> migrations(std::string_view folder) {
  std::vector<Migration> out;
  for (const auto& f : embedded::files()) {
    if (!f.name.starts_with(folder) || !f.name.ends_with(".sql")) continue;
    const std::string_view name = f.name.substr(folder.size());
    if (name.size() < 9 || name.find('/') != std::string_view::npos) continue;
    const auto digits = name.substr(0, 4);
    if (digits.find_first_not_of("0123456789") != std::string_view::npos || name[4] != '_') {
      continue;
    }
    out.push_back({std::stoi(std::string(digits)), f.name, f.contents});
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.version < b.version; });
  return out;
}

std::string data_hash() {
  std::uint64_t h = 1469598103934665603ull;
  for (auto name : {"minerals.tsv", "organisations.tsv"}) {
    for (unsigned char c : embedded::file(name)) {
      h ^= c;
      h *= 1099511628211ull;
    }
  }
  return fmt::format("{:016x}", h);
}

}  // namespace mtrack::schema_files
