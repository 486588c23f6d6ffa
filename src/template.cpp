#include "template.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <kainjow/mustache.hpp>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <tuple>
#include <unordered_map>

#include "escape.h"
#include "parallel.h"
#include "suggest.h"
#include "text.h"

namespace kep {
namespace {

namespace mstch = kainjow::mustache;
using Json = nlohmann::ordered_json;

// The first byte of the names PreparedTemplate makes up: literal_runs' texts ("\x01" and a
// number) and a split section's list ("\x01#" and the list's name, split_sections). When a
// template or partial has the byte anywhere, it makes up none.
constexpr char k_mark = '\x01';

// A value as template data; a map or list comes back empty, for fill() to fill in place.
// A number as template text.
std::string number_text(const Json& value) {
  return value.is_number_float() ? fmt::format("{}", value.get<double>()) : value.dump();
}

mstch::data shell(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return mstch::data{mstch::data::type::object};
    case Json::value_t::array:
      return mstch::data{mstch::data::type::list};
    case Json::value_t::string:
      return mstch::data{value.get<std::string>()};
    case Json::value_t::boolean:
      return mstch::data{value.get<bool>()};
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return mstch::data{number_text(value)};
    default:
      return mstch::data{false};  // null: renders as nothing, and a section over it is skipped
  }
}

// Fills `out` (a shell of `value`) in place. kainjow's set and push_back copy what they are
// given, and its lists copy their items when they grow (its move is not noexcept): built
// bottom-up, a report's data was copied once per level, most of `kep report`'s time for a large
// plan (docs/performance.md). So each item goes in empty and is filled where it stands; the
// const_casts reach data this function made itself.
void fill(mstch::data& out, const Json& value) {
  const auto nested = [](const Json& v) { return v.is_object() || v.is_array(); };
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      out.set(key, shell(item));
      if (nested(item)) fill(const_cast<mstch::data&>(*out.get(key)), item);
    }
  } else if (value.is_array()) {
    for (const auto& item : value) out.push_back(shell(item));
    const auto& items = out.list_value();
    for (std::size_t i = 0; i < value.size(); ++i)
      if (nested(value[i])) fill(const_cast<mstch::data&>(items[i]), value[i]);
  }
}

mstch::data to_data(const Json& value) {
  mstch::data out = shell(value);
  fill(out, value);
  return out;
}

// 1-based line and column (in characters) of a byte offset.
std::pair<std::uint32_t, std::uint32_t> line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::uint32_t line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  return {line, static_cast<std::uint32_t>(utf8_length(text.substr(start, offset - start)) + 1)};
}

// kainjow's "... at 123" messages: the message without the offset, and the offset.
TemplateError syntax_error(const TemplateFile& file, const std::string& message) {
  static const std::regex k_at(R"((.*) at (\d+)$)");
  std::smatch m;
  TemplateError error{file.path, 0, 0, message};
  if (std::regex_match(message, m, k_at)) {
    const auto [line, column] = line_column(file.text, std::stoul(m[2].str()));
    error.line = line;
    error.column = column;
    error.message = m[1].str();
  }
  error.message = "template syntax error: " + error.message;
  return error;
}

// Partials may include themselves (a tree, ended by its data), and kainjow renders them by
// recursion without a limit: a partial that includes itself outside a section over data that
// ends would overflow the stack, and one that includes itself twice would take exponential
// time. So kainjow renders at most k_min_partial_renders partials plus one per value in the
// data (RenderMode::fast puts partials in place but those that include themselves, so for it
// these are nearly all recursive ones), and none where the render already uses
// k_max_render_stack bytes of the stack (the main thread has 8 MiB; that is hundreds of levels).
constexpr std::size_t k_min_partial_renders = 10'000;
constexpr std::ptrdiff_t k_max_render_stack = std::ptrdiff_t{2} << 20;

// The number of values in `value`, itself included, counted up to `cap`.
std::size_t count_values(const Json& value,
                         std::size_t cap = std::numeric_limits<std::size_t>::max()) {
  std::size_t n = 0;
  const auto count = [&](const auto& self, const Json& v) -> void {
    ++n;
    if (v.is_structured())
      for (const auto& item : v) {
        if (n >= cap) return;
        self(self, item);
      }
  };
  count(count, value);
  return std::min(n, cap);
}

// What both contexts do besides finding names: remember each name they could not find, serve
// the partials, and refuse partials past the limits above.
class Strictness {
 public:
  Strictness(const std::map<std::string, mstch::data>* partials, const Json& data)
      : m_partials(partials), m_data(data), m_stack_base(__builtin_frame_address(0)) {}

  const mstch::data* partial(const std::string& name) const {
    const auto* here = static_cast<const char*>(__builtin_frame_address(0));
    // Counted at the first partial: the fast render of the built-in templates has none.
    if (m_partial_renders++ == 0)
      m_max_partial_renders = k_min_partial_renders + count_values(m_data);
    if (m_partial_renders > m_max_partial_renders ||
        std::abs(here - static_cast<const char*>(m_stack_base)) > k_max_render_stack) {
      if (std::find(m_too_deep.begin(), m_too_deep.end(), name) == m_too_deep.end())
        m_too_deep.push_back(name);
      return nullptr;
    }
    const auto it = m_partials->find(name);
    if (it != m_partials->end()) return &it->second;
    if (std::find(m_missing_partials.begin(), m_missing_partials.end(), name) ==
        m_missing_partials.end())
      m_missing_partials.push_back(name);
    return nullptr;
  }

  void missed(const std::string& name) const {
    if (std::find(m_missing.begin(), m_missing.end(), name) == m_missing.end())
      m_missing.push_back(name);
  }

  // Takes in what `other` missed: another part of a split render (render_split).
  void merge(const Strictness& other) const {
    for (const auto& name : other.m_missing) missed(name);
    const auto add = [](std::vector<std::string>& to, const std::vector<std::string>& from) {
      for (const auto& name : from)
        if (std::find(to.begin(), to.end(), name) == to.end()) to.push_back(name);
    };
    add(m_missing_partials, other.m_missing_partials);
    add(m_too_deep, other.m_too_deep);
  }

  const std::vector<std::string>& missing() const { return m_missing; }
  const std::vector<std::string>& missing_partials() const { return m_missing_partials; }
  const std::vector<std::string>& too_deep() const { return m_too_deep; }

 private:
  const std::map<std::string, mstch::data>* m_partials;
  const Json& m_data;
  const void* m_stack_base;  // the frame the render started in
  mutable std::vector<std::string> m_missing;
  mutable std::vector<std::string> m_missing_partials;
  mutable std::vector<std::string> m_too_deep;
  mutable std::size_t m_partial_renders = 0;
  mutable std::size_t m_max_partial_renders = 0;
};

// The reference context: kainjow's own lookup in data converted whole (to_data).
class StrictContext : public mstch::context<std::string>, public Strictness {
 public:
  StrictContext(const mstch::data* data, const std::map<std::string, mstch::data>* partials,
                const Json& json)
      : mstch::context<std::string>(data), Strictness(partials, json) {}

  const mstch::data* get(const std::string& name) const override {
    const auto* found = mstch::context<std::string>::get(name);
    if (!found) missed(name);
    return found;
  }

  const mstch::data* get_partial(const std::string& name) const override { return partial(name); }
};

// The value of `key` in `value` when it is an object, looked up at `hint` first.
const Json* find_key(const Json& value, const std::string& key, std::size_t& hint) {
  if (!value.is_object()) return nullptr;
  const auto& object = value.get_ref<const Json::object_t&>();
  const auto* pairs = object.data();  // ordered_map's operator[] takes keys, not positions
  if (hint < object.size() && pairs[hint].first == key) return &pairs[hint].second;
  for (std::size_t i = 0; i < object.size(); ++i) {
    if (pairs[i].first == key) {
      hint = i;
      return &pairs[i].second;
    }
  }
  return nullptr;
}

// kainjow's split of "a.b" (split() is what its context uses).
std::vector<std::string> name_keys(const std::string& name) {
  return name.find('.') == std::string::npos ? std::vector<std::string>{name}
                                             : mstch::split(name, '.');
}

// Where kainjow's render(context, stream) writes: straight into a string (its render(context)
// goes through an ostringstream and copies the text out of it at the end).
struct TextSink {
  std::string text;
  TextSink& operator<<(const std::string& part) {
    text += part;
    return *this;
  }
};

// The fast context: names are looked up in the JSON the way kainjow's context looks them up in
// its data (the innermost section first; "a.b" whole in each), and only a value found becomes
// kainjow data, owned by the section it was found in and dropped when that section ends. So a
// report of 50,000 measures holds the data of one field's measures at a time, not all of it
// twice (docs/performance.md). kainjow pushes the values get() returned (and their list items)
// as sections; `m_json_of` leads from those back to their JSON.
class JsonContext : public mstch::basic_context<std::string>, public Strictness {
 public:
  // A split render's part (render_split): the items [begin, end) of the list the
  // split section's name ("\x01#" and the name) finds; where its last item ends in `sink`.
  struct Part {
    std::size_t begin = 0;
    std::size_t end = 0;
    const TextSink* sink = nullptr;
    std::size_t ends_at = std::string::npos;
    const mstch::data* last = nullptr;  // the last item's data, while it renders
  };

  JsonContext(const Json& root, const std::map<std::string, mstch::data>* partials,
              const std::vector<mstch::data>* literals, Part* part = nullptr)
      : Strictness(partials, root), m_literals(literals), m_part(part) {
    m_frames.push_back(Frame{&m_root, &root, {}, {}, {}, {}, 0});
  }

  void push(const mstch::data* data) override {
    const auto it = m_json_of.find(data);
    m_frames.push_back(
        Frame{data, it == m_json_of.end() ? nullptr : it->second, {}, {}, {}, {}, 0});
    // A section over a text: the frame keeps its own copy (made() reuses m_text).
    if (data == &m_text) {
      Frame& frame = m_frames.back();
      frame.owned.push_back(std::make_unique<mstch::data>(m_text.string_value()));
      frame.data = frame.owned.back().get();
    }
  }

  void pop() override {
    // The split section's text ends with a line break, so kainjow has written out all of the
    // last item when it pops it. Its items are the only frames over the root (the section is
    // in no other), and "{{#.}}" may push the item again above.
    if (m_part && m_frames.size() == 2 && m_frames.back().data == m_part->last &&
        m_part->ends_at == std::string::npos)
      m_part->ends_at = m_part->sink->text.size();
    for (const auto* data : m_frames.back().registered) m_json_of.erase(data);
    m_frames.pop_back();
  }

  const mstch::data* get(const std::string& name) const override {
    if (name == ".") return m_frames.back().data;
    // literal_runs' texts; when it made some, no template had other names with the mark.
    if (!m_literals->empty() && name.size() > 1 && name.front() == k_mark) {
      std::size_t index = 0;
      const char* end = name.data() + name.size();
      const auto [at, error] = std::from_chars(name.data() + 1, end, index);
      if (error == std::errc{} && at == end && index < m_literals->size())
        return &(*m_literals)[index];
    }
    // The split section's list, its part of it; the name is missed as the template wrote it.
    if (m_part && name.size() > 2 && name[0] == k_mark && name[1] == '#') {
      const std::string written = name.substr(2);
      const auto [frame, value] = lookup(written);
      if (!value) {
        missed(written);
        return nullptr;
      }
      if (!value->is_array()) return made(*frame, *value);
      const auto* data = list(*frame, *value, m_part->begin, std::min(m_part->end, value->size()));
      if (!data->list_value().empty()) m_part->last = &data->list_value().back();
      return data;
    }
    const auto [frame, value] = lookup(name);
    if (value) return made(*frame, *value);
    missed(name);
    return nullptr;
  }

  const mstch::data* get_partial(const std::string& name) const override { return partial(name); }

 private:
  struct Frame {
    const mstch::data* data;  // what kainjow pushed
    const Json* json;         // its JSON; nullptr for a value that is not an object
    std::unordered_map<const Json*, const mstch::data*> made;  // values found in this frame
    std::vector<std::unique_ptr<mstch::data>> owned;
    std::vector<const mstch::data*> registered;  // keys of m_json_of to drop with the frame
    // First keys (Path::first) the JSON does not have, the first few looked up: in a report's
    // measure, "labels" of the eight {{labels.…}} of its row is looked for once, not eight times.
    std::array<std::size_t, 4> absent{};
    std::size_t absent_count = 0;
  };

  // A name's keys, kainjow's split of "a.b" (split() is what its context uses), each with the
  // position in its object where it was found last. kainjow asks for a name with its tag's own
  // string, so paths are kept per tag (by the string's address, its text compared too: a
  // partial parsed while rendering leaves addresses to be reused): the objects a tag looks in,
  // such as a report's measures, have their keys in the same order, so a key is mostly found
  // at the first look; the same name in another tag looks in other objects.
  struct Path {
    std::string name;
    std::vector<std::string> keys;
    std::vector<std::size_t> hints;
    std::size_t first;  // keys[0] as a number, the same for all names with that first key
  };

  Path& path_of(const std::string& name) const {
    Path& path = m_paths[&name];
    if (path.keys.empty() || path.name != name) {
      path.name = name;
      path.keys = name_keys(name);
      path.hints.assign(path.keys.size(), 0);
      path.first = m_first_keys.try_emplace(path.keys.front(), m_first_keys.size()).first->second;
    }
    return path;
  }

  void register_json(Frame& frame, const mstch::data* data, const Json* json) const {
    m_json_of[data] = json;
    frame.registered.push_back(data);
  }

  // The value a name finds, looked up as kainjow looks it up, and the frame it was found in.
  std::pair<Frame*, const Json*> lookup(const std::string& name) const {
    Path& path = path_of(name);
    for (std::size_t i = m_frames.size(); i-- > 0;) {
      Frame& frame = m_frames[i];
      if (!frame.json) continue;
      const auto absent_end = frame.absent.begin() + frame.absent_count;
      if (std::find(frame.absent.begin(), absent_end, path.first) != absent_end) continue;
      const Json* value = find_key(*frame.json, path.keys[0], path.hints[0]);
      if (!value) {
        if (frame.absent_count < frame.absent.size())
          frame.absent[frame.absent_count++] = path.first;
        continue;
      }
      for (std::size_t k = 1; k < path.keys.size() && value; ++k)
        value = find_key(*value, path.keys[k], path.hints[k]);
      if (value) return {&frame, value};
    }
    return {nullptr, nullptr};
  }

  // `value` as kainjow data: an object as an empty object whose names get() finds in the
  // JSON, a list with its items so (lists in lists whole), made once per frame. A value that is
  // neither is used at once: kainjow prints it or tests it, or pushes it as a section (push()
  // copies a text then); so booleans and null are constants, and a text is copied into
  // `m_text`, whose string keeps its room from one text to the next. (Made for each use, they
  // were three or four allocations each, a large part of a report's render.)
  const mstch::data* made(Frame& frame, const Json& value) const {
    switch (value.type()) {
      case Json::value_t::object:
      case Json::value_t::array:
        break;
      case Json::value_t::string:
        const_cast<std::string&>(m_text.string_value()) = value.get_ref<const std::string&>();
        return &m_text;
      case Json::value_t::number_integer:
      case Json::value_t::number_unsigned:
      case Json::value_t::number_float:
        const_cast<std::string&>(m_text.string_value()) = number_text(value);
        return &m_text;
      case Json::value_t::boolean:
        return value.get<bool>() ? &k_true : &k_false;
      default:
        return &k_false;  // as shell()
    }
    auto [it, inserted] = frame.made.try_emplace(&value, nullptr);
    if (!inserted) return it->second;
    if (value.is_array()) {
      it->second = list(frame, value, 0, value.size());
      return it->second;
    }
    auto data = std::make_unique<mstch::data>(shell(value));
    if (value.is_object()) register_json(frame, data.get(), &value);
    it->second = data.get();
    frame.owned.push_back(std::move(data));
    return it->second;
  }

  // The items [begin, end) of the list `value` as kainjow data, owned by `frame`.
  const mstch::data* list(Frame& frame, const Json& value, std::size_t begin,
                          std::size_t end) const {
    auto data = std::make_unique<mstch::data>(mstch::data::type::list);
    for (std::size_t i = begin; i < end; ++i)
      data->push_back(value[i].is_array() ? to_data(value[i]) : shell(value[i]));
    const auto& items = data->list_value();
    for (std::size_t i = begin; i < end; ++i)
      if (value[i].is_object()) register_json(frame, &items[i - begin], &value[i]);
    frame.owned.push_back(std::move(data));
    return frame.owned.back().get();
  }

  inline static const mstch::data k_true{true};
  inline static const mstch::data k_false{false};
  const mstch::data m_root{mstch::data::type::object};
  mutable mstch::data m_text{std::string{}};  // the last text made() gave kainjow
  const std::vector<mstch::data>* m_literals;
  Part* m_part;
  mutable std::vector<Frame> m_frames;  // the innermost last
  mutable std::unordered_map<const mstch::data*, const Json*> m_json_of;
  mutable std::unordered_map<const std::string*, Path> m_paths;       // by the tag's name string
  mutable std::unordered_map<std::string, std::size_t> m_first_keys;  // Path::first
};

// kainjow's trim: std::isspace at both ends.
std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// A tag in a template's text: [start, end) and what is between its braces, trimmed.
struct Tag {
  std::size_t start;
  std::size_t end;
  std::string_view contents;
  bool triple;  // {{{name}}}
};

// The tags of `text`, found as kainjow finds them with its default delimiters (the first "}}"
// after "{{", "}}}" after "{{{", contents trimmed); nothing when the text sets other delimiters,
// after which kainjow reads tags differently, or when a tag is not closed (kainjow's error).
std::optional<std::vector<Tag>> scan_tags(std::string_view text, bool* sets_delimiters = nullptr) {
  std::vector<Tag> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto start = text.find("{{", pos);
    if (start == std::string_view::npos) break;
    const bool triple = start + 2 < text.size() && text[start + 2] == '{';
    const std::size_t contents = start + (triple ? 3 : 2);
    const auto close = text.find(triple ? "}}}" : "}}", contents);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view tag = trim(text.substr(contents, close - contents));
    pos = close + (triple ? 3 : 2);
    if (tag.starts_with('=')) {  // also in a triple mustache: kainjow checks before its type
      if (sets_delimiters) *sets_delimiters = true;
      return std::nullopt;
    }
    out.push_back(Tag{start, pos, tag, triple});
  }
  return out;
}

// A {{> name}} tag: [start, end) and the partial's name.
struct PartialTag {
  std::size_t start;
  std::size_t end;
  std::string_view name;
};

std::optional<std::vector<PartialTag>> partial_tags(std::string_view text,
                                                    bool* sets_delimiters = nullptr) {
  const auto tags = scan_tags(text, sets_delimiters);
  if (!tags) return std::nullopt;
  std::vector<PartialTag> out;
  for (const auto& tag : *tags)
    if (!tag.triple && tag.contents.starts_with('>'))
      out.push_back(PartialTag{tag.start, tag.end, trim(tag.contents.substr(1))});
  return out;
}

// kainjow makes every space, tab and line break of a template's text a part of its own, and
// renders part by part: the built-in report's style sheet alone is thousands. Text between tags
// renders as it stands except at line breaks, where kainjow decides whether the line was only a
// section tag (then it leaves the line out); so the text between two tags can be one part up to
// its first line break, one from there to its last, and one after, each an unescaped variable
// that get() answers with the text: the same line buffer, the same decisions, fewer parts to
// parse. Only outside sections: kainjow copies a variable's text each time it renders it, so
// in a section rendered per measure the parts are cheaper (the 50,000-measure report rendered
// 10 % slower with every text so). The texts go to `literals`; nothing when `text` has tags
// kainjow reads otherwise.
std::optional<std::string> literal_runs(std::string_view text, std::vector<std::string>& literals) {
  const auto tags = scan_tags(text);
  if (!tags) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  // One text without line breaks (or between the first and the last of a run): as it stands
  // when kainjow reads it as one part anyway.
  const auto literal = [&](std::string_view run) {
    const bool one_part = run.size() <= 1 || run.find_first_of(" \t\r\n") == std::string_view::npos;
    if (one_part) {
      out.append(run);
      return;
    }
    out += "{{{";
    out += k_mark;
    out += std::to_string(literals.size());
    out += "}}}";
    literals.emplace_back(run);
  };
  // kainjow's line breaks: "\r\n", "\n" or "\r".
  const auto line_break = [](std::string_view s, std::size_t i) -> std::size_t {
    if (s[i] == '\r') return i + 1 < s.size() && s[i + 1] == '\n' ? 2 : 1;
    return s[i] == '\n' ? 1 : 0;
  };
  const auto region = [&](std::string_view run) {
    std::size_t first = std::string_view::npos;  // the first line break: [first, first_end)
    std::size_t first_end = 0;
    std::size_t last = 0;  // the last one: [last, last_end)
    std::size_t last_end = 0;
    for (std::size_t i = 0; i < run.size();) {
      const std::size_t n = line_break(run, i);
      if (n == 0) {
        ++i;
        continue;
      }
      if (first == std::string_view::npos) {
        first = i;
        first_end = i + n;
      }
      last = i;
      last_end = i + n;
      i += n;
    }
    if (first == std::string_view::npos) {
      literal(run);
      return;
    }
    literal(run.substr(0, first));
    out.append(run.substr(first, first_end - first));
    if (last > first) {
      literal(run.substr(first_end, last - first_end));
      out.append(run.substr(last, last_end - last));
    }
    literal(run.substr(last_end));
  };
  std::size_t pos = 0;
  int depth = 0;  // of sections
  for (const auto& tag : *tags) {
    const std::string_view between = text.substr(pos, tag.start - pos);
    if (depth == 0)
      region(between);
    else
      out.append(between);
    out.append(text.substr(tag.start, tag.end - tag.start));
    pos = tag.end;
    if (!tag.triple && (tag.contents.starts_with('#') || tag.contents.starts_with('^'))) ++depth;
    if (!tag.triple && tag.contents.starts_with('/')) --depth;
  }
  region(text.substr(pos));
  return out;
}

// A section the render may split between threads (render_split): one not
// inside another, whose text ends with a line break. [open, close) are its tags' places.
struct SplitSection {
  std::string name;
  std::size_t open_start;
  std::size_t open_end;
  std::size_t close_start;
  std::size_t close_end;
  std::size_t tags;  // in the section, its own included: how much rendering an item takes
};

// Sections nest at most this deep in a template whose render is split: its parts render on
// threads of their own, whose stacks may be smaller than the main thread's.
constexpr int k_max_split_depth = 64;

// The sections of `text` (a whole template, partials in place) that a render can split: over a
// list, kainjow renders a section item by item with one line buffer, which holds nothing after
// an item whose text ends with a line break; the items from any such point on render the same
// alone, as a template of the section alone over those items. Nothing when a partial remains a
// tag (it would count against the partial limits of one render only), when sections nest
// deeper than k_max_split_depth or kainjow reads the tags otherwise (scan_tags).
std::vector<SplitSection> split_sections(std::string_view text) {
  const auto tags = scan_tags(text);
  if (!tags) return {};
  std::vector<SplitSection> out;
  int depth = 0;
  const Tag* open = nullptr;
  std::size_t inside = 0;
  for (const auto& tag : *tags) {
    ++inside;
    if (tag.triple || tag.contents.empty()) continue;
    const char kind = tag.contents.front();
    if (kind == '>') return {};
    if (kind == '#' || kind == '^') {
      if (depth == 0) {
        open = kind == '#' ? &tag : nullptr;
        inside = 1;
      }
      if (++depth > k_max_split_depth) return {};
    } else if (kind == '/' && --depth == 0 && open) {
      const std::string_view body = text.substr(open->end, tag.start - open->end);
      const std::string_view name = trim(open->contents.substr(1));
      if (!body.empty() && (body.back() == '\n' || body.back() == '\r') && !name.empty() &&
          name != "." && name.find_first_of(std::string{k_mark} + "{}") == std::string_view::npos)
        out.push_back(
            SplitSection{std::string(name), open->start, open->end, tag.start, tag.end, inside});
      open = nullptr;
    }
  }
  return out;
}

constexpr std::size_t k_max_inlined_size = std::size_t{8} << 20;

// Puts partials in place of their tags, which is how kainjow renders a partial: its parts go
// into the same line buffer, in the same context. Except where that could read differently:
// a partial that includes itself (also through others) stays a tag, and so does a partial
// whose text would join the text beside its tag into something else ("\r" + "\n" becomes one
// line break, "{" + "{" opens a tag).
class PartialInliner {
 public:
  explicit PartialInliner(const TemplateSet& set) {
    for (const auto& p : set.partials) m_partials.emplace(p.name, &p);
  }

  // `text` with its partials in place; nothing when a template sets other delimiters (a partial
  // does not inherit them) or the text grows past k_max_inlined_size.
  std::optional<std::string> inline_text(std::string_view text) {
    const auto tags = partial_tags(text);
    if (!tags) return std::nullopt;
    std::string out;
    std::size_t pos = 0;
    for (const auto& tag : *tags) {
      const auto found = m_partials.find(tag.name);
      const std::string* inner = nullptr;
      if (found != m_partials.end() && !recursive(tag.name)) {
        inner = inlined(found->second);
        if (!inner && m_failed) return std::nullopt;
      }
      const char before = tag.start > 0 ? text[tag.start - 1] : '\0';
      const char after = tag.end < text.size() ? text[tag.end] : '\0';
      if (inner && joins(before, *inner, after)) inner = nullptr;
      out.append(text.substr(pos, (inner ? tag.start : tag.end) - pos));
      if (inner) out += *inner;
      pos = tag.end;
      if (out.size() > k_max_inlined_size) return std::nullopt;
    }
    out.append(text.substr(pos));
    return out;
  }

 private:
  // Whether `inner` between `before` and `after` would read differently from `inner` alone.
  static bool joins(char before, const std::string& inner, char after) {
    if (inner.empty()) return before == '\r' && after == '\n';
    return (before == '\r' && inner.front() == '\n') || (inner.back() == '\r' && after == '\n') ||
           (inner.back() == '{' && after == '{');
  }

  // A partial's text with its own partials in place, once per partial.
  const std::string* inlined(const TemplateFile* partial) {
    auto it = m_inlined.find(partial);
    if (it == m_inlined.end()) {
      auto text = inline_text(partial->text);
      if (!text) {
        m_failed = true;
        return nullptr;
      }
      it = m_inlined.emplace(partial, std::move(*text)).first;
    }
    return &it->second;
  }

  // Whether the partial `name` can reach itself through the partials it includes.
  bool recursive(std::string_view name) {
    if (const auto it = m_recursive.find(name); it != m_recursive.end()) return it->second;
    std::vector<std::string_view> todo = {name};
    std::set<std::string_view> seen;
    bool found = false;
    while (!todo.empty() && !found) {
      const auto partial = m_partials.find(todo.back());
      todo.pop_back();
      if (partial == m_partials.end()) continue;
      for (const auto& tag :
           partial_tags(partial->second->text).value_or(std::vector<PartialTag>{})) {
        if (tag.name == name) found = true;
        if (seen.insert(tag.name).second) todo.push_back(tag.name);
      }
    }
    m_recursive.emplace(name, found);
    return found;
  }

  std::map<std::string_view, const TemplateFile*> m_partials;
  std::map<const TemplateFile*, std::string> m_inlined;
  std::map<std::string_view, bool> m_recursive;
  bool m_failed = false;
};

// The first place a tag names `name` ({{name}}, {{#name}}, {{> name}}, ...), in any file: the
// file (0 the main template, then the partials in order) and the byte offset; nothing if none.
std::optional<std::pair<std::size_t, std::size_t>> first_tag(const TemplateSet& set,
                                                             const std::string& name) {
  const std::regex tag("\\{\\{\\{?\\s*[#^/&>]?\\s*" +
                       std::regex_replace(name, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                       "\\s*\\}?\\}\\}");
  for (std::size_t i = 0; i <= set.partials.size(); ++i) {
    const TemplateFile& file = i == 0 ? set.main : set.partials[i - 1];
    std::smatch m;
    if (std::regex_search(file.text, m, tag))
      return std::pair{i, static_cast<std::size_t>(m.position(0))};
  }
  return std::nullopt;
}

TemplateError locate(const TemplateSet& set, const std::string& name, std::string message) {
  const auto found = first_tag(set, name);
  if (!found) return TemplateError{set.main.path, 0, 0, std::move(message)};
  const TemplateFile& file = found->first == 0 ? set.main : set.partials[found->first - 1];
  const auto [line, column] = line_column(file.text, found->second);
  return TemplateError{file.path, line, column, std::move(message)};
}

// The names of the partials a template's text includes ({{> name}}); nothing when it sets other
// delimiters (see partial_tags), none when a tag is not closed (its syntax check says so).
std::optional<std::vector<std::string>> partial_names(std::string_view text) {
  bool sets_delimiters = false;
  const auto tags = partial_tags(text, &sets_delimiters);
  if (!tags && sets_delimiters) return std::nullopt;
  if (!tags) return std::vector<std::string>{};
  std::vector<std::string> out;
  for (const auto& tag : *tags) out.emplace_back(tag.name);
  return out;
}

// The names of the partials the partial `name` includes.
std::vector<std::string> partials_named(const TemplateSet& set, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& p : set.partials)
    if (p.name == name)
      for (auto& named : partial_names(p.text).value_or(std::vector<std::string>{}))
        out.push_back(std::move(named));
  return out;
}

// Where partials include each other in a cycle, the render stops in whichever partial of the
// cycle the limit happens to hit: the cycle is named by its partial whose tag comes first (in
// the main template, then the partials in order), so the error does not depend on that.
// The partials `from` reaches through partial tags.
std::set<std::string> reachable(const TemplateSet& set, const std::string& from) {
  std::set<std::string> seen;
  std::vector<std::string> todo{from};
  while (!todo.empty()) {
    const std::string next = todo.back();
    todo.pop_back();
    for (auto& named : partials_named(set, next))
      if (seen.insert(named).second) todo.push_back(named);
  }
  return seen;
}

std::string cycle_name(const TemplateSet& set, const std::string& name) {
  std::string best = name;
  auto best_tag = first_tag(set, name);
  for (const auto& other : reachable(set, name)) {
    if (other == name || !reachable(set, other).count(name)) continue;
    const auto tag = first_tag(set, other);
    if (tag && (!best_tag || *tag < *best_tag)) {
      best = other;
      best_tag = tag;
    }
  }
  return best;
}

// The partials the main template names, and those they name in turn; all of them when one of
// these sets other delimiters (its partial tags are not found).
std::vector<const TemplateFile*> used_partials(const TemplateSet& set) {
  std::vector<const TemplateFile*> used;
  std::vector<const TemplateFile*> todo = {&set.main};
  while (!todo.empty()) {
    const TemplateFile* file = todo.back();
    todo.pop_back();
    const auto names = partial_names(file->text);
    if (!names) {
      used.clear();
      for (const auto& p : set.partials) used.push_back(&p);
      return used;
    }
    for (const auto& name : *names) {
      for (const auto& p : set.partials) {
        if (p.name == name && std::find(used.begin(), used.end(), &p) == used.end()) {
          used.push_back(&p);
          todo.push_back(&p);
        }
      }
    }
  }
  return used;
}

// Every key anywhere in the data, once, for "did you mean".
void collect_keys(const Json& value, std::vector<std::string>& keys) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
      collect_keys(item, keys);
    }
  } else if (value.is_array() && !value.empty()) {
    collect_keys(value.front(), keys);
  }
}

// The errors a render left in `strict`, each at the first tag that names it, in file order.
std::vector<TemplateError> render_errors(const TemplateSet& set, const Json& data,
                                         const Strictness& strict) {
  std::vector<TemplateError> errors;
  // A render the partial limit cut short has that one error: what else it missed is not known.
  // It is named the same in both render modes: RenderMode::fast puts in place the partials that
  // do not include themselves, so only the reference render counts their renders and may stop
  // in one of them. So the name is that of the used partial including itself whose tag comes
  // first, and only without one (many partials, none recursive) where the limit stopped.
  if (!strict.too_deep().empty()) {
    std::string name = cycle_name(set, strict.too_deep().front());
    std::optional<std::pair<std::size_t, std::size_t>> best;
    for (const auto* partial : used_partials(set)) {
      if (!reachable(set, partial->name).count(partial->name)) continue;
      const auto tag = first_tag(set, partial->name);
      if (tag && (!best || *tag < *best)) {
        best = tag;
        name = partial->name;
      }
    }
    return {locate(set, name,
                   fmt::format("partials nest too deeply or too often at '{}'; a partial that "
                               "includes itself (also through others) must do so inside a "
                               "section over data that ends, such as a list",
                               name))};
  }
  for (const auto& name : strict.missing_partials())
    errors.push_back(locate(set, name,
                            fmt::format("there is no partial template '{}'; add "
                                        "templates/{}.mustache",
                                        name, name)));
  if (!strict.missing().empty()) {
    std::vector<std::string> known;
    collect_keys(data, known);
    for (const auto& name : strict.missing()) {
      const std::string last =
          name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
      errors.push_back(locate(set, name,
                              fmt::format("the data has no '{}'{}; docs/templates.md lists "
                                          "what a template can use",
                                          name, did_you_mean(last, known))));
    }
  }
  std::stable_sort(errors.begin(), errors.end(),
                   [](const TemplateError& a, const TemplateError& b) {
                     return std::tie(a.path, a.line, a.column) < std::tie(b.path, b.line, b.column);
                   });
  return errors;
}

}  // namespace

// A split section's templates: the whole template with the section's name marked (its list
// gives the first items), and the section alone (the rest of the items).
struct SplitTemplates {
  mstch::mustache whole{""};
  mstch::mustache part{""};
};

// A fast render splits a section over a list between threads when the list has at least this
// many values: the report of a plan of 5,000 measures, not of 50. Values are counted up to
// k_split_count_cap, as a list's size to choose the section to split by.
constexpr std::size_t k_split_min_values = 20'000;
constexpr std::size_t k_split_count_cap = std::size_t{1} << 16;

// Into how many chunks a split section's list is cut, at most: enough for two threads to
// finish about together when one also renders the rest of the template.
constexpr std::size_t k_split_chunks = 16;

struct PreparedTemplate::Parsed {
  const TemplateSet& set;
  RenderMode mode;
  mstch::mustache tmpl;
  std::map<std::string, mstch::data> partials;
  std::vector<mstch::data> literals;  // literal_runs' texts
  std::vector<TemplateError> errors;
  std::function<std::string(const std::string&)> escape;
  std::string text;  // what `tmpl` parsed, when it has sections to split
  std::vector<SplitSection> splits;
  std::map<std::size_t, std::unique_ptr<SplitTemplates>> split_templates;  // parsed when used
};

namespace {

// The value `name` finds in the data outside all sections, as JsonContext finds it.
const Json* find_name(const Json& data, const std::string& name) {
  const Json* value = &data;
  for (const auto& key : name_keys(name)) {
    std::size_t hint = 0;
    if (!(value = find_key(*value, key, hint))) return nullptr;
  }
  return value;
}

// render() of a template with a section to split. The section with the most work (values in
// its list, up to k_split_count_cap, times the tags in the section) is cut into chunks of
// items: the first chunk renders with the rest of the template (the whole template, its list
// that chunk), each other chunk alone (the section alone, its list that chunk), the threads
// taking the next chunk when done, and the texts are joined where the first chunk ends.
// kainjow's render changes nothing in a parsed template but an error message, which only
// lambdas and partials set (there are neither), so the threads share the section's template.
// Nothing when no section qualifies, or when (never seen) the first chunk did not end as
// expected.
std::optional<RenderResult> render_split(PreparedTemplate::Parsed& p, const Json& data) {
  std::size_t chosen = 0;
  const Json* list = nullptr;
  std::size_t list_values = 0;
  std::size_t most_work = 0;
  for (std::size_t i = 0; i < p.splits.size(); ++i) {
    const Json* value = find_name(data, p.splits[i].name);
    if (!value || !value->is_array() || value->size() < 2) continue;
    const std::size_t n = count_values(*value, k_split_count_cap);
    if (n * p.splits[i].tags > most_work) {
      chosen = i;
      list = value;
      list_values = n;
      most_work = n * p.splits[i].tags;
    }
  }
  if (!list || (p.mode == RenderMode::fast && list_values < k_split_min_values)) return {};

  const SplitSection& section = p.splits[chosen];
  auto& templates = p.split_templates[chosen];
  if (!templates) {
    templates = std::make_unique<SplitTemplates>();
    const std::string open = "{{#" + std::string{k_mark} + "#" + section.name + "}}";
    const std::string close = "{{/" + std::string{k_mark} + "#" + section.name + "}}";
    const std::string_view text = p.text;
    const std::string_view body =
        text.substr(section.open_end, section.close_start - section.open_end);
    std::string whole;
    whole.reserve(text.size() + open.size() + close.size());
    whole.append(text.substr(0, section.open_start)).append(open).append(body).append(close);
    whole.append(text.substr(section.close_end));
    templates->whole = mstch::mustache{whole};
    templates->part = mstch::mustache{open + std::string(body) + close};
    templates->whole.set_custom_escape(p.escape);
    templates->part.set_custom_escape(p.escape);
  }
  if (!templates->whole.is_valid() || !templates->part.is_valid()) return {};

  const std::size_t items = list->size();
  const std::size_t chunks = std::min(items, k_split_chunks);
  std::vector<JsonContext::Part> parts(chunks);
  std::vector<TextSink> sinks(chunks);
  std::vector<std::optional<JsonContext>> contexts(chunks);
  for (std::size_t i = 0; i < chunks; ++i)
    parts[i] = JsonContext::Part{items * i / chunks, items * (i + 1) / chunks, &sinks[i]};
  for_each_index(chunks, worker_count(chunks), [&](std::size_t i) {
    auto& context = contexts[i].emplace(data, &p.partials, &p.literals, &parts[i]);
    (i == 0 ? templates->whole : templates->part).render(context, sinks[i]);
  });
  const std::size_t at = parts[0].ends_at;
  if (at == std::string::npos || !templates->whole.is_valid() || !templates->part.is_valid())
    return {};
  RenderResult result;
  for (std::size_t i = 1; i < chunks; ++i) contexts[0]->merge(*contexts[i]);
  result.errors = render_errors(p.set, data, *contexts[0]);
  result.split_items = items - parts[1].begin;
  if (result.errors.empty()) {
    std::size_t size = 0;
    for (const auto& sink : sinks) size += sink.text.size();
    std::string& text = result.text;
    text.reserve(size);
    text.append(sinks[0].text, 0, at);
    for (std::size_t i = 1; i < chunks; ++i) text.append(sinks[i].text);
    text.append(sinks[0].text, at);
  }
  return result;
}

}  // namespace

PreparedTemplate::PreparedTemplate(const TemplateSet& set, Escape escape, RenderMode mode)
    : m_parsed(std::make_unique<Parsed>(
          Parsed{set, mode, mstch::mustache{""}, {}, {}, {}, {}, {}, {}, {}})) {
  Parsed& p = *m_parsed;
  // A template is checked on its own, so a syntax error names its own file; a built-in one is
  // known to parse (tests parse each), and the fast render does not use it alone.
  const bool fast = mode != RenderMode::reference;
  if (!set.main.known_valid || !fast) {
    p.tmpl = mstch::mustache{set.main.text};
    if (!p.tmpl.is_valid()) {
      p.errors = {syntax_error(set.main, p.tmpl.error_message())};
      return;
    }
  }
  for (const auto* partial : used_partials(set)) {
    // A text without "{{" is plain text to kainjow: nothing to check.
    if (!partial->known_valid && partial->text.find("{{") != std::string::npos) {
      mstch::mustache check{partial->text};
      if (!check.is_valid()) {
        p.errors = {syntax_error(*partial, check.error_message())};
        return;
      }
    }
    p.partials.emplace(partial->name,
                       mstch::data{mstch::partial{[partial] { return partial->text; }}});
  }
  bool whole_valid = false;
  if (fast) {
    if (const auto inlined = PartialInliner(set).inline_text(set.main.text)) {
      // Names with k_mark are literal_runs' only where no template has the mark (a
      // partial that stays a tag is parsed as written when it renders).
      const bool marked = std::any_of(
          set.partials.begin(), set.partials.end(),
          [](const TemplateFile& f) { return f.text.find(k_mark) != std::string::npos; });
      std::vector<std::string> literals;
      const auto runs = marked || set.main.text.find(k_mark) != std::string::npos
                            ? std::nullopt
                            : literal_runs(*inlined, literals);
      std::string text = runs ? std::move(*runs) : *inlined;
      mstch::mustache whole{text};
      if (whole.is_valid()) {
        p.tmpl = std::move(whole);
        if (runs)
          for (auto& literal : literals) p.literals.emplace_back(std::move(literal));
        whole_valid = true;
        if (!marked && set.main.text.find(k_mark) == std::string::npos) {
          p.splits = split_sections(text);
          if (!p.splits.empty()) p.text = std::move(text);
        }
      }
    }
  }
  if (fast && !whole_valid && set.main.known_valid) p.tmpl = mstch::mustache{set.main.text};
  p.escape = escape == Escape::html ? std::function<std::string(const std::string&)>(
                                          [](const std::string& text) { return html_escape(text); })
                                    : [](const std::string& text) { return markdown_escape(text); };
  p.tmpl.set_custom_escape(p.escape);
}

PreparedTemplate::~PreparedTemplate() = default;

const std::vector<TemplateError>& PreparedTemplate::errors() const { return m_parsed->errors; }

RenderResult PreparedTemplate::render(const Json& data) {
  Parsed& p = *m_parsed;
  if (!p.errors.empty()) return RenderResult{"", p.errors};
  if (!p.splits.empty())
    if (auto split = render_split(p, data)) return std::move(*split);
  RenderResult result;
  TextSink sink;
  if (p.mode != RenderMode::reference) {
    JsonContext ctx{data, &p.partials, &p.literals};
    p.tmpl.render(ctx, sink);
    result.errors = render_errors(p.set, data, ctx);
  } else {
    const mstch::data root = to_data(data);
    StrictContext ctx{&root, &p.partials, data};
    p.tmpl.render(ctx, sink);
    result.errors = render_errors(p.set, data, ctx);
  }
  result.text = std::move(sink.text);
  if (!p.tmpl.is_valid())
    return RenderResult{"", {syntax_error(p.set.main, p.tmpl.error_message())}};
  if (!result.errors.empty()) result.text.clear();
  return result;
}

RenderResult render_template(const TemplateSet& set, const Json& data, Escape escape,
                             RenderMode mode) {
  return PreparedTemplate(set, escape, mode).render(data);
}

}  // namespace kep
