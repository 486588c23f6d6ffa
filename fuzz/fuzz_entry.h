#pragma once
// What the fuzz targets check, shared by the libFuzzer targets (fuzz/fuzz_*.cpp) and the test
// that replays tests/fixtures/fuzz/** (tests/test_fuzz_corpus.cpp). Each check takes the bytes
// of one input and returns the first invariant they broke, or "" when none; a crash, a hang or
// a sanitizer report is a failure too. fuzz/README.md describes the inputs.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kep::fuzz {

// A field file and/or plan.yaml -> load_plan_texts -> validate; findings must name places inside
// their files and format as text and JSON; a plan without errors must render the HTML report.
std::string check_load(std::string_view input);

// A Mustache template (and partials after NUL bytes) rendered against fixed report data:
// either text or errors, each error names a place inside its file, and the fast render gives
// exactly what the reference render gives.
std::string check_template(std::string_view input);

// A field file (and an edit after a NUL byte) -> edit_measure: either an error, or text that
// parses, has the asked values, keeps every other line byte for byte and is stable.
std::string check_edit(std::string_view input);

// YAML text read ways that must agree: the fast reader (yaml_simple), when it reads the text,
// gives yaml-cpp's tree and yaml-cpp finds nothing wrong; parse_pieces gives parse's tree and
// findings, without and with a cache; read as a field file, the field and findings are the same
// with a FieldCache (shared by the versions of the input) as without. An input starting with
// ' ' or '-' is read again as the measures of a field file, so that parse_pieces cuts it.
std::string check_yaml(std::string_view input);

// The body of LLVMFuzzerTestOneInput: runs `check` and aborts with its message when it fails.
int run_target(std::string (*check)(std::string_view), const std::uint8_t* data, std::size_t size);

}  // namespace kep::fuzz
