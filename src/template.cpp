#include "template.h"

#include <fmt/format.h>

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <tuple>

#include "escape.h"
#include "suggest.h"
#include "text.h"

namespace kep {
namespace {

namespace mstch = kainjow::mustache;
using Json = nlohmann::ordered_json;

// A value as template data; a map or list comes back empty, for fill() to fill in place.
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
      return mstch::data{value.dump()};
    case Json::value_t::number_float:
      return mstch::data{fmt::format("{}", value.get<double>())};
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

// A context that remembers every name it could not find, and serves the partials.
class StrictContext : public mstch::context<std::string> {
 public:
  StrictContext(const mstch::data* data, const std::map<std::string, mstch::data>* partials)
      : mstch::context<std::string>(data), m_partials(partials) {}

  const mstch::data* get(const std::string& name) const override {
    const auto* found = mstch::context<std::string>::get(name);
    if (!found && std::find(m_missing.begin(), m_missing.end(), name) == m_missing.end())
      m_missing.push_back(name);
    return found;
  }

  const mstch::data* get_partial(const std::string& name) const override {
    const auto it = m_partials->find(name);
    if (it != m_partials->end()) return &it->second;
    m_missing_partials.push_back(name);
    return nullptr;
  }

  const std::vector<std::string>& missing() const { return m_missing; }
  const std::vector<std::string>& missing_partials() const { return m_missing_partials; }

 private:
  const std::map<std::string, mstch::data>* m_partials;
  mutable std::vector<std::string> m_missing;
  mutable std::vector<std::string> m_missing_partials;
};

// The first place a tag names `name` ({{name}}, {{#name}}, {{> name}}, ...), in any file.
TemplateError locate(const TemplateSet& set, const std::string& name, std::string message) {
  const std::regex tag("\\{\\{\\{?\\s*[#^/&>]?\\s*" +
                       std::regex_replace(name, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                       "\\s*\\}?\\}\\}");
  std::vector<const TemplateFile*> files = {&set.main};
  for (const auto& p : set.partials) files.push_back(&p);
  for (const auto* file : files) {
    std::smatch m;
    if (std::regex_search(file->text, m, tag)) {
      const auto [line, column] = line_column(file->text, static_cast<std::size_t>(m.position(0)));
      return TemplateError{file->path, line, column, std::move(message)};
    }
  }
  return TemplateError{set.main.path, 0, 0, std::move(message)};
}

// The partials the main template names, and those they name in turn.
std::vector<const TemplateFile*> used_partials(const TemplateSet& set) {
  static const std::regex k_partial(R"(\{\{>\s*([^}\s]+)\s*\}\})");
  std::vector<const TemplateFile*> used;
  std::vector<const TemplateFile*> todo = {&set.main};
  while (!todo.empty()) {
    const TemplateFile* file = todo.back();
    todo.pop_back();
    for (std::sregex_iterator it(file->text.begin(), file->text.end(), k_partial), end; it != end;
         ++it) {
      const std::string name = (*it)[1].str();
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

}  // namespace

RenderResult render_template(const TemplateSet& set, const Json& data, Escape escape) {
  const auto escape_fn = escape == Escape::html
                             ? std::function<std::string(const std::string&)>(
                                   [](const std::string& s) { return html_escape(s); })
                             : [](const std::string& s) { return markdown_escape(s); };
  mstch::mustache tmpl{set.main.text};
  if (!tmpl.is_valid()) return RenderResult{"", {syntax_error(set.main, tmpl.error_message())}};
  // Check every partial the template uses on its own, so a syntax error names its own file.
  std::map<std::string, mstch::data> partials;
  for (const auto* p : used_partials(set)) {
    mstch::mustache check{p->text};
    if (!check.is_valid()) return RenderResult{"", {syntax_error(*p, check.error_message())}};
    partials.emplace(p->name, mstch::data{mstch::partial{[p] { return p->text; }}});
  }
  tmpl.set_custom_escape(escape_fn);

  const mstch::data root = to_data(data);
  StrictContext ctx{&root, &partials};
  std::string text = tmpl.render(ctx);
  if (!tmpl.is_valid()) return RenderResult{"", {syntax_error(set.main, tmpl.error_message())}};
  RenderResult result;
  for (const auto& name : ctx.missing_partials())
    result.errors.push_back(locate(set, name,
                                   fmt::format("there is no partial template '{}'; add "
                                               "templates/{}.mustache",
                                               name, name)));
  if (!ctx.missing().empty()) {
    std::vector<std::string> known;
    collect_keys(data, known);
    for (const auto& name : ctx.missing()) {
      const std::string last =
          name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
      result.errors.push_back(locate(set, name,
                                     fmt::format("the data has no '{}'{}; docs/templates.md lists "
                                                 "what a template can use",
                                                 name, did_you_mean(last, known))));
    }
  }
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const TemplateError& a, const TemplateError& b) {
                     return std::tie(a.path, a.line, a.column) < std::tie(b.path, b.line, b.column);
                   });
  if (result.errors.empty()) result.text = std::move(text);
  return result;
}

}  // namespace kep
