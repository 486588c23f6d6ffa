#include "diagnostic.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "text.h"

namespace kep {
namespace {

const char* severity_name(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

const std::string& path_of(const std::vector<SourceFile>& files, const Place& place) {
  static const std::string k_unknown = "<unknown>";
  return place.file < files.size() ? files[place.file].path : k_unknown;
}

std::string location(const std::vector<SourceFile>& files, const Place& place) {
  const auto& path = path_of(files, place);
  if (place.line == 0) return path;
  return fmt::format("{}:{}:{}", path, place.line, place.column);
}

// GitHub workflow commands end their message at a line break and treat % specially.
std::string github_escape(std::string_view text, bool property) {
  std::string out;
  for (const char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

}  // namespace

void sort_findings(const std::vector<SourceFile>& files, Findings& findings) {
  std::stable_sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
    const auto& pa = path_of(files, a.place);
    const auto& pb = path_of(files, b.place);
    if (pa != pb) return pa < pb;
    if (a.place.line != b.place.line) return a.place.line < b.place.line;
    return a.place.column < b.place.column;
  });
}

bool has_errors(const Findings& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::error; });
}

bool is_io_rule(std::string_view rule) {
  return rule == "file-unreadable" || rule == "plan-missing" || rule == "file-too-large";
}

std::string format_finding_text(const std::vector<SourceFile>& files, const Finding& finding,
                                TextStyle style) {
  const char* bold = style.color ? "\x1b[1m" : "";
  const char* reset = style.color ? "\x1b[0m" : "";
  const char* colour = !style.color                          ? ""
                       : finding.severity == Severity::error ? "\x1b[1;31m"
                                                             : "\x1b[1;35m";
  const char* caret_colour = style.color ? "\x1b[1;32m" : "";
  std::string out =
      fmt::format("{}{}:{} {}{}:{} {} [{}]\n", bold, location(files, finding.place), reset, colour,
                  severity_name(finding.severity), reset, finding.message, finding.rule);
  const Place& place = finding.place;
  if (place.line == 0 || place.file >= files.size()) return out;
  const std::string_view line = line_of(files[place.file].text, place.line);
  if (line.empty() && place.column <= 1) return out;
  std::string shown;  // tabs as single spaces keep the caret under the column
  for (const char c : line) shown += c == '\t' ? ' ' : c;
  const std::string number = std::to_string(place.line);
  const std::string gutter(number.size(), ' ');
  std::string marker(place.column > 0 ? place.column - 1 : 0, ' ');
  marker += '^';
  if (place.length > 1) marker += std::string(place.length - 1, '~');
  out += fmt::format(" {} | {}\n", number, shown);
  out += fmt::format(" {} | {}{}{}\n", gutter, caret_colour, marker, reset);
  return out;
}

std::string format_findings_json(const std::vector<SourceFile>& files, const Findings& findings) {
  auto array = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    array.push_back({{"file", path_of(files, f.place)},
                     {"line", f.place.line},
                     {"column", f.place.column},
                     {"severity", severity_name(f.severity)},
                     {"rule", f.rule},
                     {"message", f.message}});
  }
  return array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string format_finding_github(const std::vector<SourceFile>& files, const Finding& finding) {
  std::string props = "file=" + github_escape(path_of(files, finding.place), true);
  if (finding.place.line > 0) {
    props += fmt::format(",line={},col={}", finding.place.line, finding.place.column);
  }
  props += ",title=" + github_escape(finding.rule, true);
  return fmt::format("::{} {}::{}\n", severity_name(finding.severity), props,
                     github_escape(finding.message + " [" + finding.rule + "]", false));
}

}  // namespace kep
