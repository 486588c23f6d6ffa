#pragma once
// A fast reader for the plain block YAML plans are written in: exactly the tree yaml-cpp gives
// (through yaml_tree) for the texts it knows, nothing for all others. Used by yaml::parse.

#include <cstdint>
#include <optional>
#include <string_view>

#include "yaml_tree.h"

namespace kep::yaml {

// The tree of `text` (valid UTF-8, file number `file`), or nothing when the text is not in the
// simple subset or is not valid YAML; then yaml-cpp must read it.
std::optional<Node> parse_simple(std::string_view text, std::uint32_t file, std::size_t max_depth);

}  // namespace kep::yaml
