// A fast reader for the plain block YAML that plan files are written in. yaml-cpp reads plans
// at about 2 MB/s (docs/performance.md); this reader gives exactly the tree yaml_tree's
// yaml-cpp path gives, for the subset it knows, and says "not simple" for anything else, so
// that yaml-cpp reads it (and reports what is wrong). tests/test_yaml_simple.cpp and the fuzz
// target fuzz_yaml compare both readers on the same texts.
//
// The subset: block maps with plain keys (letters, digits, '_', '-'), block lists, plain
// one-line scalars, one-line quoted scalars with simple escapes, one-line flow lists of
// scalars, literal and folded block scalars, comments and blank lines. Not simple: tabs, CR,
// a BOM, documents markers, directives, anchors, aliases, tags, flow maps, complex keys,
// multi-line plain or quoted scalars, duplicate keys, "null" and "~", empty list items,
// "null" as a key, nesting deeper than the limit, control characters (yaml_tree refuses them);
// and where yaml-cpp reads YAML its own way: '?' in a flow list, empty lines at the end of a folded
// block that keeps them (">+").

#include "yaml_simple.h"

#include <algorithm>

#include "text.h"

namespace kep::yaml {
namespace {

struct NotSimple {};  // thrown inside this file only: the text needs yaml-cpp

struct Line {
  std::size_t start;  // byte offset in the text
  std::string_view text;
  std::size_t indent;  // leading spaces
  bool blank;          // empty or spaces only
  bool comment;        // '#' after the indentation
};

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Plain words YAML reads as null; whether yaml-cpp gives them as a scalar or a null is left to it.
bool is_null_word(std::string_view s) {
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// Characters that YAML does not allow at the start of a plain scalar (or that need care).
bool starts_special(std::string_view s) {
  static constexpr std::string_view k_indicators = "-?:,[]{}#&*!|>'\"%@`";
  if (s.empty()) return true;
  if (s[0] == '-') return s.size() == 1 || s[1] == ' ';
  return k_indicators.find(s[0]) != std::string_view::npos;
}

class Reader {
 public:
  Reader(std::string_view text, std::uint32_t file, std::size_t max_depth)
      : m_text(text), m_file(file), m_max_depth(max_depth) {
    for (std::size_t pos = 0; pos < text.size();) {
      auto end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      Line line{pos, text.substr(pos, end - pos), 0, false, false};
      const auto first = line.text.find_first_not_of(' ');
      line.blank = first == std::string_view::npos;
      line.indent = line.blank ? line.text.size() : first;
      line.comment = !line.blank && line.text[first] == '#';
      m_lines.push_back(line);
      pos = end + 1;
    }
  }

  Node read() {
    const std::size_t i = next_significant(0);
    if (i == m_lines.size()) throw NotSimple{};  // empty: yaml-cpp says so
    // The root may be indented (a measure cut out of a field file starts at its '-'); a line
    // indented less after it is not simple.
    const Line& line = m_lines[i];
    Node root;
    std::size_t after = 0;
    if (is_item(line.text, line.indent)) {
      root = sequence(i, line.indent, 1, after);
    } else if (key_end(line.text, line.indent)) {
      root = map(i, line.indent, 1, after);
    } else {
      throw NotSimple{};
    }
    if (next_significant(after) != m_lines.size()) throw NotSimple{};
    return root;
  }

 private:
  std::size_t next_significant(std::size_t i) const {
    while (i < m_lines.size() && (m_lines[i].blank || m_lines[i].comment)) ++i;
    return i;
  }

  // Columns count characters from the line's start; places on one line come left to right
  // (a flow list of 40,000 items is one line), so counting goes on from the last place.
  Place place(std::size_t line, std::size_t offset, std::uint32_t length) const {
    if (line != m_counted_line || offset < m_counted_offset) {
      m_counted_line = line;
      m_counted_offset = 0;
      m_counted_column = 1;
    }
    m_counted_column +=
        utf8_length(m_lines[line].text.substr(m_counted_offset, offset - m_counted_offset));
    m_counted_offset = offset;
    return Place{m_file, static_cast<std::uint32_t>(line + 1),
                 static_cast<std::uint32_t>(m_counted_column), length};
  }

  // Characters from `offset` to the end of the line (yaml_tree's token_length cuts there), at
  // most `limit`.
  std::size_t rest_of_line(std::size_t line, std::size_t offset, std::size_t limit) const {
    const std::string_view rest = m_lines[line].text.substr(offset);
    std::size_t chars = 0;
    for (std::size_t i = 0; i < rest.size() && chars < limit; ++i)
      if ((static_cast<unsigned char>(rest[i]) & 0xC0) != 0x80) ++chars;
    return chars;
  }

  static bool is_item(std::string_view text, std::size_t at) {
    return at < text.size() && text[at] == '-' && (at + 1 == text.size() || text[at + 1] == ' ');
  }

  // The end of a plain key followed by ':' and a space or the line's end, or 0.
  static std::size_t key_end(std::string_view text, std::size_t at) {
    std::size_t i = at;
    while (i < text.size() && is_key_char(text[i])) ++i;
    if (i == at || text[at] == '-' || i >= text.size() || text[i] != ':') return 0;
    if (i + 1 < text.size() && text[i + 1] != ' ') return 0;
    return i;
  }

  // Moves `i` to the next significant line; whether that line goes on with the block at column
  // `indent`: a list item when `items`, else a key. A line indented more is not simple.
  bool continues(std::size_t& i, std::size_t indent, bool items) const {
    i = next_significant(i);
    if (i == m_lines.size() || m_lines[i].indent < indent) return false;
    if (m_lines[i].indent > indent) throw NotSimple{};
    return is_item(m_lines[i].text, indent) == items;
  }

  void enter(std::size_t depth) const {
    if (depth > m_max_depth) throw NotSimple{};
  }

  // A block map whose first key starts at (line, column `indent`); `after` gets the first line
  // after it.
  Node map(std::size_t line, std::size_t indent, std::size_t depth, std::size_t& after) {
    enter(depth);
    Node node;
    node.kind = Kind::map;
    node.place = place(line, indent, 0);
    std::size_t i = line;
    // A list at the key's column ends the map.
    for (bool first = true; first || continues(i, indent, false); first = false) {
      const std::string_view text = m_lines[i].text;
      const std::size_t end = key_end(text, indent);
      if (end == 0) throw NotSimple{};
      const std::string key(text.substr(indent, end - indent));
      if (is_null_word(key)) throw NotSimple{};  // "null:": yaml-cpp gives a null key
      for (const auto& existing : node.items)
        if (existing.key == key) throw NotSimple{};  // duplicate: yaml-cpp reports it
      const Place key_place = place(i, indent, static_cast<std::uint32_t>(key.size()));
      Node value = after_indicator(i, end + 1, indent, depth, i, key_place);
      value.key = key;
      value.key_place = key_place;
      node.items.push_back(std::move(value));
    }
    after = i;
    return node;
  }

  // A block list whose first '-' is at (line, column `indent`).
  Node sequence(std::size_t line, std::size_t indent, std::size_t depth, std::size_t& after) {
    enter(depth);
    Node node;
    node.kind = Kind::sequence;
    node.place = place(line, indent, 0);
    std::size_t i = line;
    for (bool first = true; first || continues(i, indent, true); first = false) {
      const std::string_view text = m_lines[i].text;
      std::size_t at = indent + 1;
      while (at < text.size() && text[at] == ' ') ++at;
      if (at >= text.size() || text[at] == '#') {
        // "-" alone: the item is on the next lines, indented.
        const std::size_t j = next_significant(i + 1);
        if (j == m_lines.size() || m_lines[j].indent <= indent) throw NotSimple{};  // empty item
        node.items.push_back(block(j, m_lines[j].indent, depth + 1, i));
        continue;
      }
      if (is_item(text, at)) throw NotSimple{};  // "- - x"
      if (key_end(text, at)) {
        node.items.push_back(map(i, at, depth + 1, i));
        continue;
      }
      node.items.push_back(inline_value(i, at, indent, depth + 1, i));
    }
    after = i;
    return node;
  }

  // A map or a list starting at (line, indent).
  Node block(std::size_t line, std::size_t indent, std::size_t depth, std::size_t& after) {
    const std::string_view text = m_lines[line].text;
    if (is_item(text, indent)) return sequence(line, indent, depth, after);
    if (key_end(text, indent)) return map(line, indent, depth, after);
    throw NotSimple{};  // a scalar alone on its line (multi-line plain scalars and the like)
  }

  // The value after "key:" on `line` from byte `at` on, in a map whose keys are at `indent`.
  Node after_indicator(std::size_t line, std::size_t at, std::size_t indent, std::size_t depth,
                       std::size_t& after, const Place& key_place) {
    const std::string_view text = m_lines[line].text;
    while (at < text.size() && text[at] == ' ') ++at;
    if (at < text.size() && text[at] != '#')
      return inline_value(line, at, indent, depth + 1, after);
    if (at < text.size() && text[at - 1] != ' ') throw NotSimple{};  // "key:#"
    // Nothing on the line: a nested block, a list at the key's column, or null.
    const std::size_t j = next_significant(line + 1);
    if (j < m_lines.size() && m_lines[j].indent > indent)
      return block(j, m_lines[j].indent, depth + 1, after);
    if (j < m_lines.size() && m_lines[j].indent == indent && is_item(m_lines[j].text, indent))
      return sequence(j, indent, depth + 1, after);
    Node null;
    null.place = key_place;  // yaml_tree points a "key:" without value at its key
    null.place.length = 0;
    after = line + 1;
    return null;
  }

  // A value that starts on `line` at byte `at`, inside a block whose column is `indent`.
  Node inline_value(std::size_t line, std::size_t at, std::size_t indent, std::size_t depth,
                    std::size_t& after) {
    const std::string_view text = m_lines[line].text;
    Node node;
    std::size_t end = 0;  // where the value's text ends on the line
    const char c = text[at];
    if (c == '|' || c == '>') return block_scalar(line, at, indent, after);
    if (c == '[') {
      enter(depth);
      node = flow_list(line, at, end);
    } else if (c == '"' || c == '\'') {
      node = quoted(line, at, end);
    } else {
      node = plain(line, at, end);
    }
    // Only a comment may follow on the line.
    const auto rest = text.find_first_not_of(' ', end);
    if (rest != std::string_view::npos && (text[rest] != '#' || rest == end)) throw NotSimple{};
    // A more indented line after a scalar would continue it (or be an error): yaml-cpp decides.
    const std::size_t j = next_significant(line + 1);
    if (j < m_lines.size() && m_lines[j].indent > indent) throw NotSimple{};
    after = line + 1;
    return node;
  }

  Node plain(std::size_t line, std::size_t at, std::size_t& end) {
    const std::string_view text = m_lines[line].text;
    if (starts_special(text.substr(at))) throw NotSimple{};
    std::size_t i = at;
    for (; i < text.size(); ++i) {
      if (text[i] == '#' && text[i - 1] == ' ') break;
      if (text[i] == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) throw NotSimple{};
    }
    std::size_t stop = i;
    while (stop > at && text[stop - 1] == ' ') --stop;
    Node node;
    node.kind = Kind::scalar;
    node.value.assign(text.substr(at, stop - at));
    if (is_null_word(node.value)) throw NotSimple{};
    node.place = place(line, at, static_cast<std::uint32_t>(utf8_length(node.value)));
    end = stop;
    return node;
  }

  Node quoted(std::size_t line, std::size_t at, std::size_t& end) {
    const std::string_view text = m_lines[line].text;
    const char quote = text[at];
    Node node;
    node.kind = Kind::scalar;
    node.quoted = true;
    std::size_t i = at + 1;
    for (;; ++i) {
      if (i >= text.size()) throw NotSimple{};  // runs on to the next line
      const char c = text[i];
      if (c == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          node.value += '\'';
          ++i;
          continue;
        }
        break;
      }
      if (quote == '"' && c == '\\') {
        if (i + 1 >= text.size()) throw NotSimple{};
        switch (text[++i]) {
          case '\\':
            node.value += '\\';
            break;
          case '"':
            node.value += '"';
            break;
          case '/':
            node.value += '/';
            break;
          case 'n':
            node.value += '\n';
            break;
          case 't':
            node.value += '\t';
            break;
          default:
            throw NotSimple{};
        }
        continue;
      }
      node.value += c;
    }
    end = i + 1;
    const auto wanted = utf8_length(node.value) + 2;
    node.place = place(line, at, static_cast<std::uint32_t>(rest_of_line(line, at, wanted)));
    return node;
  }

  Node flow_list(std::size_t line, std::size_t at, std::size_t& end) {
    const std::string_view text = m_lines[line].text;
    Node node;
    node.kind = Kind::sequence;
    node.place = place(line, at, 0);
    std::size_t i = at + 1;
    auto skip = [&] {
      while (i < text.size() && text[i] == ' ') ++i;
    };
    skip();
    if (i < text.size() && text[i] == ']') {
      end = i + 1;
      return node;
    }
    while (true) {
      skip();
      if (i >= text.size()) throw NotSimple{};
      const char c = text[i];
      if (c == '"' || c == '\'') {
        std::size_t stop = 0;
        node.items.push_back(quoted(line, i, stop));
        i = stop;
      } else {
        static constexpr std::string_view k_flow_special = "-?:,[]{}#&*!|>'\"%@`";
        if (k_flow_special.find(c) != std::string_view::npos) throw NotSimple{};
        std::size_t j = i;
        while (j < text.size() && text[j] != ',' && text[j] != ']') {
          // '?' too: yaml-cpp takes it for a key indicator inside a flow list ("[a ?b]").
          if (text[j] == '[' || text[j] == '{' || text[j] == '}' || text[j] == '#' ||
              text[j] == ':' || text[j] == '"' || text[j] == '\'' || text[j] == '?')
            throw NotSimple{};
          ++j;
        }
        std::size_t stop = j;
        while (stop > i && text[stop - 1] == ' ') --stop;
        Node item;
        item.kind = Kind::scalar;
        item.value.assign(text.substr(i, stop - i));
        if (is_null_word(item.value)) throw NotSimple{};
        item.place = place(line, i, static_cast<std::uint32_t>(utf8_length(item.value)));
        node.items.push_back(std::move(item));
        i = j;
      }
      skip();
      if (i >= text.size()) throw NotSimple{};
      if (text[i] == ']') {
        end = i + 1;
        return node;
      }
      if (text[i] != ',') throw NotSimple{};
      ++i;
      skip();
      if (i < text.size() && text[i] == ']') throw NotSimple{};  // a trailing comma
    }
  }

  // "|" or ">" with an optional chomping indicator; the content is on the following lines,
  // indented more than `indent`.
  Node block_scalar(std::size_t line, std::size_t at, std::size_t indent, std::size_t& after) {
    const std::string_view text = m_lines[line].text;
    const bool literal = text[at] == '|';
    char chomp = ' ';
    std::size_t i = at + 1;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) chomp = text[i++];
    if (i < text.size() && text[i] != ' ') throw NotSimple{};  // an indentation indicator
    const auto rest = text.find_first_not_of(' ', i);
    if (rest != std::string_view::npos && text[rest] != '#') throw NotSimple{};
    // The content's indentation is the first line's; no empty lines before it.
    std::size_t j = line + 1;
    if (j >= m_lines.size() || m_lines[j].blank || m_lines[j].indent <= indent) throw NotSimple{};
    const std::size_t content = m_lines[j].indent;
    std::vector<std::string_view> lines;  // content lines, "" for empty ones
    for (; j < m_lines.size(); ++j) {
      const Line& l = m_lines[j];
      if (l.blank) {
        if (l.text.size() > content) throw NotSimple{};  // spaces that would be content
        lines.emplace_back();
        continue;
      }
      if (l.indent < content) break;
      if (l.indent > content && !literal) throw NotSimple{};  // folding of more-indented lines
      lines.push_back(l.text.substr(content));
    }
    if (j == m_lines.size() && (m_text.empty() || m_text.back() != '\n')) throw NotSimple{};
    std::size_t trailing = 0;  // empty lines at the end
    while (trailing < lines.size() && lines[lines.size() - 1 - trailing].empty()) ++trailing;
    // yaml-cpp keeps one empty line too few after a folded block (">+\n  x\n\n" is "x\n").
    if (chomp == '+' && !literal && trailing > 0) throw NotSimple{};
    const std::size_t body = lines.size() - trailing;
    Node node;
    node.kind = Kind::scalar;
    node.quoted = true;
    for (std::size_t k = 0; k < body; ++k) {
      if (k > 0) {
        if (literal) {
          node.value += '\n';
        } else if (!lines[k].empty() && !lines[k - 1].empty()) {
          node.value += ' ';
        } else if (lines[k].empty()) {
          node.value += '\n';
        }
      }
      node.value += lines[k];
    }
    if (chomp == ' ') {
      node.value += '\n';
    } else if (chomp == '+') {
      node.value += std::string(trailing + 1, '\n');
    }
    node.place = place(line, at, 0);
    after = j;
    return node;
  }

  std::string_view m_text;
  std::uint32_t m_file;
  std::size_t m_max_depth;
  std::vector<Line> m_lines;
  // Where place() counted to last: line, byte offset and the column there.
  mutable std::size_t m_counted_line = static_cast<std::size_t>(-1);
  mutable std::size_t m_counted_offset = 0;
  mutable std::size_t m_counted_column = 1;
};

}  // namespace

std::optional<Node> parse_simple(std::string_view text, std::uint32_t file, std::size_t max_depth) {
  // Tabs and CR need yaml-cpp's rules; other control characters are a yaml-encoding finding
  // (yaml-cpp's stream even takes the byte 0x04 for its end, wherever it stands).
  for (const char c : text)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f) return std::nullopt;
  if (text.starts_with("\xEF\xBB\xBF")) return std::nullopt;
  for (std::size_t pos = 0; pos < text.size();) {
    // Document markers and directives at the start of a line.
    if (text[pos] == '%' || text.substr(pos, 3) == "---" || text.substr(pos, 3) == "...")
      return std::nullopt;
    const auto end = text.find('\n', pos);
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  try {
    return Reader(text, file, max_depth).read();
  } catch (const NotSimple&) {
    return std::nullopt;
  }
}

}  // namespace kep::yaml
