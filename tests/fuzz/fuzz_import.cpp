// libFuzzer entry point for the interchange reader (YAML and JSON): any bytes must decode to
// agreements and diagnostics, never a crash, a hang or unbounded memory.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mtrack/formats/interchange.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto r = mtrack::read_interchange(text, "fuzz.yaml");
  std::string out;
  for (const auto& a : r.agreements) {
    mtrack::write_json(out, a);
    mtrack::write_yaml_item(out, a);
  }
  return 0;
}
