#pragma once
// A YAML tree and its findings as text, every field of every node, for tests that compare two
// ways of reading the same text (test_yaml_pieces.cpp, test_yaml_simple.cpp, and fuzz_yaml in
// fuzz/fuzz_entry.cpp, which includes this file without doctest).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "yaml_tree.h"

namespace kep::test {

inline std::string place_text(const Place& p) {
  return std::to_string(p.file) + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) +
         "+" + std::to_string(p.length);
}

inline void dump(const yaml::Node& n, int depth, std::string& out) {
  out += std::string(static_cast<std::size_t>(depth) * 2, ' ') +
         std::to_string(static_cast<int>(n.kind)) + (n.quoted ? " q" : "") +
         (n.refused ? " refused" : "") + (n.bad_key ? " bad-key" : "") + " [" + n.key + "@" +
         place_text(n.key_place) + "] '" + n.value + "' @" + place_text(n.place) + "\n";
  for (const auto& item : n.items) dump(item, depth + 1, out);
}

inline std::string dump(const yaml::Node& n) {
  std::string out;
  dump(n, 0, out);
  return out;
}

inline std::string dump(const yaml::ParseResult& r) {
  std::string out;
  if (r.root) dump(*r.root, 0, out);
  for (const auto& f : r.findings)
    out += "finding " + place_text(f.place) + " " + f.rule + ": " + f.message + "\n";
  return out;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

#ifdef KEP_SOURCE_DIR  // fuzz_entry.cpp uses the dump in the fuzz build too
// Every .yaml file in the project's plan and fixtures (KEP_SOURCE_DIR).
inline std::vector<std::filesystem::path> project_yaml_files() {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  for (const char* dir : {"plan", "tests/fixtures", "tests/cases", "templates/init"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(KEP_SOURCE_DIR) / dir)) {
      std::error_code ec;  // the fixtures hold a symbolic link loop
      if (entry.is_regular_file(ec) && entry.path().extension() == ".yaml")
        out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}
#endif

// Each line of `text` changed in ways that break YAML: deleted, doubled, outdented, indented,
// preceded by a stray item, quote or tab. `check` gets each variant.
template <typename Check>
void for_each_broken_variant(const std::string& text, Check check) {
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto end = text.find('\n', pos);
    lines.push_back(text.substr(pos, end == std::string::npos ? end : end - pos + 1));
    pos = end == std::string::npos ? text.size() : end + 1;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    for (const std::string& changed :
         {std::string(), line + line, line.substr(std::min<std::size_t>(2, line.size())),
          "  " + line, "  - x\n" + line, "- x\n" + line, "    \"x\n" + line, "\t" + line,
          line.substr(0, line.size() / 2) + "\n"}) {
      std::string out;
      for (std::size_t k = 0; k < lines.size(); ++k) out += k == i ? changed : lines[k];
      check(out);
    }
  }
}

}  // namespace kep::test
