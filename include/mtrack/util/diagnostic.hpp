#pragma once

#include <string>
#include <vector>

namespace mtrack {

// One problem found in an input, with where it is. Printed GNU style:
// "deals.yaml:14:9: minerals: unknown mineral 'cobalts' (did you mean 'cobalt'?)".
struct Diagnostic {
  std::string file;
  int line = 0;       // 1-based; 0 when unknown
  int column = 0;     // 1-based; 0 when unknown
  std::string field;  // dotted path inside the record ("value.currency"), may be empty
  std::string message;

  // One line, control characters shown as escapes (text::visible).
  std::string str() const;
};

// Sorts by file, line and column (stable for equal positions).
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace mtrack
