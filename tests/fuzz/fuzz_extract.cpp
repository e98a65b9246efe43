// libFuzzer entry point for mtrack extract: any bytes must extract without crashing, and every
// evidence offset must lie inside the input.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "mtrack/extract/extract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto r = mtrack::extract::extract(text);
  for (const auto& a : r.agreements) {
    for (const auto& e : a.evidence) {
      if (!e.start || !e.end || *e.start < 0 || *e.end < *e.start ||
          static_cast<std::size_t>(*e.end) > size)
        std::abort();
    }
  }
  return 0;
}
