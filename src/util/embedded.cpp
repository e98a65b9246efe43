#include "mtrack/util/embedded.hpp"

#include <fmt/format.h>

#include "mtrack/util/error.hpp"

namespace mtrack::embedded {

std::string_view file(std::string_view name) {
  for (const auto& f : files()) {
    if (f.name == name) return f.contents;
  }
  throw Error(fmt::format("internal error: no embedded file '{}'", name));
}

}  // namespace mtrack::embedded
