#pragma once
// Mustache templates (kainjow) with the checks kainjow leaves out: a syntax error names its
// file, line and column; a variable the template uses and the data lacks is an error, not
// silent emptiness. Data comes as JSON, numbers become text.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kep {

struct TemplateFile {
  std::string name;  // how partials name it: {{> name}}; the main template's name is unused
  std::string path;  // where it came from, for messages ("templates/report.html.mustache")
  std::string text;
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
};

RenderResult render_template(const TemplateSet& templates, const nlohmann::ordered_json& data,
                             Escape escape);

}  // namespace kep
