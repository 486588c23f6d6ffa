#include "yaml_tree.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "text.h"
#include "yaml_simple.h"

namespace kep::yaml {
namespace {

// Byte offsets of the start of each line, to turn yaml-cpp's marks into character columns.
// Counting each node's column from the start of its line would take time quadratic in the
// line's length (a flow list of 40,000 items on one line); so the index remembers the last place
// it counted and counts on from there, forwards or backwards, for the next offset on that line.
// yaml-cpp's marks mostly grow, so the columns of a whole file cost one pass over it.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : m_text(text) {
    m_starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') m_starts.push_back(i + 1);
  }

  // The place of a byte offset: 1-based line, 1-based column in characters.
  Place place_of(std::uint32_t file, std::size_t offset) const {
    offset = std::min(offset, m_text.size());
    const std::size_t line = line_of_offset(offset);  // 1-based
    const std::size_t start = m_starts[line - 1];
    std::size_t column = 0;  // 0-based, in characters
    if (line != m_last_line) {
      column = characters(start, offset);
    } else if (offset >= m_last_offset) {
      column = m_last_column + characters(m_last_offset, offset);
    } else if (offset - start <= m_last_offset - offset) {
      column = characters(start, offset);
    } else {
      column = m_last_column - characters(offset, m_last_offset);
    }
    m_last_line = line;
    m_last_offset = offset;
    m_last_column = column;
    return Place{file, static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(column + 1), 0};
  }

  // The characters from `offset` to the end of its line, but at most `at_most`: reads no
  // further than that, so that a short token near the start of a 1 MB line costs little.
  std::size_t rest_of_line(std::size_t offset, std::size_t at_most) const {
    std::size_t count = 0;
    for (std::size_t i = std::min(offset, m_text.size()); i < m_text.size(); ++i) {
      const char c = m_text[i];
      if (c == '\n') break;
      if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;  // inside a character
      if (count == at_most) break;
      ++count;
    }
    return count;
  }

 private:
  // The 1-based line of a byte offset: the line counted last, or a binary search.
  std::size_t line_of_offset(std::size_t offset) const {
    if (m_last_line > 0 && offset >= m_starts[m_last_line - 1] &&
        (m_last_line == m_starts.size() || offset < m_starts[m_last_line]))
      return m_last_line;
    const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    return static_cast<std::size_t>(it - m_starts.begin());
  }

  std::size_t characters(std::size_t from, std::size_t to) const {
    return utf8_length(m_text.substr(from, to - from));
  }

  std::string_view m_text;
  std::vector<std::size_t> m_starts;
  // The place counted last (line 0: none yet).
  mutable std::size_t m_last_line = 0;
  mutable std::size_t m_last_offset = 0;
  mutable std::size_t m_last_column = 0;
};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(std::string_view text, std::uint32_t file, const Limits& limits, Findings& findings)
      : m_text(text), m_lines(text), m_file(file), m_limits(limits), m_findings(findings) {}

  std::optional<Node> take_root() { return std::move(m_root); }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node node;
    node.place = place_of(mark);
    check_anchor(mark, anchor);
    add(std::move(node));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    finding(mark, "yaml-anchor",
            "aliases (*name) are not allowed in a plan; write the value out in full");
    Node node;
    node.place = place_of(mark);
    node.refused = true;
    add(std::move(node));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    Node node;
    node.kind = Kind::scalar;
    node.quoted = tag != "?";  // quoted, a block, or explicitly tagged: text as written
    node.value = value;
    node.place = place_of(mark);
    node.place.length = token_length(mark, node);
    if (node.quoted) check_closing_quote(mark);
    add(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    start(mark, tag, anchor, Kind::sequence);
  }
  void OnSequenceEnd() override { end(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    start(mark, tag, anchor, Kind::map);
  }
  void OnMapEnd() override { end(); }

 private:
  struct Frame {
    Node node;
    bool expect_key = true;  // maps alternate key, value
    std::optional<Node> key;
  };

  Place place_of(const YAML::Mark& mark) const {
    return m_lines.place_of(m_file, static_cast<std::size_t>(std::max(mark.pos, 0)));
  }

  void finding(const YAML::Mark& mark, std::string rule, std::string message) {
    Place place = place_of(mark);
    m_findings.push_back(Finding{place, Severity::error, std::move(rule), std::move(message)});
  }

  void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor)
      finding(mark, "yaml-anchor",
              "anchors (&name) are not allowed in a plan; write the value out in full");
  }

  void check_tag(const YAML::Mark& mark, const std::string& tag) {
    if (tag.empty() || tag == "?" || tag == "!") return;
    // Show the tag as it was written: yaml-cpp expands "!!str" to "tag:yaml.org,2002:str".
    constexpr std::string_view k_core = "tag:yaml.org,2002:";
    const std::string written = tag.rfind(k_core, 0) == 0 ? "!!" + tag.substr(k_core.size()) : tag;
    finding(mark, "yaml-tag",
            fmt::format("tags such as '{}' are not allowed in a plan; remove it", written));
  }

  std::uint32_t token_length(const YAML::Mark& mark, const Node& node) const {
    const auto pos = static_cast<std::size_t>(std::max(mark.pos, 0));
    const char first = pos < m_text.size() ? m_text[pos] : '\0';
    const bool quote = first == '"' || first == '\'';
    if (node.quoted && !quote) return 0;  // a block scalar: point at its indicator
    const std::size_t wanted = utf8_length(node.value) + (quote ? 2 : 0);
    return static_cast<std::uint32_t>(m_lines.rest_of_line(pos, wanted));
  }

  // yaml-cpp accepts a quoted string that is still open at the end of the file.
  void check_closing_quote(const YAML::Mark& mark) {
    const auto pos = static_cast<std::size_t>(std::max(mark.pos, 0));
    if (pos >= m_text.size()) return;
    const char quote = m_text[pos];
    if (quote != '"' && quote != '\'') return;
    for (std::size_t i = pos + 1; i < m_text.size(); ++i) {
      if (quote == '"' && m_text[i] == '\\') {
        ++i;
      } else if (m_text[i] == quote) {
        if (quote == '\'' && i + 1 < m_text.size() && m_text[i + 1] == '\'') {
          ++i;
        } else {
          return;
        }
      }
    }
    finding(
        mark, "yaml-syntax",
        fmt::format("this quoted text has no closing {}; add it at the end of the text", quote));
  }

  void start(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, Kind kind) {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    if (m_stack.size() >= m_limits.max_depth) {
      if (m_skip_depth == 0) {
        m_skip_place = place_of(mark);
        finding(mark, "yaml-too-deep",
                fmt::format("nesting deeper than {} levels; a plan never nests this deep",
                            m_limits.max_depth));
      }
      ++m_skip_depth;
      return;
    }
    Frame frame;
    frame.node.kind = kind;
    frame.node.place = place_of(mark);
    m_stack.push_back(std::move(frame));
  }

  void end() {
    if (m_skip_depth > 0) {
      if (--m_skip_depth == 0) {
        Node node;
        node.place = m_skip_place;
        node.refused = true;
        add(std::move(node));
      }
      return;
    }
    Node node = std::move(m_stack.back().node);
    m_stack.pop_back();
    if (node.kind == Kind::map) check_duplicate_keys(node);
    add(std::move(node));
  }

  void check_duplicate_keys(const Node& map) {
    std::vector<const Node*> values;
    values.reserve(map.items.size());
    for (const auto& value : map.items) values.push_back(&value);
    std::stable_sort(values.begin(), values.end(),
                     [](const Node* a, const Node* b) { return a->key < b->key; });
    for (std::size_t i = 1; i < values.size(); ++i) {
      if (values[i]->key != values[i - 1]->key) continue;
      const Place& first = values[i - 1]->key_place;
      m_findings.push_back(
          Finding{values[i]->key_place, Severity::error, "yaml-duplicate-key",
                  fmt::format("duplicate key '{}' (first at line {}); remove one of them",
                              values[i]->key, first.line)});
    }
  }

  void add(Node node) {
    if (m_skip_depth > 0) return;
    if (m_stack.empty()) {
      m_root = std::move(node);
      return;
    }
    Frame& parent = m_stack.back();
    if (parent.node.kind == Kind::sequence) {
      parent.node.items.push_back(std::move(node));
      return;
    }
    if (parent.expect_key) {
      if (node.kind != Kind::scalar) {
        m_findings.push_back(Finding{node.place, Severity::error, "yaml-syntax",
                                     "a key must be plain text, not " + describe(node)});
        node.value = "";
        node.items.clear();
      }
      parent.key = std::move(node);
      parent.expect_key = false;
      return;
    }
    if (node.kind == Kind::null && !node.refused) {
      node.place = parent.key->place;  // "key:" with nothing after it: point at the key
      node.place.length = 0;
    }
    node.bad_key = parent.key->kind != Kind::scalar;
    node.key = std::move(parent.key->value);
    node.key_place = parent.key->place;
    parent.key.reset();
    parent.expect_key = true;
    parent.node.items.push_back(std::move(node));
  }

  std::string_view m_text;
  LineIndex m_lines;
  std::uint32_t m_file;
  Limits m_limits;
  Findings& m_findings;
  std::vector<Frame> m_stack;
  std::size_t m_skip_depth = 0;
  Place m_skip_place;
  std::optional<Node> m_root;
};

// yaml-cpp's messages in words a person editing a plan can act on.
std::string syntax_message(const std::string& yaml_cpp_message) {
  static const std::pair<std::string_view, std::string_view> k_messages[] = {
      {"end of map not found",
       "the indentation is off here: keys of one map must start in the same column; indent "
       "with spaces so that this line lines up with the keys above it"},
      {"end of sequence not found",
       "the indentation is off here: this line does not line up with the list items or keys "
       "above it; indent with spaces so that it does"},
      {"illegal tab when looking for indentation",
       "a tab is used for indentation (shown as →); indent with spaces only"},
      {"illegal map value",
       "a ':' where YAML does not expect one; put text that contains ': ' in quotes, or use >-"},
      {"illegal EOF in scalar",
       "quoted text is still open at the end of the file; add the closing quote"},
      {"end of sequence flow not found", "a '[' has no matching ']'; close the list"},
      {"end of map flow not found", "a '{' has no matching '}'; close the map"},
      {"unknown escape character",
       "unknown escape after '\\' in double-quoted text; write '\\\\' for a backslash, or use "
       "single quotes"},
      {"block sequence entries are not allowed in this context",
       "a list item ('- ') where a value was expected on the same line; start the list on the "
       "next line, indented"},
  };
  for (const auto& [from, to] : k_messages)
    if (yaml_cpp_message == from) return std::string(to);
  return "YAML syntax error (" + yaml_cpp_message +
         "); check the indentation and the ':' and '-' on this line and the one above";
}

}  // namespace

namespace {

// The first byte that is a control character YAML does not allow (C0 but tab, LF and CR; DEL).
std::optional<std::size_t> find_control_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return i;
  }
  return std::nullopt;
}

}  // namespace

const Node* Node::find(std::string_view name) const {
  if (kind != Kind::map) return nullptr;
  for (const auto& item : items)
    if (item.key == name) return &item;
  return nullptr;
}

ParseResult parse(std::string_view text, std::uint32_t file, const Limits& limits,
                  std::string_view empty_message) {
  return parse_yaml_cpp(text, file, limits, empty_message, true);
}

ParseResult parse_yaml_cpp(std::string_view text, std::uint32_t file, const Limits& limits,
                           std::string_view empty_message, bool try_simple) {
  ParseResult result;
  if (const auto bad = find_invalid_utf8(text)) {
    Place place = LineIndex(text).place_of(file, *bad);
    const bool nul = text[*bad] == '\0';
    result.findings.push_back(Finding{
        place, Severity::error, "yaml-encoding",
        nul ? std::string("the file contains a NUL byte, so it is not a text file; remove the "
                          "byte, or move the file out of the plan folder")
            : fmt::format("the file is not valid UTF-8 (byte 0x{:02x}); save it as UTF-8",
                          static_cast<unsigned char>(text[*bad]))});
    return result;
  }
  // YAML allows no control characters but tab, line feed and carriage return; yaml-cpp reads
  // some of them silently (0x04 even ends its input there), so they are refused here.
  if (const auto bad = find_control_character(text)) {
    result.findings.push_back(
        Finding{LineIndex(text).place_of(file, *bad), Severity::error, "yaml-encoding",
                fmt::format("the file contains the control character 0x{:02x}, which YAML does not "
                            "allow; remove it (it is shown as '?')",
                            static_cast<unsigned char>(text[*bad]))});
    return result;
  }
  if (try_simple) {
    if (auto root = parse_simple(text, file, limits.max_depth)) {
      result.root = std::move(root);
      return result;
    }
  }
  const LineIndex lines(text);
  std::istringstream stream{std::string(text)};
  try {
    YAML::Parser parser(stream);
    TreeBuilder builder(text, file, limits, result.findings);
    if (!parser.HandleNextDocument(builder)) {
      result.findings.push_back(
          Finding{Place{file, 0, 0, 0}, Severity::error, "yaml-empty", std::string(empty_message)});
      return result;
    }
    result.root = builder.take_root();
    Findings ignored;  // the second document is not read, so its findings are not either
    TreeBuilder rest(text, file, limits, ignored);
    if (parser.HandleNextDocument(rest)) {
      auto second = rest.take_root();
      Place place = second ? second->place : Place{file, 0, 0, 0};
      // Point at the '---' that starts the second document, when there is one.
      for (auto line = place.line; line > 0; --line) {
        if (line_of(text, line).substr(0, 3) == "---") {
          place = Place{file, line, 1, 3};
          break;
        }
      }
      result.findings.push_back(
          Finding{place, Severity::error, "yaml-multiple-documents",
                  "a second YAML document ('---') in one file; a plan file holds exactly one"});
    }
  } catch (const YAML::DeepRecursion& e) {
    result.root.reset();
    const bool reported = std::any_of(result.findings.begin(), result.findings.end(),
                                      [](const Finding& f) { return f.rule == "yaml-too-deep"; });
    if (!reported)
      result.findings.push_back(
          Finding{lines.place_of(file, static_cast<std::size_t>(std::max(e.mark.pos, 0))),
                  Severity::error, "yaml-too-deep",
                  "nesting is far deeper than a plan ever needs; the file cannot be read"});
  } catch (const YAML::Exception& e) {
    result.root.reset();
    Place place = e.mark.is_null()
                      ? Place{file, 0, 0, 0}
                      : lines.place_of(file, static_cast<std::size_t>(std::max(e.mark.pos, 0)));
    result.findings.push_back(
        Finding{place, Severity::error, "yaml-syntax", syntax_message(e.msg)});
  }
  return result;
}

const Node* PieceCache::find(const std::string& text) const {
  const std::lock_guard lock(m_mutex);
  const auto it = m_trees.find(text);
  return it == m_trees.end() ? nullptr : &it->second;
}

const Node& PieceCache::add(std::string text, Node tree) {
  const std::lock_guard lock(m_mutex);
  return m_trees.try_emplace(std::move(text), std::move(tree)).first->second;
}

std::size_t PieceCache::size() const {
  const std::lock_guard lock(m_mutex);
  return m_trees.size();
}

namespace {

// Where a file's root map ends with a block sequence under a key: the byte offset of each item's
// first line and its line number. Nothing when YAML might read the file otherwise than as cut
// here; parse() then reads it whole.
struct ItemStarts {
  std::size_t indent = 0;  // the column of the items' '-'
  std::vector<std::size_t> starts;
  std::vector<std::uint32_t> lines;
};

bool is_key_line(std::string_view line, std::string_view key) {
  if (line.size() <= key.size() || line.substr(0, key.size()) != key || line[key.size()] != ':')
    return false;
  const auto rest = line.find_first_not_of(" \t", key.size() + 1);
  return rest == std::string_view::npos || (line[rest] == '#' && rest > key.size() + 1);
}

std::optional<ItemStarts> cut_sequence(std::string_view text, std::string_view key) {
  constexpr auto npos = std::string_view::npos;
  ItemStarts cut;
  bool seen_key = false;
  std::size_t indent_of_items = npos;
  std::uint32_t number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    auto end = text.find('\n', pos);
    if (end == npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    const std::size_t start = pos;
    pos = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!seen_key) {
      seen_key = is_key_line(line, key);
      continue;
    }
    const auto indent = line.find_first_not_of(' ');
    if (indent == npos || line.find_first_not_of(" \t") == npos) continue;  // blank
    if (indent_of_items != npos && indent > indent_of_items && line[indent] != '\t')
      continue;                         // inside an item
    if (line[indent] == '#') continue;  // a comment
    const bool item = line[indent] == '-' && (indent + 1 == line.size() ||
                                              line[indent + 1] == ' ' || line[indent + 1] == '\t');
    if (!item || (indent_of_items != npos && indent != indent_of_items)) return std::nullopt;
    indent_of_items = indent;
    cut.starts.push_back(start);
    cut.lines.push_back(number);
  }
  if (cut.starts.empty()) return std::nullopt;
  cut.indent = indent_of_items;
  return cut;
}

// Whether each key of the maps in `node` (parsed from `text`) has its ':' after it on its line.
// At the end of its input yaml-cpp takes a line without ':' ("title" alone) for a key without a
// value, but in the whole file the same line may run on into the items after it as one plain
// scalar and be refused there; a piece with such a key is read with the whole file instead.
bool keys_have_colons(const Node& node, std::string_view text,
                      const std::vector<std::size_t>& line_starts) {
  for (const auto& item : node.items) {
    if (node.kind == Kind::map) {
      const Place& key = item.key_place;
      if (key.line == 0 || key.column == 0 || key.line > line_starts.size()) return false;
      std::size_t pos = line_starts[key.line - 1];
      // Skip the characters before the key and the key itself.
      for (std::size_t chars = key.column - 1 + key.length; chars > 0; --chars) {
        if (pos >= text.size() || text[pos] == '\n') return false;
        ++pos;
        while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
      }
      while (pos < text.size() && text[pos] == ' ') ++pos;
      if (pos >= text.size() || text[pos] != ':') return false;
    }
    if (!keys_have_colons(item, text, line_starts)) return false;
  }
  return true;
}

bool keys_have_colons(const Node& node, std::string_view text) {
  std::vector<std::size_t> line_starts{0};
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts.push_back(i + 1);
  return keys_have_colons(node, text, line_starts);
}

// A piece's tree, or nothing when the piece has a finding or a key without ':' after it.
std::optional<Node> parse_piece(std::string_view piece, const Limits& limits,
                                std::string_view empty_message) {
  auto parsed = parse(piece, 0, limits, empty_message);
  if (!parsed.findings.empty() || !parsed.root) return std::nullopt;
  if (!keys_have_colons(*parsed.root, piece)) return std::nullopt;
  return std::move(parsed.root);
}

}  // namespace

void relocate(Node& node, std::uint32_t file, std::uint32_t lines_before) {
  node.place.file = file;
  node.place.line += lines_before;
  if (node.key_place.line > 0) {
    node.key_place.file = file;
    node.key_place.line += lines_before;
  }
  for (auto& item : node.items) relocate(item, file, lines_before);
}

std::optional<Cut> cut_items(std::string_view text, const Limits& limits, std::string_view key) {
  const auto cut = cut_sequence(text, key);
  if (!cut || limits.max_depth < 2 || find_invalid_utf8(text)) return std::nullopt;
  Cut out;
  out.indent = static_cast<std::uint32_t>(cut->indent);
  out.head = text.substr(0, cut->starts.front());
  out.items.reserve(cut->starts.size());
  out.lines_before.reserve(cut->starts.size());
  for (std::size_t i = 0; i < cut->starts.size(); ++i) {
    std::size_t end = text.size();
    if (i + 1 < cut->starts.size()) {  // to the end of the next item's first line
      end = text.find('\n', cut->starts[i + 1]);
      end = end == std::string_view::npos ? text.size() : end + 1;
    }
    out.items.push_back(text.substr(cut->starts[i], end - cut->starts[i]));
    out.lines_before.push_back(cut->lines[i] - 1);
  }
  return out;
}

std::optional<Node> parse_head(std::string_view head, const Limits& limits,
                               std::string_view empty_message, std::string_view key) {
  auto tree = parse_piece(head, limits, empty_message);
  if (!tree || tree->kind != Kind::map || tree->items.empty() || tree->items.back().key != key ||
      tree->items.back().kind != Kind::null || tree->items.back().refused)
    return std::nullopt;
  return tree;
}

std::optional<Node> parse_item(std::string_view item, bool last, const Limits& limits,
                               std::string_view empty_message) {
  // An item alone is one level less deep than in the file (the root map is missing).
  Limits item_limits = limits;
  item_limits.max_depth -= 1;
  auto list = parse_piece(item, item_limits, empty_message);
  // A list with this item, and the stand-in for the next one.
  if (!list || list->kind != Kind::sequence || list->items.size() != (last ? 1u : 2u))
    return std::nullopt;
  if (!last) list->items.pop_back();
  return list;
}

ParseResult parse_pieces(std::string_view text, std::uint32_t file, const Limits& limits,
                         std::string_view empty_message, std::string_view key, PieceCache* cache) {
  const auto cut = cut_items(text, limits, key);
  if (!cut) return parse(text, file, limits, empty_message);
  std::vector<Node> scratch;  // trees parsed without a cache
  scratch.reserve(cut->items.size() + 1);
  // A piece's tree (places counted from the piece's first line, file 0), or nullptr.
  auto tree = [&](std::string_view piece, auto parse_it) -> const Node* {
    std::string key_text;
    if (cache) {
      key_text = piece;
      if (const Node* found = cache->find(key_text)) return found;
    }
    auto parsed = parse_it();
    if (!parsed) return nullptr;
    if (cache) return &cache->add(std::move(key_text), std::move(*parsed));
    scratch.push_back(std::move(*parsed));
    return &scratch.back();
  };
  const Node* head =
      tree(cut->head, [&] { return parse_head(cut->head, limits, empty_message, key); });
  if (!head) return parse(text, file, limits, empty_message);
  std::vector<const Node*> items;
  items.reserve(cut->items.size());
  for (std::size_t i = 0; i < cut->items.size(); ++i) {
    const bool last = i + 1 == cut->items.size();
    const Node* piece =
        tree(cut->items[i], [&] { return parse_item(cut->items[i], last, limits, empty_message); });
    if (!piece) return parse(text, file, limits, empty_message);
    items.push_back(piece);
  }
  ParseResult result;
  result.root = *head;
  relocate(*result.root, file, 0);
  Node& sequence = result.root->items.back();
  sequence.kind = Kind::sequence;
  sequence.place = items.front()->place;
  sequence.place.file = file;
  sequence.place.line += cut->lines_before.front();
  sequence.items.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    sequence.items.push_back(items[i]->items.front());
    relocate(sequence.items.back(), file, cut->lines_before[i]);
  }
  return result;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Skips the digits at `i`; how many there were.
std::size_t skip_digits(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i - start;
}

// YAML 1.2's core schema (10.3.2): [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
bool is_core_int(std::string_view s) {
  const auto all = [](std::string_view d, auto is) {
    return !d.empty() && std::all_of(d.begin(), d.end(), is);
  };
  if (s.starts_with("0o")) return all(s.substr(2), [](char c) { return c >= '0' && c <= '7'; });
  if (s.starts_with("0x"))
    return all(s.substr(2), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  if (s.starts_with('-') || s.starts_with('+')) s.remove_prefix(1);
  return all(s, is_digit);
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
bool is_core_float(std::string_view s) {
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  if (s.starts_with('-') || s.starts_with('+')) s.remove_prefix(1);
  if (s == ".inf" || s == ".Inf" || s == ".INF") return true;
  std::size_t i = 0;
  if (s.starts_with('.')) {
    ++i;
    if (skip_digits(s, i) == 0) return false;
  } else {
    if (skip_digits(s, i) == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      skip_digits(s, i);
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (skip_digits(s, i) == 0) return false;
  }
  return i == s.size();
}

}  // namespace

ScalarType plain_type(std::string_view v) {
  if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL") return ScalarType::null;
  if (v == "true" || v == "True" || v == "TRUE" || v == "false" || v == "False" || v == "FALSE")
    return ScalarType::boolean;
  if (v.size() > 64) return ScalarType::text;  // no number kep reads is longer
  if (is_core_int(v)) return ScalarType::integer;
  if (is_core_float(v)) return ScalarType::number;
  return ScalarType::text;
}

std::string describe(const Node& node) {
  switch (node.kind) {
    case Kind::null:
      return "nothing";
    case Kind::sequence:
      return "a list";
    case Kind::map:
      return "a map (keys with values)";
    case Kind::scalar:
      break;
  }
  if (node.quoted) return "text";
  switch (plain_type(node.value)) {
    case ScalarType::null:
      return "nothing";
    case ScalarType::boolean:
      return "true/false";
    case ScalarType::integer:
    case ScalarType::number:
      return "a number";
    case ScalarType::text:
      break;
  }
  return "text";
}

}  // namespace kep::yaml
