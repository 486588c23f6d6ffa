#pragma once
// A small YAML tree with places, built from yaml-cpp's event parser. The only file that includes
// yaml-cpp. Refuses what a plan never needs (anchors, aliases, tags, several documents,
// duplicate keys, deep nesting) with findings, so that nothing downstream can blow up.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

// parse() reads plain block YAML with its own fast reader (yaml_simple.h) and everything else
// with yaml-cpp. This is the yaml-cpp path alone (try_simple = false), the reference the fast
// reader is tested against.
ParseResult parse_yaml_cpp(std::string_view text, std::uint32_t file, const Limits& limits,
                           std::string_view empty_message, bool try_simple = false);

// Trees of pieces of files, by the piece's text, for parse_pieces: a piece that comes back
// (a measure unchanged between two versions of a file) is parsed once. Threads may share it:
// a tree, once added, stays where it is and unchanged (a second add of a text keeps the first).
class PieceCache {
 public:
  const Node* find(const std::string& text) const;
  const Node& add(std::string text, Node tree);
  std::size_t size() const;

 private:
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, Node> m_trees;
};

// The same tree and findings as parse(), for a file whose root map ends with a block sequence
// under `key` (a field file's `measures:`): the text before the sequence and each item are
// parsed alone, each piece at most once when a cache is given. Falls back to parse() when the
// file cannot be cut where YAML would (a line outdented into the list, another key after it,
// tabs, '---') or when a piece has a finding, so errors read exactly as parse() reports them.
ParseResult parse_pieces(std::string_view text, std::uint32_t file, const Limits& limits,
                         std::string_view empty_message, std::string_view key, PieceCache* cache);

// parse_pieces in steps, for readers that keep what they read from each piece (load.h's
// FieldCache). First the file cut into pieces: the text before the sequence and each item's
// text followed by the next item's first line (yaml-cpp must see the end the item has in the
// file: at the end of its input it accepts things it refuses before another item, such as a key
// without ':'); nothing when the file must be parsed whole.
struct Cut {
  std::string_view head;
  std::vector<std::string_view> items;
  std::vector<std::uint32_t> lines_before;  // the file's lines before each item
  std::uint32_t indent = 0;                 // the column of the items' '-', from 0
};
std::optional<Cut> cut_items(std::string_view text, const Limits& limits, std::string_view key);

// The tree of a cut's head: a map whose last key is `key`, without value; or nothing when the
// pieces cannot stand for the file (it has a finding, or is not such a map). Places count from
// the piece's first line, in file 0.
std::optional<Node> parse_head(std::string_view head, const Limits& limits,
                               std::string_view empty_message, std::string_view key);

// The tree of one of a cut's items (`last`: the last one): a sequence of that item; or nothing
// when the piece cannot stand for its part of the file.
std::optional<Node> parse_item(std::string_view item, bool last, const Limits& limits,
                               std::string_view empty_message);

// Moves a tree parsed from a piece `lines_before` lines down, into file `file`.
void relocate(Node& node, std::uint32_t file, std::uint32_t lines_before);

// What YAML 1.2's core schema reads an unquoted scalar as.
enum class ScalarType { text, null, boolean, integer, number };
ScalarType plain_type(std::string_view value);

// A description of the node's type for messages: "a list", "a map", "a number", "text", ...
std::string describe(const Node& node);

}  // namespace kep::yaml
