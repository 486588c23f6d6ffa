// libFuzzer target: plan files -> load_plan_texts -> validate (-> the built-in reports). The checks
// live in fuzz_entry.cpp.
#include <cstddef>
#include <cstdint>

#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return kep::fuzz::run_target(kep::fuzz::check_load, data, size);
}
