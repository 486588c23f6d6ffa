#include "edit.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "diagnostic.h"
#include "text.h"
#include "yaml_tree.h"

namespace kep {
namespace {

using yaml::Kind;
using yaml::Node;

// The format's order of a measure's keys (docs/plan-format.md): a new key goes after the present
// key that comes before it here.
constexpr std::array<std::string_view, 13> k_key_order = {
    "id",     "title", "phase", "status",   "kind", "lead",   "partners",
    "themes", "tags",  "due",   "progress", "note", "updates"};

constexpr std::size_t k_no_rank = k_key_order.size() + 1;

std::size_t key_rank(std::string_view key) {
  const auto it = std::find(k_key_order.begin(), k_key_order.end(), key);
  return it == k_key_order.end() ? k_no_rank : static_cast<std::size_t>(it - k_key_order.begin());
}

// The lines of a text: where each starts, and places (line, column in characters) as bytes.
class Lines {
 public:
  explicit Lines(std::string_view text) : m_text(text) {
    m_starts.push_back(0);
    for (std::size_t i = 0; i + 1 < text.size(); ++i)
      if (text[i] == '\n') m_starts.push_back(i + 1);
  }

  std::size_t count() const { return m_text.empty() ? 0 : m_starts.size(); }

  // The byte offset where line `line` (1-based) starts; past the last line, the end of the text.
  std::size_t start(std::size_t line) const {
    return line >= 1 && line <= count() ? m_starts[line - 1] : m_text.size();
  }

  // The line without its line break (\n or \r\n).
  std::string_view content(std::size_t line) const {
    if (line < 1 || line > count()) return {};
    const std::size_t begin = start(line);
    std::size_t end = m_text.find('\n', begin);
    if (end == std::string_view::npos) end = m_text.size();
    if (end > begin && m_text[end - 1] == '\r') --end;
    return m_text.substr(begin, end - begin);
  }

  std::size_t content_end(std::size_t line) const { return start(line) + content(line).size(); }

  std::size_t offset(const Place& place) const {
    const std::size_t column = place.column > 0 ? place.column - 1 : 0;
    return start(place.line) + utf8_offset(content(place.line), column);
  }

  std::size_t indent(std::size_t line) const {
    const auto text = content(line);
    return std::min(text.find_first_not_of(' '), text.size());
  }

  bool blank(std::size_t line) const {
    return content(line).find_first_not_of(" \t") == std::string_view::npos;
  }

  bool comment(std::size_t line) const {
    const auto text = content(line);
    const auto first = text.find_first_not_of(" \t");
    return first != std::string_view::npos && text[first] == '#';
  }

 private:
  std::string_view m_text;
  std::vector<std::size_t> m_starts;
};

// How a scalar is written: plain, "double" or 'single' quoted.
enum class Style { plain, double_quoted, single_quoted };

bool has_control(std::string_view value) {
  return std::any_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// Whether `value` reads back as the same text when written plain after "key: " (in a flow
// collection, when `flow`).
bool plain_possible(std::string_view value, bool flow) {
  if (value.empty() || value.front() == ' ' || value.back() == ' ' || has_control(value))
    return false;
  const char first = value.front();
  if (std::string_view("#&*!|>'\"%@`,[]{}").find(first) != std::string_view::npos) return false;
  if ((first == '-' || first == '?' || first == ':') && (value.size() == 1 || value[1] == ' '))
    return false;
  if (value.find(": ") != std::string_view::npos || value.find(" #") != std::string_view::npos ||
      value.back() == ':')
    return false;
  return !flow || value.find_first_of(",[]{}:") == std::string_view::npos;
}

std::string double_quoted(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string single_quoted(std::string_view value) {
  if (has_control(value)) return double_quoted(value);
  std::string out = "'";
  for (const char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// `value` as a YAML token in `style` where it allows. A `number` (progress, a date) is written
// plain whenever it can be; other values are text, quoted when YAML would read them otherwise.
std::string format_value(std::string_view value, Style style, bool number, bool flow = false) {
  const bool plain =
      plain_possible(value, flow) && (number || yaml::plain_type(value) == yaml::ScalarType::text);
  if (plain && (number || style == Style::plain)) return std::string(value);
  if (style == Style::single_quoted) return single_quoted(value);
  return double_quoted(value);
}

bool is_quoted(std::string_view token) {
  return !token.empty() && (token.front() == '"' || token.front() == '\'');
}

Node scalar_node(std::string key, std::string value, std::string_view token) {
  Node node;
  node.kind = Kind::scalar;
  node.key = std::move(key);
  node.value = std::move(value);
  node.quoted = is_quoted(token);
  return node;
}

// The same content, ignoring places and the order of keys in maps.
bool same_tree(const Node& a, const Node& b) {
  if (a.kind != b.kind || a.key != b.key || a.items.size() != b.items.size()) return false;
  if (a.kind == Kind::scalar) return a.value == b.value && a.quoted == b.quoted;
  std::vector<const Node*> left, right;
  for (const auto& item : a.items) left.push_back(&item);
  for (const auto& item : b.items) right.push_back(&item);
  if (a.kind == Kind::map) {
    const auto by_key = [](const Node* x, const Node* y) { return x->key < y->key; };
    std::stable_sort(left.begin(), left.end(), by_key);
    std::stable_sort(right.begin(), right.end(), by_key);
  }
  for (std::size_t i = 0; i < left.size(); ++i)
    if (!same_tree(*left[i], *right[i])) return false;
  return true;
}

// A change of the text: bytes [begin, end) become `text`.
struct Splice {
  std::size_t begin;
  std::size_t end;
  std::string text;
};

// Where a scalar's token is in the text, and how it is written.
struct Token {
  std::size_t begin;
  std::size_t end;
  Style style;
};

// Offsets of a block list's items: the dash's column after the key's, the item keys' after the
// dash's ("updates:\n  - date:" is {2, 2}).
struct ListLayout {
  std::size_t dash = 2;
  std::size_t key = 2;
};

class Editor {
 public:
  Editor(std::string_view text, const Node& root)
      : m_text(text), m_lines(text), m_root(root), m_expected(root) {
    const auto lf = text.find('\n');
    m_eol = lf != std::string_view::npos && lf > 0 && text[lf - 1] == '\r' ? "\r\n" : "\n";
  }

  EditResult run(const MeasureEdit& edit) {
    m_id = edit.id;
    if (!locate()) return {{}, m_error};
    std::vector<const KeyEdit*> keys;
    for (const auto& key : edit.keys) keys.push_back(&key);
    std::stable_sort(keys.begin(), keys.end(), [](const KeyEdit* a, const KeyEdit* b) {
      return key_rank(a->key) < key_rank(b->key);
    });
    for (const auto* key : keys)
      if (!set_key(*key)) return {{}, m_error};
    if (edit.update && !add_update(*edit.update)) return {{}, m_error};
    std::string text = apply();
    const auto reparsed = yaml::parse(text, 0);
    if (!reparsed.root || has_errors(reparsed.findings) || !same_tree(m_expected, *reparsed.root))
      return {{},
              fmt::format("the edit would change more than the values asked for (an unusual "
                          "layout near measure {}); nothing was changed; edit the file by hand",
                          m_id)};
    return {std::move(text), {}};
  }

 private:
  // The character where a node starts; '\0' for a node at the end of the text (an empty last
  // entry such as "- " without a line break).
  char char_at(const Place& place) const {
    const std::size_t at = m_lines.offset(place);
    return at < m_text.size() ? m_text[at] : '\0';
  }

  bool fail(std::string message) {
    if (m_error.empty()) m_error = std::move(message);
    return false;
  }

  // Finds the measure, its expected copy, its keys' indentation and the line after it.
  bool locate() {
    const Node* measures = m_root.find("measures");
    if (!measures || measures->kind != Kind::sequence)
      return fail(fmt::format("there is no measure '{}' in this file", m_id));
    std::size_t found = measures->items.size();
    for (std::size_t i = 0; i < measures->items.size(); ++i) {
      const Node* id = measures->items[i].find("id");
      if (!id || id->kind != Kind::scalar || id->value != m_id) continue;
      if (found != measures->items.size())
        return fail(fmt::format(
            "measure '{}' is in this file twice; give one of them the next free id", m_id));
      found = i;
    }
    if (found == measures->items.size())
      return fail(fmt::format("there is no measure '{}' in this file", m_id));
    m_measure = &measures->items[found];
    const std::size_t measures_index = static_cast<std::size_t>(measures - m_root.items.data());
    m_expected_measure = &m_expected.items[measures_index].items[found];
    if (char_at(m_measure->place) == '{')
      return fail(
          fmt::format("measure {} is written on one line ({{...}}); kep set cannot change "
                      "it safely; write one key per line, then run kep set again",
                      m_id));
    m_indent = m_measure->items.front().key_place.column - 1;
    if (found + 1 < measures->items.size()) {
      m_measure_end = measures->items[found + 1].place.line;
    } else if (measures_index + 1 < m_root.items.size()) {
      m_measure_end = m_root.items[measures_index + 1].key_place.line;
    } else {
      m_measure_end = m_lines.count() + 1;
    }
    return true;
  }

  // The last line of the value of the measure's key number `index`: its own line, or the last
  // line of its block, without the blank lines and comments before the next key.
  std::size_t value_last_line(std::size_t index) const {
    const auto& keys = m_measure->items;
    const std::size_t first = keys[index].key_place.line;
    std::size_t line =
        (index + 1 < keys.size() ? keys[index + 1].key_place.line : m_measure_end) - 1;
    while (line > first &&
           (m_lines.blank(line) || (m_lines.comment(line) && m_lines.indent(line) <= m_indent)))
      --line;
    return line;
  }

  // The line after which a missing key of rank `rank` goes.
  std::size_t line_for_new_key(std::size_t rank) const {
    const auto& keys = m_measure->items;
    std::size_t best = keys.size() - 1;
    std::size_t best_rank = 0;
    bool any = false;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const std::size_t r = key_rank(keys[i].key);
      if (r < rank && (!any || r >= best_rank)) {
        best = i;
        best_rank = r;
        any = true;
      }
    }
    return value_last_line(best);
  }

  void insert_after(std::size_t line, std::string lines) {
    const std::size_t at = m_lines.start(line + 1);
    if (at == m_text.size() && !m_text.empty() && m_text.back() != '\n') {
      // The file ends without a line break: keep it that way.
      lines = m_eol + lines.substr(0, lines.size() - m_eol.size());
    }
    m_splices.push_back(Splice{at, at, std::move(lines)});
  }

  std::optional<Token> token_of(const Node& node) {
    const std::size_t begin = m_lines.offset(node.place);
    const std::size_t line_end = m_lines.content_end(node.place.line);
    const char first = begin < m_text.size() ? m_text[begin] : '\0';
    const auto refuse = [&](std::string_view why, std::string_view instead) {
      fail(fmt::format("'{}' of measure {} {}; kep set cannot change it safely; {}", node.key, m_id,
                       why, instead));
      return std::nullopt;
    };
    if (first == '&' || first == '*' || first == '!')
      return refuse("has an anchor, alias or tag (& * !)", "write the value out in full");
    if (node.quoted && (first == '|' || first == '>'))
      return refuse("is a block of lines (| or >)", "edit it by hand");
    if (first == '"' || first == '\'') {
      for (std::size_t i = begin + 1; i < line_end; ++i) {
        if (first == '"' && m_text[i] == '\\') {
          ++i;
        } else if (m_text[i] == first) {
          if (first == '\'' && i + 1 < line_end && m_text[i + 1] == '\'') {
            ++i;
            continue;
          }
          return Token{begin, i + 1, first == '"' ? Style::double_quoted : Style::single_quoted};
        }
      }
      return refuse("continues on the next line", "write it on one line or edit it by hand");
    }
    std::size_t end = line_end;
    for (std::size_t i = begin + 1; i < line_end; ++i) {
      if (m_text[i] == '#' && (m_text[i - 1] == ' ' || m_text[i - 1] == '\t')) {
        end = i;
        break;
      }
    }
    while (end > begin && (m_text[end - 1] == ' ' || m_text[end - 1] == '\t')) --end;
    if (m_text.substr(begin, end - begin) != node.value)
      return refuse("continues on the next line", "write it on one line or edit it by hand");
    return Token{begin, end, Style::plain};
  }

  // The offset right after the ':' of a key whose value is empty ("status:").
  std::optional<std::size_t> after_colon(const Node& item) {
    const std::size_t key_at = m_lines.offset(item.key_place);
    const std::size_t line_end = m_lines.content_end(item.key_place.line);
    const auto colon = m_text.find(':', key_at + item.key.size());
    if (colon == std::string_view::npos || colon >= line_end) {
      fail(
          fmt::format("'{}' of measure {} has no value on its line; kep set cannot change it "
                      "safely; edit it by hand",
                      item.key, m_id));
      return std::nullopt;
    }
    return colon + 1;
  }

  Node& expected_key(std::string_view key) {
    for (auto& item : m_expected_measure->items)
      if (item.key == key) return item;
    m_expected_measure->items.push_back(Node{});
    m_expected_measure->items.back().key = std::string(key);
    return m_expected_measure->items.back();
  }

  bool set_key(const KeyEdit& edit) {
    if (edit.key != "status" && edit.key != "progress" && edit.key != "lead" && edit.key != "phase")
      return fail(
          fmt::format("kep set cannot change '{}'; it changes status, progress, lead and "
                      "phase",
                      edit.key));
    const bool number = edit.key == "progress";
    const auto& keys = m_measure->items;
    const auto it =
        std::find_if(keys.begin(), keys.end(), [&](const Node& n) { return n.key == edit.key; });
    std::string token;
    if (it == keys.end()) {
      token = format_value(edit.value, Style::plain, number);
      insert_after(line_for_new_key(key_rank(edit.key)),
                   std::string(m_indent, ' ') + edit.key + ": " + token + m_eol);
    } else if (it->kind == Kind::scalar && it->value == edit.value) {
      return true;
    } else if (it->kind == Kind::null && !it->refused) {
      const auto at = after_colon(*it);
      if (!at) return false;
      token = format_value(edit.value, Style::plain, number);
      m_splices.push_back(Splice{*at, *at, " " + token});
    } else if (it->kind == Kind::scalar) {
      const auto old = token_of(*it);
      if (!old) return false;
      token = format_value(edit.value, old->style, number);
      m_splices.push_back(Splice{old->begin, old->end, token});
    } else {
      return fail(
          fmt::format("'{}' of measure {} is {}; kep set writes a single value there; "
                      "edit it by hand",
                      edit.key, m_id, yaml::describe(*it)));
    }
    expected_key(edit.key) = scalar_node(edit.key, edit.value, token);
    return true;
  }

  // The layout of a new updates list: like another measure's updates in this file, else like
  // the file's list of measures.
  ListLayout file_layout() const {
    const Node* measures = m_root.find("measures");
    for (const auto& measure : measures->items) {
      const Node* updates = measure.find("updates");
      if (updates && updates->kind == Kind::sequence && !updates->items.empty() &&
          char_at(updates->place) != '[')
        return layout_of(*updates);
    }
    return layout_of(*measures);
  }

  // The layout of a block list that is the value of a key.
  static ListLayout layout_of(const Node& list) {
    ListLayout layout;
    if (list.place.line > list.key_place.line && list.place.column >= list.key_place.column)
      layout.dash = list.place.column - list.key_place.column;
    if (!list.items.empty() && list.items.front().kind == Kind::map &&
        !list.items.front().items.empty()) {
      const Place& key = list.items.front().items.front().key_place;
      if (key.line == list.place.line && key.column >= list.place.column + 2)
        layout.key = key.column - list.place.column;
    }
    return layout;
  }

  // The style of `key` in the last entry of `updates` that has it.
  Style entry_style(const Node* updates, std::string_view key) {
    if (!updates) return Style::plain;
    for (auto it = updates->items.rbegin(); it != updates->items.rend(); ++it) {
      const Node* value = it->find(key);
      if (!value || value->kind != Kind::scalar) continue;
      const char first = char_at(value->place);
      return first == '"'    ? Style::double_quoted
             : first == '\'' ? Style::single_quoted
                             : Style::plain;
    }
    return Style::plain;
  }

  // The entry as lines of a block list (or one line of a flow map, when `flow`), and its node.
  std::string entry_text(const UpdateEntry& update, const Node* updates, std::size_t dash_column,
                         std::size_t key_offset, bool flow, Node& node) {
    const std::pair<std::string_view, const std::string*> fields[] = {{"date", &update.date},
                                                                      {"status", &update.status},
                                                                      {"note", &update.note},
                                                                      {"ref", &update.ref}};
    node.kind = Kind::map;
    std::string text = std::string(dash_column, ' ') + "-" + std::string(key_offset - 1, ' ');
    if (flow) text = std::string(dash_column, ' ') + "- {";
    bool first = true;
    for (const auto& [key, value] : fields) {
      if (value->empty()) continue;
      const std::string token =
          format_value(*value, entry_style(updates, key), key == "date", flow);
      node.items.push_back(scalar_node(std::string(key), *value, token));
      if (flow) {
        text += (first ? "" : ", ") + std::string(key) + ": " + token;
      } else {
        if (!first) text += std::string(dash_column + key_offset, ' ');
        text += std::string(key) + ": " + token + m_eol;
      }
      first = false;
    }
    return flow ? text + "}" + m_eol : text;
  }

  bool add_update(const UpdateEntry& update) {
    const auto& keys = m_measure->items;
    const auto it =
        std::find_if(keys.begin(), keys.end(), [](const Node& n) { return n.key == "updates"; });
    Node entry;
    if (it == keys.end()) {
      const ListLayout layout = file_layout();
      std::string text =
          std::string(m_indent, ' ') + "updates:" + m_eol +
          entry_text(update, nullptr, m_indent + layout.dash, layout.key, false, entry);
      insert_after(line_for_new_key(key_rank("updates")), text);
      Node& list = expected_key("updates");
      list.kind = Kind::sequence;
      list.items.push_back(std::move(entry));
      return true;
    }
    const auto index = static_cast<std::size_t>(it - keys.begin());
    const Node& updates = *it;
    if (updates.kind == Kind::null && !updates.refused) {
      const ListLayout layout = file_layout();
      insert_after(value_last_line(index),
                   entry_text(update, nullptr, m_indent + layout.dash, layout.key, false, entry));
    } else if (updates.kind == Kind::sequence && char_at(updates.place) == '[') {
      if (!updates.items.empty() || !replace_empty_flow_list(updates))
        return fail(
            fmt::format("'updates' of measure {} is a list in brackets ([...]); kep set "
                        "cannot add to it safely; write one '- date: ...' entry per "
                        "line, then run kep set again",
                        m_id));
      const ListLayout layout = file_layout();
      insert_after(updates.key_place.line,
                   entry_text(update, nullptr, m_indent + layout.dash, layout.key, false, entry));
    } else if (updates.kind == Kind::sequence) {
      const bool flow = !updates.items.empty() && char_at(updates.items.back().place) == '{';
      const ListLayout layout = layout_of(updates);
      insert_after(value_last_line(index),
                   entry_text(update, &updates, updates.place.column - 1, layout.key, flow, entry));
    } else {
      return fail(
          fmt::format("'updates' of measure {} is {}, not a list; fix it first (kep "
                      "validate shows where)",
                      m_id, yaml::describe(updates)));
    }
    Node& list = expected_key("updates");
    list.kind = Kind::sequence;
    list.items.push_back(std::move(entry));
    return true;
  }

  // "updates: []" (an empty list in brackets, on the key's line) loses its "[]".
  bool replace_empty_flow_list(const Node& updates) {
    const std::size_t open = m_lines.offset(updates.place);
    const std::size_t line_end = m_lines.content_end(updates.place.line);
    if (updates.place.line != updates.key_place.line) return false;
    std::size_t close = open + 1;
    while (close < line_end && m_text[close] == ' ') ++close;
    if (close >= line_end || m_text[close] != ']') return false;
    std::size_t from = open;
    while (from > 0 && m_text[from - 1] == ' ') --from;
    if (from == 0 || m_text[from - 1] != ':') return false;
    m_splices.push_back(Splice{from, close + 1, ""});
    return true;
  }

  std::string apply() const {
    std::vector<const Splice*> order;
    for (const auto& splice : m_splices) order.push_back(&splice);
    std::stable_sort(order.begin(), order.end(),
                     [](const Splice* a, const Splice* b) { return a->begin < b->begin; });
    std::string out;
    std::size_t at = 0;
    for (const auto* splice : order) {
      out.append(m_text.substr(at, splice->begin - at));
      out += splice->text;
      at = splice->end;
    }
    out.append(m_text.substr(at));
    return out;
  }

  std::string_view m_text;
  Lines m_lines;
  const Node& m_root;
  Node m_expected;  // the old tree as the new text must read
  std::string m_eol;
  std::string m_id;
  const Node* m_measure = nullptr;
  Node* m_expected_measure = nullptr;
  std::size_t m_indent = 0;       // characters before the measure's keys
  std::size_t m_measure_end = 0;  // the line where what follows the measure starts
  std::vector<Splice> m_splices;
  std::string m_error;
};

}  // namespace

EditResult edit_measure(std::string_view text, const MeasureEdit& edit) {
  const auto parsed = yaml::parse(text, 0);
  for (const auto& finding : parsed.findings)
    if (finding.severity == Severity::error)
      return {{},
              fmt::format("the file cannot be edited safely: line {}: {}; fix it first (kep "
                          "validate shows where)",
                          finding.place.line, finding.message)};
  if (!parsed.root || parsed.root->kind != Kind::map)
    return {{}, fmt::format("there is no measure '{}' in this file", edit.id)};
  return Editor(text, *parsed.root).run(edit);
}

}  // namespace kep
