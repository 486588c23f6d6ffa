// libFuzzer target: a Mustache template -> render_template against fixed report data. The checks
// live in fuzz_entry.cpp.
#include <cstddef>
#include <cstdint>

#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return kep::fuzz::run_target(kep::fuzz::check_template, data, size);
}
