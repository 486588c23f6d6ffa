#pragma once
// Mustache templates (kainjow) with the checks kainjow leaves out: a syntax error names its
// file, line and column; a variable the template uses and the data lacks is an error, not
// silent emptiness. Data comes as JSON, numbers become text.

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kep {

struct TemplateFile {
  std::string name;  // how partials name it: {{> name}}; the main template's name is unused
  std::string path;  // where it came from, for messages ("templates/report.html.mustache")
  std::string text;
  // The text is a built-in template's: it parses (tests check each), so it is not checked alone.
  bool known_valid = false;
};

struct TemplateSet {
  TemplateFile main;
  std::vector<TemplateFile> partials;
};

enum class Escape { html, markdown };

struct TemplateError {
  std::string path;
  std::uint32_t line = 0;  // 1-based; 0 when not known
  std::uint32_t column = 0;
  std::string message;
};

struct RenderResult {
  std::string text;
  std::vector<TemplateError> errors;  // empty on success
  // How many items of a list rendered in chunks apart from the rest of the template
  // (RenderMode::fast cuts a large report's largest section over a list into chunks rendered on
  // threads); 0 when the render was not split.
  std::size_t split_items = 0;
};

// How render_template gives kainjow the data and the partials. `fast` looks names up in the JSON
// as the template asks for them (only what is rendered becomes kainjow data, and only while its
// section renders) and puts the partials' texts in place before parsing (kainjow parses a
// partial again at every use); `reference` converts all the data and lets kainjow do partials.
// For large data `fast` renders a section over a list on two threads, each a part of the list
// (split_sections in template.cpp says when that gives the same text); `split` does so for any
// data, for tests. All give the same text and errors: tests and fuzz/fuzz_template.cpp compare
// them.
enum class RenderMode { fast, split, reference };

RenderResult render_template(const TemplateSet& templates, const nlohmann::ordered_json& data,
                             Escape escape, RenderMode mode = RenderMode::fast);

// render_template in two steps: the templates parsed and checked for syntax first (a report does
// this while the history is still being read), then rendered. `templates` must outlive it.
class PreparedTemplate {
 public:
  PreparedTemplate(const TemplateSet& templates, Escape escape, RenderMode mode = RenderMode::fast);
  ~PreparedTemplate();
  PreparedTemplate(const PreparedTemplate&) = delete;
  PreparedTemplate& operator=(const PreparedTemplate&) = delete;

  // The syntax error, if any; then render gives it again and renders nothing.
  const std::vector<TemplateError>& errors() const;

  // render_template's result for `data`.
  RenderResult render(const nlohmann::ordered_json& data);

  struct Parsed;  // template.cpp's

 private:
  std::unique_ptr<Parsed> m_parsed;
};

}  // namespace kep
