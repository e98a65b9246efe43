#include "mtrack/util/diagnostic.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "mtrack/util/text.hpp"

namespace mtrack {

std::string Diagnostic::str() const {
  std::string out = file.empty() ? "mtrack" : file;
  if (line > 0) out += fmt::format(":{}", line);
  if (line > 0 && column > 0) out += fmt::format(":{}", column);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  // Messages echo the values they complain about: a control character in one must not
  // reach the terminal.
  return text::visible(out + message);
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const auto& a, const auto& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
}

}  // namespace mtrack
