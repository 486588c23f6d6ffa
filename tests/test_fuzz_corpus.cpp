// Every input in tests/fixtures/fuzz/<target>/ (crashes and broken invariants the fuzzers found,
// see fuzz/README.md) goes through the same checks as the libFuzzer target, so each stays fixed
// in the normal and the sanitizer builds.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_entry.h"

namespace fs = std::filesystem;

namespace {

// The inputs of one target, by name; the notes beside them (*.md) are not inputs.
std::vector<fs::path> inputs_of(const std::string& target) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(KEP_SOURCE_DIR) / "tests/fixtures/fuzz" / target;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() != ".md") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A finding not fixed yet: its note (<input>.md) starts with "open:".
bool is_open(const fs::path& input) {
  return read_file(input.string() + ".md").starts_with("open:");
}

void replay(const std::string& target, std::string (*check)(std::string_view)) {
  for (const auto& path : inputs_of(target)) {
    INFO(path.string());
    if (is_open(path)) {
      MESSAGE("open fuzz finding, not replayed until it is fixed: " << path.string());
      continue;
    }
    CHECK(check(read_file(path)) == "");
  }
}

}  // namespace

TEST_CASE("fuzz fixtures: load") { replay("load", kep::fuzz::check_load); }

TEST_CASE("fuzz fixtures: template") { replay("template", kep::fuzz::check_template); }

TEST_CASE("fuzz fixtures: edit") { replay("edit", kep::fuzz::check_edit); }

TEST_CASE("fuzz fixtures: yaml") { replay("yaml", kep::fuzz::check_yaml); }

TEST_CASE("fuzz checks pass on the shipped plan and templates") {
  // A check that fails on good input would make every fuzz run fail at once.
  CHECK(kep::fuzz::check_load(
            read_file(KEP_SOURCE_DIR "/plan/fields/01-kultureinrichtungen.yaml")) == "");
  CHECK(kep::fuzz::check_load(read_file(KEP_SOURCE_DIR "/plan/plan.yaml")) == "");
  CHECK(kep::fuzz::check_template(read_file(KEP_SOURCE_DIR "/templates/report.html.mustache")) ==
        "");
  CHECK(kep::fuzz::check_edit(read_file(KEP_SOURCE_DIR "/plan/fields/04-teilhabe.yaml")) == "");
  CHECK(kep::fuzz::check_yaml(read_file(KEP_SOURCE_DIR "/plan/fields/04-teilhabe.yaml")) == "");
  CHECK(kep::fuzz::check_yaml(read_file(KEP_SOURCE_DIR "/plan/plan.yaml")) == "");
}
