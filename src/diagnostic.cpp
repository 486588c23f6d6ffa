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

constexpr std::size_t k_max_shown = 120;     // characters of a source line under a finding
constexpr std::size_t k_max_message = 400;   // characters of a message in text and GitHub output
constexpr std::size_t k_message_tail = 160;  // characters a cut message keeps of its end

// A message that quotes a huge value (a 1 MB status) is cut in the middle, so that a terminal
// shows what is wrong and the advice at the end rather than a megabyte of the value.
std::string shortened(std::string_view message) {
  if (message.size() <= k_max_message) return std::string(message);  // bytes >= characters
  const std::size_t chars = utf8_length(message);
  if (chars <= k_max_message) return std::string(message);
  const std::size_t head = utf8_offset(message, k_max_message - k_message_tail - 1);
  const std::size_t tail = utf8_offset(message, chars - k_message_tail);
  std::string out(message.substr(0, head));
  out += "…";
  out += message.substr(tail);
  return out;
}

// The part of a source line shown under a finding: the whole line when it has at most
// k_max_shown characters, else k_max_shown characters around the column. Reads the line only
// up to the end of what is shown, so a 1 MB line costs no more than a short one.
struct Excerpt {
  std::string_view text;
  bool cut_start = false;  // shown after a "…"
  std::size_t column = 0;  // 0-based, in characters of `text`
};

Excerpt excerpt_of(std::string_view line, std::size_t column) {
  if (utf8_offset(line, k_max_shown) == line.size()) return Excerpt{line, false, column};
  const std::size_t from = column > k_max_shown / 2 ? column - k_max_shown / 2 : 0;
  const std::string_view rest = line.substr(utf8_offset(line, from));
  return Excerpt{rest.substr(0, utf8_offset(rest, k_max_shown)), from > 0, column - from};
}

// A source line as it can be shown on a terminal: tabs as '→' (one column, visible), other
// control characters and bytes that are not UTF-8 as '?'.
std::string printable(std::string_view line) {
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c == '\t') {
      out += "→";
      ++i;
    } else if (c < 0x20 || c == 0x7f) {
      out += '?';
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      const std::size_t len = (c & 0xE0) == 0xC0   ? 2
                              : (c & 0xF0) == 0xE0 ? 3
                              : (c & 0xF8) == 0xF0 ? 4
                                                   : 1;
      const auto piece = line.substr(i, len);
      if (len > 1 && piece.size() == len && !find_invalid_utf8(piece)) {
        out += piece;
        i += len;
      } else {
        out += '?';
        ++i;
      }
    }
  }
  return out;
}

}  // namespace

void sort_findings(const std::vector<SourceFile>& files, Findings& findings) {
  // Files in the order they were read: plan.yaml first, then the fields by name.
  (void)files;
  std::stable_sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
    if (a.place.file != b.place.file) return a.place.file < b.place.file;
    if (a.place.line != b.place.line) return a.place.line < b.place.line;
    return a.place.column < b.place.column;
  });
  cap_findings(findings);
}

void cap_findings(Findings& findings, std::size_t max_per_file) {
  constexpr std::string_view k_rule = "too-many-findings";
  Findings kept;
  for (std::size_t i = 0; i < findings.size();) {
    const std::uint32_t file = findings[i].place.file;
    std::size_t shown = 0, errors = 0, warnings = 0;
    Place first_left_out;
    for (; i < findings.size() && findings[i].place.file == file; ++i) {
      Finding& f = findings[i];
      if (f.rule == k_rule || shown < max_per_file) {
        if (f.rule != k_rule) ++shown;
        kept.push_back(std::move(f));
      } else {
        if (errors + warnings == 0) first_left_out = f.place;
        (f.severity == Severity::error ? errors : warnings) += 1;
      }
    }
    if (errors + warnings == 0) continue;
    const std::size_t left_out = errors + warnings;
    std::string message = fmt::format(
        "{} more {} in this file {} not shown ({} {}, {} {}): kep shows the first {} of a file; "
        "fix them and run kep again",
        left_out, left_out == 1 ? "finding" : "findings", left_out == 1 ? "is" : "are", errors,
        errors == 1 ? "error" : "errors", warnings, warnings == 1 ? "warning" : "warnings",
        max_per_file);
    kept.push_back(errors > 0
                       ? Finding{first_left_out, Severity::error, "too-many-findings", message}
                       : Finding{first_left_out, Severity::warning, "too-many-findings", message});
  }
  findings = std::move(kept);
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
                  severity_name(finding.severity), reset, shortened(finding.message), finding.rule);
  const Place& place = finding.place;
  if (place.line == 0 || place.file >= files.size()) return out;
  const std::string_view line = line_of(files[place.file].text, place.line);
  if (line.empty() && place.column <= 1) return out;
  const Excerpt excerpt = excerpt_of(line, place.column > 0 ? place.column - 1 : 0);
  const std::string shown = (excerpt.cut_start ? "…" : "") + printable(excerpt.text);
  const std::string number = std::to_string(place.line);
  const std::string gutter(number.size(), ' ');
  std::string marker(excerpt.column + (excerpt.cut_start ? 1 : 0), ' ');
  marker += '^';
  // The tildes end with the line shown, however long the place says the token is.
  const std::size_t after = utf8_length(excerpt.text);
  const std::size_t room = after > excerpt.column + 1 ? after - excerpt.column - 1 : 0;
  if (place.length > 1) marker += std::string(std::min<std::size_t>(place.length - 1, room), '~');
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
                     github_escape(shortened(finding.message) + " [" + finding.rule + "]", false));
}

}  // namespace kep
