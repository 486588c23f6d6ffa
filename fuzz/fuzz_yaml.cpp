// libFuzzer target: the fast YAML reader and parse_pieces against yaml-cpp (differential). The
// checks live in fuzz_entry.cpp.
#include <cstddef>
#include <cstdint>

#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return kep::fuzz::run_target(kep::fuzz::check_yaml, data, size);
}
