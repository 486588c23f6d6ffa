#pragma once
// A small YAML tree with places, built from yaml-cpp's event parser. The only file that includes
// yaml-cpp. Refuses what a plan never needs (anchors, aliases, tags, several documents,
// duplicate keys, deep nesting) with findings, so that nothing downstream can blow up.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostic.h"

namespace kep::yaml {

enum class Kind { null, scalar, sequence, map };

struct Node {
  Kind kind = Kind::null;
  bool quoted = false;      // a scalar in quotes or a block (| >): always text, never a number
  std::string value;        // the scalar's text
  Place place;              // where the node starts
  std::vector<Node> items;  // sequence items; for a map, its values (each with its key)
  std::string key;          // for a map value: its key
  Place key_place;
  bool refused = false;  // an alias or a subtree too deep: already reported, to be skipped
  bool bad_key = false;  // its key was not text: already reported

  // The value of `key` in a map, or nullptr.
  const Node* find(std::string_view name) const;
};

struct Limits {
  std::size_t max_depth = 16;  // deeper nesting is refused (the format needs 5)
};

struct ParseResult {
  std::optional<Node> root;  // nothing when the file is empty or cannot be parsed
  Findings findings;
};

// Parses `text` (the content of file number `file`) into one document.
ParseResult parse(
    std::string_view text, std::uint32_t file, const Limits& limits = {},
    std::string_view empty_message = "the file is empty; write its keys or delete it");

// What YAML 1.2's core schema reads an unquoted scalar as.
enum class ScalarType { text, null, boolean, integer, number };
ScalarType plain_type(std::string_view value);

// A description of the node's type for messages: "a list", "a map", "a number", "text", ...
std::string describe(const Node& node);

}  // namespace kep::yaml
